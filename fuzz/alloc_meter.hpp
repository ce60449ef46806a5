// Counts the heap bytes a decoder holds, by replacing the global operator new
// and delete. The replacement is program-wide: include this header in exactly
// one translation unit of a fuzz target.
//
// Every block carries a header with its size and the metering epoch it was
// allocated in. start() opens a new epoch; a block allocated while metering
// counts towards the bytes held until it is freed, whoever frees it, so memory
// a decoder keeps between calls stays counted while the target's own copies
// (made while paused) never are. peak() is the most held at any moment since
// start(). Over-aligned operator new is left to the standard library: the codec
// allocates no over-aligned types.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <new>

namespace sioc_fuzz::alloc_meter {

struct alignas(std::max_align_t) block_header {
  std::size_t size;
  std::uint32_t epoch;  // 0: allocated while not metering
};

inline std::atomic<std::uint32_t> current_epoch{0};
inline std::atomic<bool> metering{false};
inline std::atomic<std::size_t> held_bytes{0};
inline std::atomic<std::size_t> peak_bytes{0};

// Begins counting afresh: nothing is held, and later allocations count.
inline void start() noexcept {
  current_epoch.fetch_add(1, std::memory_order_relaxed);
  held_bytes.store(0, std::memory_order_relaxed);
  peak_bytes.store(0, std::memory_order_relaxed);
  metering.store(true, std::memory_order_relaxed);
}
// Allocations between pause() and resume() are not counted; frees always are.
inline void pause() noexcept { metering.store(false, std::memory_order_relaxed); }
inline void resume() noexcept { metering.store(true, std::memory_order_relaxed); }
inline std::size_t peak() noexcept { return peak_bytes.load(std::memory_order_relaxed); }

inline void* allocate(std::size_t n) noexcept {
  if (n > SIZE_MAX - sizeof(block_header)) return nullptr;
  void* raw = std::malloc(sizeof(block_header) + n);
  if (raw == nullptr) return nullptr;
  auto* h = static_cast<block_header*>(raw);
  h->size = n;
  h->epoch = metering.load(std::memory_order_relaxed) ? current_epoch.load(std::memory_order_relaxed) : 0;
  if (h->epoch != 0) {
    // Fuzz targets run on one thread; the atomics only keep other threads' frees well-defined.
    const std::size_t now = held_bytes.fetch_add(n, std::memory_order_relaxed) + n;
    if (now > peak_bytes.load(std::memory_order_relaxed)) peak_bytes.store(now, std::memory_order_relaxed);
  }
  return h + 1;
}

// Out of line: inlined into a caller, GCC pairs this free() with the caller's
// operator new and warns of a mismatch (-Wmismatched-new-delete).
[[gnu::noinline]] inline void release(void* p) noexcept {
  if (p == nullptr) return;
  auto* h = static_cast<block_header*>(p) - 1;
  if (h->epoch != 0 && h->epoch == current_epoch.load(std::memory_order_relaxed)) {
    held_bytes.fetch_sub(h->size, std::memory_order_relaxed);
  }
  std::free(h);
}

}  // namespace sioc_fuzz::alloc_meter

void* operator new(std::size_t n) {
  if (void* p = sioc_fuzz::alloc_meter::allocate(n)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t n) {
  if (void* p = sioc_fuzz::alloc_meter::allocate(n)) return p;
  throw std::bad_alloc();
}
void* operator new(std::size_t n, const std::nothrow_t&) noexcept { return sioc_fuzz::alloc_meter::allocate(n); }
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept { return sioc_fuzz::alloc_meter::allocate(n); }
void operator delete(void* p) noexcept { sioc_fuzz::alloc_meter::release(p); }
void operator delete[](void* p) noexcept { sioc_fuzz::alloc_meter::release(p); }
void operator delete(void* p, std::size_t) noexcept { sioc_fuzz::alloc_meter::release(p); }
void operator delete[](void* p, std::size_t) noexcept { sioc_fuzz::alloc_meter::release(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { sioc_fuzz::alloc_meter::release(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { sioc_fuzz::alloc_meter::release(p); }
