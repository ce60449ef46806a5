// Shared by the session fuzz targets (sio_server_session, sio_client_session, sio_pair): the
// reader that turns the input into a script of typed events, the builders of the Engine.IO and
// Socket.IO packets the scripts send, and a trace of the steps to show when a property fails.
//
// A script reads its bytes front to back: each field takes what it needs, and a script that runs
// out of bytes reads zeros, so every input is a valid script and a short one ends soon.
#pragma once

#include "support.hpp"

#include <sioc/sio.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace sioc_fuzz {

namespace sio = sioc::sio;
using json = sioc::sio::json;

class script {
 public:
  script(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}

  bool done() const noexcept { return pos_ >= size_; }
  std::size_t left() const noexcept { return size_ - pos_; }
  std::uint8_t byte() noexcept { return done() ? 0 : data_[pos_++]; }
  std::uint16_t u16() noexcept { return static_cast<std::uint16_t>(byte() | (byte() << 8)); }
  // A value in [0, n), n > 0.
  std::size_t below(std::size_t n) noexcept { return byte() % n; }
  bool flag() noexcept { return (byte() & 1) != 0; }
  // A length byte (at most `max`), then that many bytes (fewer at the end of the input).
  std::string_view bytes(std::size_t max = 255) noexcept {
    std::size_t n = byte();
    if (n > max) n = max;
    if (n > left()) n = left();
    const std::string_view out(reinterpret_cast<const char*>(data_ + pos_), n);
    pos_ += n;
    return out;
  }

 private:
  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t pos_ = 0;
};

// The last steps of a script, one line each, for the hex dump of a failed property.
class trace {
 public:
  void step(std::string line) {
    constexpr std::size_t kKept = 6000;
    line += '\n';
    text_ += line;
    if (text_.size() > kKept) text_.erase(0, text_.size() - kKept);
  }
  std::string_view text() const noexcept { return text_; }

 private:
  std::string text_;
};

inline std::string base64(std::string_view bytes) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const unsigned v = (static_cast<unsigned char>(bytes[i]) << 16) | (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                       static_cast<unsigned char>(bytes[i + 2]);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  if (i + 1 == bytes.size()) {
    const unsigned v = static_cast<unsigned char>(bytes[i]) << 16;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += "==";
  } else if (i + 2 == bytes.size()) {
    const unsigned v = (static_cast<unsigned char>(bytes[i]) << 16) | (static_cast<unsigned char>(bytes[i + 1]) << 8);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += '=';
  }
  return out;
}

// Namespaces the scripts use, so that packets and application calls meet; the last entry is
// replaced by bytes of the input where a script wants a stranger one.
inline constexpr std::string_view kNamespaces[] = {"/", "/a", "/b", "/admin", "/c", "/d"};
inline constexpr std::size_t kNamespaceCount = sizeof(kNamespaces) / sizeof(kNamespaces[0]);

// A Socket.IO packet's text (what follows the Engine.IO type '4'), put together from fields of
// the script: type, attachment count, namespace, ack id and payload, each from a short list of
// the values the sessions treat differently, or raw bytes.
inline std::string sio_text(script& s, bool from_server) {
  std::string out;
  const std::uint8_t shape = s.byte();
  if (shape >= 0xF0) return std::string(s.bytes());  // raw
  const int type = shape % 8;
  out += static_cast<char>('0' + type);
  if (type == 5 || type == 6) {
    out += std::to_string(s.below(4));
    out += '-';
  }
  const std::size_t nsp = s.below(kNamespaceCount + 1);
  if (nsp == kNamespaceCount) {
    out += '/';
    out += s.bytes(8);
    out += ',';
  } else if (nsp > 0) {
    out += kNamespaces[nsp];
    out += ',';
  }
  if ((type >= 2 && type <= 3) || type == 5 || type == 6) {
    const std::uint8_t id = s.byte();
    if (id < 0x80) out += std::to_string(id % 8);
    else if (id < 0x90) out += "9007199254740992";
  }
  static constexpr std::string_view kServerConnect[] = {R"({"sid":"k1"})", R"({"sid":"k2","pid":"p"})", "{}",
                                                        R"({"sid":7})", ""};
  static constexpr std::string_view kPayloads[] = {
      R"(["e"])", R"(["e",1,"x"])", R"(["e",{"_placeholder":true,"num":0}])",
      R"(["e",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}])", R"([])", R"({})",
      R"({"token":"t"})", R"({"message":"no","data":{"r":1}})", R"(["connect"])", R"([1])", R"("x")",
      R"([{"_placeholder":true,"num":5}])", R"(["e",[[[[]]]]])", "",
  };
  constexpr std::size_t kPayloadCount = sizeof(kPayloads) / sizeof(kPayloads[0]);
  const std::size_t payload = s.below(kPayloadCount + 1);
  if (from_server && type == 0 && payload < 5) {
    out += kServerConnect[payload];
  } else if (payload == kPayloadCount) {
    out += s.bytes(64);
  } else {
    out += kPayloads[payload];
  }
  return out;
}

// One Engine.IO packet in text form: mostly a message carrying a Socket.IO packet, sometimes a
// control packet or raw bytes. `binary` is set when the packet is an attachment (raw bytes).
struct eio_packet {
  std::string data;
  bool binary = false;
};

inline eio_packet eio_packet_of(script& s, bool from_server) {
  const std::uint8_t kind = s.byte();
  if (kind < 0xA0) return {"4" + sio_text(s, from_server), false};
  if (kind < 0xC0) return {std::string(s.bytes(32)), true};  // an attachment
  static constexpr std::string_view kControl[] = {"2", "3", "2probe", "3probe", "5", "6", "1", "0"};
  if (kind < 0xF0) return {std::string(kControl[kind % 8]), false};
  return {std::string(s.bytes()), false};
}

// A polling body: one to four packets separated by 0x1E, attachments as "b<base64>".
inline std::string polling_body(script& s, bool from_server) {
  std::string body;
  const std::size_t count = 1 + s.below(4);
  for (std::size_t i = 0; i < count; ++i) {
    if (i > 0) body += '\x1e';
    eio_packet p = eio_packet_of(s, from_server);
    body += p.binary ? "b" + base64(p.data) : p.data;
  }
  return body;
}

// Application arguments: none, a number and a string, a binary value, a nested array.
inline json::array_t app_args(script& s) {
  switch (s.below(5)) {
    case 0:
      return {};
    case 1:
      return {json(1), json("x")};
    case 2:
      return {json::binary(std::vector<std::uint8_t>{1, 2, 3})};
    case 3:
      return {json::binary(std::vector<std::uint8_t>{}), json::array({json::binary(std::vector<std::uint8_t>{9})})};
    default:
      return {json(std::string(s.bytes(16)))};
  }
}

// Event names: ordinary, reserved, not UTF-8.
inline std::string_view app_event_name(script& s) {
  static constexpr std::string_view kNames[] = {"e", "chat", "connect", "disconnect", "\xff", ""};
  return kNames[s.below(sizeof(kNames) / sizeof(kNames[0]))];
}

}  // namespace sioc_fuzz
