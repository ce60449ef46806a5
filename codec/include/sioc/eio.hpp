// sioc/eio.hpp: the Engine.IO layer (protocol v4, v4.1 WebTransport framing, v3).
//
// Engine.IO packets are a type (open, close, ping, pong, message, upgrade, noop)
// and optional data: UTF-8 text, or raw bytes for a binary message. This header
// turns them into wire bytes and back for every Engine.IO transport form:
//
//   v4  WebSocket frame      decode_packet / decode_binary_packet / encode_packet
//   v4  polling payload      decode_payload / encode_payload (0x1E-separated)
//   v4.1 WebTransport stream webtransport_decoder / encode_webtransport_frame
//   v3  (namespace v3)       packets with a type byte, UTF-16-length text payloads,
//                            XHR2 binary payloads
//   open packet JSON         parse_handshake / serialize_handshake
//
// Views: a decoded packet's `data` is a std::string_view into the bytes you passed
// in, so it is valid as long as they are. Binary data that had to be base64-decoded
// lives in storage you own (a std::string you pass, or a `payload`), documented per
// function. Call to_owned() to keep a packet beyond that.
//
// Errors: decoders are noexcept and return result<T> (see sioc/result.hpp); the
// error offset is a byte offset into the input of that call (for the WebTransport
// decoder: into the whole stream).
#pragma once

#include <sioc/result.hpp>

#include <cstddef>
#include <cstdint>
#include <forward_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace sioc::detail {
// An allocator whose value-initialisation leaves chars uninitialised: storage
// sized for decoding is overwritten at once, so zero-filling it first is waste.
template <class T>
struct uninitialized_allocator : std::allocator<T> {
  template <class U>
  struct rebind {
    using other = uninitialized_allocator<U>;
  };
  uninitialized_allocator() = default;
  template <class U>
  uninitialized_allocator(const uninitialized_allocator<U>&) noexcept {}
  template <class U>
  void construct(U* p) noexcept(std::is_nothrow_default_constructible_v<U>) {
    ::new (static_cast<void*>(p)) U;
  }
  template <class U, class... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
};
using byte_storage = std::vector<char, uninitialized_allocator<char>>;
}  // namespace sioc::detail

namespace sioc::eio {

enum class packet_type : std::uint8_t { open = 0, close = 1, ping = 2, pong = 3, message = 4, upgrade = 5, noop = 6 };

// "open", "close", ...
const char* to_string(packet_type type) noexcept;

// One Engine.IO packet. `data` views bytes owned elsewhere (see the header comment).
// `binary` marks raw bytes rather than UTF-8 text. In v4 binary data is always
// a message (the wire has no room for a type), so v4 encoders ignore `type`
// for binary packets, as the reference does; v3 carries a type with binary data.
struct packet {
  packet_type type = packet_type::message;
  bool binary = false;
  std::string_view data;

  static packet text(packet_type type, std::string_view data = {}) noexcept { return {type, false, data}; }
  static packet bytes(std::string_view data, packet_type type = packet_type::message) noexcept {
    return {type, true, data};
  }
  friend bool operator==(const packet& a, const packet& b) noexcept {
    return a.type == b.type && a.binary == b.binary && a.data == b.data;
  }
  friend bool operator!=(const packet& a, const packet& b) noexcept { return !(a == b); }
};

// The owning form of a packet.
struct owned_packet {
  packet_type type = packet_type::message;
  bool binary = false;
  std::string data;

  packet view() const noexcept { return {type, binary, data}; }
  friend bool operator==(const owned_packet& a, const owned_packet& b) noexcept { return a.view() == b.view(); }
  friend bool operator!=(const owned_packet& a, const owned_packet& b) noexcept { return !(a == b); }
};

owned_packet to_owned(const packet& p);

// Limits on what a decoder accepts. Every default is safe for input from the
// open internet; raise them deliberately.
struct decode_options {
  dialect mode = dialect::strict;
  // Largest input accepted in one call: a frame, a polling body, or one
  // WebTransport packet. Matches the reference server's default maxHttpBufferSize.
  std::size_t max_payload_bytes = 1'000'000;
  // Most packets accepted in one polling payload.
  std::size_t max_packets = 10'000;
};

// Which kind of WebSocket frame an encoded packet must travel in.
enum class frame_kind : std::uint8_t { text, binary };

// ---------------------------------------------------------------------------
// v4: single packets (a WebSocket frame, or one element of a polling payload)
// ---------------------------------------------------------------------------

// Decodes a text frame: a type digit and UTF-8 data ("4hello", "2probe", "6").
// The base64 form of a binary message ("bAQID") is accepted too, as the
// reference does; its decoded bytes are written to `storage` (replacing its
// contents) and the packet's data views `storage`. Otherwise data views `frame`.
// Errors: empty_packet, unknown_packet_type, invalid_utf8 (strict dialect),
// invalid_base64, payload_too_large.
result<packet> decode_packet(std::string_view frame, std::string& storage, const decode_options& opts = {}) noexcept;

// Decodes a binary frame: in v4 always a message whose data is the whole frame.
// Errors: payload_too_large.
result<packet> decode_binary_packet(std::string_view frame, const decode_options& opts = {}) noexcept;

// Appends the WebSocket frame for `p` to `out` and says which frame kind carries
// it: text packets as "<digit><data>", binary messages as their raw bytes.
frame_kind encode_packet(const packet& p, std::string& out);

// Appends the polling form of one packet: like encode_packet, but a binary
// message as "b" + base64 (standard alphabet, padded).
void encode_packet_base64(const packet& p, std::string& out);

// Exact number of bytes encode_packet (or, with base64 = true,
// encode_packet_base64) appends for `p`.
std::size_t encoded_size(const packet& p, bool base64 = false) noexcept;

// ---------------------------------------------------------------------------
// v4: HTTP long-polling payloads
// ---------------------------------------------------------------------------

struct payload_access;  // internal


// The packets of one decoded polling payload. Text data views the body given to
// decode_payload; base64-decoded binary data views storage inside this object.
// Reuse one payload across calls to reuse its capacity. It can be moved (the
// views stay valid) but not copied.
class payload {
 public:
  payload() = default;
  payload(const payload&) = delete;
  payload& operator=(const payload&) = delete;
  payload(payload&&) noexcept = default;
  payload& operator=(payload&&) noexcept = default;

  const std::vector<packet>& packets() const noexcept { return packets_; }
  std::size_t size() const noexcept { return packets_.size(); }
  const packet& operator[](std::size_t i) const noexcept { return packets_[i]; }
  auto begin() const noexcept { return packets_.begin(); }
  auto end() const noexcept { return packets_.end(); }
  void clear() noexcept {
    packets_.clear();
    storage_.clear();
  }

 private:
  friend struct payload_access;
  std::vector<packet> packets_;
  sioc::detail::byte_storage storage_;  // a vector, not a string: moving it never moves the bytes
};

// Decodes a polling body ("4hello\x1e" "bAQID"): packets separated by 0x1E.
// Replaces the contents of `out`. On error, `out` holds the packets before the
// failing one (the reference delivers those too) and the error's offset points
// into `body`. Returns the number of packets.
// Errors: those of decode_packet, plus payload_too_large, too_many_packets.
result<std::size_t> decode_payload(std::string_view body, payload& out, const decode_options& opts = {}) noexcept;

// Appends to `out` a polling body holding packets[0..count) in order, stopping
// before the first packet that would take the body over `max_payload_bytes`
// (the peer's maxPayload from the handshake). Returns how many packets it
// wrote: at least one when count > 0, even if that one alone is larger, so a
// caller looping until all are sent always makes progress. Binary messages are
// written as "b" + base64.
// Errors: invalid_packet when a text packet's data holds the separator 0x1E,
// which would split it into forged packets on the peer's side; the error's
// offset is the packet's index, and nothing is appended.
result<std::size_t> encode_payload(const packet* packets, std::size_t count, std::string& out,
                                   std::size_t max_payload_bytes = static_cast<std::size_t>(-1));

// ---------------------------------------------------------------------------
// v4.1: WebTransport stream framing
// ---------------------------------------------------------------------------

// Appends the frame for `p`: a 1, 3 or 9-byte header (top bit set for binary;
// length < 126 inline, 126 + 16-bit, or 127 + 64-bit big-endian) then the
// packet as encode_packet writes it (text as "<digit><data>", binary raw).
// An empty binary message is written as the text packet "b" (its base64 form),
// because a zero length is refused by every decoder, the reference's included.
void encode_webtransport_frame(const packet& p, std::string& out);

// Incremental decoder for a WebTransport stream, fed chunks as they arrive,
// split anywhere (inside a header too).
//
// Theory of operation: the decoder reads a 1-byte header (state header), then 0,
// 2 or 8 bytes of extended length (length16, length64), then the payload
// (payload), and starts over. A length of zero or above max_payload_bytes (or
// above 2^53 - 1, the reference's limit) is rejected as soon as the header is
// complete, before any payload byte is stored. Packets that lie whole inside a
// chunk are returned as views into that chunk; only a packet split across chunks
// is copied, into storage that grows with the bytes received and never beyond
// the declared length. At most one split packet completes per feed() (the first
// packet of the chunk), so a single buffer holds it for the caller. Errors
// are sticky: once feed() has failed, every later call returns the same error
// until reset(). (The reference decoder instead emits an error packet and keeps
// reading from wherever it stopped, which delivers the oversized packet it just
// refused, or reads payload bytes as headers; the Node server closes the
// session on that error packet anyway.)
//
// dialect::reference differs in two places, as the reference does: one leading
// UTF-8 BOM of a text payload is dropped (TextDecoder), and a header byte of 126
// or 127 is refused when max_payload_bytes is below that marker, whatever the
// extended length says. Lengths need not use the shortest form in either dialect.
class webtransport_decoder {
 public:
  enum class state : std::uint8_t { header, length16, length64, payload, failed };

  explicit webtransport_decoder(const decode_options& opts = {}) noexcept : opts_(opts) {}

  // Decodes `chunk` and appends every packet it completes to `out`. The packets'
  // data views `chunk` or this decoder's storage, valid until the next call to
  // feed() or reset(), and until `chunk` is released. Returns the number of
  // packets appended. On error, `out` keeps the packets completed before the
  // failing one (as the reference delivers them). Errors: zero_length and
  // payload_too_large (offset: the frame's first header byte), and those of
  // decode_packet for a text payload (offset: the offending byte); offsets
  // count bytes from the start of the stream.
  result<std::size_t> feed(std::string_view chunk, std::vector<packet>& out) noexcept;

  // True between packets: the stream may end here without losing anything.
  bool at_boundary() const noexcept { return state_ == state::header; }
  state current_state() const noexcept { return state_; }
  // Bytes consumed since construction or reset(); after an error, up to the end
  // of the header or packet that failed.
  std::uint64_t offset() const noexcept { return consumed_; }
  // Back to the start of a stream, with the same options; frees the buffers.
  void reset() noexcept;

 private:
  error begin_payload(std::uint64_t at) noexcept;
  error read_header(std::string_view chunk, std::size_t& pos) noexcept;
  error read_length(std::string_view chunk, std::size_t& pos) noexcept;
  error read_payload(std::string_view chunk, std::size_t& pos, std::vector<packet>& out) noexcept;
  error deliver(std::string_view payload, std::vector<packet>& out) noexcept;

  decode_options opts_;
  state state_ = state::header;
  bool binary_ = false;
  std::uint8_t header_have_ = 0;    // extended-length bytes collected so far
  std::uint64_t length_ = 0;        // payload length being read
  std::uint64_t consumed_ = 0;      // stream offset of the next chunk's first byte
  std::uint64_t frame_start_ = 0;   // stream offset of the current frame's header
  std::uint64_t packet_start_ = 0;  // stream offset of the current payload
  error error_{};
  std::vector<char> partial_;  // a payload split across chunks, being collected
  std::vector<char> ready_;    // a completed split payload, viewed by the last feed's output
  std::string scratch_;        // where decode_packet writes the bytes of a "b..." text payload
  std::forward_list<std::string> base64_;  // those bytes, one string per packet of the last feed
};

// ---------------------------------------------------------------------------
// The open packet's handshake JSON
// ---------------------------------------------------------------------------

struct handshake {
  std::string sid;                         // session id, non-empty
  std::vector<std::string> upgrades;       // transports the client may upgrade to
  std::uint64_t ping_interval_ms = 25000;  // pingInterval
  std::uint64_t ping_timeout_ms = 20000;   // pingTimeout
  std::optional<std::uint64_t> max_payload;  // maxPayload (v4 only)

  friend bool operator==(const handshake& a, const handshake& b) {
    return a.sid == b.sid && a.upgrades == b.upgrades && a.ping_interval_ms == b.ping_interval_ms &&
           a.ping_timeout_ms == b.ping_timeout_ms && a.max_payload == b.max_payload;
  }
};

// Largest ping interval/timeout accepted: the largest delay a JavaScript timer
// honours (2^31 - 1 ms), beyond which real clients misbehave.
inline constexpr std::uint64_t max_handshake_interval_ms = 2147483647;

// Parses the JSON of an open packet (the data after the "0"). Requires `sid` (a
// non-empty string), `upgrades` (an array of strings), `pingInterval` and
// `pingTimeout` (integers in [0, max_handshake_interval_ms]); `maxPayload`, if
// present, must be a non-negative integer. Unknown members are ignored, as
// clients do. Nesting deeper than 32 levels is rejected.
// Errors: invalid_json, invalid_utf8, invalid_handshake, too_deep,
// payload_too_large.
result<handshake> parse_handshake(std::string_view json, const decode_options& opts = {}) noexcept;

// Appends the handshake's JSON, members in the reference server's order
// (sid, upgrades, pingInterval, pingTimeout, maxPayload).
void serialize_handshake(const handshake& h, std::string& out);

// ---------------------------------------------------------------------------
// v3 (Socket.IO 1.x/2.x)
// ---------------------------------------------------------------------------
namespace v3 {

// Decodes a text frame: "<digit><data>", or "b<digit><base64>" for binary data
// of any packet type, whose decoded bytes are written to `storage` (replacing
// its contents) and viewed there. Otherwise data views `frame`.
// Errors: empty_packet, unknown_packet_type, invalid_utf8 (strict dialect),
// invalid_base64, payload_too_large.
result<packet> decode_packet(std::string_view frame, std::string& storage, const decode_options& opts = {}) noexcept;

// Decodes a binary frame: a type byte (0-6) then the data, viewed in `frame`.
// Errors: empty_packet, unknown_packet_type, payload_too_large.
result<packet> decode_binary_packet(std::string_view frame, const decode_options& opts = {}) noexcept;

// Appends the WebSocket frame for `p`: text as "<digit><data>", binary as the
// type byte then the bytes.
frame_kind encode_packet(const packet& p, std::string& out);

// Appends the text form of `p`, for a peer without binary support: text
// packets as encode_packet writes them, binary data as "b<digit><base64>".
void encode_packet_base64(const packet& p, std::string& out);

// Decodes a text polling body: "<length>:<packet>" repeated, each length
// counting the UTF-16 code units of the packet text (binary packets as
// "b<digit><base64>"). The body "0:" alone is an empty list; the reference
// dialect also skips a zero length anywhere else. Replaces the contents of
// `out`; on error `out` holds the packets before the failing one (the
// reference has delivered those by then).
// Errors: invalid_length, length_mismatch (a length ending inside a
// character), truncated, empty_packet, too_many_packets, and those of
// decode_packet.
result<std::size_t> decode_text_payload(std::string_view body, payload& out, const decode_options& opts = {}) noexcept;

// Appends a text polling body for packets[0..count); binary packets are
// written in base64. An empty list is written as "0:", as the reference does.
void encode_text_payload(const packet* packets, std::size_t count, std::string& out);

// Decodes an XHR2 binary polling body: per packet a byte 0 (text) or 1
// (binary), the length as one byte per decimal digit, 0xFF, then the packet;
// a text packet is its UTF-8 text form and its length counts bytes. An empty
// body is an empty list. Replaces the contents of `out`. On a framing error
// `out` holds nothing (the reference frames the whole body first); when a
// packet fails to decode, it holds the packets before that one.
// Errors: invalid_length, truncated, too_many_packets, unknown_packet_type
// (a kind byte other than 0 or 1, strict dialect), and those of the packet
// decoders.
result<std::size_t> decode_binary_payload(std::string_view body, payload& out, const decode_options& opts = {}) noexcept;

// Appends an XHR2 binary polling body for packets[0..count); an empty list
// appends nothing, as the reference does.
void encode_binary_payload(const packet* packets, std::size_t count, std::string& out);

}  // namespace v3
}  // namespace sioc::eio
