// Fuzzes eio::decode_packet (both dialects) and eio::decode_binary_packet.
//
// Properties:
//  - a decoded packet, re-encoded in its polling form (encode_packet_base64),
//    decodes to the same packet, and encoded_size predicts both encoders;
//  - strict has one form per packet: re-encoding gives back the input exactly;
//  - whatever strict accepts, reference accepts and decodes the same way;
//  - a binary frame is a message of exactly its bytes, re-encodes to itself,
//    and survives the base64 polling form.
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

// Small enough that inputs of libFuzzer's default length cross it.
constexpr std::size_t kMaxPayload = 1024;

eio::decode_options options(dialect mode, std::size_t max_payload = kMaxPayload) {
  eio::decode_options o;
  o.mode = mode;
  o.max_payload_bytes = max_payload;
  return o;
}

// Encodes `p` in its polling form, checks the size functions, and requires that
// the encoding decodes back to `p`. The limit is lifted for the second decode:
// base64 makes a binary packet a third larger than the frame it came from.
std::string round_trip(const eio::packet& p, dialect mode, std::string_view input) {
  std::string wire;
  eio::encode_packet_base64(p, wire);
  std::string frame;
  eio::encode_packet(p, frame);
  require(wire.size() == eio::encoded_size(p, true), "encoded_size(p, true) != encode_packet_base64 size",
          {{"input", input}, {"encoded", wire}});
  require(frame.size() == eio::encoded_size(p, false), "encoded_size(p) != encode_packet size",
          {{"input", input}, {"encoded", frame}});
  std::string storage;
  auto again = eio::decode_packet(wire, storage, options(mode, SIZE_MAX));
  require(again.has_value(), "decode_packet rejects what encode_packet_base64 wrote",
          {{"input", input}, {"encoded", wire}});
  require(*again == p, "decode_packet(encode_packet_base64(p)) != p",
          {{"input", input}, {"encoded", wire}, {"data before", p.data}, {"data after", again->data}});
  return wire;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input = sioc_fuzz::as_view(data, size);

  std::string strict_storage;
  std::string reference_storage;
  const auto strict = eio::decode_packet(input, strict_storage, options(dialect::strict));
  const auto reference = eio::decode_packet(input, reference_storage, options(dialect::reference));
  if (!strict) sioc_fuzz::require_well_formed(strict.error_info(), size, input);
  if (!reference) sioc_fuzz::require_well_formed(reference.error_info(), size, input);

  if (strict) {
    require(reference.has_value() && *reference == *strict, "reference decodes a strict packet differently",
            {{"input", input}});
    require(round_trip(*strict, dialect::strict, input) == input, "strict accepted a non-canonical packet",
            {{"input", input}});
  }
  if (reference) round_trip(*reference, dialect::reference, input);

  const auto binary = eio::decode_binary_packet(input, options(dialect::strict));
  if (size > kMaxPayload) {
    require(!binary && binary.code() == sioc::errc::payload_too_large, "oversized binary frame not refused",
            {{"input", input}});
    return 0;
  }
  require(binary && binary->binary && binary->type == eio::packet_type::message && binary->data == input,
          "a binary frame is not a message of its bytes", {{"input", input}});
  std::string frame;
  require(eio::encode_packet(*binary, frame) == eio::frame_kind::binary && frame == input,
          "a binary message does not encode to its bytes", {{"input", input}, {"encoded", frame}});
  round_trip(*binary, dialect::strict, input);
  return 0;
}
