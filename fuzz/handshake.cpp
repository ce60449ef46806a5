// Fuzzes eio::parse_handshake and eio::serialize_handshake.
//
// Properties: parse -> serialize -> parse gives the same handshake, and
// serializing that again gives the same JSON.
#include "support.hpp"

#include <sioc/eio.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace {

namespace eio = sioc::eio;
using sioc_fuzz::require;

std::string describe(const eio::handshake& h) {
  std::string s = "sid " + h.sid + "\nupgrades";
  for (const auto& u : h.upgrades) s += " [" + u + "]";
  s += "\npingInterval " + std::to_string(h.ping_interval_ms) + "\npingTimeout " + std::to_string(h.ping_timeout_ms);
  s += "\nmaxPayload " + (h.max_payload ? std::to_string(*h.max_payload) : std::string("absent")) + "\n";
  return s;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input = sioc_fuzz::as_view(data, size);
  eio::decode_options opts;
  opts.max_payload_bytes = 2048;  // small enough that inputs of libFuzzer's default length cross it
  const auto h = eio::parse_handshake(input, opts);
  if (!h) {
    sioc_fuzz::require_well_formed(h.error_info(), size, input);
    return 0;
  }
  std::string json;
  eio::serialize_handshake(*h, json);
  eio::decode_options unlimited;  // escaping may make the JSON longer than the input
  unlimited.max_payload_bytes = SIZE_MAX;
  const auto again = eio::parse_handshake(json, unlimited);
  require(again.has_value(), "parse_handshake rejects what serialize_handshake wrote",
          {{"input", input}, {"serialized", json}});
  require(*again == *h, "parse(serialize(handshake)) != handshake",
          {{"input", input}, {"serialized", json}, {"before", describe(*h)}, {"after", describe(*again)}});
  std::string json2;
  eio::serialize_handshake(*again, json2);
  require(json2 == json, "serialize_handshake is not stable", {{"input", input}, {"first", json}, {"second", json2}});
  return 0;
}
