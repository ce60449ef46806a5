// Fuzzes eio::decode_payload (both dialects) and eio::encode_payload.
//
// Properties:
//  - strict: encode_payload(decode_payload(x)) == x (one form per payload),
//    and it decodes to the same packets;
//  - reference: decode -> encode -> decode gives the same packets;
//  - encode_payload under a small max_payload_bytes writes maximal pieces, each
//    within the limit unless it holds a single packet, and each decodes back to
//    its share of the packets;
//  - memory: decode_payload holds at most payload_bound(input size) bytes.
#include "alloc_meter.hpp"
#include "support.hpp"

#include <sioc/eio.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace {

namespace eio = sioc::eio;
namespace meter = sioc_fuzz::alloc_meter;
using sioc::dialect;
using sioc_fuzz::require;

// Small enough that inputs of libFuzzer's default length cross both limits.
constexpr std::size_t kMaxPayload = 2048;
constexpr std::size_t kMaxPackets = 64;

eio::decode_options options(dialect mode) {
  eio::decode_options o;
  o.mode = mode;
  o.max_payload_bytes = kMaxPayload;
  o.max_packets = kMaxPackets;
  return o;
}

// Re-decoding what we encoded: reference base64 may re-encode a little longer
// ("bAA" holds one byte, written "bAA=="), so the limits are lifted.
eio::decode_options unlimited(dialect mode) {
  eio::decode_options o;
  o.mode = mode;
  o.max_payload_bytes = SIZE_MAX;
  o.max_packets = SIZE_MAX;
  return o;
}

// The most decode_payload may hold for an n-byte body. Every packet but the
// last takes at least two bytes (a type and a separator), so there are at most
// n / 2 + 1; the packet list grows by doubling, holding up to three times its
// length while it moves. Base64 data decodes to three bytes per four
// characters, into one buffer sized from the rest of the body, with slack for
// rounding up each packet. No declared length or limit enters the bound.
std::size_t payload_bound(std::size_t n) {
  const std::size_t packet_list = 3 * sizeof(eio::packet) * (n / 2 + 1);
  const std::size_t base64_storage = n + 16;
  return packet_list + base64_storage + 256;
}

void check_split(const std::vector<eio::packet>& packets, std::size_t max_bytes, std::string_view input) {
  std::size_t i = 0;
  while (i < packets.size()) {
    std::string piece;
    const auto written = eio::encode_payload(packets.data() + i, packets.size() - i, piece, max_bytes);
    require(written.has_value(), "encode_payload refused decoded packets", {{"input", input}, {"piece", piece}});
    const std::size_t n = *written;
    require(n >= 1 && n <= packets.size() - i, "encode_payload made no progress", {{"input", input}, {"piece", piece}});
    require(piece.size() <= max_bytes || n == 1, "encode_payload exceeded max_payload_bytes",
            {{"input", input}, {"piece", piece}});
    if (i + n < packets.size()) {
      require(piece.size() + 1 + eio::encoded_size(packets[i + n], true) > max_bytes,
              "encode_payload stopped before the limit", {{"input", input}, {"piece", piece}});
    }
    eio::payload back;
    const auto r = eio::decode_payload(piece, back, unlimited(dialect::reference));
    const std::vector<eio::packet> want(packets.begin() + static_cast<std::ptrdiff_t>(i),
                                        packets.begin() + static_cast<std::ptrdiff_t>(i + n));
    require(r && back.packets() == want, "a piece of a split payload does not decode to its packets",
            {{"input", input}, {"piece", piece}});
    i += n;
  }
}

void check(dialect mode, std::string_view input) {
  eio::payload decoded;
  meter::start();
  const auto r = eio::decode_payload(input, decoded, options(mode));
  meter::pause();
  if (meter::peak() > payload_bound(input.size())) {
    const std::string numbers =
        "peak " + std::to_string(meter::peak()) + " > bound " + std::to_string(payload_bound(input.size()));
    sioc_fuzz::fail("decode_payload held more memory than its bound", {{"input", input}, {"bytes", numbers}});
  }
  if (!r) {
    sioc_fuzz::require_well_formed(r.error_info(), input.size(), input);
    require(decoded.size() <= kMaxPackets, "a failed decode kept more than max_packets", {{"input", input}});
    return;
  }
  require(*r == decoded.size(), "decode_payload miscounted its packets", {{"input", input}});

  std::string wire;
  // Decoded text never holds the separator, so encoding cannot fail.
  const auto written = eio::encode_payload(decoded.packets().data(), decoded.size(), wire);
  require(written && *written == decoded.size(), "encode_payload without a limit failed or dropped packets",
          {{"input", input}, {"encoded", wire}});
  if (mode == dialect::strict) {
    require(wire == input, "strict accepted a non-canonical payload", {{"input", input}, {"encoded", wire}});
  }
  eio::payload again;
  const auto r2 = eio::decode_payload(wire, again, unlimited(mode));
  const std::string before = sioc_fuzz::render(sioc_fuzz::owned(decoded));
  require(r2.has_value(), "decode_payload rejects what encode_payload wrote",
          {{"input", input}, {"encoded", wire}, {"packets", before}});
  require(again.packets() == decoded.packets(), "decode(encode(packets)) != packets",
          {{"input", input},
           {"encoded", wire},
           {"packets before", before},
           {"packets after", sioc_fuzz::render(sioc_fuzz::owned(again))}});

  for (const std::size_t max_bytes : {std::size_t{1}, std::size_t{16}, input.size() / 2 + 1}) {
    check_split(decoded.packets(), max_bytes, input);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input = sioc_fuzz::as_view(data, size);
  check(dialect::strict, input);
  check(dialect::reference, input);
  return 0;
}
