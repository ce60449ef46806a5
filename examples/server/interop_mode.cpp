// The interop mode: Socket.IO v5 at /socket.io/, on sio::server, playing "The server" of
// examples/interop/README.md, the scenario that sioc and the reference play against each other.
// It answers any client as that server does ("/" for everyone, "/admin" behind a token,
// "/guarded" refused, every other namespace unknown; echo, echo-ack, ask-me), and it also
// checks that each Engine.IO session carried exactly the client's script of that README: when the
// session ends it prints "session ok", or "session failed: <the first step that differed>".
#include <sioc/sio_session.hpp>

#include <cstdint>
#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "app.hpp"

namespace example {
namespace {

namespace eio = sioc::eio;
namespace sio = sioc::sio;
using sio::json;

json bytes(std::vector<std::uint8_t> b) { return json::binary(std::move(b)); }

const json& admin_token() {
  static const json token = {{"token", "s3cret"}};
  return token;
}

// The arguments of "server-ask", which the client must ack unchanged.
const json::array_t& ask_arguments() {
  static const json::array_t args = {"question", bytes({0x04, 0x05, 0x06}), {{"nested", {bytes({0xff, 0x00})}}}};
  return args;
}

// What the client sends with "echo" and "echo-ack" in steps 7 and 8.
json::array_t echo_arguments() {
  std::vector<std::uint8_t> counted(1000);
  for (std::size_t i = 0; i < counted.size(); ++i) counted[i] = static_cast<std::uint8_t>(i % 251);
  return {"text", 42, {{"a", {1, 2, {{"b", bytes({0x00, 0x01, 0x02, 0xff})}}}}}, bytes(std::move(counted))};
}

// One thing the server learns from the client, as the script expects it or as it happened.
struct step {
  sio::action_kind kind = sio::action_kind::event;  // connect_request, event, ack or disconnect
  std::string nsp;
  std::string name;  // event
  json data;         // connect_request: the auth object; event, ack: the arguments
  bool with_ack = false;  // event
  std::vector<sio::disconnect_reason> reasons;  // disconnect: the reasons allowed
  int readme_step = 0;  // the client's step in the README that sends it
};

step expect_connect(int readme_step, std::string nsp, json auth) {
  return {sio::action_kind::connect_request, std::move(nsp), {}, std::move(auth), false, {}, readme_step};
}
step expect_event(int readme_step, std::string nsp, std::string name, json::array_t args, bool with_ack) {
  return {sio::action_kind::event, std::move(nsp), std::move(name), std::move(args), with_ack, {}, readme_step};
}
step expect_ack(int readme_step, std::string nsp, json::array_t args) {
  return {sio::action_kind::ack, std::move(nsp), {}, std::move(args), false, {}, readme_step};
}
step expect_leave(int readme_step, std::string nsp, std::vector<sio::disconnect_reason> reasons) {
  return {sio::action_kind::disconnect, std::move(nsp), {}, {}, false, std::move(reasons), readme_step};
}

// The client's script (steps 2 to 12 of the README) as the server sees it, in order.
std::vector<step> client_script() {
  using reason = sio::disconnect_reason;
  return {
      expect_connect(2, "/", json::object()),
      expect_connect(3, "/admin", {{"token", "wrong"}}),
      expect_connect(4, "/admin", admin_token()),
      expect_connect(5, "/guarded", json::object()),
      expect_connect(6, "/nowhere", json::object()),
      expect_event(7, "/", "echo", echo_arguments(), false),
      expect_event(8, "/", "echo-ack", echo_arguments(), true),
      expect_event(9, "/", "ask-me", {}, false),
      expect_ack(9, "/", ask_arguments()),
      expect_event(10, "/", "echo-ack", {"still here"}, true),
      expect_event(11, "/admin", "echo-ack", {"admin"}, true),
      expect_leave(12, "/admin", {reason::client_namespace_disconnect}),
      expect_leave(12, "/", {reason::client_namespace_disconnect, reason::transport_close}),
  };
}

// Long arguments (a thousand bytes) would drown the message: it keeps their beginning.
std::string shorten(std::string text) {
  constexpr std::size_t kMax = 160;
  if (text.size() > kMax) text = text.substr(0, kMax) + "...";
  return text;
}

std::string describe(const step& s) {
  switch (s.kind) {
    case sio::action_kind::connect_request:
      return "CONNECT " + s.nsp + " " + shorten(s.data.dump());
    case sio::action_kind::event:
      return "EVENT " + s.nsp + " \"" + s.name + "\" " + shorten(s.data.dump()) +
             (s.with_ack ? " with an ack request" : "");
    case sio::action_kind::ack:
      return "ACK " + s.nsp + " " + shorten(s.data.dump());
    case sio::action_kind::disconnect: {
      std::string text = "DISCONNECT " + s.nsp + " (";
      for (std::size_t i = 0; i < s.reasons.size(); ++i) {
        text += (i ? " or " : "") + std::string(sio::to_string(s.reasons[i]));
      }
      return text + ")";
    }
    default:
      return "?";
  }
}

bool matches(const step& expected, const step& seen) {
  if (expected.kind != seen.kind || expected.nsp != seen.nsp) return false;
  if (expected.kind == sio::action_kind::disconnect) {
    for (const sio::disconnect_reason r : expected.reasons) {
      if (r == seen.reasons.front()) return true;
    }
    return false;
  }
  return expected.name == seen.name && expected.data == seen.data && expected.with_ack == seen.with_ack;
}

// Where one Engine.IO session is in the client's script.
struct session_check {
  std::size_t next = 0;     // index into the script
  std::string failure;      // the first difference; empty while there is none
  std::map<std::string, std::uint64_t> asks;  // namespace -> ack id of its "server-ask"
};

class interop final : public mode {
 public:
  explicit interop(const sio::server_options& opts) : server_(opts), script_(client_script()) {}

  const std::string& path() const override { return path_; }
  std::size_t max_payload() const override { return server_.options().engine.max_payload; }
  void handle(const eio::event& ev, millis now) override { server_.handle(ev, now); }
  void on_timer(millis now) override { server_.on_timer(now); }
  std::optional<millis> next_deadline() const override { return server_.next_deadline(); }

  void close_all(millis now) override {
    std::vector<std::string> open;
    for (const auto& entry : sessions_) open.push_back(entry.first);
    for (const std::string& sid : open) server_.close(sid, now);
  }

  std::optional<eio::action> next_transport_action() override {
    while (auto a = server_.next_action()) {
      switch (a->kind) {
        case sio::action_kind::transport:
          return std::move(a->io);
        case sio::action_kind::opened:
          sessions_[a->sid];
          break;
        case sio::action_kind::closed:
          on_closed(*a);
          break;
        case sio::action_kind::connect_request:
          see(*a);
          on_connect(*a);
          break;
        case sio::action_kind::event:
          see(*a);
          on_event(*a);
          break;
        case sio::action_kind::ack:
          see(*a);
          on_ack(*a);
          break;
        case sio::action_kind::disconnect:
          see(*a);
          break;
        case sio::action_kind::error:
          std::fprintf(stderr, "session %s: %s\n", a->sid.c_str(), a->message.c_str());
          fail(a->sid, "the session layer reported: " + a->message);
          break;
      }
    }
    return std::nullopt;
  }

 private:
  void on_connect(const sio::action& a) {
    if (a.nsp == "/") {
      server_.accept(a.sid, a.nsp);
    } else if (a.nsp == "/admin") {
      if (a.data == admin_token()) {
        if (server_.accept(a.sid, a.nsp)) server_.emit(a.sid, a.nsp, "admin-welcome", {a.data});
      } else {
        server_.refuse(a.sid, a.nsp, "not authorized", json{{"reason", "bad token"}});
      }
    } else if (a.nsp == "/guarded") {
      server_.refuse(a.sid, a.nsp, "forbidden", json{{"code", 403}});
    } else {
      server_.refuse(a.sid, a.nsp, sio::invalid_namespace_message);
    }
  }

  void on_event(const sio::action& a) {
    if (!a.data.is_array()) return;
    const json::array_t& args = a.data.get_ref<const json::array_t&>();
    const bool root = a.nsp == "/";
    if (a.name == "echo-ack" && a.ack_id && (root || a.nsp == "/admin")) {
      server_.ack(a.sid, a.nsp, *a.ack_id, args);
    } else if (root && a.name == "echo") {
      server_.emit(a.sid, a.nsp, "echo-back", args);
    } else if (root && a.name == "ask-me") {
      if (auto id = server_.emit_with_ack(a.sid, a.nsp, "server-ask", ask_arguments())) {
        sessions_[a.sid].asks[a.nsp] = *id;
      }
    }
  }

  void on_ack(const sio::action& a) {
    auto& asks = sessions_[a.sid].asks;
    const auto it = asks.find(a.nsp);
    if (it == asks.end() || !a.ack_id || it->second != *a.ack_id) return;
    asks.erase(it);
    server_.emit(a.sid, a.nsp, "ask-result", {a.data == json(ask_arguments())});
  }

  // Compares what the client did with the next step of its script.
  void see(const sio::action& a) {
    session_check& check = sessions_[a.sid];
    if (!check.failure.empty()) return;
    const bool with_ack = a.kind == sio::action_kind::event && a.ack_id.has_value();
    step seen{a.kind, a.nsp, a.name, a.data, with_ack, {a.reason}};
    if (check.next >= script_.size()) {
      check.failure = "after the script, " + describe(seen);
    } else if (!matches(script_[check.next], seen)) {
      check.failure = "client step " + std::to_string(script_[check.next].readme_step) + ": expected " +
                      describe(script_[check.next]) + ", got " + describe(seen);
    } else {
      ++check.next;
    }
  }

  void fail(const std::string& sid, std::string what) {
    session_check& check = sessions_[sid];
    if (check.failure.empty()) check.failure = std::move(what);
  }

  void on_closed(const sio::action& a) {
    const auto it = sessions_.find(a.sid);
    if (it == sessions_.end()) return;
    session_check check = std::move(it->second);
    sessions_.erase(it);
    if (check.failure.empty() && check.next < script_.size()) {
      check.failure = "client step " + std::to_string(script_[check.next].readme_step) + ": the session ended (" +
                      std::string(sio::to_string(a.reason)) + ") where " + describe(script_[check.next]) +
                      " was expected";
    }
    if (check.failure.empty()) {
      std::printf("session ok\n");
    } else {
      std::printf("session failed: %s\n", check.failure.c_str());
    }
    std::fflush(stdout);
  }

  std::string path_ = "/socket.io/";
  sio::server server_;
  std::vector<step> script_;
  std::map<std::string, session_check> sessions_;  // open sessions, by sid
};

}  // namespace

std::unique_ptr<mode> interop_mode(const settings& s) {
  sio::server_options opts;
  opts.engine.ping_interval_ms = s.ping_interval_ms;
  opts.engine.ping_timeout_ms = s.ping_timeout_ms;
  opts.engine.max_payload = s.max_payload;
  opts.connect_timeout_ms = s.connect_timeout_ms;
  return std::make_unique<interop>(opts);
}

}  // namespace example
