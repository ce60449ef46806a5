// sioc_bench: the codec's benchmarks on the shared workloads (bench/README.md).
//
//   sioc_bench [--workloads=PATH] [--iterations=N] [Google Benchmark flags]
//
// The workloads file is PATH, else $SIOC_WORKLOADS, else the default compiled
// in (../shared/bench/workloads.json beside the source tree). --iterations=N
// runs every benchmark exactly N times (for profilers; see bench/README.md).
#include "harness.hpp"
#include "workloads.hpp"

#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <string>

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);

  const char* flag = nullptr;
  int kept = 1;
  for (int i = 1; i < argc; ++i) {
    constexpr const char kFlag[] = "--workloads=";
    constexpr const char kIterations[] = "--iterations=";
    if (std::strncmp(argv[i], kFlag, sizeof kFlag - 1) == 0) {
      flag = argv[i] + sizeof kFlag - 1;
    } else if (std::strncmp(argv[i], kIterations, sizeof kIterations - 1) == 0) {
      char* end = nullptr;
      const long long n = std::strtoll(argv[i] + sizeof kIterations - 1, &end, 10);
      if (end == nullptr || *end != '\0' || n <= 0) {
        std::fprintf(stderr, "sioc_bench: --iterations wants a positive number, got \"%s\"\n", argv[i]);
        return 1;
      }
      sioc_bench::set_fixed_iterations(n);
    } else {
      argv[kept++] = argv[i];
    }
  }
  argc = kept;
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;

  const std::string path = sioc_bench::workloads_path(flag);
  try {
    const auto workloads = sioc_bench::workload_set::load(path);
    benchmark::AddCustomContext("sioc_workloads", path);
    for (const auto& s : sioc_bench::suites()) s.fn(workloads);
    benchmark::RunSpecifiedBenchmarks();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "sioc_bench: %s\n", e.what());
    return 1;
  }
  benchmark::Shutdown();
  return 0;
}
