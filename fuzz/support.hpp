// Shared by the fuzz targets: property checks that abort with a hex dump.
//
// A fuzz target asserts properties (decode -> encode -> decode is stable, split
// input equals whole input), not just the absence of crashes. When one fails,
// the target prints what differed and aborts, which libFuzzer records as a crash
// and the replay binary reports as a failure.
#pragma once

#include <sioc/eio.hpp>
#include <sioc/result.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace sioc_fuzz {

// A labelled byte string to show when a property fails.
struct shown {
  const char* label;
  std::string_view bytes;
};

inline void hexdump(const shown& s) {
  constexpr std::size_t kMaxShown = 4096;  // enough to see the difference, short enough to read
  std::fprintf(stderr, "%s (%zu bytes):\n", s.label, s.bytes.size());
  const std::size_t n = s.bytes.size() < kMaxShown ? s.bytes.size() : kMaxShown;
  for (std::size_t row = 0; row < n; row += 16) {
    std::fprintf(stderr, "  %06zx ", row);
    for (std::size_t i = row; i < row + 16; ++i) {
      if (i < n) {
        std::fprintf(stderr, " %02x", static_cast<unsigned char>(s.bytes[i]));
      } else {
        std::fputs("   ", stderr);
      }
    }
    std::fputs("  |", stderr);
    for (std::size_t i = row; i < row + 16 && i < n; ++i) {
      const auto c = static_cast<unsigned char>(s.bytes[i]);
      std::fputc(c >= 0x20 && c < 0x7f ? c : '.', stderr);
    }
    std::fputs("|\n", stderr);
  }
  if (n < s.bytes.size()) std::fprintf(stderr, "  ... %zu more bytes\n", s.bytes.size() - n);
}

[[noreturn]] inline void fail(const char* property, std::initializer_list<shown> parts) {
  std::fprintf(stderr, "\n==== property failed: %s\n", property);
  for (const shown& part : parts) hexdump(part);
  std::fflush(stderr);
  std::abort();
}

inline void require(bool ok, const char* property, std::initializer_list<shown> parts) {
  if (!ok) fail(property, parts);
}

// What every error a decoder returns must look like: a code, an offset inside
// the input it was given, and a reason.
inline void require_well_formed(const sioc::error& err, std::size_t input_size, std::string_view input) {
  require(err.code != sioc::errc::ok, "an error result carries errc::ok", {{"input", input}});
  require(err.offset <= input_size, "error offset lies beyond the input", {{"input", input}});
  require(err.message != nullptr && *err.message != '\0', "error has no message", {{"input", input}});
}

// One line per packet ("message binary 3: ") followed by its data, so that two
// packet lists that differ can be told apart in a hex dump.
inline std::string render(const std::vector<sioc::eio::owned_packet>& packets) {
  std::string out;
  for (const auto& p : packets) {
    out += sioc::eio::to_string(p.type);
    out += p.binary ? " binary " : " text ";
    out += std::to_string(p.data.size());
    out += ": ";
    out += p.data;
    out += '\n';
  }
  return out;
}

template <class Packets>
std::vector<sioc::eio::owned_packet> owned(const Packets& packets) {
  std::vector<sioc::eio::owned_packet> out;
  for (const sioc::eio::packet& p : packets) out.push_back(sioc::eio::to_owned(p));
  return out;
}

inline std::string_view as_view(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

}  // namespace sioc_fuzz
