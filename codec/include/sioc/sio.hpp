// sioc/sio.hpp: the Socket.IO layer (protocol v5 for Socket.IO 3.x/4.x, v4 for 1.x/2.x).
//
// A Socket.IO packet travels in one Engine.IO message: a text form
//
//   <type>[<attachments>-][<namespace>,][<ack id>][<JSON payload>]
//
// followed, for BINARY_EVENT/BINARY_ACK, by one binary message per attachment.
// This header offers:
//
//   packet                   the owning packet; the payload is an nlohmann::json
//                            whose binary values (json::binary_t) are attachments
//   encode()                 packet -> text frame + attachment frames
//   decoder                  stateful: Engine.IO messages in order -> packets
//   parser / packet_view     the fast path: validates a text frame and returns
//                            views (type, namespace, ack id, event name, raw JSON
//                            arguments) without building a document
//
// Decoders never throw on wire input; they return result<T> (sioc/result.hpp)
// whose error offset is a byte offset into the text frame (or, for attachment
// errors, into the binary frame).
#pragma once

#include <sioc/result.hpp>

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sioc::sio {

using json = nlohmann::json;

enum class protocol : std::uint8_t { v4 = 4, v5 = 5 };

// How packets are serialized, the one option that switches parsers on both
// ends (decode_options::format, encode_options::format):
//  - json: socket.io-parser's text frames and binary attachments (above);
//  - msgpack: socket.io-msgpack-parser 3.x (Socket.IO v5 only; `version` is
//    not consulted). Each packet is one binary Engine.IO message holding a
//    MessagePack map {"type", "nsp", "id"?, "data"?}; binary values stay
//    inline as MessagePack bin, so there are no attachments and no
//    BINARY_EVENT/BINARY_ACK. A decoded packet has the same shape as with
//    json: binary values as json::binary_t, EVENT/ACK, no query.
// GCC's -Wshadow takes the scoped enumerator `json` for the alias above; it
// is only ever named as wire_format::json.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wshadow"
#endif
enum class wire_format : std::uint8_t { json, msgpack };
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

// Type 4 is CONNECT_ERROR in v5 and ERROR in v4; the enumerator serves both.
enum class packet_type : std::uint8_t {
  connect = 0,
  disconnect = 1,
  event = 2,
  ack = 3,
  connect_error = 4,
  binary_event = 5,
  binary_ack = 6,
};

// "CONNECT", "EVENT", ... ("ERROR" for type 4 under v4).
const char* to_string(packet_type type, protocol version = protocol::v5) noexcept;

// The largest ack id the default options accept: the largest integer a
// JavaScript peer represents exactly (2^53 - 1).
inline constexpr std::uint64_t max_safe_ack_id = 9007199254740991ULL;

// Limits and dialect for decoding. Every limit is checked before memory is
// reserved for it; the error for a tripped limit names the option.
struct decode_options {
  protocol version = protocol::v5;
  dialect mode = dialect::strict;
  // With wire_format::msgpack the limits keep their meaning: bytes inside bin
  // (and extension) values count towards max_attachment_bytes, every other
  // byte of the frame towards max_packet_bytes; max_depth counts from the
  // packet map's members (data is at depth 0); max_attachments is unused.
  wire_format format = wire_format::json;
  // Attachments one binary packet may declare (the reference's maxAttachments).
  // SIZE_MAX: no limit, as in socket.io-parser 3.4.3 (memory is still bounded
  // by max_attachment_bytes; a count no frames reach waits for ever, as there).
  std::size_t max_attachments = 10;
  // Largest text frame accepted.
  std::size_t max_packet_bytes = 1'000'000;
  // Largest total of attachment bytes held for one binary packet.
  std::size_t max_attachment_bytes = 10'000'000;
  // Deepest JSON value accepted in a payload, counting the arrays and objects
  // around it: ["a"] reaches depth 1, [["a"]] and {"k":[1]} depth 2, and [[]]
  // depth 1 (its inner array is a value at depth 1 that holds nothing).
  // JSON.parse has no such limit; the walks here use no recursion, so a
  // large value costs memory in proportion to the payload only.
  std::size_t max_depth = 64;
  // Largest ack id accepted.
  std::uint64_t max_ack_id = max_safe_ack_id;
};

// A Socket.IO packet that owns its contents.
struct packet {
  packet_type type = packet_type::event;
  std::string nsp = "/";               // namespace, always starting with '/'
  std::string query;                   // v4 CONNECT only: what followed '?' in the namespace
                                       // (when empty, the '?' stays in nsp, as the reference has it)
  std::optional<std::uint64_t> id;     // ack id
  std::optional<json> data;            // payload; absent when the wire carries none

  // Builders that read like the JavaScript API:
  //   sio::packet::event("chat", {"hello", json::binary({1, 2, 3})}).in("/admin").with_ack(12)
  // EVENT/ACK data holding binary values is encoded as BINARY_EVENT/BINARY_ACK.
  static packet event(std::string_view name, json::array_t args = {});
  static packet ack(std::uint64_t id, json::array_t args = {});
  static packet connect(std::optional<json> auth = std::nullopt);
  static packet disconnect();
  static packet connect_error(json data);
  packet& in(std::string nsp) &;
  packet&& in(std::string nsp) &&;
  packet& with_ack(std::uint64_t ack_id) &;
  packet&& with_ack(std::uint64_t ack_id) &&;

  // For EVENT/BINARY_EVENT with a string name: the event name, else empty.
  std::string_view event_name() const noexcept;

  friend bool operator==(const packet& a, const packet& b) {
    return a.type == b.type && a.nsp == b.nsp && a.query == b.query && a.id == b.id && a.data == b.data;
  }
  friend bool operator!=(const packet& a, const packet& b) { return !(a == b); }
};

// ---------------------------------------------------------------------------
// Encoding
// ---------------------------------------------------------------------------

struct encode_options {
  protocol version = protocol::v5;
  // wire_format::msgpack: see encode().
  wire_format format = wire_format::json;
};

// Appends the text frame of `p` to `text` and, for each binary value in its
// data (depth-first), a view of its bytes to `attachments`, which stay valid
// while `p` is alive and unmodified. Returns the number of attachments
// appended. Writes what socket.io-parser's Encoder writes, with these choices:
//  - An EVENT or ACK whose data holds binary values is written as
//    BINARY_EVENT/BINARY_ACK with {"_placeholder":true,"num":N} in their place,
//    in v4 too (where Socket.IO 2 makes that choice above its parser).
//    A BINARY_EVENT/BINARY_ACK whose data holds no binary value is refused:
//    the v5 reference would write "5undefined-", and v5 decoders reject a
//    count of 0.
//  - Object members are written in nlohmann::json's order (sorted by key), not
//    the insertion order JavaScript keeps; decoding gives them back sorted too.
//  - Numbers and strings are written as JSON.stringify writes them; integers
//    exactly, even beyond 2^53 (a JavaScript peer rounds them).
// Errors (invalid_packet, offset 0; `text` and `attachments` are then left as
// they were): a namespace that does not start with '/' or contains ',', a
// query outside a v4 CONNECT, an ack id on a type that has none or above
// max_safe_ack_id, a '?' in a v4 CONNECT namespace, data the type does not
// allow (DISCONNECT with data, CONNECT data that is not an object, a v4
// CONNECT with data, CONNECT_ERROR without a string or an object, EVENT
// without a name or, in v5, with a reserved name, ACK without an id or an
// array), binary data outside EVENT/ACK, binary data beside an object holding
// "_placeholder": true (the receiver would take it for an attachment), a
// non-finite number (JSON.stringify would write null), a string that is not
// well-formed UTF-8.
// The decoders accept some packets this refuses, because socket.io-parser
// accepts them: an ACK without an id, CONNECT_ERROR without data, an ack id on
// CONNECT, DISCONNECT or CONNECT_ERROR, a v4 CONNECT with data. A peer must
// not send them, so encode() does not write them.
//
// With encode_options::format == wire_format::msgpack, `text` receives the
// bytes of ONE BINARY FRAME (send it as a binary Engine.IO message), written
// as socket.io-msgpack-parser 3.0.2 writes it: a map with type, nsp, id (when
// present) and data (when present) in that order; integers, strings, bin,
// arrays and maps in their smallest MessagePack form; a double with an
// integral value as an integer (as notepack.io does); other numbers as
// float 64. Nothing goes to `attachments` and the result is 0. BINARY_EVENT/
// BINARY_ACK are written as EVENT/ACK. The rules above hold but for those
// the format does not need (binary data may go in any packet's data, a
// namespace may hold ','), plus two of its own: a query is refused (v4 only),
// and so is an integral number beyond what MessagePack integers hold (below
// -2^63 or from 2^64 on: notepack.io would write it wrapped around).
result<std::size_t> encode(const packet& p, std::string& text, std::vector<std::string_view>& attachments,
                           const encode_options& opts = {});

// ---------------------------------------------------------------------------
// The fast path: validation and views, no document
// ---------------------------------------------------------------------------

// A validated text frame, as views into the frame. Valid while the frame and
// the parser that produced it are alive and the parser is not used again.
struct packet_view {
  // The count no number of binary frames reaches: what the reference dialect
  // reads from a v4 count such as "51.5-", for which socket.io-parser 3.4.3
  // waits for ever.
  static constexpr std::size_t endless = static_cast<std::size_t>(-1);

  packet_type type = packet_type::event;
  std::size_t attachments = 0;      // BINARY_EVENT/BINARY_ACK: binary frames to follow, or `endless`
  std::string_view nsp = "/";
  std::string_view query;           // v4 CONNECT only
  std::optional<std::uint64_t> id;
  std::string_view data;            // raw JSON text of the payload; empty when absent
  // EVENT/BINARY_EVENT: the raw JSON token of the first element (a string
  // literal with its quotes, or a number), and the raw text of the remaining
  // elements without the enclosing brackets ("" when there are none).
  std::string_view event;
  std::string_view args;

  // The event name with JSON escapes resolved (empty unless `event` is a string).
  std::string event_name() const;
  bool has_data() const noexcept { return !data.empty(); }
};

class decoder;

}  // namespace sioc::sio

namespace sioc::detail {
// What a decoder recycles from one binary packet to the next, so that a
// stream of them decoded into one packet allocates nothing once warm: the
// binary values that placeholders overwrite in the reused packet (they take
// the next attachments' bytes) and the placeholder objects that attachments
// replace (the next placeholders are read into them).
struct sio_spare_values {
  std::vector<nlohmann::json> binaries;
  std::vector<nlohmann::json> placeholders;
};
}  // namespace sioc::detail

namespace sioc::sio {

// Parses text frames. Reuse one parser: its buffers are kept between calls,
// so parsing allocates nothing once warmed up. Not thread-safe; use one per
// thread.
class parser {
 public:
  explicit parser(const decode_options& opts = {});
  ~parser();
  parser(parser&&) noexcept;
  parser& operator=(parser&&) noexcept;

  // Validates `text` exactly as decode() does (same verdict, same error) and
  // returns its fields. Errors, at a byte offset into `text`: empty_packet,
  // unknown_packet_type, invalid_attachment_count, invalid_namespace,
  // invalid_utf8, invalid_ack_id, invalid_payload, invalid_json, too_deep,
  // invalid_placeholder, too_many_attachments, payload_too_large. The strict
  // dialect checks a binary packet's placeholders against its declared count;
  // the reference dialect leaves them to the decoder, as socket.io-parser does.
  // With wire_format::msgpack there is no text to view: parse() always fails
  // with invalid_packet at offset 0 (use decode() or decoder::feed()).
  result<packet_view> parse(std::string_view text) noexcept;
  result<packet_view> parse(std::string&&) = delete;  // the views would dangle
  // Without it, a string literal would match both overloads above.
  result<packet_view> parse(const char* text) noexcept { return parse(std::string_view(text)); }

  // The full decode of a text frame: parse() plus the payload as json.
  // Numbers: integers within 64 bits exactly (unsigned when not negative, as
  // json::parse makes them), others as the nearest double, as JSON.parse
  // reads them; numbers beyond the double range are invalid_json (JSON.parse
  // would make them Infinity). Binary packets come back as BINARY_EVENT/
  // BINARY_ACK with their placeholders in place (see decoder).
  // With wire_format::msgpack, `text` is one binary frame and the packet is
  // decoded as decoder::feed() decodes it (without the sticky state).
  result<packet> decode(std::string_view text) noexcept;

  // The same decode into `out`, reusing the memory it holds: its strings keep
  // their buffers, and its payload's strings, arrays and object members are
  // overwritten in place where the new payload has them, so decoding frames of
  // a similar shape into one packet allocates little or nothing. `out` ends up
  // equal to what decode() returns. Returns the attachment count the frame
  // declares (0 unless BINARY_EVENT/BINARY_ACK). On error `out` is unchanged.
  result<std::size_t> decode(std::string_view text, packet& out) noexcept;

  const decode_options& options() const noexcept;

 private:
  friend class decoder;
  // decode(text, out), moving into `spares` the binary values of `out` that
  // placeholder objects overwrite, and reading placeholder objects into the
  // spare ones (see detail::sio_spare_values).
  result<std::size_t> decode(std::string_view text, packet& out, detail::sio_spare_values* spares) noexcept;

  struct impl;
  std::unique_ptr<impl> impl_;
};

// ---------------------------------------------------------------------------
// The stateful decoder
// ---------------------------------------------------------------------------

// Turns the data of Engine.IO messages, fed in arrival order, into packets.
// A BINARY_EVENT/BINARY_ACK text frame waits for its declared number of binary
// frames, whose bytes then replace the placeholders as json::binary_t values;
// the packet comes back as EVENT/ACK, as the reference delivers it.
//
// Theory of operation: in state `idle` a text frame is decoded at once; a
// binary packet moves the decoder to `awaiting_attachments`, which collects
// binary frames (copied, within max_attachment_bytes) until the count is
// reached. Any error moves it to `failed`, where every call returns that error
// until reset(): the connection's framing is lost, and the caller should close
// it (the reference server closes the connection on a decode error too).
//
// Completed binary packets come back as EVENT/ACK under v4 as well in the
// strict dialect (2.x servers handle both alike); the reference dialect keeps
// BINARY_EVENT/BINARY_ACK under v4, as socket.io-parser 3.4.3 does. An
// attachment may be referenced by several placeholders; every copy counts
// towards max_attachment_bytes. Errors found when the last attachment arrives
// are reported at offset 0 of that binary frame.
//
// The reference dialect adds what socket.io-parser does: placeholders are
// checked only when the last attachment arrives; under v4 a count of 0 delivers
// the packet at once and a fractional count delivers nothing, and then the
// decoder stays in `awaiting_attachments` for good (attachments_pending() is
// packet_view::endless), swallowing binary frames without keeping them and
// failing on text. An unknown packet type is an error, but for the reference
// dialect under v4: there, as socket.io-parser 3.4.3 does, it is delivered as
// an ERROR packet (packet_type::connect_error) with an empty nsp (the packet
// has no namespace) and the data "parser error: unknown packet type N" (N the
// frame's first character if it is a digit, else NaN), and the decoder stays
// idle; 2.x servers and clients ignore that packet.
class decoder {
 public:
  enum class state : std::uint8_t { idle, awaiting_attachments, failed };

  explicit decoder(const decode_options& opts = {});

  // Feeds one Engine.IO message. Returns a packet when one is complete,
  // std::nullopt when attachments are still expected, or the error, at an
  // offset into `data`: any error of parser::parse(), unexpected_binary,
  // unexpected_text, invalid_placeholder, or payload_too_large for
  // attachments beyond max_attachment_bytes.
  //
  // With wire_format::msgpack every binary message is one whole packet (the
  // decoder never waits) and a text message is unexpected_text, as the
  // reference cannot read one either. Errors, at a byte offset into the frame:
  // empty_packet; truncated (at the value whose bytes run past the end);
  // invalid_json (byte 0xc1, bytes after the map); invalid_payload (not a
  // map, a map key that is not a string, data the type does not allow);
  // unknown_packet_type; invalid_namespace (nsp missing or not a string);
  // invalid_ack_id (not an integer, negative, above max_ack_id); invalid_utf8;
  // too_deep; payload_too_large. Strict: type and id must be MessagePack
  // integers; EVENT data is checked as in the text format (a string event
  // name, not reserved, or a number); non-finite numbers, invalid UTF-8 and
  // extension types other than 0 in ext 8/16/32 (binary, as notepack.io
  // writes an ArrayBuffer) are refused; "__proto__" is an ordinary key. The
  // reference dialect decides as socket.io-msgpack-parser 3.0.2 on
  // notepack.io 2.2.0: an integral float is an integer, EVENT/ACK data need
  // only be an array, strings with invalid UTF-8 get U+FFFD, non-finite
  // numbers are kept, fixext 1 of type 0 is undefined (a member holding it
  // is absent, an array element null), fixext 8 of type 0 (a Date) is an
  // empty object that CONNECT and CONNECT_ERROR refuse, other extensions are
  // the array [type, bytes], and a "__proto__" member is dropped, its map
  // (at the top) lending type, nsp, id and data to the packet. In both
  // dialects, unlike the reference: map keys must be strings, integers
  // beyond 2^53 are kept exact, and negative ack ids are refused.
  result<std::optional<packet>> feed(std::string_view data, bool binary) noexcept;

  // The same, into `out`, reusing the memory it holds (see parser::decode(text,
  // out)), attachments included: where a binary packet's placeholder falls on a
  // binary value of `out`, that value's buffer takes an attachment's bytes. A
  // receive loop over binary packets of one shape then allocates nothing once
  // warm. Returns true when `out` holds a complete packet, false when
  // attachments are still expected (the contents of `out` are then
  // unspecified: memory kept for the next call). On error `out` is unchanged.
  result<bool> feed(std::string_view data, bool binary, packet& out) noexcept;

  state current_state() const noexcept { return state_; }
  // Attachments still expected by the pending binary packet (or
  // packet_view::endless, see above).
  std::size_t attachments_pending() const noexcept;
  // Drops any pending packet and error.
  void reset() noexcept;

 private:
  parser parser_;
  state state_ = state::idle;
  error error_{};
  packet pending_;
  std::size_t expected_ = 0;
  std::size_t held_bytes_ = 0;
  // Binary json values, already in the form the packet takes them, so that a
  // placeholder's first use swaps them in rather than copying their bytes.
  std::vector<json> attachments_;
  detail::sio_spare_values spares_;
  // resolve()'s scratch: where each attachment went, and the walk's stack.
  std::vector<const json::binary_t*> placed_;
  std::vector<json*> walk_;
};

}  // namespace sioc::sio
