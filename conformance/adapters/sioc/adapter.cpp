// sioc-conformance-sioc: the conformance adapter for sioc (conformance/ADAPTER.md).
//
//   sioc-conformance-sioc --dialect strict|reference
//
// Reads one request per line on stdin and answers each on stdout, driving sioc's
// public API the way codec/tests/{eio,sio}_vectors_test.cpp do. The profile it
// announces is the dialect: `reference` claims the reference's results,
// `strict` the protocol-faithful ones.
#include <sioc/eio.hpp>
#include <sioc/sio.hpp>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <iostream>
#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "wire_bytes.hpp"

namespace {

namespace eio = sioc::eio;
namespace sio = sioc::sio;
using sioc::dialect;
using sioc_conformance::base64_decode;
using sioc_conformance::base64_encode;
using sioc_conformance::frame_json;
using sioc_conformance::hex_encode;
using sioc_conformance::json;
using sioc_conformance::utf8_valid;

const char* const kSuites[] = {"eio4.packet",       "eio4.payload",        "eio4.webtransport", "eio3.packet",
                               "eio3.payload.text", "eio3.payload.binary", "sio5",              "sio4",
                               "sio5.msgpack"};

// A case the adapter declines, with the reason shown in the report.
struct unsupported {
  std::string reason;
};

// A malformed request: the runner's bug, not sioc's; reported on stderr.
struct bad_request {
  std::string what;
};

std::string bytes_of(const json& frame, bool* binary = nullptr) {
  std::string out;
  bool bin = false;
  if (!sioc_conformance::bytes_of(frame, out, bin)) throw bad_request{"not a frame: " + frame.dump()};
  if (binary) *binary = bin;
  return out;
}

// ---- Engine.IO ---------------------------------------------------------------------------------

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

eio::decode_options eio_options(const json& c, dialect mode) {
  eio::decode_options opts;
  opts.mode = mode;
  opts.max_payload_bytes = c.at("options").at("maxPayload").get<std::size_t>();
  return opts;
}

// The reference suites record the parser as the Node server feeds it, and the
// server's transport acts first on some inputs: ws refuses a text frame that is
// not UTF-8, a polling body is read with U+FFFD replacement (maxPayload counted
// after it), an EIO4 server refuses an application/octet-stream body by its
// Content-Type. sioc is given bytes and has no such layer. When sioc refuses
// the input as well, its answer stands; when it accepts it, the case is
// declined with the reason, rather than compared with a transport's decision.
std::string transport_first(const std::string& suite, bool binary, const std::string& bytes, dialect mode) {
  if (suite == "eio4.payload" && binary) {
    return "an Engine.IO v4 server refuses an application/octet-stream polling body by its Content-Type before "
           "decoding it; sioc's decode_payload is given bytes, not a content type, and decodes them";
  }
  if (mode != dialect::reference || binary || utf8_valid(bytes)) return {};
  if (suite == "eio4.packet" || suite == "eio3.packet") {
    return "the reference's WebSocket layer refuses a text frame that is not UTF-8 before its parser sees it; sioc "
           "has no WebSocket layer, and its reference dialect passes the bytes through as the parser would";
  }
  return "the reference server reads a text polling body with U+FFFD replacement (and measures maxPayload after "
         "it) before its parser sees it; sioc has no HTTP layer, and its reference dialect keeps the bytes as they came";
}

json eio_decode(const std::string& suite, const json& c, dialect mode) {
  const eio::decode_options opts = eio_options(c, mode);
  const json& frame = c.at("input").at("frame");
  bool binary = false;
  const std::string bytes = bytes_of(frame, &binary);
  const std::string declined = transport_first(suite, binary, bytes, mode);
  const auto verdict = [&](json result) {
    if (!declined.empty() && result.at("error") == false) throw unsupported{declined};
    return result;
  };
  if (suite == "eio4.packet" || suite == "eio3.packet") {
    const bool v3 = suite == "eio3.packet";
    std::string storage;
    const sioc::result<eio::packet> r =
        binary ? (v3 ? eio::v3::decode_binary_packet(bytes, opts) : eio::decode_binary_packet(bytes, opts))
               : (v3 ? eio::v3::decode_packet(bytes, storage, opts) : eio::decode_packet(bytes, storage, opts));
    return verdict(r ? decode_result({*r}, false) : decode_result({}, true));
  }
  eio::payload body;
  sioc::result<std::size_t> r = std::size_t{0};
  if (suite == "eio4.payload") {
    r = eio::decode_payload(bytes, body, opts);
  } else if (suite == "eio3.payload.text") {
    r = eio::v3::decode_text_payload(bytes, body, opts);
  } else {
    r = eio::v3::decode_binary_payload(bytes, body, opts);
  }
  return verdict(decode_result(body.packets(), !r));
}

// One fresh decoder fed `stream` in chunks of the given sizes.
json feed_webtransport(const eio::decode_options& opts, std::string_view stream, const std::vector<std::size_t>& chunks) {
  eio::webtransport_decoder decoder(opts);
  std::vector<eio::packet> batch;
  json list = json::array();
  std::size_t at = 0;
  bool error = false;
  for (const std::size_t size : chunks) {
    batch.clear();
    const auto r = decoder.feed(stream.substr(at, size), batch);
    at += size;
    // Packets view the chunk or the decoder, valid until the next feed.
    for (const auto& p : batch) list.push_back(packet_json(p));
    if (!r) {
      error = true;
      break;
    }
  }
  return {{"packets", std::move(list)}, {"error", error}, {"incomplete", !error && !decoder.at_boundary()}};
}

// Every recorded chunking, then whole, byte by byte and every split in two
// (streams up to 4096 bytes, as the generator checked) must agree. A
// disagreement is a sioc bug: the answer then carries a member no expectation
// has, so the runner reports the case as failed and shows which feeds differ.
json webtransport_decode(const json& c, dialect mode) {
  const eio::decode_options opts = eio_options(c, mode);
  const std::string stream = bytes_of(c.at("input").at("frame"));
  const std::size_t n = stream.size();
  std::vector<std::pair<std::string, std::vector<std::size_t>>> chunkings;
  for (const auto& k : c.at("input").at("chunkings")) chunkings.emplace_back(k.dump(), k.get<std::vector<std::size_t>>());
  chunkings.emplace_back("whole", n ? std::vector<std::size_t>{n} : std::vector<std::size_t>{});
  chunkings.emplace_back("byte by byte", std::vector<std::size_t>(n, 1));
  if (n <= 4096) {
    for (std::size_t cut = 1; cut < n; ++cut) chunkings.emplace_back("split at " + std::to_string(cut), std::vector<std::size_t>{cut, n - cut});
  }
  json first;
  for (std::size_t i = 0; i < chunkings.size(); ++i) {
    std::size_t sum = 0;
    for (const std::size_t size : chunkings[i].second) sum += size;
    if (sum != n) throw bad_request{"chunking " + chunkings[i].first + " does not cover the stream"};
    json got = feed_webtransport(opts, stream, chunkings[i].second);
    if (i == 0) {
      first = std::move(got);
    } else if (got != first) {
      first["chunkings_disagree"] = chunkings[0].first + " vs " + chunkings[i].first + ": " + got.dump();
      break;
    }
  }
  return first;
}

eio::packet_type eio_type(const std::string& name) {
  for (int t = 0; t <= 6; ++t) {
    const auto type = static_cast<eio::packet_type>(t);
    if (name == eio::to_string(type)) return type;
  }
  throw bad_request{"unknown Engine.IO packet type " + name};
}

// The encoder of each suite, as vectors/lib/reference.js names the reference function:
//   eio4.packet         encodePacket(p, supportsBinary)    encode_packet / encode_packet_base64
//   eio4.payload        encodePayload                      encode_payload
//   eio4.webtransport   createPacketEncoderStream          encode_webtransport_frame, each packet
//   eio3.packet         encodePacket(p, supportsBinary)    v3::encode_packet / v3::encode_packet_base64
//   eio3.payload.text   encodePayload(packets, false)      v3::encode_text_payload
//   eio3.payload.binary encodePayloadAsBinary              v3::encode_binary_payload
json eio_encode(const std::string& suite, const json& c) {
  const json& list = c.at("input").at("packets");
  std::vector<std::string> storage;
  storage.reserve(list.size());  // packets view these strings: no reallocation
  std::vector<eio::packet> packets;
  for (const auto& p : list) {
    eio::packet q = eio::packet::text(eio_type(p.at("type").get<std::string>()));
    if (p.contains("data")) {
      storage.push_back(bytes_of(p.at("data"), &q.binary));
      q.data = storage.back();
    }
    packets.push_back(q);
  }
  std::string out;
  bool binary = false;
  if (suite == "eio4.packet" || suite == "eio3.packet") {
    if (packets.size() != 1) throw bad_request{"a packet encode case holds one packet"};
    const bool supports_binary = c.at("options").at("supportsBinary").get<bool>();
    const bool v3 = suite == "eio3.packet";
    if (supports_binary) {
      binary = (v3 ? eio::v3::encode_packet(packets[0], out) : eio::encode_packet(packets[0], out)) == eio::frame_kind::binary;
    } else if (v3) {
      eio::v3::encode_packet_base64(packets[0], out);
    } else {
      eio::encode_packet_base64(packets[0], out);
    }
  } else if (suite == "eio4.payload") {
    if (!eio::encode_payload(packets.data(), packets.size(), out)) return {{"error", true}};
  } else if (suite == "eio4.webtransport") {
    for (const auto& p : packets) eio::encode_webtransport_frame(p, out);
    binary = true;
  } else if (suite == "eio3.payload.text") {
    eio::v3::encode_text_payload(packets.data(), packets.size(), out);
  } else {
    eio::v3::encode_binary_payload(packets.data(), packets.size(), out);
    binary = true;
  }
  return {{"frame", frame_json(out, binary)}};
}

// ---- Socket.IO ---------------------------------------------------------------------------------

// sioc's value -> the vectors' form: binary as {"$bin"}, non-finite numbers as
// {"$num"}, strings that are not UTF-8 as {"$wtf8"}.
json canonical(const json& v) {
  switch (v.type()) {
    case json::value_t::string: {
      const std::string& s = v.get_ref<const std::string&>();
      if (utf8_valid(s)) return v;
      return {{"$wtf8", hex_encode(s)}};
    }
    case json::value_t::binary: {
      const json::binary_t& b = v.get_binary();
      return {{"$bin", base64_encode(std::string_view(reinterpret_cast<const char*>(b.data()), b.size()))}};
    }
    case json::value_t::array: {
      json out = json::array();
      for (const json& e : v) out.push_back(canonical(e));
      return out;
    }
    case json::value_t::object: {
      json out = json::object();
      for (const auto& [k, e] : v.items()) out[k] = canonical(e);
      return out;
    }
    case json::value_t::number_float: {
      const double d = v.get<double>();
      if (std::isnan(d)) return {{"$num", "NaN"}};
      if (std::isinf(d)) return {{"$num", d > 0 ? "Infinity" : "-Infinity"}};
      return v;
    }
    default: return v;
  }
}

// The vectors' form -> a value for sioc's encoder.
json from_canonical(const json& v) {
  if (v.is_array()) {
    json out = json::array();
    for (const json& e : v) out.push_back(from_canonical(e));
    return out;
  }
  if (!v.is_object()) return v;
  if (v.size() == 1 && v.contains("$bin")) {
    std::string bytes;
    if (!base64_decode(v.at("$bin").get<std::string>(), bytes)) throw bad_request{"bad $bin value " + v.dump()};
    return json::binary(std::vector<std::uint8_t>(bytes.begin(), bytes.end()));
  }
  if (v.size() == 1 && v.contains("$num")) {
    const std::string n = v.at("$num").get<std::string>();
    if (n == "NaN") return std::numeric_limits<double>::quiet_NaN();
    return n == "Infinity" ? std::numeric_limits<double>::infinity() : -std::numeric_limits<double>::infinity();
  }
  if (v.size() == 1 && v.contains("$wtf8")) {
    throw unsupported{"sioc's encoder takes well-formed UTF-8 strings only; a lone surrogate has no such form"};
  }
  json out = json::object();
  for (const auto& [k, e] : v.items()) out[k] = from_canonical(e);
  return out;
}

// A packet as the vectors write it; a v4 CONNECT's query goes back into the
// namespace, where socket.io-parser 3.4.3 leaves it.
json sio_packet_json(const sio::packet& p) {
  json j = {{"type", static_cast<int>(p.type)}};
  // The reference dialect's v4 "parser error" packet has no namespace.
  if (!p.nsp.empty()) j["nsp"] = p.query.empty() ? p.nsp : p.nsp + "?" + p.query;
  if (p.id) j["id"] = *p.id;
  if (p.data) j["data"] = canonical(*p.data);
  return j;
}

json sio_decode(const json& c, sio::protocol version, dialect mode, sio::wire_format format) {
  sio::decode_options opts;
  opts.version = version;
  opts.mode = mode;
  opts.format = format;
  const json& options = c.at("options");
  if (options.contains("maxAttachments")) opts.max_attachments = options.at("maxAttachments").get<std::size_t>();
  // Configured as the reference was when it recorded the vectors: JSON.parse
  // has no depth limit, and socket.io-parser 3.4.3 no attachment limit.
  if (mode == dialect::reference) {
    opts.max_depth = std::numeric_limits<std::size_t>::max();
    if (version == sio::protocol::v4) opts.max_attachments = std::numeric_limits<std::size_t>::max();
  }
  sio::decoder d(opts);
  json packets = json::array();
  bool error = false;
  for (const json& f : c.at("input").at("frames")) {
    bool binary = false;
    const std::string bytes = bytes_of(f, &binary);
    const auto r = d.feed(bytes, binary);
    if (!r) {
      error = true;
      break;
    }
    if (r->has_value()) packets.push_back(sio_packet_json(**r));
  }
  const bool incomplete = !error && d.current_state() == sio::decoder::state::awaiting_attachments;
  return {{"packets", std::move(packets)}, {"error", error}, {"incomplete", incomplete}};
}

sio::packet sio_packet_of(const json& j, sio::protocol version) {
  sio::packet p;
  const int type = j.at("type").get<int>();
  if (type < 0 || type > 6) throw unsupported{"sio::packet holds the types 0 to 6 only"};
  p.type = static_cast<sio::packet_type>(type);
  p.nsp = j.at("nsp").get<std::string>();
  if (version == sio::protocol::v4 && p.type == sio::packet_type::connect) {
    if (const std::size_t q = p.nsp.find('?'); q != std::string::npos) {
      p.query = p.nsp.substr(q + 1);
      p.nsp.resize(q);
    }
  }
  if (j.contains("id")) {
    const json& id = j.at("id");
    if (!id.is_number_unsigned()) throw unsupported{"sio::packet holds ack ids as unsigned integers: " + id.dump()};
    p.id = id.get<std::uint64_t>();
  }
  if (j.contains("data")) p.data = from_canonical(j.at("data"));
  return p;
}

// sioc's encoder has one behaviour, the strict one, in both dialects.
json sio_encode(const json& c, sio::protocol version, sio::wire_format format) {
  const json& list = c.at("input").at("packets");
  if (list.size() != 1) throw bad_request{"a Socket.IO encode case holds one packet"};
  const sio::packet p = sio_packet_of(list.at(0), version);
  std::string text;
  std::vector<std::string_view> attachments;
  sio::encode_options o;
  o.version = version;
  o.format = format;
  if (!sio::encode(p, text, attachments, o)) return {{"error", true}};
  // The msgpack format's one frame is binary.
  json frames = json::array({frame_json(text, format == sio::wire_format::msgpack)});
  for (const std::string_view a : attachments) frames.push_back(frame_json(a, true));
  return {{"frames", std::move(frames)}};
}

// ---- the protocol ------------------------------------------------------------------------------

json run_case(const json& c, dialect mode) {
  const std::string suite = c.at("suite").get<std::string>();
  const bool encode = c.at("direction") == "encode";
  if (suite == "sio5" || suite == "sio4" || suite == "sio5.msgpack") {
    const sio::protocol version = suite == "sio4" ? sio::protocol::v4 : sio::protocol::v5;
    const sio::wire_format format = suite == "sio5.msgpack" ? sio::wire_format::msgpack : sio::wire_format::json;
    return encode ? sio_encode(c, version, format) : sio_decode(c, version, mode, format);
  }
  for (const char* s : kSuites) {
    if (suite != s) continue;
    if (encode) return eio_encode(suite, c);
    return suite == "eio4.webtransport" ? webtransport_decode(c, mode) : eio_decode(suite, c, mode);
  }
  throw unsupported{"unknown suite " + suite};
}

void answer(const json& j) {
  // Strings are UTF-8 by construction (other bytes are written as hex).
  std::cout << j.dump() << '\n' << std::flush;
}

int serve(dialect mode) {
  std::string line;
  while (std::getline(std::cin, line)) {
    const json request = json::parse(line, nullptr, false);
    if (request.is_discarded() || !request.is_object()) {
      std::fprintf(stderr, "sioc adapter: not a JSON object: %.200s\n", line.c_str());
      return 2;
    }
    const std::string type = request.value("type", "");
    if (type == "hello") {
      json suites = json::array();
      for (const char* s : kSuites) suites.push_back(s);
      answer({{"type", "hello"},
              {"protocol", 1},
              {"name", "sioc"},
              {"version", SIOC_VERSION},
              {"profile", mode == dialect::strict ? "strict" : "reference"},
              {"suites", std::move(suites)}});
      continue;
    }
    if (type != "case") {
      std::fprintf(stderr, "sioc adapter: unknown request type \"%s\"\n", type.c_str());
      return 2;
    }
    const json& c = request.at("case");
    const std::string id = c.at("id").get<std::string>();
    try {
      answer({{"type", "result"}, {"id", id}, {"result", run_case(c, mode)}});
    } catch (const unsupported& u) {
      answer({{"type", "unsupported"}, {"id", id}, {"reason", u.reason}});
    } catch (const bad_request& b) {
      std::fprintf(stderr, "sioc adapter: %s: %s\n", id.c_str(), b.what.c_str());
      return 2;
    }
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string_view usage = "usage: sioc-conformance-sioc --dialect strict|reference\n";
  if (argc != 3 || std::string_view(argv[1]) != "--dialect" ||
      (std::string_view(argv[2]) != "strict" && std::string_view(argv[2]) != "reference")) {
    std::fprintf(stderr, "%s", usage.data());
    return 2;
  }
  try {
    return serve(std::string_view(argv[2]) == "strict" ? dialect::strict : dialect::reference);
  } catch (const json::exception& e) {
    // A request without the members a case has: the runner's fault.
    std::fprintf(stderr, "sioc adapter: malformed request: %s\n", e.what());
    return 2;
  }
}
