// The vectors' byte forms ({"t":"text","v"|"hex"}, {"t":"bin","v":base64}),
// shared by the corpus tests.
#pragma once

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include "detail.hpp"

namespace sioc_test {

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

inline std::string hex_decode(const std::string& hex) {
  std::string out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  }
  return out;
}

inline std::string hex_encode(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (const unsigned char c : bytes) {
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 0xF]);
  }
  return out;
}

inline std::string base64_decode(const std::string& text) {
  std::string out(sioc::detail::base64_decoded_max(text.size()), '\0');
  const auto n = sioc::detail::base64_decode(text, sioc::dialect::strict, out.data());
  EXPECT_TRUE(n) << "vector holds non-canonical base64: " << text;
  out.resize(n ? *n : 0);
  return out;
}

inline std::string base64_encode(std::string_view bytes) {
  std::string out;
  sioc::detail::base64_encode(bytes, out);
  return out;
}

// The bytes a vector's frame or data stands for.
inline std::string bytes_of(const nlohmann::json& frame) {
  if (frame.at("t") == "bin") return base64_decode(frame.at("v").get<std::string>());
  if (frame.contains("hex")) return hex_decode(frame.at("hex").get<std::string>());
  return frame.at("v").get<std::string>();
}

// Bytes in the vectors' form: hex for text that is not UTF-8.
inline nlohmann::json frame_json(std::string_view data, bool binary) {
  if (binary) return {{"t", "bin"}, {"v", base64_encode(data)}};
  if (sioc::detail::utf8_invalid_at(data) != sioc::detail::npos) return {{"t", "text"}, {"hex", hex_encode(data)}};
  return {{"t", "text"}, {"v", std::string(data)}};
}

}  // namespace sioc_test
