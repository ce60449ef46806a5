// sioc/sio_client.hpp: the Socket.IO v5 client session, sans I/O, on top of eio::client.
//
// Theory of operation. An sio::client owns an eio::client and is driven exactly like it: the
// caller owns the HTTP client, the WebSocket client and the clock, calls open(), feeds what
// happens on the wire to handle(event, now), calls on_timer(now) at next_deadline(), and after
// every call (its own included) drains next_action() until it is empty:
//
//   transport      carry out `io`, an Engine.IO client action: http_request, websocket_open,
//                  websocket_send, websocket_close; `upgraded` is passed on here too, for the
//                  caller's information (see eio_client.hpp)
//   opened         the Engine.IO handshake is done (`sid` is the Engine.IO session id)
//   connected      namespace `nsp` accepted the CONNECT; `sid` is the socket id it gave,
//                  `data` the whole CONNECT payload the server sent
//   connect_error  namespace `nsp` was not joined: the server refused the CONNECT (`message`
//                  and `data` are the CONNECT_ERROR's {message, data}, `data` null when it had
//                  none), answered without a socket id, did not answer in time ("timeout"), or
//                  the session ended before the CONNECT could be sent (the close reason)
//   event          an event on `nsp`: `name`, `data` (the arguments, an array; binary arguments
//                  reassembled as json::binary_t), `ack_id` when the server wants an ack:
//                  answer it with ack()
//   ack            the server acked emit_with_ack(): `ack_id`, `data` (the arguments)
//   disconnect     namespace `nsp` ended, for `reason`
//   error          the server did something wrong (`message` says what); the session closes
//                  after it unless the mistake is harmless (an ack for an unknown id, a
//                  CONNECT_ERROR or a CONNECT without socket id for a connected namespace)
//   closed         the session ended, for `reason`, after a disconnect for each namespace
//                  connected or awaiting its answer
//
// What the application does: connect(nsp, auth) (any time before close(); a CONNECT made
// before the handshake is sent once it is done), emit(), emit_with_ack() (returns the ack id),
// ack(), cancel_ack(), disconnect() (one namespace), close() (the whole session). Each returns
// false (or no id) when the session or namespace is not in a state that allows it, or the
// Engine.IO queue cannot take the packet; nothing is then sent. Emits are not buffered while a
// namespace waits for its answer, unlike the reference client: wait for `connected`.
//
//   idle --open()--> open --Engine.IO session ended, close()--> closed
//   idle --close()--> closed
//
// and each namespace: (none) --connect()--> pending --CONNECT answer--> connected
// --DISCONNECT from the server, disconnect()--> (none). A pending one goes back to (none) on a
// CONNECT_ERROR, a CONNECT without socket id, the connect timeout, a DISCONNECT from the
// server, or disconnect() (no DISCONNECT is then sent; a late answer is ignored).
//
// Rules, as the reference client (socket.io-client 4.8.1, lib/socket.js and lib/manager.js)
// applies them:
//  - a packet the decoder refuses closes the session, after an error action, and every
//    namespace ends with "parse error" (the reference's manager closes with that reason when
//    its decoder throws); an Engine.IO packet that does not decode ends them the same way,
//    without the error action;
//  - a CONNECT from the server without a socket id (a non-empty string `sid`) is a
//    connect_error, and the session stays; a second CONNECT for a connected namespace gives it
//    the new socket id and a second `connected`;
//  - ack ids of emit_with_ack() are numbered per namespace from 0, as the reference's Socket
//    numbers them; an ACK with an id that is not awaited is ignored (and reported here with an
//    error action, which the reference does not do);
//  - an event or ack for a namespace that is not connected, and any packet for a namespace
//    never asked for, is ignored;
//  - a DISCONNECT from the server ends its namespace, connected or pending ("io server
//    disconnect"); disconnect() ends a connected one with "io client disconnect";
//  - when the Engine.IO session ends, each namespace connected or awaiting its answer gets a
//    disconnect with the Engine.IO reason ("transport close", "ping timeout", "forced close"
//    for close(), "parse error", "transport error"); one whose CONNECT was never sent (the
//    handshake failed) gets a connect_error instead, as the reference's sockets get the
//    manager's error. Reconnecting is the application's business (open a new client).
//
// Where this layer differs from the reference, on purpose:
//  - a binary packet must receive its attachments within attachment_timeout_ms, or the session
//    closes as for a packet that does not decode; the reference waits for ever;
//  - a namespace that does not answer within connect_timeout_ms of its CONNECT being sent gets
//    a connect_error with message "timeout" and goes back to (none); the reference waits for
//    ever (its timeout is for the Engine.IO handshake). Calls without a clock (connect()) use
//    the clock of the latest handle() or on_timer();
//  - the Engine.IO session stays when the last namespace ends (DISCONNECT, disconnect(),
//    CONNECT_ERROR), until close(); the reference's manager closes it then ("forced close");
//  - events for a namespace awaiting its answer are dropped; the reference keeps them and
//    delivers them once connected (servers do not send them before the CONNECT);
//  - after a CONNECT without socket id the namespace goes back to (none), and a numeric `sid`
//    is not one; the reference keeps waiting for another CONNECT, and takes any truthy `sid`;
//  - a CONNECT_ERROR for a connected namespace is reported and ignored; the reference stops
//    listening to that namespace without ending it;
//  - at most max_namespaces namespaces (connected or pending) and max_pending_acks ack ids
//    awaited per namespace.
//
// Memory, beyond the Engine.IO client's own (eio_client.hpp): one decoder holding at most one
// pending binary packet (decode.max_packet_bytes of text, decode.max_attachments attachments of
// decode.max_attachment_bytes); at most max_namespaces namespaces, each its name, socket id and
// at most max_pending_acks ack ids. The action queue holds what one call produced until drained.
#pragma once

#include <sioc/eio_client.hpp>
#include <sioc/sio.hpp>
#include <sioc/sio_session.hpp>

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sioc::sio {

struct client_options {
  // The Engine.IO layer; its path defaults to the Socket.IO one, its protocol is always 4.
  eio::client_options engine = [] {
    eio::client_options e;
    e.path = "/socket.io/";
    return e;
  }();
  decode_options decode;                          // packet limits; `version` is always v5
  std::uint64_t connect_timeout_ms = 20000;       // from sending a CONNECT to its answer
  std::uint64_t attachment_timeout_ms = 10000;    // from a binary packet's text to its last attachment
  std::size_t max_namespaces = 16;                // connected or pending
  std::size_t max_pending_acks = 1000;            // emit_with_ack() ids awaited, per namespace
};

enum class client_action_kind : std::uint8_t {
  transport,
  opened,
  connected,
  connect_error,
  event,
  ack,
  disconnect,
  error,
  closed
};

struct client_action {
  client_action_kind kind = client_action_kind::transport;
  eio::client_action io;  // transport only
  std::string sid;        // opened: the Engine.IO sid; connected: the socket id
  std::string nsp;
  std::string name;  // event: the event name (a numeric name as its JSON text)
  json data;         // connected: the CONNECT payload; connect_error: its `data`; event, ack: the arguments
  std::optional<std::uint64_t> ack_id;
  disconnect_reason reason = disconnect_reason::transport_close;
  std::string message;  // connect_error, error
};

class client {
 public:
  enum class state : std::uint8_t { idle, open, closed };
  enum class namespace_state : std::uint8_t { pending, connected };

  explicit client(client_options opts = {});

  void open();
  void handle(const eio::client_event& ev, millis now);
  void on_timer(millis now);
  std::optional<client_action> next_action();
  std::optional<millis> next_deadline() const;

  // CONNECT to a namespace, with `auth` as its payload (an object, or null for none).
  bool connect(std::string_view nsp, json auth = nullptr);
  // An EVENT (BINARY_EVENT when args hold binary values) on a connected namespace. False when
  // the name is reserved or not valid UTF-8, among the reasons above.
  bool emit(std::string_view nsp, std::string_view name, json::array_t args = {});
  std::optional<std::uint64_t> emit_with_ack(std::string_view nsp, std::string_view name, json::array_t args = {});
  // Stops awaiting an ack: a late ACK is then an unknown id. False if the id was not awaited.
  bool cancel_ack(std::string_view nsp, std::uint64_t id);
  // Answers an event's ack request. The id is not checked against the events delivered.
  bool ack(std::string_view nsp, std::uint64_t id, json::array_t args = {});
  // Sends DISCONNECT for a connected namespace, or forgets a pending one; a disconnect action
  // (io client disconnect) follows at once for a connected one.
  bool disconnect(std::string_view nsp);
  // Closes the Engine.IO session (eio::client::close()): namespaces end with forced close.
  void close();

  state current_state() const noexcept { return state_; }
  std::optional<namespace_state> namespace_status(std::string_view nsp) const noexcept;
  std::string_view socket_id(std::string_view nsp) const noexcept;  // empty unless connected
  std::size_t pending_acks(std::string_view nsp) const noexcept;

  // The Engine.IO client, to inspect it (state, handshake, queue); drive it through this class.
  const eio::client& engine() const noexcept { return engine_; }
  const client_options& options() const noexcept { return opts_; }

 private:
  struct space {
    std::string name;
    namespace_state status = namespace_state::pending;
    std::string socket_id;
    json auth;                        // pending and not yet sent: sent once the handshake is done
    bool sent = false;
    std::optional<millis> deadline;  // pending: connect_timeout_ms
    std::uint64_t next_ack = 0;
    std::vector<std::uint64_t> acks;  // awaited, ascending
  };
  space* find(std::string_view nsp) noexcept;
  const space* find(std::string_view nsp) const noexcept;
  void drop(std::string_view nsp);
  void pump();
  void dispatch(eio::client_action&& a);
  void receive(std::string_view data, bool binary);
  void on_packet(packet&& p);
  void report(std::string_view nsp, std::string message);
  void fail(std::string message);
  void finish(disconnect_reason reason);
  bool send(const packet& p);
  bool send_connect(space& s);

  client_options opts_;
  eio::client engine_;
  state state_ = state::idle;
  bool closing_ = false;  // close() or a protocol error: the Engine.IO session is ending
  std::optional<disconnect_reason> failure_;  // overrides the Engine.IO reason once it ends
  decoder decoder_;
  std::vector<space> spaces_;
  std::optional<millis> attachment_deadline_;
  millis last_now_ = 0;
  std::deque<client_action> actions_;
  std::string text_;                          // encode() scratch
  std::vector<std::string_view> attachments_;  // encode() scratch
};

}  // namespace sioc::sio
