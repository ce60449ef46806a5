// Engine.IO v3 (Socket.IO 1.x/2.x): packets with a type byte, text payloads
// with UTF-16 length prefixes, and XHR2 binary payloads.
//
// The reference is engine.io-parser 2.2.1 under Node. Its server decodes a text
// polling body to a JavaScript string first (UTF-8, each ill-formed subsequence
// replaced by one U+FFFD) and then counts lengths in UTF-16 code units of that
// string. The reference dialect reproduces its decisions on the raw bytes:
//  - a text-payload length prefix is anything JavaScript's Number() reads as a
//    whole number ("+1", " 1", "1.0", "1e0", "0x1", "-0"), and a zero-length
//    record is skipped;
//  - ill-formed UTF-8 in text is accepted, counted as Node counts the U+FFFD
//    it becomes; the packet keeps the raw bytes, not the replacement;
//  - base64 is decoded as Buffer.from(text, "base64") does;
//  - in a binary payload, any kind byte but 0 means binary, a length byte
//    above 9 counts as its decimal spelling (see binary_record), the prefix is
//    capped at 311 characters, a packet cut short by the end of the body is
//    accepted, and text records may hold UTF-8-encoded surrogates (utf8.js).
// Not reproducible: for "b" + a non-digit, a binary frame or record whose type
// byte is above 6, or an empty binary record, the reference returns a packet
// whose type is undefined, which the server then ignores. packet_type has no
// such value, so both dialects report an error instead.
//
// Lone surrogates: a JavaScript string can hold one, UTF-8 cannot. Senders
// replace it with U+FFFD (browsers' XHR, utf8.js), so it never reaches the wire
// as such. Its WTF-8 form (ED A0 80) is ill-formed UTF-8: the strict dialect
// rejects it; the reference dialect accepts it as the reference would (Node
// reads three U+FFFD in a text payload, utf8.js one U+FFFD in a binary
// payload's text record) and keeps the bytes.
#include "detail.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>

namespace sioc::eio::v3 {
namespace {

using detail::make_error;
using detail::npos;

constexpr std::size_t kHuge = static_cast<std::size_t>(-1);

inline bool is_type_digit(char c) noexcept { return c >= '0' && c <= '6'; }
inline packet_type type_of_digit(char c) noexcept { return static_cast<packet_type>(c - '0'); }
inline char digit_of(packet_type t) noexcept { return static_cast<char>('0' + static_cast<int>(t)); }
inline unsigned char byte_at(std::string_view s, std::size_t i) noexcept { return static_cast<unsigned char>(s[i]); }

// v * scale + add, saturating at kHuge (which no real length reaches).
inline std::size_t shift_in(std::size_t v, std::size_t scale, std::size_t add) noexcept {
  return v > (kHuge - add) / scale ? kHuge : v * scale + add;
}

error too_large(std::size_t limit) noexcept {
  return make_error(errc::payload_too_large, limit, "input is larger than decode_options::max_payload_bytes");
}
error too_many(std::size_t offset) noexcept {
  return make_error(errc::too_many_packets, offset, "payload holds more packets than decode_options::max_packets");
}

// ---- UTF-8 text measured in UTF-16 code units ----

// One step through UTF-8: a well-formed sequence, or else its maximal
// ill-formed subpart, which Node's decoder (like every WHATWG one) turns into
// one U+FFFD. A 4-byte sequence is two code units, a surrogate pair.
struct utf8_step {
  std::size_t bytes;
  std::size_t units;
  bool well_formed;
};

utf8_step step_at(std::string_view s, std::size_t i) noexcept {
  const detail::utf8_sequence seq = detail::utf8_sequence_at(s, i);
  const std::size_t units = seq.well_formed && seq.length == 4 ? 2 : 1;
  return {seq.length, units, seq.well_formed};
}

// The length a JavaScript receiver gives `text` after decoding it as Node does.
std::size_t utf16_length(std::string_view text) noexcept {
  std::size_t units = 0;
  for (std::size_t i = 0; i < text.size();) {
    const utf8_step st = step_at(text, i);
    i += st.bytes;
    units += st.units;
  }
  return units;
}

// Where utf8.js (non-strict, as the reference decodes a binary payload's text
// records) first fails: ill-formed UTF-8, except that UTF-8-encoded surrogates
// (ED A0..BF 80..BF) pass.
std::size_t utf8js_invalid_at(std::string_view s) noexcept {
  for (std::size_t from = 0;;) {
    const std::size_t bad = detail::utf8_invalid_at(s.substr(from));
    if (bad == npos) return npos;
    const std::size_t at = from + bad;
    const bool surrogate = byte_at(s, at) == 0xED && at + 2 < s.size() && byte_at(s, at + 1) >= 0xA0 &&
                           byte_at(s, at + 1) <= 0xBF && byte_at(s, at + 2) >= 0x80 && byte_at(s, at + 2) <= 0xBF;
    if (!surrogate) return at;
    from = at + 3;
  }
}

// ---- Single packets ----

// Where decoded base64 bytes go.
struct string_room {  // a frame's: the caller's string
  std::string& storage;
  char* take(std::size_t max) {
    storage.resize(max);
    return storage.data();
  }
  void commit(std::size_t n) { storage.resize(n); }
};

// A payload's: its storage, sized once at the first base64 packet for the rest
// of the body, so it never reallocates under the packets that view it. That
// size suffices because every base64 text ahead sits behind its own
// "b<digit>", and `used` grows by the bytes actually decoded.
struct payload_room {
  sioc::detail::byte_storage& storage;
  std::size_t used = 0;
  std::size_t rest = 0;  // bytes of the body from the current record on
  char* take(std::size_t /*max*/) {
    if (storage.empty()) storage.resize(detail::base64_decoded_max(rest));
    return storage.data() + used;
  }
  void commit(std::size_t n) { used += n; }
};

enum class utf8_check : std::uint8_t { none, strict, utf8js };

// Decodes the text form of a packet: "<digit><data>" or "b<digit><base64>".
// `base` is the offset of `text` in the caller's input, for error offsets.
template <class Room>
result<packet> decode_text(std::string_view text, std::size_t base, utf8_check check, Room& room,
                           dialect mode) noexcept {
  if (text.empty()) return make_error(errc::empty_packet, base, "empty packet: no type digit");
  if (text[0] == 'b') {
    if (text.size() < 2) return make_error(errc::empty_packet, base + 1, "base64 packet has no type digit after 'b'");
    if (!is_type_digit(text[1])) {
      return make_error(errc::unknown_packet_type, base + 1, "base64 packet type is not a digit from 0 to 6");
    }
    const std::string_view b64 = text.substr(2);
    char* dst = room.take(detail::base64_decoded_max(b64.size()));
    const auto n = detail::base64_decode(b64, mode, dst);
    if (!n) return make_error(errc::invalid_base64, base + 2 + n.error_info().offset, n.error_info().message);
    room.commit(*n);
    return packet::bytes(std::string_view(dst, *n), type_of_digit(text[1]));
  }
  if (!is_type_digit(text[0])) {
    return make_error(errc::unknown_packet_type, base, "packet type is not a digit from 0 to 6");
  }
  const std::string_view data = text.substr(1);
  const std::size_t bad = check == utf8_check::strict   ? detail::utf8_invalid_at(data)
                          : check == utf8_check::utf8js ? utf8js_invalid_at(data)
                                                        : npos;
  if (bad != npos) return make_error(errc::invalid_utf8, base + 1 + bad, "packet data is not well-formed UTF-8");
  return packet::text(type_of_digit(text[0]), data);
}

// Decodes the binary form of a packet: a type byte, then the data.
result<packet> decode_bytes(std::string_view bytes, std::size_t base) noexcept {
  if (bytes.empty()) return make_error(errc::empty_packet, base, "empty packet: no type byte");
  if (byte_at(bytes, 0) > 6) {
    return make_error(errc::unknown_packet_type, base, "packet type byte is not a value from 0 to 6");
  }
  return packet::bytes(bytes.substr(1), static_cast<packet_type>(bytes[0]));
}

// ---- Text payload length prefixes ----

// Byte length of the JavaScript white space or line terminator at s[i] (what
// Number() trims), or 0.
std::size_t js_space_at(std::string_view s, std::size_t i) noexcept {
  const auto b = [&](std::size_t k) -> unsigned { return i + k < s.size() ? byte_at(s, i + k) : 0U; };
  const unsigned c = b(0);
  if ((c >= 0x09 && c <= 0x0D) || c == 0x20) return 1;
  if (c == 0xC2 && b(1) == 0xA0) return 2;                     // U+00A0
  if (c == 0xE1 && b(1) == 0x9A && b(2) == 0x80) return 3;     // U+1680
  if (c == 0xE2 && b(1) == 0x80 && ((b(2) >= 0x80 && b(2) <= 0x8A) || b(2) == 0xA8 || b(2) == 0xA9 || b(2) == 0xAF)) {
    return 3;                                                  // U+2000..200A, U+2028, U+2029, U+202F
  }
  if (c == 0xE2 && b(1) == 0x81 && b(2) == 0x9F) return 3;     // U+205F
  if (c == 0xE3 && b(1) == 0x80 && b(2) == 0x80) return 3;     // U+3000
  if (c == 0xEF && b(1) == 0xBB && b(2) == 0xBF) return 3;     // U+FEFF
  return 0;
}

inline bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

inline unsigned digit_value(char c) noexcept {
  if (is_digit(c)) return static_cast<unsigned>(c - '0');
  if (c >= 'a' && c <= 'z') return static_cast<unsigned>(c - 'a' + 10);
  if (c >= 'A' && c <= 'Z') return static_cast<unsigned>(c - 'A' + 10);
  return 99;
}

// The reference accepts a length prefix when Number(prefix) is a whole number
// (-0 included) no larger than the rest of the body. Returns false when
// Number() gives NaN, a fraction or a negative number; otherwise sets `value`,
// to kHuge for +Infinity and every number beyond any body (the reference then
// finds the body too short). `s` is not empty.
bool js_length(std::string_view s, std::size_t& value) noexcept {
  std::size_t i = 0;
  while (const std::size_t k = js_space_at(s, i)) i += k;
  std::size_t end = i;
  while (end < s.size() && (digit_value(s[end]) < 36 || s[end] == '.' || s[end] == '+' || s[end] == '-')) ++end;
  const std::string_view lit = s.substr(i, end - i);
  while (const std::size_t k = js_space_at(s, end)) end += k;
  if (end != s.size()) return false;
  value = 0;
  if (lit.empty()) return true;  // white space only: Number() reads 0

  // 0x / 0o / 0b integers: no sign, no fraction.
  const char prefix = lit.size() >= 2 && lit[0] == '0' ? static_cast<char>(lit[1] | 0x20) : '\0';
  if (prefix == 'x' || prefix == 'o' || prefix == 'b') {
    const unsigned radix = prefix == 'x' ? 16 : prefix == 'o' ? 8 : 2;
    if (lit.size() == 2) return false;
    for (const char c : lit.substr(2)) {
      const unsigned d = digit_value(c);
      if (d >= radix) return false;
      value = shift_in(value, radix, d);
    }
    return true;
  }

  // [+-] digits [. digits] [(e|E) [+-] digits], with a digit in the mantissa.
  std::string_view num = lit;
  const bool negative = num[0] == '-';
  if (num[0] == '+' || num[0] == '-') num.remove_prefix(1);
  if (num == "Infinity") {
    value = kHuge;
    return !negative;
  }
  std::size_t p = 0;
  while (p < num.size() && is_digit(num[p])) ++p;
  const std::size_t int_digits = p;
  std::size_t frac_digits = 0;
  if (p < num.size() && num[p] == '.') {
    ++p;
    for (; p < num.size() && is_digit(num[p]); ++p) ++frac_digits;
  }
  if (int_digits + frac_digits == 0) return false;
  const std::size_t mantissa_end = p;
  long long exponent = 0;
  if (p < num.size() && (num[p] == 'e' || num[p] == 'E')) {
    ++p;
    const bool exp_negative = p < num.size() && num[p] == '-';
    if (p < num.size() && (num[p] == '+' || num[p] == '-')) ++p;
    const std::size_t exp_start = p;
    while (p < num.size() && is_digit(num[p])) {
      if (exponent < 1'000'000'000) exponent = exponent * 10 + (num[p] - '0');
      ++p;
    }
    if (p == exp_start) return false;
    if (exp_negative) exponent = -exponent;
  }
  if (p != num.size()) return false;

  // Number() rounds to the nearest double, so "1.00000000000000000001" is 1;
  // from_chars rounds the same way.
  double v = 0;
  const auto r = std::from_chars(num.data(), num.data() + num.size(), v, std::chars_format::general);
  if (r.ec == std::errc::result_out_of_range) {
    // Zero or infinity: underflow when the first non-zero digit lies below 1.
    long long magnitude = 0;
    for (std::size_t k = 0; k < mantissa_end; ++k) {
      if (num[k] == '.' || num[k] == '0') continue;
      magnitude = k < int_digits ? static_cast<long long>(int_digits - k)
                                 : -static_cast<long long>(k - int_digits - 1);
      break;
    }
    if (magnitude + exponent <= 0) return true;  // underflow to 0
    value = kHuge;
    return !negative;
  }
  if (r.ec != std::errc() || r.ptr != num.data() + num.size()) return false;
  if (negative) return v == 0;  // -0 is the only negative whole length
  if (v != std::floor(v)) return false;
  value = v < 9007199254740992.0 ? static_cast<std::size_t>(v) : kHuge;
  return true;
}

// The end of `units` UTF-16 code units of text starting at `start`, or an error.
result<std::size_t> walk_units(std::string_view body, std::size_t start, std::size_t units, dialect mode) noexcept {
  std::size_t i = start;
  while (units > 0) {
    if (i == body.size()) {
      return make_error(errc::truncated, i, "payload ends inside a packet (its length counts more than remains)");
    }
    if (byte_at(body, i) < 0x80) {  // ASCII, the common case
      ++i;
      --units;
      continue;
    }
    const utf8_step st = step_at(body, i);
    if (!st.well_formed && mode == dialect::strict) {
      return make_error(errc::invalid_utf8, i, "packet text is not well-formed UTF-8");
    }
    if (st.units > units) {
      return make_error(errc::length_mismatch, i, "length ends between the two UTF-16 halves of a character");
    }
    i += st.bytes;
    units -= st.units;
  }
  return i;
}

// Reads the length prefix of the record at `pos`; `colon` receives the offset
// of its ':'.
result<std::size_t> text_length(std::string_view body, std::size_t pos, std::size_t& colon, dialect mode) noexcept {
  if (mode == dialect::reference) {
    const void* found = std::memchr(body.data() + pos, ':', body.size() - pos);
    if (found == nullptr) return make_error(errc::truncated, body.size(), "payload ends inside a length prefix (no ':')");
    colon = static_cast<std::size_t>(static_cast<const char*>(found) - body.data());
    if (colon == pos) return make_error(errc::invalid_length, pos, "empty length prefix");
    std::size_t value = 0;
    if (!js_length(body.substr(pos, colon - pos), value)) {
      return make_error(errc::invalid_length, pos, "length prefix is not a whole number, as JavaScript's Number() reads it");
    }
    return value;
  }
  std::size_t value = 0;
  std::size_t i = pos;
  for (; i < body.size() && body[i] != ':'; ++i) {
    if (!is_digit(body[i])) return make_error(errc::invalid_length, i, "length prefix holds a non-digit");
    if (i > pos && body[pos] == '0') return make_error(errc::invalid_length, i, "length prefix has a leading zero");
    value = shift_in(value, 10, static_cast<std::size_t>(body[i] - '0'));
  }
  if (i == body.size()) return make_error(errc::truncated, i, "payload ends inside a length prefix (no ':')");
  if (i == pos) return make_error(errc::invalid_length, pos, "empty length prefix");
  colon = i;
  return value;
}

// ---- Binary payload records ----

struct record {
  bool text;          // kind byte 0: the packet in its text form, as UTF-8
  std::size_t begin;  // the packet's bytes are body[begin, end)
  std::size_t end;
  std::size_t next;   // where the next record starts
};

// Reads the framing of the record at `pos` (< body.size()).
result<record> binary_record(std::string_view body, std::size_t pos, dialect mode) noexcept {
  const std::size_t n = body.size();
  const unsigned char kind = byte_at(body, pos);
  if (mode == dialect::strict && kind > 1) {
    return make_error(errc::unknown_packet_type, pos, "record kind byte is neither 0 (text) nor 1 (binary)");
  }
  // The reference builds the length as a string, appending each byte's
  // decimal spelling ("12" for byte 12), and gives up past 310 characters.
  std::size_t value = 0;
  std::size_t chars = 0;
  std::size_t i = pos + 1;
  for (;; ++i) {
    if (i == n) return make_error(errc::truncated, n, "payload ends inside a length prefix (no 0xFF)");
    const unsigned char c = byte_at(body, i);
    if (c == 0xFF) break;
    if (mode == dialect::strict) {
      if (c > 9) return make_error(errc::invalid_length, i, "length byte is not a digit from 0 to 9");
      if (i > pos + 1 && byte_at(body, pos + 1) == 0) {
        return make_error(errc::invalid_length, i, "length prefix has a leading zero");
      }
      value = shift_in(value, 10, c);
      continue;
    }
    if (chars > 310) return make_error(errc::invalid_length, i, "length prefix longer than the reference's 311 characters");
    const std::size_t width = c < 10 ? 1 : c < 100 ? 2 : 3;
    chars += width;
    value = shift_in(value, width == 1 ? 10 : width == 2 ? 100 : 1000, c);
  }
  if (mode == dialect::strict) {
    if (i == pos + 1) return make_error(errc::invalid_length, i, "empty length prefix");
    const std::size_t begin = i + 1;
    if (value > n - begin) return make_error(errc::truncated, n, "payload ends inside a packet");
    return record{kind == 0, begin, begin + value, begin + value};
  }
  // The reference skips the prefix by its character count, not its byte count,
  // so a length byte above 9 moves the packet into later bytes. An empty
  // prefix reads as NaN: an empty packet, the next record starting at the 0xFF.
  // A packet longer than the rest of the body is cut short, not rejected.
  const std::size_t tail = chars < n - pos ? pos + chars + 1 : n;
  if (chars == 0) return record{kind == 0, tail, tail, tail};
  const std::size_t begin = tail < n ? tail + 1 : n;
  const std::size_t end = value < n - begin ? begin + value : n;
  return record{kind == 0, begin, end, end};
}

void append_decimal(std::size_t v, std::string& out) {
  char buf[24];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

}  // namespace

result<packet> decode_packet(std::string_view frame, std::string& storage, const decode_options& opts) noexcept {
  if (frame.size() > opts.max_payload_bytes) return too_large(opts.max_payload_bytes);
  // The reference parser takes any JavaScript string: invalid UTF-8 is for
  // the WebSocket layer to refuse, so only the strict dialect checks it here.
  string_room room{storage};
  return decode_text(frame, 0, opts.mode == dialect::strict ? utf8_check::strict : utf8_check::none, room, opts.mode);
}

result<packet> decode_binary_packet(std::string_view frame, const decode_options& opts) noexcept {
  if (frame.size() > opts.max_payload_bytes) return too_large(opts.max_payload_bytes);
  return decode_bytes(frame, 0);
}

frame_kind encode_packet(const packet& p, std::string& out) {
  if (p.binary) {
    out.push_back(static_cast<char>(p.type));
    out.append(p.data);
    return frame_kind::binary;
  }
  out.push_back(digit_of(p.type));
  out.append(p.data);
  return frame_kind::text;
}

result<std::size_t> decode_text_payload(std::string_view body, payload& out, const decode_options& opts) noexcept {
  auto& packets = payload_access::packets(out);
  auto& storage = payload_access::storage(out);
  packets.clear();
  storage.clear();
  if (body.size() > opts.max_payload_bytes) return too_large(opts.max_payload_bytes);
  if (body.empty()) return make_error(errc::truncated, 0, "empty payload: not even a length prefix");
  payload_room room{storage};
  for (std::size_t pos = 0; pos < body.size();) {
    std::size_t colon = 0;
    const auto units = text_length(body, pos, colon, opts.mode);
    if (!units) return units.error_info();
    const std::size_t start = colon + 1;
    if (*units == 0) {
      // "0:" is how an empty list is written; the reference skips a zero
      // length wherever it appears.
      if (opts.mode == dialect::reference || (pos == 0 && start == body.size())) {
        pos = start;
        continue;
      }
      return make_error(errc::empty_packet, start, "zero-length packet in a payload");
    }
    // Code units never outnumber bytes: this rejects huge prefixes at once.
    if (*units > body.size() - start) {
      return make_error(errc::truncated, body.size(), "payload ends inside a packet (its length counts more than remains)");
    }
    const auto end = walk_units(body, start, *units, opts.mode);
    if (!end) return end.error_info();
    if (packets.size() == opts.max_packets) return too_many(pos);
    room.rest = body.size() - pos;
    // walk_units has checked UTF-8 already where the dialect asks for it.
    const auto p = decode_text(body.substr(start, *end - start), start, utf8_check::none, room, opts.mode);
    if (!p) return p.error_info();
    packets.push_back(*p);
    pos = *end;
  }
  storage.resize(room.used);
  return packets.size();
}

void encode_packet_base64(const packet& p, std::string& out) {
  if (!p.binary) {
    v3::encode_packet(p, out);
    return;
  }
  out.push_back('b');
  out.push_back(digit_of(p.type));
  detail::base64_encode(p.data, out);
}

void encode_text_payload(const packet* packets, std::size_t count, std::string& out) {
  if (count == 0) {
    out.append("0:");
    return;
  }
  for (std::size_t i = 0; i < count; ++i) {
    const packet& p = packets[i];
    if (p.binary) {
      append_decimal(2 + detail::base64_encoded_size(p.data.size()), out);
      out.push_back(':');
      v3::encode_packet_base64(p, out);
    } else {
      append_decimal(1 + utf16_length(p.data), out);
      out.push_back(':');
      out.push_back(digit_of(p.type));
      out.append(p.data);
    }
  }
}

result<std::size_t> decode_binary_payload(std::string_view body, payload& out, const decode_options& opts) noexcept {
  auto& packets = payload_access::packets(out);
  auto& storage = payload_access::storage(out);
  packets.clear();
  storage.clear();
  if (body.size() > opts.max_payload_bytes) return too_large(opts.max_payload_bytes);
  // The reference frames the whole body before decoding any packet, so a
  // framing error anywhere delivers nothing.
  std::size_t count = 0;
  for (std::size_t pos = 0; pos < body.size();) {
    const auto r = binary_record(body, pos, opts.mode);
    if (!r) return r.error_info();
    if (count++ == opts.max_packets) return too_many(pos);
    pos = r->next;
  }
  packets.reserve(count);
  payload_room room{storage};
  const utf8_check check = opts.mode == dialect::strict ? utf8_check::strict : utf8_check::utf8js;
  for (std::size_t pos = 0; pos < body.size();) {
    const record r = *binary_record(body, pos, opts.mode);
    const std::string_view bytes = body.substr(r.begin, r.end - r.begin);
    room.rest = body.size() - pos;
    const auto p = r.text ? decode_text(bytes, r.begin, check, room, opts.mode) : decode_bytes(bytes, r.begin);
    if (!p) return p.error_info();
    packets.push_back(*p);
    pos = r.next;
  }
  storage.resize(room.used);
  return packets.size();
}

void encode_binary_payload(const packet* packets, std::size_t count, std::string& out) {
  for (std::size_t i = 0; i < count; ++i) {
    const packet& p = packets[i];
    out.push_back(p.binary ? '\x01' : '\x00');
    // The length counts bytes here: the type byte (or digit) and the data.
    const std::size_t at = out.size();
    append_decimal(1 + p.data.size(), out);
    for (std::size_t k = at; k < out.size(); ++k) out[k] = static_cast<char>(out[k] - '0');
    out.push_back('\xFF');
    out.push_back(p.binary ? static_cast<char>(p.type) : digit_of(p.type));
    out.append(p.data);
  }
}

}  // namespace sioc::eio::v3
