// eio::server: checks each request as the reference server does, creates sessions and routes
// requests, WebSockets and timers to them. The theory of operation is in sioc/eio_session.hpp.
#include <sioc/eio_session.hpp>

#include <array>
#include <random>
#include <string>
#include <utility>

#include "detail.hpp"

namespace sioc::eio {
namespace {

// The reference's error codes and messages (engine.io Server.errors / errorMessages).
enum class refusal : int {
  unknown_transport = 0,
  unknown_sid = 1,
  bad_handshake_method = 2,
  bad_request = 3,
  unsupported_protocol_version = 5,
};

const char* message_of(refusal r) noexcept {
  switch (r) {
    case refusal::unknown_transport: return "Transport unknown";
    case refusal::unknown_sid: return "Session ID unknown";
    case refusal::bad_handshake_method: return "Bad handshake method";
    case refusal::bad_request: return "Bad request";
    case refusal::unsupported_protocol_version: return "Unsupported protocol version";
  }
  return "";
}

// A polling request gets the JSON body; a WebSocket upgrade request, the message as HTML.
action refuse(std::uint64_t id, refusal r, bool upgrade) {
  action a;
  a.kind = action_kind::http_response;
  a.id = id;
  a.status = 400;
  if (upgrade) {
    a.headers.emplace_back("content-type", "text/html");
    a.data = message_of(r);
  } else {
    a.headers.emplace_back("content-type", "application/json");
    a.data = "{\"code\":" + std::to_string(static_cast<int>(r)) + ",\"message\":\"" + message_of(r) + "\"}";
  }
  return a;
}

action plain_action(action_kind kind, std::uint64_t id, int status = 0) {
  action a;
  a.kind = kind;
  a.id = id;
  a.status = status;
  return a;
}

int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// application/x-www-form-urlencoded decoding, as URLSearchParams does: '+' is a space, %XX a
// byte, and a '%' not followed by two hex digits stays as it is.
std::string form_decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out.push_back(' ');
    } else if (s[i] == '%' && i + 2 < s.size() && hex_value(s[i + 1]) >= 0 && hex_value(s[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2])));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

// The three parameters Engine.IO reads; when one repeats, the last one counts.
struct query_params {
  std::optional<std::string> eio, transport, sid, b64;
};

query_params parse_query(std::string_view query) {
  query_params q;
  while (!query.empty()) {
    const std::size_t amp = query.find('&');
    const std::string_view part = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    const std::size_t eq = part.find('=');
    const std::string name = form_decode(part.substr(0, eq));
    std::string value = eq == std::string_view::npos ? std::string{} : form_decode(part.substr(eq + 1));
    if (name == "EIO") q.eio = std::move(value);
    if (name == "transport") q.transport = std::move(value);
    if (name == "sid") q.sid = std::move(value);
    if (name == "b64") q.b64 = std::move(value);
  }
  return q;
}

// 15 random bytes as 20 characters of base64url, the shape of the reference's ids.
std::string random_sid() {
  static thread_local std::random_device device;
  std::array<char, 15> bytes{};
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    const unsigned int r = device();
    bytes[i] = static_cast<char>(r & 0xFF);
    bytes[i + 1] = static_cast<char>((r >> 8) & 0xFF);
    bytes[i + 2] = static_cast<char>((r >> 16) & 0xFF);
  }
  std::string sid;
  detail::base64_encode(std::string_view(bytes.data(), bytes.size()), sid);
  for (char& c : sid) {
    if (c == '+') c = '-';
    if (c == '/') c = '_';
  }
  return sid;
}

// A sid travels in a query string, a JSON string and a polling body: printable ASCII without
// the characters those would have to escape.
bool usable_sid(const std::string& sid) {
  if (sid.empty() || sid.size() > 128) return false;
  for (const char c : sid) {
    if (c <= ' ' || c > '~' || c == '"' || c == '\\' || c == '&' || c == '%' || c == '+' || c == '#') return false;
  }
  return true;
}

}  // namespace

server::server(server_options opts)
    : opts_(std::make_unique<server_options>(opts)), generate_sid_(random_sid) {}

const server_session* server::find(std::string_view sid) const {
  const auto it = sessions_.find(sid);
  return it == sessions_.end() ? nullptr : it->second.get();
}

server_session* server::route(std::uint64_t id) {
  const auto r = routes_.find(id);
  if (r == routes_.end()) return nullptr;
  const auto s = sessions_.find(r->second);
  return s == sessions_.end() ? nullptr : s->second.get();
}

void server::handle(const event& ev, millis now) {
  const std::size_t first = actions_.size();
  if (const auto* req = std::get_if<http_request>(&ev)) {
    handle_request(*req, now);
  } else if (const auto* aborted = std::get_if<http_aborted>(&ev)) {
    if (server_session* s = route(aborted->id)) s->handle(*aborted, actions_);
    routes_.erase(aborted->id);
  } else if (const auto* msg = std::get_if<websocket_message>(&ev)) {
    if (server_session* s = route(msg->id)) s->handle(*msg, now, actions_);
  } else if (const auto* closed = std::get_if<websocket_closed>(&ev)) {
    if (server_session* s = route(closed->id)) s->handle(*closed, actions_);
    routes_.erase(closed->id);
  }
  settle(first);
}

// The checks of the reference's verify() and handshake(), in its order.
void server::handle_request(const http_request& req, millis now) {
  const query_params q = parse_query(req.query);
  const bool upgrade = req.websocket_upgrade;
  const int protocol = q.eio == "4" ? 4 : 3;  // as the reference reads it: anything else is v3
  const bool known_transport =
      q.transport && ((*q.transport == "polling" && opts_->polling) || (*q.transport == "websocket" && opts_->websocket));
  if (!known_transport) {
    actions_.push_back(refuse(req.id, refusal::unknown_transport, upgrade));
    return;
  }
  const bool has_sid = q.sid && !q.sid->empty();
  server_session* session = nullptr;
  if (has_sid) {
    const auto it = sessions_.find(*q.sid);
    if (it == sessions_.end()) {
      actions_.push_back(refuse(req.id, refusal::unknown_sid, upgrade));
      return;
    }
    session = it->second.get();
    const bool on_websocket = session->current_state() == server_session::state::websocket;
    if ((!upgrade && *q.transport != (on_websocket ? "websocket" : "polling")) || protocol != session->protocol()) {
      actions_.push_back(refuse(req.id, refusal::bad_request, upgrade));
      return;
    }
  } else {
    if (req.method != "GET") {
      actions_.push_back(refuse(req.id, refusal::bad_handshake_method, upgrade));
      return;
    }
    if (*q.transport == "websocket" && !upgrade) {
      actions_.push_back(refuse(req.id, refusal::bad_request, upgrade));
      return;
    }
  }
  if (upgrade && *q.transport != "websocket") {
    // Only the websocket transport takes upgraded connections: accepted, then closed.
    actions_.push_back(plain_action(action_kind::websocket_accept, req.id));
    actions_.push_back(plain_action(action_kind::websocket_close, req.id));
    return;
  }
  if (session) {
    routes_[req.id] = session->sid();
    if (upgrade) {
      session->attach_websocket(req.id, now, actions_);
    } else if (req.method == "GET") {
      session->handle_get(req.id, actions_);
    } else if (req.method == "POST") {
      session->handle_post(req, now, actions_);
    } else {
      actions_.push_back(plain_action(action_kind::http_response, req.id, 500));
    }
    return;
  }
  if (protocol == 3 && !opts_->allow_eio3) {
    actions_.push_back(refuse(req.id, refusal::unsupported_protocol_version, upgrade));
    return;
  }
  std::string sid;
  for (int attempt = 0; attempt < 16 && sid.empty(); ++attempt) {
    std::string candidate = generate_sid_ ? generate_sid_() : std::string{};
    if (usable_sid(candidate) && sessions_.find(candidate) == sessions_.end()) sid = std::move(candidate);
  }
  if (sid.empty()) {
    actions_.push_back(refuse(req.id, refusal::bad_request, upgrade));
    return;
  }
  auto created = std::make_unique<server_session>(sid, *opts_, protocol, !(q.b64 && !q.b64->empty()));
  server_session& s = *created;
  sessions_.emplace(sid, std::move(created));
  routes_[req.id] = sid;
  s.open(req.id, upgrade, now, actions_);
}

// Keeps the routing table and the session table in step with what the last call produced:
// a request answered or a WebSocket closed no longer routes; a closed session is forgotten.
void server::settle(std::size_t first_new_action) {
  for (std::size_t i = first_new_action; i < actions_.size(); ++i) {
    const action& a = actions_[i];
    switch (a.kind) {
      case action_kind::http_response:
      case action_kind::websocket_close:
        routes_.erase(a.id);
        break;
      case action_kind::session_closed:
        sessions_.erase(a.sid);
        break;
      case action_kind::websocket_accept:
      case action_kind::websocket_send:
      case action_kind::session_opened:
      case action_kind::message:
        break;
    }
  }
}

void server::on_timer(millis now) {
  const std::size_t first = actions_.size();
  for (auto& entry : sessions_) entry.second->on_timer(now, actions_);
  settle(first);
}

bool server::send(std::string_view sid, std::string_view data, bool binary) {
  const auto it = sessions_.find(sid);
  if (it == sessions_.end()) return false;
  const std::size_t first = actions_.size();
  const bool queued = it->second->send(data, binary, actions_);
  settle(first);
  return queued;
}

bool server::close(std::string_view sid, millis now) {
  const auto it = sessions_.find(sid);
  if (it == sessions_.end()) return false;
  const std::size_t first = actions_.size();
  it->second->close(now, actions_);
  settle(first);
  return true;
}

std::optional<action> server::next_action() {
  if (actions_.empty()) return std::nullopt;
  action a = std::move(actions_.front());
  actions_.pop_front();
  return a;
}

bool server::next_action(action& out) {
  if (actions_.empty()) return false;
  detail::take(out, actions_.front());
  actions_.pop_front();
  return true;
}

std::optional<millis> server::next_deadline() const {
  std::optional<millis> next;
  for (const auto& entry : sessions_) {
    const auto t = entry.second->next_deadline();
    if (t && (!next || *t < *next)) next = t;
  }
  return next;
}

}  // namespace sioc::eio
