// Comparing an adapter's result with a vector's expectation, by the rules in
// conformance/ADAPTER.md ("Comparison").
#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace sioc_conformance {

// The canonical form of a result of `suite`: byte strings in one spelling,
// absent Engine.IO data as no data, an absent `incomplete` as false, binary
// values with canonical base64. What it does not recognize is kept as it is, so
// that it shows in a diff.
nlohmann::json normalize(const std::string& suite, const nlohmann::json& result);

// Whether `actual` satisfies `expected` (both normalized): equal as JSON, with
// unordered object members and numbers by exact value, except that an expected
// decode error accepts any error whose packets are a prefix of the expected ones.
// Otherwise `diff` gets one line: where they differ, expected vs actual.
bool satisfies(const nlohmann::json& expected, const nlohmann::json& actual, std::string& diff);

}  // namespace sioc_conformance
