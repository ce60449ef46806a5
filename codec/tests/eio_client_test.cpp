// eio::client against eio::server, in process: every action of one is turned into the other's
// event and delivered in order through an in-memory wire, with no I/O. Scenarios: handshake,
// polling both ways, POST batches within maxPayload, the upgrade to WebSocket with nothing lost
// or duplicated, the heartbeat by the caller's clock, close from either side, failures.
#include <sioc/eio_client.hpp>
#include <sioc/eio_session.hpp>

#include <gtest/gtest.h>

#include <cstdint>
#include <deque>
#include <functional>
#include <iterator>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace {

namespace eio = sioc::eio;
using cstate = eio::client::state;
using reason = eio::close_reason;
using messages = std::vector<std::pair<std::string, bool>>;

eio::server_options server_options() {
  eio::server_options o;
  o.ping_interval_ms = 300;
  o.ping_timeout_ms = 200;
  o.upgrade_timeout_ms = 1000;
  o.allow_eio3 = true;  // serves v4 as without it
  return o;
}

// A client and a server joined by an in-memory wire. Deliveries wait on the wire in the order
// they were produced until step() or run() hands them over; `log` names each one as it is
// delivered: "GET", "POST <body>", "200 <body>" (a response), "WS open", "WS accept",
// "WS> <frame>" (client to server), "WS< <frame>", "WS close>", "WS close<".
class link {
 public:
  explicit link(eio::client_options copts = {}, eio::server_options sopts = server_options())
      : server(sopts), client(std::move(copts)) {
    server.set_sid_generator([this] { return "s" + std::to_string(++sids_); });
  }

  void open() {
    client.open();
    drain_client();
  }
  bool client_send(std::string data, bool binary = false) {
    const bool queued = client.send(data, binary);
    drain_client();
    return queued;
  }
  bool server_send(std::string data, bool binary = false) {
    const bool queued = server.send(sid(), data, binary);
    drain_server();
    return queued;
  }
  void client_close() {
    client.close();
    drain_client();
  }
  void server_close() {
    server.close(sid(), now);
    drain_server();
  }
  void server_timer(eio::millis t) {
    now = t;
    server.on_timer(now);
    drain_server();
  }
  void client_timer(eio::millis t) {
    now = t;
    client.on_timer(now);
    drain_client();
  }
  // Both sides' timers at time t, the server's first.
  void timers(eio::millis t) {
    server_timer(t);
    client_timer(t);
  }

  // Delivers the oldest delivery on the wire; false if there is none.
  bool step() {
    if (wire_.empty()) return false;
    auto d = std::move(wire_.front());
    wire_.pop_front();
    log.push_back(d.first);
    d.second();
    return true;
  }
  void run() {
    for (int i = 0; i < 10000 && step(); ++i) {
    }
  }
  // Drops every delivery now on the wire (a network that loses everything).
  void cut() { wire_.clear(); }

  std::string sid() const { return client.sid().empty() ? "s1" : client.sid(); }
  // What was delivered since the last call.
  std::vector<std::string> delivered() {
    std::vector<std::string> out(log.begin() + static_cast<std::ptrdiff_t>(seen_), log.end());
    seen_ = log.size();
    return out;
  }

  eio::server server;
  eio::client client;
  eio::millis now = 0;
  std::vector<std::string> log;
  messages client_got, server_got;
  std::vector<reason> client_closed, server_closed;
  std::vector<std::string> client_events;  // "opened s1", "upgraded"
  std::uint64_t last_get = 0, last_websocket = 0;  // ids of the client's last GET and WebSocket

 private:
  void put(std::string what, std::function<void()> deliver) { wire_.emplace_back(std::move(what), std::move(deliver)); }

  void drain_client() {
    while (auto a = client.next_action()) {
      switch (a->kind) {
        case eio::client_action_kind::http_request: {
          const std::string query = a->target.substr(a->target.find('?') + 1);
          EXPECT_EQ(a->target.substr(0, a->target.find('?')), "/engine.io/");
          if (a->method == "GET") last_get = a->id;
          auto req = std::make_shared<client_request>(client_request{a->id, a->method, query, a->content_type, a->data});
          put(a->method == "GET" ? "GET" : "POST " + a->data, [this, req] {
            eio::http_request r;
            r.id = req->id;
            r.method = req->method;
            r.query = req->query;
            r.content_type = req->content_type;
            r.body = req->body;
            server.handle(r, now);
            drain_server();
          });
          break;
        }
        case eio::client_action_kind::websocket_open: {
          const std::string query = a->target.substr(a->target.find('?') + 1);
          websockets_.insert(a->id);
          last_websocket = a->id;
          const std::uint64_t id = a->id;
          put("WS open", [this, id, query] {
            eio::http_request r;
            r.id = id;
            r.method = "GET";
            r.query = query;
            r.websocket_upgrade = true;
            server.handle(r, now);
            drain_server();
          });
          break;
        }
        case eio::client_action_kind::websocket_send: {
          const std::uint64_t id = a->id;
          const bool binary = a->binary;
          const std::string data = a->data;
          put("WS> " + (binary ? "binary:" + data : data), [this, id, data, binary] {
            server.handle(eio::websocket_message{id, data, binary}, now);
            drain_server();
          });
          break;
        }
        case eio::client_action_kind::websocket_close: {
          const std::uint64_t id = a->id;
          put("WS close>", [this, id] {
            server.handle(eio::websocket_closed{id}, now);
            drain_server();
          });
          break;
        }
        case eio::client_action_kind::opened:
          client_events.push_back("opened " + a->sid);
          break;
        case eio::client_action_kind::message:
          client_got.emplace_back(a->data, a->binary);
          break;
        case eio::client_action_kind::upgraded:
          client_events.push_back("upgraded");
          break;
        case eio::client_action_kind::closed:
          client_closed.push_back(a->reason);
          break;
      }
    }
  }

  void drain_server() {
    while (auto a = server.next_action()) {
      const std::uint64_t id = a->id;
      switch (a->kind) {
        case eio::action_kind::http_response: {
          if (websockets_.count(id)) {  // a refused upgrade: the WebSocket never opens
            put("WS refused " + std::to_string(a->status), [this, id] { deliver(eio::websocket_closed{id}); });
            break;
          }
          const int status = a->status;
          const std::string body = a->data;
          put(std::to_string(status) + " " + body, [this, id, status, body] { deliver(eio::http_response{id, status, body}); });
          break;
        }
        case eio::action_kind::websocket_accept:
          put("WS accept", [this, id] { deliver(eio::websocket_opened{id}); });
          break;
        case eio::action_kind::websocket_send: {
          const bool binary = a->binary;
          const std::string data = a->data;
          put("WS< " + (binary ? "binary:" + data : data),
              [this, id, data, binary] { deliver(eio::websocket_message{id, data, binary}); });
          break;
        }
        case eio::action_kind::websocket_close:
          put("WS close<", [this, id] { deliver(eio::websocket_closed{id}); });
          break;
        case eio::action_kind::message:
          server_got.emplace_back(a->data, a->binary);
          break;
        case eio::action_kind::session_closed:
          server_closed.push_back(a->reason);
          break;
        case eio::action_kind::session_opened:
          break;
      }
    }
  }

  void deliver(const eio::client_event& ev) {
    client.handle(ev, now);
    drain_client();
  }

  struct client_request {
    std::uint64_t id;
    std::string method, query, content_type, body;
  };
  std::deque<std::pair<std::string, std::function<void()>>> wire_;
  std::set<std::uint64_t> websockets_;
  std::size_t seen_ = 0;
  int sids_ = 0;
};

eio::client_options polling_only() {
  eio::client_options o;
  o.upgrade = false;
  return o;
}

const std::string kOpen =
    R"(0{"sid":"s1","upgrades":["websocket"],"pingInterval":300,"pingTimeout":200,"maxPayload":1000000})";

// ---- handshake --------------------------------------------------------------------------------

TEST(eio_client, open_makes_the_handshake_get_and_reads_the_open_packet) {
  link l(polling_only());
  eio::client c;
  c.open();
  const auto a = c.next_action();
  ASSERT_TRUE(a);
  EXPECT_EQ(a->kind, eio::client_action_kind::http_request);
  EXPECT_EQ(a->method, "GET");
  EXPECT_EQ(a->target, "/engine.io/?EIO=4&transport=polling");

  l.open();
  EXPECT_EQ(l.client.current_state(), cstate::opening);
  l.run();
  EXPECT_EQ(l.log, (std::vector<std::string>{"GET", "200 " + kOpen, "GET"}));
  EXPECT_EQ(l.client_events, std::vector<std::string>{"opened s1"});
  EXPECT_EQ(l.client.current_state(), cstate::polling);
  EXPECT_EQ(l.client.server_handshake().ping_interval_ms, 300U);
  EXPECT_EQ(l.client.server_handshake().max_payload, 1000000U);
}

TEST(eio_client, extra_query_and_path_go_in_every_target) {
  eio::client_options o;
  o.path = "/socket.io/";
  o.query = "token=a%20b";
  eio::client c(o);
  c.open();
  EXPECT_EQ(c.next_action()->target, "/socket.io/?EIO=4&transport=polling&token=a%20b");
}

TEST(eio_client, websocket_only_opens_with_a_websocket) {
  eio::client_options o;
  o.websocket_only = true;
  link l(o);
  l.open();
  l.run();
  EXPECT_EQ(l.log, (std::vector<std::string>{
                       "WS open", "WS accept",
                       R"(WS< 0{"sid":"s1","upgrades":[],"pingInterval":300,"pingTimeout":200,"maxPayload":1000000})"}));
  EXPECT_EQ(l.client.current_state(), cstate::websocket);
  EXPECT_TRUE(l.client_send("hi"));
  EXPECT_TRUE(l.server_send("ho"));
  l.run();
  EXPECT_EQ(l.server_got, (messages{{"hi", false}}));
  EXPECT_EQ(l.client_got, (messages{{"ho", false}}));
}

TEST(eio_client, refused_handshake_is_a_transport_error) {
  eio::server_options so = server_options();
  so.polling = false;
  link l(polling_only(), so);
  l.open();
  l.run();
  EXPECT_EQ(l.client_closed, std::vector<reason>{reason::transport_error});
  EXPECT_EQ(l.client.next_deadline(), std::nullopt);
}

TEST(eio_client, bad_open_packet_is_a_parse_error) {
  const char* bodies[] = {"4hello", R"(0{"sid":""})", "0{", R"(0{"sid":"a&b","upgrades":[],"pingInterval":1,"pingTimeout":1})", "abc"};
  for (const char* body : bodies) {
    SCOPED_TRACE(body);
    eio::client c(polling_only());
    c.open();
    const auto get = c.next_action();
    c.handle(eio::http_response{get->id, 200, body}, 0);
    std::vector<reason> closed;
    while (auto a = c.next_action()) {
      EXPECT_NE(a->kind, eio::client_action_kind::opened);
      if (a->kind == eio::client_action_kind::closed) closed.push_back(a->reason);
    }
    EXPECT_EQ(closed, std::vector<reason>{reason::parse_error});
  }
}

// ---- polling ----------------------------------------------------------------------------------

TEST(eio_client, one_get_in_flight_and_a_new_one_when_it_returns) {
  link l(polling_only());
  l.open();
  l.run();
  l.delivered();
  EXPECT_TRUE(l.server_send("a"));
  l.run();
  EXPECT_EQ(l.delivered(), (std::vector<std::string>{"200 4a", "GET"}));
}

TEST(eio_client, a_post_waits_for_the_previous_one_and_takes_what_fits_in_max_payload) {
  eio::server_options so = server_options();
  so.max_payload = 17;  // "4aaaaaaa" twice with the separator
  link l(polling_only(), so);
  l.open();
  l.run();
  l.delivered();
  EXPECT_TRUE(l.client_send("aaaaaaa"));  // posted at once
  EXPECT_TRUE(l.client_send("bbbbbbb"));  // these wait for its response
  EXPECT_TRUE(l.client_send("ccccccc"));
  EXPECT_TRUE(l.client_send("ddddddd"));
  EXPECT_EQ(l.client.buffered_packets(), 3U);
  l.run();
  EXPECT_EQ(l.delivered(), (std::vector<std::string>{"POST 4aaaaaaa", "200 ok", "POST 4bbbbbbb\x1e" "4ccccccc",
                                                     "200 ok", "POST 4ddddddd", "200 ok"}));
  EXPECT_EQ(l.server_got.size(), 4U);
  EXPECT_EQ(l.client.buffered_bytes(), 0U);
}

TEST(eio_client, send_limits_and_the_separator_are_refused) {
  eio::client_options o = polling_only();
  o.max_buffered_packets = 2;
  o.max_buffered_bytes = 5;
  eio::client c(o);
  EXPECT_FALSE(c.send("early", false));  // not opened
  c.open();
  EXPECT_TRUE(c.send("abc", false));  // queued until the handshake
  EXPECT_FALSE(c.send("abc", false));  // over the byte limit
  EXPECT_FALSE(c.send("a\x1e", false));
  EXPECT_TRUE(c.send("a\x1e", true));
  EXPECT_FALSE(c.send("", true));  // over the packet limit
  EXPECT_EQ(c.buffered_bytes(), 5U);
}

TEST(eio_client, failed_or_refused_requests_close_with_transport_error) {
  {
    link l(polling_only());
    l.open();
    l.run();
    l.server_close();  // the server forgets the session once the GET gets the close packet
    l.run();
    EXPECT_EQ(l.client_closed, std::vector<reason>{reason::transport_close});
  }
  {
    eio::client c(polling_only());
    c.open();
    const auto get = c.next_action();
    c.handle(eio::http_failed{get->id}, 0);
    EXPECT_EQ(c.current_state(), cstate::closed);
  }
  {
    link l(polling_only());
    l.open();
    l.run();
    l.server = eio::server(server_options());  // restarted: it no longer knows the session
    l.client_send("x");
    l.run();
    EXPECT_EQ(l.client_closed, std::vector<reason>{reason::transport_error});
  }
}

TEST(eio_client, undecodable_response_is_a_parse_error) {
  eio::client c(polling_only());
  c.open();
  c.handle(eio::http_response{c.next_action()->id, 200, kOpen}, 0);
  std::uint64_t get = 0;
  while (auto a = c.next_action()) {
    if (a->kind == eio::client_action_kind::http_request) get = a->id;
  }
  c.handle(eio::http_response{get, 200, "4ok\x1e" "9"}, 0);
  std::vector<std::string> got;
  reason why = reason::transport_close;
  while (auto a = c.next_action()) {
    if (a->kind == eio::client_action_kind::message) got.push_back(a->data);
    if (a->kind == eio::client_action_kind::closed) why = a->reason;
  }
  EXPECT_EQ(got, std::vector<std::string>{"ok"});
  EXPECT_EQ(why, reason::parse_error);
  EXPECT_EQ(c.current_state(), cstate::closed);
}

TEST(eio_client, a_response_or_frame_over_max_receive_bytes_is_a_parse_error) {
  for (const bool websocket : {false, true}) {
    SCOPED_TRACE(websocket ? "WebSocket message" : "polling response");
    eio::client_options o;
    o.websocket_only = websocket;
    o.max_receive_bytes = 200;
    eio::client c(o);
    c.open();
    const std::uint64_t id = c.next_action()->id;
    const std::string big = "4" + std::string(200, 'x');
    if (websocket) {
      c.handle(eio::websocket_opened{id}, 0);
      c.handle(eio::websocket_message{id, kOpen, false}, 0);
    } else {
      c.handle(eio::http_response{id, 200, kOpen}, 0);
    }
    std::uint64_t get = 0;
    while (auto a = c.next_action()) {
      if (a->kind == eio::client_action_kind::http_request) get = a->id;
    }
    if (websocket) {
      c.handle(eio::websocket_message{id, big.substr(0, 200), false}, 0);
      const auto taken = c.next_action();  // 200 bytes: delivered
      ASSERT_TRUE(taken);
      EXPECT_EQ(taken->kind, eio::client_action_kind::message);
      c.handle(eio::websocket_message{id, big, false}, 0);
    } else {
      c.handle(eio::http_response{get, 200, big}, 0);
    }
    EXPECT_EQ(c.current_state(), cstate::closed);
    std::vector<reason> closed;
    while (auto a = c.next_action()) {
      EXPECT_NE(a->kind, eio::client_action_kind::message) << "data over the limit delivered";
      if (a->kind == eio::client_action_kind::closed) closed.push_back(a->reason);
    }
    EXPECT_EQ(closed, std::vector<reason>{reason::parse_error});
  }
}

TEST(eio_client, garbage_from_the_server_never_crashes) {
  // Bodies and frames of random bytes, and of random packet characters, in every state a
  // server can reach the client in; under the sanitizers, no fault and no leak.
  std::mt19937 rng(20261207);
  const std::string alphabet = "0123456b:\x1e" "abcAQI=\xff\x00{}\"";
  for (int round = 0; round < 400; ++round) {
    std::string junk(rng() % 40, '\0');
    for (char& ch : junk) {
      ch = round % 2 ? static_cast<char>(rng() & 0xFF) : alphabet[rng() % alphabet.size()];
    }
    for (int protocol : {4, 3}) {
      for (int stop = 0; stop < 10; stop += 3) {
        eio::client_options o;
        o.protocol = protocol;
        link l(o);
        l.open();
        for (int i = 0; i < stop; ++i) l.step();
        l.client.handle(eio::http_response{l.last_get, 200, junk}, 0);
        l.client.handle(eio::websocket_message{l.last_websocket, junk, rng() % 2 == 0}, 0);
        while (auto a = l.client.next_action()) {
          if (a->kind == eio::client_action_kind::closed) {
            EXPECT_NE(a->reason, reason::forced_close);  // only close() closes that way
          }
        }
      }
    }
  }
}

// ---- upgrade ----------------------------------------------------------------------------------

TEST(eio_client, upgrade_probes_pauses_polling_then_sends_upgrade) {
  link l;
  l.open();
  l.run();
  EXPECT_EQ(l.delivered(), (std::vector<std::string>{"GET", "200 " + kOpen, "WS open", "GET", "WS accept", "WS> 2probe",
                                                     "WS< 3probe", "200 6", "WS> 5"}));
  EXPECT_EQ(l.client_events, (std::vector<std::string>{"opened s1", "upgraded"}));
  EXPECT_EQ(l.client.current_state(), cstate::websocket);
  EXPECT_EQ(l.server.find("s1")->current_state(), eio::server_session::state::websocket);
}

TEST(eio_client, upgrade_waits_for_the_get_and_the_post_in_flight) {
  eio::client c;
  c.open();
  c.handle(eio::http_response{c.next_action()->id, 200, kOpen}, 0);
  std::uint64_t get = 0, probe = 0;
  while (auto a = c.next_action()) {
    if (a->kind == eio::client_action_kind::http_request) get = a->id;
    if (a->kind == eio::client_action_kind::websocket_open) probe = a->id;
  }
  EXPECT_TRUE(c.send("a", false));
  const auto post = c.next_action();
  ASSERT_TRUE(post);
  EXPECT_EQ(post->data, "4a");
  c.handle(eio::websocket_opened{probe}, 0);
  EXPECT_EQ(c.next_action()->data, "2probe");
  c.handle(eio::websocket_message{probe, "3probe", false}, 0);
  EXPECT_EQ(c.current_state(), cstate::pausing);
  EXPECT_TRUE(c.send("b", false));  // waits: no POST while pausing
  EXPECT_FALSE(c.next_action());
  c.handle(eio::http_response{post->id, 200, "ok"}, 0);
  EXPECT_FALSE(c.next_action());  // the GET is still out
  c.handle(eio::http_response{get, 200, "4late"}, 0);
  std::vector<std::string> seen;
  while (auto a = c.next_action()) {
    seen.push_back(a->kind == eio::client_action_kind::websocket_send ? "WS> " + a->data
                   : a->kind == eio::client_action_kind::message  ? "message " + a->data
                   : a->kind == eio::client_action_kind::upgraded ? "upgraded"
                                                                   : "other");
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"message late", "WS> 5", "upgraded", "WS> 4b"}));
  EXPECT_EQ(c.current_state(), cstate::websocket);
}

TEST(eio_client, refused_probe_leaves_the_session_polling) {
  link l;
  l.open();
  l.step();  // GET
  l.step();  // the open packet: the client polls and opens the probe WebSocket
  l.server = eio::server(server_options());  // forgets s1: the WebSocket is refused...
  l.run();
  EXPECT_EQ(l.client_closed, std::vector<reason>{reason::transport_error});  // ...and so is the GET
}

TEST(eio_client, probe_answered_otherwise_ends_the_upgrade_and_polling_goes_on) {
  eio::client c;
  c.open();
  c.handle(eio::http_response{c.next_action()->id, 200, kOpen}, 0);
  std::uint64_t get = 0, probe = 0;
  while (auto a = c.next_action()) {
    if (a->kind == eio::client_action_kind::http_request) get = a->id;
    if (a->kind == eio::client_action_kind::websocket_open) probe = a->id;
  }
  ASSERT_NE(probe, 0U);
  EXPECT_EQ(c.current_state(), cstate::probing);
  c.handle(eio::websocket_opened{probe}, 0);
  EXPECT_EQ(c.next_action()->data, "2probe");
  c.handle(eio::websocket_message{probe, "3other", false}, 0);
  const auto closed = c.next_action();
  ASSERT_TRUE(closed);
  EXPECT_EQ(closed->kind, eio::client_action_kind::websocket_close);
  EXPECT_EQ(closed->id, probe);
  EXPECT_EQ(c.current_state(), cstate::polling);
  c.handle(eio::http_response{get, 200, "6"}, 0);
  const auto next = c.next_action();
  ASSERT_TRUE(next);
  EXPECT_EQ(next->method, "GET");  // still polling
}

TEST(eio_client, probe_websocket_closed_ends_the_upgrade) {
  eio::client c;
  c.open();
  c.handle(eio::http_response{c.next_action()->id, 200, kOpen}, 0);
  std::uint64_t probe = 0;
  while (auto a = c.next_action()) {
    if (a->kind == eio::client_action_kind::websocket_open) probe = a->id;
  }
  c.handle(eio::websocket_closed{probe}, 0);
  EXPECT_EQ(c.current_state(), cstate::polling);
  EXPECT_FALSE(c.next_action());  // the GET is still in flight; the closed WebSocket needs no close
}

TEST(eio_client, no_upgrade_when_the_server_offers_none) {
  eio::server_options so = server_options();
  so.allow_upgrades = false;
  link l({}, so);
  l.open();
  l.run();
  EXPECT_EQ(l.client.current_state(), cstate::polling);
}

// ---- heartbeat --------------------------------------------------------------------------------

TEST(eio_client, no_ping_within_interval_plus_timeout_closes_with_ping_timeout) {
  link l(polling_only());
  l.open();
  l.run();
  l.timers(300);  // the server pings...
  l.cut();        // ...and the response is lost
  l.timers(499);
  EXPECT_TRUE(l.client_closed.empty());
  l.timers(500);
  EXPECT_EQ(l.client_closed, std::vector<reason>{reason::ping_timeout});
  EXPECT_EQ(l.server_closed, std::vector<reason>{reason::ping_timeout});
}

TEST(eio_client, a_ping_arriving_at_the_deadline_counts_only_if_it_comes_first) {
  for (const bool ping_first : {false, true}) {
    SCOPED_TRACE(ping_first ? "ping delivered, then the client's timer" : "the client's timer, then the ping");
    link l(polling_only());
    l.open();
    l.run();
    l.server_timer(500);  // the client's deadline; the server's timer ran late and pings only now
    if (ping_first) l.run();
    l.client_timer(500);
    l.run();
    if (ping_first) {
      EXPECT_TRUE(l.client_closed.empty());
      EXPECT_EQ(l.client.next_deadline(), 1000U);
    } else {
      EXPECT_EQ(l.client_closed, std::vector<reason>{reason::ping_timeout});
    }
  }
}

// ---- close ------------------------------------------------------------------------------------

TEST(eio_client, close_before_the_handshake_posts_the_close_packet_after_it) {
  link l(polling_only());
  l.open();
  l.client_close();
  l.run();
  EXPECT_EQ(l.client_closed, std::vector<reason>{reason::forced_close});
  EXPECT_EQ(l.server_closed, std::vector<reason>{reason::transport_close});
}

TEST(eio_client, close_during_the_upgrade_closes_the_probe_and_posts_close) {
  link l;
  l.open();
  for (int i = 0; i < 5; ++i) l.step();  // up to the accepted probe WebSocket
  EXPECT_EQ(l.client.current_state(), cstate::probing);
  l.client_close();
  l.run();
  EXPECT_EQ(l.client_closed, std::vector<reason>{reason::forced_close});
  EXPECT_EQ(l.server_closed, std::vector<reason>{reason::transport_close});
}

// ---- the same scenarios in v4 and v3 ------------------------------------------------------------

class both_versions : public ::testing::TestWithParam<int> {
 protected:
  eio::client_options options(bool upgrade) const {
    eio::client_options o;
    o.protocol = GetParam();
    o.upgrade = upgrade;
    return o;
  }
  // A polling body in this version (test strings are ASCII, so v3 lengths are byte counts).
  std::string body(const std::vector<std::string>& packets) const {
    std::string out;
    for (const std::string& p : packets) {
      if (GetParam() == 4) {
        if (!out.empty()) out += '\x1e';
        out += p;
      } else {
        out += std::to_string(p.size()) + ":" + p;
      }
    }
    return out;
  }
};

INSTANTIATE_TEST_SUITE_P(eio, both_versions, ::testing::Values(4, 3),
                         [](const ::testing::TestParamInfo<int>& param_info) { return "v" + std::to_string(param_info.param); });

TEST_P(both_versions, handshake_asks_for_the_version_and_the_session_runs_in_it) {
  eio::client c(options(false));
  c.open();
  EXPECT_EQ(c.next_action()->target,
            GetParam() == 4 ? "/engine.io/?EIO=4&transport=polling" : "/engine.io/?EIO=3&transport=polling&b64=1");
  link l(options(false));
  l.open();
  l.run();
  EXPECT_EQ(l.delivered(), (std::vector<std::string>{"GET", "200 " + body({kOpen}), "GET"}));
  EXPECT_EQ(l.server.find("s1")->protocol(), GetParam());
}

TEST_P(both_versions, messages_travel_both_ways_over_polling) {
  link l(options(false));
  l.open();
  l.run();
  l.delivered();
  EXPECT_TRUE(l.client_send("hello"));
  EXPECT_TRUE(l.client_send(std::string("\x01\x02", 2), true));
  EXPECT_TRUE(l.server_send("world"));
  EXPECT_TRUE(l.server_send(std::string("\x03", 1), true));
  l.run();
  EXPECT_EQ(l.delivered(), (std::vector<std::string>{
                               "POST " + body({"4hello"}), "200 " + body({"4world"}), "200 ok", "GET",
                               "POST " + body({GetParam() == 4 ? "bAQI=" : "b4AQI="}),
                               "200 " + body({GetParam() == 4 ? "bAw==" : "b4Aw=="}), "200 ok", "GET"}));
  EXPECT_EQ(l.server_got, (messages{{"hello", false}, {std::string("\x01\x02", 2), true}}));
  EXPECT_EQ(l.client_got, (messages{{"world", false}, {std::string("\x03", 1), true}}));
  EXPECT_EQ(l.server_closed.size() + l.client_closed.size(), 0U);
}

TEST_P(both_versions, messages_travel_both_ways_over_websocket) {
  link l(options(true));
  l.open();
  l.run();
  l.delivered();
  EXPECT_TRUE(l.client_send("a\x1e" "b"));  // no payload framing on a WebSocket
  EXPECT_TRUE(l.client_send(std::string("\x01", 1), true));
  EXPECT_TRUE(l.server_send(std::string("\x02", 1), true));
  l.run();
  EXPECT_EQ(l.delivered(), (std::vector<std::string>{"WS> 4a\x1e" "b", GetParam() == 4 ? "WS> binary:\x01" : "WS> binary:\x04\x01",
                                                     GetParam() == 4 ? "WS< binary:\x02" : "WS< b4Ag=="}));
  EXPECT_EQ(l.server_got, (messages{{"a\x1e" "b", false}, {std::string("\x01", 1), true}}));
  EXPECT_EQ(l.client_got, (messages{{std::string("\x02", 1), true}}));
}

TEST_P(both_versions, upgrade_loses_and_duplicates_nothing_at_any_point) {
  // The wire is stopped after each number of deliveries, messages are sent both ways, and the
  // run resumes: every message arrives once, in order, whatever the stage of the upgrade.
  for (int stop = 0; stop < 12; ++stop) {
    SCOPED_TRACE("stopped after " + std::to_string(stop) + " deliveries");
    link l(options(true));
    l.open();
    for (int i = 0; i < stop; ++i) l.step();
    messages sent_by_server;
    for (int i = 0; i < 3; ++i) {
      EXPECT_TRUE(l.client_send("c" + std::to_string(i)));
      if (l.server.find("s1")) {
        EXPECT_TRUE(l.server_send("s" + std::to_string(i)));
        sent_by_server.emplace_back("s" + std::to_string(i), false);
      }
      l.step();
    }
    l.run();
    EXPECT_EQ(l.client.current_state(), cstate::websocket);
    EXPECT_EQ(l.server_got, (messages{{"c0", false}, {"c1", false}, {"c2", false}}));
    EXPECT_EQ(l.client_got, sent_by_server);
    EXPECT_TRUE(l.client_closed.empty());
    EXPECT_TRUE(l.server_closed.empty());
  }
}

TEST_P(both_versions, the_heartbeat_keeps_the_session_alive_on_either_transport) {
  for (const bool upgrade : {false, true}) {
    SCOPED_TRACE(upgrade ? "websocket" : "polling");
    link l(options(upgrade));
    l.open();
    l.run();
    // v4: no ping from the server within pingInterval + pingTimeout closes; v3: the client's
    // first ping is due after pingInterval.
    EXPECT_EQ(l.client.next_deadline(), GetParam() == 4 ? 500U : 300U);
    for (eio::millis t = 100; t <= 3000; t += 100) {
      l.timers(t);
      l.run();
    }
    EXPECT_TRUE(l.client_closed.empty());
    EXPECT_TRUE(l.server_closed.empty());
    EXPECT_EQ(l.client.next_deadline(), GetParam() == 4 ? 3500U : 3300U);
  }
}

TEST_P(both_versions, close_over_polling_posts_the_queue_then_the_close_packet) {
  link l(options(false));
  l.open();
  l.run();
  l.delivered();
  EXPECT_TRUE(l.client_send("last"));
  l.client_close();
  EXPECT_FALSE(l.client_send("too late"));
  EXPECT_EQ(l.client.current_state(), cstate::closing);
  l.run();
  EXPECT_EQ(l.delivered(), (std::vector<std::string>{"POST " + body({"4last"}), "200 ok", "POST " + body({"1"}),
                                                     "200 " + body({"6"}), "200 ok"}));
  EXPECT_EQ(l.client_closed, std::vector<reason>{reason::forced_close});
  EXPECT_EQ(l.server_got, (messages{{"last", false}}));
  EXPECT_EQ(l.server_closed, std::vector<reason>{reason::transport_close});
}

TEST_P(both_versions, close_over_websocket_closes_it) {
  link l(options(true));
  l.open();
  l.run();
  l.client_close();
  l.run();
  EXPECT_EQ(l.client_closed, std::vector<reason>{reason::forced_close});
  EXPECT_EQ(l.server_closed, std::vector<reason>{reason::transport_close});
}

TEST_P(both_versions, server_close_reaches_the_client_on_either_transport) {
  for (const bool upgrade : {false, true}) {
    SCOPED_TRACE(upgrade ? "websocket" : "polling");
    link l(options(upgrade));
    l.open();
    l.run();
    EXPECT_TRUE(l.server_send("bye"));
    l.server_close();
    l.run();
    EXPECT_EQ(l.client_got, (messages{{"bye", false}}));
    EXPECT_EQ(l.client_closed, std::vector<reason>{reason::transport_close});
    EXPECT_EQ(l.server_closed, std::vector<reason>{reason::forced_close});
  }
}

// ---- v3 heartbeat: the client pings -------------------------------------------------------------

eio::client_options v3_polling() {
  eio::client_options o;
  o.protocol = 3;
  o.upgrade = false;
  return o;
}

TEST(eio_client_v3, the_client_pings_after_the_interval_and_after_each_pong) {
  link l(v3_polling());
  l.open();
  l.run();
  l.delivered();
  l.timers(300);
  l.run();
  EXPECT_EQ(l.delivered(), (std::vector<std::string>{"POST 1:2", "200 1:3", "200 ok", "GET"}));
  EXPECT_EQ(l.client.next_deadline(), 600U);  // the next ping, 300 after the pong
  l.timers(599);
  EXPECT_TRUE(l.delivered().empty());
  l.timers(600);
  EXPECT_EQ(l.client.next_deadline(), 800U);  // the pong is due within pingTimeout
}

TEST(eio_client_v3, no_pong_within_the_timeout_closes_with_ping_timeout) {
  link l(v3_polling());
  l.open();
  l.run();
  l.timers(300);  // the client pings...
  l.cut();        // ...and the ping is lost
  l.timers(499);
  EXPECT_TRUE(l.client_closed.empty());
  l.timers(500);
  EXPECT_EQ(l.client_closed, std::vector<reason>{reason::ping_timeout});
  EXPECT_EQ(l.server_closed, std::vector<reason>{reason::ping_timeout});  // no ping for 500 either
}

TEST(eio_client_v3, any_packet_from_the_server_extends_the_wait) {
  link l(v3_polling());
  l.open();
  l.run();
  l.timers(300);  // ping; pong due by 500
  l.cut();
  l.now = 450;
  EXPECT_TRUE(l.server_send("alive"));
  l.run();
  EXPECT_EQ(l.client_got, (messages{{"alive", false}}));
  EXPECT_EQ(l.client.next_deadline(), 950U);  // pingInterval + pingTimeout after it
}

TEST(eio_client_v3, a_post_takes_what_fits_in_max_payload) {
  eio::server_options so = server_options();
  so.max_payload = 20;  // "9:4aaaaaaaa" is 11 bytes: one per POST
  link l(v3_polling(), so);
  l.open();
  l.run();
  l.delivered();
  EXPECT_TRUE(l.client_send("aaaaaaaa"));
  EXPECT_TRUE(l.client_send("bbbbbbbb"));
  EXPECT_TRUE(l.client_send("c"));
  l.run();
  EXPECT_EQ(l.delivered(), (std::vector<std::string>{"POST 9:4aaaaaaaa", "200 ok", "POST 9:4bbbbbbbb2:4c", "200 ok"}));
}

// ---- every state takes every input --------------------------------------------------------------

// A client without a server: the test plays the server's part, keeping the ids of the last
// GET, of the probe WebSocket and of the session's WebSocket.
struct bare_client {
  explicit bare_client(bool upgrade) : c([upgrade] {
    eio::client_options o;
    o.upgrade = upgrade;
    return o;
  }()) {}
  void drain() {
    while (auto a = c.next_action()) {
      if (a->kind == eio::client_action_kind::http_request && a->method == "GET") get = a->id;
      if (a->kind == eio::client_action_kind::websocket_open) probe = a->id;
      if (a->kind == eio::client_action_kind::upgraded) ws = a->id;
    }
  }
  void apply(const eio::client_event& ev) {
    c.handle(ev, 0);
    drain();
  }
  eio::client c;
  std::uint64_t get = 0, probe = 0, ws = 0;
};

void open_session(bare_client& b) {
  b.c.open();
  b.drain();
  b.apply(eio::http_response{b.get, 200, kOpen});
}

TEST(eio_client, pings_while_a_pong_waits_for_a_post_add_no_pong) {
  // The queue must not grow with what the server sends: a server that pings faster than the
  // POSTs go out gets one pong for all its pings.
  bare_client b(false);
  open_session(b);
  ASSERT_TRUE(b.c.send("a", false));  // posted at once: the next POST waits for its response
  std::uint64_t post = 0;
  std::vector<std::string> posted;
  const auto drain = [&] {
    while (auto a = b.c.next_action()) {
      if (a->kind != eio::client_action_kind::http_request) continue;
      if (a->method == "GET") {
        b.get = a->id;
      } else {
        post = a->id;
        posted.push_back(a->data);
      }
    }
  };
  drain();
  ASSERT_EQ(posted, std::vector<std::string>{"4a"});
  for (int i = 0; i < 3; ++i) {
    b.c.handle(eio::http_response{b.get, 200, "2\x1e" "2\x1e" "2"}, 0);
    drain();
    EXPECT_EQ(b.c.buffered_packets(), 1U);
  }
  b.c.handle(eio::http_response{post, 200, "ok"}, 0);
  drain();
  EXPECT_EQ(posted, (std::vector<std::string>{"4a", "3"}));
  EXPECT_EQ(b.c.buffered_packets(), 0U);
  // Once that pong is posted, the next ping gets its own.
  b.c.handle(eio::http_response{b.get, 200, "2"}, 0);
  drain();
  b.c.handle(eio::http_response{post, 200, "ok"}, 0);
  drain();
  EXPECT_EQ(posted, (std::vector<std::string>{"4a", "3", "3"}));
  EXPECT_EQ(b.c.current_state(), eio::client::state::polling);
}

TEST(eio_client, every_state_takes_every_input) {
  struct start {
    const char* name;
    bool upgrade;
    void (*reach)(bare_client&);
  };
  const start starts[] = {
      {"idle", false, [](bare_client&) {}},
      {"opening", false, [](bare_client& b) { b.c.open(); b.drain(); }},
      {"polling", false, [](bare_client& b) { open_session(b); }},
      {"probing", true, [](bare_client& b) { open_session(b); }},
      {"pausing", true, [](bare_client& b) {
         open_session(b);
         b.apply(eio::websocket_opened{b.probe});
         b.apply(eio::websocket_message{b.probe, "3probe", false});
       }},
      {"websocket", true, [](bare_client& b) {
         open_session(b);
         b.apply(eio::websocket_opened{b.probe});
         b.apply(eio::websocket_message{b.probe, "3probe", false});
         b.apply(eio::http_response{b.get, 200, "6"});
       }},
      {"closing", false, [](bare_client& b) {
         open_session(b);
         b.c.send("x", false);  // a POST in flight: the close packet waits for it
         b.c.close();
         b.drain();
       }},
      {"closed", false, [](bare_client& b) {
         open_session(b);
         b.c.close();
         b.drain();
       }},
  };
  struct input {
    const char* name;
    void (*apply)(bare_client&);
  };
  const input inputs[] = {
      {"GET answered", [](bare_client& b) { b.apply(eio::http_response{b.get, 200, "6"}); }},
      {"GET failed", [](bare_client& b) { b.apply(eio::http_failed{b.get}); }},
      {"probe opened", [](bare_client& b) { b.apply(eio::websocket_opened{b.probe}); }},
      {"probe answered", [](bare_client& b) { b.apply(eio::websocket_message{b.probe, "3probe", false}); }},
      {"websocket message", [](bare_client& b) { b.apply(eio::websocket_message{b.ws, "4m", false}); }},
      {"websocket closed", [](bare_client& b) { b.apply(eio::websocket_closed{b.ws ? b.ws : b.probe}); }},
      {"timer", [](bare_client& b) { b.c.on_timer(10000); b.drain(); }},
      {"send", [](bare_client& b) { b.c.send("m", false); b.drain(); }},
      {"close", [](bare_client& b) { b.c.close(); b.drain(); }},
  };
  using S = cstate;
  // expected[input][start], in the order of starts: idle, opening, polling, probing, pausing,
  // websocket, closing, closed.
  const cstate expected[][8] = {
      {S::idle, S::closed, S::polling, S::probing, S::websocket, S::websocket, S::closing, S::closed},
      {S::idle, S::closed, S::closed, S::closed, S::closed, S::websocket, S::closed, S::closed},
      {S::idle, S::opening, S::polling, S::probing, S::pausing, S::websocket, S::closing, S::closed},
      {S::idle, S::opening, S::polling, S::pausing, S::polling, S::websocket, S::closing, S::closed},
      {S::idle, S::opening, S::polling, S::probing, S::pausing, S::websocket, S::closing, S::closed},
      {S::idle, S::opening, S::polling, S::polling, S::polling, S::closed, S::closing, S::closed},
      {S::idle, S::opening, S::closed, S::closed, S::closed, S::closed, S::closed, S::closed},
      {S::idle, S::opening, S::polling, S::probing, S::pausing, S::websocket, S::closing, S::closed},
      {S::idle, S::closing, S::closed, S::closed, S::closed, S::closed, S::closing, S::closed},
  };
  for (std::size_t i = 0; i < std::size(inputs); ++i) {
    for (std::size_t s = 0; s < std::size(starts); ++s) {
      SCOPED_TRACE(std::string(inputs[i].name) + " in " + starts[s].name);
      bare_client b(starts[s].upgrade);
      starts[s].reach(b);
      ASSERT_EQ(static_cast<int>(b.c.current_state()), static_cast<int>(s)) << "start not reached";
      inputs[i].apply(b);
      EXPECT_EQ(b.c.current_state(), expected[i][s]);
    }
  }
}

TEST(eio_client, events_for_unknown_ids_change_nothing_in_any_state) {
  for (int stop = 0; stop < 10; ++stop) {
    link l;
    l.open();
    for (int i = 0; i < stop; ++i) l.step();
    const cstate before = l.client.current_state();
    const eio::client_event events[] = {eio::http_response{999, 200, "4x"}, eio::http_failed{999},
                                        eio::websocket_opened{999}, eio::websocket_message{999, "4x", false},
                                        eio::websocket_closed{999}};
    for (const auto& ev : events) l.client.handle(ev, 0);
    EXPECT_FALSE(l.client.next_action());
    EXPECT_EQ(l.client.current_state(), before);
  }
}

}  // namespace
