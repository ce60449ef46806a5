// Fuzz target for sio::client (and the eio::client under it): the input is a script of what the
// network and the server do and what the application calls (session_support.hpp reads it), run
// against one client with small limits, checking after every step what sio_client.hpp and
// eio_client.hpp promise.
//
// Input: 12 option bytes, then records, each a kind byte and its fields: the response to one of
// the requests in flight (status; a handshake or a body of Socket.IO packets), a request that
// failed, a WebSocket that opened, a message on it (a handshake, a control packet, a Socket.IO
// packet, an attachment), its end, the timer (at or after next_deadline()), the clock moving
// on, and the application's open/connect/emit/emit_with_ack/cancel_ack/ack/disconnect/close.
//
// Properties, besides no crash, no sanitizer report and no exception:
//  - requests and WebSockets get fresh ids; frames and closes go to WebSockets that were
//    opened (WebSocket closes also to ones being opened) and are still open; `upgraded` names
//    an open one; at most one GET and one POST are in flight;
//  - nothing at all comes after `closed`, and `closed` comes after a disconnect or
//    connect_error for every namespace connected or pending;
//  - connected/connect_error for pending namespaces (connected also again for a connected
//    one), events and acks on connected namespaces only, acks for ids awaited only, once each;
//  - namespaces within max_namespaces, acks awaited within max_pending_acks, the Engine.IO
//    queue within max_buffered_packets (plus the client's own) and max_buffered_bytes;
//  - a step produces a bounded number of actions; after on_timer(now) the next deadline is
//    later than now.
#include "session_support.hpp"

#include <sioc/sio_client.hpp>

#include <cstddef>
#include <cstdint>
#include <exception>
#include <iterator>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>

namespace {

using namespace sioc_fuzz;
namespace eio = sioc::eio;
using ckind = sio::client_action_kind;
using nstate = sio::client::namespace_state;

sio::client_options options_of(script& s) {
  sio::client_options o;
  const std::uint8_t flags = s.byte();
  o.engine.websocket_only = (flags & 1) != 0;
  o.engine.upgrade = (flags & 2) == 0;
  o.engine.mode = (flags & 4) ? sioc::dialect::reference : sioc::dialect::strict;
  o.decode.mode = (flags & 8) ? sioc::dialect::reference : sioc::dialect::strict;
  if (flags & 16) o.engine.query = "token=a%20b";
  o.engine.max_receive_bytes = 8 + s.byte() * 4u;
  o.engine.max_buffered_packets = 1 + s.below(16);
  o.engine.max_buffered_bytes = 1 + s.byte() * 4u;
  o.connect_timeout_ms = 1 + s.byte() * 10u;
  o.attachment_timeout_ms = 1 + s.byte() * 10u;
  const std::uint8_t limits = s.byte();
  o.max_namespaces = 1 + (limits & 3);
  o.max_pending_acks = 1 + ((limits >> 2) & 3);
  o.decode.max_attachments = (limits >> 4) & 3;
  o.decode.max_packet_bytes = 8 + s.byte() * 2u;
  o.decode.max_attachment_bytes = 1 + s.byte();
  s.byte();  // spare, so that both session targets read 12 option bytes
  s.byte();
  s.byte();
  return o;
}

// The server's handshake, with fields from the script: sid, upgrades, timings, maxPayload.
std::string handshake_of(script& s) {
  static constexpr std::string_view kSids[] = {"e1", "e1", "", "e\"2"};
  static constexpr std::string_view kUpgrades[] = {R"(["websocket"])", "[]", R"(["webtransport"])", "{}"};
  const std::uint8_t how = s.byte();
  std::string out = "0{\"sid\":\"";
  out += kSids[how & 3];
  out += "\",\"upgrades\":";
  out += kUpgrades[(how >> 2) & 3];
  out += ",\"pingInterval\":" + std::to_string(1 + s.byte() * 10u);
  out += ",\"pingTimeout\":" + std::to_string(1 + s.byte() * 10u);
  if ((how & 0x10) == 0) out += ",\"maxPayload\":" + std::to_string(8 + s.byte() * 4u);
  return out + "}";
}

struct request_info {
  bool get = false;
};

struct websocket_info {
  bool opened = false;         // websocket_opened delivered
  bool closed_by_client = false;  // websocket_close came out
};

class runner {
 public:
  runner(const std::uint8_t* data, std::size_t size)
      : input_(as_view(data, size)), s_(data, size), opts_(options_of(s_)), client_(opts_) {}

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

  template <class Map>
  std::optional<std::uint64_t> pick(const Map& m) {
    if (m.empty()) return std::nullopt;
    auto it = m.begin();
    std::advance(it, s_.below(m.size()));
    return it->first;
  }

  std::string pick_nsp() {
    const std::uint8_t b = s_.byte();
    if (!spaces_.empty() && b < 0xC0) {
      auto it = spaces_.begin();
      std::advance(it, b % spaces_.size());
      return it->first;
    }
    if (b >= 0xFC) return std::string(s_.bytes(6));
    return std::string(kNamespaces[b % kNamespaceCount]);
  }

  void step() {
    bool timer = false;
    const std::uint8_t kind = s_.byte();
    switch (kind % 20) {
      case 0:
      case 1:
      case 2:
      case 3: {  // a response
        const auto id = pick(requests_);
        if (!id) return;
        static constexpr int kStatuses[] = {400, 500, 404, 0};
        const std::uint8_t st = s_.byte();
        const int status = st < 0xE0 ? 200 : kStatuses[st & 3];
        const std::uint8_t how = s_.byte();
        std::string body;
        if (how < 0x40) {
          body = handshake_of(s_);
        } else if (how < 0x60) {
          body = "ok";
        } else {
          body = polling_body(s_, true);
        }
        requests_.erase(*id);
        trace_.step("response " + std::to_string(*id) + " " + std::to_string(status) + " " + body);
        client_.handle(eio::http_response{*id, status, body}, now_);
        break;
      }
      case 4: {  // a request failed
        const auto id = pick(requests_);
        if (!id) return;
        requests_.erase(*id);
        trace_.step("failed " + std::to_string(*id));
        client_.handle(eio::http_failed{*id}, now_);
        break;
      }
      case 5: {  // a WebSocket opened
        std::map<std::uint64_t, websocket_info> opening;
        for (const auto& w : websockets_) {
          if (!w.second.opened) opening.insert(w);
        }
        const auto id = pick(opening);
        if (!id) return;
        websockets_[*id].opened = true;
        trace_.step("ws opened " + std::to_string(*id));
        client_.handle(eio::websocket_opened{*id}, now_);
        break;
      }
      case 6:
      case 7:
      case 8:
      case 9: {  // a WebSocket message, on one that opened
        std::map<std::uint64_t, websocket_info> open;
        for (const auto& w : websockets_) {
          if (w.second.opened) open.insert(w);
        }
        const auto id = pick(open);
        if (!id) return;
        eio_packet p;
        if (s_.byte() < 0x20) {
          p.data = handshake_of(s_);
        } else {
          p = eio_packet_of(s_, true);
        }
        trace_.step("ws " + std::to_string(*id) + (p.binary ? " binary " : " text ") + p.data);
        client_.handle(eio::websocket_message{*id, p.data, p.binary}, now_);
        break;
      }
      case 10: {  // a WebSocket ended
        const auto id = pick(websockets_);
        if (!id) return;
        websockets_.erase(*id);
        trace_.step("ws closed " + std::to_string(*id));
        client_.handle(eio::websocket_closed{*id}, now_);
        break;
      }
      case 11: {  // the timer, at or after the deadline
        const auto deadline = client_.next_deadline();
        if (deadline && *deadline > now_) now_ = *deadline;
        now_ += s_.byte() < 0xC0 ? 0 : s_.byte() * 10u;
        trace_.step("timer " + std::to_string(now_));
        client_.on_timer(now_);
        timer = true;
        break;
      }
      case 12:
        now_ += s_.byte();
        trace_.step("clock " + std::to_string(now_));
        return;
      default:
        app_call(kind);
        break;
    }
    drain();
    if (timer) {
      const auto next = client_.next_deadline();
      require_that(!next || *next > now_, "next_deadline() is not later than the on_timer(now) just made");
    }
  }

  void app_call(std::uint8_t kind) {
    const std::string nsp = pick_nsp();
    switch (kind % 20) {
      case 13:
      case 14: {
        const std::uint8_t how = s_.byte();
        json auth = nullptr;
        if (how & 1) auth = json{{"token", "t"}};
        if (how & 2) auth = "bad";
        const bool ok = client_.connect(nsp, auth);
        trace_.step("connect " + nsp + (ok ? " ok" : " refused"));
        if (ok) {
          require_that(spaces_.count(nsp) == 0, "connect() took a namespace already pending or connected");
          spaces_[nsp] = nstate::pending;
          require_that(spaces_.size() <= opts_.max_namespaces, "more namespaces than max_namespaces");
        }
        break;
      }
      case 15:
      case 16: {
        const std::string name(app_event_name(s_));
        json::array_t args = app_args(s_);
        if (s_.flag()) {
          const bool ok = client_.emit(nsp, name, std::move(args));
          trace_.step("emit " + nsp + " " + name + (ok ? " ok" : " refused"));
        } else {
          const auto id = client_.emit_with_ack(nsp, name, std::move(args));
          trace_.step("emit_with_ack " + nsp + " " + name + (id ? " id " + std::to_string(*id) : " refused"));
          if (id) require_that(awaited_[nsp].insert(*id).second, "emit_with_ack() gave an id already awaited");
        }
        break;
      }
      case 17: {
        const std::uint64_t id = s_.below(8);
        if (s_.flag()) {
          const bool ok = client_.cancel_ack(nsp, id);
          trace_.step("cancel_ack " + nsp + " " + std::to_string(id) + (ok ? " ok" : " refused"));
          require_that(ok == (awaited_[nsp].erase(id) == 1), "cancel_ack() disagrees with the ids awaited");
        } else {
          const bool ok = client_.ack(nsp, id, app_args(s_));
          trace_.step("ack " + nsp + " " + std::to_string(id) + (ok ? " ok" : " refused"));
        }
        break;
      }
      case 18: {
        const bool was_pending = spaces_.count(nsp) && spaces_[nsp] == nstate::pending;
        const bool ok = client_.disconnect(nsp);
        trace_.step("disconnect " + nsp + (ok ? " ok" : " refused"));
        // A pending namespace is forgotten without an action.
        if (ok && was_pending) {
          spaces_.erase(nsp);
          awaited_.erase(nsp);
        }
        break;
      }
      default:
        if (s_.flag()) {
          trace_.step("open");
          client_.open();
        } else {
          trace_.step("close");
          client_.close();
        }
        break;
    }
    drain();
  }

  void transport(const eio::client_action& io) {
    switch (io.kind) {
      case eio::client_action_kind::http_request: {
        require_that(used_ids_.insert(io.id).second, "a request with an id used before");
        const bool get = io.method == "GET";
        std::size_t same = 0;
        for (const auto& r : requests_) same += r.second.get == get ? 1 : 0;
        require_that(same == 0, "a second GET or POST while one is in flight");
        requests_[io.id] = request_info{get};
        break;
      }
      case eio::client_action_kind::websocket_open:
        require_that(used_ids_.insert(io.id).second, "a WebSocket with an id used before");
        websockets_[io.id] = websocket_info{};
        break;
      case eio::client_action_kind::websocket_send: {
        auto it = websockets_.find(io.id);
        require_that(it != websockets_.end() && it->second.opened, "a frame on a WebSocket that is not open");
        require_that(!it->second.closed_by_client, "a frame on a WebSocket after closing it");
        break;
      }
      case eio::client_action_kind::websocket_close: {
        auto it = websockets_.find(io.id);
        require_that(it != websockets_.end(), "a close for a WebSocket that is not open or opening");
        require_that(!it->second.closed_by_client, "a WebSocket closed twice");
        it->second.closed_by_client = true;
        break;
      }
      case eio::client_action_kind::upgraded: {
        auto it = websockets_.find(io.id);
        require_that(it != websockets_.end() && it->second.opened && !it->second.closed_by_client,
                     "upgraded to a WebSocket that is not open");
        break;
      }
      default:
        fail_with("an Engine.IO session action came out of sio::client as a transport action");
    }
  }

  void check(const sio::client_action& a) {
    require_that(!closed_, "an action after `closed`");
    switch (a.kind) {
      case ckind::transport:
        transport(a.io);
        break;
      case ckind::opened:
        require_that(!opened_, "opened twice");
        opened_ = true;
        break;
      case ckind::connected: {
        auto it = spaces_.find(a.nsp);
        require_that(it != spaces_.end(), "connected for a namespace not asked for");
        require_that(!a.sid.empty(), "connected without a socket id");
        it->second = nstate::connected;
        break;
      }
      case ckind::connect_error: {
        auto it = spaces_.find(a.nsp);
        require_that(it != spaces_.end() && it->second == nstate::pending, "connect_error for a namespace not pending");
        spaces_.erase(it);
        awaited_.erase(a.nsp);
        break;
      }
      case ckind::event: {
        auto it = spaces_.find(a.nsp);
        require_that(it != spaces_.end() && it->second == nstate::connected, "an event on a namespace not connected");
        require_that(a.data.is_array(), "an event whose arguments are not an array");
        break;
      }
      case ckind::ack: {
        auto it = spaces_.find(a.nsp);
        require_that(it != spaces_.end() && it->second == nstate::connected, "an ack on a namespace not connected");
        require_that(a.ack_id && awaited_[a.nsp].erase(*a.ack_id) == 1, "an ack for an id not awaited");
        break;
      }
      case ckind::disconnect: {
        auto it = spaces_.find(a.nsp);
        require_that(it != spaces_.end(), "a disconnect for a namespace neither pending nor connected");
        spaces_.erase(it);
        awaited_.erase(a.nsp);
        break;
      }
      case ckind::error:
        require_that(!a.message.empty(), "an error without a message");
        break;
      case ckind::closed:
        require_that(spaces_.empty(), "closed before a disconnect or connect_error for every namespace");
        closed_ = true;
        break;
    }
  }

  void drain() {
    std::size_t count = 0;
    // A few actions per packet of the largest message, and per namespace at the end.
    const std::size_t bound = 64 + 8 * opts_.engine.max_receive_bytes + 4 * opts_.max_namespaces;
    while (auto a = client_.next_action()) {
      require_that(++count <= bound, "one step produced more actions than its inputs allow");
      check(*a);
    }
    require_that(spaces_.size() <= opts_.max_namespaces, "more namespaces than max_namespaces");
    for (const auto& [nsp, state] : spaces_) {
      require_that(client_.namespace_status(nsp) == state, "namespace_status() disagrees with the actions");
      require_that(client_.pending_acks(nsp) <= opts_.max_pending_acks, "more acks awaited than max_pending_acks");
    }
    // The client's own packets (a pong or ping, the close) are not counted against the limit.
    require_that(client_.engine().buffered_packets() <= opts_.engine.max_buffered_packets + 3,
                 "more packets queued than max_buffered_packets");
    require_that(client_.engine().buffered_bytes() <= opts_.engine.max_buffered_bytes,
                 "more bytes queued than max_buffered_bytes");
    if (closed_) require_that(!client_.next_deadline(), "a closed client still has a deadline");
  }

  std::string_view input_;
  script s_;
  trace trace_;
  sio::client_options opts_;
  sio::client client_;
  eio::millis now_ = 0;
  bool opened_ = false;
  bool closed_ = false;
  std::set<std::uint64_t> used_ids_;
  std::map<std::uint64_t, request_info> requests_;      // in flight
  std::map<std::uint64_t, websocket_info> websockets_;  // opening or open, not reported ended
  std::map<std::string, nstate> spaces_;
  std::map<std::string, std::set<std::uint64_t>> awaited_;
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
