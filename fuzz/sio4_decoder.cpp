// Fuzzes sio::decoder::feed under Socket.IO protocol v4 (Socket.IO 1.x/2.x),
// both dialects: the input format and the properties are in sio_decoder.hpp.
#include "sio_decoder.hpp"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return sioc_fuzz::run_sio_decoder(sioc::sio::protocol::v4, data, size);
}
