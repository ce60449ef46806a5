// The HTTP and WebSocket plumbing of sioc_example_server; see host.hpp.
//
// Requests and WebSockets are numbered for eio::server (a WebSocket keeps the number of the
// request that asked for it). Each HTTP connection serves one request at a time: while a
// response is awaited (a long-polling GET can wait for seconds) the connection goes on reading,
// so that a client that goes away is reported as http_aborted, and a request that arrives
// meanwhile waits (one at most) until the response is written. Reads are bounded: a body by
// maxPayload, headers by Beast's default limit, a WebSocket message by maxPayload; a WebSocket
// whose peer does not read stops being read once a few payloads wait to be written.
#include "host.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstddef>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace example {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace eio = sioc::eio;
using tcp = asio::ip::tcp;
using error_code = boost::system::error_code;

namespace {

using request = http::request<http::string_body>;

// How long a clean shutdown may take before the remaining connections are cut.
constexpr std::chrono::milliseconds kShutdownGrace{1000};
// A WebSocket close handshake (and an opening one) may not take longer than this.
constexpr std::chrono::seconds kWebSocketHandshakeTimeout{5};
// Reading a WebSocket pauses while more than this many payloads' bytes wait to be written.
constexpr std::size_t kWritePayloadsBeforePause = 4;
// The first frame on a WebSocket is written this long after the 101 response, or as soon as the
// client sends something. A client that receives both in one read emits "open" and the first
// message in the same turn of its event loop, so a listener attached once "open" has fired
// misses the open packet; the ws package (8.21) does that, and the official Engine.IO v3 suite
// attaches its listener that way (the reference server fails that test here too).
constexpr std::chrono::milliseconds kFirstFrameDelay{50};

std::string_view view(beast::string_view s) { return {s.data(), s.size()}; }

}  // namespace

class http_connection;
class ws_connection;

// Everything a connection reports to, and the transport actions' executor. It outlives every
// connection's handlers: the io_context is its first member, so pending handlers are destroyed
// with it, last.
class engine final {
 public:
  explicit engine(std::unique_ptr<mode> m)
      : signals_(ioc_, SIGINT, SIGTERM),
        acceptor_(ioc_),
        timer_(ioc_),
        grace_(ioc_),
        start_(std::chrono::steady_clock::now()),
        mode_(std::move(m)) {}

  std::uint16_t listen(std::uint16_t port) {
    const tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), port);
    acceptor_.open(endpoint.protocol());
    acceptor_.set_option(asio::socket_base::reuse_address(true));
    acceptor_.bind(endpoint);
    acceptor_.listen();
    return acceptor_.local_endpoint().port();
  }

  void run() {
    signals_.async_wait([this](const error_code& ec, int) {
      if (!ec) shutdown();
    });
    accept();
    ioc_.run();
  }

  // ---- for connections ----
  asio::io_context& context() { return ioc_; }
  const std::string& path() const { return mode_->path(); }
  std::size_t max_payload() const { return mode_->max_payload(); }
  bool stopping() const { return stopping_; }
  std::uint64_t next_id() { return ++last_id_; }

  void expect_response(std::uint64_t id, const std::shared_ptr<http_connection>& c) { requests_[id] = c; }
  void add_websocket(std::uint64_t id, const std::shared_ptr<ws_connection>& c) { websockets_[id] = c; }
  void forget_request(std::uint64_t id) { requests_.erase(id); }
  void forget_websocket(std::uint64_t id) { websockets_.erase(id); }
  void connection_opened() { ++connections_; }
  void connection_ended() {
    --connections_;
    if (stopping_ && connections_ == 0) finish();
  }

  // Hands an event to the mode and carries out what it decides.
  void feed(const eio::event& ev) {
    const millis t = tick();
    catch_up(t);
    mode_->handle(ev, t);
    drain();
  }

  void register_connection(const std::shared_ptr<http_connection>& c) { remember(live_http_, c); }
  void register_connection(const std::shared_ptr<ws_connection>& c) { remember(live_ws_, c); }

 private:
  void accept();
  void perform(eio::action& a);
  void shutdown();
  void finish();

  void drain() {
    while (auto a = mode_->next_transport_action()) perform(*a);
    rearm();
  }

  // Every connection, to end them on shutdown; the ended ones are dropped as the list grows.
  template <class C>
  void remember(std::vector<std::weak_ptr<C>>& list, const std::shared_ptr<C>& c) {
    if (list.size() >= 64 && list.size() >= 2 * connections_) {
      list.erase(std::remove_if(list.begin(), list.end(), [](const std::weak_ptr<C>& w) { return w.expired(); }),
                 list.end());
    }
    list.push_back(c);
  }

  // One timer for every deadline of the mode (heartbeats, timeouts).
  void rearm() {
    const std::optional<millis> d = mode_->next_deadline();
    if (d == armed_) return;
    armed_ = d;
    const std::uint64_t generation = ++timer_generation_;
    if (!d) {
      timer_.cancel();
      return;
    }
    timer_.expires_at(start_ + std::chrono::milliseconds(std::max(*d, clock_ + 1)));
    timer_.async_wait([this, generation](const error_code& ec) {
      if (ec || generation != timer_generation_) return;
      armed_.reset();
      catch_up(tick());
      drain();
    });
  }

  // The clock the mode sees: milliseconds since start, never going back.
  millis tick() {
    const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start_);
    clock_ = std::max(clock_, static_cast<millis>(elapsed.count()));
    return clock_;
  }

  // Fires every deadline passed by `t` at its own time rather than at the moment the process
  // woke up: a late wake-up (a loaded machine) then delays no deadline computed from it (the
  // pong wait that starts with a ping), and an event that arrives after a deadline is handled
  // after it, whichever of the two the reactor reports first.
  void catch_up(millis t) {
    for (int round = 0; round < 1000; ++round) {
      const std::optional<millis> d = mode_->next_deadline();
      if (!d || *d > t) break;
      fired_ = std::max(*d, fired_);
      mode_->on_timer(fired_);
    }
  }

  asio::io_context ioc_;
  asio::signal_set signals_;
  tcp::acceptor acceptor_;
  asio::steady_timer timer_;
  asio::steady_timer grace_;
  std::chrono::steady_clock::time_point start_;
  std::unique_ptr<mode> mode_;

  millis clock_ = 0;
  millis fired_ = 0;  // the last deadline fired, so that on_timer's clock never goes back
  std::optional<millis> armed_;
  std::uint64_t timer_generation_ = 0;
  std::uint64_t last_id_ = 0;
  std::unordered_map<std::uint64_t, std::weak_ptr<http_connection>> requests_;  // awaiting a response
  std::unordered_map<std::uint64_t, std::weak_ptr<ws_connection>> websockets_;
  std::vector<std::weak_ptr<http_connection>> live_http_;
  std::vector<std::weak_ptr<ws_connection>> live_ws_;
  std::size_t connections_ = 0;
  bool stopping_ = false;
};

// ---- one HTTP connection ----------------------------------------------------------------------

class http_connection final : public std::enable_shared_from_this<http_connection> {
 public:
  http_connection(engine& e, tcp::socket socket) : engine_(e), socket_(std::move(socket)) { engine_.connection_opened(); }

  void start() { read_next(); }

  // The engine's answer to request `id`.
  void respond(const eio::action& a) {
    response_ = {};
    response_.result(static_cast<unsigned>(a.status));
    for (const auto& [name, value] : a.headers) response_.set(name, value);
    response_.body() = a.data;
    write();
  }

  // The engine accepted request `id` as a WebSocket: the socket moves to a ws_connection.
  void upgrade(std::uint64_t id);

  // Shutdown: an idle connection closes now, a busy one after its response.
  void stop_when_idle() {
    if (!busy()) end();
  }

  void end() {
    if (ended_) return;
    ended_ = true;
    error_code ec;
    socket_.shutdown(tcp::socket::shutdown_both, ec);
    socket_.close(ec);
    if (in_flight_) engine_.forget_request(*in_flight_);
    engine_.connection_ended();
  }

 private:
  bool busy() const { return in_flight_ || writing_; }

  void read_next() {
    if (ended_ || reading_) return;
    reading_ = true;
    parser_.emplace();
    parser_->body_limit(engine_.max_payload());
    http::async_read(socket_, buffer_, *parser_,
                     [self = shared_from_this()](const error_code& ec, std::size_t) { self->on_read(ec); });
  }

  void on_read(const error_code& ec) {
    reading_ = false;
    if (ended_) return;
    if (ec == http::error::body_limit) {
      // The body is not read (Beast stops at the header when a Content-Length is over the
      // limit, the fields already stored): the engine answers 413, and the connection closes.
      request r = parser_->release();
      r.body().clear();
      accept_request(std::move(r), true);
      return;
    }
    if (ec) {
      if (in_flight_) {
        const std::uint64_t id = *in_flight_;
        in_flight_.reset();
        engine_.forget_request(id);
        engine_.feed(eio::http_aborted{id});
      }
      const bool malformed = ec.category() == make_error_code(http::error::end_of_stream).category() &&
                             ec != http::error::end_of_stream && ec != http::error::partial_message;
      if (malformed && !busy()) {
        keep_alive_ = false;
        respond_locally(http::status::bad_request, "Bad Request");
        return;
      }
      end();
      return;
    }
    accept_request(parser_->release(), false);
  }

  void accept_request(request r, bool too_large) {
    if (busy()) {
      pending_.emplace(std::move(r), too_large);
      return;
    }
    dispatch(std::move(r), too_large);
  }

  void dispatch(request r, bool too_large) {
    current_ = std::move(r);
    keep_alive_ = current_.keep_alive() && !too_large && !engine_.stopping();
    const std::string_view target = view(current_.target());
    const std::size_t question = target.find('?');
    const std::string_view path = target.substr(0, question);
    const std::string_view query = question == std::string_view::npos ? std::string_view{} : target.substr(question + 1);
    if (path.substr(0, engine_.path().size()) != engine_.path()) {
      respond_locally(http::status::not_found, "Not Found");
      return;
    }
    if (current_.method() == http::verb::options) {
      preflight();
      return;
    }
    const bool upgrade = websocket::is_upgrade(current_);
    if (upgrade) keep_alive_ = false;  // a refused upgrade is answered and the connection closed
    const std::uint64_t id = engine_.next_id();
    in_flight_ = id;
    engine_.expect_response(id, shared_from_this());
    // Reading on while the response is awaited tells when the client gives up on it; an
    // upgrade's socket belongs to the WebSocket once accepted, so it is not read here.
    if (!upgrade && !too_large) read_next();
    eio::http_request ev;
    ev.id = id;
    ev.method = view(current_.method_string());
    ev.query = query;
    ev.content_type = view(current_[http::field::content_type]);
    ev.body = current_.body();
    ev.body_too_large = too_large;
    ev.websocket_upgrade = upgrade;
    engine_.feed(ev);
  }

  // CORS preflight for any origin, answered here as the reference's cors middleware would.
  void preflight() {
    response_ = {};
    response_.result(http::status::no_content);
    response_.set(http::field::access_control_allow_methods, "GET, POST, OPTIONS");
    if (const auto asked = current_[http::field::access_control_request_headers]; !asked.empty()) {
      response_.set(http::field::access_control_allow_headers, asked);
    }
    response_.set(http::field::access_control_max_age, "86400");
    write();
  }

  void respond_locally(http::status status, const char* body) {
    response_ = {};
    response_.result(status);
    response_.set(http::field::content_type, "text/plain");
    response_.body() = body;
    write();
  }

  void write() {
    if (in_flight_) engine_.forget_request(*in_flight_);
    if (ended_) return;
    response_.version(11);
    response_.set(http::field::access_control_allow_origin, "*");
    response_.keep_alive(keep_alive_ && !engine_.stopping());
    response_.prepare_payload();
    writing_ = true;
    http::async_write(socket_, response_,
                      [self = shared_from_this()](const error_code& ec, std::size_t) { self->on_write(ec); });
  }

  void on_write(const error_code& ec) {
    writing_ = false;
    in_flight_.reset();
    if (ended_) return;
    if (ec || !response_.keep_alive()) {
      end();
      return;
    }
    if (pending_) {
      auto [r, too_large] = std::move(*pending_);
      pending_.reset();
      dispatch(std::move(r), too_large);
      return;
    }
    if (engine_.stopping()) {
      end();
      return;
    }
    read_next();
  }

  engine& engine_;
  tcp::socket socket_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  request current_;
  std::optional<std::pair<request, bool>> pending_;  // read while a response was awaited
  http::response<http::string_body> response_;
  std::optional<std::uint64_t> in_flight_;
  bool reading_ = false;
  bool writing_ = false;
  bool keep_alive_ = true;
  bool ended_ = false;
};

// ---- one WebSocket ----------------------------------------------------------------------------

class ws_connection final : public std::enable_shared_from_this<ws_connection> {
 public:
  ws_connection(engine& e, std::uint64_t id, tcp::socket socket, request upgrade_request)
      : engine_(e), id_(id), ws_(std::move(socket)), request_(std::move(upgrade_request)), first_frame_(e.context()) {
    engine_.connection_opened();
  }

  void start() {
    ws_.read_message_max(engine_.max_payload());
    websocket::stream_base::timeout timeouts{};
    timeouts.handshake_timeout = kWebSocketHandshakeTimeout;
    timeouts.idle_timeout = websocket::stream_base::none();
    timeouts.keep_alive_pings = false;
    ws_.set_option(timeouts);
    ws_.async_accept(request_, [self = shared_from_this()](const error_code& ec) {
      if (ec) {
        self->end();
        return;
      }
      self->read_started_ = true;
      self->read();
      self->first_frame_.expires_after(kFirstFrameDelay);
      self->first_frame_.async_wait([self](const error_code&) {
        self->accepted_ = true;
        self->pump();
      });
    });
  }

  void send(std::string data, bool binary) {
    if (ended_ || close_requested_) return;
    queued_bytes_ += data.size();
    out_.emplace_back(std::move(data), binary);
    pump();
  }

  void request_close() {
    close_requested_ = true;
    pump();
  }

  void end() {
    if (ended_) return;
    ended_ = true;
    error_code ec;
    beast::get_lowest_layer(ws_).close(ec);
    engine_.forget_websocket(id_);
    engine_.feed(eio::websocket_closed{id_});
    engine_.connection_ended();
  }

 private:
  void read() {
    if (ended_ || reading_ || !read_started_) return;
    reading_ = true;
    ws_.async_read(in_, [self = shared_from_this()](const error_code& ec, std::size_t) { self->on_read(ec); });
  }

  void on_read(const error_code& ec) {
    reading_ = false;
    if (ended_) return;
    if (ec) {
      end();
      return;
    }
    if (!accepted_) first_frame_.cancel();  // the client is listening: write at once
    const std::string_view data(static_cast<const char*>(in_.data().data()), in_.size());
    engine_.feed(eio::websocket_message{id_, data, !ws_.got_text()});
    in_.consume(in_.size());
    if (queued_bytes_ <= kWritePayloadsBeforePause * engine_.max_payload()) read();
  }

  void pump() {
    if (!accepted_ || writing_ || ended_) return;
    if (!out_.empty()) {
      writing_ = true;
      ws_.text(!out_.front().second);
      ws_.async_write(asio::buffer(out_.front().first),
                      [self = shared_from_this()](const error_code& ec, std::size_t) { self->on_write(ec); });
    } else if (close_requested_ && !closing_) {
      closing_ = true;
      ws_.async_close(websocket::close_code::normal, [self = shared_from_this()](const error_code&) { self->end(); });
    }
  }

  void on_write(const error_code& ec) {
    writing_ = false;
    queued_bytes_ -= out_.front().first.size();
    out_.pop_front();
    if (ended_) return;
    if (ec) {
      end();
      return;
    }
    if (!closing_ && queued_bytes_ <= kWritePayloadsBeforePause * engine_.max_payload()) read();
    pump();
  }

  engine& engine_;
  std::uint64_t id_;
  websocket::stream<tcp::socket> ws_;
  request request_;
  asio::steady_timer first_frame_;
  beast::flat_buffer in_;
  std::deque<std::pair<std::string, bool>> out_;
  std::size_t queued_bytes_ = 0;
  bool read_started_ = false;  // the handshake is done
  bool accepted_ = false;      // and frames may be written
  bool reading_ = false;
  bool writing_ = false;
  bool close_requested_ = false;
  bool closing_ = false;
  bool ended_ = false;
};

void http_connection::upgrade(std::uint64_t id) {
  engine_.forget_request(id);
  in_flight_.reset();
  ended_ = true;
  auto ws = std::make_shared<ws_connection>(engine_, id, std::move(socket_), std::move(current_));
  engine_.add_websocket(id, ws);
  engine_.register_connection(ws);
  ws->start();
  engine_.connection_ended();
}

// ---- the engine's actions ---------------------------------------------------------------------

void engine::accept() {
  acceptor_.async_accept([this](const error_code& ec, tcp::socket socket) {
    if (stopping_) return;
    if (!ec) {
      auto c = std::make_shared<http_connection>(*this, std::move(socket));
      register_connection(c);
      c->start();
    }
    accept();
  });
}

void engine::perform(eio::action& a) {
  switch (a.kind) {
    case eio::action_kind::http_response:
      if (const auto it = requests_.find(a.id); it != requests_.end()) {
        if (const auto c = it->second.lock()) c->respond(a);
        requests_.erase(a.id);
      }
      break;
    case eio::action_kind::websocket_accept:
      if (const auto it = requests_.find(a.id); it != requests_.end()) {
        if (const auto c = it->second.lock()) c->upgrade(a.id);
        requests_.erase(a.id);
      }
      break;
    case eio::action_kind::websocket_send:
      if (const auto it = websockets_.find(a.id); it != websockets_.end()) {
        if (const auto c = it->second.lock()) c->send(std::move(a.data), a.binary);
      }
      break;
    case eio::action_kind::websocket_close:
      if (const auto it = websockets_.find(a.id); it != websockets_.end()) {
        if (const auto c = it->second.lock()) c->request_close();
      }
      break;
    case eio::action_kind::session_opened:
    case eio::action_kind::message:
    case eio::action_kind::session_closed:
      break;  // the mode's, never handed out
  }
}

// Closes every session (a held GET gets the close packet as its response, a WebSocket is
// closed), lets the connections finish, and cuts what remains after a grace period.
void engine::shutdown() {
  if (stopping_) return;
  stopping_ = true;
  error_code ec;
  acceptor_.close(ec);
  const millis t = tick();
  catch_up(t);
  mode_->close_all(t);
  drain();
  for (const auto& w : live_http_) {
    if (const auto c = w.lock()) c->stop_when_idle();
  }
  if (connections_ == 0) {
    finish();
    return;
  }
  grace_.expires_after(kShutdownGrace);
  grace_.async_wait([this](const error_code& wait_ec) {
    if (wait_ec) return;
    for (const auto& w : live_http_) {
      if (const auto c = w.lock()) c->end();
    }
    for (const auto& w : live_ws_) {
      if (const auto c = w.lock()) c->end();
    }
    finish();
  });
}

void engine::finish() {
  ++timer_generation_;
  timer_.cancel();
  grace_.cancel();
  ioc_.stop();
}

// ---- host -------------------------------------------------------------------------------------

host::host(std::unique_ptr<mode> m) : engine_(std::make_unique<engine>(std::move(m))) {}
host::~host() = default;
std::uint16_t host::listen(std::uint16_t port) { return engine_->listen(port); }
void host::run() { engine_->run(); }

}  // namespace example
