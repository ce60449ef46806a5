// What the Socket.IO session layer needs of the encoder beyond sio.hpp. Not installed.
#pragma once

#include <sioc/sio.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sioc::detail {

// Appends what encode() appends, in the json format, for
//   packet::event(name, args).in(nsp).with_ack(id)   (type event; id optional)
//   packet::ack(*id, args).in(nsp)                   (type ack; name unused)
// with the same verdicts, without building the packet: the arguments are written from where they
// are, so that a session can send a caller's json without copying it.
result<std::size_t> encode_sio_args(sio::packet_type type, std::string_view nsp, std::optional<std::uint64_t> id,
                                    std::string_view name, const sio::json::array_t& args, sio::protocol version,
                                    std::string& text, std::vector<std::string_view>& attachments);

}  // namespace sioc::detail
