// sio::client driven without I/O. Most tests join it to an sio::server in process: every
// transport action of one becomes the other's event, delivered in order through an in-memory
// wire. What no sio::server sends (malformed packets, a CONNECT without a socket id, a packet
// cut short) is fed by hand as Engine.IO messages. One test per rule of sioc/sio_client.hpp;
// expected frames are the protocol as written (docs/socket.io-protocol/v5-current.md), expected
// decisions those of socket.io-client 4.8.1 (lib/socket.js, lib/manager.js); timings are the
// options' values.
#include <sioc/sio_client.hpp>
#include <sioc/sio_session.hpp>

#include <gtest/gtest.h>

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace {

namespace sio = sioc::sio;
namespace eio = sioc::eio;
using json = nlohmann::json;
using ckind = sio::client_action_kind;
using skind = sio::action_kind;
using reason = sio::disconnect_reason;
using millis_t = sio::millis;

sio::client_options client_options() {
  sio::client_options o;
  o.engine.upgrade = false;
  o.connect_timeout_ms = 1000;
  o.attachment_timeout_ms = 500;
  return o;
}

sio::server_options server_options() {
  sio::server_options o;
  o.engine.ping_interval_ms = 25000;  // out of the way unless a test is about it
  o.engine.ping_timeout_ms = 20000;
  o.connect_timeout_ms = 5000;
  return o;
}

using app_fn = std::function<void(sio::server&, const sio::action&)>;

// The server's application: accepts every namespace.
void accept_all(sio::server& s, const sio::action& a) {
  if (a.kind == skind::connect_request) s.accept(a.sid, a.nsp);
}

// A client and a server joined by an in-memory wire. Deliveries wait on the wire in the order
// they were produced until run() hands them over; `log` names each one as it is delivered:
// "GET", "POST <body>", "<status> <body>" (a response), "WS open", "WS accept",
// "WS> <frame>" (client to server), "WS< <frame>", "WS close>", "WS close<".
class link {
 public:
  explicit link(sio::client_options co = client_options(), app_fn app = accept_all,
                sio::server_options so = server_options())
      : server(std::move(so)), client(std::move(co)), app_(std::move(app)) {
    server.engine().set_sid_generator([this] { return "s" + std::to_string(++sids_); });
    server.set_socket_id_generator([this] { return "k" + std::to_string(++sockets_); });
  }

  // Opens the session and runs the wire until it is quiet.
  void open() {
    client.open();
    drain_client();
    run();
  }
  void run() {
    for (int i = 0; i < 10000 && !wire_.empty(); ++i) {
      auto d = std::move(wire_.front());
      wire_.pop_front();
      log.push_back(d.first);
      d.second();
    }
  }
  // Drops every delivery now on the wire (a network that loses everything).
  void cut() { wire_.clear(); }
  // Runs a client call, then the wire.
  template <class F>
  auto call(F f) {
    auto r = f(client);
    drain_client();
    run();
    return r;
  }
  void client_timer(millis_t t) {
    now = t;
    client.on_timer(now);
    drain_client();
  }
  void server_do(const std::function<void(sio::server&)>& f) {
    f(server);
    drain_server();
    run();
  }

  // What the client's and the server's applications were told since the last call.
  std::vector<sio::client_action> got() { return std::exchange(got_, {}); }
  std::vector<sio::action> served() { return std::exchange(served_, {}); }
  std::vector<std::string> delivered() {
    std::vector<std::string> out(log.begin() + static_cast<std::ptrdiff_t>(seen_), log.end());
    seen_ = log.size();
    return out;
  }

  sio::server server;
  sio::client client;
  millis_t now = 0;
  std::vector<std::string> log;
  std::vector<eio::client_action_kind> client_io;  // the transport actions the client produced

 private:
  void put(std::string what, std::function<void()> deliver) { wire_.emplace_back(std::move(what), std::move(deliver)); }

  void drain_client() {
    while (auto a = client.next_action()) {
      if (a->kind != ckind::transport) {
        got_.push_back(std::move(*a));
        continue;
      }
      auto io = std::make_shared<eio::client_action>(std::move(a->io));
      client_io.push_back(io->kind);
      switch (io->kind) {
        case eio::client_action_kind::http_request:
        case eio::client_action_kind::websocket_open: {
          const bool ws = io->kind == eio::client_action_kind::websocket_open;
          EXPECT_EQ(io->target.substr(0, io->target.find('?')), "/socket.io/");
          if (ws) websockets_.insert(io->id);
          put(ws ? "WS open" : io->method == "GET" ? "GET" : "POST " + io->data, [this, io, ws] {
            eio::http_request r;
            r.id = io->id;
            r.method = ws ? "GET" : io->method;
            const std::string query = io->target.substr(io->target.find('?') + 1);
            r.query = query;
            r.content_type = io->content_type;
            r.body = io->data;
            r.websocket_upgrade = ws;
            server.handle(r, now);
            drain_server();
          });
          break;
        }
        case eio::client_action_kind::websocket_send:
          put("WS> " + (io->binary ? "binary:" + io->data : io->data), [this, io] {
            server.handle(eio::websocket_message{io->id, io->data, io->binary}, now);
            drain_server();
          });
          break;
        case eio::client_action_kind::websocket_close:
          put("WS close>", [this, io] {
            server.handle(eio::websocket_closed{io->id}, now);
            drain_server();
          });
          break;
        default:  // upgraded: for the caller's information only
          break;
      }
    }
  }

  void drain_server() {
    while (auto a = server.next_action()) {
      if (a->kind != skind::transport) {
        if (app_) app_(server, *a);
        served_.push_back(std::move(*a));
        continue;
      }
      auto io = std::make_shared<eio::action>(std::move(a->io));
      switch (io->kind) {
        case eio::action_kind::http_response:
          if (websockets_.count(io->id)) {  // a refused upgrade: the WebSocket never opens
            put("WS refused", [this, io] { deliver(eio::websocket_closed{io->id}); });
          } else {
            put(std::to_string(io->status) + " " + io->data,
                [this, io] { deliver(eio::http_response{io->id, io->status, io->data}); });
          }
          break;
        case eio::action_kind::websocket_accept:
          put("WS accept", [this, io] { deliver(eio::websocket_opened{io->id}); });
          break;
        case eio::action_kind::websocket_send:
          put("WS< " + (io->binary ? "binary:" + io->data : io->data),
              [this, io] { deliver(eio::websocket_message{io->id, io->data, io->binary}); });
          break;
        case eio::action_kind::websocket_close:
          put("WS close<", [this, io] { deliver(eio::websocket_closed{io->id}); });
          break;
        default:
          break;
      }
    }
  }

  void deliver(const eio::client_event& ev) {
    client.handle(ev, now);
    drain_client();
  }

  app_fn app_;
  std::deque<std::pair<std::string, std::function<void()>>> wire_;
  std::set<std::uint64_t> websockets_;
  std::vector<sio::client_action> got_;
  std::vector<sio::action> served_;
  std::size_t seen_ = 0;
  int sids_ = 0;
  int sockets_ = 0;
};

std::vector<ckind> kinds(const std::vector<sio::client_action>& v) {
  std::vector<ckind> out;
  for (const auto& a : v) out.push_back(a.kind);
  return out;
}
std::vector<skind> kinds(const std::vector<sio::action>& v) {
  std::vector<skind> out;
  for (const auto& a : v) out.push_back(a.kind);
  return out;
}

// Opens `l` and connects `nsps`; drops what that produced.
void join(link& l, std::vector<std::string> nsps = {"/"}) {
  l.open();
  for (const std::string& nsp : nsps) EXPECT_TRUE(l.call([&](sio::client& c) { return c.connect(nsp); }));
  for (const std::string& nsp : nsps) {
    EXPECT_EQ(l.client.namespace_status(nsp), sio::client::namespace_state::connected) << nsp;
  }
  l.got();
  l.served();
  l.delivered();
}

// A client fed by hand on a WebSocket, the server being the test: `send` delivers a frame.
class by_hand {
 public:
  explicit by_hand(sio::client_options o = client_options()) : client([&] {
    o.engine.websocket_only = true;
    return o;
  }()) {
    client.open();
    drain();
    client.handle(eio::websocket_opened{ws_}, 0);
    send(R"(0{"sid":"e1","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000})");
  }
  void send(const std::string& frame, bool binary = false, millis_t now = 0) {
    client.handle(eio::websocket_message{ws_, frame, binary}, now);
    drain();
  }
  void timer(millis_t now) {
    client.on_timer(now);
    drain();
  }
  // Connects "/" with the given answer.
  void join(const std::string& answer = R"(40{"sid":"x1"})") {
    EXPECT_TRUE(client.connect("/"));
    drain();
    send(answer);
    got();
    frames();
  }
  void drain() {
    while (auto a = client.next_action()) {
      if (a->kind != ckind::transport) {
        got_.push_back(std::move(*a));
      } else if (a->io.kind == eio::client_action_kind::websocket_open) {
        ws_ = a->io.id;
      } else if (a->io.kind == eio::client_action_kind::websocket_send) {
        frames_.push_back(a->io.data);
      } else if (a->io.kind == eio::client_action_kind::websocket_close) {
        closed_ = true;
      }
    }
  }
  std::vector<sio::client_action> got() { return std::exchange(got_, {}); }
  std::vector<std::string> frames() { return std::exchange(frames_, {}); }
  bool closed() const { return closed_; }

  sio::client client;

 private:
  std::uint64_t ws_ = 0;
  std::vector<sio::client_action> got_;
  std::vector<std::string> frames_;
  bool closed_ = false;
};

// The end of a session the client closed for a protocol error: an error, a parse-error
// disconnect for each namespace, closed.
void expect_closed_for_parse_error(by_hand& h, const std::vector<std::string>& nsps) {
  EXPECT_TRUE(h.closed());
  const auto got = h.got();
  ASSERT_EQ(got.size(), nsps.size() + 2) << ::testing::PrintToString(kinds(got));
  EXPECT_EQ(got.front().kind, ckind::error);
  EXPECT_FALSE(got.front().message.empty());
  for (std::size_t i = 0; i < nsps.size(); ++i) {
    EXPECT_EQ(got[i + 1].kind, ckind::disconnect);
    EXPECT_EQ(got[i + 1].nsp, nsps[i]);
    EXPECT_EQ(got[i + 1].reason, reason::parse_error);
  }
  EXPECT_EQ(got.back().kind, ckind::closed);
  EXPECT_EQ(got.back().reason, reason::parse_error);
  EXPECT_EQ(h.client.current_state(), sio::client::state::closed);
  EXPECT_EQ(h.client.next_deadline(), std::nullopt);
}

// ---- the handshake and CONNECT --------------------------------------------------------------

TEST(SioClient, HandshakeThenConnectIsSent) {
  link l;
  l.open();
  auto got = l.got();
  ASSERT_EQ(kinds(got), std::vector<ckind>{ckind::opened});
  EXPECT_EQ(got[0].sid, "s1");
  EXPECT_EQ(l.client.current_state(), sio::client::state::open);
  l.delivered();
  EXPECT_TRUE(l.call([](sio::client& c) { return c.connect("/"); }));
  const auto wire = l.delivered();
  ASSERT_FALSE(wire.empty());
  EXPECT_EQ(wire[0], "POST 40");
  got = l.got();
  ASSERT_EQ(kinds(got), std::vector<ckind>{ckind::connected});
  EXPECT_EQ(got[0].nsp, "/");
  EXPECT_EQ(got[0].sid, "k1");
  EXPECT_EQ(got[0].data, json({{"sid", "k1"}}));
  EXPECT_EQ(l.client.socket_id("/"), "k1");
  EXPECT_FALSE(l.call([](sio::client& c) { return c.connect("/"); }));  // connected already
}

TEST(SioClient, ConnectMadeBeforeTheHandshakeIsSentOnceItIsDone) {
  link l;
  EXPECT_TRUE(l.client.connect("/"));  // before open()
  l.client.open();
  EXPECT_TRUE(l.client.connect("/custom"));  // before the open packet
  EXPECT_EQ(l.client.namespace_status("/custom"), sio::client::namespace_state::pending);
  l.run();  // nothing on the wire yet: the client's actions have not been drained
  l.open();
  // Each CONNECT goes as soon as the Engine.IO client can post it: one POST at a time.
  EXPECT_EQ(l.log, (std::vector<std::string>{
                       "GET",
                       R"(200 0{"sid":"s1","upgrades":["websocket"],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000})",
                       "GET", "POST 40", "200 ok", R"(200 40{"sid":"k1"})", "POST 40/custom,", "GET", "200 ok",
                       R"(200 40/custom,{"sid":"k2"})", "GET"}));
  const auto got = l.got();
  ASSERT_EQ(kinds(got), (std::vector<ckind>{ckind::opened, ckind::connected, ckind::connected}));
  EXPECT_EQ(got[1].nsp, "/");
  EXPECT_EQ(got[2].nsp, "/custom");
  EXPECT_EQ(got[2].sid, "k2");
}

TEST(SioClient, AuthPayloadIsDelivered) {
  link l;
  l.open();
  l.delivered();
  l.served();
  EXPECT_TRUE(l.call([](sio::client& c) { return c.connect("/admin", {{"token", "abc"}}); }));
  EXPECT_EQ(l.delivered().at(0), R"(POST 40/admin,{"token":"abc"})");
  const auto served = l.served();
  ASSERT_EQ(kinds(served), std::vector<skind>{skind::connect_request});
  EXPECT_EQ(served[0].data, json({{"token", "abc"}}));
  // Auth is an object or nothing.
  EXPECT_FALSE(l.client.connect("/a", "abc"));
  EXPECT_FALSE(l.client.connect("/b", json::array()));
  EXPECT_FALSE(l.client.connect("nsp"));  // not a namespace
  EXPECT_FALSE(l.client.namespace_status("/a"));
}

TEST(SioClient, ConnectErrorCarriesMessageAndData) {
  link l(client_options(), [](sio::server& s, const sio::action& a) {
    if (a.kind != skind::connect_request) return;
    if (a.nsp == "/refused") {
      s.refuse(a.sid, a.nsp, "not allowed", json{{"retry", false}});
    } else if (a.nsp == "/random") {
      s.refuse(a.sid, a.nsp, sio::invalid_namespace_message);
    } else {
      s.accept(a.sid, a.nsp);
    }
  });
  l.open();
  l.got();
  EXPECT_TRUE(l.call([](sio::client& c) { return c.connect("/refused"); }));
  EXPECT_TRUE(l.call([](sio::client& c) { return c.connect("/random"); }));
  const auto got = l.got();
  ASSERT_EQ(kinds(got), (std::vector<ckind>{ckind::connect_error, ckind::connect_error}));
  EXPECT_EQ(got[0].nsp, "/refused");
  EXPECT_EQ(got[0].message, "not allowed");
  EXPECT_EQ(got[0].data, json({{"retry", false}}));
  EXPECT_EQ(got[1].message, "Invalid namespace");
  EXPECT_TRUE(got[1].data.is_null());
  EXPECT_FALSE(l.client.namespace_status("/refused"));
  // The session stays: another namespace connects.
  EXPECT_TRUE(l.call([](sio::client& c) { return c.connect("/"); }));
  EXPECT_EQ(kinds(l.got()), std::vector<ckind>{ckind::connected});
}

TEST(SioClient, ConnectWithoutASocketIdIsAConnectError) {
  // socket.io-client emits connect_error ("a Socket.IO server in v2.x") and stays open.
  for (const char* answer : {"40", "40{}", R"(40{"sid":""})", R"(40{"sid":7})"}) {
    SCOPED_TRACE(answer);
    by_hand h;
    h.got();
    EXPECT_TRUE(h.client.connect("/"));
    h.drain();
    EXPECT_EQ(h.frames(), std::vector<std::string>{"40"});
    h.send(answer);
    const auto got = h.got();
    ASSERT_EQ(kinds(got), std::vector<ckind>{ckind::connect_error});
    EXPECT_FALSE(got[0].message.empty());
    EXPECT_FALSE(h.client.namespace_status("/"));
    EXPECT_FALSE(h.closed());
  }
}

TEST(SioClient, ConnectAgainForAConnectedNamespaceGivesTheNewSocketId) {
  // socket.io-client's onconnect runs again: new id, "connect" again.
  by_hand h;
  h.join(R"(40{"sid":"x1"})");
  h.send(R"(40{"sid":"x2"})");
  auto got = h.got();
  ASSERT_EQ(kinds(got), std::vector<ckind>{ckind::connected});
  EXPECT_EQ(got[0].sid, "x2");
  EXPECT_EQ(h.client.socket_id("/"), "x2");
  h.send("40");  // without a socket id: reported, and the namespace stays connected
  got = h.got();
  ASSERT_EQ(kinds(got), std::vector<ckind>{ckind::error});
  EXPECT_EQ(h.client.socket_id("/"), "x2");
  EXPECT_FALSE(h.closed());
}

TEST(SioClient, ConnectTimeoutIsAConnectErrorAndALateAnswerIsIgnored) {
  link l(client_options(), [](sio::server&, const sio::action&) {});  // never answers
  l.open();
  l.got();
  l.client_timer(100);  // connect() has no clock of its own: the latest call's is taken
  EXPECT_TRUE(l.call([](sio::client& c) { return c.connect("/slow"); }));
  EXPECT_EQ(l.client.next_deadline(), 1100U);
  l.client_timer(1099);
  EXPECT_TRUE(l.got().empty());
  l.client_timer(1100);
  const auto got = l.got();
  ASSERT_EQ(kinds(got), std::vector<ckind>{ckind::connect_error});
  EXPECT_EQ(got[0].message, "timeout");
  EXPECT_FALSE(l.client.namespace_status("/slow"));
  l.server_do([](sio::server& s) { EXPECT_TRUE(s.accept("s1", "/slow")); });
  EXPECT_TRUE(l.got().empty());
  EXPECT_EQ(l.client.current_state(), sio::client::state::open);
}

// ---- events and acks ------------------------------------------------------------------------

TEST(SioClient, EventsTravelBothWaysInOrder) {
  link l;
  join(l, {"/", "/chat"});
  for (int i = 0; i < 3; ++i) {
    EXPECT_TRUE(l.client.emit("/chat", "up", {i, "x"}));
  }
  EXPECT_FALSE(l.client.emit("/chat", "connect"));  // reserved
  EXPECT_FALSE(l.client.emit("/other", "up"));      // not connected
  l.call([](sio::client&) { return 0; });
  const auto served = l.served();
  ASSERT_EQ(served.size(), 3U);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(served[i].kind, skind::event);
    EXPECT_EQ(served[i].nsp, "/chat");
    EXPECT_EQ(served[i].name, "up");
    EXPECT_EQ(served[i].data, json::array({i, "x"}));
  }
  l.server_do([](sio::server& s) {
    EXPECT_TRUE(s.emit("s1", "/", "down", {1}));
    EXPECT_TRUE(s.emit("s1", "/chat", "down", {2, {{"k", nullptr}}}));
    EXPECT_TRUE(s.emit("s1", "/", "down", {}));
  });
  const auto got = l.got();
  ASSERT_EQ(kinds(got), (std::vector<ckind>{ckind::event, ckind::event, ckind::event}));
  EXPECT_EQ(got[0].nsp, "/");
  EXPECT_EQ(got[0].name, "down");
  EXPECT_EQ(got[0].data, json::array({1}));
  EXPECT_EQ(got[1].nsp, "/chat");
  EXPECT_EQ(got[1].data, json::parse(R"([2,{"k":null}])"));
  EXPECT_EQ(got[2].data, json::array());
  EXPECT_EQ(got[2].ack_id, std::nullopt);
}

TEST(SioClient, BinaryArgumentsAreReassembledBothWays) {
  link l;
  join(l);
  const json nested = {{"k", json::array({json::binary({1, 2}), {{"deep", json::binary({3})}}})}, {"n", 1}};
  EXPECT_TRUE(l.call([&](sio::client& c) { return c.emit("/", "up", {nested, json::binary({})}); }));
  // One text frame with placeholders, then the attachments, depth first (base64 in a body; they
  // wait for the first POST's response).
  const auto wire = l.delivered();
  ASSERT_GE(wire.size(), 3U);
  EXPECT_EQ(wire[0],
            "POST 453-[\"up\",{\"k\":[{\"_placeholder\":true,\"num\":0},{\"deep\":{\"_placeholder\":true,\"num\":1}}],"
            "\"n\":1},{\"_placeholder\":true,\"num\":2}]");
  EXPECT_EQ(wire[1], "200 ok");
  EXPECT_EQ(wire[2], "POST bAQI=\x1e" "bAw==\x1e" "b");
  auto served = l.served();
  ASSERT_EQ(kinds(served), std::vector<skind>{skind::event});
  EXPECT_EQ(served[0].data, json::array({nested, json::binary({})}));
  l.server_do([&](sio::server& s) { EXPECT_TRUE(s.emit("s1", "/", "down", {json::array({json::binary({9})}), nested})); });
  const auto got = l.got();
  ASSERT_EQ(kinds(got), std::vector<ckind>{ckind::event});
  EXPECT_EQ(got[0].data, json::array({json::array({json::binary({9})}), nested}));
}

TEST(SioClient, AcksTravelBothWays) {
  link l;
  join(l, {"/", "/chat"});
  EXPECT_EQ(l.client.emit_with_ack("/", "q", {1}), 0U);
  EXPECT_EQ(l.client.emit_with_ack("/", "q", {json::binary({7})}), 1U);
  EXPECT_EQ(l.client.emit_with_ack("/chat", "q"), 0U);  // numbered per namespace
  EXPECT_EQ(l.client.pending_acks("/"), 2U);
  l.call([](sio::client&) { return 0; });
  const auto served = l.served();
  ASSERT_EQ(served.size(), 3U);
  EXPECT_EQ(served[1].ack_id, 1U);
  EXPECT_EQ(served[1].data, json::array({json::binary({7})}));
  l.server_do([](sio::server& s) {
    EXPECT_TRUE(s.ack("s1", "/", 1, {"one", json::binary({1})}));
    EXPECT_TRUE(s.ack("s1", "/chat", 0, {}));
  });
  auto got = l.got();
  ASSERT_EQ(kinds(got), (std::vector<ckind>{ckind::ack, ckind::ack}));
  EXPECT_EQ(got[0].nsp, "/");
  EXPECT_EQ(got[0].ack_id, 1U);
  EXPECT_EQ(got[0].data, json::array({"one", json::binary({1})}));
  EXPECT_EQ(got[1].nsp, "/chat");
  EXPECT_EQ(l.client.pending_acks("/"), 1U);
  // The server asks, the client answers.
  std::optional<std::uint64_t> id;
  l.server_do([&](sio::server& s) { id = s.emit_with_ack("s1", "/", "ask", {2}); });
  got = l.got();
  ASSERT_EQ(kinds(got), std::vector<ckind>{ckind::event});
  EXPECT_EQ(got[0].ack_id, id);
  EXPECT_TRUE(l.call([&](sio::client& c) { return c.ack("/", *got[0].ack_id, {"answer", json::binary({5})}); }));
  const auto acked = l.served();
  ASSERT_EQ(kinds(acked), std::vector<skind>{skind::ack});
  EXPECT_EQ(acked[0].data, json::array({"answer", json::binary({5})}));
}

TEST(SioClient, AckForAnUnknownIdIsReportedAndIgnored) {
  link l;
  join(l);
  l.server_do([](sio::server& s) { EXPECT_TRUE(s.ack("s1", "/", 7, {"late"})); });
  auto got = l.got();
  ASSERT_EQ(kinds(got), std::vector<ckind>{ckind::error});
  EXPECT_NE(got[0].message.find("not awaited"), std::string::npos) << got[0].message;
  EXPECT_EQ(got[0].nsp, "/");
  // A cancelled id is unknown too; the session goes on.
  EXPECT_EQ(l.client.emit_with_ack("/", "q"), 0U);
  EXPECT_TRUE(l.client.cancel_ack("/", 0));
  EXPECT_FALSE(l.client.cancel_ack("/", 0));
  l.call([](sio::client&) { return 0; });
  l.server_do([](sio::server& s) {
    EXPECT_TRUE(s.ack("s1", "/", 0, {}));
    EXPECT_TRUE(s.emit("s1", "/", "after"));
  });
  got = l.got();
  ASSERT_EQ(kinds(got), (std::vector<ckind>{ckind::error, ckind::event}));
  EXPECT_EQ(l.client.current_state(), sio::client::state::open);
}

TEST(SioClient, PacketsForANamespaceNotConnectedAreIgnored) {
  by_hand h;
  h.join();
  EXPECT_TRUE(h.client.connect("/pending"));
  h.drain();
  for (const char* frame : {R"(42/other,["x"])", R"(43/other,0[])", "41/other,", R"(44/other,{"message":"no"})",
                            R"(40/other,{"sid":"y"})", R"(42/pending,["early"])", R"(43/pending,0[])"}) {
    SCOPED_TRACE(frame);
    h.send(frame);
    EXPECT_TRUE(h.got().empty());
  }
  EXPECT_FALSE(h.client.namespace_status("/other"));
  EXPECT_EQ(h.client.namespace_status("/pending"), sio::client::namespace_state::pending);
  EXPECT_FALSE(h.closed());
}

// ---- disconnects and the end of the session -------------------------------------------------

TEST(SioClient, ServerDisconnectEndsItsNamespaceOnly) {
  link l;
  join(l, {"/", "/chat"});
  l.server_do([](sio::server& s) { EXPECT_TRUE(s.disconnect("s1", "/chat")); });
  const auto got = l.got();
  ASSERT_EQ(kinds(got), std::vector<ckind>{ckind::disconnect});
  EXPECT_EQ(got[0].nsp, "/chat");
  EXPECT_EQ(got[0].reason, reason::io_server_disconnect);
  EXPECT_STREQ(sio::to_string(got[0].reason), "io server disconnect");
  EXPECT_FALSE(l.client.namespace_status("/chat"));
  EXPECT_FALSE(l.client.emit("/chat", "x"));
  EXPECT_TRUE(l.call([](sio::client& c) { return c.emit("/", "still"); }));
  EXPECT_EQ(kinds(l.served()), (std::vector<skind>{skind::disconnect, skind::event}));
  EXPECT_TRUE(l.call([](sio::client& c) { return c.connect("/chat"); }));  // may be joined again
  EXPECT_EQ(l.client.socket_id("/chat"), "k3");
}

TEST(SioClient, ServerDisconnectOfAPendingNamespaceEndsIt) {
  // socket.io-client's socket ends on DISCONNECT whether or not its CONNECT was answered.
  by_hand h;
  h.got();
  EXPECT_TRUE(h.client.connect("/"));
  h.drain();
  h.send("41");
  const auto got = h.got();
  ASSERT_EQ(kinds(got), std::vector<ckind>{ckind::disconnect});
  EXPECT_EQ(got[0].reason, reason::io_server_disconnect);
  EXPECT_FALSE(h.client.namespace_status("/"));
}

TEST(SioClient, ClientDisconnectSendsDisconnectAndEndsItsNamespace) {
  link l;
  join(l, {"/", "/chat"});
  EXPECT_TRUE(l.call([](sio::client& c) { return c.disconnect("/chat"); }));
  EXPECT_EQ(l.delivered().at(0), "POST 41/chat,");
  const auto got = l.got();
  ASSERT_EQ(kinds(got), std::vector<ckind>{ckind::disconnect});
  EXPECT_EQ(got[0].reason, reason::io_client_disconnect);
  EXPECT_STREQ(sio::to_string(got[0].reason), "io client disconnect");
  const auto served = l.served();
  ASSERT_EQ(kinds(served), std::vector<skind>{skind::disconnect});
  EXPECT_EQ(served[0].reason, reason::client_namespace_disconnect);
  EXPECT_FALSE(l.client.disconnect("/chat"));
  EXPECT_EQ(l.client.namespace_status("/"), sio::client::namespace_state::connected);
}

TEST(SioClient, ClientDisconnectOfAPendingNamespaceSendsNothing) {
  link l(client_options(), [](sio::server&, const sio::action&) {});
  l.open();
  EXPECT_TRUE(l.call([](sio::client& c) { return c.connect("/slow"); }));
  l.got();
  l.delivered();
  EXPECT_TRUE(l.call([](sio::client& c) { return c.disconnect("/slow"); }));
  EXPECT_TRUE(l.delivered().empty());
  EXPECT_TRUE(l.got().empty());
  EXPECT_FALSE(l.client.namespace_status("/slow"));
  EXPECT_EQ(l.client.next_deadline(), l.client.engine().next_deadline());  // no connect timeout left
  l.server_do([](sio::server& s) { EXPECT_TRUE(s.accept("s1", "/slow")); });
  EXPECT_TRUE(l.got().empty());  // the late answer is ignored
}

TEST(SioClient, CloseEndsEveryNamespaceWithForcedClose) {
  link l(client_options(), [](sio::server& s, const sio::action& a) {
    if (a.kind == skind::connect_request && a.nsp != "/slow") s.accept(a.sid, a.nsp);
  });
  join(l, {"/", "/chat"});
  EXPECT_TRUE(l.call([](sio::client& c) { return c.connect("/slow"); }));
  l.delivered();
  l.call([](sio::client& c) {
    c.close();
    return 0;
  });
  EXPECT_EQ(l.delivered().at(0), "POST 1");
  const auto got = l.got();
  ASSERT_EQ(kinds(got), (std::vector<ckind>{ckind::disconnect, ckind::disconnect, ckind::disconnect, ckind::closed}));
  EXPECT_EQ(got[0].nsp, "/");
  EXPECT_EQ(got[1].nsp, "/chat");
  EXPECT_EQ(got[2].nsp, "/slow");
  for (const auto& a : got) EXPECT_EQ(a.reason, reason::forced_close);
  EXPECT_EQ(l.client.current_state(), sio::client::state::closed);
  EXPECT_EQ(l.server.session_count(), 0U);
  EXPECT_FALSE(l.client.emit("/", "x"));
  EXPECT_FALSE(l.client.connect("/again"));
}

TEST(SioClient, CloseBeforeOpenEndsPendingConnectsWithAConnectError) {
  sio::client c(client_options());
  EXPECT_TRUE(c.connect("/"));
  c.close();
  std::vector<ckind> got;
  while (auto a = c.next_action()) got.push_back(a->kind);
  EXPECT_EQ(got, (std::vector<ckind>{ckind::connect_error, ckind::closed}));
  EXPECT_EQ(c.current_state(), sio::client::state::closed);
  c.open();
  EXPECT_FALSE(c.next_action());
}

TEST(SioClient, EngineSessionEndEndsEachNamespaceWithItsReason) {
  {
    link l;
    join(l, {"/", "/chat"});
    l.cut();  // the server is gone: no ping comes
    EXPECT_EQ(l.client.next_deadline(), 45000U);  // pingInterval + pingTimeout
    l.client_timer(44999);
    EXPECT_TRUE(l.got().empty());
    l.client_timer(45000);
    const auto got = l.got();
    ASSERT_EQ(kinds(got), (std::vector<ckind>{ckind::disconnect, ckind::disconnect, ckind::closed}));
    for (const auto& a : got) EXPECT_EQ(a.reason, reason::ping_timeout);
    EXPECT_STREQ(sio::to_string(got[0].reason), "ping timeout");
  }
  {
    link l;
    join(l, {"/"});
    l.server_do([](sio::server& s) { EXPECT_TRUE(s.close("s1", 0)); });
    const auto got = l.got();
    ASSERT_EQ(kinds(got), (std::vector<ckind>{ckind::disconnect, ckind::closed}));
    for (const auto& a : got) EXPECT_EQ(a.reason, reason::transport_close);
  }
}

TEST(SioClient, HandshakeFailureEndsPendingConnectsWithAConnectError) {
  sio::server_options so = server_options();
  so.engine.polling = false;  // the handshake GET is refused
  link l(client_options(), accept_all, so);
  EXPECT_TRUE(l.client.connect("/"));
  l.open();
  const auto got = l.got();
  ASSERT_EQ(kinds(got), (std::vector<ckind>{ckind::connect_error, ckind::closed}));
  EXPECT_EQ(got[0].message, "transport error");
  EXPECT_EQ(got[1].reason, reason::transport_error);
}

// ---- timeouts and limits --------------------------------------------------------------------

TEST(SioClient, AttachmentsMustArriveWithinTheAttachmentTimeout) {
  by_hand h;
  h.join();
  h.send(R"(451-["m",{"_placeholder":true,"num":0}])", false, 100);
  EXPECT_EQ(h.client.next_deadline(), 600U);
  h.timer(599);
  EXPECT_FALSE(h.closed());
  EXPECT_TRUE(h.got().empty());
  h.timer(600);
  expect_closed_for_parse_error(h, {"/"});
}

TEST(SioClient, AttachmentArrivingInTimeCompletesThePacket) {
  by_hand h;
  h.join();
  h.send(R"(451-["m",{"_placeholder":true,"num":0}])", false, 100);
  h.send("\x01\x02", true, 600);
  h.timer(600);
  const auto got = h.got();
  ASSERT_EQ(kinds(got), std::vector<ckind>{ckind::event});
  EXPECT_EQ(got[0].data, json::array({json::binary({1, 2})}));
  EXPECT_EQ(h.client.next_deadline(), 45000U);  // the engine's ping timeout only
}

TEST(SioClient, NamespacesAreLimited) {
  auto o = client_options();
  o.max_namespaces = 2;
  link l(o);
  l.open();
  EXPECT_TRUE(l.call([](sio::client& c) { return c.connect("/a"); }));
  EXPECT_TRUE(l.call([](sio::client& c) { return c.connect("/b"); }));
  EXPECT_FALSE(l.call([](sio::client& c) { return c.connect("/c"); }));
  EXPECT_TRUE(l.call([](sio::client& c) { return c.disconnect("/a"); }));
  EXPECT_TRUE(l.call([](sio::client& c) { return c.connect("/c"); }));
}

TEST(SioClient, AwaitedAcksAreLimitedPerNamespace) {
  auto o = client_options();
  o.max_pending_acks = 2;
  link l(o);
  join(l, {"/", "/chat"});
  EXPECT_EQ(l.client.emit_with_ack("/", "q"), 0U);
  EXPECT_EQ(l.client.emit_with_ack("/", "q"), 1U);
  EXPECT_EQ(l.client.emit_with_ack("/", "q"), std::nullopt);
  EXPECT_EQ(l.client.emit_with_ack("/chat", "q"), 0U);
  EXPECT_TRUE(l.client.cancel_ack("/", 0));
  EXPECT_EQ(l.client.emit_with_ack("/", "q"), 2U);
  l.call([](sio::client&) { return 0; });
  EXPECT_EQ(l.served().size(), 4U);
}

TEST(SioClient, SendsTheEngineQueueCannotHoldWhollyAreRefusedWhole) {
  auto o = client_options();
  o.engine.max_buffered_packets = 2;
  link l(o);
  join(l);
  // A POST is in flight after this one: the next packets wait in the queue.
  EXPECT_TRUE(l.client.emit("/", "a"));
  EXPECT_TRUE(l.client.emit("/", "b"));
  EXPECT_FALSE(l.client.emit("/", "c", {json::binary({1}), json::binary({2})}));  // 3 frames, 1 place
  EXPECT_EQ(l.client.engine().buffered_packets(), 1U);
  EXPECT_TRUE(l.client.emit("/", "d"));
  l.call([](sio::client&) { return 0; });
  const auto served = l.served();
  ASSERT_EQ(served.size(), 3U);
  EXPECT_EQ(served[2].name, "d");
}

// ---- bad packets ----------------------------------------------------------------------------

TEST(SioClient, BadPacketFromTheServerClosesWithParseError) {
  struct bad {
    const char* name;
    std::string frame;
    bool binary;
  };
  const bad cases[] = {
      {"unknown packet type", "49", false},
      {"event payload not an array", "42{}", false},
      {"payload that is not JSON", R"(42abc["x"])", false},
      {"CONNECT_ERROR payload not JSON", "44{", false},
      {"binary frame with no binary packet pending", "\x01\x02", true},
  };
  for (const bad& c : cases) {
    SCOPED_TRACE(c.name);
    by_hand h;
    h.join();
    h.send(c.frame, c.binary);
    expect_closed_for_parse_error(h, {"/"});
  }
}

TEST(SioClient, EngineIoPacketThatDoesNotDecodeEndsNamespacesWithParseError) {
  by_hand h;
  h.join();
  h.send("9");  // no Engine.IO packet type: the Engine.IO client closes, with no error of this layer
  EXPECT_TRUE(h.closed());
  const auto got = h.got();
  ASSERT_EQ(kinds(got), (std::vector<ckind>{ckind::disconnect, ckind::closed}));
  EXPECT_EQ(got[0].reason, reason::parse_error);
  EXPECT_EQ(got[1].reason, reason::parse_error);
}

TEST(SioClient, TextWhileAttachmentsAreAwaitedClosesWithParseError) {
  by_hand h;
  h.join();
  h.send(R"(451-["m",{"_placeholder":true,"num":0}])");
  h.send(R"(42["m"])");
  expect_closed_for_parse_error(h, {"/"});
}

TEST(SioClient, ConnectErrorForAConnectedNamespaceIsReportedAndIgnored) {
  by_hand h;
  h.join();
  h.send(R"(44{"message":"late"})");
  const auto got = h.got();
  ASSERT_EQ(kinds(got), std::vector<ckind>{ckind::error});
  EXPECT_EQ(h.client.namespace_status("/"), sio::client::namespace_state::connected);
  EXPECT_FALSE(h.closed());
}

TEST(SioClient, PacketsAfterAFatalOneInTheSameBodyAreDropped) {
  sio::client c(client_options());
  c.open();
  auto get = c.next_action();
  ASSERT_TRUE(get);
  c.handle(eio::http_response{get->io.id, 200,
                              R"(0{"sid":"e1","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000})"},
           0);
  EXPECT_TRUE(c.connect("/"));
  std::uint64_t poll = 0;
  while (auto a = c.next_action()) {
    if (a->kind == ckind::transport && a->io.method == "GET") poll = a->io.id;
  }
  c.handle(eio::http_response{poll, 200, "40{\"sid\":\"x\"}\x1e" "42[\"a\"]\x1e" "49\x1e" "42[\"b\"]"}, 0);
  std::vector<ckind> got;
  std::vector<std::string> names;
  while (auto a = c.next_action()) {
    if (a->kind == ckind::transport) continue;
    got.push_back(a->kind);
    if (a->kind == ckind::event) names.push_back(a->name);
  }
  EXPECT_EQ(names, std::vector<std::string>{"a"});
  ASSERT_FALSE(got.empty());
  EXPECT_EQ(got.front(), ckind::connected);
  EXPECT_EQ(got[2], ckind::error);
}

// ---- transports -----------------------------------------------------------------------------

// Connects, then an event with a binary argument each way and an ack.
void exchange(link& l) {
  l.open();
  EXPECT_TRUE(l.call([](sio::client& c) { return c.connect("/"); }));
  EXPECT_TRUE(l.call([](sio::client& c) { return c.emit_with_ack("/", "up", {json::binary({1, 2})}).has_value(); }));
  l.server_do([](sio::server& s) {
    EXPECT_TRUE(s.ack("s1", "/", 0, {"ok"}));
    EXPECT_TRUE(s.emit("s1", "/", "down", {json::binary({3})}));
  });
  const auto got = l.got();
  ASSERT_EQ(kinds(got), (std::vector<ckind>{ckind::opened, ckind::connected, ckind::ack, ckind::event}));
  EXPECT_EQ(got[2].data, json::array({"ok"}));
  EXPECT_EQ(got[3].data, json::array({json::binary({3})}));
  const auto served = l.served();
  ASSERT_EQ(kinds(served), (std::vector<skind>{skind::opened, skind::connect_request, skind::event}));
  EXPECT_EQ(served[2].data, json::array({json::binary({1, 2})}));
}

TEST(SioClient, RunsOverPolling) {
  link l;
  exchange(l);
  for (const std::string& d : l.log) EXPECT_EQ(d.rfind("WS", 0), std::string::npos) << d;
}

TEST(SioClient, RunsOverAWebSocketOnly) {
  auto o = client_options();
  o.engine.websocket_only = true;
  link l(o);
  exchange(l);
  for (const std::string& d : l.log) EXPECT_EQ(d.rfind("WS", 0), 0U) << d;
  EXPECT_NE(std::find(l.log.begin(), l.log.end(), "WS> binary:\x01\x02"), l.log.end());
}

TEST(SioClient, RunsAcrossTheUpgrade) {
  auto o = client_options();
  o.engine.upgrade = true;
  link l(o);
  exchange(l);
  EXPECT_EQ(l.client.engine().current_state(), eio::client::state::websocket);
  // The upgraded action is passed on as a transport action.
  EXPECT_NE(std::find(l.client_io.begin(), l.client_io.end(), eio::client_action_kind::upgraded), l.client_io.end());
  EXPECT_TRUE(l.call([](sio::client& c) { return c.emit("/", "after"); }));
  EXPECT_EQ(l.delivered().back(), R"(WS> 42["after"])");
}

}  // namespace
