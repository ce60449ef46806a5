// A program built against sioc the way its users build: it decodes one
// WebSocket frame through both layers and prints the Socket.IO packet.
#include <sioc/eio.hpp>
#include <sioc/sio.hpp>

#include <cstdio>
#include <string>

int main() {
  std::string storage;
  auto frame = sioc::eio::decode_packet("42[\"chat\",\"hi\"]", storage);
  if (!frame) {
    std::printf("%s\n", frame.error_info().describe().c_str());
    return 1;
  }
  sioc::sio::decoder decoder;
  auto packet = decoder.feed(frame->data, frame->binary);
  if (!packet) {
    std::printf("%s\n", packet.error_info().describe().c_str());
    return 1;
  }
  if (!*packet) return 1;  // a text event needs no attachments
  std::printf("%s on %s: %s\n", sioc::sio::to_string((*packet)->type), (*packet)->nsp.c_str(),
              (*packet)->data->dump().c_str());
  return 0;
}
