// The Socket.IO v5 server session: see sioc/sio_session.hpp for the theory of operation.
#include <sioc/sio_session.hpp>

#include "sio_encode_args.hpp"

#include <algorithm>
#include <array>
#include <random>
#include <utility>

namespace sioc::sio {

const char* to_string(disconnect_reason reason) noexcept {
  switch (reason) {
    case disconnect_reason::client_namespace_disconnect: return "client namespace disconnect";
    case disconnect_reason::server_namespace_disconnect: return "server namespace disconnect";
    case disconnect_reason::io_server_disconnect: return "io server disconnect";
    case disconnect_reason::io_client_disconnect: return "io client disconnect";
    case disconnect_reason::transport_close: return "transport close";
    case disconnect_reason::ping_timeout: return "ping timeout";
    case disconnect_reason::parse_error: return "parse error";
    case disconnect_reason::forced_close: return "forced close";
    case disconnect_reason::transport_error: return "transport error";
  }
  return "unknown";
}

namespace {

disconnect_reason from_engine(eio::close_reason reason) noexcept {
  switch (reason) {
    case eio::close_reason::transport_close: return disconnect_reason::transport_close;
    case eio::close_reason::ping_timeout: return disconnect_reason::ping_timeout;
    case eio::close_reason::parse_error: return disconnect_reason::parse_error;
    case eio::close_reason::forced_close: return disconnect_reason::forced_close;
    case eio::close_reason::transport_error: return disconnect_reason::transport_error;
  }
  return disconnect_reason::transport_close;
}

// 15 random bytes as 20 characters of base64url, the shape of the reference's socket ids.
std::string random_id() {
  static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  static thread_local std::random_device device;
  std::string out;
  out.reserve(20);
  for (int i = 0; i < 5; ++i) {
    const unsigned long bits = device() & 0xFFFFFFUL;  // 3 bytes, 4 characters
    for (int shift = 18; shift >= 0; shift -= 6) out.push_back(alphabet[(bits >> shift) & 0x3F]);
  }
  return out;
}

server_options normalized(server_options opts) {
  opts.engine.allow_eio3 = false;
  opts.decode.version = protocol::v5;
  return opts;
}

std::optional<millis> earliest(std::optional<millis> a, std::optional<millis> b) {
  if (!a) return b;
  if (!b) return a;
  return std::min(*a, *b);
}

// A slot often holds the sid and namespace it is given already: comparing costs less than copying.
void set(std::string& to, std::string_view from) {
  if (to != from) to.assign(from);
}

// Makes `a`, a slot of the action queue, a new action of `kind` for session `sid`, keeping the
// memory of its strings. Its data, and its io for a transport action, are left to the caller.
void recycle(action& a, action_kind kind, std::string_view sid, std::string_view nsp) {
  a.kind = kind;
  if (kind != action_kind::transport) {
    a.io.kind = eio::action_kind::http_response;
    a.io.id = 0;
    a.io.sid.clear();
    a.io.status = 0;
    a.io.headers.clear();
    a.io.data.clear();
    a.io.binary = false;
    a.io.reason = eio::close_reason::transport_close;
  }
  set(a.sid, sid);
  set(a.nsp, nsp);
  a.name.clear();
  a.ack_id.reset();
  a.reason = disconnect_reason::transport_close;
  a.message.clear();
}

// What next_action(action&) does: `to` takes the values of `from` (see detail::take). The data
// trade places whatever they hold: a caller's arguments go back to the queue for reuse.
void take(action& to, action& from) noexcept {
  to.kind = from.kind;
  sioc::detail::take(to.io, from.io);
  sioc::detail::take(to.sid, from.sid);
  sioc::detail::take(to.nsp, from.nsp);
  sioc::detail::take(to.name, from.name);
  to.data.swap(from.data);
  to.ack_id = from.ack_id;
  to.reason = from.reason;
  sioc::detail::take(to.message, from.message);
}

// An event's name and arguments, from the decoded packet `p` into `a`. The arguments trade
// places with what a.data held: when the caller gives its actions back (next_action(action&)),
// that is the memory of an earlier event, so the next packet decodes into values of the shape it
// likely has, without allocating.
void take_event(packet& p, action& a) {
  json::array_t* args = p.data ? p.data->get_ptr<json::array_t*>() : nullptr;
  if (args == nullptr || args->empty()) {
    a.data = p.data ? std::move(*p.data) : json::array();
    return;
  }
  const json& first = args->front();
  if (const auto* name = first.get_ptr<const json::string_t*>()) {
    a.name.assign(*name);
  } else {
    a.name = first.dump();
  }
  if (!a.data.is_array()) a.data = json::array();
  json::array_t& out = a.data.get_ref<json::array_t&>();
  out.resize(args->size() - 1);
  for (std::size_t i = 1; i < args->size(); ++i) out[i - 1].swap((*args)[i]);
}

}  // namespace

// ---- server_session -------------------------------------------------------------------------

server_session::server_session(std::string sid, const server_options& opts, millis now)
    : sid_(std::move(sid)), decoder_(opts.decode), connect_deadline_(now + opts.connect_timeout_ms) {}

server_session::space* server_session::find(std::string_view nsp) noexcept {
  for (space& s : spaces_) {
    if (s.name == nsp) return &s;
  }
  return nullptr;
}

const server_session::space* server_session::find(std::string_view nsp) const noexcept {
  for (const space& s : spaces_) {
    if (s.name == nsp) return &s;
  }
  return nullptr;
}

void server_session::drop(std::string_view nsp) {
  spaces_.erase(std::remove_if(spaces_.begin(), spaces_.end(), [&](const space& s) { return s.name == nsp; }),
                spaces_.end());
}

std::optional<server_session::namespace_state> server_session::namespace_status(std::string_view nsp) const noexcept {
  const space* s = find(nsp);
  if (s == nullptr) return std::nullopt;
  return s->status;
}

std::string_view server_session::socket_id(std::string_view nsp) const noexcept {
  const space* s = find(nsp);
  return s == nullptr ? std::string_view() : std::string_view(s->socket_id);
}

std::size_t server_session::pending_acks(std::string_view nsp) const noexcept {
  const space* s = find(nsp);
  return s == nullptr ? 0 : s->acks.size();
}

std::optional<millis> server_session::next_deadline() const noexcept {
  if (state_ == state::closing) return std::nullopt;
  return earliest(connect_deadline_, attachment_deadline_);
}

// ---- server ---------------------------------------------------------------------------------

server::server(server_options opts)
    : opts_(std::make_unique<server_options>(normalized(std::move(opts)))),
      engine_(opts_->engine),
      generate_id_(random_id) {}

const server_session* server::find(std::string_view sid) const {
  auto it = sessions_.find(sid);
  return it == sessions_.end() ? nullptr : it->second.get();
}

server_session* server::session(std::string_view sid) {
  auto it = sessions_.find(sid);
  return it == sessions_.end() ? nullptr : it->second.get();
}

std::optional<action> server::next_action() {
  if (actions_.empty()) return std::nullopt;
  action a = std::move(actions_.front());
  actions_.pop_front();
  return a;
}

bool server::next_action(action& out) {
  if (actions_.empty()) return false;
  take(out, actions_.front());
  actions_.pop_front();
  return true;
}

std::optional<millis> server::next_deadline() const {
  std::optional<millis> next = engine_.next_deadline();
  for (const auto& [sid, s] : sessions_) next = earliest(next, s->next_deadline());
  return next;
}

void server::handle(const eio::event& ev, millis now) {
  last_now_ = now;
  engine_.handle(ev, now);
  pump(now);
}

void server::on_timer(millis now) {
  last_now_ = now;
  engine_.on_timer(now);
  pump(now);
  // Collected first: closing a session may end it, and erase it, at once.
  std::vector<std::string> expired;
  for (const auto& [sid, s] : sessions_) {
    const std::optional<millis> deadline = s->next_deadline();
    if (deadline && *deadline <= now) expired.push_back(sid);
  }
  for (const std::string& sid : expired) {
    server_session* s = session(sid);
    if (s == nullptr || s->state_ == server_session::state::closing) continue;
    if (s->attachment_deadline_ && *s->attachment_deadline_ <= now) {
      fail(*s, "the attachments of a binary packet did not arrive within attachment_timeout_ms", now);
      pump(now);
    } else if (s->connect_deadline_ && *s->connect_deadline_ <= now) {
      // Not an error of the client's making that it could be told about: the reference closes
      // silently.
      s->state_ = server_session::state::closing;
      engine_.close(sid, now);
      pump(now);
    }
  }
}

// Drains the Engine.IO server's actions, including those that handling them produces. Nothing
// that dispatch() calls pumps, so io_ holds the action being dispatched until it returns.
void server::pump(millis now) {
  while (engine_.next_action(io_)) dispatch(io_, now);
}

action& server::push(action_kind kind, const server_session& s, std::string_view nsp) {
  action& a = actions_.push_slot();
  recycle(a, kind, s.sid_, nsp);
  a.data = nullptr;
  return a;
}

// `a` is io_: a transport action trades its memory with the slot it goes to.
void server::dispatch(eio::action& a, millis now) {
  switch (a.kind) {
    case eio::action_kind::session_opened: {
      auto [it, inserted] = sessions_.emplace(a.sid, std::make_unique<server_session>(a.sid, *opts_, now));
      if (inserted) push(action_kind::opened, *it->second);
      return;
    }
    case eio::action_kind::message: {
      if (server_session* s = session(a.sid)) receive(*s, a.data, a.binary, now);
      return;
    }
    case eio::action_kind::session_closed: {
      auto it = sessions_.find(a.sid);
      if (it == sessions_.end()) return;
      const disconnect_reason reason = from_engine(a.reason);
      for (const server_session::space& sp : it->second->spaces_) {
        if (sp.status != server_session::namespace_state::connected) continue;
        push(action_kind::disconnect, *it->second, sp.name);
        actions_.back().reason = reason;
      }
      push(action_kind::closed, *it->second);
      actions_.back().reason = reason;
      sessions_.erase(it);
      return;
    }
    default: {
      action& out = actions_.push_slot();
      recycle(out, action_kind::transport, a.sid, {});
      out.data = nullptr;
      sioc::detail::take(out.io, a);
      return;
    }
  }
}

void server::receive(server_session& s, std::string_view data, bool binary, millis now) {
  // What follows a fatal error in the same polling body is not the application's business.
  if (s.state_ == server_session::state::closing) return;
  // A text frame on an idle decoder decodes into packet_, whose memory stays for the next one.
  // Anything else (attachments, msgpack frames) gets a packet of its own: the decoder swaps a
  // pending packet with the one it is given, and an idle session's decoder would then keep the
  // memory of packet_.
  const bool reuse = !binary && s.decoder_.current_state() == decoder::state::idle;
  packet own;
  packet& p = reuse ? packet_ : own;
  const result<bool> r = s.decoder_.feed(data, binary, p);
  if (!r) {
    fail(s, r.error_info().describe(), now);
    return;
  }
  if (!*r) {
    if (!s.attachment_deadline_) s.attachment_deadline_ = now + opts_->attachment_timeout_ms;
    return;
  }
  s.attachment_deadline_.reset();
  on_packet(s, p, now);
}

void server::on_packet(server_session& s, packet& p, millis now) {
  using ns_state = server_session::namespace_state;
  server_session::space* sp = s.find(p.nsp);
  const bool connected = sp != nullptr && sp->status == ns_state::connected;
  switch (p.type) {
    case packet_type::connect: {
      if (sp != nullptr) {
        fail(s, "CONNECT for namespace " + p.nsp + ", which is already " + (connected ? "connected" : "requested"), now);
        return;
      }
      if (s.spaces_.size() >= opts_->max_namespaces) {
        fail(s, "CONNECT for namespace " + p.nsp + " beyond max_namespaces", now);
        return;
      }
      server_session::space fresh;
      fresh.name = p.nsp;
      s.spaces_.push_back(std::move(fresh));
      push(action_kind::connect_request, s, p.nsp);
      // The reference hands the application an empty object when the CONNECT has no data.
      actions_.back().data = p.data ? std::move(*p.data) : json::object();
      return;
    }
    case packet_type::event:
    case packet_type::binary_event: {
      if (!connected) break;
      action& a = actions_.push_slot();
      recycle(a, action_kind::event, s.sid_, p.nsp);
      a.ack_id = p.id;
      take_event(p, a);
      return;
    }
    case packet_type::ack:
    case packet_type::binary_ack: {
      if (!connected) break;
      auto it = p.id ? std::lower_bound(sp->acks.begin(), sp->acks.end(), *p.id) : sp->acks.end();
      if (it == sp->acks.end() || *it != *p.id) {
        push(action_kind::error, s, p.nsp);
        actions_.back().message = p.id ? "ACK for id " + std::to_string(*p.id) + ", which is not awaited, ignored"
                                       : std::string("ACK without an id, ignored");
        return;
      }
      sp->acks.erase(it);
      push(action_kind::ack, s, p.nsp);
      actions_.back().ack_id = p.id;
      actions_.back().data = p.data ? std::move(*p.data) : json::array();
      return;
    }
    case packet_type::disconnect: {
      if (!connected) break;
      s.drop(p.nsp);
      push(action_kind::disconnect, s, p.nsp);
      actions_.back().reason = disconnect_reason::client_namespace_disconnect;
      return;
    }
    case packet_type::connect_error:
      fail(s, "CONNECT_ERROR sent by the client, for namespace " + p.nsp, now);
      return;
  }
  fail(s, std::string(to_string(p.type)) + " for namespace " + p.nsp + ", which is not connected", now);
}

// A protocol error: report it, then close the session as the reference does (forced close).
void server::fail(server_session& s, std::string message, millis now) {
  push(action_kind::error, s);
  actions_.back().message = std::move(message);
  s.state_ = server_session::state::closing;
  s.decoder_.reset();
  s.attachment_deadline_.reset();
  const std::string sid = s.sid_;  // `s` may be gone once the engine reports the close
  engine_.close(sid, now);
}

bool server::send(server_session& s, const packet& p) {
  if (s.state_ == server_session::state::closing) return false;
  text_.clear();
  attachments_.clear();
  encode_options eo;
  eo.format = opts_->decode.format;
  if (!encode(p, text_, attachments_, eo)) return false;
  return send_encoded(s);
}

// An EVENT or ACK written from the caller's arguments where they are (the msgpack format builds
// the packet, a copy).
bool server::send_args(server_session& s, packet_type type, std::string_view nsp, std::string_view name,
                       const json::array_t& args, std::optional<std::uint64_t> id) {
  if (opts_->decode.format != wire_format::json) {
    packet p = type == packet_type::ack ? packet::ack(id.value_or(0), args) : packet::event(name, args);
    p.nsp.assign(nsp);
    p.id = id;
    return send(s, p);
  }
  if (s.state_ == server_session::state::closing) return false;
  text_.clear();
  attachments_.clear();
  if (!sioc::detail::encode_sio_args(type, nsp, id, name, args, protocol::v5, text_, attachments_)) return false;
  return send_encoded(s);
}

// Sends text_ and attachments_, the frames of one packet.
bool server::send_encoded(server_session& s) {
  // All frames of a packet or none: check the Engine.IO queue's room before sending the first.
  const eio::server_session* es = engine_.find(s.sid_);
  if (es == nullptr) return false;
  std::size_t bytes = text_.size();
  for (std::string_view a : attachments_) bytes += a.size();
  const eio::server_options& eo_opts = engine_.options();
  if (es->buffered_packets() + 1 + attachments_.size() > eo_opts.max_buffered_packets ||
      es->buffered_bytes() + bytes > eo_opts.max_buffered_bytes) {
    return false;
  }
  if (!engine_.send(s.sid_, text_, opts_->decode.format == wire_format::msgpack)) return false;
  for (std::string_view a : attachments_) engine_.send(s.sid_, a, true);
  return true;
}

bool server::accept(std::string_view sid, std::string_view nsp) {
  server_session* s = session(sid);
  if (s == nullptr) return false;
  server_session::space* sp = s->find(nsp);
  if (sp == nullptr || sp->status != server_session::namespace_state::pending) return false;
  std::string id = generate_id_();
  if (!send(*s, packet::connect(json{{"sid", id}}).in(std::string(nsp)))) return false;
  sp->status = server_session::namespace_state::connected;
  sp->socket_id = std::move(id);
  s->connect_deadline_.reset();
  s->state_ = server_session::state::active;
  pump(last_now_);
  return true;
}

bool server::refuse(std::string_view sid, std::string_view nsp, std::string_view message, std::optional<json> data) {
  server_session* s = session(sid);
  if (s == nullptr) return false;
  const server_session::space* sp = s->find(nsp);
  if (sp == nullptr || sp->status != server_session::namespace_state::pending) return false;
  json body = {{"message", message}};
  if (data) body["data"] = std::move(*data);
  if (!send(*s, packet::connect_error(std::move(body)).in(std::string(nsp)))) return false;
  s->drop(nsp);
  pump(last_now_);
  return true;
}

bool server::emit(std::string_view sid, std::string_view nsp, std::string_view name, const json::array_t& args) {
  server_session* s = session(sid);
  if (s == nullptr) return false;
  const server_session::space* sp = s->find(nsp);
  if (sp == nullptr || sp->status != server_session::namespace_state::connected) return false;
  if (!send_args(*s, packet_type::event, nsp, name, args, std::nullopt)) return false;
  pump(last_now_);
  return true;
}

std::optional<std::uint64_t> server::emit_with_ack(std::string_view sid, std::string_view nsp, std::string_view name,
                                                   const json::array_t& args) {
  server_session* s = session(sid);
  if (s == nullptr) return std::nullopt;
  server_session::space* sp = s->find(nsp);
  if (sp == nullptr || sp->status != server_session::namespace_state::connected) return std::nullopt;
  if (sp->acks.size() >= opts_->max_pending_acks || sp->next_ack > max_safe_ack_id) return std::nullopt;
  const std::uint64_t id = sp->next_ack;
  if (!send_args(*s, packet_type::event, nsp, name, args, id)) return std::nullopt;
  ++sp->next_ack;
  sp->acks.push_back(id);  // ids grow, so the list stays sorted
  pump(last_now_);
  return id;
}

bool server::cancel_ack(std::string_view sid, std::string_view nsp, std::uint64_t id) {
  server_session* s = session(sid);
  if (s == nullptr) return false;
  server_session::space* sp = s->find(nsp);
  if (sp == nullptr) return false;
  auto it = std::lower_bound(sp->acks.begin(), sp->acks.end(), id);
  if (it == sp->acks.end() || *it != id) return false;
  sp->acks.erase(it);
  return true;
}

bool server::ack(std::string_view sid, std::string_view nsp, std::uint64_t id, const json::array_t& args) {
  server_session* s = session(sid);
  if (s == nullptr) return false;
  const server_session::space* sp = s->find(nsp);
  if (sp == nullptr || sp->status != server_session::namespace_state::connected) return false;
  if (!send_args(*s, packet_type::ack, nsp, {}, args, id)) return false;
  pump(last_now_);
  return true;
}

bool server::disconnect(std::string_view sid, std::string_view nsp) {
  server_session* s = session(sid);
  if (s == nullptr) return false;
  const server_session::space* sp = s->find(nsp);
  if (sp == nullptr || sp->status != server_session::namespace_state::connected) return false;
  if (!send(*s, packet::disconnect().in(std::string(nsp)))) return false;
  s->drop(nsp);
  push(action_kind::disconnect, *s, nsp);
  actions_.back().reason = disconnect_reason::server_namespace_disconnect;
  pump(last_now_);
  return true;
}

bool server::close(std::string_view sid, millis now) {
  server_session* s = session(sid);
  if (s == nullptr || s->state_ == server_session::state::closing) return false;
  last_now_ = now;
  s->state_ = server_session::state::closing;
  s->attachment_deadline_.reset();
  const std::string id(sid);
  engine_.close(id, now);
  pump(now);
  return true;
}

}  // namespace sioc::sio
