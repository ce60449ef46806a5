#include "detail.hpp"

#include <cstdint>
#include <cstring>

namespace sioc::detail {

std::size_t utf8_invalid_at(std::string_view text) noexcept {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  std::size_t i = 0;
  // Most Socket.IO traffic is ASCII: skip it eight bytes at a time, and a
  // short ASCII tail (a whole short frame) without a branch per byte.
  for (; i + 8 <= n; i += 8) {
    std::uint64_t word;
    std::memcpy(&word, s + i, 8);
    if ((word & 0x8080808080808080ULL) != 0) break;
  }
  if (n - i < 4) {
    unsigned high = 0;
    for (std::size_t j = i; j < n; ++j) high |= s[j];
    if (high < 0x80) return npos;
  } else if (n - i < 8) {
    std::uint32_t head, tail;  // overlapping, together covering the rest
    std::memcpy(&head, s + i, 4);
    std::memcpy(&tail, s + n - 4, 4);
    if (((head | tail) & 0x80808080U) == 0) return npos;
  }
  while (i < n) {
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
