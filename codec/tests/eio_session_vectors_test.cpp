// Every case of vectors/server/eio4.server.json and eio3.server.json (recorded by
// vectors/record-eio-server.js from the engine.io server socket.io 4.8.1 uses; v3 clients are
// served with allowEIO3), replayed through eio::server with the recorded options and session
// ids (allowEIO3 where the file or the case says so). Like the recording server, the replay
// echoes every message back.
// Each step is checked as it comes: a request's response (status, Engine.IO's headers, body),
// a held request getting no response until its `response_to` step, a WebSocket upgrade
// accepted or refused, the frames received in order, and a WebSocket closed by the server.
// No timer runs: the recorded cases end before the first ping.
#include <sioc/eio_session.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <vector>

#include "detail.hpp"
#include "vector_bytes.hpp"

namespace {

namespace eio = sioc::eio;
using nlohmann::json;

// "eio4" or "eio3": the file's name and the prefix of its case ids.
const json& document(const std::string& version) {
  static const json v4 = json::parse(sioc_test::read_file(SIOC_SOURCE_DIR "/vectors/server/eio4.server.json"));
  static const json v3 = json::parse(sioc_test::read_file(SIOC_SOURCE_DIR "/vectors/server/eio3.server.json"));
  return version == "eio3" ? v3 : v4;
}

std::string version_of(const std::string& case_id) { return case_id.substr(0, 4); }

std::vector<std::string> case_ids(const std::string& version) {
  std::vector<std::string> ids;
  for (const json& c : document(version).at("cases")) ids.push_back(c.at("id").get<std::string>());
  return ids;
}

std::string base64_decoded(const std::string& text) {
  std::string out(sioc::detail::base64_decoded_max(text.size()), '\0');
  const auto n = sioc::detail::base64_decode(text, sioc::dialect::strict, out.data());
  out.resize(n.value());
  return out;
}

struct websocket_seen {
  bool accepted = false;
  bool closed = false;
  std::deque<eio::action> frames;
};

// The client side of one case: what the server has answered so far.
class replay {
 public:
  replay(const json& doc, const json& c)
      : server_(options(doc.at("options"), doc.at("options").value("allowEIO3", false) || c.value("allowEIO3", false))) {
    std::deque<std::string> sids;
    for (const json& s : c.at("sids")) sids.push_back(s.get<std::string>());
    server_.set_sid_generator([sids]() mutable {
      if (sids.empty()) return std::string{};
      std::string sid = sids.front();
      sids.pop_front();
      return sid;
    });
  }

  static eio::server_options options(const json& o, bool allow_eio3) {
    eio::server_options opts;
    opts.allow_eio3 = allow_eio3;
    opts.ping_interval_ms = o.at("pingInterval").get<std::uint64_t>();
    opts.ping_timeout_ms = o.at("pingTimeout").get<std::uint64_t>();
    opts.max_payload = o.at("maxHttpBufferSize").get<std::size_t>();
    return opts;
  }

  void step(const json& s) {
    if (s.contains("request")) {
      request(s);
    } else if (s.contains("response_to")) {
      const std::uint64_t id = held_.at(s.at("response_to").get<std::string>());
      ASSERT_EQ(responses_.count(id), 1U) << "the held request was not answered";
      expect_response(responses_.at(id), s.at("response"));
    } else if (s.contains("ws_open")) {
      ws_open(s);
    } else if (s.contains("ws_send")) {
      eio::websocket_message m;
      m.id = sockets_.at(s.at("ws_send").get<std::string>());
      const std::string data = s.contains("text") ? s.at("text").get<std::string>() : base64_decoded(s.at("binary"));
      m.data = data;
      m.binary = !s.contains("text");
      server_.handle(m, 0);
      drain();
    } else if (s.contains("ws_receive")) {
      websocket_seen& w = websockets_[sockets_.at(s.at("ws_receive").get<std::string>())];
      ASSERT_FALSE(w.frames.empty()) << "no frame received";
      const eio::action frame = w.frames.front();
      w.frames.pop_front();
      if (s.contains("text")) {
        EXPECT_FALSE(frame.binary);
        EXPECT_EQ(frame.data, s.at("text").get<std::string>());
      } else {
        EXPECT_TRUE(frame.binary);
        EXPECT_EQ(frame.data, base64_decoded(s.at("binary")));
      }
    } else if (s.contains("ws_closed")) {
      const std::uint64_t id = sockets_.at(s.at("ws_closed").get<std::string>());
      EXPECT_TRUE(websockets_[id].closed) << "the server did not close the WebSocket";
      server_.handle(eio::websocket_closed{id}, 0);
      drain();
    } else if (s.contains("ws_close")) {
      server_.handle(eio::websocket_closed{sockets_.at(s.at("ws_close").get<std::string>())}, 0);
      drain();
    } else {
      FAIL() << "unknown step " << s.dump();
    }
  }

  // The server sent no frame the reference did not.
  void expect_nothing_unread() {
    for (const auto& entry : websockets_) EXPECT_TRUE(entry.second.frames.empty()) << "WebSocket " << entry.first;
  }

 private:
  void request(const json& s) {
    const json& r = s.at("request");
    std::string body = r.contains("body_base64") ? base64_decoded(r.at("body_base64")) : r.value("body", "");
    if (r.contains("then")) {
      const std::string text = r.at("then").at("text").get<std::string>();
      for (std::size_t i = 0; i < r.at("then").at("times").get<std::size_t>(); ++i) body += text;
    }
    const std::string method = r.at("method").get<std::string>();
    const std::string query = r.at("query").get<std::string>();
    std::string content_type;
    if (r.contains("headers")) content_type = r.at("headers").value("content-type", "");
    eio::http_request req;
    req.id = next_id_++;
    req.method = method;
    req.query = query;
    req.content_type = content_type;
    req.body_too_large = body.size() > server_.options().max_payload;
    if (!req.body_too_large) req.body = body;
    server_.handle(req, 0);
    drain();
    if (s.value("held", false)) {
      held_[r.at("id").get<std::string>()] = req.id;
      EXPECT_EQ(responses_.count(req.id), 0U) << "a request the reference holds was answered";
      return;
    }
    ASSERT_EQ(responses_.count(req.id), 1U) << "no response";
    expect_response(responses_.at(req.id), s.at("response"));
  }

  void ws_open(const json& s) {
    const std::string query = s.at("query").get<std::string>();
    eio::http_request req;
    req.id = next_id_++;
    req.method = "GET";
    req.query = query;
    req.websocket_upgrade = true;
    sockets_[s.at("ws_open").get<std::string>()] = req.id;
    server_.handle(req, 0);
    drain();
    const json& result = s.at("result");
    if (result.at("status").get<int>() == 101) {
      EXPECT_TRUE(websockets_[req.id].accepted);
      EXPECT_EQ(responses_.count(req.id), 0U);
    } else {
      EXPECT_FALSE(websockets_[req.id].accepted);
      ASSERT_EQ(responses_.count(req.id), 1U);
      expect_response(responses_.at(req.id), result);
    }
  }

  static void expect_response(const eio::action& got, const json& want) {
    ASSERT_FALSE(want.contains("reset")) << "the reference dropped the connection";
    EXPECT_EQ(got.status, want.at("status").get<int>());
    std::map<std::string, std::string> headers(got.headers.begin(), got.headers.end());
    EXPECT_EQ(headers.size(), got.headers.size()) << "a header appears twice";
    EXPECT_EQ(headers, (want.at("headers").get<std::map<std::string, std::string>>()));
    EXPECT_EQ(got.data, want.contains("body_base64") ? base64_decoded(want.at("body_base64"))
                                                     : want.at("body").get<std::string>());
  }

  // Performs every action, echoing messages as the recording server does.
  void drain() {
    while (auto a = server_.next_action()) {
      switch (a->kind) {
        case eio::action_kind::http_response:
          EXPECT_EQ(responses_.count(a->id), 0U) << "request " << a->id << " answered twice";
          responses_[a->id] = *a;
          break;
        case eio::action_kind::websocket_accept:
          websockets_[a->id].accepted = true;
          break;
        case eio::action_kind::websocket_send:
          EXPECT_TRUE(websockets_[a->id].accepted && !websockets_[a->id].closed);
          websockets_[a->id].frames.push_back(*a);
          break;
        case eio::action_kind::websocket_close:
          websockets_[a->id].closed = true;
          break;
        case eio::action_kind::message:
          // The reference echoes inside its message event, before the rest of the body is
          // read; here the session may have closed by then, and the echo is dropped with it.
          if (server_.find(a->sid)) {
            EXPECT_TRUE(server_.send(a->sid, a->data, a->binary));
          }
          break;
        case eio::action_kind::session_opened:
        case eio::action_kind::session_closed:
          break;
      }
    }
  }

  eio::server server_;
  std::uint64_t next_id_ = 1;
  std::map<std::uint64_t, eio::action> responses_;
  std::map<std::uint64_t, websocket_seen> websockets_;
  std::map<std::string, std::uint64_t> held_;
  std::map<std::string, std::uint64_t> sockets_;
};

class server_vectors : public ::testing::TestWithParam<std::string> {};

TEST_P(server_vectors, replays_as_recorded) {
  const json& doc = document(version_of(GetParam()));
  for (const json& c : doc.at("cases")) {
    if (c.at("id") != GetParam()) continue;
    SCOPED_TRACE(c.at("why").get<std::string>());
    replay r(doc, c);
    std::size_t index = 0;
    for (const json& s : c.at("steps")) {
      SCOPED_TRACE("step " + std::to_string(index++) + ": " + s.dump().substr(0, 200));
      r.step(s);
      if (HasFatalFailure()) return;
    }
    r.expect_nothing_unread();
  }
}

std::string test_name(const ::testing::TestParamInfo<std::string>& param_info) {
  std::string name = param_info.param.substr(std::string("eio4.server.").size());
  for (char& ch : name) {
    if (ch == '-' || ch == '.') ch = '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(eio4, server_vectors, ::testing::ValuesIn(case_ids("eio4")), test_name);
INSTANTIATE_TEST_SUITE_P(eio3, server_vectors, ::testing::ValuesIn(case_ids("eio3")), test_name);

}  // namespace
