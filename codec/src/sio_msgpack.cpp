// Socket.IO v5 packets in MessagePack, as socket.io-msgpack-parser 3.0.2 (on
// notepack.io 2.2.0) reads and writes them: one binary frame holding one map
// {"type", "nsp", "id"?, "data"?}, binary values inline.
//
// A reader of our own rather than a library's (bench/README.md, "msgpack",
// has the measurements): nlohmann's from_msgpack recurses as deep as the
// input nests and reports errors by exception, msgpack-cxx adds a dependency
// for no speed, and neither reproduces notepack.io's reading of extensions,
// invalid UTF-8 or "__proto__" that the reference dialect needs.
//
// Decoding is one pass with an explicit stack: hostile nesting costs memory
// in proportion to the frame, never call depth. A declared length or count
// is checked against the bytes left before anything is reserved for it (an
// element takes at least one byte, a map pair two), so output memory stays
// proportional to the frame. Errors name the offset of the offending value.
//
// The reference's reading, which the reference dialect reproduces
// (sio.hpp, decoder::feed, lists the rules): notepack.io builds plain
// JavaScript values, then the Decoder checks type (Number.isInteger, 0-4),
// nsp (a string), data per type (Array.isArray for EVENT/ACK, a plain object
// for CONNECT and CONNECT_ERROR) and id (Number.isInteger), in that order.
#include "sio_msgpack.hpp"

#include "detail.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <utility>
#include <vector>

namespace sioc::sio::msgpack_format {
namespace {

using detail::make_error;
using detail::npos;

// Event names the text format's reference refuses; strict applies them here too.
constexpr std::string_view kReservedEvents[] = {"connect",       "connect_error", "disconnect",
                                                "disconnecting", "newListener",   "removeListener"};

bool is_reserved_event(std::string_view name) noexcept {
  for (const std::string_view r : kReservedEvents) {
    if (name == r) return true;
  }
  return false;
}

// A stack that holds its first N entries inline, so that the usual shallow
// packets allocate nothing for it.
template <class T, std::size_t N>
class small_stack {
 public:
  bool empty() const noexcept { return size_ == 0; }
  std::size_t size() const noexcept { return size_; }
  T& back() noexcept { return size_ <= N ? inline_[size_ - 1] : more_[size_ - 1 - N]; }
  void push(const T& v) {
    if (size_ < N) {
      inline_[size_] = v;
    } else {
      more_.push_back(v);
    }
    ++size_;
  }
  void pop() noexcept {
    if (size_ > N) more_.pop_back();
    --size_;
  }

 private:
  T inline_[N]{};
  std::vector<T> more_;
  std::size_t size_ = 0;
};

std::size_t saturating_add(std::size_t a, std::size_t b) noexcept {
  return a > std::numeric_limits<std::size_t>::max() - b ? std::numeric_limits<std::size_t>::max() : a + b;
}

// ---------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------

enum class kind : std::uint8_t { nil, boolean, uint, sint, float32, float64, str, bin, array, map, ext };

// One value's header: its kind and what the bytes after the prefix say.
struct head {
  kind k = kind::nil;
  std::size_t at = 0;      // offset of the prefix byte
  std::uint64_t n = 0;     // uint value, boolean, byte length (str, bin, ext) or element/pair count
  std::int64_t i = 0;      // sint value
  double d = 0;            // float value
  std::int8_t ext_type = 0;
  bool fixext = false;
};

// What a value is to JavaScript beyond its json form (reference dialect).
enum class special : std::uint8_t {
  none,
  undefined,  // fixext 1 of type 0
  date,       // fixext 8 of type 0: a Date, given as {} (it has no members of its own)
};

std::uint64_t big_endian(const unsigned char* p, std::size_t n) noexcept {
  std::uint64_t v = 0;
  for (std::size_t k = 0; k < n; ++k) v = (v << 8) | p[k];
  return v;
}

// Appends `s` with each maximal ill-formed UTF-8 subpart replaced by U+FFFD,
// as Buffer.toString("utf8") does.
void append_replacing(std::string_view s, std::string& out) {
  for (std::size_t i = 0; i < s.size();) {
    const detail::utf8_sequence seq = detail::utf8_sequence_at(s, i);
    if (seq.well_formed) {
      out.append(s.data() + i, seq.length);
    } else {
      out.append("\xEF\xBF\xBD");
    }
    i += seq.length;
  }
}

class reader {
 public:
  reader(std::string_view frame, const decode_options& opts) noexcept
      : in_(frame), bytes_(reinterpret_cast<const unsigned char*>(frame.data())), opts_(opts),
        reference_(opts.mode == dialect::reference) {}

  std::size_t pos() const noexcept { return pos_; }
  bool reference() const noexcept { return reference_; }
  // Whether a map starts at pos().
  bool at_map() const noexcept {
    if (pos_ >= in_.size()) return false;
    const unsigned char b = bytes_[pos_];
    return (b >= 0x80 && b <= 0x8f) || b == 0xde || b == 0xdf;
  }

  // Reads a header at pos() and checks the limits it touches.
  error next_head(head& h) noexcept;
  // Reads a map key (a string) into `key`.
  error read_key(std::string& key) noexcept;
  // Reads one value into *out (nullptr: validate and drop it), whose depth
  // is `depth`. `root` tells what JavaScript makes of it, `root_kind` its
  // MessagePack kind.
  error value(json* out, std::size_t depth, special& root, kind& root_kind);
  // Bytes after what was read: an error at the first of them.
  error finish() const noexcept {
    if (pos_ != in_.size()) return make_error(errc::invalid_json, pos_, "bytes after the packet's map");
    if (in_.size() - binary_bytes_ > opts_.max_packet_bytes) {
      return make_error(errc::payload_too_large, in_.size(),
                        "frame bytes outside bin values exceed decode_options::max_packet_bytes");
    }
    return {};
  }

 private:
  struct level {
    json* target = nullptr;  // the array or object being filled; nullptr when dropping
    std::uint64_t left = 0;  // elements, or pairs, still to read
    bool is_map = false;
  };

  error read_head(head& h) noexcept;
  error string_at(const head& h, std::string* out) noexcept;
  error binary_at(const head& h) noexcept;

  std::string_view in_;
  const unsigned char* bytes_;
  const decode_options& opts_;
  bool reference_;
  std::size_t pos_ = 0;
  std::size_t binary_bytes_ = 0;  // inside bin and ext values so far
  small_stack<level, 16> levels_;
  std::string key_;
};

error reader::read_head(head& h) noexcept {
  h = head{};
  h.at = pos_;
  const std::size_t size = in_.size();
  if (pos_ >= size) {
    return make_error(errc::truncated, size, "the frame ends before the last element of an array or map");
  }
  const unsigned char b = bytes_[pos_];
  const error truncated = make_error(errc::truncated, h.at, "the frame ends inside this value");
  if (b <= 0x7f) {
    h.k = kind::uint;
    h.n = b;
    ++pos_;
    return {};
  }
  if (b >= 0xe0) {
    h.k = kind::sint;
    h.i = static_cast<std::int8_t>(b);
    ++pos_;
    return {};
  }
  std::size_t width = 0;  // header bytes after the prefix
  if (b <= 0x8f) {
    h.k = kind::map;
    h.n = b & 0x0fU;
  } else if (b <= 0x9f) {
    h.k = kind::array;
    h.n = b & 0x0fU;
  } else if (b <= 0xbf) {
    h.k = kind::str;
    h.n = b & 0x1fU;
  } else {
    switch (b) {
      case 0xc0: h.k = kind::nil; break;
      case 0xc1: return make_error(errc::invalid_json, h.at, "byte 0xc1, which MessagePack never uses");
      case 0xc2:
      case 0xc3:
        h.k = kind::boolean;
        h.n = b == 0xc3;
        break;
      case 0xc4: case 0xc5: case 0xc6: h.k = kind::bin; width = std::size_t{1} << (b - 0xc4); break;
      case 0xc7: case 0xc8: case 0xc9: h.k = kind::ext; width = (std::size_t{1} << (b - 0xc7)) + 1; break;
      case 0xca: h.k = kind::float32; width = 4; break;
      case 0xcb: h.k = kind::float64; width = 8; break;
      case 0xcc: case 0xcd: case 0xce: case 0xcf: h.k = kind::uint; width = std::size_t{1} << (b - 0xcc); break;
      case 0xd0: case 0xd1: case 0xd2: case 0xd3: h.k = kind::sint; width = std::size_t{1} << (b - 0xd0); break;
      case 0xd4: case 0xd5: case 0xd6: case 0xd7: case 0xd8:
        h.k = kind::ext;
        h.fixext = true;
        h.n = std::uint64_t{1} << (b - 0xd4);
        width = 1;
        break;
      case 0xd9: case 0xda: case 0xdb: h.k = kind::str; width = std::size_t{1} << (b - 0xd9); break;
      case 0xdc: case 0xdd: h.k = kind::array; width = std::size_t{2} << (b - 0xdc); break;
      default: h.k = kind::map; width = std::size_t{2} << (b - 0xde); break;  // 0xde, 0xdf
    }
  }
  ++pos_;
  if (size - pos_ < width) return truncated;
  const unsigned char* p = bytes_ + pos_;
  pos_ += width;
  switch (h.k) {
    case kind::uint: h.n = big_endian(p, width); return {};
    case kind::sint: {
      const std::uint64_t raw = big_endian(p, width);
      const unsigned shift = static_cast<unsigned>(64 - 8 * width);
      h.i = static_cast<std::int64_t>(raw << shift) >> shift;  // sign-extend
      return {};
    }
    case kind::float32: {
      const auto raw = static_cast<std::uint32_t>(big_endian(p, 4));
      float f;
      std::memcpy(&f, &raw, sizeof f);
      h.d = f;
      return {};
    }
    case kind::float64: {
      const std::uint64_t raw = big_endian(p, 8);
      std::memcpy(&h.d, &raw, sizeof h.d);
      return {};
    }
    case kind::ext:
      if (!h.fixext) h.n = big_endian(p, width - 1);
      h.ext_type = static_cast<std::int8_t>(p[width - 1]);
      break;
    case kind::str:
    case kind::bin:
    case kind::array:
    case kind::map:
      if (width > 0) h.n = big_endian(p, width);
      break;
    default: return {};
  }
  // A length or count the bytes left cannot hold: refused before anything is
  // reserved for it.
  const std::uint64_t left = size - pos_;
  if (h.k == kind::map ? h.n > left / 2 : h.n > left) return truncated;
  return {};
}

error reader::next_head(head& h) noexcept {
  if (const error e = read_head(h); e.code != errc::ok) return e;
  if (pos_ - binary_bytes_ > opts_.max_packet_bytes) {
    return make_error(errc::payload_too_large, h.at,
                      "frame bytes outside bin values exceed decode_options::max_packet_bytes");
  }
  return {};
}

// The string whose header is `h`, into *out (nullptr: checked only).
error reader::string_at(const head& h, std::string* out) noexcept {
  const std::string_view s = in_.substr(pos_, static_cast<std::size_t>(h.n));
  pos_ += s.size();
  if (reference_) {
    if (out == nullptr) return {};
    if (detail::utf8_invalid_at(s) == npos) {
      out->assign(s);
    } else {
      out->clear();
      append_replacing(s, *out);
    }
    return {};
  }
  if (const std::size_t bad = detail::utf8_invalid_at(s); bad != npos) {
    return make_error(errc::invalid_utf8, pos_ - s.size() + bad, "string is not well-formed UTF-8");
  }
  if (out != nullptr) out->assign(s);
  return {};
}

// Counts the bytes of a bin or ext value towards max_attachment_bytes.
error reader::binary_at(const head& h) noexcept {
  const auto n = static_cast<std::size_t>(h.n);
  if (n > opts_.max_attachment_bytes - binary_bytes_) {
    return make_error(errc::payload_too_large, h.at, "bin values exceed decode_options::max_attachment_bytes");
  }
  binary_bytes_ += n;
  return {};
}

error reader::read_key(std::string& key) noexcept {
  head h;
  if (const error e = next_head(h); e.code != errc::ok) return e;
  if (h.k != kind::str) {
    return make_error(errc::invalid_payload, h.at, "map key is not a string (sioc reads string keys only)");
  }
  return string_at(h, &key);
}

std::vector<std::uint8_t> bytes_of(const unsigned char* p, std::size_t n) { return {p, p + n}; }

json integer(std::int64_t v) {
  // Non-negative integers are unsigned, as json::parse makes them.
  if (v >= 0) return json(static_cast<std::uint64_t>(v));
  return json(v);
}

error reader::value(json* out, std::size_t depth, special& root, kind& root_kind) {
  root = special::none;
  json* slot = out;
  // Where *slot lives when it is a member: erased again if the value is undefined.
  json::object_t* slot_map = nullptr;
  json::object_t::iterator slot_member;
  const std::size_t base = levels_.size();
  std::size_t d = depth;
  for (;;) {
    if (d > opts_.max_depth) {
      return make_error(errc::too_deep, pos_, "value nests deeper than decode_options::max_depth");
    }
    head h;
    if (const error e = next_head(h); e.code != errc::ok) return e;
    const bool is_root = levels_.size() == base;
    if (is_root) root_kind = h.k;
    switch (h.k) {
      case kind::nil:
        if (slot) *slot = nullptr;
        break;
      case kind::boolean:
        if (slot) *slot = h.n != 0;
        break;
      case kind::uint:
        if (slot) *slot = h.n;
        break;
      case kind::sint:
        if (slot) *slot = integer(h.i);
        break;
      case kind::float32:
      case kind::float64:
        if (!std::isfinite(h.d) && !reference_) {
          return make_error(errc::invalid_payload, h.at, "number is not finite (no JSON value is)");
        }
        if (slot) *slot = h.d;
        break;
      case kind::str:
        if (slot) *slot = json::value_t::string;
        if (const error e = string_at(h, slot ? slot->get_ptr<json::string_t*>() : nullptr); e.code != errc::ok) {
          return e;
        }
        break;
      case kind::bin: {
        if (const error e = binary_at(h); e.code != errc::ok) return e;
        const auto n = static_cast<std::size_t>(h.n);
        if (slot) *slot = json::binary(bytes_of(bytes_ + pos_, n));
        pos_ += n;
        break;
      }
      case kind::ext: {
        if (const error e = binary_at(h); e.code != errc::ok) return e;
        const auto n = static_cast<std::size_t>(h.n);
        const unsigned char* body = bytes_ + pos_;
        pos_ += n;
        if (!h.fixext && h.ext_type == 0) {  // notepack.io's ArrayBuffer: bytes
          if (slot) *slot = json::binary(bytes_of(body, n));
          break;
        }
        if (!reference_) {
          return make_error(errc::invalid_payload, h.at,
                            "MessagePack extension other than type 0 in ext 8/16/32 (binary)");
        }
        if (h.fixext && h.ext_type == 0 && n == 1) {  // undefined
          if (is_root) root = special::undefined;
          if (slot_map != nullptr && !is_root) slot_map->erase(slot_member);
          break;  // an array element stays null, as JSON.stringify writes it
        }
        if (h.fixext && h.ext_type == 0 && n == 8) {  // a Date
          if (is_root) root = special::date;
          if (slot) *slot = json::object();
          break;
        }
        // [type, bytes]: an array around its two elements.
        if (d + 1 > opts_.max_depth) {
          return make_error(errc::too_deep, h.at, "value nests deeper than decode_options::max_depth");
        }
        if (slot) *slot = json::array({integer(h.ext_type), json::binary(bytes_of(body, n))});
        break;
      }
      case kind::array:
        if (slot) {
          *slot = json::array();
          // Declared counts are only checked against the bytes left, which nested arrays share:
          // reserving them all would let each byte of a nest of arrays hold a count's worth of
          // slots. A few are reserved; beyond, the array grows with the elements that arrive.
          slot->get_ptr<json::array_t*>()->reserve(static_cast<std::size_t>(std::min<std::uint64_t>(h.n, 4)));
        }
        if (h.n > 0) levels_.push({slot, h.n, false});
        break;
      case kind::map:
        if (slot) *slot = json::object();
        if (h.n > 0) levels_.push({slot, h.n, true});
        break;
    }
    // The next slot: the next element or member of the innermost open container.
    for (;;) {
      if (levels_.size() == base) return {};
      level& l = levels_.back();
      if (l.left == 0) {
        levels_.pop();
        continue;
      }
      --l.left;
      slot_map = nullptr;
      if (!l.is_map) {
        if (l.target == nullptr) {
          slot = nullptr;
        } else {
          json::array_t& a = *l.target->get_ptr<json::array_t*>();
          // May reallocate: only the open container's element is pointed at, and its siblings
          // come after it is closed.
          a.emplace_back();
          slot = &a.back();
        }
        break;
      }
      if (const error e = read_key(key_); e.code != errc::ok) return e;
      // An own "__proto__" sets the object's prototype instead (reference).
      if (l.target == nullptr || (reference_ && key_ == "__proto__")) {
        slot = nullptr;
        break;
      }
      json::object_t& o = *l.target->get_ptr<json::object_t*>();
      auto [it, inserted] = o.emplace(key_, nullptr);
      if (!inserted) it->second = nullptr;  // a repeated key keeps its last value
      slot = &it->second;
      slot_map = &o;
      slot_member = it;
      break;
    }
    d = depth + (levels_.size() - base);
  }
}

// ---------------------------------------------------------------------------
// The packet map
// ---------------------------------------------------------------------------

enum member : std::uint8_t { m_type, m_nsp, m_id, m_data, m_count };

// One own member of a packet map.
struct field {
  bool present = false;
  json value;
  special js = special::none;
  std::size_t at = 0;
};

// A map read as a packet: the top-level one, or (reference) one it inherits
// from through "__proto__".
struct packet_map {
  std::uint64_t left = 0;
  std::size_t depth = 0;   // depth of its members' values
  std::size_t parent = 0;  // the map whose "__proto__" this is
  std::size_t proto = npos;
  field f[m_count];
};

int member_of(std::string_view key) noexcept {
  if (key == "type") return m_type;
  if (key == "nsp") return m_nsp;
  if (key == "id") return m_id;
  if (key == "data") return m_data;
  return -1;
}

bool is_number(const field* f) noexcept { return f != nullptr && f->js == special::none && f->value.is_number(); }

enum class integer_check : std::uint8_t { ok, not_integer, negative, too_large };

// The member as an integer in [0, hi]: a MessagePack integer (strict), or
// any number for which Number.isInteger holds (reference; -0 is 0).
integer_check as_integer(const field* f, bool reference, std::uint64_t hi, std::uint64_t& out) noexcept {
  if (!is_number(f)) return integer_check::not_integer;
  const json& v = f->value;
  if (v.is_number_unsigned()) {
    out = v.get<std::uint64_t>();
    return out > hi ? integer_check::too_large : integer_check::ok;
  }
  if (v.is_number_integer()) return integer_check::negative;  // non-negative ones are unsigned
  if (!reference) return integer_check::not_integer;
  const double d = v.get<double>();
  if (!std::isfinite(d) || std::trunc(d) != d) return integer_check::not_integer;
  if (d < 0) return integer_check::negative;
  if (d >= 0x1p64 || static_cast<std::uint64_t>(d) > hi) return integer_check::too_large;
  out = static_cast<std::uint64_t>(d);
  return integer_check::ok;
}

}  // namespace

result<packet> decode(std::string_view frame, const decode_options& opts) noexcept {
  if (frame.empty()) return make_error(errc::empty_packet, 0, "empty frame: no packet map");
  const std::size_t most = saturating_add(opts.max_packet_bytes, opts.max_attachment_bytes);
  if (frame.size() > most) {
    return make_error(errc::payload_too_large, most,
                      "frame exceeds decode_options::max_packet_bytes plus max_attachment_bytes");
  }
  reader r(frame, opts);
  head h;
  if (const error e = r.next_head(h); e.code != errc::ok) return e;
  if (h.k != kind::map) {
    return make_error(errc::invalid_payload, 0, "the frame does not hold a map (a packet is a map of type, nsp, "
                                                "id and data)");
  }
  // The frame's map, and (reference) the maps of its "__proto__" chain:
  // map(0) is the frame's, map(i) protos[i - 1].
  packet_map top;
  std::vector<packet_map> protos;
  const auto map = [&](std::size_t i) -> packet_map& { return i == 0 ? top : protos[i - 1]; };
  top.left = h.n;
  std::string key;
  std::size_t cur = 0;
  for (;;) {
    if (map(cur).left == 0) {
      if (cur == 0) break;
      const std::size_t done = cur;
      cur = map(cur).parent;
      map(cur).proto = done;
      continue;
    }
    --map(cur).left;
    if (const error e = r.read_key(key); e.code != errc::ok) return e;
    const std::size_t depth = map(cur).depth;
    special js = special::none;
    kind k = kind::nil;
    if (const int m = member_of(key); m >= 0) {
      field& f = map(cur).f[m];
      f.present = true;
      f.at = r.pos();
      if (const error e = r.value(&f.value, depth, f.js, k); e.code != errc::ok) return e;
      continue;
    }
    if (r.reference() && key == "__proto__") {
      // A map becomes the prototype, and is read as a packet map in its turn;
      // another object (an array, bytes, a Date) or null leaves none with
      // packet members; anything else is ignored, as the __proto__ setter does.
      if (r.at_map()) {
        if (depth > opts.max_depth) {
          return make_error(errc::too_deep, r.pos(), "value nests deeper than decode_options::max_depth");
        }
        if (const error e = r.next_head(h); e.code != errc::ok) return e;
        packet_map child;
        child.left = h.n;
        child.depth = depth + 1;
        child.parent = cur;
        protos.push_back(std::move(child));
        cur = protos.size();
        continue;
      }
      if (const error e = r.value(nullptr, depth, js, k); e.code != errc::ok) return e;
      if (k == kind::nil || k == kind::array || k == kind::bin || (k == kind::ext && js != special::undefined)) {
        map(cur).proto = npos;
      }
      continue;
    }
    if (const error e = r.value(nullptr, depth, js, k); e.code != errc::ok) return e;  // not part of the packet
  }
  if (const error e = r.finish(); e.code != errc::ok) return e;

  // Own members first, then the prototype's, as a property lookup goes.
  const auto find = [&map](member m) -> field* {
    for (std::size_t c = 0;;) {
      packet_map& pm = map(c);
      if (pm.f[m].present) return &pm.f[m];
      if (pm.proto == npos) return nullptr;
      c = pm.proto;
    }
  };
  const bool reference = opts.mode == dialect::reference;
  const auto at = [](const field* f) { return f ? f->at : std::size_t{0}; };

  packet p;
  field* type = find(m_type);
  std::uint64_t t = 0;
  if (as_integer(type, reference, 4, t) != integer_check::ok) {
    return make_error(errc::unknown_packet_type, at(type),
                      reference ? "packet type is not an integer from 0 to 4"
                                : "packet type is not a MessagePack integer from 0 to 4");
  }
  p.type = static_cast<packet_type>(t);

  field* nsp = find(m_nsp);
  if (nsp == nullptr || nsp->js != special::none || !nsp->value.is_string()) {
    return make_error(errc::invalid_namespace, at(nsp), "namespace is missing or not a string");
  }

  field* data = find(m_data);
  const bool has_data = data != nullptr && data->js != special::undefined;
  const bool plain_object = has_data && data->js == special::none && data->value.is_object();
  const char* bad_data = nullptr;
  switch (p.type) {
    case packet_type::connect:
      if (has_data && !plain_object) bad_data = "CONNECT data is not a map";
      break;
    case packet_type::disconnect:
      if (has_data) bad_data = "DISCONNECT carries no data";
      break;
    case packet_type::connect_error:
      if (!has_data || !(plain_object || data->value.is_string())) bad_data = "CONNECT_ERROR data is not a string or a map";
      break;
    default:
      if (!has_data || !data->value.is_array()) {
        bad_data = p.type == packet_type::event ? "EVENT data is not an array" : "ACK data is not an array";
      } else if (p.type == packet_type::event && !reference) {
        const json::array_t& args = *data->value.get_ptr<const json::array_t*>();
        if (args.empty()) {
          bad_data = "event payload has no event name";
        } else if (args.front().is_string()) {
          if (is_reserved_event(*args.front().get_ptr<const json::string_t*>())) bad_data = "event name is reserved";
        } else if (!args.front().is_number()) {
          bad_data = "event name is not a string or a number";
        }
      }
  }
  if (bad_data != nullptr) return make_error(errc::invalid_payload, at(data), bad_data);

  field* id = find(m_id);
  if (id != nullptr && id->js != special::undefined) {
    std::uint64_t n = 0;
    switch (as_integer(id, reference, opts.max_ack_id, n)) {
      case integer_check::ok: break;
      case integer_check::negative:
        return make_error(errc::invalid_ack_id, id->at,
                          "ack id is negative (socket.io numbers acks from 0; packet::id holds none below it)");
      case integer_check::too_large:
        return make_error(errc::invalid_ack_id, id->at, "ack id exceeds decode_options::max_ack_id");
      case integer_check::not_integer:
        return make_error(errc::invalid_ack_id, id->at,
                          reference ? "ack id is not an integer" : "ack id is not a MessagePack integer");
    }
    p.id = n;
  }

  p.nsp = std::move(*nsp->value.get_ptr<json::string_t*>());
  if (has_data) p.data = std::move(data->value);
  return p;
}

// ---------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------

namespace {

class writer {
 public:
  explicit writer(std::string& out) noexcept : out_(out) {}

  void byte(unsigned v) { out_.push_back(static_cast<char>(static_cast<unsigned char>(v))); }
  void big_endian(std::uint64_t v, unsigned bytes) {
    for (unsigned k = bytes; k-- > 0;) byte(static_cast<unsigned>((v >> (8 * k)) & 0xffU));
  }
  // The smallest form, as notepack.io picks it.
  void uint(std::uint64_t v) {
    if (v < 0x80) {
      byte(static_cast<unsigned>(v));
    } else if (v < 0x100) {
      byte(0xcc);
      big_endian(v, 1);
    } else if (v < 0x10000) {
      byte(0xcd);
      big_endian(v, 2);
    } else if (v < 0x100000000) {
      byte(0xce);
      big_endian(v, 4);
    } else {
      byte(0xcf);
      big_endian(v, 8);
    }
  }
  void sint(std::int64_t v) {
    if (v >= 0) return uint(static_cast<std::uint64_t>(v));
    const auto raw = static_cast<std::uint64_t>(v);
    if (v >= -32) {
      byte(static_cast<unsigned>(raw & 0xffU));
    } else if (v >= -128) {
      byte(0xd0);
      big_endian(raw, 1);
    } else if (v >= -32768) {
      byte(0xd1);
      big_endian(raw, 2);
    } else if (v >= -2147483648LL) {
      byte(0xd2);
      big_endian(raw, 4);
    } else {
      byte(0xd3);
      big_endian(raw, 8);
    }
  }
  // A double with an integral value is written as an integer, as notepack.io
  // does; notepack.io wraps those beyond 64 bits around, which we refuse.
  const char* number(double v) {
    if (!std::isfinite(v)) return "data holds a non-finite number (a strict decoder refuses it)";
    if (std::trunc(v) == v) {
      if (v >= 0x1p64 || v < -0x1p63) return "data holds an integral number beyond MessagePack's 64-bit integers";
      if (v >= 0) {
        uint(static_cast<std::uint64_t>(v));
      } else {
        sint(static_cast<std::int64_t>(v));
      }
      return nullptr;
    }
    std::uint64_t raw;
    std::memcpy(&raw, &v, sizeof raw);
    byte(0xcb);
    big_endian(raw, 8);
    return nullptr;
  }
  // Writes a header of a fix form (tag | n below `fix_limit`) or of the
  // 8/16/32-bit forms whose tags follow `tag8`.
  void header(std::size_t n, unsigned fix_tag, std::size_t fix_limit, unsigned tag8, bool has8) {
    if (n < fix_limit) {
      byte(fix_tag | static_cast<unsigned>(n));
    } else if (has8 && n < 0x100) {
      byte(tag8);
      big_endian(n, 1);
    } else if (n < 0x10000) {
      byte(has8 ? tag8 + 1 : tag8);
      big_endian(n, 2);
    } else {
      byte(has8 ? tag8 + 2 : tag8 + 1);
      big_endian(n, 4);
    }
  }
  const char* string(std::string_view s) {
    if (detail::utf8_invalid_at(s) != npos) return "a string is not well-formed UTF-8";
    if (s.size() > 0xffffffffU) return "a string is longer than MessagePack holds (2^32-1 bytes)";
    header(s.size(), 0xa0, 32, 0xd9, true);
    out_.append(s);
    return nullptr;
  }
  const char* value(const json& root);

 private:
  struct level {
    const json* node = nullptr;
    std::size_t index = 0;                      // arrays
    json::object_t::const_iterator member{};    // objects
  };

  std::string& out_;
  small_stack<level, 16> levels_;
};

const char* writer::value(const json& root) {
  const json* v = &root;
  for (;;) {
    switch (v->type()) {
      case json::value_t::null: byte(0xc0); break;
      case json::value_t::boolean: byte(*v->get_ptr<const json::boolean_t*>() ? 0xc3 : 0xc2); break;
      case json::value_t::number_unsigned: uint(*v->get_ptr<const json::number_unsigned_t*>()); break;
      case json::value_t::number_integer: sint(*v->get_ptr<const json::number_integer_t*>()); break;
      case json::value_t::number_float:
        if (const char* why = number(*v->get_ptr<const json::number_float_t*>())) return why;
        break;
      case json::value_t::string:
        if (const char* why = string(*v->get_ptr<const json::string_t*>())) return why;
        break;
      case json::value_t::binary: {
        const json::binary_t& b = *v->get_ptr<const json::binary_t*>();
        if (b.size() > 0xffffffffU) return "binary data is longer than MessagePack holds (2^32-1 bytes)";
        header(b.size(), 0, 0, 0xc4, true);
        out_.append(reinterpret_cast<const char*>(b.data()), b.size());
        break;
      }
      case json::value_t::array: {
        const json::array_t& a = *v->get_ptr<const json::array_t*>();
        if (a.size() > 0xffffffffU) return "an array is longer than MessagePack holds";
        header(a.size(), 0x90, 16, 0xdc, false);
        if (!a.empty()) levels_.push({v, 0, {}});
        break;
      }
      case json::value_t::object: {
        const json::object_t& o = *v->get_ptr<const json::object_t*>();
        if (o.size() > 0xffffffffU) return "an object is larger than MessagePack holds";
        header(o.size(), 0x80, 16, 0xde, false);
        if (!o.empty()) levels_.push({v, 0, o.begin()});
        break;
      }
      case json::value_t::discarded: return "data holds a discarded json value";
    }
    for (;;) {
      if (levels_.empty()) return nullptr;
      level& l = levels_.back();
      if (l.node->is_array()) {
        const json::array_t& a = *l.node->get_ptr<const json::array_t*>();
        if (l.index == a.size()) {
          levels_.pop();
          continue;
        }
        v = &a[l.index++];
        break;
      }
      if (l.member == l.node->get_ptr<const json::object_t*>()->end()) {
        levels_.pop();
        continue;
      }
      if (const char* why = string(l.member->first)) return why;
      v = &l.member->second;
      ++l.member;
      break;
    }
  }
}

// What the msgpack format cannot or must not carry, before anything is
// written: the text format's rules (sio_encode.cpp) less those it does not need.
const char* invalid_reason(const packet& p, packet_type type) noexcept {
  if (p.nsp.empty() || p.nsp.front() != '/') return "namespace does not start with '/'";
  if (detail::utf8_invalid_at(p.nsp) != npos) return "namespace is not well-formed UTF-8";
  if (!p.query.empty()) return "a query is only sent with a v4 CONNECT; the msgpack format is Socket.IO v5";
  if (p.id) {
    if (type != packet_type::event && type != packet_type::ack) return "only EVENT and ACK packets carry an ack id";
    if (*p.id > max_safe_ack_id) return "ack id is above 2^53-1, the largest a JavaScript peer holds exactly";
  }
  const json* d = p.data ? &*p.data : nullptr;
  switch (type) {
    case packet_type::connect: return !d || d->is_object() ? nullptr : "CONNECT data is not an object";
    case packet_type::disconnect: return d ? "DISCONNECT carries no data" : nullptr;
    case packet_type::connect_error:
      return d && (d->is_string() || d->is_object()) ? nullptr : "CONNECT_ERROR data is not a string or an object";
    case packet_type::event: {
      if (!d || !d->is_array() || d->empty()) return "EVENT data is not an array starting with the event name";
      const json& name = d->get_ptr<const json::array_t*>()->front();
      if (name.is_number()) return nullptr;
      if (!name.is_string()) return "event name is not a string or a number";
      if (is_reserved_event(*name.get_ptr<const json::string_t*>())) {
        return "event name is reserved (connect, connect_error, disconnect, disconnecting, newListener, "
               "removeListener)";
      }
      return nullptr;
    }
    case packet_type::ack:
      if (!p.id) return "ACK has no ack id";
      return d && d->is_array() ? nullptr : "ACK data is not an array";
    default: return "packet type is not one of the seven Socket.IO types";
  }
}

}  // namespace

result<std::size_t> encode(const packet& p, std::string& out) {
  packet_type type = p.type;
  if (type == packet_type::binary_event) type = packet_type::event;
  if (type == packet_type::binary_ack) type = packet_type::ack;
  if (const char* why = invalid_reason(p, type)) return make_error(errc::invalid_packet, 0, why);
  const std::size_t start = out.size();
  writer w(out);
  w.byte(0x80U | (2U + (p.id ? 1U : 0U) + (p.data ? 1U : 0U)));
  out.append("\xa4type", 5);
  w.uint(static_cast<std::uint64_t>(type));
  out.append("\xa3nsp", 4);
  w.string(p.nsp);  // checked above
  if (p.id) {
    out.append("\xa2id", 3);
    w.uint(*p.id);
  }
  if (p.data) {
    out.append("\xa4" "data", 5);
    if (const char* why = w.value(*p.data)) {
      out.resize(start);
      return make_error(errc::invalid_packet, 0, why);
    }
  }
  return std::size_t{0};
}

}  // namespace sioc::sio::msgpack_format
