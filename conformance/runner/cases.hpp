// The cases the runner sends: every case of the suite files under the vectors
// directory, and the recorded sessions turned into cases of those suites.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace sioc_conformance {

struct test_case {
  std::string id;
  std::string suite;
  std::string row;                     // the matrix row: the suite, or "sessions"
  nlohmann::json request;              // the case as sent: id, suite, direction, options, input
  nlohmann::json expected;             // normalized
  std::optional<nlohmann::json> expected_strict;  // normalized
  bool artifact = false;               // tagged js-artifact
};

// The suites in the order FORMAT.md lists them; the matrix rows follow it.
const std::vector<std::string>& known_suites();

// Reads `<dir>/*.json` (suite files) and, when `sessions` is set,
// `<dir>/sessions/*.json`. Throws std::runtime_error naming the file on a
// file it cannot use.
std::vector<test_case> load_cases(const std::string& dir, bool sessions);

}  // namespace sioc_conformance
