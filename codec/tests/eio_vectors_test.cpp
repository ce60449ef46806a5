// Every case of the six Engine.IO suites under vectors/ (eio4.packet, eio4.payload,
// eio4.webtransport, eio3.packet, eio3.payload.text, eio3.payload.binary; recorded by
// running engine.io-parser 5.x and 2.x as the Node server feeds them, see
// vectors/FORMAT.md), replayed through sioc in both dialects:
//
//  - dialect::reference must give `expected`, dialect::strict `expected_strict`
//    where present, else `expected`: the packets delivered (before an error, if
//    any), the error verdict, and for WebTransport whether the stream ended inside
//    a packet (`incomplete`).
//  - decode cases go through the decoder of the suite's form (decode_packet or
//    decode_binary_packet by frame kind, decode_payload, v3::decode_text_payload,
//    v3::decode_binary_payload) with the case's maxPayload as max_payload_bytes.
//  - WebTransport streams go through a webtransport_decoder in every recorded
//    chunking, whole, byte by byte, and split in two at every point (streams up
//    to 4096 bytes); all must agree. After an error the decoder must keep
//    reporting it (sticky) for the rest of the stream and beyond, and deliver
//    nothing more; after reset() it must decode the stream again as new.
//  - encode cases: the packets through the encoder the reference function of the
//    suite corresponds to (vectors/lib/reference.js), compared byte for byte with
//    `expected.frame`. sioc's encoders have one behaviour, so an encode case is
//    checked against `expected` for the reference dialect and `expected_strict`
//    (else `expected`) for the strict one, like a decode case.
//
// Where sioc does not reproduce a result, the case is listed in kKnownDifferences
// with its dialect, the way it differs (checked: a listed case that differs in
// another way fails) and the reason; a listed case that starts matching fails,
// and so does an unlisted one that does not match, or a listed id that no suite
// holds. The README's "Differences from the reference" cites this table.
#include <sioc/eio.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdio>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "detail.hpp"
#include "vector_bytes.hpp"

namespace {

using sioc_test::bytes_of;
using sioc_test::frame_json;
using sioc_test::read_file;

using nlohmann::json;
using sioc::dialect;
namespace eio = sioc::eio;

// ---- known differences ------------------------------------------------------------------------

// How a listed case's actual result differs from its expectation; the test checks it.
enum class shape {
  accepts,          // decode: the reference ends in an error; sioc delivers without one
  refuses,          // decode: sioc stops with an error where the reference goes on; sioc's
                    //   packets are a prefix of the reference's (the reference's may hold a
                    //   packet sioc cannot represent, or fail later)
  keeps_bytes,      // decode: same verdict, same packet types; text data differs only where
                    //   the reference holds U+FFFD and sioc the ill-formed bytes it was given
  other_frame,      // encode: sioc writes different bytes
  encoder_refuses,  // encode: sioc refuses (invalid_packet) a packet the reference writes
};

struct known_difference {
  const char* id;
  dialect mode;
  shape how;
  const char* reason;
};

constexpr const char* kWsUtf8 =
    "ws (the WebSocket layer, before the parser) closes the connection (1007) on a text frame that is not UTF-8; "
    "sioc's reference dialect reproduces the parser, which never sees such a frame, and passes the bytes through";
constexpr const char* kReplacement =
    "the Node transport (the polling body's setEncoding(\"utf8\"), WebTransport's TextDecoder) replaces ill-formed "
    "UTF-8 with U+FFFD before the parser sees it; sioc's reference dialect keeps the bytes as they came";
constexpr const char* kReplacedLength =
    "engine.io measures maxPayload after the U+FFFD replacement (each invalid byte becomes 3); sioc counts the "
    "bytes it is given";
constexpr const char* kContentType =
    "an EIO4 server refuses an application/octet-stream polling body by its Content-Type (HTTP 400) before any "
    "parsing; sioc's decode_payload is given bytes, not a content type, and decodes them";
constexpr const char* kUntyped =
    "engine.io-parser 2.x delivers a packet whose type is undefined (no type check on binary and \"b\" packets); "
    "eio::packet has no such type: unknown_packet_type in both dialects";
constexpr const char* kSurrogate =
    "a length ending between the halves of a surrogate pair makes the reference deliver a string holding a lone "
    "UTF-16 surrogate, which has no UTF-8 form: length_mismatch in both dialects";
constexpr const char* kUtf8js =
    "engine.io-parser 2.x decodes an XHR2 text packet with utf8.js (non-strict), which accepts a UTF-8-encoded "
    "surrogate (ED A0 80) and turns it into U+FFFD; sioc's reference dialect accepts it too but keeps the bytes as "
    "they came (it refuses other ill-formed UTF-8 there, as utf8.js does)";
constexpr const char* kEmptyBinaryWt =
    "the reference encodes an empty binary message as header 0x80 (length 0), which every decoder, its own "
    "included, refuses; sioc writes the text packet \"b\" (01 62), read everywhere as an empty binary message";
constexpr const char* kSeparator =
    "the reference writes text holding 0x1E into a polling payload, which the peer then splits into forged "
    "packets; sioc's encode_payload refuses it (invalid_packet)";

constexpr known_difference kKnownDifferences[] = {
    // eio4.packet
    {"eio4.packet.decode.invalid-utf8-lone-continuation", dialect::reference, shape::accepts, kWsUtf8},
    {"eio4.packet.decode.invalid-utf8-overlong", dialect::reference, shape::accepts, kWsUtf8},
    {"eio4.packet.decode.invalid-utf8-surrogate", dialect::reference, shape::accepts, kWsUtf8},
    {"eio4.packet.decode.invalid-utf8-truncated", dialect::reference, shape::accepts, kWsUtf8},
    {"eio4.packet.decode.invalid-utf8-ff", dialect::reference, shape::accepts, kWsUtf8},
    {"eio4.packet.decode.invalid-utf8-above-max", dialect::reference, shape::accepts, kWsUtf8},
    {"eio4.packet.decode.invalid-utf8-in-base64", dialect::reference, shape::accepts, kWsUtf8},
    // eio4.payload
    {"eio4.payload.decode.invalid-utf8", dialect::reference, shape::keeps_bytes, kReplacement},
    {"eio4.payload.decode.invalid-utf8-second-packet", dialect::reference, shape::keeps_bytes, kReplacement},
    {"eio4.payload.decode.invalid-utf8-truncated", dialect::reference, shape::keeps_bytes, kReplacement},
    {"eio4.payload.decode.invalid-utf8-overlong-separator", dialect::reference, shape::keeps_bytes, kReplacement},
    {"eio4.payload.cve-2020-36048-max-payload-counts-replaced-bytes", dialect::reference, shape::accepts,
     kReplacedLength},
    {"eio4.payload.decode.binary-body", dialect::reference, shape::accepts, kContentType},
    {"eio4.payload.decode.binary-body", dialect::strict, shape::accepts, kContentType},
    {"eio4.payload.encode.record-separator-in-text", dialect::reference, shape::encoder_refuses, kSeparator},
    // eio4.webtransport
    {"eio4.webtransport.decode.invalid-utf8-text", dialect::reference, shape::keeps_bytes, kReplacement},
    {"eio4.webtransport.decode.invalid-utf8-surrogate", dialect::reference, shape::keeps_bytes, kReplacement},
    {"eio4.webtransport.decode.invalid-utf8-overlong", dialect::reference, shape::keeps_bytes, kReplacement},
    {"eio4.webtransport.decode.invalid-utf8-cut-by-length", dialect::reference, shape::keeps_bytes, kReplacement},
    {"eio4.webtransport.encode.binary-empty", dialect::reference, shape::other_frame, kEmptyBinaryWt},
    // eio3.packet
    {"eio3.packet.decode.invalid-utf8-ff", dialect::reference, shape::accepts, kWsUtf8},
    {"eio3.packet.decode.invalid-utf8-surrogate", dialect::reference, shape::accepts, kWsUtf8},
    {"eio3.packet.decode.invalid-utf8-overlong", dialect::reference, shape::accepts, kWsUtf8},
    {"eio3.packet.decode.base64-unknown-type", dialect::reference, shape::refuses, kUntyped},
    {"eio3.packet.decode.base64-no-type", dialect::reference, shape::refuses, kUntyped},
    {"eio3.packet.decode.base64-letter-type", dialect::reference, shape::refuses, kUntyped},
    {"eio3.packet.decode.base64-v4-form", dialect::reference, shape::refuses, kUntyped},
    {"eio3.packet.decode.binary-ascii-digit-type", dialect::reference, shape::refuses, kUntyped},
    {"eio3.packet.decode.binary-unknown-type", dialect::reference, shape::refuses, kUntyped},
    {"eio3.packet.decode.binary-type-ff", dialect::reference, shape::refuses, kUntyped},
    {"eio3.packet.decode.binary-empty-frame", dialect::reference, shape::refuses, kUntyped},
    // eio3.payload.text
    {"eio3.payload.text.decode.invalid-utf8", dialect::reference, shape::keeps_bytes, kReplacement},
    {"eio3.payload.text.decode.base64-unknown-type", dialect::reference, shape::refuses, kUntyped},
    {"eio3.payload.text.decode.base64-no-type", dialect::reference, shape::refuses, kUntyped},
    {"eio3.payload.text.socketioxide-pr741-lone-surrogate-split", dialect::reference, shape::refuses, kSurrogate},
    {"eio3.payload.text.socketioxide-pr741-lone-surrogate-split-then-packets", dialect::reference, shape::refuses,
     kSurrogate},
    {"eio3.payload.text.socketioxide-pr741-lone-surrogate-utf8", dialect::reference, shape::keeps_bytes, kReplacement},
    {"eio3.payload.text.socketioxide-pr741-lone-surrogate-utf8-counted-as-one", dialect::reference,
     shape::keeps_bytes, kReplacement},
    // eio3.payload.binary
    {"eio3.payload.binary.decode.binary-unknown-type", dialect::reference, shape::refuses, kUntyped},
    {"eio3.payload.binary.decode.binary-zero-length", dialect::reference, shape::refuses, kUntyped},
    {"eio3.payload.binary.socketioxide-pr741-text-surrogate", dialect::reference, shape::keeps_bytes, kUtf8js},
    {"eio3.payload.binary.socketioxide-pr741-text-surrogate-pair-cesu", dialect::reference, shape::keeps_bytes,
     kUtf8js},
};

const known_difference* listed(const std::string& id, dialect mode) {
  for (const auto& d : kKnownDifferences) {
    if (id == d.id && mode == d.mode) return &d;
  }
  return nullptr;
}

const char* name_of(dialect mode) { return mode == dialect::strict ? "strict" : "reference"; }

// ---- canonical results ------------------------------------------------------------------------

// Bytes in the vectors' form ("v" for UTF-8 text, "hex" otherwise, base64 for binary), so that
// the two sides compare as bytes whichever form the generator chose.
json canonical_bytes(const json& frame) { return frame_json(bytes_of(frame), frame.at("t") == "bin"); }

// A packet of a result: absent data and empty text data are the same (FORMAT.md, "Packets").
json canonical_packet(const json& p) {
  json out = {{"type", p.at("type")}};
  if (p.contains("data")) {
    json data = canonical_bytes(p.at("data"));
    if (data.at("t") == "bin" || !bytes_of(data).empty()) out["data"] = std::move(data);
  }
  return out;
}

json canonical_result(const json& r) {
  json out = r;
  if (r.contains("packets")) {
    json list = json::array();
    for (const auto& p : r.at("packets")) list.push_back(canonical_packet(p));
    out["packets"] = std::move(list);
  }
  if (r.contains("frame")) out["frame"] = canonical_bytes(r.at("frame"));
  return out;
}

json packet_json(const eio::packet& p) {
  json j = {{"type", eio::to_string(p.type)}};
  if (p.binary || !p.data.empty()) j["data"] = frame_json(p.data, p.binary);
  return j;
}

json decode_result(const std::vector<eio::packet>& packets, bool error) {
  json list = json::array();
  for (const auto& p : packets) list.push_back(packet_json(p));
  return {{"packets", std::move(list)}, {"error", error}};
}

// ---- decoding ---------------------------------------------------------------------------------

eio::decode_options options_of(const json& c, dialect mode) {
  eio::decode_options opts;
  opts.mode = mode;
  opts.max_payload_bytes = c.at("options").at("maxPayload").get<std::size_t>();
  return opts;
}

json decode_case(const std::string& suite, const json& c, dialect mode) {
  const eio::decode_options opts = options_of(c, mode);
  const json& frame = c.at("input").at("frame");
  const std::string bytes = bytes_of(frame);
  const bool binary = frame.at("t") == "bin";
  if (suite == "eio4.packet" || suite == "eio3.packet") {
    const bool v3 = suite == "eio3.packet";
    std::string storage;
    const sioc::result<eio::packet> r =
        binary ? (v3 ? eio::v3::decode_binary_packet(bytes, opts) : eio::decode_binary_packet(bytes, opts))
               : (v3 ? eio::v3::decode_packet(bytes, storage, opts) : eio::decode_packet(bytes, storage, opts));
    return r ? decode_result({*r}, false) : decode_result({}, true);
  }
  eio::payload body;
  sioc::result<std::size_t> r = std::size_t{0};
  if (suite == "eio4.payload") {
    r = eio::decode_payload(bytes, body, opts);
  } else if (suite == "eio3.payload.text") {
    r = eio::v3::decode_text_payload(bytes, body, opts);
  } else if (suite == "eio3.payload.binary") {
    r = eio::v3::decode_binary_payload(bytes, body, opts);
  } else {
    ADD_FAILURE() << "no decoder for suite " << suite;
  }
  if (r && *r != body.size()) ADD_FAILURE() << c.at("id") << ": returned count " << *r << " != " << body.size();
  return decode_result(body.packets(), !r);
}

// Feeds `stream` to `decoder` in chunks of the given sizes; the result in the vectors' form, plus
// "why": the error's code, offset and message (which must not depend on the chunking either). After
// an error, the rest of the stream and one more complete frame must give the same error and no
// packet (sticky errors); a breach is reported as a failure.
json feed_webtransport(eio::webtransport_decoder& decoder, std::string_view stream,
                       const std::vector<std::size_t>& chunks) {
  std::vector<eio::packet> batch;
  json list = json::array();
  std::size_t at = 0;
  std::size_t k = 0;
  sioc::error failure{};
  for (; k < chunks.size(); ++k) {
    batch.clear();
    const auto r = decoder.feed(stream.substr(at, chunks[k]), batch);
    at += chunks[k];
    // A packet's data views the chunk or the decoder: valid until the next feed.
    for (const auto& p : batch) list.push_back(packet_json(p));
    if (!r) {
      failure = r.error_info();
      if (r.error_info().offset > at) ADD_FAILURE() << "error offset " << r.error_info().offset << " past byte " << at;
      break;
    }
    if (*r != batch.size()) ADD_FAILURE() << "feed returned " << *r << " for " << batch.size() << " packets";
  }
  const bool error = failure.code != sioc::errc::ok;
  if (error) {
    std::vector<std::string_view> rest;
    for (++k; k < chunks.size(); ++k) {
      rest.push_back(stream.substr(at, chunks[k]));
      at += chunks[k];
    }
    rest.emplace_back("\x01" "6", 2);  // a complete noop frame
    for (const auto chunk : rest) {
      batch.clear();
      const auto again = decoder.feed(chunk, batch);
      if (again || again.code() != failure.code || again.error_info().offset != failure.offset || !batch.empty()) {
        ADD_FAILURE() << "not sticky: first " << failure.describe() << ", then "
                      << (again ? std::string("success") : again.error_info().describe()) << " with " << batch.size()
                      << " packets";
        break;
      }
    }
    if (decoder.current_state() != eio::webtransport_decoder::state::failed) ADD_FAILURE() << "state not failed";
  }
  return {{"packets", std::move(list)},
          {"error", error},
          {"incomplete", !error && !decoder.at_boundary()},
          {"why", error ? failure.describe() : std::string()}};
}

// Failures reported so far in the running test.
int reports() { return ::testing::UnitTest::GetInstance()->current_test_info()->result()->total_part_count(); }

json webtransport_case(const json& c, dialect mode) {
  const eio::decode_options opts = options_of(c, mode);
  const std::string stream = bytes_of(c.at("input").at("frame"));
  const std::size_t n = stream.size();
  std::vector<std::pair<std::string, std::vector<std::size_t>>> chunkings;
  for (const auto& k : c.at("input").at("chunkings")) {
    chunkings.emplace_back("recorded " + k.dump(), k.get<std::vector<std::size_t>>());
    std::size_t sum = 0;
    for (const std::size_t size : chunkings.back().second) sum += size;
    if (sum != n) ADD_FAILURE() << "chunking " << k.dump() << " covers " << sum << " of " << n << " bytes";
  }
  chunkings.emplace_back("whole", n ? std::vector<std::size_t>{n} : std::vector<std::size_t>{});
  chunkings.emplace_back("byte by byte", std::vector<std::size_t>(n, 1));
  if (n <= 4096) {
    for (std::size_t cut = 1; cut < n; ++cut) {
      chunkings.emplace_back("split at " + std::to_string(cut), std::vector<std::size_t>{cut, n - cut});
    }
  }
  const int reports_before = reports();
  json first;
  for (std::size_t i = 0; i < chunkings.size(); ++i) {
    if (reports() != reports_before) break;  // one report per case, not one per split point
    eio::webtransport_decoder decoder(opts);
    SCOPED_TRACE(chunkings[i].first);
    json got = feed_webtransport(decoder, stream, chunkings[i].second);
    if (i == 0) {
      first = got;
      // The same decoder after reset() decodes the stream as a new one.
      decoder.reset();
      if (decoder.current_state() != eio::webtransport_decoder::state::header || decoder.offset() != 0) {
        ADD_FAILURE() << "reset() did not return to the start";
      }
      const json again = feed_webtransport(decoder, stream, {n});
      if (again != first) {
        return {{"after reset()", again}, {"first", first}};
      }
    } else if (got != first) {
      return {{"chunkings disagree", chunkings[0].first + " vs " + chunkings[i].first},
              {chunkings[0].first, first},
              {chunkings[i].first, std::move(got)}};
    }
  }
  first.erase("why");
  return first;
}

// ---- encoding ---------------------------------------------------------------------------------

eio::packet_type type_named(const std::string& name) {
  for (int t = 0; t <= 6; ++t) {
    const auto type = static_cast<eio::packet_type>(t);
    if (name == eio::to_string(type)) return type;
  }
  ADD_FAILURE() << "unknown packet type " << name;
  return eio::packet_type::noop;
}

// The packets of an encode case; their data views `storage`.
std::vector<eio::packet> packets_of(const json& list, std::vector<std::string>& storage) {
  storage.clear();
  storage.reserve(list.size());
  std::vector<eio::packet> out;
  for (const auto& p : list) {
    eio::packet q = eio::packet::text(type_named(p.at("type").get<std::string>()));
    if (p.contains("data")) {
      storage.push_back(bytes_of(p.at("data")));
      q.binary = p.at("data").at("t") == "bin";
      q.data = storage.back();
    }
    out.push_back(q);
  }
  return out;
}

json frame_result(const std::string& out, bool binary) { return {{"frame", frame_json(out, binary)}}; }

// The encoder of each suite, as vectors/lib/reference.js names the reference function:
//   eio4.packet         encodePacket(p, supportsBinary)    encode_packet / encode_packet_base64
//   eio4.payload        encodePayload                      encode_payload
//   eio4.webtransport   createPacketEncoderStream          encode_webtransport_frame, each packet
//   eio3.packet         encodePacket(p, supportsBinary)    v3::encode_packet / v3::encode_packet_base64
//   eio3.payload.text   encodePayload(packets, false)      v3::encode_text_payload
//   eio3.payload.binary encodePayloadAsBinary              v3::encode_binary_payload
json encode_case(const std::string& suite, const json& c) {
  std::vector<std::string> storage;
  const std::vector<eio::packet> packets = packets_of(c.at("input").at("packets"), storage);
  std::string out = "preserved";  // encoders append: what is there must stay
  const std::size_t before = out.size();
  json result;
  if (suite == "eio4.packet" || suite == "eio3.packet") {
    const bool supports_binary = c.at("options").at("supportsBinary").get<bool>();
    const eio::packet& p = packets.at(0);
    bool binary = false;
    if (suite == "eio4.packet") {
      if (supports_binary) {
        binary = eio::encode_packet(p, out) == eio::frame_kind::binary;
      } else {
        eio::encode_packet_base64(p, out);
      }
      const std::size_t size = eio::encoded_size(p, !supports_binary);
      if (size != out.size() - before) ADD_FAILURE() << "encoded_size " << size << " != " << out.size() - before;
    } else if (supports_binary) {
      binary = eio::v3::encode_packet(p, out) == eio::frame_kind::binary;
    } else {
      eio::v3::encode_packet_base64(p, out);
    }
    result = frame_result(out.substr(before), binary);
  } else if (suite == "eio4.payload") {
    const auto r = eio::encode_payload(packets.data(), packets.size(), out);
    if (!r) {
      if (r.code() != sioc::errc::invalid_packet) ADD_FAILURE() << "encode_payload: " << r.error_info().describe();
      if (out.size() != before) ADD_FAILURE() << "encode_payload appended bytes before failing";
      return {{"error", true}};
    }
    if (*r != packets.size()) ADD_FAILURE() << "encode_payload wrote " << *r << " of " << packets.size() << " packets";
    result = frame_result(out.substr(before), false);
  } else if (suite == "eio4.webtransport") {
    for (const auto& p : packets) eio::encode_webtransport_frame(p, out);
    result = frame_result(out.substr(before), true);
  } else if (suite == "eio3.payload.text") {
    eio::v3::encode_text_payload(packets.data(), packets.size(), out);
    result = frame_result(out.substr(before), false);
  } else if (suite == "eio3.payload.binary") {
    eio::v3::encode_binary_payload(packets.data(), packets.size(), out);
    result = frame_result(out.substr(before), true);
  } else {
    ADD_FAILURE() << "no encoder for suite " << suite;
  }
  if (out.compare(0, before, "preserved") != 0) ADD_FAILURE() << "the encoder changed what `out` held";
  return result;
}

// ---- checking ---------------------------------------------------------------------------------

// True when `a` equals `b` except that where `a` holds U+FFFD, `b` may hold ill-formed bytes.
bool same_but_replaced(const std::string& replaced, const std::string& raw) {
  return replaced != raw && replaced.find("\xEF\xBF\xBD") != std::string::npos &&
         sioc::detail::utf8_invalid_at(raw) != sioc::detail::npos;
}

bool has_shape(shape how, const json& expected, const json& actual) {
  if (actual.contains("chunkings disagree") || actual.contains("after reset()")) return false;
  switch (how) {
    case shape::accepts:
      return expected.at("error") == true && actual.at("error") == false;
    case shape::refuses: {
      if (actual.at("error") != true) return false;
      const json& want = expected.at("packets");
      const json& got = actual.at("packets");
      if (got.size() > want.size() || (got.size() == want.size() && expected.at("error") == true)) return false;
      for (std::size_t i = 0; i < got.size(); ++i) {
        if (got[i] != want[i]) return false;
      }
      return true;
    }
    case shape::keeps_bytes: {
      if (actual.at("error") != expected.at("error") || actual.value("incomplete", false) != expected.value("incomplete", false)) {
        return false;
      }
      const json& want = expected.at("packets");
      const json& got = actual.at("packets");
      if (got.size() != want.size()) return false;
      bool differs = false;
      for (std::size_t i = 0; i < got.size(); ++i) {
        if (got[i] == want[i]) continue;
        if (got[i].at("type") != want[i].at("type") || !got[i].contains("data") || !want[i].contains("data")) {
          return false;
        }
        const json& w = want[i].at("data");
        const json& g = got[i].at("data");
        if (w.at("t") != "text" || g.at("t") != "text" || !same_but_replaced(bytes_of(w), bytes_of(g))) return false;
        differs = true;
      }
      return differs;
    }
    case shape::other_frame:
      return expected.contains("frame") && actual.contains("frame") && expected != actual;
    case shape::encoder_refuses:
      return expected.contains("frame") && actual == json{{"error", true}};
  }
  return false;
}

std::string shown(const json& j) {
  std::string s = j.dump();
  if (s.size() > 1200) s = s.substr(0, 1200) + "... (" + std::to_string(s.size()) + " characters)";
  return s;
}

void run_suite(const std::string& suite) {
  const std::string path = std::string(SIOC_SOURCE_DIR) + "/vectors/" + suite + ".json";
  const json file = json::parse(read_file(path), nullptr, false);
  ASSERT_FALSE(file.is_discarded()) << "cannot read " << path;
  ASSERT_EQ(file.at("suite"), suite);
  ASSERT_EQ(file.at("format"), 1);
  const json& cases = file.at("cases");
  ASSERT_FALSE(cases.empty());

  std::set<std::string> seen_listed;
  std::size_t both = 0, listed_reference = 0, listed_strict = 0;
  for (const auto& c : cases) {
    const std::string id = c.at("id").get<std::string>();
    SCOPED_TRACE(id);
    ASSERT_EQ(c.at("suite"), suite);
    const bool encode = c.at("direction") == "encode";
    // An encoder has one behaviour: compute it once, check it against both expectations.
    const json encoded = encode ? encode_case(suite, c) : json();
    bool clean = true;
    for (const dialect mode : {dialect::reference, dialect::strict}) {
      const bool strict_expectation = mode == dialect::strict && c.contains("expected_strict");
      const json expected = canonical_result(strict_expectation ? c.at("expected_strict") : c.at("expected"));
      const json actual = encode                          ? encoded
                          : suite == "eio4.webtransport" ? webtransport_case(c, mode)
                                                          : decode_case(suite, c, mode);
      const std::string key = id + " [" + name_of(mode) + "]";
      const known_difference* known = listed(id, mode);
      const auto details = [&] {
        return "\n  tags:     " + (c.contains("tags") ? c.at("tags").dump() : std::string("[]")) +
               "\n  input:    " + shown(c.at("input")) + "\n  expected: " + shown(expected) +
               (strict_expectation ? " (expected_strict)" : "") + "\n  actual:   " + shown(actual);
      };
      if (known == nullptr) {
        if (actual != expected) ADD_FAILURE() << key << " does not match" << details();
        continue;
      }
      clean = false;
      seen_listed.insert(key);
      (mode == dialect::strict ? listed_strict : listed_reference) += 1;
      if (actual == expected) {
        ADD_FAILURE() << key << " is listed in kKnownDifferences but now matches: remove it" << details();
      } else if (!has_shape(known->how, expected, actual)) {
        ADD_FAILURE() << key << " differs otherwise than kKnownDifferences says (" << known->reason << ")"
                      << details();
      }
    }
    if (clean) ++both;
  }
  for (const auto& d : kKnownDifferences) {
    const std::string key = std::string(d.id) + " [" + name_of(d.mode) + "]";
    if (key.rfind(suite + ".", 0) == 0 && seen_listed.count(key) == 0) {
      ADD_FAILURE() << key << " is listed in kKnownDifferences but no case of " << suite << " has that id";
    }
  }
  std::printf("%s: %zu cases, %zu checked in both dialects; listed differences: %zu reference, %zu strict\n",
              suite.c_str(), cases.size(), both, listed_reference, listed_strict);
}

TEST(EngineIoVectors, Eio4Packet) { run_suite("eio4.packet"); }
TEST(EngineIoVectors, Eio4Payload) { run_suite("eio4.payload"); }
TEST(EngineIoVectors, Eio4WebTransport) { run_suite("eio4.webtransport"); }
TEST(EngineIoVectors, Eio3Packet) { run_suite("eio3.packet"); }
TEST(EngineIoVectors, Eio3TextPayload) { run_suite("eio3.payload.text"); }
TEST(EngineIoVectors, Eio3BinaryPayload) { run_suite("eio3.payload.binary"); }

// Every listed id belongs to one of the six suites (a typo in the suite part would escape the
// per-suite check above).
TEST(EngineIoVectors, KnownDifferencesNameTheSuites) {
  const std::vector<std::string> suites = {"eio4.packet.",       "eio4.payload.", "eio4.webtransport.",
                                           "eio3.packet.",       "eio3.payload.text.",
                                           "eio3.payload.binary."};
  for (const auto& d : kKnownDifferences) {
    bool found = false;
    for (const auto& s : suites) found = found || std::string(d.id).rfind(s, 0) == 0;
    EXPECT_TRUE(found) << d.id;
  }
}

}  // namespace
