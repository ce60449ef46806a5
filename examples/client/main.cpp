// sioc_example_client: sioc's Socket.IO client session under Boost.Beast, playing the client of
// the interop scenarios (examples/interop/README.md) against a server on 127.0.0.1.
//
//   sioc_example_client --port N [--transport polling|upgrade|websocket]
//
// Prints one line per step, then "interop ok" (status 0); or the first step that went wrong
// and what it saw (status 1). Status 2: a bad command line.
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "host.hpp"

namespace {

namespace eio = sioc::eio;
namespace sio = sioc::sio;
using sio::json;

constexpr const char* kUsage =
    "usage: sioc_example_client --port N [--transport polling|upgrade|websocket]\n"
    "Plays the client of the interop scenarios (examples/interop/README.md) against a Socket.IO\n"
    "server on 127.0.0.1:N. Default transport: upgrade.\n";

constexpr std::chrono::seconds kStepTimeout{5};
constexpr std::chrono::milliseconds kIdle{1000};

json bytes(std::vector<std::uint8_t> b) { return json::binary(std::move(b)); }

json::array_t echo_args() {
  std::vector<std::uint8_t> big(1000);
  for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<std::uint8_t>(i % 251);
  return {"text", 42, json{{"a", json::array({1, 2, json{{"b", bytes({0x00, 0x01, 0x02, 0xff})}}})}}, bytes(big)};
}

json::array_t ask_args() {
  return {"question", bytes({4, 5, 6}), json{{"nested", json::array({bytes({0xff, 0x00})})}}};
}

std::string describe(const sio::client_action& a) {
  switch (a.kind) {
    case sio::client_action_kind::transport: return "transport action (upgraded)";
    case sio::client_action_kind::opened: return "opened " + a.sid;
    case sio::client_action_kind::connected: return "connected " + a.nsp + " " + a.data.dump();
    case sio::client_action_kind::connect_error: return "connect_error " + a.nsp + " \"" + a.message + "\" " + a.data.dump();
    case sio::client_action_kind::event:
      return "event " + a.nsp + " " + a.name + " " + a.data.dump() + (a.ack_id ? " ack " + std::to_string(*a.ack_id) : "");
    case sio::client_action_kind::ack:
      return "ack " + a.nsp + " " + (a.ack_id ? std::to_string(*a.ack_id) : "-") + " " + a.data.dump();
    case sio::client_action_kind::disconnect: return "disconnect " + a.nsp + " (" + to_string(a.reason) + ")";
    case sio::client_action_kind::error: return "error " + a.nsp + ": " + a.message;
    case sio::client_action_kind::closed: return std::string("closed (") + to_string(a.reason) + ")";
  }
  return "?";
}

// The scenario: steps run in order; each starts by calling the session, then waits for its
// expectations to be met one after the other by the actions that come. Anything else fails.
class scenario {
 public:
  // Checks an action; empty when it is the one awaited, else what was wrong.
  using expectation = std::function<std::optional<std::string>(const sio::client_action&)>;
  struct step {
    std::string name;
    std::function<void()> start;
    std::vector<expectation> expect;
  };

  scenario(example::client_host& host, std::string transport)
      : host_(host), transport_(std::move(transport)), step_timer_(host.context()), idle_timer_(host.context()) {
    build();
  }

  int run() {
    arm_step_timer();
    host_.open();
    host_.context().run();
    if (!failed_ && current_ < steps_.size()) {
      std::printf("step %zu (%s): stopped before it finished\n", current_ + 1, steps_[current_].name.c_str());
      failed_ = true;
    }
    if (!failed_) std::printf("interop ok\n");
    std::fflush(stdout);
    return failed_ ? 1 : 0;
  }

  void on_action(const sio::client_action& a) {
    if (failed_ || current_ >= steps_.size()) return;
    step& s = steps_[current_];
    if (matched_ >= s.expect.size()) return fail("unexpected " + describe(a));
    if (std::optional<std::string> wrong = s.expect[matched_](a)) return fail(*wrong + "; got " + describe(a));
    if (++matched_ < s.expect.size()) return;
    std::printf("step %zu ok: %s\n", current_ + 1, s.name.c_str());
    std::fflush(stdout);
    ++current_;
    begin();
  }

 private:
  sio::client& session() { return host_.session(); }

  void begin() {
    matched_ = 0;
    if (current_ >= steps_.size()) {
      step_timer_.cancel();
      host_.finish();
      return;
    }
    arm_step_timer();
    if (steps_[current_].start) steps_[current_].start();
  }

  void arm_step_timer() {
    step_timer_.expires_after(kStepTimeout);
    step_timer_.async_wait([this, at = current_](const boost::system::error_code& ec) {
      if (!ec && at == current_) fail("nothing more within 5 s");
    });
  }

  void fail(const std::string& why) {
    if (failed_) return;
    failed_ = true;
    const std::size_t n = std::min(current_, steps_.size() - 1);
    std::printf("step %zu (%s) failed: %s\n", n + 1, steps_[n].name.c_str(), why.c_str());
    std::fflush(stdout);
    host_.context().stop();
  }

  // Fails the scenario when a call the step needs is refused.
  void require(bool accepted, const char* call) {
    if (!accepted) fail(std::string(call) + " refused by the session");
  }

  static expectation opened() {
    return [](const sio::client_action& a) -> std::optional<std::string> {
      if (a.kind != sio::client_action_kind::opened) return "expected the Engine.IO handshake";
      return std::nullopt;
    };
  }
  static expectation upgraded() {
    return [](const sio::client_action& a) -> std::optional<std::string> {
      if (a.kind != sio::client_action_kind::transport || a.io.kind != eio::client_action_kind::upgraded) {
        return "expected the upgrade to WebSocket";
      }
      return std::nullopt;
    };
  }
  static expectation connected(std::string nsp) {
    return [nsp](const sio::client_action& a) -> std::optional<std::string> {
      if (a.kind != sio::client_action_kind::connected || a.nsp != nsp) return "expected connected on " + nsp;
      if (a.sid.empty()) return "connected without a socket id";
      return std::nullopt;
    };
  }
  static expectation refused(std::string nsp, std::string message, json data) {
    return [=](const sio::client_action& a) -> std::optional<std::string> {
      if (a.kind != sio::client_action_kind::connect_error || a.nsp != nsp || a.message != message || a.data != data) {
        return "expected connect_error " + nsp + " \"" + message + "\" " + data.dump();
      }
      return std::nullopt;
    };
  }
  // `then` runs on the matching event (to answer its ack request).
  static expectation event(std::string nsp, std::string name, json::array_t args,
                           std::function<void(const sio::client_action&)> then = {}) {
    return [=](const sio::client_action& a) -> std::optional<std::string> {
      if (a.kind != sio::client_action_kind::event || a.nsp != nsp || a.name != name || a.data != json(args)) {
        return "expected event " + nsp + " " + name + " " + json(args).dump();
      }
      if (then) then(a);
      return std::nullopt;
    };
  }
  expectation acked(std::string nsp, json::array_t args) {
    return [this, nsp, args](const sio::client_action& a) -> std::optional<std::string> {
      if (a.kind != sio::client_action_kind::ack || a.nsp != nsp || a.ack_id != awaited_ack_ || a.data != json(args)) {
        return "expected ack " + nsp + " " + (awaited_ack_ ? std::to_string(*awaited_ack_) : "-") + " " + json(args).dump();
      }
      return std::nullopt;
    };
  }
  static expectation disconnected(std::string nsp, sio::disconnect_reason reason) {
    return [=](const sio::client_action& a) -> std::optional<std::string> {
      if (a.kind != sio::client_action_kind::disconnect || a.nsp != nsp || a.reason != reason) {
        return "expected disconnect " + nsp + " (" + to_string(reason) + ")";
      }
      return std::nullopt;
    };
  }
  static expectation closed(sio::disconnect_reason reason) {
    return [=](const sio::client_action& a) -> std::optional<std::string> {
      if (a.kind != sio::client_action_kind::closed || a.reason != reason) {
        return std::string("expected closed (") + to_string(reason) + ")";
      }
      return std::nullopt;
    };
  }

  void emit_with_ack(const std::string& nsp, const std::string& name, json::array_t args) {
    awaited_ack_ = session().emit_with_ack(nsp, name, std::move(args));
    require(awaited_ack_.has_value(), "emit_with_ack");
  }

  void build() {
    std::vector<expectation> open = {opened()};
    if (transport_ == "upgrade") open.push_back(upgraded());
    steps_.push_back({"open the session on " + transport_, nullptr, open});
    steps_.push_back({"join /", [this] { require(session().connect("/"), "connect"); }, {connected("/")}});
    steps_.push_back({"join /admin with a wrong token: refused",
                      [this] { require(session().connect("/admin", {{"token", "wrong"}}), "connect"); },
                      {refused("/admin", "not authorized", {{"reason", "bad token"}})}});
    steps_.push_back({"join /admin with the token",
                      [this] { require(session().connect("/admin", {{"token", "s3cret"}}), "connect"); },
                      {connected("/admin"), event("/admin", "admin-welcome", {json{{"token", "s3cret"}}})}});
    steps_.push_back({"join /guarded: refused", [this] { require(session().connect("/guarded"), "connect"); },
                      {refused("/guarded", "forbidden", {{"code", 403}})}});
    steps_.push_back({"join /nowhere: refused", [this] { require(session().connect("/nowhere"), "connect"); },
                      {refused("/nowhere", "Invalid namespace", nullptr)}});
    steps_.push_back({"echo with binary arguments", [this] { require(session().emit("/", "echo", echo_args()), "emit"); },
                      {event("/", "echo-back", echo_args())}});
    steps_.push_back({"echo-ack with binary arguments", [this] { emit_with_ack("/", "echo-ack", echo_args()); },
                      {acked("/", echo_args())}});
    steps_.push_back({"answer the server's ack request",
                      [this] { require(session().emit("/", "ask-me"), "emit"); },
                      {event("/", "server-ask", ask_args(),
                             [this](const sio::client_action& a) {
                               if (!a.ack_id) return fail("server-ask without an ack request");
                               require(session().ack("/", *a.ack_id, a.data.get<json::array_t>()), "ack");
                             }),
                       event("/", "ask-result", {true})}});
    steps_.push_back({"idle through heartbeats, then echo-ack",
                      [this] {
                        idle_timer_.expires_after(kIdle);
                        idle_timer_.async_wait([this](const boost::system::error_code& ec) {
                          if (ec || failed_) return;
                          emit_with_ack("/", "echo-ack", {"still here"});
                          host_.drain();
                        });
                      },
                      {acked("/", {"still here"})}});
    steps_.push_back({"echo-ack on /admin", [this] { emit_with_ack("/admin", "echo-ack", {"admin"}); },
                      {acked("/admin", {"admin"})}});
    steps_.push_back({"leave /admin and /, close",
                      [this] {
                        const eio::client::state engine = session().engine().current_state();
                        const eio::client::state want =
                            transport_ == "polling" ? eio::client::state::polling : eio::client::state::websocket;
                        if (engine != want) return fail("the session does not run on the expected transport");
                        require(session().disconnect("/admin"), "disconnect");
                        require(session().disconnect("/"), "disconnect");
                        session().close();
                      },
                      {disconnected("/admin", sio::disconnect_reason::io_client_disconnect),
                       disconnected("/", sio::disconnect_reason::io_client_disconnect),
                       closed(sio::disconnect_reason::forced_close)}});
  }

  example::client_host& host_;
  std::string transport_;
  boost::asio::steady_timer step_timer_;
  boost::asio::steady_timer idle_timer_;
  std::vector<step> steps_;
  std::size_t current_ = 0;
  std::size_t matched_ = 0;
  bool failed_ = false;
  std::optional<std::uint64_t> awaited_ack_;
};

std::optional<std::uint16_t> parse_port(std::string_view text) {
  if (text.empty() || text.size() > 5) return std::nullopt;
  unsigned value = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<unsigned>(c - '0');
  }
  if (value == 0 || value > 65535) return std::nullopt;
  return static_cast<std::uint16_t>(value);
}

int usage_error(const std::string& message) {
  std::fprintf(stderr, "sioc_example_client: %s\n%s", message.c_str(), kUsage);
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::optional<std::uint16_t> port;
  std::string transport = "upgrade";
  for (int i = 1; i < argc; ++i) {
    const std::string_view flag = argv[i];
    if (flag == "--help" || flag == "-h") {
      std::fputs(kUsage, stdout);
      return 0;
    }
    if (i + 1 >= argc) return usage_error("missing value after " + std::string(flag));
    const std::string_view value = argv[++i];
    if (flag == "--port") {
      if (!(port = parse_port(value))) return usage_error("bad port " + std::string(value));
    } else if (flag == "--transport") {
      if (value != "polling" && value != "upgrade" && value != "websocket") {
        return usage_error("unknown transport " + std::string(value));
      }
      transport = value;
    } else {
      return usage_error("unknown flag " + std::string(flag));
    }
  }
  if (!port) return usage_error("--port is required");

  sio::client_options opts;
  opts.engine.upgrade = transport == "upgrade";
  opts.engine.websocket_only = transport == "websocket";

  scenario* play = nullptr;
  example::client_host host(*port, opts, [&play](const sio::client_action& a) { play->on_action(a); });
  scenario s(host, transport);
  play = &s;
  return s.run();
}
