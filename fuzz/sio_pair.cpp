// Fuzz target for sio::client and sio::server together: the client's transport actions become
// the server's events and the other way round, through an in-memory wire that the script
// delays, reorders (HTTP exchanges among themselves; each WebSocket direction stays in order)
// and breaks (a request or response lost, a WebSocket cut), while both applications emit
// numbered events (session_support.hpp reads the script).
//
// Input: 4 option bytes (client: upgrade, WebSocket only; server: polling, WebSocket), then
// records: deliver one of the deliveries that may go next, lose an HTTP exchange, cut a
// WebSocket, a client or server emit, a connect or disconnect, the timer of either side.
// At the end the wire is run until it is quiet.
//
// Properties: each side receives the other's events on a namespace once each and in order;
// at the end, every event emitted since a namespace last connected has arrived, unless either
// side reported that the namespace or the session ended (disconnect, connect_error, closed).
#include "session_support.hpp"

#include <sioc/sio_client.hpp>
#include <sioc/sio_session.hpp>

#include <cstddef>
#include <cstdint>
#include <deque>
#include <exception>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace {

using namespace sioc_fuzz;
namespace eio = sioc::eio;

// One delivery on the wire. `channel` orders it: deliveries of one channel go in order.
struct delivery {
  enum class kind : std::uint8_t { request, response, ws_open, ws_accept, ws_refused, c2s, s2c, c2s_close, s2c_close };
  kind what = kind::request;
  std::uint64_t channel = 0;  // request id; WebSocket id * 2 (+1 for server to client)
  std::uint64_t id = 0;
  std::string method, query, content_type, data;
  int status = 0;
  bool binary = false;
};

// What one side emitted on a namespace and what the other received since it last connected.
struct stream {
  std::uint64_t next = 0;        // the next sequence number to emit
  std::vector<std::uint64_t> sent;  // since the namespace last connected
  std::int64_t last = -1;        // the last one received, ever
  std::size_t received = 0;      // since the namespace last connected
  bool broken = false;           // a side reported the namespace or session ended since
};

class runner {
 public:
  runner(const std::uint8_t* data, std::size_t size)
      : input_(as_view(data, size)), s_(data, size), server_(server_options()), client_(client_options()) {
    server_.engine().set_sid_generator([] { return std::string("s1"); });
    client_.open();
    pump();
  }

  void run() {
    for (std::size_t steps = 0; !s_.done() && steps < 400; ++steps) step();
    for (std::size_t i = 0; i < 5000 && !wire_.empty(); ++i) deliver(0);
    for (auto& [key, st] : streams_) {
      if (st.broken || client_.current_state() == sio::client::state::closed) continue;
      require_that(st.received == st.sent.size(), "an event emitted on a live namespace never arrived");
    }
  }

 private:
  sio::server_options server_options() {
    sio::server_options o;
    const std::uint8_t b = s_.byte();
    o.engine.polling = (b & 1) == 0;
    o.engine.websocket = (b & 2) == 0 || !o.engine.polling;
    o.engine.max_payload = 64 + s_.byte() * 4u;
    o.engine.ping_interval_ms = 1000;
    o.engine.ping_timeout_ms = 1000;
    o.connect_timeout_ms = 5000;
    return o;
  }
  sio::client_options client_options() {
    sio::client_options o;
    const std::uint8_t b = s_.byte();
    o.engine.upgrade = (b & 1) == 0;
    o.engine.websocket_only = (b & 2) != 0;
    o.connect_timeout_ms = 3000;
    s_.byte();  // spare
    return o;
  }

  [[noreturn]] void fail_with(const char* property) {
    fail(property, {{"input", input_}, {"trace", trace_.text()}});
  }
  void require_that(bool ok, const char* property) {
    if (!ok) fail_with(property);
  }

  // Direction 0: client to server; 1: server to client.
  stream& stream_of(int direction, const std::string& nsp) { return streams_[std::to_string(direction) + nsp]; }
  void break_namespace(const std::string& nsp) {
    stream_of(0, nsp).broken = true;
    stream_of(1, nsp).broken = true;
  }
  void break_all() {
    for (auto& entry : streams_) entry.second.broken = true;
  }
  void connected(const std::string& nsp) {
    for (int d = 0; d < 2; ++d) {
      stream& st = stream_of(d, nsp);
      st.sent.clear();
      st.received = 0;
      st.broken = false;
    }
  }

  // Both sides hold the namespace connected. Not so after the client's disconnect() of a
  // pending namespace, which sends nothing (as the reference client does): the server accepts
  // the CONNECT already on the wire, and what it emits there is dropped by the client.
  bool joined(const std::string& nsp) const {
    return client_connected_.count(nsp) != 0 && server_connected_.count(nsp) != 0;
  }

  void received(int direction, const std::string& nsp, const sio::json& args) {
    stream& st = stream_of(direction, nsp);
    require_that(args.is_array() && args.size() == 1 && args[0].is_number_unsigned(), "an event not emitted");
    const auto seq = static_cast<std::int64_t>(args[0].get<std::uint64_t>());
    require_that(seq > st.last, "an event arrived twice or out of order");
    st.last = seq;
    if (st.received < st.sent.size() && static_cast<std::int64_t>(st.sent[st.received]) == seq) {
      ++st.received;
    } else {
      // Arrived, but not the next one emitted since the namespace connected: a loss before it
      // is fine only where a side reported the end.
      require_that(st.broken || st.sent.empty() || seq < static_cast<std::int64_t>(st.sent.front()),
                   "an event skipped another on a live namespace");
    }
  }

  // Deliveries that may go next: the first of each channel.
  std::vector<std::size_t> eligible() const {
    std::vector<std::size_t> out;
    std::map<std::uint64_t, bool> seen;
    for (std::size_t i = 0; i < wire_.size(); ++i) {
      if (seen.emplace(wire_[i].channel, true).second) out.push_back(i);
    }
    return out;
  }

  void deliver(std::uint8_t pick) {
    const auto ready = eligible();
    if (ready.empty()) return;
    const std::size_t i = ready[pick % ready.size()];
    delivery d = std::move(wire_[i]);
    wire_.erase(wire_.begin() + static_cast<std::ptrdiff_t>(i));
    trace_.step("deliver " + std::to_string(static_cast<int>(d.what)) + " " + std::to_string(d.id) + " " + d.data);
    using k = delivery::kind;
    switch (d.what) {
      case k::request:
      case k::ws_open: {
        eio::http_request r;
        r.id = d.id;
        r.method = d.method;
        r.query = d.query;
        r.content_type = d.content_type;
        r.body = d.data;
        r.websocket_upgrade = d.what == k::ws_open;
        server_.handle(r, now_);
        break;
      }
      case k::response:
        client_.handle(eio::http_response{d.id, d.status, d.data}, now_);
        break;
      case k::ws_accept:
        client_.handle(eio::websocket_opened{d.id}, now_);
        break;
      case k::ws_refused:
      case k::s2c_close:
        client_.handle(eio::websocket_closed{d.id}, now_);
        break;
      case k::c2s:
        server_.handle(eio::websocket_message{d.id, d.data, d.binary}, now_);
        break;
      case k::s2c:
        client_.handle(eio::websocket_message{d.id, d.data, d.binary}, now_);
        break;
      case k::c2s_close:
        server_.handle(eio::websocket_closed{d.id}, now_);
        break;
    }
    pump();
  }

  void put(delivery d) { wire_.push_back(std::move(d)); }

  // Drains both sides until neither has anything, moving transport actions onto the wire.
  void pump() {
    for (bool busy = true; busy;) {
      busy = false;
      while (auto a = client_.next_action()) {
        busy = true;
        on_client(*a);
      }
      while (server_.next_action(action_)) {
        busy = true;
        on_server(action_);
      }
    }
  }

  void on_client(const sio::client_action& a) {
    using k = delivery::kind;
    switch (a.kind) {
      case sio::client_action_kind::transport: {
        const eio::client_action& io = a.io;
        delivery d;
        d.id = io.id;
        switch (io.kind) {
          case eio::client_action_kind::http_request:
          case eio::client_action_kind::websocket_open: {
            const bool ws = io.kind == eio::client_action_kind::websocket_open;
            d.what = ws ? k::ws_open : k::request;
            d.channel = ws ? io.id * 2 : io.id * 2 + 100000;
            d.method = ws ? "GET" : io.method;
            d.query = io.target.substr(io.target.find('?') + 1);
            d.content_type = io.content_type;
            d.data = io.data;
            if (ws) websockets_[io.id] = true;
            put(std::move(d));
            break;
          }
          case eio::client_action_kind::websocket_send:
            d.what = k::c2s;
            d.channel = io.id * 2;
            d.data = io.data;
            d.binary = io.binary;
            put(std::move(d));
            break;
          case eio::client_action_kind::websocket_close:
            d.what = k::c2s_close;
            d.channel = io.id * 2;
            put(std::move(d));
            break;
          default:
            break;
        }
        break;
      }
      case sio::client_action_kind::connected:
        if (server_connected_.count(a.nsp)) connected(a.nsp);
        client_connected_[a.nsp] = true;
        break;
      case sio::client_action_kind::event:
        received(1, a.nsp, a.data);
        break;
      case sio::client_action_kind::connect_error:
      case sio::client_action_kind::disconnect:
        client_connected_.erase(a.nsp);
        break_namespace(a.nsp);
        break;
      case sio::client_action_kind::closed:
        client_connected_.clear();
        break_all();
        break;
      default:
        break;
    }
  }

  void on_server(const sio::action& a) {
    using k = delivery::kind;
    switch (a.kind) {
      case sio::action_kind::transport: {
        const eio::action& io = a.io;
        delivery d;
        d.id = io.id;
        const bool ws = websockets_.count(io.id) != 0;
        switch (io.kind) {
          case eio::action_kind::http_response:
            d.what = ws ? k::ws_refused : k::response;
            d.channel = ws ? io.id * 2 + 1 : io.id * 2 + 100000;
            d.status = io.status;
            d.data = io.data;
            put(std::move(d));
            break;
          case eio::action_kind::websocket_accept:
            d.what = k::ws_accept;
            d.channel = io.id * 2 + 1;
            put(std::move(d));
            break;
          case eio::action_kind::websocket_send:
            d.what = k::s2c;
            d.channel = io.id * 2 + 1;
            d.data = io.data;
            d.binary = io.binary;
            put(std::move(d));
            break;
          case eio::action_kind::websocket_close:
            d.what = k::s2c_close;
            d.channel = io.id * 2 + 1;
            put(std::move(d));
            break;
          default:
            break;
        }
        break;
      }
      case sio::action_kind::opened:
        sid_ = a.sid;
        break;
      case sio::action_kind::connect_request:
        if (server_.accept(a.sid, a.nsp)) {
          if (client_connected_.count(a.nsp)) connected(a.nsp);
          server_connected_[a.nsp] = true;
        }
        break;
      case sio::action_kind::event:
        received(0, a.nsp, a.data);
        break;
      case sio::action_kind::disconnect:
        server_connected_.erase(a.nsp);
        break_namespace(a.nsp);
        break;
      case sio::action_kind::closed:
        server_connected_.clear();
        break_all();
        break;
      default:
        break;
    }
  }

  // Loses an HTTP exchange: its request never arrives, or its response does not.
  void lose() {
    std::vector<std::size_t> http;
    for (std::size_t i = 0; i < wire_.size(); ++i) {
      if (wire_[i].what == delivery::kind::request || wire_[i].what == delivery::kind::response) http.push_back(i);
    }
    if (http.empty()) return;
    const std::size_t i = http[s_.below(http.size())];
    const std::uint64_t id = wire_[i].id;
    trace_.step("lose " + std::to_string(id));
    wire_.erase(wire_.begin() + static_cast<std::ptrdiff_t>(i));
    client_.handle(eio::http_failed{id}, now_);
    pump();
  }

  // Cuts a WebSocket: what is on the wire for it is lost, and both sides learn it ended.
  void cut() {
    if (websockets_.empty()) return;
    auto it = websockets_.begin();
    std::advance(it, s_.below(websockets_.size()));
    const std::uint64_t id = it->first;
    websockets_.erase(it);
    trace_.step("cut " + std::to_string(id));
    for (std::size_t i = wire_.size(); i-- > 0;) {
      if (wire_[i].channel == id * 2 || wire_[i].channel == id * 2 + 1) {
        wire_.erase(wire_.begin() + static_cast<std::ptrdiff_t>(i));
      }
    }
    server_.handle(eio::websocket_closed{id}, now_);
    client_.handle(eio::websocket_closed{id}, now_);
    pump();
  }

  void step() {
    const std::uint8_t kind = s_.byte();
    const std::string nsp(kNamespaces[s_.below(3)]);
    switch (kind % 16) {
      case 0:
      case 1:
      case 2:
      case 3:
      case 4:
      case 5:
        deliver(s_.byte());
        return;
      case 6:
        if (s_.byte() < 0x20) lose();
        return;
      case 7:
        if (s_.byte() < 0x20) cut();
        return;
      case 8:
      case 9: {
        stream& st = stream_of(0, nsp);
        const std::uint64_t seq = st.next++;
        const bool ok = client_.emit(nsp, "n", sio::json::array_t{sio::json(seq)});
        trace_.step("client emit " + nsp + " " + std::to_string(seq) + (ok ? " ok" : " refused"));
        if (ok && joined(nsp)) st.sent.push_back(seq);
        break;
      }
      case 10:
      case 11: {
        stream& st = stream_of(1, nsp);
        const std::uint64_t seq = st.next++;
        const bool ok = server_.emit(sid_, nsp, "n", sio::json::array_t{sio::json(seq)});
        trace_.step("server emit " + nsp + " " + std::to_string(seq) + (ok ? " ok" : " refused"));
        if (ok && joined(nsp)) st.sent.push_back(seq);
        break;
      }
      case 12: {
        const bool ok = client_.connect(nsp);
        trace_.step("connect " + nsp + (ok ? " ok" : " refused"));
        break;
      }
      case 13: {
        const bool ok = s_.flag() ? client_.disconnect(nsp) : server_.disconnect(sid_, nsp);
        trace_.step("disconnect " + nsp + (ok ? " ok" : " refused"));
        break;
      }
      default: {  // the timer of the side whose deadline comes first
        const auto c = client_.next_deadline();
        const auto sv = server_.next_deadline();
        std::optional<eio::millis> next = c;
        if (sv && (!next || *sv < *next)) next = sv;
        if (next && *next > now_) now_ = *next;
        trace_.step("timer " + std::to_string(now_));
        client_.on_timer(now_);
        server_.on_timer(now_);
        break;
      }
    }
    pump();
  }

  std::string_view input_;
  script s_;
  trace trace_;
  sio::server server_;
  sio::client client_;
  sio::action action_;
  eio::millis now_ = 0;
  std::string sid_;
  std::deque<delivery> wire_;
  std::map<std::uint64_t, bool> websockets_;  // opened by the client, not cut
  std::map<std::string, bool> client_connected_, server_connected_;
  std::map<std::string, stream> streams_;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    runner(data, size).run();
  } catch (const std::exception& e) {
    fail("an exception escaped the sessions", {{"what", e.what()}, {"input", as_view(data, size)}});
  }
  return 0;
}
