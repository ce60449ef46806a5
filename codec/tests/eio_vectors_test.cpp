// Every Engine.IO vector under vectors/ (recorded by running the reference),
// replayed through sioc in both dialects: `reference` must give `expected`,
// `strict` must give `expected_strict` where present, else `expected`.
// WebTransport streams are fed in every recorded chunking and at every split.
#include <sioc/eio.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "vector_bytes.hpp"

namespace {

using sioc_test::bytes_of;
using sioc_test::frame_json;
using sioc_test::read_file;

using nlohmann::json;
using sioc::dialect;
namespace eio = sioc::eio;

// Cases whose result sioc does not reproduce in the named dialect, each for a
// reason the README states. A listed case that starts matching fails too, so
// this table stays exact.
constexpr const char* kWsUtf8 =
    "the WebSocket layer (ws) refuses a text frame that is not UTF-8; the reference dialect passes the bytes through";
constexpr const char* kReplacement =
    "the Node transport replaces ill-formed UTF-8 with U+FFFD before the parser; the reference dialect keeps the bytes";
constexpr const char* kReplacedBytes = "engine.io measures maxPayload after the U+FFFD replacement; sioc counts the bytes received";
constexpr const char* kTransport =
    "an EIO4 server refuses an application/octet-stream polling body by its content type, which is the transport's "
    "business; sioc decodes the bytes it is given";
constexpr const char* kSurrogate = "a lone UTF-16 surrogate has no UTF-8 form";
constexpr const char* kUntyped = "the reference delivers a packet whose type is undefined; sioc has no such packet";

const std::map<std::string, const char*> kKnownDifferences = {
    {"eio4.packet.decode.invalid-utf8-lone-continuation [reference]", kWsUtf8},
    {"eio4.packet.decode.invalid-utf8-overlong [reference]", kWsUtf8},
    {"eio4.packet.decode.invalid-utf8-surrogate [reference]", kWsUtf8},
    {"eio4.packet.decode.invalid-utf8-truncated [reference]", kWsUtf8},
    {"eio4.packet.decode.invalid-utf8-ff [reference]", kWsUtf8},
    {"eio4.packet.decode.invalid-utf8-above-max [reference]", kWsUtf8},
    {"eio4.packet.decode.invalid-utf8-in-base64 [reference]", kWsUtf8},
    {"eio4.payload.decode.invalid-utf8 [reference]", kReplacement},
    {"eio4.payload.decode.invalid-utf8-second-packet [reference]", kReplacement},
    {"eio4.payload.decode.invalid-utf8-truncated [reference]", kReplacement},
    {"eio4.payload.decode.invalid-utf8-overlong-separator [reference]", kReplacement},
    {"eio4.payload.decode.binary-body [reference]", kTransport},
    {"eio4.payload.decode.binary-body [strict]", kTransport},
    {"eio4.payload.cve-2020-36048-max-payload-counts-replaced-bytes [reference]", kReplacedBytes},
    {"eio4.webtransport.decode.invalid-utf8-text [reference]", kReplacement},
    {"eio4.webtransport.decode.invalid-utf8-surrogate [reference]", kReplacement},
    {"eio4.webtransport.decode.invalid-utf8-overlong [reference]", kReplacement},
    {"eio4.webtransport.decode.invalid-utf8-cut-by-length [reference]", kReplacement},
    {"eio3.packet.decode.invalid-utf8-ff [reference]", kWsUtf8},
    {"eio3.packet.decode.invalid-utf8-surrogate [reference]", kWsUtf8},
    {"eio3.packet.decode.invalid-utf8-overlong [reference]", kWsUtf8},
    {"eio3.packet.decode.base64-unknown-type [reference]", kUntyped},
    {"eio3.packet.decode.base64-no-type [reference]", kUntyped},
    {"eio3.packet.decode.base64-letter-type [reference]", kUntyped},
    {"eio3.packet.decode.base64-v4-form [reference]", kUntyped},
    {"eio3.packet.decode.binary-ascii-digit-type [reference]", kUntyped},
    {"eio3.packet.decode.binary-unknown-type [reference]", kUntyped},
    {"eio3.packet.decode.binary-type-ff [reference]", kUntyped},
    {"eio3.packet.decode.binary-empty-frame [reference]", kUntyped},
    {"eio3.payload.text.socketioxide-pr741-lone-surrogate-split [reference]", kSurrogate},
    {"eio3.payload.text.socketioxide-pr741-lone-surrogate-split-then-packets [reference]", kSurrogate},
    {"eio3.payload.text.socketioxide-pr741-lone-surrogate-utf8 [reference]", kSurrogate},
    {"eio3.payload.text.socketioxide-pr741-lone-surrogate-utf8-counted-as-one [reference]", kSurrogate},
    {"eio3.payload.text.decode.base64-unknown-type [reference]", kUntyped},
    {"eio3.payload.text.decode.base64-no-type [reference]", kUntyped},
    {"eio3.payload.text.decode.invalid-utf8 [reference]", kReplacement},
    {"eio3.payload.binary.decode.binary-unknown-type [reference]", kUntyped},
    {"eio3.payload.binary.decode.binary-zero-length [reference]", kUntyped},
    {"eio3.payload.binary.socketioxide-pr741-text-surrogate [reference]", kSurrogate},
    {"eio3.payload.binary.socketioxide-pr741-text-surrogate-pair-cesu [reference]", kSurrogate},
};

json canonical(const eio::packet& p) {
  json j = {{"type", eio::to_string(p.type)}};
  if (p.binary || !p.data.empty()) j["data"] = frame_json(p.data, p.binary);
  return j;
}

eio::packet_type type_named(const std::string& name) {
  for (int t = 0; t <= 6; ++t) {
    if (name == eio::to_string(static_cast<eio::packet_type>(t))) return static_cast<eio::packet_type>(t);
  }
  ADD_FAILURE() << "unknown packet type " << name;
  return eio::packet_type::noop;
}

// Packets of an encode case; `storage` keeps their bytes alive.
std::vector<eio::packet> packets_of(const json& list, std::vector<std::string>& storage) {
  storage.reserve(list.size());
  std::vector<eio::packet> out;
  for (const auto& p : list) {
    eio::packet q{type_named(p.at("type").get<std::string>()), false, {}};
    if (p.contains("data")) {
      storage.push_back(bytes_of(p.at("data")));
      q.binary = p.at("data").at("t") == "bin";
      q.data = storage.back();
    }
    out.push_back(q);
  }
  return out;
}

json decoded(const std::vector<eio::packet>& packets, bool error) {
  json list = json::array();
  for (const auto& p : packets) list.push_back(canonical(p));
  return {{"packets", list}, {"error", error}};
}

json decode_case(const std::string& suite, const json& c, dialect mode) {
  eio::decode_options opts;
  opts.mode = mode;
  opts.max_payload_bytes = c.at("options").at("maxPayload").get<std::size_t>();
  const json& frame = c.at("input").at("frame");
  const std::string bytes = bytes_of(frame);
  const bool binary = frame.at("t") == "bin";
  std::string storage;
  eio::payload body;
  if (suite == "eio4.packet" || suite == "eio3.packet") {
    const bool v3 = suite == "eio3.packet";
    auto r = binary ? (v3 ? eio::v3::decode_binary_packet(bytes, opts) : eio::decode_binary_packet(bytes, opts))
                    : (v3 ? eio::v3::decode_packet(bytes, storage, opts) : eio::decode_packet(bytes, storage, opts));
    return r ? decoded({*r}, false) : decoded({}, true);
  }
  sioc::result<std::size_t> r = std::size_t{0};
  if (suite == "eio4.payload") r = eio::decode_payload(bytes, body, opts);
  if (suite == "eio3.payload.text") r = eio::v3::decode_text_payload(bytes, body, opts);
  if (suite == "eio3.payload.binary") r = eio::v3::decode_binary_payload(bytes, body, opts);
  return decoded(body.packets(), !r);
}

// Feeds `stream` in the given chunk sizes; the result as the vectors write it.
json feed_webtransport(const std::string& stream, const std::vector<std::size_t>& chunks,
                       const eio::decode_options& opts) {
  eio::webtransport_decoder decoder(opts);
  std::vector<eio::packet> batch;
  json list = json::array();
  std::size_t at = 0;
  bool error = false;
  for (std::size_t size : chunks) {
    batch.clear();
    auto r = decoder.feed(std::string_view(stream).substr(at, size), batch);
    for (const auto& p : batch) list.push_back(canonical(p));  // views are valid until the next feed
    at += size;
    if (!r) {
      error = true;
      break;
    }
  }
  return {{"packets", list}, {"error", error}, {"incomplete", !error && !decoder.at_boundary()}};
}

json webtransport_case(const json& c, dialect mode) {
  eio::decode_options opts;
  opts.mode = mode;
  opts.max_payload_bytes = c.at("options").at("maxPayload").get<std::size_t>();
  const std::string stream = bytes_of(c.at("input").at("frame"));
  std::vector<std::vector<std::size_t>> chunkings;
  for (const auto& k : c.at("input").at("chunkings")) chunkings.push_back(k.get<std::vector<std::size_t>>());
  // Every split point too, for streams small enough to make that quick.
  if (stream.size() <= 512) {
    for (std::size_t cut = 1; cut < stream.size(); ++cut) chunkings.push_back({cut, stream.size() - cut});
  }
  const json first = feed_webtransport(stream, chunkings.empty() ? std::vector<std::size_t>{} : chunkings[0], opts);
  for (const auto& k : chunkings) {
    const json again = feed_webtransport(stream, k, opts);
    if (again != first) return {{"chunking_disagrees", json(k)}, {"whole", first}, {"split", again}};
  }
  return first;
}

json encode_case(const std::string& suite, const json& c) {
  std::vector<std::string> storage;
  const auto packets = packets_of(c.at("input").at("packets"), storage);
  std::string out;
  if (suite == "eio4.packet" || suite == "eio3.packet") {
    const bool supports_binary = c.at("options").at("supportsBinary").get<bool>();
    if (suite == "eio3.packet") {
      if (!supports_binary) {
        eio::v3::encode_packet_base64(packets.at(0), out);
        return {{"frame", frame_json(out, false)}};
      }
      const auto kind = eio::v3::encode_packet(packets.at(0), out);
      return {{"frame", frame_json(out, kind == eio::frame_kind::binary)}};
    }
    if (!supports_binary) {
      eio::encode_packet_base64(packets.at(0), out);
      return {{"frame", frame_json(out, false)}};
    }
    const auto kind = eio::encode_packet(packets.at(0), out);
    return {{"frame", frame_json(out, kind == eio::frame_kind::binary)}};
  }
  if (suite == "eio4.payload") {
    auto n = eio::encode_payload(packets.data(), packets.size(), out);
    if (!n) return {{"error", true}};
    return {{"frame", frame_json(out, false)}};
  }
  if (suite == "eio4.webtransport") {
    for (const auto& p : packets) eio::encode_webtransport_frame(p, out);
    return {{"frame", frame_json(out, true)}};
  }
  if (suite == "eio3.payload.text") {
    eio::v3::encode_text_payload(packets.data(), packets.size(), out);
    return {{"frame", frame_json(out, false)}};
  }
  eio::v3::encode_binary_payload(packets.data(), packets.size(), out);
  return {{"frame", frame_json(out, true)}};
}

// Encoded frames compare by their bytes: the vectors write bytes that are not
// UTF-8 in hex, and sioc's result is normalized the same way.
json normalized_expectation(json expected) {
  if (expected.contains("frame") && expected["frame"].at("t") == "text") {
    expected["frame"] = frame_json(bytes_of(expected["frame"]), false);
  }
  return expected;
}

void run_suite(const std::string& suite) {
  const std::string path = std::string(SIOC_SOURCE_DIR) + "/vectors/" + suite + ".json";
  const json file = json::parse(read_file(path), nullptr, false);
  ASSERT_FALSE(file.is_discarded()) << "cannot read " << path;
  int checked = 0, known = 0;
  for (const auto& c : file.at("cases")) {
    const std::string id = c.at("id").get<std::string>();
    for (dialect mode : {dialect::reference, dialect::strict}) {
      const bool encode = c.at("direction") == "encode";
      if (encode && mode == dialect::reference) continue;  // encoders have one behaviour
      const json& expected =
          (mode == dialect::strict && c.contains("expected_strict")) ? c.at("expected_strict") : c.at("expected");
      const json actual = encode ? encode_case(suite, c)
                          : suite == "eio4.webtransport" ? webtransport_case(c, mode)
                                                         : decode_case(suite, c, mode);
      const std::string key = id + (mode == dialect::strict ? " [strict]" : " [reference]");
      const bool listed = kKnownDifferences.count(key) > 0;
      const bool same = actual == normalized_expectation(expected);
      if (listed) {
        ++known;
        EXPECT_FALSE(same) << key << " is listed as a known difference but now matches: remove it from the table";
      } else {
        EXPECT_TRUE(same) << key << "\n  input:    " << c.at("input").dump() << "\n  expected: " << expected.dump()
                          << "\n  actual:   " << actual.dump();
      }
      ++checked;
    }
  }
  std::printf("%s: %zu cases, %d checks, %d known differences\n", suite.c_str(), file.at("cases").size(), checked,
              known);
}

TEST(EngineIoVectors, Eio4Packet) { run_suite("eio4.packet"); }
TEST(EngineIoVectors, Eio4Payload) { run_suite("eio4.payload"); }
TEST(EngineIoVectors, Eio4WebTransport) { run_suite("eio4.webtransport"); }
TEST(EngineIoVectors, Eio3Packet) { run_suite("eio3.packet"); }
TEST(EngineIoVectors, Eio3TextPayload) { run_suite("eio3.payload.text"); }
TEST(EngineIoVectors, Eio3BinaryPayload) { run_suite("eio3.payload.binary"); }

}  // namespace
