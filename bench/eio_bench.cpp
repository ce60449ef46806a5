// Engine.IO v4 benchmarks: W1, W2, W9, W10 and synthetic size sweeps.
//
// Expectations come from the workload itself, decoded here without the codec:
// a text-form packet is a type digit and its data, or "b" and standard base64;
// a polling body is those joined by 0x1E; W9's canonical packets are W2's
// packets (and W10 frames the same ones), so they are checked against each
// other before anything is timed.
#include "harness.hpp"

#include <sioc/eio.hpp>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

namespace sioc_bench {
namespace {

namespace eio = sioc::eio;
using nlohmann::json;

constexpr const char* kTypeNames[] = {"open", "close", "ping", "pong", "message", "upgrade", "noop"};

struct expected_packet {
  eio::packet_type type = eio::packet_type::message;
  bool binary = false;
  std::string data;

  friend bool operator==(const expected_packet& a, const expected_packet& b) {
    return a.type == b.type && a.binary == b.binary && a.data == b.data;
  }
};

std::string describe(const expected_packet& p) {
  return std::string(kTypeNames[static_cast<int>(p.type)]) + (p.binary ? " binary " : " text ") + excerpt(p.data);
}

// "4hello" -> message "hello"; "bAQID" -> binary message {1, 2, 3}.
expected_packet from_text_form(std::string_view text, std::string_view bench) {
  check(!text.empty(), bench, "workload holds an empty packet");
  if (text[0] == 'b') return {eio::packet_type::message, true, base64_decode(text.substr(1))};
  if (text[0] < '0' || text[0] > '6') fail(bench, "workload packet has no type digit: " + excerpt(text));
  return {static_cast<eio::packet_type>(text[0] - '0'), false, std::string(text.substr(1))};
}

std::vector<expected_packet> from_body(std::string_view body, std::string_view bench) {
  std::vector<expected_packet> out;
  std::size_t pos = 0;
  for (;;) {
    const std::size_t end = body.find('\x1e', pos);
    out.push_back(from_text_form(body.substr(pos, end == std::string_view::npos ? end : end - pos), bench));
    if (end == std::string_view::npos) break;
    pos = end + 1;
  }
  return out;
}

// {"type": "message", "data": {"t": "text", "v": "..."}} (data optional).
expected_packet from_canonical(const json& j, std::string_view bench) {
  expected_packet p;
  const std::string type = j.at("type").get<std::string>();
  const auto it = std::find(std::begin(kTypeNames), std::end(kTypeNames), type);
  if (it == std::end(kTypeNames)) fail(bench, "unknown packet type \"" + type + "\" in the workload");
  p.type = static_cast<eio::packet_type>(it - std::begin(kTypeNames));
  if (j.contains("data")) {
    frame f = frame_from_json(j["data"]);
    p.binary = f.binary;
    p.data = std::move(f.bytes);
  }
  return p;
}

template <class Packets>
void check_packets(std::string_view bench, const Packets& got, const std::vector<expected_packet>& want) {
  if (got.size() != want.size()) {
    fail(bench, "decoded " + std::to_string(got.size()) + " packets, the workload has " + std::to_string(want.size()));
  }
  std::size_t i = 0;
  for (const auto& g : got) {
    const expected_packet e{g.type, g.binary, std::string(g.data)};
    if (!(e == want[i])) {
      fail(bench, "packet " + std::to_string(i) + " is " + describe(e) + ", the workload has " + describe(want[i]));
    }
    ++i;
  }
}

const workload* need(const workload_set& set, const char* id, const char* op) {
  const workload* w = set.find(id);
  if (w == nullptr) return nullptr;  // an older or partial file: skip what it lacks
  if (w->op != op) fail(id, "expected op \"" + std::string(op) + "\", the file says \"" + w->op + "\"");
  return w;
}

// W2's packets: from its body, cross-checked with W9's canonical list.
std::vector<expected_packet> w2_packets(const workload_set& set, std::string_view bench) {
  const workload* w2 = set.find("W2");
  const workload* w9 = set.find("W9");
  check(w2 != nullptr || w9 != nullptr, bench, "needs W2 or W9 for its expected packets");
  std::vector<expected_packet> from_w2, from_w9;
  if (w2 != nullptr) from_w2 = from_body(w2->frames.at(0).bytes, bench);
  if (w9 != nullptr) {
    for (const auto& j : w9->spec.at("packets")) from_w9.push_back(from_canonical(j, bench));
  }
  if (w2 != nullptr && w9 != nullptr) {
    check(from_w2 == from_w9, bench, "workloads.json is inconsistent: W2's body does not hold W9's packets");
  }
  return w2 != nullptr ? from_w2 : from_w9;
}

std::vector<eio::packet> views(const std::vector<expected_packet>& packets) {
  std::vector<eio::packet> out;
  for (const auto& p : packets) out.push_back({p.type, p.binary, p.data});
  return out;
}

eio::decode_options unlimited() {
  eio::decode_options o;
  o.max_payload_bytes = std::numeric_limits<std::size_t>::max();
  o.max_packets = std::numeric_limits<std::size_t>::max();
  return o;
}

eio::decode_options reference_dialect() {
  eio::decode_options o;
  o.mode = sioc::dialect::reference;
  return o;
}

// ---------------------------------------------------------------------------
// Contenders
// ---------------------------------------------------------------------------

// decode_packet of one text frame, storage string reused.
void add_decode_packet(const std::string& name, const workload& w, eio::decode_options opts) {
  const frame f = w.frames.at(0);
  check(!f.binary && w.frames.size() == 1, name, "W1 must be one text frame");
  const expected_packet want = from_text_form(f.bytes, name);
  add(name, [name, f, want, opts](benchmark::State& state) {
    std::string input = f.bytes;
    std::string storage;
    {
      auto r = eio::decode_packet(input, storage, opts);
      if (!r) fail(name, "decode failed: " + r.error_info().describe());
      check_packets(name, std::vector<eio::packet>{*r}, {want});
    }
    run(state, {input.size(), 1}, [&] {
      auto r = eio::decode_packet(input, storage, opts);
      benchmark::DoNotOptimize(r);
    });
  });
}

// decode_payload of a polling body; one payload object reused unless `fresh`.
void add_decode_payload(const std::string& name, std::string body, std::vector<expected_packet> want,
                        eio::decode_options opts, bool fresh = false) {
  add(name, [name, body = std::move(body), want = std::move(want), opts, fresh](benchmark::State& state) {
    std::string input = body;
    eio::payload out;
    {
      auto r = eio::decode_payload(input, out, opts);
      if (!r) fail(name, "decode failed: " + r.error_info().describe());
      check(*r == out.size(), name, "decode_payload's count disagrees with the payload's size");
      check_packets(name, out, want);
    }
    if (fresh) {
      run(state, {input.size(), want.size()}, [&] {
        eio::payload p;
        auto r = eio::decode_payload(input, p, opts);
        benchmark::DoNotOptimize(r);
        benchmark::DoNotOptimize(p);
      });
    } else {
      run(state, {input.size(), want.size()}, [&] {
        auto r = eio::decode_payload(input, out, opts);
        benchmark::DoNotOptimize(r);
        benchmark::DoNotOptimize(out);
      });
    }
  });
}

// encode_payload into a reused string (or a new one per op, `fresh`); the
// output must be `want` byte for byte.
void add_encode_payload(const std::string& name, std::vector<expected_packet> packets, std::string want,
                        bool fresh = false) {
  add(name, [name, packets = std::move(packets), want = std::move(want), fresh](benchmark::State& state) {
    const std::vector<eio::packet> in = views(packets);
    std::string out;
    {
      const auto n = eio::encode_payload(in.data(), in.size(), out);
      if (!n) fail(name, "encode failed: " + n.error_info().describe());
      if (*n != in.size()) {
        fail(name, "encode_payload wrote " + std::to_string(*n) + " of " + std::to_string(in.size()) + " packets");
      }
      if (out != want) fail(name, "encoded body " + excerpt(out) + " differs from the workload's " + excerpt(want));
    }
    if (fresh) {
      run(state, {want.size(), in.size()}, [&] {
        std::string s;
        auto n = eio::encode_payload(in.data(), in.size(), s);
        benchmark::DoNotOptimize(n);
        benchmark::DoNotOptimize(s);
      });
    } else {
      run(state, {want.size(), in.size()}, [&] {
        out.clear();
        auto n = eio::encode_payload(in.data(), in.size(), out);
        benchmark::DoNotOptimize(n);
        benchmark::DoNotOptimize(out);
      });
    }
  });
}

// One long-lived webtransport_decoder fed the whole stream per op, in chunks
// of `chunk` bytes (0: one chunk), the output vector reused.
void add_webtransport(const std::string& name, const workload& w, std::vector<expected_packet> want,
                      std::size_t chunk) {
  const frame f = w.frames.at(0);
  check(f.binary && w.frames.size() == 1, name, "W10 must be one binary stream");
  eio::decode_options opts;
  opts.max_payload_bytes = static_cast<std::size_t>(w.spec.value("maxPayload", 1'000'000.0));
  add(name, [name, f, want = std::move(want), chunk, opts](benchmark::State& state) {
    std::string input = f.bytes;
    const std::size_t step = chunk == 0 ? input.size() : chunk;
    std::vector<std::string_view> pieces;
    for (std::size_t at = 0; at < input.size(); at += step) {
      pieces.push_back(std::string_view(input).substr(at, step));
    }
    eio::webtransport_decoder decoder(opts);
    std::vector<eio::packet> out;
    {
      std::vector<expected_packet> got;
      for (auto piece : pieces) {
        out.clear();
        auto r = decoder.feed(piece, out);
        if (!r) fail(name, "feed failed: " + r.error_info().describe());
        check(*r == out.size(), name, "feed's count disagrees with the packets it appended");
        for (const auto& p : out) got.push_back({p.type, p.binary, std::string(p.data)});
      }
      check(decoder.at_boundary(), name, "the decoder is not between packets after the whole stream");
      check_packets(name, got, want);
    }
    run(state, {input.size(), want.size()}, [&] {
      for (auto piece : pieces) {
        out.clear();
        auto r = decoder.feed(piece, out);
        benchmark::DoNotOptimize(r);
        benchmark::DoNotOptimize(out);
      }
    });
  });
}

// ---------------------------------------------------------------------------
// Synthetic inputs for the size sweeps
// ---------------------------------------------------------------------------

constexpr std::size_t kSweep[] = {16, 256, 4096, 65536, 1048576};

// A polling body of exactly `size` bytes: text messages of 60 bytes (a type
// digit and 59 ASCII characters, like W2's chat messages), the last one
// taking up the rest.
std::string text_body(std::size_t size) {
  std::string body;
  std::uint32_t seed = 12345;
  for (;;) {
    const std::size_t room = size - body.size() - (body.empty() ? 0 : 1);
    const std::size_t len = room <= 62 ? room : 60;
    if (!body.empty()) body.push_back('\x1e');
    body.push_back('4');
    for (std::size_t i = 1; i < len; ++i) {
      seed = seed * 1103515245u + 12345u;
      body.push_back(static_cast<char>('a' + (seed >> 16) % 26));
    }
    if (body.size() >= size) return body;
  }
}

// One binary message in its polling form, "b" + base64, at most `size` bytes.
std::string base64_body(std::size_t size) {
  std::string raw;
  std::uint32_t seed = 777;
  for (std::size_t i = 0; i < (size - 1) / 4 * 3; ++i) {
    seed = seed * 1103515245u + 12345u;
    raw.push_back(static_cast<char>((seed >> 16) & 0xFF));
  }
  return "b" + base64_encode(raw);
}

// ---------------------------------------------------------------------------

void register_eio(const workload_set& set) {
  if (const workload* w1 = need(set, "W1", "eio4.decodePacket")) {
    add_decode_packet("W1/decode", *w1, {});
    add_decode_packet("W1/decode/reference_dialect", *w1, reference_dialect());
  }
  if (const workload* w2 = need(set, "W2", "eio4.decodePayload")) {
    const frame& f = w2->frames.at(0);
    check(!f.binary && w2->frames.size() == 1, "W2", "W2 must be one text body");
    const auto want = w2_packets(set, "W2/decode");
    add_decode_payload("W2/decode", f.bytes, want, {});
    add_decode_payload("W2/decode/reference_dialect", f.bytes, want, reference_dialect());
    add_decode_payload("W2/decode/fresh_payload", f.bytes, want, {}, true);
  }
  if (const workload* w9 = need(set, "W9", "eio4.encodePayload")) {
    std::vector<expected_packet> packets;
    for (const auto& j : w9->spec.at("packets")) packets.push_back(from_canonical(j, "W9/encode"));
    // The expected body, written here from the packets, is also W2's input.
    std::string want;
    for (const auto& p : packets) {
      if (!want.empty()) want.push_back('\x1e');
      want += p.binary ? "b" + base64_encode(p.data) : static_cast<char>('0' + static_cast<int>(p.type)) + p.data;
    }
    if (const workload* w2 = set.find("W2")) {
      check(w2->frames.at(0).bytes == want, "W9/encode",
            "workloads.json is inconsistent: W9's packets do not encode to W2's body");
    }
    add_encode_payload("W9/encode", packets, want);
    add_encode_payload("W9/encode/fresh_string", packets, want, true);
  }
  if (const workload* w10 = need(set, "W10", "eio4.webtransport.decode")) {
    const auto want = w2_packets(set, "W10/decode");
    add_webtransport("W10/decode", *w10, want, 0);
    add_webtransport("W10/decode/chunks1024", *w10, want, 1024);
    add_webtransport("W10/decode/chunks64", *w10, want, 64);
    add_webtransport("W10/decode/chunks1", *w10, want, 1);
  }

  for (const std::size_t size : kSweep) {
    const std::string body = text_body(size);
    const auto want = from_body(body, "eio4/payload");
    add_decode_payload("eio4/payload/" + std::to_string(size), body, want, unlimited());
  }
  for (const std::size_t size : kSweep) {
    const std::string body = base64_body(size);
    add_decode_payload("eio4/payload_b64/" + std::to_string(size), body, from_body(body, "eio4/payload_b64"),
                       unlimited());
  }
  for (const std::size_t size : kSweep) {
    const std::string body = text_body(size);
    add_encode_payload("eio4/encode_payload/" + std::to_string(size), from_body(body, "eio4/encode_payload"), body);
  }
}

const suite_registrar eio_suite("eio", register_eio);

}  // namespace
}  // namespace sioc_bench
