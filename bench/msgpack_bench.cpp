// The msgpack format (sio::wire_format::msgpack) and the MessagePack
// implementations it was chosen among, on the W3, W5 and W6 packets:
//
//   msgpack/<W>/decode/sioc          parser::decode of the frame, one parser reused (strict)
//   msgpack/<W>/decode/sioc_reference  the same in the reference dialect
//   msgpack/<W>/decode/nlohmann      json::from_msgpack of the frame, then the packet's members moved out
//   msgpack/<W>/decode/msgpack_cxx   msgpack-cxx's parse() with a visitor building the same nlohmann::json
//                                    (only when the build found msgpack-cxx: libmsgpack-cxx-dev)
//   msgpack/<W>/encode/sioc          sio::encode with wire_format::msgpack into a reused string
//   msgpack/<W>/encode/nlohmann      the map's header by hand, then json::to_msgpack of the data
//   msgpack/<W>/encode/msgpack_cxx   the same with msgpack-cxx's packer
//
// The frame of each packet is what sioc's encoder writes; it is checked first
// by reading it back with nlohmann's from_msgpack, an independent reader, and
// comparing the packet with the workload's (the text frame read with a small
// reader of its own and nlohmann::json::parse, placeholders replaced by the
// binary frames). Every decoder's packet is compared with that packet before
// it is timed; every encoder's output is read back with from_msgpack and
// compared the same way (nlohmann writes floats that fit as float 32, so its
// bytes differ, not its values).
#include "harness.hpp"

#include <sioc/sio.hpp>

#ifdef SIOC_BENCH_MSGPACK_CXX
#include <msgpack.hpp>
#endif

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace sioc_bench {
namespace {

namespace sio = sioc::sio;
using nlohmann::json;

// ---- the workload's packet, read without the codec ----

json resolve(const json& j, const std::vector<frame>& frames) {
  if (j.is_object() && j.contains("_placeholder") && j.contains("num")) {
    const std::string& bytes = frames.at(1 + j["num"].get<std::size_t>()).bytes;
    return json::binary(std::vector<std::uint8_t>(bytes.begin(), bytes.end()));
  }
  if (j.is_array()) {
    json out = json::array();
    for (const auto& e : j) out.push_back(resolve(e, frames));
    return out;
  }
  if (j.is_object()) {
    json out = json::object();
    for (const auto& [k, v] : j.items()) out[k] = resolve(v, frames);
    return out;
  }
  return j;
}

// W3, W5, W6: "<2|5>[<count>-]<JSON array>" on "/" without an ack id.
sio::packet packet_of(const workload& w, std::string_view bench) {
  const std::string& text = w.frames.at(0).bytes;
  check(!text.empty() && (text[0] == '2' || text[0] == '5'), bench, "not an EVENT frame: " + excerpt(text));
  std::size_t i = 1;
  if (text[0] == '5') i = text.find('-') + 1;
  check(i < text.size() && text[i] == '[', bench, "no payload right after the header: " + excerpt(text));
  sio::packet p;
  p.type = sio::packet_type::event;
  p.data = resolve(json::parse(text.substr(i)), w.frames);
  return p;
}

// A frame read back with nlohmann's reader, as a packet.
sio::packet read_back(const std::string& frame, std::string_view bench) {
  json j;
  try {
    j = json::from_msgpack(frame);
  } catch (const json::exception& e) {
    fail(bench, std::string("from_msgpack refuses the frame: ") + e.what() + " " + excerpt(frame));
  }
  check(j.is_object() && j.contains("type") && j.contains("nsp"), bench, "the frame is not a packet map");
  sio::packet p;
  p.type = static_cast<sio::packet_type>(j["type"].get<int>());
  p.nsp = j["nsp"].get<std::string>();
  if (j.contains("id")) p.id = j["id"].get<std::uint64_t>();
  if (j.contains("data")) p.data = std::move(j["data"]);
  return p;
}

void check_packet(std::string_view bench, std::string_view what, const sio::packet& got, const sio::packet& want) {
  if (got != want) {
    fail(bench, std::string(what) + " differs from the workload's packet: " + (got.data ? got.data->dump().substr(0, 120) : "no data"));
  }
}

// ---- the map's header, shared by the encoders that write only the data ----

void packet_header(const sio::packet& p, std::string& out) {
  out.push_back(static_cast<char>(0x80 | (2 + (p.id ? 1 : 0) + (p.data ? 1 : 0))));
  out.append("\xa4type", 5);
  out.push_back(static_cast<char>(p.type));
  out.append("\xa3nsp", 4);
  out.push_back(static_cast<char>(0xa0 | p.nsp.size()));  // the workloads' "/"
  out.append(p.nsp);
  if (p.data) out.append("\xa4" "data", 5);
}

#ifdef SIOC_BENCH_MSGPACK_CXX
// msgpack-cxx events -> nlohmann::json, as sioc's reader builds it.
class json_visitor : public msgpack::null_visitor {
 public:
  explicit json_visitor(json& root) : root_(root) {}

  bool visit_nil() { return put(nullptr); }
  bool visit_boolean(bool v) { return put(v); }
  bool visit_positive_integer(std::uint64_t v) { return put(v); }
  bool visit_negative_integer(std::int64_t v) { return put(v); }
  bool visit_float32(float v) { return put(static_cast<double>(v)); }
  bool visit_float64(double v) { return put(v); }
  bool visit_str(const char* v, std::uint32_t size) {
    if (in_key_) {
      key_.assign(v, size);
      return true;
    }
    return put(std::string(v, size));
  }
  bool visit_bin(const char* v, std::uint32_t size) {
    const auto* b = reinterpret_cast<const std::uint8_t*>(v);
    return put(json::binary(std::vector<std::uint8_t>(b, b + size)));
  }
  bool start_array(std::uint32_t n) {
    json* a = slot();
    *a = json::array();
    a->get_ptr<json::array_t*>()->reserve(n);
    stack_.push_back(a);
    return true;
  }
  bool end_array() {
    stack_.pop_back();
    return true;
  }
  bool start_map(std::uint32_t) {
    json* o = slot();
    *o = json::object();
    stack_.push_back(o);
    return true;
  }
  bool start_map_key() {
    in_key_ = true;
    return true;
  }
  bool end_map_key() {
    in_key_ = false;
    return true;
  }
  bool end_map() {
    stack_.pop_back();
    return true;
  }
  void parse_error(std::size_t, std::size_t) { ok_ = false; }
  void insufficient_bytes(std::size_t, std::size_t) { ok_ = false; }
  bool ok() const { return ok_; }

 private:
  json* slot() {
    if (stack_.empty()) return &root_;
    json& top = *stack_.back();
    if (top.is_array()) {
      top.get_ptr<json::array_t*>()->emplace_back();
      return &top.get_ptr<json::array_t*>()->back();
    }
    return &top[key_];
  }
  template <class T>
  bool put(T&& v) {
    *slot() = std::forward<T>(v);
    return true;
  }

  json& root_;
  std::vector<json*> stack_;
  std::string key_;
  bool in_key_ = false;
  bool ok_ = true;
};

// A std::string as msgpack-cxx's output stream.
struct string_stream {
  std::string& out;
  void write(const char* p, std::size_t n) { out.append(p, n); }
};

void pack(msgpack::packer<string_stream>& pk, const json& j) {
  switch (j.type()) {
    case json::value_t::null: pk.pack_nil(); break;
    case json::value_t::boolean: j.get<bool>() ? pk.pack_true() : pk.pack_false(); break;
    case json::value_t::number_unsigned: pk.pack_uint64(j.get<std::uint64_t>()); break;
    case json::value_t::number_integer: pk.pack_int64(j.get<std::int64_t>()); break;
    case json::value_t::number_float: pk.pack_double(j.get<double>()); break;
    case json::value_t::string: {
      const auto& s = *j.get_ptr<const json::string_t*>();
      pk.pack_str(static_cast<std::uint32_t>(s.size()));
      pk.pack_str_body(s.data(), static_cast<std::uint32_t>(s.size()));
      break;
    }
    case json::value_t::binary: {
      const auto& b = *j.get_ptr<const json::binary_t*>();
      pk.pack_bin(static_cast<std::uint32_t>(b.size()));
      pk.pack_bin_body(reinterpret_cast<const char*>(b.data()), static_cast<std::uint32_t>(b.size()));
      break;
    }
    case json::value_t::array:
      pk.pack_array(static_cast<std::uint32_t>(j.size()));
      for (const auto& e : j) pack(pk, e);
      break;
    case json::value_t::object:
      pk.pack_map(static_cast<std::uint32_t>(j.size()));
      for (const auto& [k, v] : j.items()) {
        pk.pack_str(static_cast<std::uint32_t>(k.size()));
        pk.pack_str_body(k.data(), static_cast<std::uint32_t>(k.size()));
        pack(pk, v);
      }
      break;
    default: break;
  }
}
#endif

// ---- contenders ----

sio::decode_options msgpack_options(sioc::dialect mode) {
  sio::decode_options o;
  o.format = sio::wire_format::msgpack;
  o.mode = mode;
  o.max_packet_bytes = 1 << 24;
  o.max_attachment_bytes = 1 << 24;
  return o;
}

void add_decoders(const std::string& id, const std::string& frame, const sio::packet& want) {
  const per_op per{frame.size(), 1};
  for (const auto mode : {sioc::dialect::strict, sioc::dialect::reference}) {
    const std::string name = "msgpack/" + id + "/decode/sioc" + (mode == sioc::dialect::reference ? "_reference" : "");
    add(name, [name, frame, want, per, mode](benchmark::State& state) {
      sio::parser parser(msgpack_options(mode));
      {
        auto r = parser.decode(frame);
        if (!r) fail(name, "decode failed: " + r.error_info().describe());
        check_packet(name, "the decoded packet", *r, want);
      }
      run(state, per, [&] {
        auto r = parser.decode(frame);
        benchmark::DoNotOptimize(r);
      });
    });
  }
  const std::string nl = "msgpack/" + id + "/decode/nlohmann";
  add(nl, [name = nl, frame, want, per](benchmark::State& state) {
    const auto decode = [&frame]() {
      json j = json::from_msgpack(frame);
      sio::packet p;
      p.type = static_cast<sio::packet_type>(j["type"].get<int>());
      p.nsp = std::move(j["nsp"].get_ref<std::string&>());
      p.data = std::move(j["data"]);
      return p;
    };
    check_packet(name, "the decoded packet", decode(), want);
    run(state, per, [&] {
      auto p = decode();
      benchmark::DoNotOptimize(p);
    });
  });
#ifdef SIOC_BENCH_MSGPACK_CXX
  const std::string mc = "msgpack/" + id + "/decode/msgpack_cxx";
  add(mc, [name = mc, frame, want, per](benchmark::State& state) {
    const auto decode = [&frame, &name]() {
      json j;
      json_visitor v(j);
      std::size_t off = 0;
      const bool ok = msgpack::parse(frame.data(), frame.size(), off, v);
      check(ok && v.ok() && off == frame.size(), name, "msgpack-cxx refuses the frame");
      sio::packet p;
      p.type = static_cast<sio::packet_type>(j["type"].get<int>());
      p.nsp = std::move(j["nsp"].get_ref<std::string&>());
      p.data = std::move(j["data"]);
      return p;
    };
    check_packet(name, "the decoded packet", decode(), want);
    run(state, per, [&] {
      auto p = decode();
      benchmark::DoNotOptimize(p);
    });
  });
#endif
}

void add_encoders(const std::string& id, const sio::packet& packet) {
  const std::string sc = "msgpack/" + id + "/encode/sioc";
  add(sc, [name = sc, packet](benchmark::State& state) {
    sio::encode_options o;
    o.format = sio::wire_format::msgpack;
    std::string out;
    std::vector<std::string_view> attachments;
    if (auto r = sio::encode(packet, out, attachments, o); !r) fail(name, "encode failed: " + r.error_info().describe());
    check_packet(name, "the packet read back from the output", read_back(out, name), packet);
    run(state, {out.size(), 1}, [&] {
      out.clear();
      auto r = sio::encode(packet, out, attachments, o);
      benchmark::DoNotOptimize(r);
      benchmark::DoNotOptimize(out.data());
    });
  });
  const std::string nl = "msgpack/" + id + "/encode/nlohmann";
  add(nl, [name = nl, packet](benchmark::State& state) {
    std::string out;
    const auto encode = [&]() {
      out.clear();
      packet_header(packet, out);
      json::to_msgpack(*packet.data, out);
    };
    encode();
    check_packet(name, "the packet read back from the output", read_back(out, name), packet);
    run(state, {out.size(), 1}, [&] {
      encode();
      benchmark::DoNotOptimize(out.data());
    });
  });
#ifdef SIOC_BENCH_MSGPACK_CXX
  const std::string mc = "msgpack/" + id + "/encode/msgpack_cxx";
  add(mc, [name = mc, packet](benchmark::State& state) {
    std::string out;
    string_stream stream{out};
    msgpack::packer<string_stream> pk(stream);
    const auto encode = [&]() {
      out.clear();
      packet_header(packet, out);
      pack(pk, *packet.data);
    };
    encode();
    check_packet(name, "the packet read back from the output", read_back(out, name), packet);
    run(state, {out.size(), 1}, [&] {
      encode();
      benchmark::DoNotOptimize(out.data());
    });
  });
#endif
}

void register_msgpack(const workload_set& set) {
  for (const char* id : {"W3", "W5", "W6"}) {
    const workload* w = set.find(id);
    if (w == nullptr) continue;
    const std::string bench = std::string("msgpack/") + id;
    const sio::packet packet = packet_of(*w, bench);
    sio::encode_options o;
    o.format = sio::wire_format::msgpack;
    std::string frame;
    std::vector<std::string_view> attachments;
    if (auto r = sio::encode(packet, frame, attachments, o); !r) fail(bench, "encode failed: " + r.error_info().describe());
    check_packet(bench, "the frame read back with from_msgpack", read_back(frame, bench), packet);
    add_decoders(id, frame, packet);
    add_encoders(id, packet);
  }
}

const suite_registrar msgpack_suite("msgpack", register_msgpack);

}  // namespace
}  // namespace sioc_bench
