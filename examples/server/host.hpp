// The HTTP and WebSocket plumbing of sioc_example_server (Boost.Beast over a single-threaded
// Asio io_context): it accepts connections on 127.0.0.1, turns what arrives into
// sioc::eio::server events, performs the actions the server drains, and drives the server's
// heartbeat with one timer. What the sessions carry is the mode's business (app.hpp).
#pragma once

#include <cstdint>
#include <memory>

#include "app.hpp"

namespace example {

class engine;

class host {
 public:
  explicit host(std::unique_ptr<mode> m);
  ~host();
  host(const host&) = delete;
  host& operator=(const host&) = delete;

  // Binds 127.0.0.1:port (0: any free port) and returns the port bound; throws
  // boost::system::system_error when it cannot.
  std::uint16_t listen(std::uint16_t port);
  // Serves until SIGINT or SIGTERM, then closes every session and connection and returns.
  void run();

 private:
  std::unique_ptr<engine> engine_;
};

}  // namespace example
