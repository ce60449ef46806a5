#include "detail.hpp"

#include <array>
#include <cstdint>

namespace sioc::detail {
namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::uint8_t kInvalid = 0x80;
constexpr std::uint8_t kPad = 0x40;

// Sextet value per byte; kInvalid outside the alphabet, kPad for '='.
// `url_safe` also maps '-' and '_' (Node accepts both alphabets).
constexpr std::array<std::uint8_t, 256> make_table(bool url_safe) {
  std::array<std::uint8_t, 256> t{};
  for (auto& v : t) v = kInvalid;
  for (std::uint8_t i = 0; i < 64; ++i) t[static_cast<unsigned char>(kAlphabet[i])] = i;
  t['='] = kPad;
  if (url_safe) {
    t['-'] = 62;
    t['_'] = 63;
  }
  return t;
}

constexpr auto kStrict = make_table(false);
constexpr auto kLoose = make_table(true);

inline std::uint8_t sextet(const std::array<std::uint8_t, 256>& table, char c) noexcept {
  return table[static_cast<unsigned char>(c)];
}

result<std::size_t> decode_strict(std::string_view text, char* dst) noexcept {
  const std::size_t n = text.size();
  if (n % 4 != 0) {
    return make_error(errc::invalid_base64, n, "base64 length is not a multiple of 4 (padding is required)");
  }
  if (n == 0) return std::size_t{0};
  const char* s = text.data();
  char* out = dst;
  const std::size_t full = n - 4;  // the last quantum may hold padding
  for (std::size_t i = 0; i < full; i += 4) {
    const std::uint32_t a = sextet(kStrict, s[i]), b = sextet(kStrict, s[i + 1]), c = sextet(kStrict, s[i + 2]),
                        d = sextet(kStrict, s[i + 3]);
    if (((a | b | c | d) & (kInvalid | kPad)) != 0) {
      std::size_t at = i;
      while ((sextet(kStrict, s[at]) & (kInvalid | kPad)) == 0) ++at;
      return make_error(errc::invalid_base64, at,
                        sextet(kStrict, s[at]) == kPad ? "base64 padding before the end of the data"
                                                       : "character outside the base64 alphabet");
    }
    const std::uint32_t v = (a << 18) | (b << 12) | (c << 6) | d;
    out[0] = static_cast<char>(v >> 16);
    out[1] = static_cast<char>((v >> 8) & 0xFF);
    out[2] = static_cast<char>(v & 0xFF);
    out += 3;
  }
  const std::uint8_t q[4] = {sextet(kStrict, s[full]), sextet(kStrict, s[full + 1]), sextet(kStrict, s[full + 2]),
                             sextet(kStrict, s[full + 3])};
  // Valid last quanta: xxxx, xxx=, xx==.
  std::size_t data_chars = 4;
  if (q[3] == kPad) data_chars = (q[2] == kPad) ? 2 : 3;
  for (std::size_t k = 0; k < 4; ++k) {
    const bool want_pad = k >= data_chars;
    if (want_pad ? q[k] != kPad : (q[k] & (kInvalid | kPad)) != 0) {
      return make_error(errc::invalid_base64, full + k,
                        q[k] == kPad ? "base64 padding before the end of the data"
                                     : "character outside the base64 alphabet");
    }
  }
  const std::uint32_t v = (std::uint32_t{q[0]} << 18) | (std::uint32_t{q[1]} << 12) |
                          (data_chars > 2 ? std::uint32_t{q[2]} << 6 : 0) | (data_chars > 3 ? q[3] : 0);
  // A canonical encoder leaves the bits after the last byte zero.
  if ((data_chars == 2 && (q[1] & 0x0F) != 0) || (data_chars == 3 && (q[2] & 0x03) != 0)) {
    return make_error(errc::invalid_base64, full + data_chars - 1, "non-zero bits after the last base64 byte");
  }
  out[0] = static_cast<char>(v >> 16);
  if (data_chars > 2) out[1] = static_cast<char>((v >> 8) & 0xFF);
  if (data_chars > 3) out[2] = static_cast<char>(v & 0xFF);
  out += data_chars - 1;
  return static_cast<std::size_t>(out - dst);
}

// Node's Buffer.from(text, "base64"): skips characters outside both alphabets,
// stops at the first '=', and turns a trailing 2 or 3 sextets into 1 or 2 bytes.
std::size_t decode_node(std::string_view text, char* dst) noexcept {
  const char* s = text.data();
  const std::size_t n = text.size();
  char* out = dst;
  // Whole quanta of alphabet characters, which is all of a well-formed text
  // but its last quantum, four characters at a time; the rest one at a time.
  std::size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    const std::uint32_t a = sextet(kLoose, s[i]), b = sextet(kLoose, s[i + 1]), c = sextet(kLoose, s[i + 2]),
                        d = sextet(kLoose, s[i + 3]);
    if (((a | b | c | d) & (kInvalid | kPad)) != 0) break;
    const std::uint32_t v = (a << 18) | (b << 12) | (c << 6) | d;
    out[0] = static_cast<char>(v >> 16);
    out[1] = static_cast<char>((v >> 8) & 0xFF);
    out[2] = static_cast<char>(v & 0xFF);
    out += 3;
  }
  std::uint32_t acc = 0;
  int have = 0;
  for (const char ch : text.substr(i)) {
    const std::uint8_t v = sextet(kLoose, ch);
    if (v == kPad) break;
    if (v == kInvalid) continue;
    acc = (acc << 6) | v;
    if (++have == 4) {
      out[0] = static_cast<char>(acc >> 16);
      out[1] = static_cast<char>((acc >> 8) & 0xFF);
      out[2] = static_cast<char>(acc & 0xFF);
      out += 3;
      acc = 0;
      have = 0;
    }
  }
  if (have == 2) {
    *out++ = static_cast<char>(acc >> 4);
  } else if (have == 3) {
    *out++ = static_cast<char>(acc >> 10);
    *out++ = static_cast<char>((acc >> 2) & 0xFF);
  }
  return static_cast<std::size_t>(out - dst);
}

}  // namespace

void base64_encode_to(std::string_view bytes, char* dst) noexcept {
  const auto* s = reinterpret_cast<const unsigned char*>(bytes.data());
  const std::size_t n = bytes.size();
  std::size_t i = 0;
  for (; i + 3 <= n; i += 3) {
    const std::uint32_t v = (std::uint32_t{s[i]} << 16) | (std::uint32_t{s[i + 1]} << 8) | s[i + 2];
    dst[0] = kAlphabet[v >> 18];
    dst[1] = kAlphabet[(v >> 12) & 63];
    dst[2] = kAlphabet[(v >> 6) & 63];
    dst[3] = kAlphabet[v & 63];
    dst += 4;
  }
  if (i + 1 == n) {
    const std::uint32_t v = std::uint32_t{s[i]} << 16;
    dst[0] = kAlphabet[v >> 18];
    dst[1] = kAlphabet[(v >> 12) & 63];
    dst[2] = '=';
    dst[3] = '=';
  } else if (i + 2 == n) {
    const std::uint32_t v = (std::uint32_t{s[i]} << 16) | (std::uint32_t{s[i + 1]} << 8);
    dst[0] = kAlphabet[v >> 18];
    dst[1] = kAlphabet[(v >> 12) & 63];
    dst[2] = kAlphabet[(v >> 6) & 63];
    dst[3] = '=';
  }
}

void base64_encode(std::string_view bytes, std::string& out) {
  const std::size_t at = out.size();
  out.resize(at + base64_encoded_size(bytes.size()));
  base64_encode_to(bytes, out.data() + at);
}

result<std::size_t> base64_decode(std::string_view text, dialect mode, char* dst) noexcept {
  if (mode == dialect::reference) return decode_node(text, dst);
  return decode_strict(text, dst);
}

}  // namespace sioc::detail
