// Socket.IO values in the vectors' canonical form (vectors/FORMAT.md), and
// JSON equality with numbers compared exactly, shared by the corpus tests.
#pragma once

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "detail.hpp"
#include "vector_bytes.hpp"

namespace sioc_test {

using nlohmann::json;

// sioc's value -> the vectors' canonical form: binary as {"$bin": base64},
// non-finite numbers as {"$num": ...}, strings that are not UTF-8 (lone
// surrogates, in the reference dialect) as {"$wtf8": hex}.
inline json canonical(const json& v) {
  switch (v.type()) {
    case json::value_t::string: {
      const std::string& s = v.get_ref<const std::string&>();
      if (sioc::detail::utf8_invalid_at(s) == sioc::detail::npos) return v;
      return {{"$wtf8", sioc_test::hex_encode(s)}};
    }
    case json::value_t::binary: {
      const json::binary_t& b = v.get_binary();
      return {{"$bin", base64_encode(std::string_view(reinterpret_cast<const char*>(b.data()), b.size()))}};
    }
    case json::value_t::array: {
      json out = json::array();
      for (const json& e : v) out.push_back(canonical(e));
      return out;
    }
    case json::value_t::object: {
      json out = json::object();
      for (const auto& [k, e] : v.items()) out[k] = canonical(e);
      return out;
    }
    case json::value_t::number_float: {
      const double d = v.get<double>();
      if (std::isnan(d)) return {{"$num", "NaN"}};
      if (std::isinf(d)) return {{"$num", d > 0 ? "Infinity" : "-Infinity"}};
      return v;
    }
    default: return v;
  }
}

// The vectors' canonical form -> a value for sioc's encoder.
inline json from_canonical(const json& v) {
  if (v.is_array()) {
    json out = json::array();
    for (const json& e : v) out.push_back(from_canonical(e));
    return out;
  }
  if (!v.is_object()) return v;
  if (v.size() == 1 && v.contains("$bin")) {
    const std::string bytes = base64_decode(v.at("$bin").get<std::string>());
    return json::binary(std::vector<std::uint8_t>(bytes.begin(), bytes.end()));
  }
  if (v.size() == 1 && v.contains("$num")) {
    const std::string n = v.at("$num").get<std::string>();
    if (n == "NaN") return std::numeric_limits<double>::quiet_NaN();
    return n == "Infinity" ? std::numeric_limits<double>::infinity() : -std::numeric_limits<double>::infinity();
  }
  json out = json::object();
  for (const auto& [k, e] : v.items()) out[k] = from_canonical(e);
  return out;
}

// A double equal to an integer, exactly (no rounding of the integer).
inline bool same_number(double d, std::int64_t i) {
  return std::floor(d) == d && d >= -0x1p63 && d < 0x1p63 && static_cast<std::int64_t>(d) == i;
}
inline bool same_number(double d, std::uint64_t u) {
  return std::floor(d) == d && d >= 0 && d < 0x1p64 && static_cast<std::uint64_t>(d) == u;
}

// JSON equality with numbers compared by exact value. nlohmann's operator==
// converts an integer to double before comparing it with a double, which would
// make the reference's rounded 2^64 equal to sioc's exact 2^64-1.
inline bool same(const json& a, const json& b) {
  if (a.is_number() && b.is_number()) {
    if (a.is_number_float() && b.is_number_float()) return a.get<double>() == b.get<double>();
    if (a.is_number_float() || b.is_number_float()) {
      const json& f = a.is_number_float() ? a : b;
      const json& i = a.is_number_float() ? b : a;
      return i.is_number_unsigned() ? same_number(f.get<double>(), i.get<std::uint64_t>())
                                    : same_number(f.get<double>(), i.get<std::int64_t>());
    }
    if (a.is_number_unsigned() == b.is_number_unsigned()) return a == b;
    const json& s = a.is_number_unsigned() ? b : a;  // signed, so negative (non-negative integers parse unsigned)
    const json& u = a.is_number_unsigned() ? a : b;
    return s.get<std::int64_t>() >= 0 && static_cast<std::uint64_t>(s.get<std::int64_t>()) == u.get<std::uint64_t>();
  }
  if (a.type() != b.type()) return false;
  if (a.is_array()) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (!same(a[i], b[i])) return false;
    }
    return true;
  }
  if (a.is_object()) {
    if (a.size() != b.size()) return false;
    for (const auto& [k, v] : a.items()) {
      const auto it = b.find(k);
      if (it == b.end() || !same(v, *it)) return false;
    }
    return true;
  }
  return a == b;
}

}  // namespace sioc_test
