// The engineio and engineio-v3 modes: Engine.IO at /engine.io/, every message echoed back to
// its sender as it came (text as text, binary as binary). This is the server the official
// Engine.IO test-suites expect.
#include <cstdio>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "app.hpp"

namespace example {
namespace {

namespace eio = sioc::eio;

class engineio final : public mode {
 public:
  explicit engineio(const eio::server_options& opts) : server_(opts) {}

  const std::string& path() const override { return path_; }
  std::size_t max_payload() const override { return server_.options().max_payload; }
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
        case eio::action_kind::session_opened:
          sessions_.insert(a->sid);
          break;
        case eio::action_kind::session_closed:
          sessions_.erase(a->sid);
          break;
        case eio::action_kind::message:
          // The session refuses when its queue is full, or when text holding 0x1E would travel
          // over polling; an echo server can only say so.
          if (!server_.send(a->sid, a->data, a->binary)) {
            std::fprintf(stderr, "session %s: could not echo a %zu-byte message\n", a->sid.c_str(), a->data.size());
          }
          break;
        case eio::action_kind::http_response:
        case eio::action_kind::websocket_accept:
        case eio::action_kind::websocket_send:
        case eio::action_kind::websocket_close:
          return a;
      }
    }
    return std::nullopt;
  }

 private:
  std::string path_ = "/engine.io/";
  eio::server server_;
  std::set<std::string> sessions_;  // open, to close them on shutdown
};

}  // namespace

std::unique_ptr<mode> engineio_mode(const settings& s, bool allow_eio3) {
  eio::server_options opts;
  opts.ping_interval_ms = s.ping_interval_ms;
  opts.ping_timeout_ms = s.ping_timeout_ms;
  opts.max_payload = s.max_payload;
  opts.allow_eio3 = allow_eio3;
  return std::make_unique<engineio>(opts);
}

}  // namespace example
