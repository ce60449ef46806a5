#include "harness.hpp"

#include <cstdio>
#include <cstdlib>
#include <utility>

namespace sioc_bench {
namespace {

std::int64_t g_fixed_iterations = 0;  // 0: Google Benchmark decides

std::vector<suite>& suite_list() {
  static std::vector<suite> list;
  return list;
}

}  // namespace

suite_registrar::suite_registrar(const char* name, suite_fn fn) { suite_list().push_back({name, fn}); }

const std::vector<suite>& suites() { return suite_list(); }

void fail(std::string_view bench, std::string_view why) {
  std::fprintf(stderr, "sioc_bench: %.*s: %.*s\n", static_cast<int>(bench.size()), bench.data(),
               static_cast<int>(why.size()), why.data());
  std::fflush(stderr);
  std::exit(2);
}

std::string excerpt(std::string_view bytes) {
  std::string out = "(" + std::to_string(bytes.size()) + " bytes) ";
  std::size_t i = 0;
  for (; i < bytes.size() && i < 24; ++i) {
    const auto c = static_cast<unsigned char>(bytes[i]);
    if (c < 0x20 || c >= 0x7F) break;
    out.push_back(static_cast<char>(c));
  }
  static const char hex[] = "0123456789abcdef";
  for (std::size_t k = 0; i < bytes.size() && k < 16; ++i, ++k) {
    const auto c = static_cast<unsigned char>(bytes[i]);
    out += ' ';
    out += hex[c >> 4];
    out += hex[c & 15];
  }
  if (i < bytes.size()) out += " ...";
  return out;
}

void add(const std::string& name, std::function<void(benchmark::State&)> body) {
  auto* b = benchmark::RegisterBenchmark(name.c_str(), std::move(body));
  if (g_fixed_iterations > 0) b->Iterations(g_fixed_iterations);
}

void set_fixed_iterations(std::int64_t n) noexcept { g_fixed_iterations = n; }

}  // namespace sioc_bench
