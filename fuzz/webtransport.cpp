// Fuzzes eio::webtransport_decoder::feed and eio::encode_webtransport_frame.
//
// Input: a control prefix, then the stream.
//   byte 0, bits 0-3: k, the number of chunk sizes that follow (0: one chunk)
//           bit 4:    dialect::reference instead of strict
//           bit 5:    max_payload_bytes 100 instead of 64 KiB
//   bytes 1..k:       chunk sizes, used in turn and over again; 0 feeds an empty chunk
//
// Properties:
//  - the stream fed in those chunks yields exactly what it yields fed whole:
//    the same packets, the same error (code and offset), the same final state;
//  - errors are sticky: a further feed returns the same error and no packets;
//  - a stream that decodes and ends between packets, re-encoded frame by frame,
//    decodes to the same packets, and encodes the same again;
//  - memory: the decoder never holds more than stream_bound(stream size), a
//    bound that does not depend on max_payload_bytes: declared lengths (up to
//    64 KiB here, far beyond any input) must not be reserved ahead of the bytes.
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
using sioc_fuzz::require;

struct outcome {
  std::vector<eio::owned_packet> packets;
  sioc::error err{};
  std::uint64_t offset = 0;
  eio::webtransport_decoder::state state = eio::webtransport_decoder::state::header;
  bool at_boundary = true;
};

// The most the decoder may hold for an n-byte stream. A payload split across
// chunks is kept as it arrives in a buffer that at most doubles when it grows
// (three times the bytes received while it moves, with the completed previous
// one alongside); the bytes of "b..." text payloads take three bytes per four
// characters, rounded up to a string's growth; and each such payload, at least
// two bytes of stream, costs one list node. max_payload_bytes does not appear.
std::size_t stream_bound(std::size_t n) {
  const std::size_t split_payloads = 4 * n;
  const std::size_t base64_bytes = 2 * n;
  const std::size_t base64_nodes = (sizeof(std::string) + 2 * sizeof(void*)) * (n / 2 + 1);
  return split_payloads + base64_bytes + base64_nodes + 256;
}

void check_memory(std::size_t stream_size, std::string_view input) {
  const std::size_t bound = stream_bound(stream_size);
  if (meter::peak() <= bound) return;
  const std::string numbers = "peak " + std::to_string(meter::peak()) + " > bound " + std::to_string(bound);
  sioc_fuzz::fail("the WebTransport decoder held more memory than its bound", {{"input", input}, {"bytes", numbers}});
}

void check_error(const outcome& o, std::size_t stream_size, std::string_view input) {
  if (o.err.code == sioc::errc::ok) return;
  sioc_fuzz::require_well_formed(o.err, stream_size, input);
  require(o.state == eio::webtransport_decoder::state::failed, "a failed decoder is not in state failed",
          {{"input", input}});
}

// Feeds `chunks` in order, stopping at the first error, and then once more to
// see the error stick. Only the decoder's own allocations are metered.
outcome decode(const std::vector<std::string_view>& chunks, const eio::decode_options& opts, std::size_t stream_size,
               std::string_view input) {
  outcome o;
  std::vector<eio::packet> out;
  out.reserve(stream_size / 2 + 1);  // a frame takes two bytes at least: the caller's memory, not the decoder's
  eio::webtransport_decoder decoder(opts);
  meter::start();
  for (const std::string_view chunk : chunks) {
    meter::resume();
    const auto r = decoder.feed(chunk, out);
    meter::pause();
    check_memory(stream_size, input);
    for (const eio::packet& p : out) o.packets.push_back(eio::to_owned(p));
    if (r) {
      require(*r == out.size(), "feed miscounted its packets", {{"input", input}, {"chunk", chunk}});
    } else {
      o.err = r.error_info();
    }
    out.clear();
    if (!r) break;
  }
  o.offset = decoder.offset();
  o.state = decoder.current_state();
  o.at_boundary = decoder.at_boundary();
  check_error(o, stream_size, input);
  if (o.err.code != sioc::errc::ok) {
    meter::resume();
    const auto again = decoder.feed("\x01" "6", out);
    meter::pause();
    require(!again && again.code() == o.err.code && again.error_info().offset == o.err.offset && out.empty(),
            "an error did not stick", {{"input", input}});
  }
  return o;
}

bool same(const outcome& a, const outcome& b) {
  return a.packets == b.packets && a.err.code == b.err.code && a.err.offset == b.err.offset &&
         a.offset == b.offset && a.state == b.state && a.at_boundary == b.at_boundary;
}

std::string describe(const outcome& o) {
  std::string s = sioc_fuzz::render(o.packets);
  s += "error: ";
  s += sioc::to_string(o.err.code);
  s += " at " + std::to_string(o.err.offset) + "; offset() " + std::to_string(o.offset) + "; state " +
       std::to_string(static_cast<int>(o.state)) + "\n";
  return s;
}

std::string encode(const std::vector<eio::owned_packet>& packets) {
  std::string wire;
  for (const auto& p : packets) eio::encode_webtransport_frame(p.view(), wire);
  return wire;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input = sioc_fuzz::as_view(data, size);
  if (input.empty()) return 0;
  const auto control = static_cast<unsigned char>(input[0]);
  const std::size_t k = control & 0x0F;
  if (input.size() < 1 + k) return 0;
  eio::decode_options opts;
  opts.mode = (control & 0x10) ? sioc::dialect::reference : sioc::dialect::strict;
  opts.max_payload_bytes = (control & 0x20) ? 100 : 64 * 1024;
  const std::string_view sizes = input.substr(1, k);
  const std::string_view stream = input.substr(1 + k);

  std::vector<std::string_view> chunks;
  std::size_t pos = 0;
  std::size_t empty_run = 0;  // consecutive empty chunks: a full round of them ends the splitting
  for (std::size_t i = 0; pos < stream.size() && !sizes.empty() && empty_run < sizes.size(); ++i) {
    const std::size_t n = static_cast<unsigned char>(sizes[i % sizes.size()]);
    chunks.push_back(stream.substr(pos, n));
    pos += chunks.back().size();
    empty_run = n == 0 ? empty_run + 1 : 0;
  }
  if (pos < stream.size()) chunks.push_back(stream.substr(pos));

  const outcome whole = decode({stream}, opts, stream.size(), input);
  const outcome split = decode(chunks, opts, stream.size(), input);
  require(same(whole, split), "feeding in chunks differs from feeding whole",
          {{"input", input}, {"whole", describe(whole)}, {"chunked", describe(split)}});

  if (whole.err.code != sioc::errc::ok) return 0;
  require(whole.offset == stream.size(), "a successful feed did not consume the stream", {{"input", input}});
  if (!whole.at_boundary) return 0;
  const std::string wire = encode(whole.packets);
  const outcome again = decode({wire}, opts, wire.size(), input);
  require(again.err.code == sioc::errc::ok && again.at_boundary && again.packets == whole.packets,
          "decode(encode_webtransport_frame(packets)) != packets",
          {{"input", input}, {"encoded", wire}, {"before", describe(whole)}, {"after", describe(again)}});
  require(encode(again.packets) == wire, "re-encoding is not stable", {{"input", input}, {"encoded", wire}});
  return 0;
}
