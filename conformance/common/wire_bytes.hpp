// The vectors' byte forms ({"t":"text","v"|"hex"}, {"t":"bin","v":base64}) and the
// conversions behind them, shared by the conformance runner and the sioc adapter.
// Self-contained on purpose: the runner judges sioc, so it must not borrow sioc's
// own base64 or UTF-8 code.
#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace sioc_conformance {

using json = nlohmann::json;

// Well-formed UTF-8 (Unicode 3.9, table 3-7): no overlong forms, no surrogates,
// nothing above U+10FFFF.
inline bool utf8_valid(std::string_view s) {
  std::size_t i = 0;
  const std::size_t n = s.size();
  const auto at = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  while (i < n) {
    const unsigned char c = at(i);
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len = 0;
    unsigned char lo = 0x80, hi = 0xBF;  // bounds of the second byte
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
      return false;
    }
    if (n - i < len) return false;
    if (at(i + 1) < lo || at(i + 1) > hi) return false;
    for (std::size_t k = 2; k < len; ++k) {
      if (at(i + k) < 0x80 || at(i + k) > 0xBF) return false;
    }
    i += len;
  }
  return true;
}

inline std::string hex_encode(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (const char ch : bytes) {
    const auto c = static_cast<unsigned char>(ch);
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 0xF]);
  }
  return out;
}

inline int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

inline bool hex_decode(std::string_view hex, std::string& out) {
  out.clear();
  if (hex.size() % 2 != 0) return false;
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    const int a = hex_digit(hex[i]), b = hex_digit(hex[i + 1]);
    if (a < 0 || b < 0) return false;
    out.push_back(static_cast<char>(a * 16 + b));
  }
  return true;
}

inline constexpr char kBase64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

inline std::string base64_encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  const auto at = [&](std::size_t k) { return static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[k])); };
  for (; i + 3 <= bytes.size(); i += 3) {
    const std::uint32_t v = at(i) << 16 | at(i + 1) << 8 | at(i + 2);
    for (int shift = 18; shift >= 0; shift -= 6) out.push_back(kBase64[(v >> shift) & 63]);
  }
  if (const std::size_t rest = bytes.size() - i; rest > 0) {
    const std::uint32_t v = at(i) << 16 | (rest == 2 ? at(i + 1) << 8 : 0);
    out.push_back(kBase64[(v >> 18) & 63]);
    out.push_back(kBase64[(v >> 12) & 63]);
    out.push_back(rest == 2 ? kBase64[(v >> 6) & 63] : '=');
    out.push_back('=');
  }
  return out;
}

// RFC 4648 section 4 only: the standard alphabet, padded to a multiple of four,
// zero bits after the last byte. Anything else is refused, so that a byte string
// has exactly one spelling and results compare as bytes.
inline bool base64_decode(std::string_view text, std::string& out) {
  out.clear();
  if (text.size() % 4 != 0) return false;
  const auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  for (std::size_t i = 0; i < text.size(); i += 4) {
    const bool last = i + 4 == text.size();
    const std::size_t pad = last ? (text[i + 3] == '=' ? (text[i + 2] == '=' ? 2 : 1) : 0) : 0;
    std::uint32_t v = 0;
    for (std::size_t k = 0; k < 4; ++k) {
      const int d = k < 4 - pad ? value(text[i + k]) : 0;
      if (d < 0) return false;
      v = v << 6 | static_cast<std::uint32_t>(d);
    }
    out.push_back(static_cast<char>(v >> 16));
    if (pad < 2) out.push_back(static_cast<char>((v >> 8) & 0xFF));
    if (pad < 1) out.push_back(static_cast<char>(v & 0xFF));
    if ((pad == 2 && (v & 0xFFFF) != 0) || (pad == 1 && (v & 0xFF) != 0)) return false;
  }
  return true;
}

// The bytes a frame or packet data of the vectors stands for, and whether they
// are binary. False when the object is not one of the three forms.
inline bool bytes_of(const json& frame, std::string& out, bool& binary) {
  if (!frame.is_object()) return false;
  const auto t = frame.find("t");
  if (t == frame.end() || !t->is_string()) return false;
  const auto v = frame.find("v");
  if (*t == "bin") {
    binary = true;
    return frame.size() == 2 && v != frame.end() && v->is_string() && base64_decode(v->get_ref<const std::string&>(), out);
  }
  if (*t != "text" || frame.size() != 2) return false;
  binary = false;
  if (v != frame.end() && v->is_string()) {
    out = v->get<std::string>();
    return true;
  }
  const auto hex = frame.find("hex");
  return hex != frame.end() && hex->is_string() && hex_decode(hex->get_ref<const std::string&>(), out);
}

// Bytes in the vectors' form: "v" for text that is well-formed UTF-8, "hex"
// for other text, base64 for binary.
inline json frame_json(std::string_view bytes, bool binary) {
  if (binary) return {{"t", "bin"}, {"v", base64_encode(bytes)}};
  if (utf8_valid(bytes)) return {{"t", "text"}, {"v", std::string(bytes)}};
  return {{"t", "text"}, {"hex", hex_encode(bytes)}};
}

}  // namespace sioc_conformance
