// Counts heap allocations in sioc_bench. alloc_counter.cpp replaces the global
// operator new (every form) for the whole executable; the count includes
// allocations made by the standard library on the codec's behalf (a
// std::vector growing, a std::string leaving its small buffer).
#pragma once

#include <cstdint>

namespace sioc_bench {

// Calls to any operator new since the program started.
std::uint64_t allocation_count() noexcept;
// Bytes of heap in use: glibc's count of allocated chunks, their headers and rounding included,
// and of mmap'ed blocks (mallinfo2's uordblks + hblkhd). The difference between two readings is
// what a piece of code kept. Not meaningful under AddressSanitizer, whose allocator glibc does
// not see.
std::uint64_t heap_bytes_in_use() noexcept;

}  // namespace sioc_bench
