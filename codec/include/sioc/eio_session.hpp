// sioc/eio_session.hpp: the Engine.IO server session (v4, and v3 on request), sans I/O.
//
// Theory of operation. An eio::server is a state machine with no sockets, threads or timers.
// The caller owns the HTTP and WebSocket servers and the clock, and feeds the server:
//
//   handle(http_request)       an Engine.IO request, its body complete (see below)
//   handle(http_aborted)       the client went away before a response was written
//   handle(websocket_message)  a whole message on an accepted WebSocket
//   handle(websocket_closed)   an accepted WebSocket ended
//   on_timer(now)              the clock reached next_deadline()
//   send(sid, ...), close(sid) what the application wants (close needs `now` for its deadline)
//
// and after each call drains next_action() until it is empty, doing what each action says:
// answer request `id` (status, headers, body), accept request `id` as a WebSocket (it is then
// WebSocket `id`), send a frame on it, close it; and tell the application that a session
// opened, received a message, or closed (with a reason). Every call takes `now`, the caller's
// monotonic clock in milliseconds; the server only compares the values it is given.
//
// Identifiers: the caller numbers requests (`id`, unique among requests and WebSockets still
// open); a request accepted as a WebSocket keeps its number. Responses name the request they
// answer, so a long-polling GET can be answered during a later call (when a packet is queued,
// on close, on upgrade). Bodies arrive whole: the caller reads a POST body up to
// server_options::max_payload bytes and passes it in one piece, or, when the body is larger,
// passes `body_too_large` (and no body) to get the reference's 413 response.
//
// Each session (server_session) goes through these states:
//
//   polling --WebSocket with sid--> upgrading --"2probe"--> upgrade_probed --"5"--> websocket
//      ^                               |                           |
//      +---- other packet, WebSocket closed, upgrade timeout ------+
//   polling --close(sid) while packets wait for a GET--> closing
//   any --close packet, error, ping timeout, close(sid)--> closed (the server forgets it)
//
// Outgoing packets wait in the session's queue while the transport is polling; a GET takes as
// many as fit in max_payload bytes (at least one), or waits until one is queued. After the
// probe, a GET with nothing to take is answered with a noop at once, and a GET held when the
// probe arrives too, so the client can finish the upgrade; on "5" the queue goes out on the
// WebSocket in order. A packet is therefore sent exactly once, on one transport.
//
// Heartbeat (v4): pingInterval after the open packet (and after each pong) the server queues
// a ping; if no pong arrives within pingTimeout the session closes with ping_timeout. A packet
// other than a pong received while waiting extends the wait once by pingTimeout, as the
// reference does. A client ping is the wrong direction and closes with transport_error.
//
// Engine.IO v3 (server_options::allow_eio3, like the reference's allowEIO3; any EIO other than
// 4 is v3, as the reference reads it): the client pings, the server answers each ping with a
// pong and closes with ping_timeout when none comes for pingInterval + pingTimeout; a client
// pong closes with transport_error. Polling bodies are length-prefixed text, or XHR2 binary
// (content-type application/octet-stream) when a response holds binary data and the client did
// not ask for base64 with b64; a response takes the whole queue, as the reference does. Binary
// WebSocket frames carry the packet type. JSONP polling (the j parameter) is not implemented,
// in either version: such requests are served as plain polling.
//
// Bad requests get the reference's status and body (vectors/server/eio4.server.json and
// eio3.server.json, recorded from the engine.io package): JSON `{"code":N,"message":"..."}`
// with status 400 for an unknown transport (0), an unknown sid (1), a handshake that is not a
// GET (2), a bad request (3: websocket without upgrade, a transport or protocol other than the
// session's), an EIO other than 4 (5); an empty 400 for a second concurrent GET or a binary
// content type; 500 for a session request that is neither GET nor POST; 413 for a body over
// max_payload. A refused WebSocket upgrade gets status 400, content-type text/html and the
// message as its body; the caller should close that connection. An OPTIONS preflight is a handshake with a bad method,
// as for the reference without its cors option (CORS headers are the HTTP layer's business).
//
// Where this layer differs from the reference server, on purpose:
//  - a close packet over WebSocket closes the session (transport_close); the reference ignores
//    it and the session ends at the ping timeout;
//  - an unsupported protocol is refused before a WebSocket upgrade; the reference completes
//    the upgrade and then writes an HTTP 400 response into the WebSocket connection;
//  - close(sid) on polling sends the queued packets and the close packet in the same response;
//  - a v4 polling response stops growing at max_payload (the reference sends its whole queue,
//    which a client holding to the advertised maxPayload may refuse);
//  - a text message holding 0x1E cannot be sent while a v4 session may use polling (the
//    reference would send it, and the client would split it into forged packets);
//  - v3: while a pong waits for a GET, further pings add no pong (the reference queues one
//    per ping);
//  - not reproduced: Content-Length and Connection (HTTP framing, the caller's), compression,
//    cookies, X-XSS-Protection for old Internet Explorer user agents, the initialPacket option.
//
// Memory: each session holds at most max_buffered_packets packets and max_buffered_bytes data
// bytes in its queue (send() refuses beyond; the server's own packets are not counted: at most
// the open packet, one ping or pong, and one close), one decoded POST body while it is
// processed, and nothing on WebSocket (frames are handed to the caller at once). The action
// queue holds what one call produced until the caller drains it, and keeps the memory of up
// to 64 drained actions (their strings' capacity) for the next ones. next_deadline() and
// on_timer() look at every session.
//
// The client side, driven the same way, is eio::client in sioc/eio_client.hpp.
#pragma once

#include <sioc/eio.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <variant>
#include <vector>

namespace sioc::detail {

// `to` takes the value of `from`. When there is something to take they trade memory, so that
// `from`, a queue's slot, keeps what `to` held for later; an empty `from` costs a clear().
inline void take(std::string& to, std::string& from) noexcept {
  if (from.empty()) {
    to.clear();
  } else {
    to.swap(from);
  }
}

// The action queues of the servers: a FIFO whose slots outlive the elements popped from them,
// so that an element pushed later reuses the capacity of their strings and containers
// (push_slot() hands back such a slot as it is, for the caller to overwrite). A drained queue
// starts again at its first slot, so a caller that pushes and pops a few elements at a time
// keeps reusing the same ones. After a burst, a drained queue keeps kRetained slots.
template <class T>
class recycling_queue {
 public:
  static constexpr std::size_t kRetained = 64;

  bool empty() const noexcept { return count_ == 0; }
  std::size_t size() const noexcept { return count_; }
  // Counted from the front.
  T& operator[](std::size_t i) noexcept { return slots_[(head_ + i) & (slots_.size() - 1)]; }
  const T& operator[](std::size_t i) const noexcept { return slots_[(head_ + i) & (slots_.size() - 1)]; }
  T& front() noexcept { return slots_[head_]; }
  T& back() noexcept { return (*this)[count_ - 1]; }

  // A new last element: a slot holding what an element popped earlier left in it.
  T& push_slot() {
    if (count_ == slots_.size()) grow();
    ++count_;
    return back();
  }
  void push_back(T&& value) { push_slot() = std::move(value); }
  void pop_front() {
    head_ = (head_ + 1) & (slots_.size() - 1);
    if (--count_ > 0) return;
    head_ = 0;
    if (slots_.size() > kRetained) {
      slots_.resize(kRetained);
      slots_.shrink_to_fit();
    }
  }

 private:
  // Sizes stay powers of two, so that an index wraps with a mask.
  void grow() {
    std::rotate(slots_.begin(), slots_.begin() + static_cast<std::ptrdiff_t>(head_), slots_.end());
    head_ = 0;
    slots_.resize(slots_.empty() ? 8 : slots_.size() * 2);
  }

  std::vector<T> slots_;
  std::size_t head_ = 0;
  std::size_t count_ = 0;
};

}  // namespace sioc::detail

namespace sioc::eio {

using millis = std::uint64_t;  // the caller's monotonic clock, in milliseconds

struct server_options {
  std::uint64_t ping_interval_ms = 25000;
  std::uint64_t ping_timeout_ms = 20000;
  std::uint64_t upgrade_timeout_ms = 10000;  // from WebSocket accepted to "5"
  // maxPayload in the handshake (the reference's maxHttpBufferSize): the largest POST body and
  // WebSocket message accepted, and the size a polling response stops growing at.
  std::size_t max_payload = 1'000'000;
  std::size_t max_buffered_packets = 10'000;     // outgoing packets queued per session
  std::size_t max_buffered_bytes = 10'000'000;   // their data bytes
  bool polling = true;                            // transports offered
  bool websocket = true;
  bool allow_upgrades = true;                     // advertise websocket to polling sessions
  dialect mode = dialect::strict;                 // how received packets are decoded
  bool allow_eio3 = false;                        // serve Engine.IO v3 clients (EIO other than 4)
};

// Why a session ended; to_string gives the reference's wording ("ping timeout").
enum class close_reason : std::uint8_t { transport_close, ping_timeout, parse_error, forced_close, transport_error };
const char* to_string(close_reason reason) noexcept;

// ---- events ---------------------------------------------------------------------------------

struct http_request {
  std::uint64_t id = 0;
  std::string_view method;        // "GET", "POST", ...
  std::string_view query;         // the query string without '?', percent-encoded
  std::string_view content_type;  // the Content-Type header, empty if none
  std::string_view body;          // the whole body
  bool body_too_large = false;    // the body is over max_payload and was not read
  bool websocket_upgrade = false;  // a valid WebSocket upgrade request
};
struct http_aborted {
  std::uint64_t id = 0;
};
struct websocket_message {
  std::uint64_t id = 0;
  std::string_view data;
  bool binary = false;
};
struct websocket_closed {
  std::uint64_t id = 0;
};
using event = std::variant<http_request, http_aborted, websocket_message, websocket_closed>;

// ---- actions --------------------------------------------------------------------------------

enum class action_kind : std::uint8_t {
  http_response,      // id, status, headers, data (the body)
  websocket_accept,   // id: complete the upgrade; frames follow
  websocket_send,     // id, data, binary (frame kind)
  websocket_close,    // id: close with status 1000
  session_opened,     // sid
  message,            // sid, data, binary
  session_closed,     // sid, reason
};

struct action {
  action_kind kind = action_kind::http_response;
  std::uint64_t id = 0;
  std::string sid;
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // lower-case names
  std::string data;
  bool binary = false;
  close_reason reason = close_reason::transport_close;
};

using action_queue = detail::recycling_queue<action>;

}  // namespace sioc::eio

namespace sioc::detail {

// What next_action(action&) does: `to` takes the values of `from`, member by member (take()).
inline void take(eio::action& to, eio::action& from) noexcept {
  to.kind = from.kind;
  to.id = from.id;
  take(to.sid, from.sid);
  to.status = from.status;
  to.headers.swap(from.headers);
  take(to.data, from.data);
  to.binary = from.binary;
  to.reason = from.reason;
}

}  // namespace sioc::detail

namespace sioc::eio {

// ---- one client -----------------------------------------------------------------------------

class server_session {
 public:
  enum class state : std::uint8_t { polling, upgrading, upgrade_probed, websocket, closing, closed };

  // protocol: 4, or 3 for an EIO=3 client; supports_binary: false when a v3 client asked for
  // base64 (b64), which then gets binary data as text.
  server_session(std::string sid, const server_options& opts, int protocol = 4, bool supports_binary = true)
      : sid_(std::move(sid)), opts_(opts), protocol_(protocol), supports_binary_(supports_binary) {}

  const std::string& sid() const noexcept { return sid_; }
  int protocol() const noexcept { return protocol_; }
  state current_state() const noexcept { return state_; }
  std::size_t buffered_packets() const noexcept { return queue_.size(); }
  std::size_t buffered_bytes() const noexcept { return queued_bytes_; }
  std::optional<millis> next_deadline() const noexcept;

 private:
  friend class server;
  // Driven by eio::server; each appends what it produces to `out`.
  void open(std::uint64_t id, bool websocket, millis now, action_queue& out);
  void handle_get(std::uint64_t id, action_queue& out);
  void handle_post(const http_request& req, millis now, action_queue& out);
  void attach_websocket(std::uint64_t id, millis now, action_queue& out);
  void handle(const http_aborted& ev, action_queue& out);
  void handle(const websocket_message& ev, millis now, action_queue& out);
  void handle(const websocket_closed& ev, action_queue& out);
  void on_timer(millis now, action_queue& out);
  bool send(std::string_view data, bool binary, action_queue& out);
  void close(millis now, action_queue& out);

  void receive(const packet& p, millis now, action_queue& out);
  void probe_receive(const packet& p, action_queue& out);
  void enqueue(packet_type type, std::string_view data, bool binary, action_queue& out);
  void flush(action_queue& out);
  void respond_get(packet_type type, action_queue& out);
  void push_frame(std::uint64_t id, const packet& p, action_queue& out) const;
  void end_probe(action_queue& out);
  void finish(close_reason reason, action_queue& out);

  std::string sid_;
  const server_options& opts_;
  int protocol_;
  bool supports_binary_;
  state state_ = state::polling;
  std::deque<owned_packet> queue_;
  std::size_t queued_bytes_ = 0;
  std::optional<std::uint64_t> held_get_;
  std::optional<std::uint64_t> websocket_;  // the active WebSocket, once upgraded or opened so
  std::optional<std::uint64_t> probe_;      // the WebSocket being upgraded to
  std::optional<millis> next_ping_;  // v4: the server pings
  std::optional<millis> pong_deadline_;
  bool pong_wait_extended_ = false;
  bool pong_queued_ = false;  // v3: a pong waits in the queue
  std::optional<millis> upgrade_deadline_;
  std::optional<millis> close_deadline_;
  std::string storage_;
  payload body_;
};

// ---- the server -----------------------------------------------------------------------------

class server {
 public:
  explicit server(server_options opts = {});

  void handle(const event& ev, millis now);
  void on_timer(millis now);
  // Queues a message for session `sid`. False (and nothing queued) when there is no such open
  // session, its queue is full, or text holding 0x1E would travel over polling.
  bool send(std::string_view sid, std::string_view data, bool binary);
  // Closes session `sid` (forced_close) once its queued packets are sent; false if unknown.
  bool close(std::string_view sid, millis now);

  std::optional<action> next_action();
  // The same, into `out`: false when there is none (`out` is then unchanged). The memory `out`
  // held goes back to the server, which reuses it for later actions: a caller that drains
  // into one action object for good makes a steady flow of messages and sends allocate
  // nothing once warmed up.
  bool next_action(action& out);
  std::optional<millis> next_deadline() const;

  // Session ids: 20 characters of base64url from std::random_device by default. Replace the
  // generator to use another source or to get predictable ids in tests; an id already in use
  // is asked for again (up to 16 times, then the handshake is refused as a bad request).
  void set_sid_generator(std::function<std::string()> generate) { generate_sid_ = std::move(generate); }

  const server_options& options() const noexcept { return *opts_; }
  std::size_t session_count() const noexcept { return sessions_.size(); }
  const server_session* find(std::string_view sid) const;

 private:
  void handle_request(const http_request& req, millis now);
  server_session* route(std::uint64_t id);
  void settle(std::size_t first_new_action);

  std::unique_ptr<server_options> opts_;  // sessions refer to it; stable when the server moves
  std::map<std::string, std::unique_ptr<server_session>, std::less<>> sessions_;
  std::unordered_map<std::uint64_t, std::string> routes_;  // held GETs and WebSockets -> sid
  action_queue actions_;
  std::function<std::string()> generate_sid_;
};

}  // namespace sioc::eio
