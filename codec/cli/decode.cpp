// `sioc decode`: frames through the Engine.IO decoder, then the messages
// through one Socket.IO decoder per direction.
#include "cli.hpp"

#include <functional>
#include <iostream>
#include <utility>

namespace sioc_cli {

bool report::failed() const {
  if (eio_fault) return true;
  for (const eio_result& m : eio) {
    if (m.sio_fault) return true;
  }
  return false;
}

struct frame_decoder::direction {
  explicit direction(const sio::decode_options& opts) : decoder(opts), peek(opts) {}

  sio::decoder decoder;
  // Reads the header of each text message: the decoder delivers a reassembled
  // BINARY_EVENT as an EVENT and keeps no attachment count, but a reader of
  // the wire wants both.
  sio::parser peek;
  int wire_type = -1;  // of the packet in progress; -1 when the header did not parse
  std::optional<std::size_t> attachments;
};

frame_decoder::frame_decoder(const decode_settings& settings) : settings_(settings) {
  sio::decode_options opts;
  opts.version = settings.sio;
  opts.mode = settings.mode;
  opts.format = settings.format;
  directions_.reserve(3);
  for (int i = 0; i < 3; ++i) directions_.emplace_back(opts);
}

frame_decoder::~frame_decoder() = default;

frame_decoder::direction& frame_decoder::direction_of(const frame& f) {
  if (f.dir == "c2s") return directions_[1];
  if (f.dir == "s2c") return directions_[2];
  return directions_[0];
}

namespace {

// Where `inner` starts in `outer`, when it lies inside it. (A packet's data
// views the frame, or storage of the decoder when it was base64.)
std::optional<std::size_t> position_in(std::string_view inner, std::string_view outer) {
  const std::less_equal<const char*> before;  // a total order, even between unrelated buffers
  if (inner.data() != nullptr && before(outer.data(), inner.data()) &&
      before(inner.data() + inner.size(), outer.data() + outer.size())) {
    return static_cast<std::size_t>(inner.data() - outer.data());
  }
  return std::nullopt;
}

bool is_binary_type(sio::packet_type t) {
  return t == sio::packet_type::binary_event || t == sio::packet_type::binary_ack;
}

}  // namespace

void frame_decoder::decode_engine_io(const frame& f) {
  eio::decode_options opts;
  opts.mode = settings_.mode;
  sioc::error err;
  if (f.polling) {
    // On error the payload keeps the packets before the bad one, as the
    // reference delivers them.
    const sioc::result<std::size_t> n =
        settings_.eio == 3 ? (f.binary ? eio::v3::decode_binary_payload(f.bytes, body_, opts)
                                       : eio::v3::decode_text_payload(f.bytes, body_, opts))
                           : eio::decode_payload(f.bytes, body_, opts);
    for (const eio::packet& p : body_) report_.eio.push_back(eio_result{p, {}, 0, std::nullopt});
    if (!n) err = n.error_info();
  } else {
    const sioc::result<eio::packet> p =
        settings_.eio == 3
            ? (f.binary ? eio::v3::decode_binary_packet(f.bytes, opts) : eio::v3::decode_packet(f.bytes, storage_, opts))
            : (f.binary ? eio::decode_binary_packet(f.bytes, opts) : eio::decode_packet(f.bytes, storage_, opts));
    if (p) {
      report_.eio.push_back(eio_result{*p, {}, 0, std::nullopt});
    } else {
      err = p.error_info();
    }
  }
  if (err.code != sioc::errc::ok) {
    fault flt;
    flt.layer = "engine.io";
    flt.err = err;
    flt.frame_offset = err.offset;
    flt.subject = f.bytes;
    flt.subject_binary = f.binary;
    flt.caret = err.offset;
    report_.eio_fault = flt;
  }
}

void frame_decoder::feed(eio_result& message, direction& d, const frame& f) {
  const std::string_view data = message.packet.data;
  if (!message.packet.binary && d.decoder.current_state() == sio::decoder::state::idle) {
    auto header = d.peek.parse(data);
    d.wire_type = header ? static_cast<int>(header->type) : -1;
    d.attachments.reset();
    if (header && is_binary_type(header->type)) d.attachments = header->attachments;
  }
  auto r = d.decoder.feed(data, message.packet.binary);
  if (!r) {
    fault flt;
    flt.layer = "socket.io";
    flt.err = r.error_info();
    flt.message_offset = flt.err.offset;
    if (auto at = position_in(data, f.bytes)) {
      flt.frame_offset = *at + flt.err.offset;
      flt.subject = f.bytes;
      flt.subject_binary = f.binary;
      flt.caret = *flt.frame_offset;
    } else {
      flt.subject = data;
      flt.subject_binary = message.packet.binary;
      flt.caret = flt.err.offset;
    }
    message.sio_fault = flt;
    // The decoder would repeat this error for ever; start afresh so that the
    // messages after it are still read.
    d.decoder.reset();
    return;
  }
  if (!*r) {
    message.awaiting = d.decoder.attachments_pending();
    return;
  }
  sio_result done;
  done.packet = std::move(**r);
  if (d.wire_type >= 0) {
    done.wire_type = d.wire_type;
    done.attachments = d.attachments;
  } else {
    done.wire_type = static_cast<int>(done.packet.type);
  }
  d.wire_type = -1;
  d.attachments.reset();
  message.sio.push_back(std::move(done));
}

const report& frame_decoder::decode(const frame& f) {
  report_ = report{};
  if (!f.carries_eio) return report_;
  decode_engine_io(f);
  if (settings_.eio_only) return report_;
  direction& d = direction_of(f);
  for (eio_result& m : report_.eio) {
    if (m.packet.type == eio::packet_type::message) feed(m, d, f);
  }
  if (d.decoder.current_state() == sio::decoder::state::awaiting_attachments) {
    report_.awaiting = d.decoder.attachments_pending();
  }
  return report_;
}

namespace {

void print(std::size_t index, const frame& f, const report& r, const options& opts, const decode_settings& s) {
  if (opts.json) {
    print_json(index, f, r, s);
  } else {
    print_readable(index, f, r, s);
  }
}

}  // namespace

int run_decode(const options& opts) {
  bool failed = false;
  if (!opts.session.empty()) {
    session s;
    std::string problem;
    if (!load_session(opts.session, opts.mode, opts.eio_only, s, problem)) {
      std::cerr << "sioc: " << opts.session << ": " << problem << '\n';
      return exit_unreadable;
    }
    if (opts.msgpack) s.settings.format = sio::wire_format::msgpack;
    frame_decoder decoder(s.settings);
    for (std::size_t i = 0; i < s.frames.size(); ++i) {
      const report& r = decoder.decode(s.frames[i]);
      print(i + 1, s.frames[i], r, opts, s.settings);
      failed = failed || r.failed();
    }
    return failed ? exit_failed : exit_ok;
  }

  decode_settings settings;
  settings.eio = opts.eio;
  settings.sio = opts.sio == 4 ? sio::protocol::v4 : sio::protocol::v5;
  settings.mode = opts.mode;
  settings.eio_only = opts.eio_only;
  if (opts.msgpack) settings.format = sio::wire_format::msgpack;
  frame_decoder decoder(settings);
  item_source source(opts.items);
  std::string item;
  frame f;
  for (std::size_t index = 1; source.next(item); ++index) {
    input_problem problem;
    if (!parse_frame(item, opts, f, problem)) {
      std::cout.flush();
      print_input_problem("frame " + std::to_string(index), problem);
      return exit_unreadable;
    }
    const report& r = decoder.decode(f);
    print(index, f, r, opts, settings);
    failed = failed || r.failed();
  }
  return failed ? exit_failed : exit_ok;
}

}  // namespace sioc_cli
