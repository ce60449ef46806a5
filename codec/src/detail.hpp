// Internal helpers shared by the codec's layers. Not installed.
#pragma once

#include <sioc/eio.hpp>
#include <sioc/result.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace sioc {

// Lets the decoders fill an eio::payload without making its members public.
struct eio::payload_access {
  static std::vector<packet>& packets(payload& p) noexcept { return p.packets_; }
  static detail::byte_storage& storage(payload& p) noexcept { return p.storage_; }
};

namespace detail {

inline constexpr std::size_t npos = static_cast<std::size_t>(-1);

inline error make_error(errc code, std::size_t offset, const char* message) noexcept {
  return error{code, offset, message};
}

// ---- base64 (RFC 4648 section 4, standard alphabet) ----

// Bytes base64_encode appends for n input bytes (always padded).
constexpr std::size_t base64_encoded_size(std::size_t n) noexcept { return (n + 2) / 3 * 4; }
// Upper bound on the bytes base64_decode writes for n input characters.
constexpr std::size_t base64_decoded_max(std::size_t n) noexcept { return (n + 3) / 4 * 3; }

void base64_encode(std::string_view bytes, std::string& out);
// Writes the encoding (base64_encoded_size(bytes.size()) chars) to dst.
void base64_encode_to(std::string_view bytes, char* dst) noexcept;

// Decodes `text` into dst (room for base64_decoded_max(text.size()) bytes) and
// returns the number of bytes written, or invalid_base64 with the offset of the
// first offending character in `text`.
//  strict:    the canonical form only: standard alphabet, length a multiple of
//             4, '=' padding only at the end, zero bits after the last byte.
//  reference: what Node's Buffer.from(text, "base64") accepts: both the
//             standard and URL-safe alphabets, padding optional, decoding stops
//             at the first '=', any other character is skipped. Never fails.
result<std::size_t> base64_decode(std::string_view text, dialect mode, char* dst) noexcept;

// ---- UTF-8 ----

// The UTF-8 sequence at text[i] (i < text.size()): its length and whether it is
// well-formed per Unicode table 3-7 (which excludes overlongs, surrogates and
// code points above U+10FFFF). When ill-formed, the length is that of its
// maximal ill-formed subpart: what a WHATWG decoder replaces with one U+FFFD.
struct utf8_sequence {
  std::size_t length;
  bool well_formed;
};

inline utf8_sequence utf8_sequence_at(std::string_view text, std::size_t i) noexcept {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char c = byte(i);
  if (c < 0x80) return {1, true};
  std::size_t len;
  unsigned char lo = 0x80, hi = 0xBF;  // the second byte's range depends on the first
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
  } else {
    return {1, false};
  }
  for (std::size_t k = 1; k < len; ++k) {
    if (i + k >= text.size()) return {k, false};
    const unsigned char b = byte(i + k);
    if (b < (k == 1 ? lo : 0x80) || b > (k == 1 ? hi : 0xBF)) return {k, false};
  }
  return {len, true};
}

// Offset of the first byte that starts an ill-formed UTF-8 sequence (overlong
// forms, surrogates, code points above U+10FFFF and truncated sequences are
// ill-formed), or npos if `text` is well-formed.
std::size_t utf8_invalid_at(std::string_view text) noexcept;

// ---- JSON text ----

// Appends `text` as a JSON string literal, escaped as JSON.stringify does.
void json_escape_append(std::string_view text, std::string& out);

}  // namespace detail
}  // namespace sioc
