// What every benchmark suite of sioc_bench shares.
//
// A suite (eio_bench.cpp; later the Socket.IO one) registers, for each
// workload it understands, one benchmark per contender, named
// "<workload>/<task>[/<variant>]" ("W2/decode", "W10/decode/chunks64"), plus
// synthetic ones under "<protocol>/..." ("eio4/payload/65536"). A contender
// checks its output on the workload before it is timed and ends the program
// with a message if the output is wrong (check()/fail()). Timing goes through
// run(), which reports the same counters for every benchmark:
//
//   bytes_per_second    bytes per op as workloads.json's _doc defines them
//                       (decoders: input bytes; encoders: bytes written)
//   items_per_second    executions of the workload per second (one item per op)
//   packets_per_second  packets decoded or encoded per second
//   allocs_per_item     calls to operator new per op, over the timed loop
//
// To add a suite: write a .cpp with a function void(const workload_set&) that
// calls add() for what it benchmarks, register it with a static
// suite_registrar, and list the file in bench/CMakeLists.txt.
#pragma once

#include "alloc_counter.hpp"
#include "workloads.hpp"

#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace sioc_bench {

using suite_fn = void (*)(const workload_set&);

struct suite_registrar {
  suite_registrar(const char* name, suite_fn fn);
};

struct suite {
  const char* name;
  suite_fn fn;
};
const std::vector<suite>& suites();

// Ends the program: "sioc_bench: <bench>: <why>".
[[noreturn]] void fail(std::string_view bench, std::string_view why);
inline void check(bool ok, std::string_view bench, std::string_view why) {
  if (!ok) fail(bench, why);
}
// Printable excerpt of bytes for mismatch messages: "34 68 65 ..." after the first
// 24 printable characters.
std::string excerpt(std::string_view bytes);

// Per-op quantities a benchmark reports (see the header comment).
struct per_op {
  std::size_t bytes = 0;
  std::size_t packets = 0;
};

// Registers `body` as benchmark `name`. The body sets up, checks its output,
// then calls run().
void add(const std::string& name, std::function<void(benchmark::State&)> body);

// With n > 0, every benchmark added afterwards runs exactly n iterations
// (sioc_bench --iterations=N): for profilers, where the difference between
// two runs with different N is the exact cost of N ops.
void set_fixed_iterations(std::int64_t n) noexcept;

// The timed loop: calls op() once per iteration and reports the counters.
template <class Op>
void run(benchmark::State& state, per_op per, Op&& op) {
  const std::uint64_t allocs_before = allocation_count();
  for (auto _ : state) op();
  const std::uint64_t allocs = allocation_count() - allocs_before;
  const auto iterations = static_cast<double>(state.iterations());
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(per.bytes));
  state.counters["packets_per_second"] =
      benchmark::Counter(iterations * static_cast<double>(per.packets), benchmark::Counter::kIsRate);
  state.counters["allocs_per_item"] = benchmark::Counter(iterations > 0 ? static_cast<double>(allocs) / iterations : 0);
}

}  // namespace sioc_bench
