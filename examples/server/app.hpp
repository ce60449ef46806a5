// What a mode of sioc_example_server is: the sans-I/O server that decides (eio::server, or a
// layer over it), what the application does with what that server reports, and the path it
// answers under. The HTTP and WebSocket plumbing (host.hpp) feeds a mode Engine.IO events and
// carries out the transport actions it gives back; it knows nothing of what sessions carry.
// A mode knows nothing of sockets. Each mode lives in its own file (engineio_mode.cpp, ...).
#pragma once

#include <sioc/eio_session.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace example {

using sioc::eio::millis;

// The command-line flags that every mode shares.
struct settings {
  std::uint16_t port = 0;                  // 0: the system picks a free port
  std::uint64_t ping_interval_ms = 300;
  std::uint64_t ping_timeout_ms = 200;
  std::size_t max_payload = 1'000'000;
  std::uint64_t connect_timeout_ms = 1000;  // Socket.IO: time to join a namespace
};

class mode {
 public:
  virtual ~mode() = default;
  virtual const std::string& path() const = 0;  // requests are served when their path starts with it
  virtual std::size_t max_payload() const = 0;  // the largest body or WebSocket message read

  // The clock is the host's, in milliseconds, never going back.
  virtual void handle(const sioc::eio::event& ev, millis now) = 0;
  virtual void on_timer(millis now) = 0;
  virtual std::optional<millis> next_deadline() const = 0;
  // Closes every session, as for a server shutting down.
  virtual void close_all(millis now) = 0;

  // The next transport action (http_response, websocket_accept, websocket_send,
  // websocket_close) for the host to carry out; the mode handles the others itself on the way.
  virtual std::optional<sioc::eio::action> next_transport_action() = 0;
};

std::unique_ptr<mode> engineio_mode(const settings& s, bool allow_eio3);
std::unique_ptr<mode> socketio_mode(const settings& s);
std::unique_ptr<mode> interop_mode(const settings& s);  // examples/interop/README.md

}  // namespace example
