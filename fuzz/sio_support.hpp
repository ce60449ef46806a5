// Shared by the Socket.IO fuzz targets: rendering packets for hex dumps and
// the round trip encode -> decoder.
//
// Every property failure aborts with a hex dump (support.hpp).
#pragma once

#include "support.hpp"

#include <sioc/result.hpp>
#include <sioc/sio.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sioc_fuzz {

namespace sio = sioc::sio;
using json = sioc::sio::json;

// ---- Rendering ------------------------------------------------------------

inline std::string describe(const sioc::error& e) {
  if (e.code == sioc::errc::ok) return "ok";
  return std::string(sioc::to_string(e.code)) + " at " + std::to_string(e.offset) + ": " + e.message;
}

inline std::string dump(const json& j) {
  // Strings from a reference-dialect decode or from the encode target's
  // generator need not be UTF-8; dump() would throw on them.
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

inline std::string describe(const sio::packet& p) {
  std::string s = sio::to_string(p.type);
  s += " nsp=" + p.nsp;
  if (!p.query.empty()) s += " query=" + p.query;
  if (p.id) s += " id=" + std::to_string(*p.id);
  s += p.data ? " data=" + dump(*p.data) : std::string(" (no data)");
  s += '\n';
  return s;
}

// ---- Facts about JSON values --------------------------------------------

// The nesting depth as decode_options::max_depth counts it: the most arrays
// and objects around any value ([] is 0, ["a"] and [[]] are 1).
inline std::size_t depth(const json& j) {
  std::size_t d = 0;
  if (j.is_array() || j.is_object()) {
    for (const json& child : j) {
      const std::size_t c = 1 + depth(child);
      if (c > d) d = c;
    }
  }
  return d;
}

// Calls f on every value of j, depth-first, in the order encode() writes them.
template <class F>
void for_each_value(const json& j, F&& f) {
  f(j);
  if (j.is_array() || j.is_object()) {
    for (const json& child : j) for_each_value(child, f);
  }
}

inline std::size_t binary_values(const json& j) {
  std::size_t n = 0;
  for_each_value(j, [&n](const json& v) { n += v.is_binary() ? 1 : 0; });
  return n;
}

// ---- What the decoders accept and encode() does not write ----------------

// Packets the strict decoder delivers, as socket.io-parser does, and encode()
// refuses because a peer must not send them (sio.hpp, encode): the rule's
// name, or nullptr for any other packet.
inline const char* accepted_not_sent(const sio::packet& p, sio::protocol version) {
  if (version == sio::protocol::v4 && p.type == sio::packet_type::connect && p.data) return "a v4 CONNECT with data";
  if (p.type == sio::packet_type::ack && !p.id) return "an ACK without an id";
  if (p.type == sio::packet_type::connect_error && !p.data) return "CONNECT_ERROR without data";
  const bool takes_id = p.type == sio::packet_type::event || p.type == sio::packet_type::ack;
  if (p.id && !takes_id) return "an ack id on CONNECT, DISCONNECT or CONNECT_ERROR";
  return nullptr;
}

// ---- Encoding and decoding whole packets -------------------------------

struct frames {
  std::string text;
  std::vector<std::string> attachments;
};

inline std::string describe(const frames& f) {
  std::string s = "text: ";
  s += f.text;
  for (const std::string& a : f.attachments) s += "\nbinary (" + std::to_string(a.size()) + " bytes)";
  return s;
}

// Limits lifted, for decoding what encode() wrote: a re-encoded packet may
// hold more attachments and more attachment bytes than the frames it came
// from (a placeholder used twice becomes two attachments).
inline sio::decode_options unlimited(sio::protocol version, sioc::dialect mode) {
  sio::decode_options o;
  o.version = version;
  o.mode = mode;
  o.max_attachments = SIZE_MAX;
  o.max_packet_bytes = SIZE_MAX;
  o.max_attachment_bytes = SIZE_MAX;
  o.max_depth = 100000;
  return o;
}

// The outcome of feeding frames to a fresh decoder: the one packet they make,
// or the first error, or neither (attachments still expected).
struct decoded {
  std::optional<sio::packet> packet;
  sioc::error err{};
  std::size_t extra = 0;  // packets beyond the first, or frames after it
};

inline std::string describe(const decoded& d) {
  if (d.err.code != sioc::errc::ok) return "error " + describe(d.err) + "\n";
  if (!d.packet) return "incomplete\n";
  return describe(*d.packet) + (d.extra ? "and more\n" : "");
}

inline decoded decode(const frames& f, const sio::decode_options& opts) {
  decoded out;
  sio::decoder d(opts);
  const auto feed = [&](std::string_view bytes, bool binary) {
    auto r = d.feed(bytes, binary);
    if (!r) {
      out.err = r.error_info();
      return false;
    }
    if (*r) {
      if (out.packet) {
        ++out.extra;
      } else {
        out.packet = std::move(**r);
      }
    } else if (out.packet) {
      ++out.extra;
    }
    return true;
  };
  if (!feed(f.text, false)) return out;
  for (const std::string& a : f.attachments) {
    if (!feed(a, true)) return out;
  }
  return out;
}

// The packet a decoder gives back for `p`: binary types come back as EVENT/ACK.
inline sio::packet as_delivered(sio::packet p) {
  if (p.type == sio::packet_type::binary_event) p.type = sio::packet_type::event;
  if (p.type == sio::packet_type::binary_ack) p.type = sio::packet_type::ack;
  return p;
}

inline std::optional<frames> encode(const sio::packet& p, sio::protocol version, sioc::error& err) {
  frames f;
  std::vector<std::string_view> views;
  sio::encode_options eo;
  eo.version = version;
  const auto r = sio::encode(p, f.text, views, eo);
  if (!r) {
    err = r.error_info();
    return std::nullopt;
  }
  for (const std::string_view v : views) f.attachments.emplace_back(v);
  return f;
}

// The round trip of a decoded packet: encode() writes it (it must, for a
// packet the strict dialect delivered, but for those accepted_not_sent()
// names), a strict decoder reads the frames back to the same packet, and
// encoding that packet again writes the same frames.
inline void check_round_trip(const sio::packet& p, sio::protocol version, bool must_encode, std::string_view input) {
  sioc::error err{};
  const std::optional<frames> f = encode(p, version, err);
  if (!f) {
    require(err.code == sioc::errc::invalid_packet && err.offset == 0 && *err.message != '\0',
            "encode failed with something other than invalid_packet at 0",
            {{"input", input}, {"packet", describe(p)}, {"error", describe(err)}});
    if (must_encode && accepted_not_sent(p, version) == nullptr) {
      fail("encode refuses a packet the strict decoder delivered",
           {{"input", input}, {"packet", describe(p)}, {"error", describe(err)}});
    }
    return;
  }
  const decoded back = decode(*f, unlimited(version, sioc::dialect::strict));
  if (!back.packet || back.extra != 0 || *back.packet != p) {
    fail("decode(encode(packet)) != packet",
         {{"input", input}, {"packet", describe(p)}, {"encoded", describe(*f)}, {"decoded", describe(back)}});
  }
  sioc::error err2{};
  const std::optional<frames> again = encode(*back.packet, version, err2);
  require(again && again->text == f->text && again->attachments == f->attachments, "re-encoding is not stable",
          {{"input", input}, {"packet", describe(p)}, {"encoded", describe(*f)}});
}

}  // namespace sioc_fuzz
