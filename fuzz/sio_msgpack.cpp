// Fuzzes sio::wire_format::msgpack: sio::decoder::feed and parser::decode of
// one frame in both dialects, and sio::encode of what they deliver.
//
// Input:
//   byte 0: bits 0-1: the limits (profile() below: small, default, tiny, wide)
//           bit 2:    the frame is a text frame (else binary)
//   then:   the frame.
// make_seeds.py writes every frame of vectors/sio5.msgpack.json in this form.
//
// Properties, in each dialect:
//  - decoder::feed and parser::decode give the same verdict (the same error,
//    or the same packet); errors have an offset inside the frame and a
//    message, and are sticky in the decoder; a text frame is unexpected_text
//    at 0; the decoder never waits for attachments;
//  - delivered packets have a type from 0 to 4, an ack id within max_ack_id,
//    data within max_depth, and come from a frame within max_packet_bytes
//    plus max_attachment_bytes;
//  - where strict accepts a frame that holds no "__proto__", the reference
//    dialect delivers the same packet (the dialects differ only on what
//    strict refuses, and on "__proto__");
//  - every packet strict delivers re-encodes, but for what it accepts as the
//    reference does and a peer must not send (accepted_not_sent() below);
//    whatever either dialect delivers and encode() writes, the strict decoder
//    reads back to the same packet, and encoding that again gives the same
//    bytes;
//  - memory: decoding holds at most 128 bytes per frame byte plus 16 KiB
//    (a one-byte value becomes at most a json slot and a small heap object).
#include "alloc_meter.hpp"
#include "sio_support.hpp"

#include <sioc/sio.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace {

using namespace sioc_fuzz;
namespace meter = alloc_meter;
using sioc::dialect;
using sioc::errc;

sio::decode_options profile(unsigned bits, dialect mode) {
  sio::decode_options o;
  o.format = sio::wire_format::msgpack;
  o.mode = mode;
  switch (bits & 3U) {
    case 0:  // small
      o.max_packet_bytes = 512;
      o.max_attachment_bytes = 256;
      o.max_depth = 8;
      o.max_ack_id = 1000;
      break;
    case 1: break;  // the defaults
    case 2:         // tiny
      o.max_packet_bytes = 16;
      o.max_attachment_bytes = 16;
      o.max_depth = 1;
      o.max_ack_id = 0;
      break;
    default:  // wide; the depth stays where recursive comparisons of json are safe
      o.max_packet_bytes = SIZE_MAX;
      o.max_attachment_bytes = SIZE_MAX;
      o.max_depth = 2000;
      o.max_ack_id = std::numeric_limits<std::uint64_t>::max();
  }
  return o;
}

// Depth as max_depth counts it, without recursion.
std::size_t depth_of(const json& root) {
  std::size_t most = 0;
  std::vector<std::pair<const json*, std::size_t>> stack{{&root, 0}};
  while (!stack.empty()) {
    const auto [v, d] = stack.back();
    stack.pop_back();
    if (!v->is_structured()) continue;
    for (const json& child : *v) {
      most = std::max(most, d + 1);
      stack.emplace_back(&child, d + 1);
    }
  }
  return most;
}

bool holds_integral_beyond_64_bits(const json& root) {
  std::vector<const json*> stack{&root};
  while (!stack.empty()) {
    const json* v = stack.back();
    stack.pop_back();
    if (v->is_number_float()) {
      const double d = v->get<double>();
      if (std::isfinite(d) && std::trunc(d) == d && (d >= 0x1p64 || d < -0x1p63)) return true;
    }
    if (v->is_structured()) {
      for (const json& child : *v) stack.push_back(&child);
    }
  }
  return false;
}

// Packets the strict decoder delivers, as the reference does, that encode()
// refuses because a peer must not send them (sio.hpp, encode): the rule, or nullptr.
const char* accepted_not_sent(const sio::packet& p) {
  if (p.nsp.empty() || p.nsp.front() != '/') return "a namespace without its leading '/'";
  if (p.type == sio::packet_type::ack && !p.id) return "an ACK without an id";
  const bool takes_id = p.type == sio::packet_type::event || p.type == sio::packet_type::ack;
  if (p.id && !takes_id) return "an ack id on CONNECT, DISCONNECT or CONNECT_ERROR";
  if (p.id && *p.id > sio::max_safe_ack_id) return "an ack id above 2^53-1 (max_ack_id raised)";
  if (p.data && holds_integral_beyond_64_bits(*p.data)) return "an integral float beyond 64-bit integers";
  return nullptr;
}

// Same verdict: the same error, or equal packets (NaN, which the reference
// keeps, compares by its rendering).
bool same(const sioc::result<sio::packet>& a, const sioc::result<std::optional<sio::packet>>& b) {
  if (a.has_value() != b.has_value()) return false;
  if (!a) return a.code() == b.code() && a.error_info().offset == b.error_info().offset;
  return b->has_value() && describe(*a) == describe(**b);
}

sio::encode_options msgpack_encoding() {
  sio::encode_options o;
  o.format = sio::wire_format::msgpack;
  return o;
}

sio::decode_options strict_unlimited() {
  sio::decode_options o = profile(3, dialect::strict);
  o.max_ack_id = sio::max_safe_ack_id;
  return o;
}

// The value as encode() writes it: a double with an integral value becomes an
// integer, as notepack.io writes it (values beyond 64 bits are refused before).
json as_written(json v) {
  std::vector<json*> stack{&v};
  while (!stack.empty()) {
    json* j = stack.back();
    stack.pop_back();
    if (j->is_number_float()) {
      const double d = j->get<double>();
      if (std::trunc(d) == d) {
        *j = d >= 0 ? json(static_cast<std::uint64_t>(d)) : json(static_cast<std::int64_t>(d));
      }
    } else if (j->is_structured()) {
      for (json& child : *j) stack.push_back(&child);
    }
  }
  return v;
}

// encode -> strict decode -> encode: the same packet (integral doubles read
// back as integers), the same bytes.
void round_trip(const sio::packet& p, const std::string& first, std::string_view input) {
  sio::parser strict(strict_unlimited());
  const auto back = strict.decode(first);
  require(back.has_value(), "the strict decoder refuses what encode() wrote",
          {{"input", input}, {"encoded", first}, {"error", back ? std::string() : describe(back.error_info())}});
  sio::packet expected = p;
  if (expected.data) expected.data = as_written(*expected.data);
  require(describe(*back) == describe(expected), "the strict decoder reads encode()'s output as another packet",
          {{"input", input}, {"packet", describe(expected)}, {"read back", describe(*back)}});
  std::string second;
  std::vector<std::string_view> attachments;
  const auto again = sio::encode(*back, second, attachments, msgpack_encoding());
  require(again && second == first, "encoding the packet read back gives other bytes",
          {{"input", input}, {"first", first}, {"second", second}});
}

void run(dialect mode, unsigned bits, std::string_view frame, bool text, std::string_view input,
         std::optional<sio::packet>& delivered) {
  const sio::decode_options o = profile(bits, mode);
  sio::decoder d(o);
  sio::parser parser(o);

  meter::start();
  const auto fed = d.feed(frame, !text);
  meter::pause();
  const std::size_t bound = 128 * frame.size() + 16384;
  require(meter::peak() <= bound, "decoding held more memory than its bound",
          {{"input", input}, {"bytes", "peak " + std::to_string(meter::peak()) + " > " + std::to_string(bound)}});

  if (text) {
    require(!fed && fed.code() == errc::unexpected_text && fed.error_info().offset == 0,
            "a text frame is not unexpected_text at 0", {{"input", input}});
  } else {
    const auto parsed = parser.decode(frame);
    require(same(parsed, fed), "parser::decode and decoder::feed disagree",
            {{"input", input},
             {"parser", parsed ? describe(*parsed) : describe(parsed.error_info())},
             {"decoder", fed ? (fed->has_value() ? describe(**fed) : "waiting") : describe(fed.error_info())}});
  }
  if (!fed) {
    require_well_formed(fed.error_info(), frame.size(), input);
    require(d.current_state() == sio::decoder::state::failed, "an error leaves the decoder not failed", {{"input", input}});
    const auto again = d.feed(frame, true);
    require(!again && again.code() == fed.code() && again.error_info().offset == fed.error_info().offset,
            "the decoder's error is not sticky", {{"input", input}});
    return;
  }
  require(fed->has_value() && d.current_state() == sio::decoder::state::idle,
          "the msgpack decoder did not deliver a whole packet at once", {{"input", input}});
  const sio::packet& p = **fed;
  require(static_cast<int>(p.type) <= 4, "a packet of type 5 or 6", {{"input", input}, {"packet", describe(p)}});
  require(p.query.empty(), "a msgpack packet with a query", {{"input", input}});
  require(!p.id || *p.id <= o.max_ack_id, "an ack id above max_ack_id", {{"input", input}, {"packet", describe(p)}});
  require(!p.data || depth_of(*p.data) <= o.max_depth, "data deeper than max_depth",
          {{"input", input}, {"packet", describe(p)}});
  const std::size_t most = o.max_packet_bytes > SIZE_MAX - o.max_attachment_bytes
                               ? SIZE_MAX
                               : o.max_packet_bytes + o.max_attachment_bytes;
  require(frame.size() <= most, "a frame beyond both limits decoded", {{"input", input}});
  delivered = p;

  std::string encoded;
  std::vector<std::string_view> attachments;
  const auto written = sio::encode(p, encoded, attachments, msgpack_encoding());
  if (mode == dialect::strict && accepted_not_sent(p) == nullptr) {
    require(written.has_value(), "encode() refuses a packet the strict decoder delivered",
            {{"input", input}, {"packet", describe(p)}, {"error", written ? std::string() : describe(written.error_info())}});
  }
  if (!written) {
    require(written.code() == errc::invalid_packet && encoded.empty(), "encode() failed otherwise than documented",
            {{"input", input}});
    return;
  }
  require(*written == 0 && attachments.empty(), "the msgpack encoder gave attachments", {{"input", input}});
  round_trip(p, encoded, input);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const unsigned bits = data[0];
  const std::string input(reinterpret_cast<const char*>(data), size);
  const std::string frame = input.substr(1);
  const bool text = (bits & 4U) != 0;
  std::optional<sio::packet> strict, reference;
  run(dialect::strict, bits, frame, text, input, strict);
  run(dialect::reference, bits, frame, text, input, reference);
  if (strict && frame.find("__proto__") == std::string::npos) {
    require(reference.has_value() && describe(*reference) == describe(*strict),
            "the reference dialect decides otherwise on a frame strict accepts",
            {{"input", input}, {"strict", describe(*strict)},
             {"reference", reference ? describe(*reference) : std::string("refused")}});
  }
  return 0;
}
