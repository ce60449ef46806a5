// eio::server and eio::server_session, driven without I/O: requests, WebSocket messages and
// the clock go in, actions come out. Expected bytes follow the v4 and v3 protocols as written
// (docs/engine.io-protocol/v4-current.md, v3.md) and the reference server's behaviour recorded
// in vectors/server/eio4.server.json and eio3.server.json (replayed in
// eio_session_vectors_test.cpp); the timings are the options' values, derived by hand.
#include <sioc/eio_session.hpp>

#include <gtest/gtest.h>

#include <cctype>
#include <cstdint>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <iterator>
#include <utility>
#include <vector>

namespace {

namespace eio = sioc::eio;
using state = eio::server_session::state;
using millis_t = eio::millis;

constexpr const char* kPoll = "EIO=4&transport=polling&sid=s1";
constexpr const char* kWs = "EIO=4&transport=websocket&sid=s1";

eio::server_options small_options() {
  eio::server_options o;
  o.ping_interval_ms = 300;
  o.ping_timeout_ms = 200;
  o.upgrade_timeout_ms = 1000;
  return o;
}

// A client of the server under test: sends events, performs the actions, and keeps what came
// back by request or WebSocket id.
class harness {
 public:
  explicit harness(eio::server_options opts = small_options()) : server(opts) {
    server.set_sid_generator([this] { return "s" + std::to_string(++sids_); });
  }

  std::uint64_t request(std::string method, std::string query, std::string body = {}, millis_t now = 0,
                        std::string content_type = {}) {
    const std::uint64_t id = next_id_++;
    eio::http_request r;
    r.id = id;
    r.method = method;
    r.query = query;
    r.body = body;
    r.content_type = content_type;
    server.handle(r, now);
    drain();
    return id;
  }
  std::uint64_t get(millis_t now = 0) { return request("GET", kPoll, {}, now); }
  std::uint64_t post(std::string body, millis_t now = 0) { return request("POST", kPoll, std::move(body), now); }
  // Opens a polling session "s1" and returns the handshake request's id.
  std::uint64_t open_polling(millis_t now = 0) { return request("GET", "EIO=4&transport=polling", {}, now); }

  std::uint64_t websocket(std::string query, millis_t now = 0) {
    const std::uint64_t id = next_id_++;
    eio::http_request r;
    r.id = id;
    r.method = "GET";
    r.query = query;
    r.websocket_upgrade = true;
    server.handle(r, now);
    drain();
    return id;
  }
  void ws_send(std::uint64_t id, std::string data, bool binary = false, millis_t now = 0) {
    server.handle(eio::websocket_message{id, data, binary}, now);
    drain();
  }
  void ws_closed(std::uint64_t id, millis_t now = 0) {
    server.handle(eio::websocket_closed{id}, now);
    drain();
  }
  void abort(std::uint64_t id, millis_t now = 0) {
    server.handle(eio::http_aborted{id}, now);
    drain();
  }
  void timer(millis_t now) {
    server.on_timer(now);
    drain();
  }
  bool send(std::string data, bool binary = false) {
    const bool queued = server.send("s1", data, binary);
    drain();
    return queued;
  }
  void close(millis_t now = 0) {
    EXPECT_TRUE(server.close("s1", now));
    drain();
  }

  bool answered(std::uint64_t id) const { return responses.count(id) > 0; }
  const eio::action& response(std::uint64_t id) const { return responses.at(id); }
  std::string body(std::uint64_t id) const { return answered(id) ? responses.at(id).data : "<no response>"; }
  // The frames sent on a WebSocket since the last call, text as it is, binary marked.
  std::vector<std::string> frames(std::uint64_t id) {
    std::vector<std::string> out;
    for (const eio::action& a : sent[id]) out.push_back(a.binary ? "binary:" + a.data : a.data);
    sent[id].clear();
    return out;
  }
  state session_state() const {
    const eio::server_session* s = server.find("s1");
    return s ? s->current_state() : state::closed;
  }

  eio::server server;
  std::map<std::uint64_t, eio::action> responses;
  std::map<std::uint64_t, std::vector<eio::action>> sent;
  std::map<std::uint64_t, bool> accepted, closed_ws;
  std::vector<std::pair<std::string, bool>> messages;  // received by the application
  std::vector<eio::close_reason> closed_sessions;
  int opened = 0;

 private:
  void drain() {
    while (auto a = server.next_action()) {
      switch (a->kind) {
        case eio::action_kind::http_response:
          EXPECT_EQ(responses.count(a->id), 0U) << "request " << a->id << " answered twice";
          responses[a->id] = *a;
          break;
        case eio::action_kind::websocket_accept:
          accepted[a->id] = true;
          break;
        case eio::action_kind::websocket_send:
          EXPECT_TRUE(accepted[a->id]) << "frame on a WebSocket never accepted";
          EXPECT_FALSE(closed_ws[a->id]) << "frame on a closed WebSocket";
          sent[a->id].push_back(*a);
          break;
        case eio::action_kind::websocket_close:
          closed_ws[a->id] = true;
          break;
        case eio::action_kind::session_opened:
          ++opened;
          break;
        case eio::action_kind::message:
          messages.emplace_back(a->data, a->binary);
          break;
        case eio::action_kind::session_closed:
          closed_sessions.push_back(a->reason);
          break;
      }
    }
  }
  std::uint64_t next_id_ = 1;
  int sids_ = 0;
};

const std::string kOpenPolling =
    R"(0{"sid":"s1","upgrades":["websocket"],"pingInterval":300,"pingTimeout":200,"maxPayload":1000000})";

// Runs the upgrade of session s1 up to the probe answer; returns the WebSocket's id.
std::uint64_t probe(harness& h) {
  const std::uint64_t ws = h.websocket(kWs);
  h.ws_send(ws, "2probe");
  EXPECT_EQ(h.frames(ws), std::vector<std::string>{"3probe"});
  return ws;
}

// ---- handshake --------------------------------------------------------------------------------

TEST(eio_session, polling_handshake_answers_the_open_packet) {
  harness h;
  const auto id = h.open_polling();
  ASSERT_TRUE(h.answered(id));
  EXPECT_EQ(h.response(id).status, 200);
  EXPECT_EQ(h.body(id), kOpenPolling);
  EXPECT_EQ(h.opened, 1);
  EXPECT_EQ(h.session_state(), state::polling);
}

TEST(eio_session, websocket_handshake_sends_the_open_packet_without_upgrades) {
  harness h;
  const auto ws = h.websocket("EIO=4&transport=websocket");
  EXPECT_TRUE(h.accepted[ws]);
  EXPECT_EQ(h.frames(ws), std::vector<std::string>{
                              R"(0{"sid":"s1","upgrades":[],"pingInterval":300,"pingTimeout":200,"maxPayload":1000000})"});
  EXPECT_EQ(h.session_state(), state::websocket);
}

TEST(eio_session, no_upgrades_advertised_when_upgrades_are_off) {
  auto opts = small_options();
  opts.allow_upgrades = false;
  harness h(opts);
  const auto id = h.open_polling();
  EXPECT_NE(h.body(id).find(R"("upgrades":[])"), std::string::npos) << h.body(id);
}

TEST(eio_session, disabled_transport_is_unknown) {
  auto opts = small_options();
  opts.websocket = false;
  harness h(opts);
  const auto ws = h.websocket("EIO=4&transport=websocket");
  EXPECT_FALSE(h.accepted[ws]);
  EXPECT_EQ(h.response(ws).status, 400);
  EXPECT_EQ(h.body(ws), "Transport unknown");
  EXPECT_NE(h.body(h.open_polling()).find(R"("upgrades":[])"), std::string::npos);
}

TEST(eio_session, sid_in_use_or_unusable_is_asked_for_again) {
  harness h;
  std::vector<std::string> ids = {"s1", "s1", "bad sid", "s2"};
  std::size_t next = 0;
  h.server.set_sid_generator([&] { return ids[next++]; });
  h.open_polling();
  const auto second = h.open_polling();
  EXPECT_EQ(h.response(second).status, 200);
  EXPECT_EQ(h.body(second).substr(0, 15), R"(0{"sid":"s2","u)");
  EXPECT_EQ(next, 4U);
}

TEST(eio_session, no_usable_sid_refuses_the_handshake_as_a_bad_request) {
  harness h;
  h.server.set_sid_generator([] { return std::string{}; });
  const auto id = h.open_polling();
  EXPECT_EQ(h.response(id).status, 400);
  EXPECT_EQ(h.body(id), R"({"code":3,"message":"Bad request"})");
  EXPECT_EQ(h.server.session_count(), 0U);
}

TEST(eio_session, default_sids_are_twenty_base64url_characters) {
  eio::server s;
  eio::http_request r;
  r.id = 1;
  r.method = "GET";
  r.query = "EIO=4&transport=polling";
  s.handle(r, 0);
  const auto a = s.next_action();
  ASSERT_TRUE(a);
  const std::string sid = a->data.substr(9, 20);
  EXPECT_EQ(a->data.substr(29, 2), "\",");
  for (const char c : sid) EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_') << sid;
  EXPECT_NE(s.find(sid), nullptr);
}

TEST(eio_session, query_parameters_are_form_decoded_and_the_last_one_counts) {
  harness h;
  h.open_polling();
  const auto id = h.request("GET", "EIO=3&transport=websocket&EIO=%34&transport=poll%69ng&sid=%73%31");
  EXPECT_FALSE(h.answered(id));  // held: the request reached session s1
}

// ---- polling ----------------------------------------------------------------------------------

TEST(eio_session, get_waits_until_a_packet_is_queued) {
  harness h;
  h.open_polling();
  const auto get = h.get();
  EXPECT_FALSE(h.answered(get));
  EXPECT_TRUE(h.send("hello"));
  EXPECT_EQ(h.body(get), "4hello");
  EXPECT_EQ(h.response(get).headers,
            (std::vector<std::pair<std::string, std::string>>{{"content-type", "text/plain; charset=UTF-8"},
                                                             {"cache-control", "no-store"}}));
}

TEST(eio_session, post_delivers_messages_in_order_and_answers_ok) {
  harness h;
  h.open_polling();
  const auto post = h.post("4hello\x1e" "bAQIDBA==\x1e" "6\x1e" "4");
  EXPECT_EQ(h.body(post), "ok");
  EXPECT_EQ(h.messages, (std::vector<std::pair<std::string, bool>>{
                            {"hello", false}, {std::string("\x01\x02\x03\x04"), true}, {"", false}}));
}

TEST(eio_session, queued_packets_go_out_in_order_binary_as_base64) {
  harness h;
  h.open_polling();
  EXPECT_TRUE(h.send("a"));
  EXPECT_TRUE(h.send(std::string("\x01\x02\x03\x04"), true));
  EXPECT_TRUE(h.send("b"));
  EXPECT_EQ(h.body(h.get()), "4a\x1e" "bAQIDBA==\x1e" "4b");
  EXPECT_EQ(h.server.find("s1")->buffered_packets(), 0U);
}

TEST(eio_session, a_response_stops_growing_at_max_payload) {
  auto opts = small_options();
  opts.max_payload = 17;  // "4aaaaaaa" twice with the separator
  harness h(opts);
  h.open_polling();
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(h.send("aaaaaaa"));
  EXPECT_EQ(h.body(h.get()), "4aaaaaaa\x1e" "4aaaaaaa");
  EXPECT_EQ(h.body(h.get()), "4aaaaaaa");
  EXPECT_TRUE(h.send(std::string(40, 'x')));  // alone larger than max_payload: sent alone
  EXPECT_TRUE(h.send("y"));
  EXPECT_EQ(h.body(h.get()), "4" + std::string(40, 'x'));
  EXPECT_EQ(h.body(h.get()), "4y");
}

TEST(eio_session, concurrent_get_is_refused_and_closes_the_session) {
  harness h;
  h.open_polling();
  const auto first = h.get();
  const auto second = h.get();
  EXPECT_EQ(h.response(second).status, 400);
  EXPECT_EQ(h.body(second), "");
  EXPECT_EQ(h.body(first), "1");
  EXPECT_EQ(h.closed_sessions, std::vector<eio::close_reason>{eio::close_reason::transport_error});
  EXPECT_EQ(h.response(h.get()).status, 400);  // the session is gone
}

TEST(eio_session, aborted_get_closes_the_session) {
  harness h;
  h.open_polling();
  const auto get = h.get();
  h.abort(get);
  EXPECT_FALSE(h.answered(get));
  EXPECT_EQ(h.closed_sessions, std::vector<eio::close_reason>{eio::close_reason::transport_error});
  EXPECT_EQ(h.server.session_count(), 0U);
}

TEST(eio_session, aborted_request_that_was_answered_changes_nothing) {
  harness h;
  h.open_polling();
  const auto post = h.post("4x");
  h.abort(post);
  h.abort(999);
  EXPECT_TRUE(h.closed_sessions.empty());
}

TEST(eio_session, undecodable_body_delivers_what_precedes_and_closes_with_parse_error) {
  harness h;
  h.open_polling();
  const auto get = h.get();
  const auto post = h.post("4ok\x1e" "abc");
  EXPECT_EQ(h.messages, (std::vector<std::pair<std::string, bool>>{{"ok", false}}));
  EXPECT_EQ(h.body(get), "1");
  EXPECT_EQ(h.body(post), "ok");
  EXPECT_EQ(h.closed_sessions, std::vector<eio::close_reason>{eio::close_reason::parse_error});
}

TEST(eio_session, body_over_max_payload_gets_413_and_the_session_stays) {
  auto opts = small_options();
  opts.max_payload = 10;
  harness h(opts);
  h.open_polling();
  EXPECT_EQ(h.response(h.post("4" + std::string(10, 'a'))).status, 413);
  EXPECT_EQ(h.response(h.post("4" + std::string(9, 'a'))).status, 200);
  eio::http_request r;
  r.id = 100;
  r.method = "POST";
  r.query = kPoll;
  r.body_too_large = true;
  h.server.handle(r, 0);
  const auto a = h.server.next_action();
  ASSERT_TRUE(a);
  EXPECT_EQ(a->status, 413);
  EXPECT_EQ(h.messages.size(), 1U);
  EXPECT_TRUE(h.closed_sessions.empty());
}

TEST(eio_session, binary_content_type_is_refused_and_closes_the_session) {
  harness h;
  h.open_polling();
  const auto post = h.request("POST", kPoll, "4hello", 0, "application/octet-stream");
  EXPECT_EQ(h.response(post).status, 400);
  EXPECT_TRUE(h.messages.empty());
  EXPECT_EQ(h.closed_sessions, std::vector<eio::close_reason>{eio::close_reason::transport_error});
}

TEST(eio_session, client_close_packet_answers_the_held_get_with_a_noop) {
  harness h;
  h.open_polling();
  const auto get = h.get();
  const auto post = h.post("4bye\x1e" "1\x1e" "4lost");
  EXPECT_EQ(h.body(get), "6");
  EXPECT_EQ(h.body(post), "ok");
  EXPECT_EQ(h.messages, (std::vector<std::pair<std::string, bool>>{{"bye", false}}));
  EXPECT_EQ(h.closed_sessions, std::vector<eio::close_reason>{eio::close_reason::transport_close});
}

TEST(eio_session, client_ping_is_the_wrong_direction) {
  harness h;
  h.open_polling();
  h.post("2");
  EXPECT_EQ(h.closed_sessions, std::vector<eio::close_reason>{eio::close_reason::transport_error});
}

TEST(eio_session, separator_in_text_is_refused_while_polling) {
  harness h;
  h.open_polling();
  EXPECT_FALSE(h.send("a\x1e" "4forged"));
  EXPECT_TRUE(h.send(std::string("a\x1e"), true));
  EXPECT_EQ(h.body(h.get()), "bYR4=");
}

TEST(eio_session, queue_limits_refuse_messages_beyond_them) {
  auto opts = small_options();
  opts.max_buffered_packets = 3;
  opts.max_buffered_bytes = 10;
  harness h(opts);
  h.open_polling();
  EXPECT_TRUE(h.send("12345678"));
  EXPECT_FALSE(h.send("123"));
  EXPECT_TRUE(h.send("12"));
  EXPECT_EQ(h.server.find("s1")->buffered_bytes(), 10U);
  EXPECT_TRUE(h.send("", true));  // empty data still fits the byte limit
  EXPECT_FALSE(h.send(""));       // a fourth packet does not
  h.timer(300);  // the server's ping is not counted
  EXPECT_EQ(h.server.find("s1")->buffered_packets(), 4U);
  EXPECT_EQ(h.body(h.get()), "412345678\x1e" "412\x1e" "b\x1e" "2");
  EXPECT_EQ(h.server.find("s1")->buffered_bytes(), 0U);
  EXPECT_TRUE(h.send("12345678"));
}

TEST(eio_session, session_requests_other_than_get_and_post_get_500) {
  harness h;
  h.open_polling();
  const auto put = h.request("PUT", kPoll);
  EXPECT_EQ(h.response(put).status, 500);
  EXPECT_TRUE(h.response(put).headers.empty());
  EXPECT_EQ(h.session_state(), state::polling);
}

// ---- heartbeat --------------------------------------------------------------------------------

TEST(eio_session, ping_after_the_interval_and_the_next_one_after_the_pong) {
  harness h;
  h.open_polling(1000);
  EXPECT_EQ(h.server.next_deadline(), 1300U);
  const auto get = h.get(1100);
  h.timer(1299);
  EXPECT_FALSE(h.answered(get));
  h.timer(1300);
  EXPECT_EQ(h.body(get), "2");
  EXPECT_EQ(h.server.next_deadline(), 1500U);
  h.post("3", 1450);
  EXPECT_EQ(h.server.next_deadline(), 1750U);
  h.timer(1500);
  EXPECT_TRUE(h.closed_sessions.empty());
}

TEST(eio_session, no_pong_within_the_timeout_closes_with_ping_timeout) {
  harness h;
  h.open_polling();
  h.timer(300);
  const auto get = h.get(310);
  EXPECT_EQ(h.body(get), "2");
  const auto next = h.get(320);
  h.timer(499);
  EXPECT_TRUE(h.closed_sessions.empty());
  h.timer(500);
  EXPECT_EQ(h.body(next), "1");
  EXPECT_EQ(h.closed_sessions, std::vector<eio::close_reason>{eio::close_reason::ping_timeout});
  EXPECT_EQ(h.server.next_deadline(), std::nullopt);
}

TEST(eio_session, another_packet_while_waiting_for_the_pong_extends_the_wait_once) {
  harness h;
  h.open_polling();
  h.timer(300);  // ping; pong due at 500
  h.post("4a", 450);
  EXPECT_EQ(h.server.next_deadline(), 650U);
  h.post("4b", 600);
  EXPECT_EQ(h.server.next_deadline(), 650U);
  h.timer(650);
  EXPECT_EQ(h.closed_sessions, std::vector<eio::close_reason>{eio::close_reason::ping_timeout});
}

TEST(eio_session, a_late_timer_sends_the_ping_and_waits_from_then) {
  harness h;
  h.open_polling();
  h.timer(5000);
  EXPECT_TRUE(h.closed_sessions.empty());
  EXPECT_EQ(h.server.next_deadline(), 5200U);
}

TEST(eio_session, websocket_heartbeat_uses_frames) {
  harness h;
  const auto ws = h.websocket("EIO=4&transport=websocket");
  h.frames(ws);
  h.timer(300);
  EXPECT_EQ(h.frames(ws), std::vector<std::string>{"2"});
  h.ws_send(ws, "3", false, 350);
  EXPECT_EQ(h.server.next_deadline(), 650U);
  h.timer(650);
  EXPECT_EQ(h.frames(ws), std::vector<std::string>{"2"});
  h.timer(850);
  EXPECT_TRUE(h.closed_ws[ws]);
  EXPECT_EQ(h.closed_sessions, std::vector<eio::close_reason>{eio::close_reason::ping_timeout});
}

// ---- upgrade ----------------------------------------------------------------------------------

TEST(eio_session, upgrade_sends_every_packet_once_across_the_switch) {
  harness h;
  h.open_polling();
  EXPECT_TRUE(h.send("before"));
  const auto ws = h.websocket(kWs);
  EXPECT_EQ(h.session_state(), state::upgrading);
  EXPECT_TRUE(h.send("during"));
  h.ws_send(ws, "2probe");
  EXPECT_EQ(h.frames(ws), std::vector<std::string>{"3probe"});
  EXPECT_EQ(h.session_state(), state::upgrade_probed);
  EXPECT_EQ(h.body(h.get()), "4before\x1e" "4during");
  EXPECT_TRUE(h.send("after probe"));
  h.ws_send(ws, "5");
  EXPECT_EQ(h.session_state(), state::websocket);
  EXPECT_EQ(h.frames(ws), std::vector<std::string>{"4after probe"});
  EXPECT_TRUE(h.send("upgraded"));
  EXPECT_TRUE(h.send(std::string("\x01"), true));
  EXPECT_EQ(h.frames(ws), (std::vector<std::string>{"4upgraded", "binary:\x01"}));
  h.ws_send(ws, "4hello");
  EXPECT_EQ(h.messages, (std::vector<std::pair<std::string, bool>>{{"hello", false}}));
  EXPECT_EQ(h.response(h.get()).status, 400);  // polling is over for this session
}

TEST(eio_session, get_held_at_the_probe_is_drained_with_a_noop) {
  harness h;
  h.open_polling();
  const auto get = h.get();
  probe(h);
  EXPECT_EQ(h.body(get), "6");
}

TEST(eio_session, get_after_the_probe_with_nothing_queued_gets_a_noop) {
  harness h;
  h.open_polling();
  probe(h);
  EXPECT_EQ(h.body(h.get()), "6");
}

TEST(eio_session, get_held_at_the_upgrade_gets_a_noop) {
  harness h;
  h.open_polling();
  const auto ws = h.websocket(kWs);
  const auto get = h.get();
  h.ws_send(ws, "5");
  EXPECT_EQ(h.body(get), "6");
  EXPECT_EQ(h.session_state(), state::websocket);
}

TEST(eio_session, another_packet_on_the_probe_ends_the_upgrade) {
  harness h;
  h.open_polling();
  const auto ws = h.websocket(kWs);
  h.ws_send(ws, "4early");
  EXPECT_TRUE(h.closed_ws[ws]);
  EXPECT_TRUE(h.messages.empty());
  EXPECT_EQ(h.session_state(), state::polling);
  h.post("4still polling");
  EXPECT_EQ(h.messages.size(), 1U);
}

TEST(eio_session, undecodable_probe_frame_ends_the_upgrade) {
  harness h;
  h.open_polling();
  const auto ws = h.websocket(kWs);
  h.ws_send(ws, "abc");
  EXPECT_TRUE(h.closed_ws[ws]);
  EXPECT_EQ(h.session_state(), state::polling);
  EXPECT_TRUE(h.closed_sessions.empty());
}

TEST(eio_session, probe_websocket_closed_by_the_client_ends_the_upgrade) {
  harness h;
  h.open_polling();
  const auto ws = probe(h);
  h.ws_closed(ws);
  EXPECT_EQ(h.session_state(), state::polling);
  EXPECT_TRUE(h.send("x"));
  EXPECT_EQ(h.body(h.get()), "4x");
}

TEST(eio_session, upgrade_timeout_closes_the_probe_and_polling_goes_on) {
  harness h;
  h.open_polling();
  const auto ws = probe(h);
  h.post("3", 250);  // no ping outstanding: the next ping is due at 550
  EXPECT_EQ(h.server.next_deadline(), 550U);
  h.timer(550);
  EXPECT_EQ(h.session_state(), state::upgrade_probed);
  h.post("3", 600);
  EXPECT_EQ(h.server.next_deadline(), 900U);
  h.timer(999);
  EXPECT_FALSE(h.closed_ws[ws]);
  h.timer(1000);
  EXPECT_TRUE(h.closed_ws[ws]);
  EXPECT_EQ(h.session_state(), state::polling);
  EXPECT_TRUE(h.closed_sessions.empty());
}

TEST(eio_session, ping_timeout_during_an_upgrade_closes_the_probe_too) {
  harness h;
  h.open_polling();
  h.timer(300);  // ping; pong due at 500
  const auto ws = h.websocket(kWs, 400);  // upgrade due by 1400
  h.ws_send(ws, "2probe", false, 410);  // probe traffic does not extend the wait for the pong
  EXPECT_EQ(h.server.next_deadline(), 500U);
  h.timer(500);
  EXPECT_TRUE(h.closed_ws[ws]);
  EXPECT_EQ(h.closed_sessions, std::vector<eio::close_reason>{eio::close_reason::ping_timeout});
}

TEST(eio_session, second_websocket_while_upgrading_is_accepted_and_closed) {
  harness h;
  h.open_polling();
  const auto ws = h.websocket(kWs);
  const auto ws2 = h.websocket(kWs);
  EXPECT_TRUE(h.accepted[ws2]);
  EXPECT_TRUE(h.closed_ws[ws2]);
  h.ws_closed(ws2);
  h.ws_send(ws, "2probe");
  EXPECT_EQ(h.frames(ws), std::vector<std::string>{"3probe"});
}

TEST(eio_session, pong_over_the_new_transport_answers_a_ping_sent_before_the_upgrade) {
  harness h;
  h.open_polling();
  const auto ws = probe(h);
  h.timer(300);
  EXPECT_EQ(h.body(h.get(310)), "2");
  h.ws_send(ws, "5", false, 320);
  h.ws_send(ws, "3", false, 330);
  EXPECT_EQ(h.server.next_deadline(), 630U);
  h.timer(600);
  EXPECT_TRUE(h.closed_sessions.empty());
}

// ---- close ------------------------------------------------------------------------------------

TEST(eio_session, close_with_a_held_get_sends_the_close_packet) {
  harness h;
  h.open_polling();
  const auto get = h.get();
  h.close();
  EXPECT_EQ(h.body(get), "1");
  EXPECT_EQ(h.closed_sessions, std::vector<eio::close_reason>{eio::close_reason::forced_close});
}

TEST(eio_session, close_sends_the_queued_packets_first) {
  harness h;
  h.open_polling();
  EXPECT_TRUE(h.send("last words"));
  h.close(10);
  EXPECT_EQ(h.session_state(), state::closing);
  EXPECT_FALSE(h.send("too late"));
  EXPECT_EQ(h.body(h.get(20)), "4last words\x1e" "1");
  EXPECT_EQ(h.closed_sessions, std::vector<eio::close_reason>{eio::close_reason::forced_close});
}

TEST(eio_session, close_without_a_poll_ends_after_interval_plus_timeout) {
  harness h;
  h.open_polling();
  h.close(100);
  EXPECT_EQ(h.server.next_deadline(), 600U);
  h.timer(599);
  EXPECT_EQ(h.session_state(), state::closing);
  h.timer(600);
  EXPECT_EQ(h.closed_sessions, std::vector<eio::close_reason>{eio::close_reason::forced_close});
}

TEST(eio_session, close_during_an_upgrade_closes_the_probe) {
  harness h;
  h.open_polling();
  const auto ws = probe(h);
  const auto get = h.get();
  EXPECT_EQ(h.body(get), "6");
  h.close();
  EXPECT_TRUE(h.closed_ws[ws]);
  EXPECT_EQ(h.body(h.get()), "1");
}

TEST(eio_session, close_on_websocket_closes_it) {
  harness h;
  const auto ws = h.websocket("EIO=4&transport=websocket");
  h.frames(ws);
  h.close();
  EXPECT_TRUE(h.frames(ws).empty());
  EXPECT_TRUE(h.closed_ws[ws]);
  EXPECT_EQ(h.closed_sessions, std::vector<eio::close_reason>{eio::close_reason::forced_close});
  EXPECT_FALSE(h.server.send("s1", "x", false));
  EXPECT_FALSE(h.server.close("s1", 0));
}

TEST(eio_session, websocket_close_packet_closes_the_session) {
  harness h;
  const auto ws = h.websocket("EIO=4&transport=websocket");
  h.ws_send(ws, "1");
  EXPECT_TRUE(h.closed_ws[ws]);
  EXPECT_EQ(h.closed_sessions, std::vector<eio::close_reason>{eio::close_reason::transport_close});
}

TEST(eio_session, websocket_closed_by_the_client_closes_the_session) {
  harness h;
  const auto ws = h.websocket("EIO=4&transport=websocket");
  h.ws_closed(ws);
  EXPECT_FALSE(h.closed_ws[ws]);  // already closed: nothing to do
  EXPECT_EQ(h.closed_sessions, std::vector<eio::close_reason>{eio::close_reason::transport_close});
}

TEST(eio_session, undecodable_websocket_frame_closes_with_parse_error) {
  harness h;
  const auto ws = h.websocket("EIO=4&transport=websocket");
  h.ws_send(ws, "abc");
  EXPECT_TRUE(h.closed_ws[ws]);
  EXPECT_EQ(h.closed_sessions, std::vector<eio::close_reason>{eio::close_reason::parse_error});
  h.ws_send(ws, "4ignored");
  EXPECT_TRUE(h.messages.empty());
}

TEST(eio_session, websocket_message_over_max_payload_is_a_transport_error) {
  auto opts = small_options();
  opts.max_payload = 8;
  harness h(opts);
  const auto ws = h.websocket("EIO=4&transport=websocket");
  h.ws_send(ws, std::string(8, 'x'), true);
  EXPECT_EQ(h.messages.size(), 1U);
  h.ws_send(ws, std::string(9, 'x'), true);
  EXPECT_EQ(h.messages.size(), 1U);
  EXPECT_EQ(h.closed_sessions, std::vector<eio::close_reason>{eio::close_reason::transport_error});
}

TEST(eio_session, websocket_binary_frame_is_a_binary_message) {
  harness h;
  const auto ws = h.websocket("EIO=4&transport=websocket");
  h.ws_send(ws, std::string("\x01\x02", 2), true);
  h.ws_send(ws, "bAQI=");
  EXPECT_EQ(h.messages, (std::vector<std::pair<std::string, bool>>{{std::string("\x01\x02", 2), true},
                                                                   {std::string("\x01\x02", 2), true}}));
}

TEST(eio_session, close_reasons_read_as_the_reference_writes_them) {
  EXPECT_STREQ(eio::to_string(eio::close_reason::transport_close), "transport close");
  EXPECT_STREQ(eio::to_string(eio::close_reason::ping_timeout), "ping timeout");
  EXPECT_STREQ(eio::to_string(eio::close_reason::parse_error), "parse error");
  EXPECT_STREQ(eio::to_string(eio::close_reason::forced_close), "forced close");
  EXPECT_STREQ(eio::to_string(eio::close_reason::transport_error), "transport error");
}

TEST(eio_session, events_for_unknown_ids_are_ignored) {
  harness h;
  h.open_polling();
  h.ws_send(42, "4x");
  h.ws_closed(42);
  h.abort(42);
  EXPECT_TRUE(h.messages.empty());
  EXPECT_TRUE(h.closed_sessions.empty());
  EXPECT_FALSE(h.server.send("nope", "x", false));
}

// ---- Engine.IO v3 -----------------------------------------------------------------------------

constexpr const char* kPoll3 = "EIO=3&transport=polling&sid=s1";

eio::server_options v3_options() {
  auto o = small_options();
  o.allow_eio3 = true;
  return o;
}

TEST(eio_session, v3_is_refused_unless_allowed) {
  harness h;
  const auto id = h.request("GET", "EIO=3&transport=polling");
  EXPECT_EQ(h.body(id), R"({"code":5,"message":"Unsupported protocol version"})");
  harness allowed(v3_options());
  const auto ok = allowed.request("GET", "EIO=3&transport=polling");
  EXPECT_EQ(allowed.body(ok), "96:" + kOpenPolling);  // the same open packet, length-prefixed
  EXPECT_EQ(allowed.server.find("s1")->protocol(), 3);
}

TEST(eio_session, v3_client_pings_and_the_server_answers) {
  harness h(v3_options());
  h.request("GET", "EIO=3&transport=polling");
  EXPECT_EQ(h.server.next_deadline(), 500U);  // pingInterval + pingTimeout for the first ping
  h.timer(499);
  EXPECT_TRUE(h.closed_sessions.empty());
  h.request("POST", kPoll3, "1:2", 400);
  EXPECT_EQ(h.server.next_deadline(), 900U);
  EXPECT_EQ(h.body(h.request("GET", kPoll3, {}, 410)), "1:3");
  h.request("POST", kPoll3, "6:4hello", 800);  // only a ping keeps a v3 session alive
  EXPECT_EQ(h.server.next_deadline(), 900U);
  h.timer(900);
  EXPECT_EQ(h.closed_sessions, std::vector<eio::close_reason>{eio::close_reason::ping_timeout});
}

TEST(eio_session, v3_client_pong_is_the_wrong_direction) {
  harness h(v3_options());
  h.request("GET", "EIO=3&transport=polling");
  h.request("POST", kPoll3, "1:3");
  EXPECT_EQ(h.closed_sessions, std::vector<eio::close_reason>{eio::close_reason::transport_error});
}

TEST(eio_session, v3_pings_while_a_pong_waits_add_no_pong) {
  harness h(v3_options());
  h.request("GET", "EIO=3&transport=polling");
  h.request("POST", kPoll3, "1:21:21:2");
  h.request("POST", kPoll3, "1:2");
  EXPECT_EQ(h.server.find("s1")->buffered_packets(), 1U);
  EXPECT_EQ(h.body(h.request("GET", kPoll3)), "1:3");
  h.request("POST", kPoll3, "1:2");
  EXPECT_EQ(h.body(h.request("GET", kPoll3)), "1:3");
}

TEST(eio_session, v3_response_takes_the_whole_queue) {
  auto opts = v3_options();
  opts.max_payload = 10;
  harness h(opts);
  h.request("GET", "EIO=3&transport=polling");
  EXPECT_TRUE(h.send("aaaaaaaa"));
  EXPECT_TRUE(h.send("b\x1e"));  // no separator in v3 text payloads
  EXPECT_EQ(h.body(h.request("GET", kPoll3)), "9:4aaaaaaaa3:4b\x1e");
}

TEST(eio_session, v3_binary_goes_out_as_an_xhr2_payload_or_as_base64_text) {
  harness h(v3_options());
  h.request("GET", "EIO=3&transport=polling");
  EXPECT_TRUE(h.send("a"));
  EXPECT_TRUE(h.send(std::string("\x01\x02", 2), true));
  const auto get = h.request("GET", kPoll3);
  EXPECT_EQ(h.body(get), std::string("\x00\x02\xff" "4a" "\x01\x03\xff\x04\x01\x02", 11));
  EXPECT_EQ(h.response(get).headers[0].second, "application/octet-stream");

  harness b64(v3_options());
  b64.request("GET", "EIO=3&transport=polling&b64=1");
  EXPECT_TRUE(b64.send(std::string("\x01\x02", 2), true));
  EXPECT_EQ(b64.body(b64.request("GET", kPoll3)), "6:b4AQI=");
}

TEST(eio_session, v3_close_ends_the_held_get_with_a_close_payload) {
  harness h(v3_options());
  h.request("GET", "EIO=3&transport=polling");
  const auto get = h.request("GET", kPoll3);
  h.close();
  EXPECT_EQ(h.body(get), "1:1");
  EXPECT_EQ(h.closed_sessions, std::vector<eio::close_reason>{eio::close_reason::forced_close});
}

TEST(eio_session, v3_websocket_frames_carry_the_type_and_pings_get_pongs) {
  harness h(v3_options());
  const auto ws = h.websocket("EIO=3&transport=websocket");
  h.frames(ws);
  h.ws_send(ws, std::string("\x04\x01", 2), true);
  EXPECT_EQ(h.messages, (std::vector<std::pair<std::string, bool>>{{std::string("\x01", 1), true}}));
  EXPECT_TRUE(h.send(std::string("\x02", 1), true));
  EXPECT_EQ(h.frames(ws), std::vector<std::string>{std::string("binary:\x04\x02", 9)});
  h.ws_send(ws, "2", false, 450);
  EXPECT_EQ(h.frames(ws), std::vector<std::string>{"3"});
  EXPECT_EQ(h.server.next_deadline(), 950U);
  h.timer(950);
  EXPECT_TRUE(h.closed_ws[ws]);
  EXPECT_EQ(h.closed_sessions, std::vector<eio::close_reason>{eio::close_reason::ping_timeout});
}

TEST(eio_session, v3_upgrade_drains_the_get_with_a_noop_payload) {
  harness h(v3_options());
  h.request("GET", "EIO=3&transport=polling");
  const auto get = h.request("GET", kPoll3);
  const auto ws = h.websocket("EIO=3&transport=websocket&sid=s1");
  h.ws_send(ws, "2probe");
  EXPECT_EQ(h.frames(ws), std::vector<std::string>{"3probe"});
  EXPECT_EQ(h.body(get), "1:6");
  EXPECT_TRUE(h.send("queued"));
  h.ws_send(ws, "5");
  EXPECT_EQ(h.frames(ws), std::vector<std::string>{"4queued"});
  EXPECT_EQ(h.response(h.request("GET", "EIO=4&transport=websocket&sid=s1")).status, 400);  // protocol mismatch
}

// ---- every state takes every input --------------------------------------------------------------

// Each session state, reached through the public interface, given each kind of input: the
// state it ends in, and (checked by the harness) no request answered twice and no frame on a
// WebSocket that is not open.
TEST(eio_session, every_state_takes_every_input) {
  struct start {
    const char* name;
    std::uint64_t (*reach)(harness&);  // returns the session's WebSocket id, or 0
  };
  const start starts[] = {
      {"polling", [](harness& h) -> std::uint64_t { h.open_polling(); return 0; }},
      {"upgrading", [](harness& h) { h.open_polling(); return h.websocket(kWs); }},
      {"upgrade_probed", [](harness& h) { h.open_polling(); return probe(h); }},
      {"websocket", [](harness& h) { return h.websocket("EIO=4&transport=websocket"); }},
      {"closing", [](harness& h) -> std::uint64_t { h.open_polling(); h.send("x"); h.close(); return 0; }},
  };
  struct input {
    const char* name;
    void (*apply)(harness&, std::uint64_t ws);
  };
  const std::uint64_t kNoWebSocket = 999;
  const input inputs[] = {
      {"get", [](harness& h, std::uint64_t) { h.get(); }},
      {"post", [](harness& h, std::uint64_t) { h.post("4m"); }},
      {"websocket message", [](harness& h, std::uint64_t ws) { h.ws_send(ws ? ws : kNoWebSocket, "4m"); }},
      {"websocket closed", [](harness& h, std::uint64_t ws) { h.ws_closed(ws ? ws : kNoWebSocket); }},
      {"get aborted", [](harness& h, std::uint64_t) { h.abort(h.get()); }},
      {"timer", [](harness& h, std::uint64_t) { h.timer(1000); }},
      {"send", [](harness& h, std::uint64_t) { h.send("m"); }},
      {"close", [](harness& h, std::uint64_t) { h.close(); }},
  };
  // expected[input][start]
  const state expected[][5] = {
      {state::polling, state::upgrading, state::upgrade_probed, state::websocket, state::closed},
      {state::polling, state::upgrading, state::upgrade_probed, state::websocket, state::closing},
      {state::polling, state::polling, state::polling, state::websocket, state::closing},
      {state::polling, state::polling, state::polling, state::closed, state::closing},
      {state::closed, state::closed, state::upgrade_probed, state::websocket, state::closed},
      {state::polling, state::polling, state::polling, state::websocket, state::closed},
      {state::polling, state::upgrading, state::upgrade_probed, state::websocket, state::closing},
      {state::closing, state::closing, state::closing, state::closed, state::closing},
  };
  for (std::size_t i = 0; i < std::size(inputs); ++i) {
    for (std::size_t s = 0; s < std::size(starts); ++s) {
      SCOPED_TRACE(std::string(inputs[i].name) + " in " + starts[s].name);
      harness h;
      const std::uint64_t ws = starts[s].reach(h);
      inputs[i].apply(h, ws);
      EXPECT_EQ(h.session_state(), expected[i][s]);
      EXPECT_EQ(h.closed_sessions.size(), expected[i][s] == state::closed ? 1U : 0U);
    }
  }
}

// ---- the same rules in v4 and v3 ----------------------------------------------------------------

// What differs between the versions for a test that states one rule for both: the queries and
// the polling body format (v4: packets joined by 0x1E; v3: each packet after its length and a
// colon, lengths in UTF-16 code units, bytes here as every test string is ASCII).
struct version {
  int eio;
  std::string handshake, poll, ws;
  std::string body(const std::vector<std::string>& packets) const {
    std::string out;
    for (const std::string& p : packets) {
      if (eio == 4) {
        if (!out.empty()) out += '\x1e';
        out += p;
      } else {
        out += std::to_string(p.size()) + ":" + p;
      }
    }
    return out;
  }
};

class both_versions : public ::testing::TestWithParam<int> {
 protected:
  version v() const {
    const std::string e = "EIO=" + std::to_string(GetParam());
    return {GetParam(), e + "&transport=polling", e + "&transport=polling&sid=s1", e + "&transport=websocket&sid=s1"};
  }
  eio::server_options options() const {
    auto o = small_options();
    o.allow_eio3 = true;
    return o;
  }
  std::uint64_t open(harness& h, millis_t now = 0) const { return h.request("GET", v().handshake, {}, now); }
  std::uint64_t get(harness& h, millis_t now = 0) const { return h.request("GET", v().poll, {}, now); }
  std::uint64_t post(harness& h, const std::vector<std::string>& packets, millis_t now = 0) const {
    return h.request("POST", v().poll, v().body(packets), now);
  }
};

INSTANTIATE_TEST_SUITE_P(eio, both_versions, ::testing::Values(4, 3),
                         [](const ::testing::TestParamInfo<int>& param_info) { return "v" + std::to_string(param_info.param); });

using received = std::vector<std::pair<std::string, bool>>;

TEST_P(both_versions, handshake_answers_the_open_packet_and_opens_the_session) {
  harness h(options());
  const auto id = open(h);
  EXPECT_EQ(h.body(id), v().body({kOpenPolling}));
  EXPECT_EQ(h.opened, 1);
  EXPECT_EQ(h.server.find("s1")->protocol(), GetParam());
}

TEST_P(both_versions, get_waits_until_a_packet_is_queued) {
  harness h(options());
  open(h);
  const auto id = get(h);
  EXPECT_FALSE(h.answered(id));
  EXPECT_TRUE(h.send("hello"));
  EXPECT_EQ(h.body(id), v().body({"4hello"}));
}

TEST_P(both_versions, post_delivers_every_packet_in_order_and_answers_ok) {
  harness h(options());
  open(h);
  const auto id = post(h, {"4one", "6", "4two", "4"});
  EXPECT_EQ(h.body(id), "ok");
  EXPECT_EQ(h.messages, (received{{"one", false}, {"two", false}, {"", false}}));
}

TEST_P(both_versions, second_concurrent_get_closes_the_session) {
  harness h(options());
  open(h);
  const auto first = get(h);
  const auto second = get(h);
  EXPECT_EQ(h.response(second).status, 400);
  EXPECT_EQ(h.body(first), v().body({"1"}));
  EXPECT_EQ(h.closed_sessions, std::vector<eio::close_reason>{eio::close_reason::transport_error});
}

TEST_P(both_versions, every_body_up_to_max_payload_is_taken_and_one_byte_more_gets_413) {
  auto opts = options();
  opts.max_payload = 40;
  harness h(opts);
  open(h);
  std::size_t taken = 0;
  for (std::size_t size = 1; size <= opts.max_payload + 1; ++size) {
    // One message whose body is `size` bytes; v3 spends the length prefix on it too, so a
    // v3 body of 12 bytes cannot hold exactly one message ("9:" + 9 bytes, "10:" + 10 bytes).
    std::size_t data = size - 1;
    if (GetParam() == 3) {
      if (size < 3 || size == 12) continue;
      data = size < 12 ? size - 3 : size - 4;
    }
    const std::string packet = "4" + std::string(data, 'a');
    const std::string body = v().body({packet});
    ASSERT_EQ(body.size(), size);
    const auto id = h.request("POST", v().poll, body);
    SCOPED_TRACE("body of " + std::to_string(size) + " bytes");
    if (size <= opts.max_payload) {
      EXPECT_EQ(h.body(id), "ok");
      ++taken;
      EXPECT_EQ(h.messages.back().first, std::string(data, 'a'));
    } else {
      EXPECT_EQ(h.response(id).status, 413);
    }
  }
  EXPECT_EQ(h.messages.size(), taken);
  EXPECT_TRUE(h.closed_sessions.empty());
}

TEST_P(both_versions, every_split_of_a_body_into_two_posts_delivers_the_same_messages) {
  const std::vector<std::string> packets = {"4first", "bAQIDBA==", "6", "4", "4last"};
  if (GetParam() == 3) return;  // v3 binary packets over text polling are "b4..."; see the next test
  for (std::size_t k = 1; k < packets.size(); ++k) {
    SCOPED_TRACE("first POST takes " + std::to_string(k) + " packets");
    harness h(options());
    open(h);
    post(h, std::vector<std::string>(packets.begin(), packets.begin() + static_cast<std::ptrdiff_t>(k)));
    post(h, std::vector<std::string>(packets.begin() + static_cast<std::ptrdiff_t>(k), packets.end()));
    EXPECT_EQ(h.messages, (received{{"first", false}, {std::string("\x01\x02\x03\x04"), true}, {"", false}, {"last", false}}));
    EXPECT_TRUE(h.closed_sessions.empty());
  }
}

TEST_P(both_versions, every_byte_split_of_a_body_is_two_bodies_each_decoded_on_its_own) {
  // Whatever the cut, each POST is a body of its own: the session delivers what the first half
  // decodes to, then what the second does, and closes with parse_error at the first half that
  // does not decode (after the packets of that half that precede the fault). Nothing is carried
  // from one POST to the next. A cut between v3 records delivers everything.
  const std::vector<std::string> packets =
      GetParam() == 4 ? std::vector<std::string>{"4ab", "bAQI=", "4cd"} : std::vector<std::string>{"4ab", "b4AQI=", "4cd"};
  const std::string body = v().body(packets);
  for (std::size_t i = 1; i < body.size(); ++i) {
    SCOPED_TRACE("cut at byte " + std::to_string(i));
    received expected;
    bool fails = false;
    for (const std::string& half : {body.substr(0, i), body.substr(i)}) {
      eio::payload decoded;
      const auto n = GetParam() == 4 ? eio::decode_payload(half, decoded) : eio::v3::decode_text_payload(half, decoded);
      for (const eio::packet& p : decoded) {
        if (p.type == eio::packet_type::message) expected.emplace_back(std::string(p.data), p.binary);
      }
      if (!n) {
        fails = true;
        break;
      }
    }
    harness h(options());
    open(h);
    h.request("POST", v().poll, body.substr(0, i));
    h.request("POST", v().poll, body.substr(i));
    EXPECT_EQ(h.messages, expected);
    EXPECT_EQ(h.closed_sessions, fails ? std::vector<eio::close_reason>{eio::close_reason::parse_error}
                                       : std::vector<eio::close_reason>{});
    if (GetParam() == 3 && (i == 5 || i == 13)) {
      EXPECT_FALSE(fails);
      EXPECT_EQ(h.messages, (received{{"ab", false}, {std::string("\x01\x02"), true}, {"cd", false}}));
    }
  }
}

TEST_P(both_versions, upgrade_sends_every_packet_once_across_the_switch) {
  harness h(options());
  open(h);
  EXPECT_TRUE(h.send("before"));
  const auto ws = h.websocket(v().ws);
  EXPECT_TRUE(h.send("during"));
  h.ws_send(ws, "2probe");
  EXPECT_EQ(h.frames(ws), std::vector<std::string>{"3probe"});
  EXPECT_EQ(h.body(get(h)), v().body({"4before", "4during"}));
  EXPECT_EQ(h.body(get(h)), v().body({"6"}));
  EXPECT_TRUE(h.send("after the probe"));
  h.ws_send(ws, "5");
  EXPECT_TRUE(h.send("upgraded"));
  EXPECT_EQ(h.frames(ws), (std::vector<std::string>{"4after the probe", "4upgraded"}));
  EXPECT_EQ(h.session_state(), state::websocket);
}

TEST_P(both_versions, close_sends_the_queue_then_the_close_packet) {
  harness h(options());
  open(h);
  EXPECT_TRUE(h.send("last"));
  h.close();
  EXPECT_EQ(h.body(get(h)), v().body({"4last", "1"}));
  EXPECT_EQ(h.closed_sessions, std::vector<eio::close_reason>{eio::close_reason::forced_close});
}

TEST_P(both_versions, client_close_packet_closes_the_session_and_drops_what_follows) {
  harness h(options());
  open(h);
  const auto held = get(h);
  post(h, {"4bye", "1", "4lost"});
  EXPECT_EQ(h.body(held), v().body({"6"}));
  EXPECT_EQ(h.messages, (received{{"bye", false}}));
  EXPECT_EQ(h.closed_sessions, std::vector<eio::close_reason>{eio::close_reason::transport_close});
}

TEST_P(both_versions, bad_requests_get_the_reference_errors) {
  harness h(options());
  open(h);
  const std::string e = "EIO=" + std::to_string(GetParam());
  EXPECT_EQ(h.body(h.request("GET", e + "&transport=polling&sid=nope")), R"({"code":1,"message":"Session ID unknown"})");
  EXPECT_EQ(h.body(h.request("GET", e + "&transport=carrier-pigeon")), R"({"code":0,"message":"Transport unknown"})");
  EXPECT_EQ(h.body(h.request("POST", e + "&transport=polling")), R"({"code":2,"message":"Bad handshake method"})");
  EXPECT_EQ(h.body(h.request("GET", e + "&transport=websocket")), R"({"code":3,"message":"Bad request"})");
  const std::string other = GetParam() == 4 ? "EIO=3" : "EIO=4";
  EXPECT_EQ(h.body(h.request("GET", other + "&transport=polling&sid=s1")), R"({"code":3,"message":"Bad request"})");
  EXPECT_EQ(h.response(h.request("DELETE", v().poll)).status, 500);
  EXPECT_TRUE(h.closed_sessions.empty());
}

TEST_P(both_versions, garbage_from_a_client_never_crashes_and_never_reaches_another_session) {
  // POST bodies (text, and v3's binary content type) and WebSocket frames of random bytes and
  // of random packet characters, on polling, on a probe and on an upgraded WebSocket; under
  // the sanitizers, no fault and no leak, and a second session sees nothing of it.
  std::mt19937 rng(20261207);
  const std::string alphabet = "0123456b:\x1e" "abcAQI=\xff\x00{}\"";
  for (int round = 0; round < 300; ++round) {
    std::string junk(rng() % 40, '\0');
    for (char& ch : junk) {
      ch = round % 2 ? static_cast<char>(rng() & 0xFF) : alphabet[rng() % alphabet.size()];
    }
    harness h(options());
    open(h);
    h.request("GET", v().handshake);  // s2, untouched
    const auto ws = h.websocket(v().ws);
    if (round % 3 == 1) h.ws_send(ws, "2probe");
    if (round % 3 == 2) h.ws_send(ws, "5");
    h.request("POST", v().poll, junk, 0, round % 4 == 0 ? "application/octet-stream" : "");
    h.ws_send(ws, junk, rng() % 2 == 0);
    EXPECT_NE(h.server.find("s2"), nullptr);
    EXPECT_EQ(h.server.find("s2")->buffered_packets(), 0U);
    EXPECT_LE(h.closed_sessions.size(), 1U);
  }
}

// ---- timers fired in every order that matters ---------------------------------------------------

TEST(eio_session_timers, a_pong_at_the_deadline_counts_only_before_the_timer) {
  for (const bool pong_first : {true, false}) {
    SCOPED_TRACE(pong_first ? "pong, then the timer" : "the timer, then the pong");
    harness h;
    h.open_polling();
    h.timer(300);  // ping; pong due at 500
    if (pong_first) h.post("3", 500);
    h.timer(500);
    const auto late = h.post("3", 500);
    if (pong_first) {
      EXPECT_TRUE(h.closed_sessions.empty());
      EXPECT_EQ(h.server.next_deadline(), 800U);
    } else {
      EXPECT_EQ(h.closed_sessions, std::vector<eio::close_reason>{eio::close_reason::ping_timeout});
      EXPECT_EQ(h.response(late).status, 400);  // the session is gone
    }
  }
}

TEST(eio_session_timers, v3_a_ping_at_the_deadline_counts_only_before_the_timer) {
  for (const bool ping_first : {true, false}) {
    SCOPED_TRACE(ping_first ? "ping, then the timer" : "the timer, then the ping");
    harness h(v3_options());
    h.request("GET", "EIO=3&transport=polling");
    if (ping_first) h.request("POST", kPoll3, "1:2", 500);
    h.timer(500);
    if (ping_first) {
      EXPECT_TRUE(h.closed_sessions.empty());
      EXPECT_EQ(h.server.next_deadline(), 1000U);
    } else {
      EXPECT_EQ(h.closed_sessions, std::vector<eio::close_reason>{eio::close_reason::ping_timeout});
    }
  }
}

TEST(eio_session_timers, a_get_at_the_ping_time_gets_the_ping_either_way) {
  for (const bool get_first : {true, false}) {
    SCOPED_TRACE(get_first ? "GET, then the timer" : "the timer, then the GET");
    harness h;
    h.open_polling();
    std::uint64_t get = 0;
    if (get_first) get = h.get(300);
    h.timer(300);
    if (!get_first) get = h.get(300);
    EXPECT_EQ(h.body(get), "2");
    EXPECT_EQ(h.server.next_deadline(), 500U);
  }
}

TEST(eio_session_timers, upgrade_at_the_upgrade_deadline_counts_only_before_the_timer) {
  for (const bool upgrade_first : {true, false}) {
    SCOPED_TRACE(upgrade_first ? "\"5\", then the timer" : "the timer, then \"5\"");
    auto opts = small_options();
    opts.upgrade_timeout_ms = 100;  // before the first ping
    harness h(opts);
    h.open_polling();
    const auto ws = probe(h);
    if (upgrade_first) h.ws_send(ws, "5", false, 100);
    h.timer(100);
    if (!upgrade_first) h.ws_send(ws, "5", false, 100);
    EXPECT_EQ(h.session_state(), upgrade_first ? state::websocket : state::polling);
    EXPECT_EQ(h.closed_ws[ws], !upgrade_first);
    EXPECT_TRUE(h.closed_sessions.empty());
  }
}

TEST(eio_session_timers, a_get_at_the_close_deadline_gets_the_close_packet_only_before_the_timer) {
  for (const bool get_first : {true, false}) {
    SCOPED_TRACE(get_first ? "GET, then the timer" : "the timer, then the GET");
    harness h;
    h.open_polling();
    h.close(0);  // no GET held: the session waits until 500 for one
    std::uint64_t get = 0;
    if (get_first) get = h.get(500);
    h.timer(500);
    if (!get_first) get = h.get(500);
    EXPECT_EQ(h.closed_sessions, std::vector<eio::close_reason>{eio::close_reason::forced_close});
    if (get_first) {
      EXPECT_EQ(h.body(get), "1");
    } else {
      EXPECT_EQ(h.response(get).status, 400);
    }
  }
}

TEST(eio_session_timers, the_ping_timeout_wins_over_an_upgrade_timeout_due_at_the_same_time) {
  auto opts = small_options();
  opts.upgrade_timeout_ms = 200;
  harness h(opts);
  h.open_polling();
  h.timer(300);  // ping; pong due at 500
  const auto ws = h.websocket(kWs, 300);  // upgrade due at 500 too
  h.timer(500);
  EXPECT_TRUE(h.closed_ws[ws]);
  EXPECT_EQ(h.closed_sessions, std::vector<eio::close_reason>{eio::close_reason::ping_timeout});
}

// next_action(action&) trades the memory of the action given for the next one: drained into one
// object for good, every action must read exactly as the one std::optional<action>
// next_action() gives, whatever the object held before (headers, a long body, binary data).
TEST(eio_session, actions_drained_into_one_reused_object_are_the_same_actions) {
  eio::server by_value(small_options());
  eio::server reusing(small_options());
  for (eio::server* s : {&by_value, &reusing}) {
    s->set_sid_generator([n = 0]() mutable { return "s" + std::to_string(++n); });
  }
  const auto describe = [](const eio::action& a) {
    std::string d = std::to_string(static_cast<int>(a.kind)) + "|" + std::to_string(a.id) + "|" + a.sid + "|" +
                    std::to_string(a.status) + "|";
    for (const auto& [name, value] : a.headers) d += name + "=" + value + ";";
    return d + "|" + a.data + "|" + (a.binary ? "b" : "t") + "|" + std::to_string(static_cast<int>(a.reason));
  };
  std::vector<std::string> got_by_value, got_reusing;
  eio::action a;
  const auto step = [&](auto&& call) {
    call(by_value);
    while (std::optional<eio::action> x = by_value.next_action()) {
      got_by_value.push_back(describe(*x));
      if (x->kind == eio::action_kind::message) by_value.send(x->sid, x->data, x->binary);
    }
    call(reusing);
    while (reusing.next_action(a)) {
      got_reusing.push_back(describe(a));
      if (a.kind == eio::action_kind::message) reusing.send(a.sid, a.data, a.binary);
    }
  };
  const auto request = [&](std::uint64_t id, std::string_view method, std::string_view query,
                           std::string_view body = {}, millis_t now = 0) {
    step([&](eio::server& s) {
      eio::http_request r;
      r.id = id;
      r.method = method;
      r.query = query;
      r.body = body;
      s.handle(r, now);
    });
  };
  const auto ws_message = [&](std::uint64_t id, std::string_view data, bool binary, millis_t now) {
    step([&](eio::server& s) { s.handle(eio::websocket_message{id, data, binary}, now); });
  };
  const std::string long_text(3000, 'x');
  request(1, "GET", "EIO=4&transport=polling");
  request(2, "POST", kPoll, "4hello\x1e" "bAQID\x1e" "4" + long_text);
  request(3, "GET", kPoll);
  request(4, "POST", kPoll, "4a");
  request(5, "GET", kPoll);
  step([&](eio::server& s) {
    eio::http_request r;
    r.id = 6;
    r.method = "GET";
    r.query = kWs;
    r.websocket_upgrade = true;
    s.handle(r, 10);
  });
  ws_message(6, "2probe", false, 20);
  ws_message(6, "5", false, 30);
  ws_message(6, "4after the upgrade", false, 40);
  ws_message(6, "\x01\x02\x03", true, 50);
  step([&](eio::server& s) { s.on_timer(350); });
  ws_message(6, "3", false, 360);
  request(7, "DELETE", kPoll);
  request(8, "GET", "EIO=3&transport=polling");
  step([&](eio::server& s) { s.on_timer(1000); });
  EXPECT_GT(got_reusing.size(), 15U);
  EXPECT_EQ(got_reusing, got_by_value);
}

}  // namespace
