// Session-layer benchmarks: sio::server (sio_session.hpp) driven without I/O.
//
//   S1/echo                    one Socket.IO session on "/" over WebSocket; each op feeds W3's
//                              frame as an Engine.IO message ("4" + frame) to handle(), takes the
//                              event action, emits it back on "/" and drains the WebSocket send:
//                              decode, dispatch, encode of one event. The application drains
//                              into one sio::action for good (next_action(action&)) and emits
//                              its fields by reference: the fast path, which reuses memory
//   S1/echo/optional_action    the same through std::optional<action> next_action(): each action
//                              leaves with its memory, so every event decodes into new memory
//   S1/idle_session_bytes/polling    each op opens one more session on the same server: polling
//                              handshake, CONNECT to "/" (POST "40", accepted), the CONNECT
//                              answer fetched by a GET, and a second GET left waiting, as an idle
//                              polling client keeps one
//   S1/idle_session_bytes/websocket  the same handshake and CONNECT, then upgraded to WebSocket
//                              ("2probe", "5")
//
// The idle benchmarks run exactly kIdleSessions ops, so the heap the server holds after the loop,
// less what it held before, is what kIdleSessions idle sessions take: reported as
// bytes_per_session (malloc's chunks, headers included: heap_bytes_in_use()). items_per_second
// is sessions opened per second.
//
// Checks before timing: the echoed frame is "42" followed by W3's packet data (compared as JSON:
// nlohmann::json writes object members sorted by key, W3 has them in another order); an opened
// session is connected on "/" and in the expected transport state.
#include "harness.hpp"

#include <sioc/sio_session.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace sioc_bench {
namespace {

namespace eio = sioc::eio;
namespace sio = sioc::sio;
using nlohmann::json;

constexpr std::int64_t kIdleSessions = 10'000;
// The clock stays put: no ping falls due during a benchmark (pingInterval is 25 s).
constexpr sio::millis kNow = 1000;

json parse_or_fail(std::string_view text, std::string_view bench) {
  try {
    return json::parse(text.begin(), text.end());
  } catch (const json::exception& e) {
    fail(bench, std::string("not JSON: ") + e.what() + ": " + excerpt(text));
  }
}

// Drains the server; transport actions are collected in `io`, the others in `app`.
void drain(sio::server& server, std::vector<eio::action>& io, std::vector<sio::action>& app) {
  while (auto a = server.next_action()) {
    if (a->kind == sio::action_kind::transport) {
      io.push_back(std::move(a->io));
    } else {
      app.push_back(std::move(*a));
    }
  }
}

const eio::action* find_io(const std::vector<eio::action>& io, eio::action_kind kind) {
  for (const auto& a : io) {
    if (a.kind == kind) return &a;
  }
  return nullptr;
}

// ---------------------------------------------------------------------------
// S1/echo
// ---------------------------------------------------------------------------

// How the application takes actions.
enum class echo_style {
  reused,    // next_action(action&) into one action object, which gives its memory back
  optional,  // std::optional<action> next_action(): each action is the application's to keep
};

void add_echo(const workload& w3, echo_style style) {
  const std::string name = style == echo_style::reused ? "S1/echo" : "S1/echo/optional_action";
  check(w3.frames.size() == 1 && !w3.frames[0].binary && !w3.frames[0].bytes.empty() && w3.frames[0].bytes[0] == '2',
        name, "W3 must be one text frame holding an EVENT");
  const std::string message = "4" + w3.frames[0].bytes;
  const json want_data = parse_or_fail(std::string_view(w3.frames[0].bytes).substr(1), name);
  add(name, [name, message, want_data, style](benchmark::State& state) {
    sio::server server;
    std::vector<eio::action> io;
    std::vector<sio::action> app;
    constexpr std::uint64_t ws = 1;
    server.handle(eio::http_request{ws, "GET", "EIO=4&transport=websocket", {}, {}, false, true}, kNow);
    drain(server, io, app);
    check(find_io(io, eio::action_kind::websocket_accept) != nullptr, name, "the WebSocket handshake was refused");
    check(server.session_count() == 1, name, "no session after the WebSocket handshake");
    server.handle(eio::websocket_message{ws, "40", false}, kNow);
    drain(server, io, app);
    check(!app.empty() && app.back().kind == sio::action_kind::connect_request, name, "no connect_request for \"40\"");
    const std::string sid = app.back().sid;
    check(server.accept(sid, "/"), name, "accept() refused");
    io.clear();
    app.clear();
    drain(server, io, app);

    // One op: what the application does for an echo server; `last` keeps the sent frame.
    std::string last;
    sio::action a;
    const auto reused = [&] {
      server.handle(eio::websocket_message{ws, message, false}, kNow);
      while (server.next_action(a)) {
        if (a.kind == sio::action_kind::event) {
          server.emit(a.sid, a.nsp, a.name, a.data.get_ref<const json::array_t&>());
        } else if (a.kind == sio::action_kind::transport && a.io.kind == eio::action_kind::websocket_send) {
          last.swap(a.io.data);
        }
      }
    };
    const auto through_optional = [&] {
      server.handle(eio::websocket_message{ws, message, false}, kNow);
      while (auto next = server.next_action()) {
        if (next->kind == sio::action_kind::event) {
          server.emit(next->sid, next->nsp, next->name, next->data.get_ref<const json::array_t&>());
        } else if (next->kind == sio::action_kind::transport && next->io.kind == eio::action_kind::websocket_send) {
          last.swap(next->io.data);
        }
      }
    };
    const auto check_echo = [&] {
      check(last.size() > 2 && last.compare(0, 2, "42") == 0, name,
            "the echo is not an EVENT message: " + excerpt(last));
      const json got = parse_or_fail(std::string_view(last).substr(2), name);
      check(got == want_data, name, "the echo carries " + got.dump() + ", W3 has " + want_data.dump());
      check(server.session_count() == 1, name, "the session ended");
    };
    if (style == echo_style::reused) {
      // Twice: the second echo decodes into the memory the first one gave back.
      for (int i = 0; i < 2; ++i) {
        last.clear();
        reused();
        check_echo();
      }
      run(state, {message.size(), 1}, reused);
    } else {
      through_optional();
      check_echo();
      run(state, {message.size(), 1}, through_optional);
    }
  });
}

// ---------------------------------------------------------------------------
// S1/idle_session_bytes
// ---------------------------------------------------------------------------

// Opens one session as a client would and leaves it idle; `id` numbers requests. Returns the
// sid, or nothing when a step did not get the answer it should (the check before timing says
// which).
struct opener {
  opener(sio::server& s, bool websocket) : server(s), upgrade(websocket) {}

  sio::server& server;
  bool upgrade;
  std::uint64_t id = 0;
  std::string step;  // the step that failed
  std::vector<eio::action> io;
  std::vector<sio::action> app;

  void request(std::string_view method, const std::string& query, std::string_view body = {},
               bool websocket = false) {
    io.clear();
    app.clear();
    server.handle(eio::http_request{++id, method, query, body.empty() ? "" : "text/plain;charset=UTF-8", body,
                                    false, websocket},
                  kNow);
    drain(server, io, app);
  }

  bool ok_response(int status = 200) {
    const eio::action* r = find_io(io, eio::action_kind::http_response);
    return r != nullptr && r->status == status;
  }

  std::optional<std::string> open() {
    request("GET", "EIO=4&transport=polling");
    if (!ok_response() || app.empty() || app.front().kind != sio::action_kind::opened) return failed("handshake");
    const std::string sid = app.front().sid;
    const std::string polling = "EIO=4&transport=polling&sid=" + sid;
    request("POST", polling, "40");
    if (!ok_response() || app.empty() || app.back().kind != sio::action_kind::connect_request) {
      return failed("POST 40");
    }
    if (!server.accept(sid, "/")) return failed("accept");
    drain(server, io, app);
    request("GET", polling);
    if (!ok_response() || find_io(io, eio::action_kind::http_response)->data.compare(0, 2, "40") != 0) {
      return failed("GET of the CONNECT answer");
    }
    if (!upgrade) {
      request("GET", polling);
      if (!io.empty()) return failed("held GET");
      return sid;
    }
    request("GET", "EIO=4&transport=websocket&sid=" + sid, {}, true);
    const std::uint64_t ws = id;
    if (find_io(io, eio::action_kind::websocket_accept) == nullptr) return failed("upgrade");
    io.clear();
    server.handle(eio::websocket_message{ws, "2probe", false}, kNow);
    drain(server, io, app);
    const eio::action* probe = find_io(io, eio::action_kind::websocket_send);
    if (probe == nullptr || probe->data != "3probe") return failed("probe");
    io.clear();
    server.handle(eio::websocket_message{ws, "5", false}, kNow);
    drain(server, io, app);
    return sid;
  }

  std::optional<std::string> failed(std::string what) {
    step = std::move(what);
    return std::nullopt;
  }
};

void add_idle(bool upgrade) {
  const std::string name = std::string("S1/idle_session_bytes/") + (upgrade ? "websocket" : "polling");
  auto* b = benchmark::RegisterBenchmark(name.c_str(), [name, upgrade](benchmark::State& state) {
    {
      sio::server server;
      opener o(server, upgrade);
      const auto sid = o.open();
      if (!sid) fail(name, "opening a session failed at: " + o.step);
      const auto* eng = server.engine().find(*sid);
      check(eng != nullptr, name, "the Engine.IO session is gone");
      check(eng->current_state() ==
                (upgrade ? eio::server_session::state::websocket : eio::server_session::state::polling),
            name, "the session is not in the expected transport state");
      const auto* s = server.find(*sid);
      check(s != nullptr && s->namespace_status("/") == sio::server_session::namespace_state::connected, name,
            "the session is not connected on \"/\"");
    }
    sio::server server;
    opener o(server, upgrade);
    // The opener's scratch vectors reach their size on the first session, outside the count.
    if (!o.open()) fail(name, "opening a session failed at: " + o.step);
    const std::size_t before_sessions = server.session_count();
    const std::uint64_t before = heap_bytes_in_use();
    run(state, {}, [&] { benchmark::DoNotOptimize(o.open()); });
    const double held = static_cast<double>(heap_bytes_in_use()) - static_cast<double>(before);
    const std::size_t opened = server.session_count() - before_sessions;
    check(opened == static_cast<std::size_t>(state.iterations()), name,
          std::to_string(opened) + " sessions opened in " + std::to_string(state.iterations()) + " ops");
    state.counters["bytes_per_session"] =
        benchmark::Counter(opened > 0 ? held / static_cast<double>(opened) : 0);
  });
  b->Iterations(kIdleSessions);
}

void register_session(const workload_set& set) {
  if (const workload* w3 = set.find("W3")) {
    add_echo(*w3, echo_style::reused);
    add_echo(*w3, echo_style::optional);
  }
  add_idle(false);
  add_idle(true);
}

const suite_registrar session_suite("session", register_session);

}  // namespace
}  // namespace sioc_bench
