// Socket.IO v5 benchmarks: W3-W8 and synthetic sweeps (frame sizes, attachment
// counts).
//
//   W3..W5/fast        parser::parse of the text frame, one parser reused (views, no document)
//   W3..W5/full        parser::decode of the text frame into one packet with nlohmann::json
//                      data, reused from op to op (what a receive loop does)
//   W3..W5/full/fresh_packet  the same into a new packet per op
//   W3/full/decoder    the same through decoder::feed into a reused packet
//   W3/full/decoder/fresh_packet, W6/full/fresh_packet  decoder::feed returning a new packet per op
//   W3/fast/fresh_parser  a new parser per op (what reusing one saves)
//   W6/fast            parse of the text frame + the two binary frames taken as attachment views
//   W6/full            one decoder fed the text frame and the two binary frames, into a reused packet
//   W7, W8/encode      sio::encode into a reused string and a reused vector of views
//   sio5/{fast,full,encode}/<bytes>         EVENT frames of 16 B..1 MiB of W5-like items (full: reused packet)
//   sio5/attachments/<n>/{fast,full,encode} BINARY_EVENTs of n attachments of 1 KiB
//
// Expectations come from the workload, decoded here without the codec: a small
// strict reader of the header ("<type>[<count>-][<nsp>,][<id>]") and
// nlohmann::json::parse for the payload, placeholders replaced by the binary
// frames. Packets are compared in the workload's canonical form ({type, nsp,
// id?, data?}, binary values as {"$bin": base64}), with nlohmann::json's
// equality, which ignores the order of object members. W3's frame must hold
// W7's packet and W6's frames W8's packet; the decoders deliver W6 as EVENT
// (type 2), as socket.io-parser does after reassembly, while the fast path
// reports the wire type (5).
//
// Encoders are checked by decoding their output with the same reader and
// comparing the packet with the workload's, not by bytes: sioc writes object
// members in nlohmann::json's order (sorted by key), socket.io-parser in
// insertion order. reference.js checks the reference's output the same way.
#include "harness.hpp"

#include <sioc/sio.hpp>

#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

namespace sioc_bench {
namespace {

namespace sio = sioc::sio;
using nlohmann::json;

// ---------------------------------------------------------------------------
// Canonical packets
// ---------------------------------------------------------------------------

std::string short_dump(const json& j) {
  std::string s = j.dump();
  if (s.size() > 160) s = s.substr(0, 160) + "...";
  return s;
}

void check_same(std::string_view bench, std::string_view what, const json& got, const json& want) {
  if (got != want) {
    fail(bench, std::string(what) + " is " + short_dump(got) + ", the workload has " + short_dump(want));
  }
}

bool is_bin_marker(const json& j) {
  return j.is_object() && j.size() == 1 && j.contains("$bin") && j["$bin"].is_string();
}

// json::binary_t values -> {"$bin": base64}.
json bins_to_canonical(const json& j) {
  if (j.is_binary()) {
    const auto& b = j.get_binary();
    return json{{"$bin", base64_encode(std::string(b.begin(), b.end()))}};
  }
  if (j.is_array()) {
    json out = json::array();
    for (const auto& e : j) out.push_back(bins_to_canonical(e));
    return out;
  }
  if (j.is_object()) {
    json out = json::object();
    for (const auto& [k, v] : j.items()) out[k] = bins_to_canonical(v);
    return out;
  }
  return j;
}

// {"$bin": base64} -> json::binary_t values.
json canonical_to_bins(const json& j) {
  if (is_bin_marker(j)) {
    const std::string bytes = base64_decode(j["$bin"].get<std::string>());
    return json::binary(std::vector<std::uint8_t>(bytes.begin(), bytes.end()));
  }
  if (j.is_array()) {
    json out = json::array();
    for (const auto& e : j) out.push_back(canonical_to_bins(e));
    return out;
  }
  if (j.is_object()) {
    json out = json::object();
    for (const auto& [k, v] : j.items()) out[k] = canonical_to_bins(v);
    return out;
  }
  return j;
}

json canonical(const sio::packet& p, std::string_view bench) {
  check(p.query.empty(), bench, "a v5 packet came back with a query");
  json c{{"type", static_cast<int>(p.type)}, {"nsp", p.nsp}};
  if (p.id) c["id"] = *p.id;
  if (p.data) c["data"] = bins_to_canonical(*p.data);
  return c;
}

sio::packet packet_from_canonical(const json& c) {
  sio::packet p;
  p.type = static_cast<sio::packet_type>(c.at("type").get<int>());
  p.nsp = c.value("nsp", std::string("/"));
  if (c.contains("id")) p.id = c["id"].get<std::uint64_t>();
  if (c.contains("data")) p.data = canonical_to_bins(c["data"]);
  return p;
}

// The same packet as the decoders deliver it: BINARY_EVENT/BINARY_ACK become
// EVENT/ACK once their attachments are in place.
json as_delivered(json c) {
  const int t = c.at("type").get<int>();
  if (t == 5 || t == 6) c["type"] = t - 3;
  return c;
}

// Replaces {"_placeholder":true,"num":N} with {"$bin": base64 of attachment N}.
json resolve_placeholders(const json& j, const std::vector<std::string_view>& attachments, std::string_view bench) {
  if (j.is_object() && j.contains("_placeholder")) {
    check(j.size() == 2 && j["_placeholder"] == true && j.contains("num") && j["num"].is_number_unsigned() &&
              j["num"].get<std::size_t>() < attachments.size(),
          bench, "malformed placeholder " + short_dump(j));
    return json{{"$bin", base64_encode(attachments[j["num"].get<std::size_t>()])}};
  }
  if (j.is_array()) {
    json out = json::array();
    for (const auto& e : j) out.push_back(resolve_placeholders(e, attachments, bench));
    return out;
  }
  if (j.is_object()) {
    json out = json::object();
    for (const auto& [k, v] : j.items()) out[k] = resolve_placeholders(v, attachments, bench);
    return out;
  }
  return j;
}

json parse_payload(std::string_view text, std::string_view bench) {
  try {
    return json::parse(text.begin(), text.end());
  } catch (const json::exception& e) {
    fail(bench, std::string("payload is not JSON: ") + e.what());
  }
}

// The bench's own reader of a v5 text frame and its binary frames (strict
// grammar, no limits): the canonical packet, as on the wire (type 5/6 kept).
json read_frames(std::string_view text, const std::vector<std::string_view>& attachments, std::string_view bench) {
  const auto digit = [&](std::size_t i) { return i < text.size() && text[i] >= '0' && text[i] <= '9'; };
  check(digit(0) && text[0] <= '6', bench, "frame has no packet type: " + excerpt(text));
  const int type = text[0] - '0';
  std::size_t i = 1;
  std::size_t count = 0;
  if (type == 5 || type == 6) {
    const std::size_t start = i;
    while (digit(i)) count = count * 10 + static_cast<std::size_t>(text[i++] - '0');
    check(i > start && i < text.size() && text[i] == '-', bench, "binary frame without a count: " + excerpt(text));
    ++i;
  }
  check(count == attachments.size(), bench,
        "frame declares " + std::to_string(count) + " attachments, " + std::to_string(attachments.size()) +
            " binary frames follow");
  json c{{"type", type}, {"nsp", "/"}};
  if (i < text.size() && text[i] == '/') {
    const std::size_t comma = text.find(',', i);
    check(comma != std::string_view::npos, bench, "namespace without ','");
    c["nsp"] = std::string(text.substr(i, comma - i));
    i = comma + 1;
  }
  if (digit(i)) {
    std::uint64_t id = 0;
    while (digit(i)) id = id * 10 + static_cast<std::uint64_t>(text[i++] - '0');
    c["id"] = id;
  }
  if (i < text.size()) c["data"] = resolve_placeholders(parse_payload(text.substr(i), bench), attachments, bench);
  return c;
}

std::vector<std::string_view> binary_views(const workload& w) {
  std::vector<std::string_view> out;
  for (std::size_t k = 1; k < w.frames.size(); ++k) out.emplace_back(w.frames[k].bytes);
  return out;
}

// The fast path's verdict in canonical form: the view's fields, its raw JSON
// parsed here, placeholders resolved with the attachment views. Also checks
// that the event and args views agree with the payload.
json canonical(const sio::packet_view& v, const std::vector<std::string_view>& attachments, std::string_view bench) {
  check(v.attachments == attachments.size(), bench,
        "the view declares " + std::to_string(v.attachments) + " attachments, " +
            std::to_string(attachments.size()) + " binary frames follow");
  check(v.query.empty(), bench, "a v5 packet came back with a query");
  json c{{"type", static_cast<int>(v.type)}, {"nsp", std::string(v.nsp)}};
  if (v.id) c["id"] = *v.id;
  if (v.has_data()) {
    const json data = parse_payload(v.data, bench);
    if (v.type == sio::packet_type::event || v.type == sio::packet_type::binary_event) {
      std::string rebuilt = "[" + std::string(v.event);
      if (!v.args.empty()) rebuilt += "," + std::string(v.args);
      rebuilt += "]";
      check_same(bench, "the event and args views", parse_payload(rebuilt, bench), data);
      check(json(v.event_name()) == data.at(0), bench, "event_name() differs from the payload's first element");
    }
    c["data"] = resolve_placeholders(data, attachments, bench);
  }
  return c;
}

// A decode workload's expected packet, on the wire: read from its frames by
// hand, and cross-checked with the encode workload that holds the same packet.
json expected_packet(const workload_set& set, const workload& w, const char* same_as, std::string_view bench) {
  check(!w.frames.empty() && !w.frames[0].binary, bench, w.id + " must start with a text frame");
  for (std::size_t k = 1; k < w.frames.size(); ++k) {
    check(w.frames[k].binary, bench, w.id + ": only the first frame may be text");
  }
  const json want = read_frames(w.frames[0].bytes, binary_views(w), bench);
  if (same_as != nullptr) {
    if (const workload* other = set.find(same_as)) {
      check_same(bench, std::string("workloads.json is inconsistent: ") + w.id + "'s packet", want,
                 other->spec.at("packet"));
    }
  }
  return want;
}

const workload* need(const workload_set& set, const char* id, const char* op) {
  const workload* w = set.find(id);
  if (w == nullptr) return nullptr;  // an older or partial file: skip what it lacks
  if (w->op != op) fail(id, "expected op \"" + std::string(op) + "\", the file says \"" + w->op + "\"");
  return w;
}

// Frames of a decode benchmark: the text frame, then the binary ones.
struct frames {
  std::string text;
  std::vector<std::string> binary;

  std::size_t bytes() const {
    std::size_t n = text.size();
    for (const auto& b : binary) n += b.size();
    return n;
  }
  std::vector<std::string_view> views() const { return {binary.begin(), binary.end()}; }
};

frames frames_of(const workload& w) {
  frames f;
  f.text = w.frames.at(0).bytes;
  for (std::size_t k = 1; k < w.frames.size(); ++k) f.binary.push_back(w.frames[k].bytes);
  return f;
}

// Socket.IO's limits raised so that the sweeps' largest frames pass.
sio::decode_options unlimited() {
  sio::decode_options o;
  o.max_packet_bytes = std::numeric_limits<std::size_t>::max();
  o.max_attachment_bytes = std::numeric_limits<std::size_t>::max();
  return o;
}

// ---------------------------------------------------------------------------
// Contenders
// ---------------------------------------------------------------------------

// parser::parse of the text frame, the binary frames taken as views into a
// reused vector. `fresh`: a new parser per op.
void add_fast(const std::string& name, frames in, json want, sio::decode_options opts, bool fresh = false) {
  add(name, [name, in = std::move(in), want = std::move(want), opts, fresh](benchmark::State& state) {
    const std::string text = in.text;
    const std::vector<std::string> binary = in.binary;
    sio::parser parser(opts);
    std::vector<std::string_view> attachments;
    attachments.reserve(binary.size());
    {
      auto r = parser.parse(text);
      if (!r) fail(name, "parse failed: " + r.error_info().describe());
      for (const auto& b : binary) attachments.emplace_back(b);
      check_same(name, "the parsed packet", canonical(*r, attachments, name), want);
    }
    if (fresh) {
      run(state, {in.bytes(), 1}, [&] {
        sio::parser p(opts);
        auto r = p.parse(text);
        benchmark::DoNotOptimize(r);
      });
      return;
    }
    run(state, {in.bytes(), 1}, [&] {
      auto r = parser.parse(text);
      attachments.clear();
      for (const auto& b : binary) attachments.emplace_back(b);
      benchmark::DoNotOptimize(r);
      benchmark::DoNotOptimize(attachments.data());
    });
  });
}

// parser::decode of a text frame (no attachments) into one packet reused from
// op to op, or (`fresh`) into a new packet per op.
void add_full_parser(const std::string& name, frames in, json want, sio::decode_options opts, bool fresh = false) {
  add(name, [name, in = std::move(in), want = as_delivered(std::move(want)), opts, fresh](benchmark::State& state) {
    check(in.binary.empty(), name, "parser::decode takes no attachments");
    const std::string text = in.text;
    sio::parser parser(opts);
    {
      auto r = parser.decode(text);
      if (!r) fail(name, "decode failed: " + r.error_info().describe());
      check_same(name, "the decoded packet", canonical(*r, name), want);
    }
    if (fresh) {
      run(state, {in.bytes(), 1}, [&] {
        auto r = parser.decode(text);
        benchmark::DoNotOptimize(r);
      });
      return;
    }
    sio::packet out;
    {
      // Twice: the second decode reuses what the first left in the packet.
      for (int i = 0; i < 2; ++i) {
        auto r = parser.decode(text, out);
        if (!r) fail(name, "decode into a packet failed: " + r.error_info().describe());
      }
      check_same(name, "the packet decoded into a reused packet", canonical(out, name), want);
    }
    run(state, {in.bytes(), 1}, [&] {
      auto r = parser.decode(text, out);
      benchmark::DoNotOptimize(r);
      benchmark::DoNotOptimize(out);
    });
  });
}

// nlohmann::json's own parser on the frame's payload alone (the header read
// by sioc outside the timed loop), a new value per op: what the full decode
// would cost without simdjson. No target; bench/README.md compares it.
void add_nlohmann_parse(const std::string& name, frames in, json want) {
  add(name, [name, in = std::move(in), want = std::move(want)](benchmark::State& state) {
    check(in.binary.empty(), name, "the payload holds no attachments");
    sio::parser parser;
    auto v = parser.parse(in.text);
    if (!v) fail(name, "parse failed: " + v.error_info().describe());
    const std::string payload(v->data);
    check_same(name, "json::parse of the payload", json::parse(payload), want.at("data"));
    run(state, {in.bytes(), 1}, [&] {
      json j = json::parse(payload);
      benchmark::DoNotOptimize(j);
    });
  });
}

// One decoder fed the text frame and then the binary frames, into one packet
// reused from op to op (fresh: the feed that returns a new packet per op).
void add_full_decoder(const std::string& name, frames in, json want, sio::decode_options opts, bool fresh = false) {
  add(name, [name, in = std::move(in), want = as_delivered(std::move(want)), opts, fresh](benchmark::State& state) {
    const std::string text = in.text;
    const std::vector<std::string> binary = in.binary;
    sio::decoder decoder(opts);
    {
      auto r = decoder.feed(text, false);
      for (const auto& b : binary) {
        if (!r) break;
        check(!r->has_value(), name, "the decoder delivered a packet before its last attachment");
        r = decoder.feed(b, true);
      }
      if (!r) fail(name, "feed failed: " + r.error_info().describe());
      check(r->has_value(), name, "the decoder delivered no packet after the last frame");
      check(decoder.current_state() == sio::decoder::state::idle, name, "the decoder is not idle after the packet");
      check_same(name, "the decoded packet", canonical(**r, name), want);
    }
    if (fresh) {
      run(state, {in.bytes(), 1}, [&] {
        auto r = decoder.feed(text, false);
        benchmark::DoNotOptimize(r);
        for (const auto& b : binary) {
          auto a = decoder.feed(b, true);
          benchmark::DoNotOptimize(a);
        }
      });
      return;
    }
    sio::packet out;
    const auto feed_all = [&] {
      auto r = decoder.feed(text, false, out);
      benchmark::DoNotOptimize(r);
      for (const auto& b : binary) {
        r = decoder.feed(b, true, out);
        benchmark::DoNotOptimize(r);
      }
      return r;
    };
    // Twice: the second feed reuses what the first left in the packet.
    for (int i = 0; i < 2; ++i) {
      const auto r = feed_all();
      if (!r) fail(name, "feed into a packet failed: " + r.error_info().describe());
      check(*r, name, "the decoder completed no packet into the reused packet");
    }
    check_same(name, "the packet decoded into a reused packet", canonical(out, name), want);
    run(state, {in.bytes(), 1}, [&] {
      auto r = feed_all();
      benchmark::DoNotOptimize(r);
      benchmark::DoNotOptimize(out);
    });
  });
}

// sio::encode into a reused string and vector; checked by reading the output
// back and comparing packets (see the header comment).
void add_encode(const std::string& name, json packet) {
  add(name, [name, packet = std::move(packet)](benchmark::State& state) {
    const sio::packet in = packet_from_canonical(packet);
    std::string text;
    std::vector<std::string_view> attachments;
    std::size_t bytes = 0;
    {
      auto r = sio::encode(in, text, attachments);
      if (!r) fail(name, "encode failed: " + r.error_info().describe());
      check(*r == attachments.size(), name, "encode's count disagrees with the attachments it appended");
      check_same(name, "the packet read back from the output", read_frames(text, attachments, name), packet);
      bytes = text.size();
      for (const auto a : attachments) bytes += a.size();
    }
    run(state, {bytes, 1}, [&] {
      text.clear();
      attachments.clear();
      auto r = sio::encode(in, text, attachments);
      benchmark::DoNotOptimize(r);
      benchmark::DoNotOptimize(text.data());
      benchmark::DoNotOptimize(attachments.data());
    });
  });
}

// ---------------------------------------------------------------------------
// Synthetic inputs
// ---------------------------------------------------------------------------

constexpr std::size_t kSweep[] = {16, 256, 4096, 65536, 1048576};
constexpr std::size_t kAttachmentCounts[] = {1, 2, 4, 10};
constexpr std::size_t kAttachmentBytes = 1024;

struct lcg {
  std::uint32_t seed;
  std::uint32_t next(std::uint32_t bound) {
    seed = seed * 1103515245u + 12345u;
    return (seed >> 16) % bound;
  }
};

// One element of W5's array: {"id":N,"name":"item-N-golfxx…","price":653.77,
// "tags":["golf","juliet"],"active":false,"pos":{"x":391,"y":634}}.
std::string bulk_item(std::size_t n, lcg& rng) {
  static const char* const words[] = {"alpha", "bravo", "charlie", "delta", "echo",
                                      "foxtrot", "golf", "hotel", "india", "juliet"};
  const std::string id = std::to_string(n);
  std::string s = "{\"id\":" + id + ",\"name\":\"item-" + id + "-" + words[rng.next(10)] +
                  "xxxxxxxxxxxxxxxxxx\",\"price\":" + std::to_string(rng.next(1000)) + "." +
                  std::to_string(11 + rng.next(89)) + ",\"tags\":[\"" + words[rng.next(10)] + "\",\"" +
                  words[rng.next(10)] + "\"],\"active\":" + (rng.next(2) != 0 ? "true" : "false") +
                  ",\"pos\":{\"x\":" + std::to_string(rng.next(1000)) + ",\"y\":" + std::to_string(rng.next(1000)) +
                  "}}";
  return s;
}

// An EVENT frame of exactly `size` (>= 15) bytes: 2["bulk",[<W5-like items>],"<padding>"].
std::string event_frame(std::size_t size) {
  const std::string head = "2[\"bulk\",[", tail_open = "],\"", tail_close = "\"]";
  std::string items;
  lcg rng{4242};
  for (std::size_t n = 0;; ++n) {
    lcg probe = rng;
    const std::string item = bulk_item(n, probe);
    const std::size_t grown = items.size() + (items.empty() ? 0 : 1) + item.size();
    if (head.size() + grown + tail_open.size() + tail_close.size() > size) break;
    if (!items.empty()) items.push_back(',');
    items += item;
    rng = probe;
  }
  const std::size_t used = head.size() + items.size() + tail_open.size() + tail_close.size();
  return head + items + tail_open + std::string(size - used, 'p') + tail_close;
}

// A BINARY_EVENT with `count` attachments of kAttachmentBytes bytes each:
// 5<count>-["files",{"_placeholder":true,"num":0},...] and its binary frames.
frames binary_event(std::size_t count) {
  frames f;
  f.text = "5" + std::to_string(count) + "-[\"files\"";
  lcg rng{99};
  for (std::size_t k = 0; k < count; ++k) {
    f.text += ",{\"_placeholder\":true,\"num\":" + std::to_string(k) + "}";
    std::string bytes(kAttachmentBytes, '\0');
    for (auto& c : bytes) c = static_cast<char>(rng.next(256));
    f.binary.push_back(std::move(bytes));
  }
  f.text += "]";
  return f;
}

json expected_of(const frames& f, std::string_view bench) { return read_frames(f.text, f.views(), bench); }

// ---------------------------------------------------------------------------

void register_sio(const workload_set& set) {
  const sio::decode_options defaults;
  struct text_workload {
    const char* id;
    const char* same_as;  // the encode workload holding the same packet
  };
  for (const text_workload tw : {text_workload{"W3", "W7"}, {"W4", nullptr}, {"W5", nullptr}}) {
    const workload* w = need(set, tw.id, "sio5.decode");
    if (w == nullptr) continue;
    const std::string id = tw.id;
    check(w->frames.size() == 1, id, id + " must be one text frame");
    const json want = expected_packet(set, *w, tw.same_as, id);
    add_fast(id + "/fast", frames_of(*w), want, defaults);
    add_full_parser(id + "/full", frames_of(*w), want, defaults);
    add_full_parser(id + "/full/fresh_packet", frames_of(*w), want, defaults, true);
    add_nlohmann_parse(id + "/full/nlohmann_parse", frames_of(*w), want);
    if (id == "W3") {
      add_full_decoder(id + "/full/decoder", frames_of(*w), want, defaults);
      add_full_decoder(id + "/full/decoder/fresh_packet", frames_of(*w), want, defaults, true);
      add_fast(id + "/fast/fresh_parser", frames_of(*w), want, defaults, true);
    }
  }
  if (const workload* w6 = need(set, "W6", "sio5.decode")) {
    const json want = expected_packet(set, *w6, "W8", "W6");
    add_fast("W6/fast", frames_of(*w6), want, defaults);
    add_full_decoder("W6/full", frames_of(*w6), want, defaults);
    add_full_decoder("W6/full/fresh_packet", frames_of(*w6), want, defaults, true);
  }
  if (const workload* w7 = need(set, "W7", "sio5.encode")) add_encode("W7/encode", w7->spec.at("packet"));
  if (const workload* w8 = need(set, "W8", "sio5.encode")) add_encode("W8/encode", w8->spec.at("packet"));

  for (const std::size_t size : kSweep) {
    frames f;
    f.text = event_frame(size);
    const std::string suffix = "/" + std::to_string(size);
    const json want = expected_of(f, "sio5" + suffix);
    add_fast("sio5/fast" + suffix, f, want, unlimited());
    add_full_parser("sio5/full" + suffix, f, want, unlimited());
    add_encode("sio5/encode" + suffix, want);
  }
  for (const std::size_t count : kAttachmentCounts) {
    const frames f = binary_event(count);
    const std::string prefix = "sio5/attachments/" + std::to_string(count);
    const json want = expected_of(f, prefix);
    add_fast(prefix + "/fast", f, want, defaults);
    add_full_decoder(prefix + "/full", f, want, defaults);
    add_encode(prefix + "/encode", want);
  }
}

const suite_registrar sio_suite("sio", register_sio);

}  // namespace
}  // namespace sioc_bench
