// eio::client behind JSON lines, so that a script can put real HTTP and WebSocket I/O around it
// (codec/tests/eio_client_interop.js runs it against the reference engine.io server).
//
// Each stdin line is one object with `now` (milliseconds) and one of:
//   {"open": {"protocol": 4|3, "upgrade": bool}}
//   {"http_response": {"id", "status", "body"}}      bodies and frame data in base64
//   {"http_failed": {"id"}}   {"ws_opened": {"id"}}   {"ws_closed": {"id"}}
//   {"ws_message": {"id", "data", "binary"}}
//   {"timer": true}   {"send": {"data", "binary"}}   {"close": true}
// After each line the driver writes every action, one object a line, then {"done": true}:
//   {"kind": "http_request"|"websocket_open"|"websocket_send"|"websocket_close"|"opened"|
//    "message"|"upgraded"|"closed", "id", "method", "target", "content_type", "data" (base64),
//    "binary", "sid", "reason", "state", "next_deadline"}
#include <sioc/eio_client.hpp>

#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>
#include <optional>
#include <string>

#include "detail.hpp"

namespace {

namespace eio = sioc::eio;
using nlohmann::json;

std::string unbase64(const std::string& text) {
  std::string out(sioc::detail::base64_decoded_max(text.size()), '\0');
  const auto n = sioc::detail::base64_decode(text, sioc::dialect::strict, out.data());
  out.resize(n ? *n : 0);
  return out;
}

std::string base64(const std::string& bytes) {
  std::string out;
  sioc::detail::base64_encode(bytes, out);
  return out;
}

const char* kind_name(eio::client_action_kind k) {
  switch (k) {
    case eio::client_action_kind::http_request: return "http_request";
    case eio::client_action_kind::websocket_open: return "websocket_open";
    case eio::client_action_kind::websocket_send: return "websocket_send";
    case eio::client_action_kind::websocket_close: return "websocket_close";
    case eio::client_action_kind::opened: return "opened";
    case eio::client_action_kind::message: return "message";
    case eio::client_action_kind::upgraded: return "upgraded";
    case eio::client_action_kind::closed: return "closed";
  }
  return "";
}

const char* state_name(eio::client::state s) {
  switch (s) {
    case eio::client::state::idle: return "idle";
    case eio::client::state::opening: return "opening";
    case eio::client::state::polling: return "polling";
    case eio::client::state::probing: return "probing";
    case eio::client::state::pausing: return "pausing";
    case eio::client::state::websocket: return "websocket";
    case eio::client::state::closing: return "closing";
    case eio::client::state::closed: return "closed";
  }
  return "";
}

}  // namespace

int main() {
  std::optional<eio::client> client;
  std::string line;
  while (std::getline(std::cin, line)) {
    const json in = json::parse(line, nullptr, false);
    if (in.is_discarded()) {
      std::fprintf(stderr, "eio_client_driver: not JSON: %s\n", line.c_str());
      return 2;
    }
    const eio::millis now = in.value("now", eio::millis{0});
    if (in.contains("open")) {
      eio::client_options o;
      o.protocol = in["open"].value("protocol", 4);
      o.upgrade = in["open"].value("upgrade", true);
      client.emplace(o);
      client->open();
    } else if (!client) {
      std::fprintf(stderr, "eio_client_driver: the first line must open the client\n");
      return 2;
    } else if (in.contains("http_response")) {
      const json& r = in["http_response"];
      const std::string body = unbase64(r.value("body", ""));
      client->handle(eio::http_response{r.at("id").get<std::uint64_t>(), r.at("status").get<int>(), body}, now);
    } else if (in.contains("http_failed")) {
      client->handle(eio::http_failed{in["http_failed"].at("id").get<std::uint64_t>()}, now);
    } else if (in.contains("ws_opened")) {
      client->handle(eio::websocket_opened{in["ws_opened"].at("id").get<std::uint64_t>()}, now);
    } else if (in.contains("ws_closed")) {
      client->handle(eio::websocket_closed{in["ws_closed"].at("id").get<std::uint64_t>()}, now);
    } else if (in.contains("ws_message")) {
      const json& m = in["ws_message"];
      const std::string data = unbase64(m.value("data", ""));
      client->handle(eio::websocket_message{m.at("id").get<std::uint64_t>(), data, m.value("binary", false)}, now);
    } else if (in.contains("timer")) {
      client->on_timer(now);
    } else if (in.contains("send")) {
      const bool queued = client->send(unbase64(in["send"].value("data", "")), in["send"].value("binary", false));
      std::cout << json{{"kind", "send_result"}, {"queued", queued}}.dump() << '\n';
    } else if (in.contains("close")) {
      client->close();
    }
    while (auto a = client->next_action()) {
      json out = {{"kind", kind_name(a->kind)}, {"id", a->id}};
      if (!a->method.empty()) out["method"] = a->method;
      if (!a->target.empty()) out["target"] = a->target;
      if (!a->content_type.empty()) out["content_type"] = a->content_type;
      out["data"] = base64(a->data);
      out["binary"] = a->binary;
      if (!a->sid.empty()) out["sid"] = a->sid;
      if (a->kind == eio::client_action_kind::closed) out["reason"] = eio::to_string(a->reason);
      std::cout << out.dump() << '\n';
    }
    json done = {{"done", true}, {"state", state_name(client->current_state())}};
    if (const auto d = client->next_deadline()) done["next_deadline"] = *d;
    std::cout << done.dump() << std::endl;
  }
  return 0;
}
