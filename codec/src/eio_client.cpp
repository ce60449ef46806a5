// eio::client: one Engine.IO client session, its transports, queue and heartbeat.
// The theory of operation is in sioc/eio_client.hpp.
#include <sioc/eio_client.hpp>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

namespace sioc::eio {
namespace {

constexpr char kSeparator = '\x1e';

client_action make_action(client_action_kind kind, std::uint64_t id = 0) {
  client_action a;
  a.kind = kind;
  a.id = id;
  return a;
}

}  // namespace

client::client(client_options opts) : opts_(std::move(opts)) {}

std::string client::target(const char* transport) const {
  std::string t = opts_.path;
  t += opts_.protocol == 3 ? "?EIO=3&transport=" : "?EIO=4&transport=";
  t += transport;
  if (!handshake_.sid.empty()) {
    t += "&sid=";
    t += handshake_.sid;  // the server's ids need no escaping (checked in on_open_packet)
  } else if (opts_.protocol == 3) {
    t += "&b64=1";  // text polling bodies both ways
  }
  if (!opts_.query.empty()) {
    t += '&';
    t += opts_.query;
  }
  return t;
}

std::uint64_t client::request(std::string method, std::string where, std::string body) {
  client_action a = make_action(client_action_kind::http_request, next_id_++);
  a.method = std::move(method);
  a.target = std::move(where);
  if (a.method == "POST") a.content_type = "text/plain;charset=UTF-8";
  a.data = std::move(body);
  actions_.push_back(std::move(a));
  return actions_.back().id;
}

std::uint64_t client::open_websocket() {
  client_action a = make_action(client_action_kind::websocket_open, next_id_++);
  a.target = target("websocket");
  actions_.push_back(std::move(a));
  return actions_.back().id;
}

void client::send_frame(std::uint64_t id, const packet& p) {
  client_action a = make_action(client_action_kind::websocket_send, id);
  a.binary = (opts_.protocol == 3 ? v3::encode_packet(p, a.data) : encode_packet(p, a.data)) == frame_kind::binary;
  actions_.push_back(std::move(a));
}

void client::open() {
  if (state_ != state::idle) return;
  state_ = state::opening;
  if (opts_.websocket_only) {
    websocket_ = open_websocket();
  } else {
    get_ = request("GET", target("polling"), {});
  }
}

void client::handle(const client_event& ev, millis now) {
  if (state_ == state::closed) return;
  if (const auto* r = std::get_if<http_response>(&ev)) {
    on_response(*r, now);
  } else if (const auto* f = std::get_if<http_failed>(&ev)) {
    if (get_ == f->id || post_ == f->id) finish(close_reason::transport_error);
  } else if (const auto* o = std::get_if<websocket_opened>(&ev)) {
    if (probe_ == o->id && state_ == state::probing) send_frame(*probe_, packet::text(packet_type::ping, "probe"));
  } else if (const auto* m = std::get_if<websocket_message>(&ev)) {
    on_websocket_message(*m, now);
  } else if (const auto* c = std::get_if<websocket_closed>(&ev)) {
    on_websocket_closed(*c);
  }
}

void client::on_response(const http_response& r, millis now) {
  const bool is_get = get_ == r.id;
  if (!is_get && post_ != r.id) return;
  if (is_get) {
    get_.reset();
  } else {
    post_.reset();
  }
  if (r.status != 200) {
    finish(close_reason::transport_error);
    return;
  }
  if (is_get) {
    decode_options dopts;
    dopts.mode = opts_.mode;
    dopts.max_payload_bytes = opts_.max_receive_bytes;
    const auto decoded =
        opts_.protocol == 3 ? v3::decode_text_payload(r.body, body_, dopts) : decode_payload(r.body, body_, dopts);
    for (const packet& p : body_) {
      if (state_ == state::closed) break;
      if (handshake_.sid.empty()) {  // opening, or closing before the handshake came
        on_open_packet(p, now);
      } else {
        receive(p, now);
      }
    }
    body_.clear();
    if (!decoded) finish(close_reason::parse_error);
    if (state_ == state::polling || state_ == state::probing) poll();
  }
  if (state_ == state::pausing) {
    finish_pause();
  } else {
    flush();
  }
}

void client::on_websocket_message(const websocket_message& m, millis now) {
  const bool on_probe = probe_ == m.id;
  if (!on_probe && websocket_ != m.id) return;
  decode_options dopts;
  dopts.mode = opts_.mode;
  dopts.max_payload_bytes = opts_.max_receive_bytes;
  const auto p = opts_.protocol == 3
                     ? (m.binary ? v3::decode_binary_packet(m.data, dopts) : v3::decode_packet(m.data, storage_, dopts))
                     : (m.binary ? decode_binary_packet(m.data, dopts) : decode_packet(m.data, storage_, dopts));
  if (on_probe) {
    if (state_ == state::probing && p && p->type == packet_type::pong && !p->binary && p->data == "probe") {
      state_ = state::pausing;
      finish_pause();
    } else {
      probe_failed();
    }
    return;
  }
  if (!p) {
    finish(close_reason::parse_error);
  } else if (state_ == state::opening) {
    on_open_packet(*p, now);
  } else {
    receive(*p, now);
  }
}

void client::on_websocket_closed(const websocket_closed& c) {
  if (probe_ == c.id) {
    probe_.reset();  // already closed: no websocket_close for it
    probe_failed();
  } else if (websocket_ == c.id) {
    websocket_.reset();
    finish(close_reason::transport_close);
  }
}

// The first packet of the session: the open packet and its handshake.
void client::on_open_packet(const packet& p, millis now) {
  if (p.type != packet_type::open || p.binary) {
    finish(close_reason::parse_error);
    return;
  }
  decode_options dopts;
  dopts.mode = opts_.mode;
  auto h = parse_handshake(p.data, dopts);
  const bool sid_ok = h && std::all_of(h->sid.begin(), h->sid.end(), [](char c) {
                        return c > ' ' && c <= '~' && c != '&' && c != '#' && c != '%' && c != '+';
                      });
  if (!sid_ok) {
    finish(close_reason::parse_error);
    return;
  }
  handshake_ = std::move(*h);
  ping_deadline_ = now + handshake_.ping_interval_ms + handshake_.ping_timeout_ms;
  if (opts_.protocol == 3) next_ping_ = now + handshake_.ping_interval_ms;
  client_action a = make_action(client_action_kind::opened);
  a.sid = handshake_.sid;
  actions_.push_back(std::move(a));
  if (state_ == state::closing) return;  // close() came first: the close packet follows
  if (websocket_) {
    state_ = state::websocket;
    return;
  }
  state_ = state::polling;
  const bool offered = std::find(handshake_.upgrades.begin(), handshake_.upgrades.end(), "websocket") !=
                       handshake_.upgrades.end();
  if (opts_.upgrade && offered) {
    state_ = state::probing;
    probe_ = open_websocket();
  }
}

// A packet on the session's transport, after the handshake.
void client::receive(const packet& p, millis now) {
  const millis alive_until = now + handshake_.ping_interval_ms + handshake_.ping_timeout_ms;
  if (opts_.protocol == 3 && state_ != state::closing) ping_deadline_ = alive_until;  // v3: any packet counts
  switch (p.type) {
    case packet_type::ping:
      if (opts_.protocol == 3 || state_ == state::closing) break;  // v3 servers do not ping
      ping_deadline_ = alive_until;
      // One pong answers every ping received while it waits for a POST: the queue must not
      // grow with what the server sends.
      if (!pong_queued_) enqueue(packet_type::pong, {}, false);
      break;
    case packet_type::pong:
      if (opts_.protocol == 3) next_ping_ = now + handshake_.ping_interval_ms;
      break;
    case packet_type::message: {
      client_action a = make_action(client_action_kind::message);
      a.data.assign(p.data);
      a.binary = p.binary;
      actions_.push_back(std::move(a));
      break;
    }
    case packet_type::close:
      finish(close_reason::transport_close);
      break;
    case packet_type::open:
    case packet_type::upgrade:
    case packet_type::noop:
      break;
  }
}

// The upgrade did not happen; the session goes on polling.
void client::probe_failed() {
  if (probe_) actions_.push_back(make_action(client_action_kind::websocket_close, *probe_));
  probe_.reset();
  if (state_ != state::probing && state_ != state::pausing) return;
  state_ = state::polling;
  if (!get_) poll();
  flush();
}

// Once polling is quiet, the probe WebSocket becomes the transport.
void client::finish_pause() {
  if (state_ != state::pausing || get_ || post_) return;
  websocket_ = probe_;
  probe_.reset();
  state_ = state::websocket;
  send_frame(*websocket_, packet::text(packet_type::upgrade));
  actions_.push_back(make_action(client_action_kind::upgraded, *websocket_));
  flush();
}

void client::poll() {
  if (!get_) get_ = request("GET", target("polling"), {});
}

void client::enqueue(packet_type type, std::string_view data, bool binary) {
  queue_.push_back(to_owned(packet{type, binary, data}));
  if (type == packet_type::message) queued_bytes_ += data.size();
  if (type == packet_type::pong) pong_queued_ = true;
  flush();
}

// Sends what the queue holds on the transport that can take it now.
void client::flush() {
  if (queue_.empty()) return;
  if (state_ == state::websocket) {
    for (const owned_packet& p : queue_) send_frame(*websocket_, p.view());
    queue_.clear();
    queued_bytes_ = 0;
    pong_queued_ = false;
    return;
  }
  const bool can_post = state_ == state::polling || state_ == state::probing || state_ == state::closing;
  if (!can_post || post_ || handshake_.sid.empty()) return;
  std::string body;
  const std::size_t n = encode_body(body);
  bool closes = false;
  for (std::size_t i = 0; i < n; ++i) {
    if (queue_.front().type == packet_type::message) queued_bytes_ -= queue_.front().data.size();
    closes = closes || queue_.front().type == packet_type::close;
    if (queue_.front().type == packet_type::pong) pong_queued_ = false;
    queue_.pop_front();
  }
  post_ = request("POST", target("polling"), std::move(body));
  if (closes) finish(close_reason::forced_close);
}

// Encodes into `body` as many queued packets as fit in the server's maxPayload (at least one);
// returns how many.
std::size_t client::encode_body(std::string& body) const {
  const std::size_t limit = handshake_.max_payload ? static_cast<std::size_t>(*handshake_.max_payload) : body.max_size();
  if (opts_.protocol != 3) {
    std::vector<packet> views;
    views.reserve(queue_.size());
    for (const owned_packet& p : queue_) views.push_back(p.view());
    // send() keeps 0x1E out of text that may travel here, so encoding cannot fail.
    return encode_payload(views.data(), views.size(), body, limit).value();
  }
  std::size_t n = 0;
  std::string record;
  for (const owned_packet& p : queue_) {
    const packet view = p.view();
    record.clear();
    v3::encode_text_payload(&view, 1, record);
    if (n > 0 && record.size() > limit - std::min(limit, body.size())) break;
    body += record;
    ++n;
  }
  return n;
}

void client::on_timer(millis now) {
  if (state_ == state::closed) return;
  if (ping_deadline_ && now >= *ping_deadline_) {
    finish(close_reason::ping_timeout);
    return;
  }
  if (next_ping_ && now >= *next_ping_ && state_ != state::closing) {
    next_ping_.reset();  // until the pong
    ping_deadline_ = now + handshake_.ping_timeout_ms;
    enqueue(packet_type::ping, {}, false);
  }
}

std::optional<millis> client::next_deadline() const noexcept {
  if (state_ == state::closed) return std::nullopt;
  std::optional<millis> next = ping_deadline_;
  if (next_ping_ && state_ != state::closing && (!next || *next_ping_ < *next)) next = next_ping_;
  return next;
}

bool client::send(std::string_view data, bool binary) {
  if (state_ == state::idle || state_ == state::closing || state_ == state::closed) return false;
  if (queue_.size() >= opts_.max_buffered_packets || data.size() > opts_.max_buffered_bytes - queued_bytes_) {
    return false;
  }
  if (opts_.protocol != 3 && state_ != state::websocket && !binary && data.find(kSeparator) != std::string_view::npos) {
    return false;
  }
  enqueue(packet_type::message, data, binary);
  return true;
}

void client::close() {
  switch (state_) {
    case state::idle:
    case state::closing:
    case state::closed:
      return;
    case state::websocket:
      finish(close_reason::forced_close);
      return;
    case state::opening:
      if (websocket_) {
        finish(close_reason::forced_close);
        return;
      }
      break;
    case state::polling:
    case state::probing:
    case state::pausing:
      break;
  }
  if (probe_) actions_.push_back(make_action(client_action_kind::websocket_close, *probe_));
  probe_.reset();
  state_ = state::closing;
  queue_.push_back(owned_packet{packet_type::close, false, {}});
  flush();
}

// Ends the session: WebSockets are closed, queued packets dropped, the application told.
void client::finish(close_reason reason) {
  if (state_ == state::closed) return;
  state_ = state::closed;
  if (probe_) actions_.push_back(make_action(client_action_kind::websocket_close, *probe_));
  if (websocket_) actions_.push_back(make_action(client_action_kind::websocket_close, *websocket_));
  probe_.reset();
  websocket_.reset();
  get_.reset();
  post_.reset();
  queue_.clear();
  queued_bytes_ = 0;
  pong_queued_ = false;
  ping_deadline_.reset();
  next_ping_.reset();
  client_action a = make_action(client_action_kind::closed);
  a.reason = reason;
  actions_.push_back(std::move(a));
}

std::optional<client_action> client::next_action() {
  if (actions_.empty()) return std::nullopt;
  client_action a = std::move(actions_.front());
  actions_.pop_front();
  return a;
}

}  // namespace sioc::eio
