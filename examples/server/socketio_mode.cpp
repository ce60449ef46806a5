// The socketio mode: Socket.IO v5 at /socket.io/, on sio::server (which owns the eio::server).
// This is the server the official Socket.IO v5 test-suite expects: "/" and "/custom" accept
// every client and send it its auth object back as an "auth" event; every other namespace is
// refused as the reference refuses one it does not have; on "/", "message" comes back as
// "message-back" and "message-with-ack" is acked with its own arguments.
#include <sioc/sio_session.hpp>

#include <cstdio>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "app.hpp"

namespace example {
namespace {

namespace eio = sioc::eio;
namespace sio = sioc::sio;
using sio::json;

class socketio final : public mode {
 public:
  explicit socketio(const sio::server_options& opts) : server_(opts) {}

  const std::string& path() const override { return path_; }
  std::size_t max_payload() const override { return server_.options().engine.max_payload; }
  void handle(const eio::event& ev, millis now) override { server_.handle(ev, now); }
  void on_timer(millis now) override { server_.on_timer(now); }
  std::optional<millis> next_deadline() const override { return server_.next_deadline(); }

  void close_all(millis now) override {
    const std::vector<std::string> open(sessions_.begin(), sessions_.end());
    for (const std::string& sid : open) server_.close(sid, now);
  }

  std::optional<eio::action> next_transport_action() override {
    while (auto a = server_.next_action()) {
      switch (a->kind) {
        case sio::action_kind::transport:
          return std::move(a->io);
        case sio::action_kind::opened:
          sessions_.insert(a->sid);
          break;
        case sio::action_kind::closed:
          sessions_.erase(a->sid);
          break;
        case sio::action_kind::connect_request:
          on_connect(*a);
          break;
        case sio::action_kind::event:
          on_event(*a);
          break;
        case sio::action_kind::error:
          std::fprintf(stderr, "session %s: %s\n", a->sid.c_str(), a->message.c_str());
          break;
        case sio::action_kind::ack:
        case sio::action_kind::disconnect:
          break;  // this application emits nothing with an ack and keeps no per-namespace state
      }
    }
    return std::nullopt;
  }

 private:
  void on_connect(const sio::action& a) {
    if (a.nsp == "/" || a.nsp == "/custom") {
      if (server_.accept(a.sid, a.nsp)) server_.emit(a.sid, a.nsp, "auth", {a.data});
    } else {
      server_.refuse(a.sid, a.nsp, sio::invalid_namespace_message);
    }
  }

  void on_event(const sio::action& a) {
    if (a.nsp != "/" || !a.data.is_array()) return;
    if (a.name == "message") {
      server_.emit(a.sid, a.nsp, "message-back", a.data.get<json::array_t>());
    } else if (a.name == "message-with-ack" && a.ack_id) {
      server_.ack(a.sid, a.nsp, *a.ack_id, a.data.get<json::array_t>());
    }
  }

  std::string path_ = "/socket.io/";
  sio::server server_;
  std::set<std::string> sessions_;  // open, to close them on shutdown
};

}  // namespace

std::unique_ptr<mode> socketio_mode(const settings& s) {
  sio::server_options opts;
  opts.engine.ping_interval_ms = s.ping_interval_ms;
  opts.engine.ping_timeout_ms = s.ping_timeout_ms;
  opts.engine.max_payload = s.max_payload;
  opts.connect_timeout_ms = s.connect_timeout_ms;
  return std::make_unique<socketio>(opts);
}

}  // namespace example
