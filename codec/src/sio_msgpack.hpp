// Internal: the MessagePack format of Socket.IO v5 (socket.io-msgpack-parser),
// behind sio::wire_format::msgpack. The public contract is in sio.hpp.
#pragma once

#include <sioc/sio.hpp>

#include <string>
#include <string_view>

namespace sioc::sio::msgpack_format {

// One binary frame -> one packet (decoder::feed's msgpack contract, without
// the sticky state).
result<packet> decode(std::string_view frame, const decode_options& opts) noexcept;

// Appends the frame of `p` to `out`; on error `out` is left as it was.
result<std::size_t> encode(const packet& p, std::string& out);

}  // namespace sioc::sio::msgpack_format
