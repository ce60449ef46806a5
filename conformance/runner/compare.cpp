#include "compare.hpp"

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>

#include "wire_bytes.hpp"

namespace sioc_conformance {
namespace {

bool is_sio(const std::string& suite) { return suite.rfind("sio", 0) == 0; }

// A frame or packet data in the one spelling frame_json gives its bytes.
json canonical_bytes(const json& frame) {
  std::string bytes;
  bool binary = false;
  if (!bytes_of(frame, bytes, binary)) return frame;
  return frame_json(bytes, binary);
}

json canonical_eio_packet(const json& p) {
  if (!p.is_object()) return p;
  json out = p;
  if (const auto data = p.find("data"); data != p.end()) {
    json bytes = canonical_bytes(*data);
    // Absent data and empty text are the same packet (FORMAT.md, "Packets").
    if (bytes == json{{"t", "text"}, {"v", ""}}) {
      out.erase("data");
    } else {
      out["data"] = std::move(bytes);
    }
  }
  return out;
}

// Socket.IO values: binary with canonical base64, WTF-8 in lower-case hex.
json canonical_value(const json& v) {
  if (v.is_array()) {
    json out = json::array();
    for (const json& e : v) out.push_back(canonical_value(e));
    return out;
  }
  if (!v.is_object()) return v;
  if (v.size() == 1) {
    const std::string& key = v.begin().key();
    const json& inner = v.begin().value();
    std::string bytes;
    if (key == "$bin" && inner.is_string() && base64_decode(inner.get_ref<const std::string&>(), bytes)) {
      return {{"$bin", base64_encode(bytes)}};
    }
    if (key == "$wtf8" && inner.is_string() && hex_decode(inner.get_ref<const std::string&>(), bytes)) {
      return {{"$wtf8", hex_encode(bytes)}};
    }
  }
  json out = json::object();
  for (const auto& [k, e] : v.items()) out[k] = canonical_value(e);
  return out;
}

json canonical_sio_packet(const json& p) {
  if (!p.is_object()) return p;
  json out = p;
  if (const auto data = p.find("data"); data != p.end()) out["data"] = canonical_value(*data);
  return out;
}

// A double equal to an integer, exactly (the integer is not rounded first).
bool same_number(double d, std::int64_t i) {
  return std::floor(d) == d && d >= -0x1p63 && d < 0x1p63 && static_cast<std::int64_t>(d) == i;
}
bool same_number(double d, std::uint64_t u) {
  return std::floor(d) == d && d >= 0 && d < 0x1p64 && static_cast<std::uint64_t>(d) == u;
}

// nlohmann's operator== converts an integer to double before comparing it with a
// double, which would make a rounded 2^64 equal to an exact 2^64-1.
bool same_scalar(const json& a, const json& b) {
  if (a.is_number() && b.is_number()) {
    if (a.is_number_float() && b.is_number_float()) return a.get<double>() == b.get<double>();
    if (a.is_number_float() || b.is_number_float()) {
      const json& f = a.is_number_float() ? a : b;
      const json& i = a.is_number_float() ? b : a;
      return i.is_number_unsigned() ? same_number(f.get<double>(), i.get<std::uint64_t>())
                                    : same_number(f.get<double>(), i.get<std::int64_t>());
    }
    if (a.is_number_unsigned() == b.is_number_unsigned()) return a == b;
    const json& s = a.is_number_unsigned() ? b : a;
    const json& u = a.is_number_unsigned() ? a : b;
    return s.get<std::int64_t>() >= 0 && static_cast<std::uint64_t>(s.get<std::int64_t>()) == u.get<std::uint64_t>();
  }
  return a.type() == b.type() && a == b;
}

std::string shown(const json* j) {
  if (j == nullptr) return "(absent)";
  std::string s = j->dump(-1, ' ', false, json::error_handler_t::replace);
  constexpr std::size_t kMax = 160;
  if (s.size() > kMax) s = s.substr(0, kMax) + "...";
  return s;
}

std::string at_path(const std::string& path) { return path.empty() ? "result" : path; }

// The first place where `a` and `b` differ, or "" when they are the same.
std::string first_difference(const json& a, const json& b, const std::string& path) {
  const auto differ = [&](const json* x, const json* y, const std::string& where) {
    return at_path(where) + ": expected " + shown(x) + " · actual " + shown(y);
  };
  if (a.is_array() && b.is_array()) {
    for (std::size_t i = 0; i < a.size() || i < b.size(); ++i) {
      const std::string where = path + "[" + std::to_string(i) + "]";
      if (i >= a.size()) return differ(nullptr, &b[i], where);
      if (i >= b.size()) return differ(&a[i], nullptr, where);
      std::string d = first_difference(a[i], b[i], where);
      if (!d.empty()) return d;
    }
    return {};
  }
  if (a.is_object() && b.is_object()) {
    // Members in sorted order, expected ones first, then those only `b` has.
    for (const auto& [key, value] : a.items()) {
      const std::string where = path.empty() ? key : path + "." + key;
      const auto other = b.find(key);
      if (other == b.end()) return differ(&value, nullptr, where);
      std::string d = first_difference(value, *other, where);
      if (!d.empty()) return d;
    }
    for (const auto& [key, value] : b.items()) {
      if (!a.contains(key)) return differ(nullptr, &value, path.empty() ? key : path + "." + key);
    }
    return {};
  }
  return same_scalar(a, b) ? std::string() : differ(&a, &b, path);
}

}  // namespace

json normalize(const std::string& suite, const json& result) {
  if (!result.is_object()) return result;
  json out = result;
  if (const auto packets = result.find("packets"); packets != result.end() && packets->is_array()) {
    json list = json::array();
    for (const json& p : *packets) list.push_back(is_sio(suite) ? canonical_sio_packet(p) : canonical_eio_packet(p));
    out["packets"] = std::move(list);
    if (!out.contains("incomplete")) out["incomplete"] = false;
  }
  if (const auto frame = result.find("frame"); frame != result.end()) out["frame"] = canonical_bytes(*frame);
  if (const auto frames = result.find("frames"); frames != result.end() && frames->is_array()) {
    json list = json::array();
    for (const json& f : *frames) list.push_back(canonical_bytes(f));
    out["frames"] = std::move(list);
  }
  return out;
}

bool satisfies(const json& expected, const json& actual, std::string& diff) {
  const bool decode_error = expected.is_object() && expected.contains("packets") && expected.value("error", false);
  if (!decode_error) {
    diff = first_difference(expected, actual, "");
    return diff.empty();
  }
  // The reference delivered `packets` and then failed: any decoder that fails
  // having delivered a prefix of them decides the same (an all-or-nothing
  // decoder delivers none). Only `packets` and `error` count.
  if (!actual.is_object()) {
    diff = first_difference(expected, actual, "");
    return false;
  }
  const json* error = actual.contains("error") ? &actual.at("error") : nullptr;
  if (error == nullptr || *error != true) {
    diff = "error: expected true · actual " + shown(error);
    return false;
  }
  for (const auto& [key, value] : actual.items()) {
    if (key != "packets" && key != "error" && key != "incomplete") {
      diff = first_difference(expected, actual, "");
      return false;
    }
  }
  const json& want = expected.at("packets");
  const auto got = actual.find("packets");
  if (got == actual.end() || !got->is_array()) {
    diff = "packets: expected a prefix of " + shown(&want) + " · actual " + shown(got == actual.end() ? nullptr : &*got);
    return false;
  }
  if (got->size() > want.size()) {
    diff = "packets[" + std::to_string(want.size()) + "]: expected (absent; the reference failed here) · actual " +
           shown(&(*got)[want.size()]);
    return false;
  }
  for (std::size_t i = 0; i < got->size(); ++i) {
    diff = first_difference(want[i], (*got)[i], "packets[" + std::to_string(i) + "]");
    if (!diff.empty()) return false;
  }
  return true;
}

}  // namespace sioc_conformance
