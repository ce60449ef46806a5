// Engine.IO v4: single packets and HTTP long-polling payloads.
#include "detail.hpp"

#include <cstring>

namespace sioc::eio {
namespace {

constexpr char kSeparator = '\x1e';

inline bool is_type_digit(char c) noexcept { return c >= '0' && c <= '6'; }

error too_large(std::size_t limit) noexcept {
  return detail::make_error(errc::payload_too_large, limit,
                            "input is larger than decode_options::max_payload_bytes");
}

// Decodes one text-form packet. Base64 bytes, if any, go where `room` says:
// room.take(max) returns space for up to `max` bytes, room.commit(n) keeps the
// n bytes written there. `base` is the offset of `text` within the caller's
// input, for error offsets.
template <class Room>
result<packet> decode_text(std::string_view text, std::size_t base, Room& room, const decode_options& opts) noexcept {
  if (text.empty()) return detail::make_error(errc::empty_packet, base, "empty packet: no type digit");
  const char t = text[0];
  if (t == 'b') {
    const std::string_view b64 = text.substr(1);
    char* dst = room.take(detail::base64_decoded_max(b64.size()));
    auto n = detail::base64_decode(b64, opts.mode, dst);
    if (!n) {
      return detail::make_error(errc::invalid_base64, base + 1 + n.error_info().offset, n.error_info().message);
    }
    room.commit(*n);
    return packet::bytes(std::string_view(dst, *n));
  }
  if (!is_type_digit(t)) {
    return detail::make_error(errc::unknown_packet_type, base, "packet type is not a digit from 0 to 6");
  }
  const std::string_view data = text.substr(1);
  if (opts.mode == dialect::strict) {
    const std::size_t bad = detail::utf8_invalid_at(data);
    if (bad != detail::npos) {
      return detail::make_error(errc::invalid_utf8, base + 1 + bad, "packet data is not well-formed UTF-8");
    }
  }
  return packet::text(static_cast<packet_type>(t - '0'), data);
}

// The single-packet decoder's storage: the caller's string, replaced.
struct string_room {
  std::string& storage;
  char* take(std::size_t n) {
    storage.resize(n);
    return storage.data();
  }
  void commit(std::size_t n) { storage.resize(n); }
};

// A payload's storage: sized once, at the first base64 packet, for everything
// left in the body, so packets already decoded never see it move.
struct payload_room {
  sioc::detail::byte_storage& storage;
  std::size_t used = 0;
  std::size_t remaining_input = 0;
  char* take(std::size_t n) {
    if (storage.size() < used + n) storage.resize(used + detail::base64_decoded_max(remaining_input));
    return storage.data() + used;
  }
  void commit(std::size_t n) { used += n; }
};

}  // namespace

const char* to_string(packet_type type) noexcept {
  switch (type) {
    case packet_type::open: return "open";
    case packet_type::close: return "close";
    case packet_type::ping: return "ping";
    case packet_type::pong: return "pong";
    case packet_type::message: return "message";
    case packet_type::upgrade: return "upgrade";
    case packet_type::noop: return "noop";
  }
  return "unknown";
}

owned_packet to_owned(const packet& p) { return owned_packet{p.type, p.binary, std::string(p.data)}; }

result<packet> decode_packet(std::string_view frame, std::string& storage, const decode_options& opts) noexcept {
  if (frame.size() > opts.max_payload_bytes) return too_large(opts.max_payload_bytes);
  string_room room{storage};
  return decode_text(frame, 0, room, opts);
}

result<packet> decode_binary_packet(std::string_view frame, const decode_options& opts) noexcept {
  if (frame.size() > opts.max_payload_bytes) return too_large(opts.max_payload_bytes);
  return packet::bytes(frame);
}

std::size_t encoded_size(const packet& p, bool base64) noexcept {
  if (!p.binary) return 1 + p.data.size();
  return base64 ? 1 + detail::base64_encoded_size(p.data.size()) : p.data.size();
}

frame_kind encode_packet(const packet& p, std::string& out) {
  if (p.binary) {
    out.append(p.data);
    return frame_kind::binary;
  }
  out.push_back(static_cast<char>('0' + static_cast<int>(p.type)));
  out.append(p.data);
  return frame_kind::text;
}

void encode_packet_base64(const packet& p, std::string& out) {
  if (!p.binary) {
    encode_packet(p, out);
    return;
  }
  out.push_back('b');
  detail::base64_encode(p.data, out);
}

result<std::size_t> decode_payload(std::string_view body, payload& out, const decode_options& opts) noexcept {
  auto& packets = payload_access::packets(out);
  auto& storage = payload_access::storage(out);
  packets.clear();
  storage.clear();
  if (body.size() > opts.max_payload_bytes) return too_large(opts.max_payload_bytes);
  payload_room room{storage};
  std::size_t pos = 0;
  for (;;) {
    const void* sep = pos < body.size() ? std::memchr(body.data() + pos, kSeparator, body.size() - pos) : nullptr;
    const std::size_t end = sep ? static_cast<std::size_t>(static_cast<const char*>(sep) - body.data()) : body.size();
    if (packets.size() == opts.max_packets) {
      return detail::make_error(errc::too_many_packets, pos,
                                "payload holds more packets than decode_options::max_packets");
    }
    room.remaining_input = body.size() - pos;
    auto r = decode_text(body.substr(pos, end - pos), pos, room, opts);
    if (!r) return r.error_info();
    packets.push_back(*r);
    if (!sep) break;
    pos = end + 1;
  }
  storage.resize(room.used);
  return packets.size();
}

result<std::size_t> encode_payload(const packet* packets, std::size_t count, std::string& out,
                                   std::size_t max_payload_bytes) {
  std::size_t n = 0;
  std::size_t total = 0;
  for (; n < count; ++n) {
    const std::size_t add = encoded_size(packets[n], true) + (n > 0 ? 1 : 0);
    if (n > 0 && total + add > max_payload_bytes) break;
    total += add;
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (!packets[i].binary && packets[i].data.find(kSeparator) != std::string_view::npos) {
      return detail::make_error(errc::invalid_packet, i, "text packet holds the payload separator 0x1E");
    }
  }
  out.reserve(out.size() + total);
  for (std::size_t i = 0; i < n; ++i) {
    if (i > 0) out.push_back(kSeparator);
    encode_packet_base64(packets[i], out);
  }
  return n;
}

}  // namespace sioc::eio
