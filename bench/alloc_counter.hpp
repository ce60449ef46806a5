// Counts heap allocations in sioc_bench. alloc_counter.cpp replaces the global
// operator new (every form) for the whole executable; the count includes
// allocations made by the standard library on the codec's behalf (a
// std::vector growing, a std::string leaving its small buffer).
#pragma once

#include <cstdint>

namespace sioc_bench {

// Calls to any operator new since the program started.
std::uint64_t allocation_count() noexcept;

}  // namespace sioc_bench
