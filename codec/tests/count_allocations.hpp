// Replaces the global operator new to count heap allocations, for tests that
// show a warmed-up codec makes none. Include it from one file per test
// executable. Every form is replaced, so that simdjson's nothrow new[] meets
// our delete[].
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdlib>
#include <new>

namespace sioc_test {
inline std::atomic<std::size_t> allocation_count{0};
// Calls to operator new so far.
inline std::size_t allocations() noexcept { return allocation_count.load(std::memory_order_relaxed); }
inline void* counted_malloc(std::size_t n) noexcept {
  allocation_count.fetch_add(1, std::memory_order_relaxed);
  return std::malloc(n == 0 ? 1 : n);
}
}  // namespace sioc_test

// Out of line, or g++ sees malloc()/free() meet operator delete/new and warns.
[[gnu::noinline]] void* operator new(std::size_t n) {
  if (void* p = sioc_test::counted_malloc(n)) return p;
  throw std::bad_alloc();
}
[[gnu::noinline]] void* operator new[](std::size_t n) {
  if (void* p = sioc_test::counted_malloc(n)) return p;
  throw std::bad_alloc();
}
[[gnu::noinline]] void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
  return sioc_test::counted_malloc(n);
}
[[gnu::noinline]] void* operator new[](std::size_t n, const std::nothrow_t&) noexcept {
  return sioc_test::counted_malloc(n);
}
[[gnu::noinline]] void operator delete(void* p) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete[](void* p) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete(void* p, std::size_t) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }
