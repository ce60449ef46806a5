// The Socket.IO v5 client session: see sioc/sio_client.hpp for the theory of operation.
#include <sioc/sio_client.hpp>

#include <algorithm>
#include <utility>

namespace sioc::sio {
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

std::optional<millis> earliest(std::optional<millis> a, std::optional<millis> b) {
  if (!a) return b;
  if (!b) return a;
  return std::min(*a, *b);
}

client_options normalized(client_options opts) {
  opts.engine.protocol = 4;
  opts.decode.version = protocol::v5;
  return opts;
}

client_action make(client_action_kind kind, std::string_view nsp = {}) {
  client_action a;
  a.kind = kind;
  a.nsp = nsp;
  return a;
}

}  // namespace

client::client(client_options opts)
    : opts_(normalized(std::move(opts))), engine_(opts_.engine), decoder_(opts_.decode) {}

client::space* client::find(std::string_view nsp) noexcept {
  for (space& s : spaces_) {
    if (s.name == nsp) return &s;
  }
  return nullptr;
}

const client::space* client::find(std::string_view nsp) const noexcept {
  for (const space& s : spaces_) {
    if (s.name == nsp) return &s;
  }
  return nullptr;
}

void client::drop(std::string_view nsp) {
  spaces_.erase(std::remove_if(spaces_.begin(), spaces_.end(), [&](const space& s) { return s.name == nsp; }),
                spaces_.end());
}

std::optional<client::namespace_state> client::namespace_status(std::string_view nsp) const noexcept {
  const space* s = find(nsp);
  if (s == nullptr) return std::nullopt;
  return s->status;
}

std::string_view client::socket_id(std::string_view nsp) const noexcept {
  const space* s = find(nsp);
  return s == nullptr ? std::string_view() : std::string_view(s->socket_id);
}

std::size_t client::pending_acks(std::string_view nsp) const noexcept {
  const space* s = find(nsp);
  return s == nullptr ? 0 : s->acks.size();
}

std::optional<client_action> client::next_action() {
  if (actions_.empty()) return std::nullopt;
  client_action a = std::move(actions_.front());
  actions_.pop_front();
  return a;
}

std::optional<millis> client::next_deadline() const {
  if (state_ == state::closed) return std::nullopt;
  std::optional<millis> next = engine_.next_deadline();
  if (closing_) return next;
  next = earliest(next, attachment_deadline_);
  for (const space& s : spaces_) next = earliest(next, s.deadline);
  return next;
}

void client::open() {
  if (state_ != state::idle) return;
  state_ = state::open;
  engine_.open();
  pump();
}

void client::handle(const eio::client_event& ev, millis now) {
  last_now_ = now;
  if (state_ != state::open) return;
  engine_.handle(ev, now);
  pump();
}

void client::on_timer(millis now) {
  last_now_ = now;
  if (state_ != state::open) return;
  engine_.on_timer(now);
  pump();
  if (state_ != state::open || closing_) return;
  if (attachment_deadline_ && *attachment_deadline_ <= now) {
    fail("the attachments of a binary packet did not arrive within attachment_timeout_ms");
    pump();
    return;
  }
  // Collected first: each connect_error drops its namespace.
  std::vector<std::string> expired;
  for (const space& s : spaces_) {
    if (s.deadline && *s.deadline <= now) expired.push_back(s.name);
  }
  for (const std::string& nsp : expired) {
    drop(nsp);
    client_action a = make(client_action_kind::connect_error, nsp);
    a.message = "timeout";
    actions_.push_back(std::move(a));
  }
}

// Drains the Engine.IO client's actions, including those that handling them produces.
void client::pump() {
  while (std::optional<eio::client_action> a = engine_.next_action()) dispatch(std::move(*a));
}

void client::dispatch(eio::client_action&& a) {
  switch (a.kind) {
    case eio::client_action_kind::opened: {
      client_action out = make(client_action_kind::opened);
      out.sid = std::move(a.sid);
      actions_.push_back(std::move(out));
      if (closing_) return;
      // The CONNECTs asked for before the handshake, in the order they were asked for.
      std::vector<std::string> refused;
      for (space& s : spaces_) {
        if (!s.sent && !send_connect(s)) refused.push_back(s.name);
      }
      for (const std::string& nsp : refused) {
        drop(nsp);
        client_action e = make(client_action_kind::connect_error, nsp);
        e.message = "the Engine.IO queue could not take the CONNECT";
        actions_.push_back(std::move(e));
      }
      return;
    }
    case eio::client_action_kind::message:
      receive(a.data, a.binary);
      return;
    case eio::client_action_kind::closed:
      finish(failure_ ? *failure_ : from_engine(a.reason));
      return;
    default: {
      client_action out = make(client_action_kind::transport);
      out.io = std::move(a);
      actions_.push_back(std::move(out));
      return;
    }
  }
}

void client::receive(std::string_view data, bool binary) {
  // What follows a fatal error, or close(), in the same polling body is not the application's.
  if (closing_) return;
  result<std::optional<packet>> r = decoder_.feed(data, binary);
  if (!r) {
    fail(r.error_info().describe());
    return;
  }
  if (!*r) {
    if (!attachment_deadline_) attachment_deadline_ = last_now_ + opts_.attachment_timeout_ms;
    return;
  }
  attachment_deadline_.reset();
  on_packet(std::move(**r));
}

void client::on_packet(packet&& p) {
  space* sp = find(p.nsp);
  if (sp == nullptr) return;  // no socket listens on that namespace (the reference drops it too)
  const bool connected = sp->status == namespace_state::connected;
  switch (p.type) {
    case packet_type::connect: {
      const json* sid = nullptr;
      if (p.data && p.data->is_object()) {
        auto it = p.data->find("sid");
        if (it != p.data->end() && it->is_string() && !it->get_ref<const std::string&>().empty()) sid = &*it;
      }
      if (sid == nullptr) {
        if (connected) {
          report(p.nsp, "CONNECT without a socket id for namespace " + p.nsp + ", which is connected, ignored");
          return;
        }
        drop(p.nsp);
        client_action a = make(client_action_kind::connect_error, p.nsp);
        a.message = "CONNECT without a socket id: not a Socket.IO v5 server";
        a.data = p.data ? std::move(*p.data) : json();
        actions_.push_back(std::move(a));
        return;
      }
      // Again for a connected namespace: the reference takes the new id and reports it again.
      sp->status = namespace_state::connected;
      sp->socket_id = sid->get<std::string>();
      sp->deadline.reset();
      client_action a = make(client_action_kind::connected, p.nsp);
      a.sid = sp->socket_id;
      a.data = std::move(*p.data);
      actions_.push_back(std::move(a));
      return;
    }
    case packet_type::connect_error: {
      if (connected) {
        report(p.nsp, "CONNECT_ERROR for namespace " + p.nsp + ", which is connected, ignored");
        return;
      }
      drop(p.nsp);
      client_action a = make(client_action_kind::connect_error, p.nsp);
      a.data = nullptr;
      if (p.data && p.data->is_object()) {
        auto message = p.data->find("message");
        if (message != p.data->end() && message->is_string()) a.message = message->get<std::string>();
        auto data = p.data->find("data");
        if (data != p.data->end()) a.data = std::move(*data);
      } else if (p.data && p.data->is_string()) {
        a.message = p.data->get<std::string>();
      }
      actions_.push_back(std::move(a));
      return;
    }
    case packet_type::event:
    case packet_type::binary_event: {
      if (!connected) return;
      client_action a = make(client_action_kind::event, p.nsp);
      a.ack_id = p.id;
      json args = p.data ? std::move(*p.data) : json::array();
      if (args.is_array() && !args.empty()) {
        const json& first = args.front();
        a.name = first.is_string() ? first.get<std::string>() : first.dump();
        args.erase(args.begin());
      }
      a.data = std::move(args);
      actions_.push_back(std::move(a));
      return;
    }
    case packet_type::ack:
    case packet_type::binary_ack: {
      if (!connected) return;
      auto it = p.id ? std::lower_bound(sp->acks.begin(), sp->acks.end(), *p.id) : sp->acks.end();
      if (it == sp->acks.end() || *it != *p.id) {
        report(p.nsp, p.id ? "ACK for id " + std::to_string(*p.id) + ", which is not awaited, ignored"
                          : std::string("ACK without an id, ignored"));
        return;
      }
      sp->acks.erase(it);
      client_action a = make(client_action_kind::ack, p.nsp);
      a.ack_id = p.id;
      a.data = p.data ? std::move(*p.data) : json::array();
      actions_.push_back(std::move(a));
      return;
    }
    case packet_type::disconnect: {
      // Pending or connected: the reference ends the socket either way.
      drop(p.nsp);
      client_action a = make(client_action_kind::disconnect, p.nsp);
      a.reason = disconnect_reason::io_server_disconnect;
      actions_.push_back(std::move(a));
      return;
    }
  }
}

// A harmless mistake of the server's: reported, and the session goes on.
void client::report(std::string_view nsp, std::string message) {
  client_action a = make(client_action_kind::error, nsp);
  a.message = std::move(message);
  actions_.push_back(std::move(a));
}

// A protocol error: report it, then close the Engine.IO session; namespaces end with parse_error
// (the reference's manager closes with "parse error" when its decoder throws).
void client::fail(std::string message) {
  report({}, std::move(message));
  failure_ = disconnect_reason::parse_error;
  closing_ = true;
  decoder_.reset();
  attachment_deadline_.reset();
  engine_.close();
}

// The Engine.IO session ended (or close() came before open()).
void client::finish(disconnect_reason reason) {
  if (state_ == state::closed) return;
  state_ = state::closed;
  for (const space& s : spaces_) {
    // A CONNECT never sent gets the reference's error for a manager that could not open; a
    // namespace that was connected, or waited for its answer, ends as the reference's sockets do.
    client_action a = make(s.sent ? client_action_kind::disconnect : client_action_kind::connect_error, s.name);
    a.reason = reason;
    if (!s.sent) a.message = to_string(reason);
    actions_.push_back(std::move(a));
  }
  spaces_.clear();
  decoder_.reset();
  attachment_deadline_.reset();
  client_action a = make(client_action_kind::closed);
  a.reason = reason;
  actions_.push_back(std::move(a));
}

bool client::send(const packet& p) {
  if (state_ != state::open || closing_) return false;
  text_.clear();
  attachments_.clear();
  encode_options eo;
  eo.format = opts_.decode.format;
  if (!encode(p, text_, attachments_, eo)) return false;
  // All frames of a packet or none: check the Engine.IO queue's room before sending the first.
  std::size_t bytes = text_.size();
  for (std::string_view a : attachments_) bytes += a.size();
  const eio::client_options& eo_opts = opts_.engine;
  if (engine_.buffered_packets() + 1 + attachments_.size() > eo_opts.max_buffered_packets ||
      engine_.buffered_bytes() + bytes > eo_opts.max_buffered_bytes) {
    return false;
  }
  if (!engine_.send(text_, opts_.decode.format == wire_format::msgpack)) return false;
  for (std::string_view a : attachments_) engine_.send(a, true);
  return true;
}

bool client::send_connect(space& s) {
  if (!send(packet::connect(s.auth.is_null() ? std::nullopt : std::optional<json>(s.auth)).in(s.name))) return false;
  s.sent = true;
  s.auth = nullptr;
  s.deadline = last_now_ + opts_.connect_timeout_ms;
  return true;
}

bool client::connect(std::string_view nsp, json auth) {
  if (state_ == state::closed || closing_) return false;
  if (!auth.is_null() && !auth.is_object()) return false;
  if (find(nsp) != nullptr || spaces_.size() >= opts_.max_namespaces) return false;
  space fresh;
  fresh.name = nsp;
  fresh.auth = std::move(auth);
  // Encoded now even when held, so that a namespace the encoder refuses is refused here.
  text_.clear();
  attachments_.clear();
  encode_options eo;
  eo.format = opts_.decode.format;
  if (!encode(packet::connect(fresh.auth.is_null() ? std::nullopt : std::optional<json>(fresh.auth)).in(fresh.name),
              text_, attachments_, eo)) {
    return false;
  }
  const bool handshake_done = state_ == state::open && !engine_.sid().empty();
  if (handshake_done && !send_connect(fresh)) return false;
  spaces_.push_back(std::move(fresh));
  pump();
  return true;
}

bool client::emit(std::string_view nsp, std::string_view name, json::array_t args) {
  const space* sp = find(nsp);
  if (sp == nullptr || sp->status != namespace_state::connected) return false;
  if (!send(packet::event(name, std::move(args)).in(std::string(nsp)))) return false;
  pump();
  return true;
}

std::optional<std::uint64_t> client::emit_with_ack(std::string_view nsp, std::string_view name, json::array_t args) {
  space* sp = find(nsp);
  if (sp == nullptr || sp->status != namespace_state::connected) return std::nullopt;
  if (sp->acks.size() >= opts_.max_pending_acks || sp->next_ack > max_safe_ack_id) return std::nullopt;
  const std::uint64_t id = sp->next_ack;
  if (!send(packet::event(name, std::move(args)).in(std::string(nsp)).with_ack(id))) return std::nullopt;
  ++sp->next_ack;
  sp->acks.push_back(id);  // ids grow, so the list stays sorted
  pump();
  return id;
}

bool client::cancel_ack(std::string_view nsp, std::uint64_t id) {
  space* sp = find(nsp);
  if (sp == nullptr) return false;
  auto it = std::lower_bound(sp->acks.begin(), sp->acks.end(), id);
  if (it == sp->acks.end() || *it != id) return false;
  sp->acks.erase(it);
  return true;
}

bool client::ack(std::string_view nsp, std::uint64_t id, json::array_t args) {
  const space* sp = find(nsp);
  if (sp == nullptr || sp->status != namespace_state::connected) return false;
  if (!send(packet::ack(id, std::move(args)).in(std::string(nsp)))) return false;
  pump();
  return true;
}

bool client::disconnect(std::string_view nsp) {
  const space* sp = find(nsp);
  if (sp == nullptr || closing_ || state_ == state::closed) return false;
  if (sp->status == namespace_state::pending) {
    drop(nsp);
    return true;
  }
  if (!send(packet::disconnect().in(std::string(nsp)))) return false;
  drop(nsp);
  client_action a = make(client_action_kind::disconnect, nsp);
  a.reason = disconnect_reason::io_client_disconnect;
  actions_.push_back(std::move(a));
  pump();
  return true;
}

void client::close() {
  if (state_ == state::closed || closing_) return;
  if (state_ == state::idle) {
    finish(disconnect_reason::forced_close);
    return;
  }
  closing_ = true;
  attachment_deadline_.reset();
  engine_.close();
  pump();
}

}  // namespace sioc::sio
