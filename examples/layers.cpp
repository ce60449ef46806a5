#include <sioc/eio.hpp>
#include <sioc/sio.hpp>

#include <cstdio>
#include <string>
#include <vector>

namespace eio = sioc::eio;
namespace sio = sioc::sio;

// One WebSocket frame: Engine.IO message "4" carrying the Socket.IO text "2[...]".
void websocket_frame(sio::decoder& decoder) {
  std::string storage;
  auto frame = eio::decode_packet("42[\"chat\",\"hi\"]", storage);
  if (!frame || frame->type != eio::packet_type::message) return;
  auto packet = decoder.feed(frame->data, frame->binary);
  if (packet && *packet) {
    std::printf("%s on %s: %s\n", sio::to_string((*packet)->type), (*packet)->nsp.c_str(),
                (*packet)->data->dump().c_str());
  }
}

// A polling body: every message in it goes to the Socket.IO decoder in order.
void polling_body(sio::decoder& decoder) {
  eio::payload body;
  if (!eio::decode_payload("40\x1e" "42/admin,7[\"join\",\"lobby\"]", body)) return;
  for (const eio::packet& p : body) {
    if (p.type != eio::packet_type::message) continue;
    auto packet = decoder.feed(p.data, p.binary);
    if (!packet) {
      std::printf("%s\n", packet.error_info().describe().c_str());
      return;
    }
    if (*packet) std::printf("%s on %s\n", sio::to_string((*packet)->type), (*packet)->nsp.c_str());
  }
}

// A binary event: one text frame with placeholders, then one binary frame per
// attachment. Encoding gives both; the decoder waits for the attachments.
void binary_event(sio::decoder& decoder) {
  const auto event = sio::packet::event("upload", {"photo.jpg", sio::json::binary({0xFF, 0xD8, 0xFF})}).with_ack(3);
  std::string text;
  std::vector<std::string_view> attachments;
  if (!sio::encode(event, text, attachments)) return;

  // The WebSocket frames a transport sends: Engine.IO wraps each part.
  std::vector<std::string> frames(1 + attachments.size());
  eio::encode_packet(eio::packet::text(eio::packet_type::message, text), frames[0]);
  for (std::size_t i = 0; i < attachments.size(); ++i) eio::encode_packet(eio::packet::bytes(attachments[i]), frames[i + 1]);
  std::printf("text frame %s, %zu binary frame(s)\n", frames[0].c_str(), attachments.size());

  // The receiving side: Engine.IO first, then Socket.IO.
  std::string storage;
  for (std::size_t i = 0; i < frames.size(); ++i) {
    auto frame = i == 0 ? eio::decode_packet(frames[i], storage) : eio::decode_binary_packet(frames[i]);
    if (!frame) return;
    auto packet = decoder.feed(frame->data, frame->binary);
    if (!packet) return;
    if (*packet) {
      std::printf("complete: id %llu, %s\n", static_cast<unsigned long long>(*(*packet)->id),
                  (*packet)->data->dump().c_str());
    } else {
      std::printf("waiting for %zu attachment(s)\n", decoder.attachments_pending());
    }
  }
}

int main() {
  sio::decoder decoder;  // one per connection and direction
  websocket_frame(decoder);
  polling_body(decoder);
  binary_event(decoder);
  return 0;
}
