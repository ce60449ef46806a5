// sioc/result.hpp: what every sioc decoder returns.
//
// Decoders never throw on wire input. They return a result<T>: either the value
// or an error saying what was wrong (a code), where (a byte offset into the
// input the decoder was given) and why (a static, human-readable message).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <type_traits>
#include <utility>

namespace sioc {

// How closely a decoder follows the reference implementation (the npm packages
// engine.io-parser and socket.io-parser). `strict` is the protocol as written:
// everything outside the grammar is rejected. `reference` decides exactly as the
// reference does, quirks included, for tools that must parse like the Node
// server behind them. The README lists every difference.
enum class dialect : std::uint8_t { strict, reference };

enum class errc : std::uint8_t {
  ok = 0,
  // Engine.IO packets
  empty_packet,         // a packet with no type byte
  unknown_packet_type,  // type byte outside the protocol's set
  invalid_base64,       // base64 data outside the accepted alphabet or padding
  invalid_utf8,         // text that is not well-formed UTF-8
  // Engine.IO payloads and framing
  invalid_length,       // a length prefix that is not a well-formed number
  length_mismatch,      // a length prefix that disagrees with the bytes that follow
  truncated,            // the input ends inside a packet or a header
  zero_length,          // a WebTransport frame declaring zero bytes
  // Handshake
  invalid_json,         // text that does not parse as JSON
  invalid_handshake,    // JSON that is not a valid open-packet handshake
  // Socket.IO packets
  invalid_attachment_count,  // attachment count missing, not a number, or out of range
  invalid_namespace,         // namespace not terminated by ',' or not well-formed
  invalid_ack_id,            // ack id not a canonical decimal number in range
  invalid_payload,           // JSON that is not what the packet type requires
  invalid_placeholder,       // a binary placeholder that is malformed or out of range
  unexpected_binary,         // binary data with no binary packet waiting for it
  unexpected_text,           // a text packet while attachments are still expected
  invalid_packet,            // a packet given to an encoder that it cannot write
  // Limits (the message names the option that raises the limit)
  too_many_attachments,  // more attachments than decode_options::max_attachments
  payload_too_large,    // more bytes than decode_options::max_payload_bytes
  too_many_packets,     // more packets than decode_options::max_packets
  too_deep,             // JSON nested deeper than the configured depth (keep last: tests iterate up to it)
};

// A short, stable name for the code ("invalid_base64").
const char* to_string(errc code) noexcept;

struct error {
  errc code = errc::ok;
  std::size_t offset = 0;        // byte offset of the offending input
  const char* message = "";      // static string; never null

  // "invalid_base64 at byte 12: ..." for logs and tests.
  std::string describe() const;
};

// Thrown only by result<T>::value() when called on an error: that is a bug in
// the calling code, not bad input. With exceptions disabled it aborts instead.
[[noreturn]] void bad_result_access(const error& err);

template <class T>
class [[nodiscard]] result {
 public:
  result(T value) noexcept(std::is_nothrow_move_constructible_v<T>)  // NOLINT: implicit by design
      : value_(std::move(value)) {}
  result(error err) noexcept : err_(err) {}  // NOLINT: implicit by design

  bool has_value() const noexcept { return err_.code == errc::ok; }
  explicit operator bool() const noexcept { return has_value(); }

  const error& error_info() const noexcept { return err_; }
  errc code() const noexcept { return err_.code; }

  T& value() & {
    if (!has_value()) bad_result_access(err_);
    return value_;
  }
  const T& value() const& {
    if (!has_value()) bad_result_access(err_);
    return value_;
  }
  T&& value() && {
    if (!has_value()) bad_result_access(err_);
    return std::move(value_);
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  T value_{};
  error err_{};
};

}  // namespace sioc
