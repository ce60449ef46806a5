// eio::server_session: one Engine.IO v4 client, its transports, queue and heartbeat.
// The theory of operation is in sioc/eio_session.hpp.
#include <sioc/eio_session.hpp>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

namespace sioc::eio {
namespace {

constexpr char kSeparator = '\x1e';
constexpr const char* kTextType = "text/plain; charset=UTF-8";
constexpr const char* kBinaryType = "application/octet-stream";

action response(std::uint64_t id, int status, std::string content_type, std::string body) {
  action a;
  a.kind = action_kind::http_response;
  a.id = id;
  a.status = status;
  if (!content_type.empty()) {
    a.headers.emplace_back("content-type", std::move(content_type));
    a.headers.emplace_back("cache-control", "no-store");
  }
  a.data = std::move(body);
  return a;
}

action websocket_action(action_kind kind, std::uint64_t id, std::string data = {}, bool binary = false) {
  action a;
  a.kind = kind;
  a.id = id;
  a.data = std::move(data);
  a.binary = binary;
  return a;
}

action session_event(action_kind kind, const std::string& sid) {
  action a;
  a.kind = kind;
  a.sid = sid;
  return a;
}

// A new action at the end of `out`, in a slot whose strings keep the capacity an earlier action
// gave them: the hot path of messages and WebSocket frames allocates nothing once warmed up.
action& recycled(action_queue& out, action_kind kind, std::uint64_t id = 0, std::string_view sid = {}) {
  action& a = out.push_slot();
  a.kind = kind;
  a.id = id;
  if (a.sid != sid) a.sid.assign(sid);  // a slot often holds this sid already
  a.status = 0;
  a.headers.clear();
  a.data.clear();
  a.binary = false;
  a.reason = close_reason::transport_close;
  return a;
}

}  // namespace

const char* to_string(close_reason reason) noexcept {
  switch (reason) {
    case close_reason::transport_close: return "transport close";
    case close_reason::ping_timeout: return "ping timeout";
    case close_reason::parse_error: return "parse error";
    case close_reason::forced_close: return "forced close";
    case close_reason::transport_error: return "transport error";
  }
  return "";
}

// A WebSocket frame in the session's protocol: v3 binary frames carry the packet type, and a
// v3 client that asked for base64 (b64) gets binary data as text.
void server_session::push_frame(std::uint64_t id, const packet& p, action_queue& out) const {
  action& a = recycled(out, action_kind::websocket_send, id);
  if (protocol_ == 4) {
    a.binary = encode_packet(p, a.data) == frame_kind::binary;
  } else if (supports_binary_ || !p.binary) {
    a.binary = v3::encode_packet(p, a.data) == frame_kind::binary;
  } else {
    v3::encode_packet_base64(p, a.data);
  }
}

std::optional<millis> server_session::next_deadline() const noexcept {
  if (state_ == state::closed) return std::nullopt;
  std::optional<millis> next;
  const auto consider = [&next](std::optional<millis> t) {
    if (t && (!next || *t < *next)) next = t;
  };
  if (pong_deadline_) {
    consider(pong_deadline_);
  } else if (state_ != state::closing) {
    consider(next_ping_);
  }
  consider(upgrade_deadline_);
  consider(close_deadline_);
  return next;
}

void server_session::open(std::uint64_t id, bool websocket, millis now, action_queue& out) {
  handshake h;
  h.sid = sid_;
  if (!websocket && opts_.allow_upgrades && opts_.websocket) h.upgrades.emplace_back("websocket");
  h.ping_interval_ms = opts_.ping_interval_ms;
  h.ping_timeout_ms = opts_.ping_timeout_ms;
  h.max_payload = opts_.max_payload;
  std::string json;
  serialize_handshake(h, json);
  if (protocol_ == 4) {
    next_ping_ = now + opts_.ping_interval_ms;
  } else {
    pong_deadline_ = now + opts_.ping_interval_ms + opts_.ping_timeout_ms;  // for the client's ping
  }
  if (websocket) {
    state_ = state::websocket;
    websocket_ = id;
    out.push_back(websocket_action(action_kind::websocket_accept, id));
    push_frame(id, packet::text(packet_type::open, json), out);
  } else {
    enqueue(packet_type::open, json, false, out);
    handle_get(id, out);
  }
  out.push_back(session_event(action_kind::session_opened, sid_));
}

void server_session::handle_get(std::uint64_t id, action_queue& out) {
  if (held_get_) {
    // A second GET while one is held: the reference refuses it and ends the session.
    out.push_back(response(id, 400, "", ""));
    finish(close_reason::transport_error, out);
    return;
  }
  held_get_ = id;
  if (queue_.empty() && state_ == state::upgrade_probed) {
    respond_get(packet_type::noop, out);
    return;
  }
  flush(out);
}

void server_session::handle_post(const http_request& req, millis now, action_queue& out) {
  if (req.body_too_large || req.body.size() > opts_.max_payload) {
    out.push_back(response(req.id, 413, "", ""));
    return;
  }
  if (protocol_ == 4 && req.content_type == "application/octet-stream") {
    out.push_back(response(req.id, 400, "", ""));
    finish(close_reason::transport_error, out);
    return;
  }
  decode_options dopts;
  dopts.mode = opts_.mode;
  dopts.max_payload_bytes = opts_.max_payload;
  const bool binary_body = req.content_type == "application/octet-stream";
  const auto decoded = protocol_ == 4 ? decode_payload(req.body, body_, dopts)
                       : binary_body  ? v3::decode_binary_payload(req.body, body_, dopts)
                                      : v3::decode_text_payload(req.body, body_, dopts);
  for (const packet& p : body_) {
    if (state_ == state::closed) break;
    receive(p, now, out);
  }
  if (!decoded && state_ != state::closed) finish(close_reason::parse_error, out);
  body_.clear();
  out.push_back(response(req.id, 200, "text/html", "ok"));
}

void server_session::attach_websocket(std::uint64_t id, millis now, action_queue& out) {
  out.push_back(websocket_action(action_kind::websocket_accept, id));
  if (state_ != state::polling) {
    // Already upgrading or upgraded (or closing): the reference accepts and closes at once.
    out.push_back(websocket_action(action_kind::websocket_close, id));
    return;
  }
  state_ = state::upgrading;
  probe_ = id;
  upgrade_deadline_ = now + opts_.upgrade_timeout_ms;
}

void server_session::handle(const http_aborted& ev, action_queue& out) {
  if (held_get_ != ev.id) return;
  held_get_.reset();
  finish(close_reason::transport_error, out);
}

void server_session::handle(const websocket_message& ev, millis now, action_queue& out) {
  const bool on_probe = probe_ == ev.id;
  if (!on_probe && websocket_ != ev.id) return;
  if (ev.data.size() > opts_.max_payload) {
    if (on_probe) {
      end_probe(out);
    } else {
      finish(close_reason::transport_error, out);
    }
    return;
  }
  decode_options dopts;
  dopts.mode = opts_.mode;
  dopts.max_payload_bytes = opts_.max_payload;
  const auto p = protocol_ == 4 ? (ev.binary ? decode_binary_packet(ev.data, dopts) : decode_packet(ev.data, storage_, dopts))
                                : (ev.binary ? v3::decode_binary_packet(ev.data, dopts)
                                             : v3::decode_packet(ev.data, storage_, dopts));
  if (on_probe) {
    if (p) {
      probe_receive(*p, out);
    } else {
      end_probe(out);
    }
  } else if (p) {
    receive(*p, now, out);
  } else {
    finish(close_reason::parse_error, out);
  }
}

void server_session::handle(const websocket_closed& ev, action_queue& out) {
  if (probe_ == ev.id) {
    probe_.reset();
    upgrade_deadline_.reset();
    state_ = state::polling;
    return;
  }
  if (websocket_ != ev.id) return;
  websocket_.reset();
  finish(close_reason::transport_close, out);
}

void server_session::on_timer(millis now, action_queue& out) {
  if (state_ == state::closed) return;
  if (close_deadline_ && now >= *close_deadline_) {
    finish(close_reason::forced_close, out);
    return;
  }
  if (pong_deadline_ && now >= *pong_deadline_) {
    finish(close_reason::ping_timeout, out);
    return;
  }
  if (upgrade_deadline_ && now >= *upgrade_deadline_) end_probe(out);
  if (next_ping_ && !pong_deadline_ && now >= *next_ping_ && state_ != state::closing) {
    pong_deadline_ = now + opts_.ping_timeout_ms;
    pong_wait_extended_ = false;
    enqueue(packet_type::ping, {}, false, out);
  }
}

bool server_session::send(std::string_view data, bool binary, action_queue& out) {
  if (state_ == state::closing || state_ == state::closed) return false;
  if (state_ != state::websocket) {
    if (queue_.size() >= opts_.max_buffered_packets || data.size() > opts_.max_buffered_bytes - queued_bytes_) {
      return false;
    }
    if (protocol_ == 4 && !binary && data.find(kSeparator) != std::string_view::npos) return false;
  }
  enqueue(packet_type::message, data, binary, out);
  return true;
}

void server_session::close(millis now, action_queue& out) {
  if (state_ == state::closing || state_ == state::closed) return;
  if (state_ == state::websocket) {
    finish(close_reason::forced_close, out);
    return;
  }
  if (probe_) end_probe(out);
  state_ = state::closing;
  // A client that polls at all polls again within this; the reference waits 30 s.
  close_deadline_ = now + opts_.ping_interval_ms + opts_.ping_timeout_ms;
  queue_.push_back(owned_packet{packet_type::close, false, {}});
  flush(out);
}

// A packet from the active transport. Once closing, only the client's close counts, as the
// reference drops packets for a session that is no longer open.
void server_session::receive(const packet& p, millis now, action_queue& out) {
  if (state_ == state::closing && p.type != packet_type::close) return;
  if (protocol_ == 4 && pong_deadline_ && !pong_wait_extended_ && p.type != packet_type::pong) {
    pong_deadline_ = now + opts_.ping_timeout_ms;
    pong_wait_extended_ = true;
  }
  switch (p.type) {
    case packet_type::message: {
      action& a = recycled(out, action_kind::message, 0, sid_);
      a.data.assign(p.data);
      a.binary = p.binary;
      break;
    }
    case packet_type::pong:
      if (protocol_ == 3) {
        finish(close_reason::transport_error, out);  // v3 pongs go from server to client only
        break;
      }
      pong_deadline_.reset();
      next_ping_ = now + opts_.ping_interval_ms;
      break;
    case packet_type::ping:
      if (protocol_ == 4) {
        finish(close_reason::transport_error, out);  // v4 pings go from server to client only
        break;
      }
      pong_deadline_ = now + opts_.ping_interval_ms + opts_.ping_timeout_ms;
      // One waiting pong answers any number of pings, so pings cannot grow the queue.
      if (!pong_queued_) enqueue(packet_type::pong, {}, false, out);
      break;
    case packet_type::close:
      if (held_get_) respond_get(packet_type::noop, out);
      finish(close_reason::transport_close, out);
      break;
    case packet_type::open:
    case packet_type::upgrade:
    case packet_type::noop:
      break;
  }
}

// A packet on the WebSocket being upgraded to: "2probe", then "5"; anything else ends the
// attempt and the session goes on polling.
void server_session::probe_receive(const packet& p, action_queue& out) {
  if (p.type == packet_type::ping && !p.binary && p.data == "probe") {
    push_frame(*probe_, packet::text(packet_type::pong, "probe"), out);
    state_ = state::upgrade_probed;
    if (held_get_) respond_get(packet_type::noop, out);
    return;
  }
  if (p.type == packet_type::upgrade) {
    if (held_get_) respond_get(packet_type::noop, out);
    websocket_ = probe_;
    probe_.reset();
    upgrade_deadline_.reset();
    state_ = state::websocket;
    flush(out);
    return;
  }
  end_probe(out);
}

void server_session::enqueue(packet_type type, std::string_view data, bool binary, action_queue& out) {
  const packet p{type, binary, data};
  if (state_ == state::websocket) {
    push_frame(*websocket_, p, out);
    return;
  }
  queue_.push_back(to_owned(p));
  if (type == packet_type::message) queued_bytes_ += data.size();
  if (type == packet_type::pong) pong_queued_ = true;
  flush(out);
}

// Sends what the queue holds on the transport that can take it now.
void server_session::flush(action_queue& out) {
  if (queue_.empty()) return;
  if (state_ == state::websocket) {
    for (const owned_packet& p : queue_) push_frame(*websocket_, p.view(), out);
    queue_.clear();
    queued_bytes_ = 0;
    pong_queued_ = false;
    return;
  }
  if (!held_get_) return;
  std::vector<packet> views;
  views.reserve(queue_.size());
  for (const owned_packet& p : queue_) views.push_back(p.view());
  std::string body;
  std::size_t n = views.size();
  const char* content_type = kTextType;
  if (protocol_ == 4) {
    // send() keeps 0x1E out of text that may travel here, so encoding cannot fail.
    n = encode_payload(views.data(), views.size(), body, opts_.max_payload).value();
  } else if (supports_binary_ && std::any_of(views.begin(), views.end(), [](const packet& p) { return p.binary; })) {
    v3::encode_binary_payload(views.data(), views.size(), body);  // v3 sends the whole queue, as the reference
    content_type = kBinaryType;
  } else {
    v3::encode_text_payload(views.data(), views.size(), body);
  }
  bool closing = false;
  for (std::size_t i = 0; i < n; ++i) {
    if (queue_.front().type == packet_type::message) queued_bytes_ -= queue_.front().data.size();
    closing = closing || queue_.front().type == packet_type::close;
    if (queue_.front().type == packet_type::pong) pong_queued_ = false;
    queue_.pop_front();
  }
  out.push_back(response(*held_get_, 200, content_type, std::move(body)));
  held_get_.reset();
  if (closing) finish(close_reason::forced_close, out);
}

// Answers the held GET with a single packet without data.
void server_session::respond_get(packet_type type, action_queue& out) {
  const packet p = packet::text(type);
  std::string body;
  if (protocol_ == 4) {
    encode_packet_base64(p, body);
  } else {
    v3::encode_text_payload(&p, 1, body);
  }
  out.push_back(response(*held_get_, 200, kTextType, std::move(body)));
  held_get_.reset();
}

void server_session::end_probe(action_queue& out) {
  out.push_back(websocket_action(action_kind::websocket_close, *probe_));
  probe_.reset();
  upgrade_deadline_.reset();
  if (state_ == state::upgrading || state_ == state::upgrade_probed) state_ = state::polling;
}

// Ends the session: a held GET gets the close packet, WebSockets are closed, queued packets
// are dropped, the application is told.
void server_session::finish(close_reason reason, action_queue& out) {
  if (state_ == state::closed) return;
  state_ = state::closed;
  if (held_get_) respond_get(packet_type::close, out);
  if (probe_) out.push_back(websocket_action(action_kind::websocket_close, *probe_));
  if (websocket_) out.push_back(websocket_action(action_kind::websocket_close, *websocket_));
  probe_.reset();
  websocket_.reset();
  queue_.clear();
  queued_bytes_ = 0;
  pong_deadline_.reset();
  upgrade_deadline_.reset();
  close_deadline_.reset();
  action a = session_event(action_kind::session_closed, sid_);
  a.reason = reason;
  out.push_back(std::move(a));
}

}  // namespace sioc::eio
