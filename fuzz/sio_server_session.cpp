// Fuzz target for sio::server (and the eio::server under it): the input is a script of events
// and application calls (session_support.hpp reads it), run against one server with small
// limits, checking after every step what sio_session.hpp and eio_session.hpp promise.
//
// Input: 12 option bytes, then records, each a kind byte and its fields:
//   handshake GET/POST/... (transport, EIO, WebSocket upgrade), a polling GET or POST (body of
//   Socket.IO packets) or a WebSocket upgrade for a session, an aborted request, a message on
//   or the end of an accepted WebSocket, the timer (at or after next_deadline()), the clock
//   moving on, and the application's accept/refuse/emit/emit_with_ack/cancel_ack/ack/
//   disconnect/close.
//
// Properties, besides no crash, no sanitizer report and no exception:
//  - transport actions name requests the script made and has not seen answered, WebSockets
//    that were accepted and not closed; nothing is sent on a WebSocket after it was closed;
//  - session actions name sessions that opened and have not closed; after `closed` nothing
//    names the session again, and a polling GET of a closed session is not left hanging;
//  - events and acks come on connected namespaces only, acks for ids awaited only, once each;
//    `closed` comes after a disconnect for each connected namespace;
//  - per session: namespaces within max_namespaces, acks awaited within max_pending_acks,
//    Engine.IO queue within max_buffered_packets (plus the server's own) and
//    max_buffered_bytes;
//  - a step produces a bounded number of actions; after on_timer(now) the next deadline is
//    later than now.
#include "session_support.hpp"

#include <sioc/sio_session.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <iterator>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace {

using namespace sioc_fuzz;
namespace eio = sioc::eio;

sio::server_options options_of(script& s) {
  sio::server_options o;
  const std::uint8_t flags = s.byte();
  o.engine.polling = (flags & 1) == 0;
  o.engine.websocket = (flags & 2) == 0 || !o.engine.polling;
  o.engine.allow_upgrades = (flags & 4) == 0;
  o.engine.mode = (flags & 8) ? sioc::dialect::reference : sioc::dialect::strict;
  o.decode.mode = (flags & 16) ? sioc::dialect::strict : sioc::dialect::reference;
  o.engine.max_payload = 16 + s.byte() * 4u;
  o.engine.max_buffered_packets = 1 + s.below(16);
  o.engine.max_buffered_bytes = 1 + s.byte() * 4u;
  o.engine.ping_interval_ms = 1 + s.byte() * 10u;
  o.engine.ping_timeout_ms = 1 + s.byte() * 10u;
  o.engine.upgrade_timeout_ms = 1 + s.byte() * 10u;
  o.connect_timeout_ms = 1 + s.byte() * 20u;
  o.attachment_timeout_ms = 1 + s.byte() * 10u;
  const std::uint8_t limits = s.byte();
  o.max_namespaces = 1 + (limits & 3);
  o.max_pending_acks = 1 + ((limits >> 2) & 3);
  o.decode.max_attachments = (limits >> 4) & 3;
  o.decode.max_packet_bytes = 8 + s.byte() * 2u;
  o.decode.max_attachment_bytes = 1 + s.byte();
  return o;
}

struct request_info {
  std::string sid;  // empty for a handshake
  bool websocket = false;
  bool get = false;
};

struct session_model {
  bool closed = false;
  std::map<std::string, sio::server_session::namespace_state> spaces;
  std::map<std::string, std::set<std::uint64_t>> awaited;  // emit_with_ack ids
  std::map<std::string, std::vector<std::uint64_t>> asked;  // ack ids of events received
};

class runner {
 public:
  runner(const std::uint8_t* data, std::size_t size) : input_(as_view(data, size)), s_(data, size) {
    opts_ = options_of(s_);
    server_.emplace(opts_);
    server_->engine().set_sid_generator([this] { return "s" + std::to_string(++sid_count_); });
    server_->set_socket_id_generator([this] { return "k" + std::to_string(++socket_count_); });
  }

  void run() {
    for (std::size_t steps = 0; !s_.done() && steps < 400; ++steps) step();
  }

 private:
  [[noreturn]] void fail_with(const char* property) {
    fail(property, {{"input", input_}, {"trace", trace_.text()}});
  }
  void require_that(bool ok, const char* property) {
    if (!ok) fail_with(property);
  }

  std::string pick_sid() {
    if (sids_.empty() || s_.byte() >= 0xF0) return "nope";
    return sids_[s_.below(sids_.size())];
  }
  std::string pick_live_sid() {
    std::vector<const std::string*> live;
    for (const auto& sid : sids_) {
      if (!models_.at(sid).closed) live.push_back(&sid);
    }
    if (live.empty()) return pick_sid();
    return *live[s_.below(live.size())];
  }
  std::string pick_nsp(const std::string& sid) {
    const std::uint8_t b = s_.byte();
    auto found = models_.find(sid);
    if (found != models_.end() && !found->second.spaces.empty() && b < 0xC0) {
      auto it = found->second.spaces.begin();
      std::advance(it, b % found->second.spaces.size());
      return it->first;
    }
    return std::string(kNamespaces[b % kNamespaceCount]);
  }

  std::string query_for(const std::string& sid, const char* transport) {
    const std::uint8_t v = s_.byte();
    std::string eio_version = "4";
    std::string q;
    if (v >= 0xE0) {
      switch (v & 7) {
        case 0: eio_version.clear(); break;
        case 1: eio_version = "3"; break;
        case 2: eio_version = "5"; break;
        case 3: transport = "webtransport"; break;
        case 4: transport = ""; break;
        case 5: q = "&sid=x"; break;
        case 6: q = "&j=0&b64=1"; break;
        default: q = "&t=" + std::string(s_.bytes(8)); break;
      }
    }
    std::string out;
    if (!eio_version.empty()) out += "EIO=" + eio_version + "&";
    out += "transport=";
    out += transport;
    if (!sid.empty()) out += "&sid=" + sid;
    return out + q;
  }

  void request(std::string method, const std::string& sid, const char* transport, bool upgrade,
               std::string body = {}, std::string content_type = {}, bool too_large = false) {
    const std::uint64_t id = ++next_id_;
    const std::string query = query_for(sid, transport);
    trace_.step("req " + std::to_string(id) + " " + method + " ?" + query + (upgrade ? " upgrade" : "") +
                (too_large ? " too-large" : "") + " body=" + body);
    outstanding_[id] = request_info{sid, upgrade, method == "GET"};
    eio::http_request r;
    r.id = id;
    r.method = method;
    r.query = query;
    r.content_type = content_type;
    r.body = body;
    r.body_too_large = too_large;
    r.websocket_upgrade = upgrade;
    server_->handle(r, now_);
  }

  std::uint64_t pick_websocket() {
    if (websockets_.empty()) return ++next_id_;  // one that never was
    auto it = websockets_.begin();
    std::advance(it, s_.below(websockets_.size()));
    return it->first;
  }

  void step() {
    bool timer = false;
    const std::uint8_t kind = s_.byte();
    switch (kind % 20) {
      case 0: {  // handshake
        static constexpr const char* kMethods[] = {"GET", "GET", "GET", "POST", "OPTIONS", "PUT"};
        const std::uint8_t how = s_.byte();
        const bool ws = (how & 1) != 0;
        request(kMethods[(how >> 1) % 6], "", ws ? "websocket" : "polling", ws && (how & 0x80) == 0);
        break;
      }
      case 1:
      case 2:  // polling GET
        request("GET", pick_sid(), "polling", false);
        break;
      case 3:
      case 4:
      case 5: {  // polling POST
        const std::string sid = pick_sid();
        const std::uint8_t how = s_.byte();
        static constexpr const char* kTypes[] = {"text/plain;charset=UTF-8", "", "application/octet-stream",
                                                 "text/plain"};
        request(how >= 0xF8 ? "PUT" : "POST", sid, "polling", false, polling_body(s_, false), kTypes[how & 3],
                (how & 0x7c) == 0x7c);
        break;
      }
      case 6: {  // WebSocket upgrade of a session
        const std::string sid = pick_sid();
        request("GET", sid, "websocket", s_.byte() < 0xF0);
        break;
      }
      case 7: {  // an aborted request
        std::uint64_t id = next_id_ + 1;
        if (!outstanding_.empty()) {
          auto it = outstanding_.begin();
          std::advance(it, s_.below(outstanding_.size()));
          id = it->first;
          outstanding_.erase(it);
        }
        trace_.step("aborted " + std::to_string(id));
        server_->handle(eio::http_aborted{id}, now_);
        break;
      }
      case 8:
      case 9:
      case 10:
      case 11: {  // WebSocket message
        const std::uint64_t id = pick_websocket();
        const eio_packet p = eio_packet_of(s_, false);
        trace_.step("ws " + std::to_string(id) + (p.binary ? " binary " : " text ") + p.data);
        server_->handle(eio::websocket_message{id, p.data, p.binary}, now_);
        break;
      }
      case 12: {  // WebSocket closed
        const std::uint64_t id = pick_websocket();
        websockets_.erase(id);
        trace_.step("ws closed " + std::to_string(id));
        server_->handle(eio::websocket_closed{id}, now_);
        break;
      }
      case 13: {  // the timer, at or after the deadline
        const auto deadline = server_->next_deadline();
        if (deadline && *deadline > now_) now_ = *deadline;
        now_ += s_.byte() < 0xC0 ? 0 : s_.byte() * 10u;
        trace_.step("timer " + std::to_string(now_));
        server_->on_timer(now_);
        timer = true;
        break;
      }
      case 14:
        now_ += s_.byte();
        trace_.step("clock " + std::to_string(now_));
        return;
      default:
        app_call(kind);
        break;
    }
    drain();
    if (timer) {
      const auto next = server_->next_deadline();
      require_that(!next || *next > now_, "next_deadline() is not later than the on_timer(now) just made");
    }
  }

  void app_call(std::uint8_t kind) {
    const std::string sid = pick_live_sid();
    const std::string nsp = pick_nsp(sid);
    auto found = models_.find(sid);
    session_model scratch;  // a session that never opened: every call must be refused
    session_model& m = found != models_.end() ? found->second : scratch;
    switch (kind % 20) {
      case 15: {
        const std::uint8_t how = s_.byte();
        if (how < 0xA0) {
          const bool ok = server_->accept(sid, nsp);
          trace_.step("accept " + sid + " " + nsp + (ok ? " ok" : " refused"));
          if (ok) {
            auto it = m.spaces.find(nsp);
            require_that(it != m.spaces.end() && it->second == sio::server_session::namespace_state::pending,
                         "accept() took a namespace that was not pending");
            it->second = sio::server_session::namespace_state::connected;
          }
        } else {
          const bool ok = server_->refuse(sid, nsp, how & 1 ? sio::invalid_namespace_message : "\xff",
                                          how & 2 ? std::optional<json>(json{{"r", 1}}) : std::nullopt);
          trace_.step("refuse " + sid + " " + nsp + (ok ? " ok" : " refused"));
          if (ok) {
            auto it = m.spaces.find(nsp);
            require_that(it != m.spaces.end() && it->second == sio::server_session::namespace_state::pending,
                         "refuse() took a namespace that was not pending");
            m.spaces.erase(it);
          }
        }
        break;
      }
      case 16: {
        const std::string name(app_event_name(s_));
        const json::array_t args = app_args(s_);
        if (s_.flag()) {
          const bool ok = server_->emit(sid, nsp, name, args);
          trace_.step("emit " + sid + " " + nsp + " " + name + (ok ? " ok" : " refused"));
        } else {
          const auto id = server_->emit_with_ack(sid, nsp, name, args);
          trace_.step("emit_with_ack " + sid + " " + nsp + " " + name + (id ? " id " + std::to_string(*id) : " refused"));
          if (id) {
            require_that(m.awaited[nsp].insert(*id).second, "emit_with_ack() gave an id already awaited");
          }
        }
        break;
      }
      case 17: {
        auto& asked = m.asked[nsp];
        std::uint64_t id = s_.byte();
        if (!asked.empty() && id < 0xC0) {
          id = asked[id % asked.size()];
        }
        const bool cancel = s_.byte() >= 0xE0;
        if (cancel) {
          const bool ok = server_->cancel_ack(sid, nsp, id);
          trace_.step("cancel_ack " + sid + " " + nsp + " " + std::to_string(id) + (ok ? " ok" : " refused"));
          require_that(ok == (m.awaited[nsp].erase(id) == 1), "cancel_ack() disagrees with the ids awaited");
        } else {
          const bool ok = server_->ack(sid, nsp, id, app_args(s_));
          trace_.step("ack " + sid + " " + nsp + " " + std::to_string(id) + (ok ? " ok" : " refused"));
        }
        break;
      }
      case 18: {
        const bool ok = server_->disconnect(sid, nsp);
        trace_.step("disconnect " + sid + " " + nsp + (ok ? " ok" : " refused"));
        break;
      }
      default: {
        const bool ok = server_->close(sid, now_);
        trace_.step("close " + sid + (ok ? " ok" : " refused"));
        break;
      }
    }
  }

  session_model& live(const std::string& sid) {
    auto it = models_.find(sid);
    require_that(it != models_.end() && std::find(sids_.begin(), sids_.end(), sid) != sids_.end(),
                 "an action names a session that never opened");
    require_that(!it->second.closed, "an action names a session after its `closed`");
    return it->second;
  }

  void transport(const eio::action& io) {
    switch (io.kind) {
      case eio::action_kind::http_response: {
        auto it = outstanding_.find(io.id);
        require_that(it != outstanding_.end(), "a response to a request that is not waiting for one");
        outstanding_.erase(it);
        break;
      }
      case eio::action_kind::websocket_accept: {
        auto it = outstanding_.find(io.id);
        require_that(it != outstanding_.end() && it->second.websocket,
                     "a WebSocket accepted for a request that is not a waiting upgrade");
        outstanding_.erase(it);
        websockets_[io.id] = false;
        break;
      }
      case eio::action_kind::websocket_send:
      case eio::action_kind::websocket_close: {
        auto it = websockets_.find(io.id);
        require_that(it != websockets_.end(), "a frame or close for a WebSocket that is not open");
        require_that(!it->second, "a frame or close for a WebSocket after the server closed it");
        if (io.kind == eio::action_kind::websocket_close) it->second = true;
        break;
      }
      default:
        fail_with("an Engine.IO session action came out of sio::server");
    }
  }

  void check(const sio::action& a) {
    switch (a.kind) {
      case sio::action_kind::transport:
        transport(a.io);
        return;
      case sio::action_kind::opened:
        require_that(models_.count(a.sid) == 0, "a session opened twice");
        sids_.push_back(a.sid);
        models_[a.sid];
        return;
      default:
        break;
    }
    session_model& m = live(a.sid);
    switch (a.kind) {
      case sio::action_kind::connect_request:
        require_that(m.spaces.count(a.nsp) == 0, "connect_request for a namespace pending or connected");
        m.spaces[a.nsp] = sio::server_session::namespace_state::pending;
        require_that(m.spaces.size() <= opts_.max_namespaces, "more namespaces than max_namespaces");
        break;
      case sio::action_kind::event: {
        auto it = m.spaces.find(a.nsp);
        require_that(it != m.spaces.end() && it->second == sio::server_session::namespace_state::connected,
                     "an event on a namespace that is not connected");
        require_that(a.data.is_array(), "an event whose arguments are not an array");
        if (a.ack_id) m.asked[a.nsp].push_back(*a.ack_id);
        break;
      }
      case sio::action_kind::ack: {
        auto it = m.spaces.find(a.nsp);
        require_that(it != m.spaces.end() && it->second == sio::server_session::namespace_state::connected,
                     "an ack on a namespace that is not connected");
        require_that(a.ack_id && m.awaited[a.nsp].erase(*a.ack_id) == 1, "an ack for an id not awaited");
        break;
      }
      case sio::action_kind::disconnect: {
        auto it = m.spaces.find(a.nsp);
        require_that(it != m.spaces.end() && it->second == sio::server_session::namespace_state::connected,
                     "a disconnect for a namespace that is not connected");
        m.spaces.erase(it);
        m.awaited.erase(a.nsp);
        break;
      }
      case sio::action_kind::error:
        require_that(!a.message.empty(), "an error without a message");
        break;
      case sio::action_kind::closed:
        for (const auto& space : m.spaces) {
          require_that(space.second != sio::server_session::namespace_state::connected,
                       "closed while a namespace is still connected (no disconnect for it)");
        }
        m.closed = true;
        m.spaces.clear();
        m.awaited.clear();
        break;
      default:
        break;
    }
  }

  void drain() {
    std::size_t count = 0;
    // What one step may produce: a few actions per packet of the largest body or message (an
    // event, an error, the transport's answer), and per session closed by a timer its
    // disconnects, closed and transport actions.
    const std::size_t bound = 64 + 8 * opts_.engine.max_payload + sids_.size() * (opts_.max_namespaces + 8);
    while (server_->next_action(action_)) {
      require_that(++count <= bound, "one step produced more actions than its inputs allow");
      check(action_);
    }
    for (const auto& [sid, m] : models_) {
      if (m.closed) {
        for (const auto& entry : outstanding_) {
          const request_info& req = entry.second;
          require_that(!(req.sid == sid && req.get && !req.websocket), "a closed session's polling GET is left unanswered");
        }
        continue;
      }
      const sio::server_session* ss = server_->find(sid);
      require_that(ss != nullptr, "sio::server forgot a session without a `closed` action");
      require_that(m.spaces.size() <= opts_.max_namespaces, "more namespaces than max_namespaces");
      for (const auto& [nsp, state] : m.spaces) {
        require_that(ss->namespace_status(nsp) == state, "namespace_status() disagrees with the actions");
        require_that(ss->pending_acks(nsp) <= opts_.max_pending_acks, "more acks awaited than max_pending_acks");
      }
      if (const eio::server_session* es = server_->engine().find(sid)) {
        // The server's own packets (open, a ping, a close) are not counted against the limit.
        require_that(es->buffered_packets() <= opts_.engine.max_buffered_packets + 3,
                     "more packets queued than max_buffered_packets");
        require_that(es->buffered_bytes() <= opts_.engine.max_buffered_bytes,
                     "more bytes queued than max_buffered_bytes");
      }
    }
  }

  std::string_view input_;
  script s_;
  trace trace_;
  sio::server_options opts_;
  std::optional<sio::server> server_;
  sio::action action_;
  eio::millis now_ = 0;
  std::uint64_t next_id_ = 0;
  int sid_count_ = 0;
  int socket_count_ = 0;
  std::map<std::uint64_t, request_info> outstanding_;
  std::map<std::uint64_t, bool> websockets_;  // accepted and not reported closed -> closed by the server
  std::vector<std::string> sids_;
  std::map<std::string, session_model> models_;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    runner(data, size).run();
  } catch (const std::exception& e) {
    fail("an exception escaped the session", {{"what", e.what()}, {"input", as_view(data, size)}});
  }
  return 0;
}
