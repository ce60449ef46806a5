// The body of the sio5_decoder and sio4_decoder targets: sio::decoder::feed
// over a sequence of Engine.IO messages, in both dialects, for one protocol
// version. Included by exactly one .cpp per target, after alloc_meter.hpp.
//
// Input:
//   byte 0: bits 0-1: the limits (profile() below: small, default, tiny, wide)
//           bit 2:    the first frame is binary
//   byte 1: T, the byte that starts a text frame
//   byte 2: B, the byte that starts a binary frame (T wins when T == B)
//   then:   the first frame, then each further frame after its T or B.
// make_seeds.py writes the vector suites and recorded sessions in this form,
// with T and B bytes that occur in no frame.
//
// Properties, in each dialect:
//  - every feed has one of three outcomes, and the state agrees with it: a
//    packet (idle again, or, reference v4 after a count of 0, awaiting
//    attachments for ever), std::nullopt (awaiting, with attachments_pending()
//    one less than before, or the declared count after a text frame), or an
//    error (failed, pending 0, an offset inside the frame);
//  - the outcome is the one the state calls for: binary while idle is
//    unexpected_binary, text while awaiting is unexpected_text; a text frame
//    while idle is decided as parser::parse() decides it (same error, or the
//    same type, namespace, query, ack id, data presence and attachment count);
//    an attachment fails only when the bytes held would pass
//    max_attachment_bytes, or, with the last one, when placing them fails
//    (invalid_placeholder only in the reference dialect: strict checks
//    placeholders with the text frame);
//  - errors are sticky: every further feed, text or binary, returns the same
//    error until reset(), which returns to idle (and the sequence goes on);
//  - delivered packets are never BINARY_EVENT/BINARY_ACK, and respect the
//    limits (frame size, ack id, depth);
//  - every delivered packet re-encodes (strict: must, unless its ack id is
//    above 2^53 - 1; reference: may refuse with invalid_packet), a strict decoder reads the frames back to the same
//    packet, and re-encoding that is stable (sio_support.hpp, with the known
//    gaps F1-F6 named there);
//  - memory: the decoder never holds more than held_bound() below, which
//    depends on the frames and max_attachment_bytes only.
#pragma once

#include "alloc_meter.hpp"
#include "sio_support.hpp"

#include <sioc/sio.hpp>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace sioc_fuzz {

namespace meter = alloc_meter;

struct sio_frame {
  std::string_view bytes;
  bool binary;
};

inline sio::decode_options profile(unsigned which, sio::protocol version, sioc::dialect mode) {
  sio::decode_options o;
  o.version = version;
  o.mode = mode;
  switch (which & 3) {
    case 0:  // small: inputs of a few KiB cross every limit
      o.max_attachments = 3;
      o.max_attachment_bytes = 4096;
      o.max_depth = 16;
      o.max_packet_bytes = 2048;
      o.max_ack_id = 1'000'000;
      break;
    case 1:  // the defaults
      break;
    case 2:  // tiny
      o.max_attachments = 1;
      o.max_attachment_bytes = 8;
      o.max_depth = 2;
      o.max_packet_bytes = 64;
      o.max_ack_id = 9;
      break;
    default:  // wide: ack ids beyond what encode() writes, many attachments
      o.max_attachments = 1000;
      o.max_attachment_bytes = SIZE_MAX;
      o.max_packet_bytes = SIZE_MAX;
      o.max_ack_id = UINT64_MAX;
      break;
  }
  return o;
}

// What the memory bound is made of.
struct sio_stream_size {
  std::size_t text_bytes = 0;     // all text frames
  std::size_t binary_frames = 0;
  std::size_t binary_bytes = 0;   // all binary frames
  std::size_t largest_binary = 0;
};

// The most the decoder may hold for a sequence of frames:
//  - 64 bytes per byte of text: simdjson's buffers for the largest text frame
//    (a padded copy, the structural index, the tape and the string buffer:
//    about 15 bytes a byte, more while they grow) and the pending packet's
//    json document (at most about 40 bytes a byte: "[{},{},...]" costs a
//    16-byte value and a 48-byte map per 3 bytes, plus the growth of the
//    top-level array);
//  - 128 bytes per binary frame: its binary_t in a list that grows by
//    doubling, and the json value that takes it when it is placed;
//  - the attachment bytes: all binary frames, plus one copy of the largest per
//    placeholder (each is 29 bytes of text at least), and never more than
//    max_attachment_bytes;
//  - 16 KiB for the rest (simdjson's fixed parts, short strings).
// No declared count or length enters the bound.
inline std::size_t held_bound(const sio_stream_size& n, const sio::decode_options& o) {
  const std::size_t text = 64 * n.text_bytes;
  const std::size_t frames = 128 * n.binary_frames;
  const std::size_t copies = n.binary_bytes + (n.text_bytes / 29) * n.largest_binary;
  const std::size_t attachment_bytes = copies < o.max_attachment_bytes ? copies : o.max_attachment_bytes;
  return text + frames + attachment_bytes + 16 * 1024;
}

inline std::vector<sio_frame> split_frames(std::string_view body, unsigned char t, unsigned char b, bool first_binary) {
  std::vector<sio_frame> out;
  std::size_t start = 0;
  bool binary = first_binary;
  for (std::size_t i = 0; i < body.size(); ++i) {
    const auto c = static_cast<unsigned char>(body[i]);
    if (c != t && c != b) continue;
    out.push_back({body.substr(start, i - start), binary});
    binary = c != t;
    start = i + 1;
  }
  out.push_back({body.substr(start), binary});
  return out;
}

class sio_sequence_check {
 public:
  sio_sequence_check(const sio::decode_options& opts, std::string_view input, const sio_stream_size& stream_size)
      : opts_(opts), input_(input), stream_size_(stream_size), decoder_(opts), into_(opts), parser_(opts) {
    // What an earlier packet leaves in the packet a receive loop reuses.
    reused_.type = sio::packet_type::ack;
    reused_.nsp = "/earlier";
    reused_.id = 5;
    reused_.data = json::parse(R"([{"k":[1,"s",{"a":null}],"z":2.5},"t",[[]]])");
  }

  void run(const std::vector<sio_frame>& frames) {
    meter::start();
    meter::pause();
    for (const sio_frame& f : frames) feed(f);
  }

 private:
  using state = sio::decoder::state;

  bool reference() const { return opts_.mode == sioc::dialect::reference; }

  void check_memory() {
    const std::size_t bound = held_bound(stream_size_, opts_);
    if (meter::peak() <= bound) return;
    const std::string numbers = "peak " + std::to_string(meter::peak()) + " > bound " + std::to_string(bound);
    fail("the Socket.IO decoder held more memory than its bound", {{"input", input_}, {"bytes", numbers}});
  }

  // What parse() says of a text frame, owned (its views end with the next call).
  struct verdict {
    sioc::error err{};
    sio::packet_type type = sio::packet_type::event;
    std::string nsp, query;
    std::optional<std::uint64_t> id;
    bool has_data = false;
    std::size_t attachments = 0;
  };

  verdict fast_path(std::string_view text) {
    verdict v;
    const auto r = parser_.parse(text);
    if (!r) {
      v.err = r.error_info();
      return v;
    }
    v.type = r->type;
    v.nsp = std::string(r->nsp);
    v.query = std::string(r->query);
    v.id = r->id;
    v.has_data = r->has_data();
    v.attachments = r->attachments;
    return v;
  }

  void feed(const sio_frame& f) {
    const state before = decoder_.current_state();
    const std::size_t pending_before = decoder_.attachments_pending();
    const bool endless = pending_before == sio::packet_view::endless;
    verdict v;
    if (before == state::idle && !f.binary) v = fast_path(f.bytes);

    meter::resume();
    auto r = decoder_.feed(f.bytes, f.binary);
    meter::pause();
    check_memory();
    check_feed_into(f, r);

    const state after = decoder_.current_state();
    const std::size_t pending = decoder_.attachments_pending();
    const std::string frame_kind = f.binary ? "binary" : "text";
    const std::initializer_list<shown> context = {{"input", input_}, {"frame", f.bytes}, {"frame kind", frame_kind}};

    if (!r) {
      on_error(r.error_info(), f, before, pending_before, v);
      return;
    }
    require(before != state::failed, "a failed decoder accepted a frame", context);
    require(!(before == state::idle && f.binary), "an idle decoder accepted a binary frame", context);
    require(!(before == state::awaiting_attachments && !f.binary), "a decoder awaiting attachments accepted text",
            context);
    if (before == state::idle && !f.binary && v.err.code == sioc::errc::unknown_packet_type && reference() &&
        opts_.version == sio::protocol::v4) {
      // 3.4.3's answer to an unknown type: an ERROR packet without a namespace.
      require(*r && (*r)->type == sio::packet_type::connect_error && (*r)->nsp.empty() && (*r)->data &&
                  (*r)->data->is_string() &&
                  (*r)->data->get<std::string>().rfind("parser error: unknown packet type ", 0) == 0,
              "reference v4: an unknown type did not give the parser error packet", context);
      require(after == state::idle, "reference v4: the parser error packet left the decoder busy", context);
      return;
    }
    if (before == state::idle) {
      require(v.err.code == sioc::errc::ok, "the decoder accepted a text frame parse() refuses",
              {{"input", input_}, {"frame", f.bytes}, {"parse", describe(v.err)}});
      require(f.bytes.size() <= opts_.max_packet_bytes, "a text frame beyond max_packet_bytes was accepted", context);
    }

    if (*r) {
      sio::packet p = std::move(**r);
      on_packet(p, f, before, pending_before, v, after, pending);
      return;
    }

    // std::nullopt: attachments are expected.
    require(after == state::awaiting_attachments, "no packet, no error, yet not awaiting attachments", context);
    require(pending >= 1, "awaiting no attachments", context);
    if (before == state::idle) {
      require(v.type == sio::packet_type::binary_event || v.type == sio::packet_type::binary_ack,
              "a text frame of a plain type made the decoder wait", context);
      require(pending == v.attachments, "attachments_pending() is not the declared count", context);
      require(pending == sio::packet_view::endless || pending <= opts_.max_attachments,
              "a declared count beyond max_attachments is awaited", context);
      held_ = 0;
    } else if (endless) {
      require(pending == sio::packet_view::endless, "an endless wait ended", context);
    } else {
      require(pending == pending_before - 1, "an attachment did not count down attachments_pending()", context);
      held_ += f.bytes.size();
      require(held_ <= opts_.max_attachment_bytes, "attachments beyond max_attachment_bytes were kept", context);
    }
  }

  // feed(data, binary, out) into one packet reused across the frames: the
  // verdict of feed(data, binary), the same packet when one completes, and
  // the packet untouched on error.
  void check_feed_into(const sio_frame& f, const sioc::result<std::optional<sio::packet>>& r) {
    const std::string before = describe(reused_);
    const auto into = into_.feed(f.bytes, f.binary, reused_);
    const std::initializer_list<shown> context = {{"input", input_}, {"frame", f.bytes}};
    if (!r) {
      require(!into && into.code() == r.code() && into.error_info().offset == r.error_info().offset,
              "feed into a packet gives another verdict than feed (which fails)",
              {{"input", input_}, {"frame", f.bytes}, {"feed", describe(r.error_info())},
               {"into", into ? std::string(*into ? "a packet" : "waiting") : describe(into.error_info())}});
      require(describe(reused_) == before, "a failed feed into a packet changed the packet", context);
      return;
    }
    require(into.has_value() && *into == r->has_value(), "feed into a packet gives another verdict than feed",
            context);
    if (*into) {
      require(describe(reused_) == describe(**r), "feed into a reused packet gives another packet than feed",
              {{"input", input_}, {"frame", f.bytes}, {"feed", describe(**r)}, {"into", describe(reused_)}});
    }
  }

  void on_packet(const sio::packet& p, const sio_frame& f, state before, std::size_t pending_before,
                 const verdict& v, state after, std::size_t pending) {
    const std::string got = describe(p);
    const std::initializer_list<shown> context = {{"input", input_}, {"frame", f.bytes}, {"packet", got}};
    // Only the reference dialect under v4 keeps the binary types, as 3.4.3 does.
    const bool keeps_binary_types = opts_.mode == sioc::dialect::reference && opts_.version == sio::protocol::v4;
    require(keeps_binary_types || (p.type != sio::packet_type::binary_event && p.type != sio::packet_type::binary_ack),
            "a decoder delivered a BINARY_EVENT/BINARY_ACK", context);
    if (before == state::idle) {
      const bool binary_type = v.type == sio::packet_type::binary_event || v.type == sio::packet_type::binary_ack;
      require(!binary_type || v.attachments == 0, "a binary packet was delivered without its attachments", context);
      sio::packet_type want = v.type;
      if (!keeps_binary_types && want == sio::packet_type::binary_event) want = sio::packet_type::event;
      if (!keeps_binary_types && want == sio::packet_type::binary_ack) want = sio::packet_type::ack;
      require(p.type == want && p.nsp == v.nsp && p.query == v.query && p.id == v.id &&
                  p.data.has_value() == v.has_data,
              "the decoder's packet differs from parse()'s fields", context);
      // socket.io-parser 3.4.3 then waits for ever after a count of 0.
      const bool stuck = binary_type && reference() && opts_.version == sio::protocol::v4;
      if (stuck) {
        require(after == state::awaiting_attachments && pending == sio::packet_view::endless,
                "reference v4: a count of 0 did not leave the decoder waiting for ever", context);
      } else {
        require(after == state::idle && pending == 0, "a delivered packet left the decoder busy", context);
      }
    } else {
      require(pending_before == 1, "a packet was delivered before its last attachment", context);
      require(after == state::idle && pending == 0, "a completed packet left the decoder busy", context);
      held_ += f.bytes.size();
      require(held_ <= opts_.max_attachment_bytes, "attachments beyond max_attachment_bytes were placed", context);
    }
    if (p.id) require(*p.id <= opts_.max_ack_id, "an ack id beyond max_ack_id was delivered", context);
    if (p.data) require(depth(*p.data) <= opts_.max_depth, "data deeper than max_depth was delivered", context);
    require(!p.nsp.empty() && p.nsp[0] == '/', "a namespace without its '/' was delivered", context);

    // encode() refuses, as documented, ack ids above 2^53 - 1, which the wide
    // profile lets the decoder accept.
    const bool must_encode = !reference() && !(p.id && *p.id > sio::max_safe_ack_id);
    check_round_trip(keeps_binary_types ? as_delivered(p) : p, opts_.version, must_encode, input_);
  }

  void on_error(const sioc::error& e, const sio_frame& f, state before, std::size_t pending_before,
                const verdict& v) {
    const std::string got = describe(e);
    const std::initializer_list<shown> context = {{"input", input_}, {"frame", f.bytes}, {"error", got}};
    require_well_formed(e, f.bytes.size(), input_);
    require(decoder_.current_state() == state::failed && decoder_.attachments_pending() == 0,
            "an error did not leave the decoder failed", context);
    switch (before) {
      case state::failed:
        require(e.code == error_.code && e.offset == error_.offset && std::strcmp(e.message, error_.message) == 0,
                "an error did not stick", context);
        break;
      case state::idle:
        if (f.binary) {
          require(e.code == sioc::errc::unexpected_binary && e.offset == 0, "binary while idle is not unexpected_binary",
                  context);
        } else {
          require(e.code == v.err.code && e.offset == v.err.offset, "the decoder and parse() fail differently",
                  {{"input", input_}, {"frame", f.bytes}, {"decoder", got}, {"parse", describe(v.err)}});
        }
        break;
      case state::awaiting_attachments: {
        if (!f.binary) {
          require(e.code == sioc::errc::unexpected_text && e.offset == 0,
                  "text while awaiting attachments is not unexpected_text", context);
          break;
        }
        require(pending_before != sio::packet_view::endless, "an endless wait refused a binary frame", context);
        const std::size_t room = opts_.max_attachment_bytes - held_;
        if (f.bytes.size() > room) {
          require(e.code == sioc::errc::payload_too_large && e.offset == room,
                  "attachments beyond max_attachment_bytes: not payload_too_large at the limit", context);
          break;
        }
        require(pending_before == 1, "an attachment within the limits failed before the last one", context);
        require(e.offset == 0, "an error placing the attachments is not at offset 0", context);
        require(e.code == sioc::errc::payload_too_large ||
                    (e.code == sioc::errc::invalid_placeholder && reference()),
                "placing the attachments failed with an unexpected error", context);
        break;
      }
    }
    if (before != state::failed) error_ = e;

    // Sticky: text and binary both get the same error back.
    for (const bool binary : {false, true}) {
      meter::resume();
      const auto again = decoder_.feed(binary ? std::string_view("\x01", 1) : std::string_view("2[\"a\"]"), binary);
      meter::pause();
      require(!again && again.code() == e.code && again.error_info().offset == e.offset &&
                  std::strcmp(again.error_info().message, e.message) == 0 &&
                  decoder_.current_state() == state::failed,
              "an error did not stick", context);
    }
    // reset() returns to idle, and the sequence goes on from there.
    meter::resume();
    decoder_.reset();
    meter::pause();
    into_.reset();
    require(decoder_.current_state() == state::idle && decoder_.attachments_pending() == 0,
            "reset() did not return to idle", context);
    error_ = {};
    held_ = 0;
  }

  sio::decode_options opts_;
  std::string_view input_;
  sio_stream_size stream_size_;
  sio::decoder decoder_;
  sio::decoder into_;      // the same frames, fed into reused_
  sio::packet reused_;
  sio::parser parser_;
  sioc::error error_{};
  std::size_t held_ = 0;  // attachment bytes of the pending packet
};

inline int run_sio_decoder(sio::protocol version, const std::uint8_t* data, std::size_t size) {
  const std::string_view input = as_view(data, size);
  if (input.size() < 3) return 0;
  const auto control = static_cast<unsigned char>(input[0]);
  const std::vector<sio_frame> frames = split_frames(input.substr(3), static_cast<unsigned char>(input[1]),
                                                     static_cast<unsigned char>(input[2]), (control & 4) != 0);
  sio_stream_size stream_size;
  for (const sio_frame& f : frames) {
    if (!f.binary) {
      stream_size.text_bytes += f.bytes.size();
      continue;
    }
    ++stream_size.binary_frames;
    stream_size.binary_bytes += f.bytes.size();
    if (f.bytes.size() > stream_size.largest_binary) stream_size.largest_binary = f.bytes.size();
  }
  for (const sioc::dialect mode : {sioc::dialect::strict, sioc::dialect::reference}) {
    sio_sequence_check check(profile(control, version, mode), input, stream_size);
    check.run(frames);
  }
  return 0;
}

}  // namespace sioc_fuzz
