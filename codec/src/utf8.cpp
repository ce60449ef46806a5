#include "detail.hpp"

#include <cstdint>
#include <cstring>

namespace sioc::detail {

std::size_t utf8_invalid_at(std::string_view text) noexcept {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n) {
    // Most Socket.IO traffic is ASCII JSON: skip it eight bytes at a time.
    if (i + 8 <= n) {
      std::uint64_t word;
      std::memcpy(&word, s + i, 8);
      if ((word & 0x8080808080808080ULL) == 0) {
        i += 8;
        continue;
      }
    }
    if (s[i] < 0x80) {
      ++i;
      continue;
    }
    const utf8_sequence seq = utf8_sequence_at(text, i);
    if (!seq.well_formed) return i;
    i += seq.length;
  }
  return npos;
}

}  // namespace sioc::detail
