#include <sioc/eio.hpp>

#include <cstdio>
#include <string>

int main() {
  namespace eio = sioc::eio;

  // A WebSocket text frame as a Socket.IO server sends it.
  std::string storage;
  auto frame = eio::decode_packet("4hello", storage);
  if (!frame) {
    std::printf("%s\n", frame.error_info().describe().c_str());
    return 1;
  }
  std::printf("%s: %.*s\n", eio::to_string(frame->type), static_cast<int>(frame->data.size()),
              frame->data.data());

  // An HTTP long-polling body: a text message and a binary one.
  eio::payload body;
  if (auto n = eio::decode_payload("4hi\x1e" "bAQIDBA==", body); !n) {
    std::printf("%s\n", n.error_info().describe().c_str());
    return 1;
  }
  for (const eio::packet& p : body) {
    std::printf("%s, %s, %zu bytes\n", eio::to_string(p.type), p.binary ? "binary" : "text", p.data.size());
  }

  // Bad input is an error value with a code, an offset and a reason.
  auto bad = eio::decode_packet("9oops", storage);
  std::printf("%s\n", bad.error_info().describe().c_str());

  // Encoders append to a buffer you own.
  const eio::packet reply[] = {eio::packet::text(eio::packet_type::pong, "probe"),
                               eio::packet::bytes("\x01\x02\x03")};
  std::string out;
  if (auto n = eio::encode_payload(reply, 2, out); !n) return 1;
  for (char& c : out) c = c == '\x1e' ? '|' : c;  // show the record separator
  std::printf("%s\n", out.c_str());
  return 0;
}
