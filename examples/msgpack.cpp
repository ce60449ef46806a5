// Socket.IO over MessagePack (socket.io-msgpack-parser): one option on each
// side switches the format, and binary data travels inside the packet's frame.
#include <sioc/eio.hpp>
#include <sioc/sio.hpp>

#include <cstdio>
#include <string>
#include <vector>

namespace eio = sioc::eio;
namespace sio = sioc::sio;

int main() {
  sio::encode_options encode_opts;
  encode_opts.format = sio::wire_format::msgpack;
  sio::decode_options decode_opts;
  decode_opts.format = sio::wire_format::msgpack;

  // Encoding: the whole packet, bytes included, is one MessagePack map.
  const auto event = sio::packet::event("upload", {"photo.jpg", sio::json::binary({0xFF, 0xD8, 0xFF})}).in("/files").with_ack(3);
  std::string bytes;
  std::vector<std::string_view> attachments;  // stays empty
  if (auto n = sio::encode(event, bytes, attachments, encode_opts); !n) {
    std::printf("%s\n", n.error_info().describe().c_str());
    return 1;
  }
  std::printf("%zu bytes, %zu attachment(s):", bytes.size(), attachments.size());
  for (unsigned char c : bytes) std::printf(" %02x", c);
  std::printf("\n");

  // The transport sends them as one binary Engine.IO message.
  std::string frame;
  eio::encode_packet(eio::packet::bytes(bytes), frame);

  // Decoding: Engine.IO first, then Socket.IO, which never waits for more.
  sio::decoder decoder(decode_opts);
  auto message = eio::decode_binary_packet(frame);
  if (!message) return 1;
  auto packet = decoder.feed(message->data, message->binary);
  if (!packet || !*packet) return 1;
  const sio::packet& got = **packet;
  std::printf("%s on %s, ack id %llu: %s\n", sio::to_string(got.type), got.nsp.c_str(),
              static_cast<unsigned long long>(*got.id), got.data->dump().c_str());
  if (got != event) {
    std::printf("the decoded packet differs from the one encoded\n");
    return 1;
  }
  std::printf("round trip: same packet\n");

  // A text message cannot hold a MessagePack packet.
  sio::decoder fresh(decode_opts);
  auto text = fresh.feed("2[\"chat\",\"hi\"]", false);
  if (text) return 1;
  std::printf("%s\n", text.error_info().describe().c_str());
  return 0;
}
