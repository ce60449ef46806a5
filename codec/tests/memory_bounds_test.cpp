// No declared length or count makes a decoder allocate ahead of the bytes that
// arrived: each decoder below is given a small input that declares something
// enormous, and the bytes it allocates are counted.
#include <sioc/eio.hpp>
#include <sioc/sio.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <new>
#include <string>
#include <vector>

namespace {
std::atomic<std::size_t> g_allocated{0};
}  // namespace

// Out of line, so the compiler sees a matched new/delete pair rather than
// malloc meeting a sized delete.
[[gnu::noinline]] void* operator new(std::size_t n) {
  g_allocated += n;
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}
// simdjson allocates with the nothrow form.
[[gnu::noinline]] void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
  g_allocated += n;
  return std::malloc(n == 0 ? 1 : n);
}
[[gnu::noinline]] void operator delete(void* p) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete(void* p, std::size_t) noexcept { std::free(p); }

namespace {

using namespace std::string_literals;
namespace eio = sioc::eio;
namespace sio = sioc::sio;

// Bytes allocated while running f.
template <class F>
std::size_t allocated_by(F&& f) {
  const std::size_t before = g_allocated;
  f();
  return g_allocated - before;
}

constexpr std::size_t kSmall = 4096;

TEST(MemoryBounds, V3TextPayloadWithAGiantLengthPrefix) {
  const std::string body = std::string(300, '9') + ":4hello";
  eio::payload out;
  const std::size_t n = allocated_by([&] { EXPECT_FALSE(eio::v3::decode_text_payload(body, out)); });
  EXPECT_LT(n, kSmall);
}

TEST(MemoryBounds, V3BinaryPayloadWithAGiantLengthPrefix) {
  std::string body = "\x01"s;
  body += std::string(300, '\x09');
  body += "\xff\x04hi"s;
  eio::payload out;
  const std::size_t n = allocated_by([&] { EXPECT_FALSE(eio::v3::decode_binary_payload(body, out)); });
  EXPECT_LT(n, kSmall);
}

TEST(MemoryBounds, WebTransportHeaderDeclaringTheLimit) {
  // 127 + a 64-bit length of exactly max_payload_bytes, then a few bytes.
  eio::decode_options opts;
  opts.max_payload_bytes = 1'000'000;
  const std::string stream = "\x7f\x00\x00\x00\x00\x00\x0f\x42\x40" "4hello"s;
  eio::webtransport_decoder decoder(opts);
  std::vector<eio::packet> out;
  out.reserve(4);
  const std::size_t n = allocated_by([&] { EXPECT_TRUE(decoder.feed(stream, out)); });
  EXPECT_LT(n, kSmall);
  EXPECT_FALSE(decoder.at_boundary());
}

TEST(MemoryBounds, SocketIoAttachmentCountBeyondTheLimit) {
  sio::decoder decoder;
  const std::size_t n = allocated_by([&] { EXPECT_FALSE(decoder.feed("599999999999-[\"a\"]", false)); });
  EXPECT_LT(n, kSmall);
}

TEST(MemoryBounds, SocketIoNestingAMillionDeep) {
  sio::decode_options opts;
  opts.max_packet_bytes = 2'000'000;
  const std::string frame = "2" + std::string(1'000'000, '[');
  sio::decoder decoder(opts);
  const std::size_t n = allocated_by([&] { EXPECT_FALSE(decoder.feed(frame, false)); });
  // simdjson keeps a padded copy of the frame plus its index: linear in the input.
  EXPECT_LT(n, 16 * frame.size());
}

}  // namespace
