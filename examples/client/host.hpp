// The HTTP and WebSocket plumbing of sioc_example_client (Boost.Beast over a single-threaded
// Asio io_context): it carries out the transport actions of a sioc::sio::client (HTTP requests,
// a WebSocket), feeds back what happens on the wire, and drives the session's timers with one
// Asio timer. What the session carries is the application's business: it gets every other
// action through the handler given to the constructor.
#pragma once

#include <sioc/sio_client.hpp>

#include <boost/asio/io_context.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace example {

class client_host {
 public:
  using action_handler = std::function<void(const sioc::sio::client_action&)>;

  // The server at 127.0.0.1:port. `on_action` gets each application action (every kind but
  // transport) and the transport action `upgraded`; it may call the session's methods, whose
  // actions the host then carries out.
  client_host(std::uint16_t port, sioc::sio::client_options opts, action_handler on_action);
  ~client_host();
  client_host(const client_host&) = delete;
  client_host& operator=(const client_host&) = delete;

  sioc::sio::client& session() noexcept;
  boost::asio::io_context& context() noexcept;
  // Milliseconds since the host started: the session's clock.
  sioc::eio::millis now();

  // Opens the session; the caller then runs context() until it stops.
  void open();
  // Carries out what the session queued; call after calling the session's methods outside of
  // the action handler (say, from a timer of the application's).
  void drain();
  // Once the session is closed: lets the requests and WebSocket close in flight finish (at
  // most a second), then stops the io_context.
  void finish();

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace example
