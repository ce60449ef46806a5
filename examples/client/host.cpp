// The HTTP and WebSocket plumbing of sioc_example_client; see host.hpp.
//
// Each HTTP request gets a connection of its own, closed after the response: the session makes
// at most one GET and one POST at a time, so there is nothing to pool. The WebSocket writes one
// frame at a time from a queue, and closes once the queue is written. Reads are bounded by the
// session's max_receive_bytes (a response body, a WebSocket message).
#include "host.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

namespace example {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace eio = sioc::eio;
namespace sio = sioc::sio;
using tcp = asio::ip::tcp;
using error_code = boost::system::error_code;
using millis = eio::millis;

namespace {

// A long-polling GET is answered within the server's pingInterval; anything slower is dead.
constexpr std::chrono::seconds kRequestTimeout{30};
// What may still be in flight when the session has closed: the close POST, a GET.
constexpr std::chrono::milliseconds kFinishGrace{1000};

}  // namespace

struct client_host::impl {
  struct http_call {
    http_call(asio::io_context& ioc, std::uint64_t request_id) : stream(ioc), id(request_id) {}
    beast::tcp_stream stream;
    http::request<http::string_body> request;
    http::response_parser<http::string_body> parser;
    beast::flat_buffer buffer;
    std::uint64_t id;
  };

  struct ws_connection {
    ws_connection(asio::io_context& ioc, std::uint64_t socket_id) : ws(ioc), id(socket_id) {}
    websocket::stream<beast::tcp_stream> ws;
    beast::flat_buffer buffer;
    std::deque<std::pair<std::string, bool>> outgoing;
    bool writing = false;
    bool close_requested = false;  // by the session: write the queue, then close
    bool ended = false;            // the session has been told, or asked for the close
    std::uint64_t id;
  };

  impl(std::uint16_t p, sio::client_options opts, action_handler h)
      : timer(ioc),
        grace(ioc),
        start(std::chrono::steady_clock::now()),
        endpoint(asio::ip::make_address("127.0.0.1"), p),
        host_header("127.0.0.1:" + std::to_string(p)),
        max_receive(opts.engine.max_receive_bytes),
        session(std::move(opts)),
        on_action(std::move(h)) {}

  // ---- the session's clock and timers ----

  millis tick() {
    const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
    clock = std::max(clock, static_cast<millis>(elapsed.count()));
    return clock;
  }

  // Each deadline passed is fired at its own time, before the event that woke the process up,
  // so a late wake-up stretches no timeout.
  void catch_up(millis t) {
    for (int round = 0; round < 1000; ++round) {
      const std::optional<millis> d = session.next_deadline();
      if (!d || *d > t) break;
      fired = std::max(*d, fired);
      session.on_timer(fired);
    }
  }

  void rearm() {
    const std::optional<millis> d = session.next_deadline();
    if (d == armed) return;
    armed = d;
    const std::uint64_t generation = ++timer_generation;
    if (!d) {
      timer.cancel();
      return;
    }
    timer.expires_at(start + std::chrono::milliseconds(std::max(*d, clock + 1)));
    timer.async_wait([this, generation](const error_code& ec) {
      if (ec || generation != timer_generation) return;
      armed.reset();
      catch_up(tick());
      drain();
    });
  }

  // ---- session <-> wire ----

  void feed(const eio::client_event& ev) {
    if (finishing) return;
    const millis t = tick();
    catch_up(t);
    session.handle(ev, t);
    drain();
  }

  void drain() {
    while (std::optional<sio::client_action> a = session.next_action()) {
      if (a->kind != sio::client_action_kind::transport || a->io.kind == eio::client_action_kind::upgraded) {
        on_action(*a);
      } else {
        perform(a->io);
      }
    }
    rearm();
  }

  void perform(eio::client_action& a) {
    switch (a.kind) {
      case eio::client_action_kind::http_request: request(a); return;
      case eio::client_action_kind::websocket_open: open_websocket(a.id, a.target); return;
      case eio::client_action_kind::websocket_send: {
        auto it = sockets.find(a.id);
        if (it == sockets.end()) return;
        it->second->outgoing.emplace_back(std::move(a.data), a.binary);
        write_next(it->second);
        return;
      }
      case eio::client_action_kind::websocket_close: {
        auto it = sockets.find(a.id);
        if (it == sockets.end()) return;
        it->second->close_requested = true;
        it->second->ended = true;
        write_next(it->second);
        return;
      }
      default: return;
    }
  }

  void request(const eio::client_action& a) {
    auto call = std::make_shared<http_call>(ioc, a.id);
    call->request.method_string(a.method);
    call->request.target(a.target);
    call->request.version(11);
    call->request.set(http::field::host, host_header);
    call->request.set(http::field::connection, "close");
    if (!a.content_type.empty()) call->request.set(http::field::content_type, a.content_type);
    call->request.body() = a.data;
    call->request.prepare_payload();
    call->parser.body_limit(max_receive);
    calls.emplace(a.id, call);
    call->stream.expires_after(kRequestTimeout);
    call->stream.async_connect(endpoint, [this, call](const error_code& ec) {
      if (ec) return request_failed(call);
      http::async_write(call->stream, call->request, [this, call](const error_code& wec, std::size_t) {
        if (wec) return request_failed(call);
        http::async_read(call->stream, call->buffer, call->parser, [this, call](const error_code& rec, std::size_t) {
          if (rec) return request_failed(call);
          calls.erase(call->id);
          error_code ignored;
          call->stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
          const auto& response = call->parser.get();
          feed(eio::http_response{call->id, static_cast<int>(response.result_int()), response.body()});
          settle();
        });
      });
    });
  }

  void request_failed(const std::shared_ptr<http_call>& call) {
    calls.erase(call->id);
    feed(eio::http_failed{call->id});
    settle();
  }

  void open_websocket(std::uint64_t id, const std::string& target) {
    auto c = std::make_shared<ws_connection>(ioc, id);
    sockets.emplace(id, c);
    beast::get_lowest_layer(c->ws).expires_after(kRequestTimeout);
    beast::get_lowest_layer(c->ws).async_connect(endpoint, [this, c, target](const error_code& ec) {
      if (ec) return websocket_ended(c);
      beast::get_lowest_layer(c->ws).expires_never();
      c->ws.set_option(websocket::stream_base::timeout::suggested(beast::role_type::client));
      c->ws.read_message_max(max_receive);
      c->ws.async_handshake(host_header, target, [this, c](const error_code& hec) {
        if (hec) return websocket_ended(c);
        feed(eio::websocket_opened{c->id});
        read_next(c);
        write_next(c);
      });
    });
  }

  void read_next(const std::shared_ptr<ws_connection>& c) {
    c->ws.async_read(c->buffer, [this, c](const error_code& ec, std::size_t) {
      if (ec) return websocket_ended(c);
      const auto bytes = c->buffer.data();
      const std::string_view data(static_cast<const char*>(bytes.data()), bytes.size());
      if (!c->ended) feed(eio::websocket_message{c->id, data, !c->ws.got_text()});
      c->buffer.consume(c->buffer.size());
      read_next(c);
    });
  }

  void write_next(const std::shared_ptr<ws_connection>& c) {
    if (c->writing || !c->ws.is_open()) return;
    if (c->outgoing.empty()) {
      if (!c->close_requested) return;
      c->close_requested = false;
      c->writing = true;
      c->ws.async_close(websocket::close_code::normal, [this, c](const error_code&) {
        c->writing = false;
        websocket_ended(c);
      });
      return;
    }
    c->writing = true;
    c->ws.binary(c->outgoing.front().second);
    c->ws.async_write(asio::buffer(c->outgoing.front().first), [this, c](const error_code& ec, std::size_t) {
      c->writing = false;
      if (ec) return websocket_ended(c);
      c->outgoing.pop_front();
      write_next(c);
    });
  }

  // The WebSocket is gone (refused, failed, closed by either side): the session hears of it
  // unless it asked for the close itself.
  void websocket_ended(const std::shared_ptr<ws_connection>& c) {
    if (sockets.erase(c->id) == 0) return;
    error_code ignored;
    beast::get_lowest_layer(c->ws).socket().close(ignored);
    if (!c->ended) {
      c->ended = true;
      feed(eio::websocket_closed{c->id});
    }
    settle();
  }

  // ---- the end ----

  void finish() {
    if (finishing) return;
    finishing = true;
    timer.cancel();
    grace.expires_after(kFinishGrace);
    grace.async_wait([this](const error_code& ec) {
      if (!ec) ioc.stop();
    });
    // After the current drain: the close POST may still be in the queue.
    asio::post(ioc, [this] { settle(); });
  }

  void settle() {
    if (finishing && calls.empty() && sockets.empty()) ioc.stop();
  }

  asio::io_context ioc;
  asio::steady_timer timer;
  asio::steady_timer grace;
  std::chrono::steady_clock::time_point start;
  tcp::endpoint endpoint;
  std::string host_header;
  std::size_t max_receive;
  sio::client session;
  action_handler on_action;

  millis clock = 0;
  millis fired = 0;
  std::optional<millis> armed;
  std::uint64_t timer_generation = 0;
  bool finishing = false;
  std::unordered_map<std::uint64_t, std::shared_ptr<http_call>> calls;
  std::unordered_map<std::uint64_t, std::shared_ptr<ws_connection>> sockets;
};

client_host::client_host(std::uint16_t port, sio::client_options opts, action_handler on_action)
    : impl_(std::make_unique<impl>(port, std::move(opts), std::move(on_action))) {}

client_host::~client_host() = default;

sio::client& client_host::session() noexcept { return impl_->session; }
asio::io_context& client_host::context() noexcept { return impl_->ioc; }
millis client_host::now() { return impl_->tick(); }

void client_host::open() {
  impl_->session.open();
  impl_->drain();
}

void client_host::drain() { impl_->drain(); }
void client_host::finish() { impl_->finish(); }

}  // namespace example
