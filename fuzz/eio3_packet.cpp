// Fuzzes eio::v3::decode_packet and eio::v3::decode_binary_packet, both dialects.
//
// Properties:
//  - a packet decoded from a text frame, re-encoded with v3::encode_packet,
//    decodes (as the frame kind encode_packet names) to the same packet;
//  - strict: a text packet re-encodes to the input exactly;
//  - a binary frame decodes to its type byte and data, and re-encodes to itself.
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

constexpr std::size_t kMaxPayload = 1024;

eio::decode_options options(dialect mode, std::size_t max_payload = kMaxPayload) {
  eio::decode_options o;
  o.mode = mode;
  o.max_payload_bytes = max_payload;
  return o;
}

// Encodes `p` as a WebSocket frame and requires that it decodes back to `p`.
std::string round_trip(const eio::packet& p, dialect mode, std::string_view input) {
  std::string frame;
  const eio::frame_kind kind = eio::v3::encode_packet(p, frame);
  require(kind == (p.binary ? eio::frame_kind::binary : eio::frame_kind::text),
          "v3::encode_packet names the wrong frame kind", {{"input", input}, {"encoded", frame}});
  std::string storage;
  const auto again = kind == eio::frame_kind::text ? eio::v3::decode_packet(frame, storage, options(mode, SIZE_MAX))
                                                   : eio::v3::decode_binary_packet(frame, options(mode, SIZE_MAX));
  require(again.has_value(), "v3 decoding rejects what v3::encode_packet wrote", {{"input", input}, {"encoded", frame}});
  require(*again == p, "v3 decode(encode_packet(p)) != p",
          {{"input", input}, {"encoded", frame}, {"data before", p.data}, {"data after", again->data}});
  return frame;
}

void check_text(dialect mode, std::string_view input) {
  std::string storage;
  const auto r = eio::v3::decode_packet(input, storage, options(mode));
  if (!r) {
    sioc_fuzz::require_well_formed(r.error_info(), input.size(), input);
    return;
  }
  const std::string frame = round_trip(*r, mode, input);
  if (mode == dialect::strict && !r->binary) {
    require(frame == input, "strict accepted a non-canonical text packet", {{"input", input}, {"encoded", frame}});
  }
}

void check_binary(dialect mode, std::string_view input) {
  const auto r = eio::v3::decode_binary_packet(input, options(mode));
  if (!r) {
    sioc_fuzz::require_well_formed(r.error_info(), input.size(), input);
    return;
  }
  require(r->binary && !input.empty() && static_cast<unsigned char>(input[0]) == static_cast<unsigned>(r->type) &&
              r->data == input.substr(1),
          "a v3 binary frame is not its type byte and data", {{"input", input}});
  require(round_trip(*r, mode, input) == input, "a v3 binary packet does not encode to its frame",
          {{"input", input}});
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input = sioc_fuzz::as_view(data, size);
  for (const dialect mode : {dialect::strict, dialect::reference}) {
    check_text(mode, input);
    check_binary(mode, input);
  }
  return 0;
}
