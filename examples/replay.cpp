// sioc_replay: decodes every frame of recorded Socket.IO sessions (the files in
// vectors/sessions/, captured between a real Node server and client) with sioc,
// both layers: the Engine.IO packets of each frame are checked against what the
// reference parser decoded from the same bytes and re-encoded to the very same
// bytes; the messages they carry go, in order and per direction, through a
// Socket.IO decoder whose packets are checked against the reference's.
//
//   sioc_replay vectors/sessions/*.json
//
// Exit status: 0 when every frame matched, 1 on any mismatch, 2 on a file that
// cannot be read.
#include <sioc/eio.hpp>
#include <sioc/sio.hpp>

#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace eio = sioc::eio;
namespace sio = sioc::sio;
using nlohmann::json;

std::string base64_of(std::string_view bytes) {
  std::string out;
  eio::encode_packet_base64(eio::packet::bytes(bytes), out);
  return out.substr(1);  // drop the 'b' marker
}

// The vectors' canonical form of an Engine.IO packet.
json canonical(const eio::packet& p) {
  json j = {{"type", eio::to_string(p.type)}};
  if (p.binary) {
    j["data"] = {{"t", "bin"}, {"v", base64_of(p.data)}};
  } else if (!p.data.empty()) {
    j["data"] = {{"t", "text"}, {"v", std::string(p.data)}};
  }
  return j;
}

// The vectors' canonical form of a payload value: binary as {"$bin": base64}.
json canonical_value(const json& v) {
  if (v.is_binary()) {
    const auto& bytes = v.get_binary();
    return {{"$bin", base64_of(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()))}};
  }
  if (v.is_array()) {
    json out = json::array();
    for (const auto& e : v) out.push_back(canonical_value(e));
    return out;
  }
  if (v.is_object()) {
    json out = json::object();
    for (const auto& [key, e] : v.items()) out[key] = canonical_value(e);
    return out;
  }
  return v;
}

// The vectors' canonical form of a Socket.IO packet. A v4 CONNECT's query is
// put back into the namespace, where the reference parser leaves it.
json canonical(const sio::packet& p) {
  json j = {{"type", static_cast<int>(p.type)}, {"nsp", p.query.empty() ? p.nsp : p.nsp + "?" + p.query}};
  if (p.id) j["id"] = *p.id;
  if (p.data) j["data"] = canonical_value(*p.data);
  return j;
}

// The reference delivers a reassembled binary packet as EVENT/ACK; the
// recordings keep the wire type and count, which sioc's packet does not carry.
json as_delivered(json expected) {
  if (expected.value("type", 0) == 5) expected["type"] = 2;
  if (expected.value("type", 0) == 6) expected["type"] = 3;
  expected.erase("attachments");
  return expected;
}

// The bytes of a recorded frame: text as is, binary from base64.
bool frame_bytes(const json& frame, std::string& out) {
  const std::string v = frame.at("v").get<std::string>();
  if (frame.at("kind") != "bin") {
    out = v;
    return true;
  }
  std::string storage;
  auto p = eio::decode_packet("b" + v, storage);
  if (!p) return false;
  out.assign(p->data);
  return true;
}

struct tally {
  int frames = 0;
  int packets = 0;
  int sio_packets = 0;
  int failures = 0;
};

// One Socket.IO decoder per direction: messages arrive in order across the
// session's polling requests and WebSocket frames.
struct directions {
  sio::decoder c2s;
  sio::decoder s2c;
};

// Feeds the messages among `packets` to the direction's Socket.IO decoder and
// compares what completes with the recording. Returns the first difference.
std::string replay_messages(const std::vector<eio::packet>& packets, const json& frame, directions& d, tally& t) {
  sio::decoder& dec = frame.at("dir") == "c2s" ? d.c2s : d.s2c;
  json got = json::array();
  for (const auto& p : packets) {
    if (p.type != eio::packet_type::message) continue;
    auto r = dec.feed(p.data, p.binary);
    if (!r) return "Socket.IO decode failed: " + r.error_info().describe();
    if (*r) got.push_back(canonical(**r));
  }
  json expected = json::array();
  if (frame.contains("sio")) {
    for (const auto& e : frame.at("sio")) expected.push_back(as_delivered(e));
  }
  if (got != expected) return "Socket.IO packets differ: sioc " + got.dump() + ", reference " + expected.dump();
  t.sio_packets += static_cast<int>(got.size());
  return "";
}

// Decodes one frame the way its transport and protocol version require, and
// re-encodes the packets. Returns a description of the first difference, or "".
std::string replay_frame(int eio_version, const json& frame, directions& d, tally& t) {
  std::string bytes;
  if (!frame_bytes(frame, bytes)) return "recorded binary frame is not valid base64";
  const bool polling = frame.at("transport") == "polling";
  const bool binary = frame.at("kind") == "bin";

  std::vector<eio::packet> packets;
  eio::payload body;
  std::string storage;
  std::string reencoded;
  if (polling) {
    auto n = eio_version == 3 ? eio::v3::decode_text_payload(bytes, body) : eio::decode_payload(bytes, body);
    if (!n) return "decode failed: " + n.error_info().describe();
    packets.assign(body.begin(), body.end());
    if (eio_version == 3) {
      eio::v3::encode_text_payload(packets.data(), packets.size(), reencoded);
    } else {
      if (auto written = eio::encode_payload(packets.data(), packets.size(), reencoded); !written) {
        return "encode failed: " + written.error_info().describe();
      }
    }
  } else {
    auto p = eio_version == 3 ? (binary ? eio::v3::decode_binary_packet(bytes) : eio::v3::decode_packet(bytes, storage))
                              : (binary ? eio::decode_binary_packet(bytes) : eio::decode_packet(bytes, storage));
    if (!p) return "decode failed: " + p.error_info().describe();
    packets.push_back(*p);
    if (eio_version == 3) {
      eio::v3::encode_packet(*p, reencoded);
    } else {
      eio::encode_packet(*p, reencoded);
    }
  }

  json got = json::array();
  for (const auto& p : packets) got.push_back(canonical(p));
  if (got != frame.at("eio")) return "packets differ: sioc " + got.dump() + ", reference " + frame.at("eio").dump();
  if (reencoded != bytes) return "re-encoding differs: " + json(reencoded).dump();
  ++t.frames;
  t.packets += static_cast<int>(packets.size());
  return replay_messages(packets, frame, d, t);
}

}  // namespace

int run(int argc, char** argv) {
  tally total;
  for (int i = 1; i < argc; ++i) {
    std::ifstream in(argv[i], std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    const json session = json::parse(text.str(), nullptr, false);
    if (!in || session.is_discarded()) {
      std::fprintf(stderr, "%s: cannot read a session from this file\n", argv[i]);
      return 2;
    }
    const int version = session.at("eio").get<int>();
    sio::decode_options options;
    options.version = session.at("sio").get<int>() == 4 ? sio::protocol::v4 : sio::protocol::v5;
    directions d{sio::decoder(options), sio::decoder(options)};
    tally t;
    for (const auto& frame : session.at("frames")) {
      if (!frame.contains("eio")) continue;  // HTTP requests without a body, WebSocket close frames
      const std::string problem = replay_frame(version, frame, d, t);
      if (!problem.empty()) {
        ++t.failures;
        std::printf("  %s %s frame %s: %s\n", frame.at("dir").get<std::string>().c_str(),
                    frame.at("transport").get<std::string>().c_str(), frame.at("v").dump().c_str(), problem.c_str());
      }
    }
    std::printf("%-24s EIO v%d / SIO v%d  %3d frames  %3d Engine.IO packets  %3d Socket.IO packets  %s\n",
                session.at("id").get<std::string>().c_str(), version, static_cast<int>(options.version), t.frames,
                t.packets, t.sio_packets, t.failures == 0 ? "ok" : "MISMATCH");
    total.frames += t.frames;
    total.packets += t.packets;
    total.sio_packets += t.sio_packets;
    total.failures += t.failures;
  }
  std::printf(
      "%d frames: %d Engine.IO packets decoded and re-encoded byte for byte, %d Socket.IO packets decoded; "
      "%d mismatches\n",
      total.frames, total.packets, total.sio_packets, total.failures);
  return total.failures == 0 ? 0 : 1;
}

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: sioc_replay SESSION.json...\n");
    return 2;
  }
  try {
    return run(argc, argv);
  } catch (const json::exception& e) {
    // A session file without the expected members: the file's fault, not the codec's.
    std::fprintf(stderr, "malformed session file: %s\n", e.what());
    return 2;
  }
}
