// Fuzzes eio::v3::decode_text_payload and eio::v3::encode_text_payload.
//
// Properties:
//  - decode -> encode -> decode gives the same packets, in both dialects;
//  - strict has one form per payload: encoding gives back the input exactly.
#include "support.hpp"

#include <sioc/eio.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace {

namespace eio = sioc::eio;
using sioc::dialect;
using sioc_fuzz::require;

// Small enough that inputs of libFuzzer's default length cross both limits.
constexpr std::size_t kMaxPayload = 2048;
constexpr std::size_t kMaxPackets = 64;

eio::decode_options options(dialect mode, bool limited) {
  eio::decode_options o;
  o.mode = mode;
  o.max_payload_bytes = limited ? kMaxPayload : SIZE_MAX;
  o.max_packets = limited ? kMaxPackets : SIZE_MAX;
  return o;
}

void check(dialect mode, std::string_view input) {
  eio::payload decoded;
  const auto r = eio::v3::decode_text_payload(input, decoded, options(mode, true));
  if (!r) {
    sioc_fuzz::require_well_formed(r.error_info(), input.size(), input);
    require(decoded.size() <= kMaxPackets, "a failed decode kept more than max_packets", {{"input", input}});
    return;
  }
  require(*r == decoded.size(), "v3::decode_text_payload miscounted its packets", {{"input", input}});

  std::string wire;
  eio::v3::encode_text_payload(decoded.packets().data(), decoded.size(), wire);
  if (mode == dialect::strict) {
    require(wire == input, "strict accepted a non-canonical payload", {{"input", input}, {"encoded", wire}});
  }
  // Reference base64 may re-encode longer than it came, so the limits are lifted.
  eio::payload again;
  const auto r2 = eio::v3::decode_text_payload(wire, again, options(mode, false));
  const std::string before = sioc_fuzz::render(sioc_fuzz::owned(decoded));
  require(r2.has_value(), "v3::decode_text_payload rejects what v3::encode_text_payload wrote",
          {{"input", input}, {"encoded", wire}, {"packets", before}});
  require(again.packets() == decoded.packets(), "v3 text payload: decode(encode(packets)) != packets",
          {{"input", input},
           {"encoded", wire},
           {"packets before", before},
           {"packets after", sioc_fuzz::render(sioc_fuzz::owned(again))}});
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input = sioc_fuzz::as_view(data, size);
  check(dialect::strict, input);
  check(dialect::reference, input);
  return 0;
}
