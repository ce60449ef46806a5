// sioc/eio_client.hpp: the Engine.IO client session (v4, and v3 on request), sans I/O.
//
// Theory of operation. An eio::client is the counterpart of eio::server: a state machine with
// no sockets, threads or timers. The caller owns the HTTP client, the WebSocket client and the
// clock. open() starts the session; then the caller drains next_action() after every call and
// does what each action says: make HTTP request `id` (method, target = path and query, body),
// open WebSocket `id` (target), send a frame on it, close it; and tell the application that the
// session opened, a message arrived, the session moved to WebSocket, or it closed (a reason).
// What happens on the wire comes back with handle(): the response to request `id` (status,
// whole body), a request that failed without a response, a WebSocket that opened, a message on
// it, a WebSocket that closed (or was refused). handle() and on_timer() take `now`, the
// caller's monotonic clock in milliseconds; on_timer(now) is due at next_deadline().
//
//   idle --open()--> opening --open packet--> polling --"websocket" offered--> probing
//   probing --"3probe" on the WebSocket--> pausing --GET and POST answered--> websocket ("5" sent)
//   probing/pausing --probe WebSocket fails or answers something else--> polling
//   polling/probing/pausing/opening --close()--> closing --close packet posted--> closed
//   idle --open() with websocket_only--> opening --open packet on the WebSocket--> websocket
//   any --server close, error, ping timeout, close() on WebSocket--> closed
//
// Polling: at most one GET and one POST are in flight. A GET is made again as soon as the
// previous one is answered, while the session polls. A POST carries as many queued packets as
// fit in the server's maxPayload (at least one), and the next POST waits for its response,
// as the reference client does. While pausing no POST is made and no GET is started; the GET in
// flight comes back (the server answers it with a noop after the probe), then "5" goes on the
// WebSocket and the queue follows there in order: every packet is sent once, on one transport.
//
// Heartbeat (v4): the server pings; the client answers each ping with a pong and closes with
// ping_timeout when no ping comes within pingInterval + pingTimeout of the open packet or of
// the last ping, as the reference client does.
//
// Engine.IO v3 (client_options::protocol = 3), as engine.io-client 3.x does it: the client
// pings pingInterval after the open packet and after each pong, and closes with ping_timeout
// when no pong comes within pingTimeout of a ping, or no packet at all within pingInterval +
// pingTimeout. The handshake asks for base64 (b64=1), so every polling body is length-prefixed
// text both ways (binary data as "b4..."); WebSocket binary frames carry the packet type.
//
// Close: close() on WebSocket closes it at once; while polling it posts the queued packets, then
// the close packet, and the session is closed once that POST is made (its response, and that of
// a GET still in flight, are then ignored). Close reasons: forced_close (close()),
// transport_close (the server sent close or closed the WebSocket), ping_timeout, parse_error
// (the server sent something that does not decode, or a bad handshake), transport_error (an HTTP
// status other than 200, or a request that failed).
//
// Memory: the send queue holds at most max_buffered_packets packets and max_buffered_bytes data
// bytes (send() refuses beyond; the client's own packets are not counted: at most one ping or
// pong, as pings that arrive while a pong waits add none, and one close); a polling response
// or WebSocket message over max_receive_bytes closes the session with parse_error, so the
// caller may stop reading after max_receive_bytes + 1 bytes and pass those. The action queue
// holds what one call produced until the caller drains it.
#pragma once

#include <sioc/eio.hpp>
#include <sioc/eio_session.hpp>

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace sioc::eio {

struct client_options {
  std::string path = "/engine.io/";  // where the server listens, with the trailing slash
  std::string query;                 // extra query parameters, percent-encoded, without '?'
  bool websocket_only = false;       // open on a WebSocket instead of polling
  bool upgrade = true;               // move to WebSocket when the server offers it
  std::size_t max_receive_bytes = 10'000'000;   // largest polling response or WebSocket message
  std::size_t max_buffered_packets = 10'000;    // outgoing packets queued
  std::size_t max_buffered_bytes = 10'000'000;  // their data bytes
  dialect mode = dialect::strict;               // how received packets are decoded
  int protocol = 4;                             // Engine.IO version: 3, or 4 (any other value)
};

// ---- events (websocket_message and websocket_closed are the server's) ---------------------------

struct http_response {
  std::uint64_t id = 0;
  int status = 0;
  std::string_view body;  // the whole body
};
struct http_failed {  // no response: connection refused, reset, timed out
  std::uint64_t id = 0;
};
struct websocket_opened {
  std::uint64_t id = 0;
};
using client_event = std::variant<http_response, http_failed, websocket_opened, websocket_message, websocket_closed>;

// ---- actions ----------------------------------------------------------------------------------

enum class client_action_kind : std::uint8_t {
  http_request,     // id, method, target, content_type (for a POST), data (the body)
  websocket_open,   // id, target
  websocket_send,   // id, data, binary
  websocket_close,  // id
  opened,           // sid: the handshake is done
  message,          // data, binary
  upgraded,         // id: the session now runs on this WebSocket
  closed,           // reason
};

struct client_action {
  client_action_kind kind = client_action_kind::http_request;
  std::uint64_t id = 0;
  std::string method;
  std::string target;  // path and query, e.g. "/engine.io/?EIO=4&transport=polling&sid=..."
  std::string content_type;
  std::string data;
  bool binary = false;
  std::string sid;
  close_reason reason = close_reason::transport_close;
};

class client {
 public:
  enum class state : std::uint8_t { idle, opening, polling, probing, pausing, websocket, closing, closed };

  explicit client(client_options opts = {});

  void open();
  void handle(const client_event& ev, millis now);
  void on_timer(millis now);
  // Queues a message. False (nothing queued) when closing or closed, when the queue is full,
  // or for text holding 0x1E while the session may still poll.
  bool send(std::string_view data, bool binary);
  void close();

  std::optional<client_action> next_action();
  std::optional<millis> next_deadline() const noexcept;

  state current_state() const noexcept { return state_; }
  const std::string& sid() const noexcept { return handshake_.sid; }
  const handshake& server_handshake() const noexcept { return handshake_; }
  std::size_t buffered_packets() const noexcept { return queue_.size(); }
  std::size_t buffered_bytes() const noexcept { return queued_bytes_; }

 private:
  void on_response(const http_response& r, millis now);
  void on_websocket_message(const websocket_message& m, millis now);
  void on_websocket_closed(const websocket_closed& c);
  void on_open_packet(const packet& p, millis now);
  void receive(const packet& p, millis now);
  void probe_failed();
  void finish_pause();
  void enqueue(packet_type type, std::string_view data, bool binary);
  std::size_t encode_body(std::string& body) const;
  void flush();
  void poll();
  std::uint64_t request(std::string method, std::string where, std::string body);
  std::uint64_t open_websocket();
  void send_frame(std::uint64_t id, const packet& p);
  std::string target(const char* transport) const;
  void finish(close_reason reason);

  client_options opts_;
  state state_ = state::idle;
  handshake handshake_;
  std::uint64_t next_id_ = 1;
  std::deque<owned_packet> queue_;
  std::size_t queued_bytes_ = 0;
  bool pong_queued_ = false;            // v4: a pong waits in the queue
  std::optional<std::uint64_t> get_;    // the GET in flight
  std::optional<std::uint64_t> post_;   // the POST in flight
  std::optional<std::uint64_t> websocket_;  // the session's WebSocket
  std::optional<std::uint64_t> probe_;      // the WebSocket being upgraded to
  std::optional<millis> ping_deadline_;  // no ping (v4) or no packet (v3) by then: ping timeout
  std::optional<millis> next_ping_;      // v3: the client pings
  std::string storage_;
  payload body_;
  std::deque<client_action> actions_;
};

}  // namespace sioc::eio
