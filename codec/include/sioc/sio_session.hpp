// sioc/sio_session.hpp: the Socket.IO v5 server session, sans I/O, on top of eio::server.
//
// Theory of operation. An sio::server owns an eio::server and is fed exactly like it (the same
// events, the same clock): handle(eio event, now), on_timer(now) at next_deadline(). Engine.IO
// messages do not come out; they go through one sio::decoder per session and come out as
// Socket.IO events. After each call the caller drains next_action() until it is empty:
//
//   transport        carry out `io`, an Engine.IO action: http_response, websocket_accept,
//                    websocket_send, websocket_close (see eio_session.hpp)
//   opened           an Engine.IO session `sid` opened
//   connect_request  the client asks to join namespace `nsp` with `data` (its auth object, {}
//                    when the CONNECT had none): answer with accept() or refuse(), now or later
//   event            an event on `nsp`: `name`, `data` (the arguments, an array; binary
//                    arguments reassembled as json::binary_t), `ack_id` when the client wants an
//                    ack: answer it with ack()
//   ack              the client acked emit_with_ack(): `ack_id`, `data` (the arguments)
//   disconnect       namespace `nsp` ended, for `reason`
//   error            the client did something wrong (`message` says what); the session closes
//                    after it unless the mistake is harmless (an ack for an unknown id)
//   closed           the Engine.IO session ended, for `reason`, after a disconnect for each
//                    namespace still connected
//
// What the application does in return: accept(), refuse() (CONNECT_ERROR {message, data}),
// emit(), emit_with_ack() (returns the ack id), ack(), cancel_ack(), disconnect() (one
// namespace), close() (the whole session). Each returns false (or no id) when the session or
// namespace is not in a state that allows it, or the Engine.IO queue cannot take the packet;
// nothing is then sent.
//
// Each session (server_session) goes through these states:
//
//   awaiting_namespace --accept()--> active --Engine.IO session ended--> (forgotten)
//        |                             |
//        +--- error, connect timeout, close() ---> closing --Engine.IO session ended-->
//
// and each namespace in it: (none) --CONNECT--> pending --accept()--> connected
// --DISCONNECT, disconnect()--> (none); refuse() takes a pending one back to (none).
//
// Rules, as the reference server (socket.io 4.8.1, recorded by vectors/record-sio-server.js into
// vectors/server/sio5.server.json) applies them:
//  - a packet other than CONNECT for a namespace that is not connected, a CONNECT for one that
//    is (or is pending), and a CONNECT_ERROR from the client close the session (forced close);
//  - a packet the decoder refuses (bad type, bad payload, bad ack id, text while attachments are
//    awaited, binary when none are) closes the session (forced close) after an error action;
//  - no namespace accepted within connect_timeout_ms of the session's opening: the session is
//    closed (forced close); a refused CONNECT does not stop that clock, an accepted one does for
//    good;
//  - an unknown namespace is the application's to refuse: the reference answers
//    refuse(sid, nsp, "Invalid namespace") (invalid_namespace_message);
//  - ack ids of emit_with_ack() are numbered per namespace socket from 0; an ACK with an id
//    that is not awaited is reported (error action) and otherwise ignored;
//  - a DISCONNECT from the client ends its namespace only ("client namespace disconnect"); the
//    Engine.IO session stays, and the namespace can be connected again;
//  - when the Engine.IO session ends, each connected namespace gets a disconnect with the
//    Engine.IO reason ("transport close", "ping timeout", "forced close", ...).
//
// Where this layer differs from the reference, on purpose:
//  - a binary packet must receive its attachments within attachment_timeout_ms, or the session
//    closes; the reference waits for ever;
//  - a session may hold at most max_namespaces namespaces (connected or pending); a CONNECT
//    beyond closes the session;
//  - a CONNECT for a namespace whose connect_request awaits an answer closes the session (the
//    reference would start a second connection to it);
//  - an event is delivered when its CONNECT was accepted only; the reference lets events for a
//    namespace whose middlewares still run close the connection, as here;
//  - only Socket.IO v5 (Engine.IO v4): engine.allow_eio3 is turned off.
//
// Memory per session, beyond the Engine.IO session's own (eio_session.hpp): one decoder, which
// holds at most one pending binary packet (decode.max_packet_bytes of text, decode.max_attachments
// attachments and decode.max_attachment_bytes of them); at most max_namespaces namespaces, each
// its name and socket id and at most max_pending_acks ack ids awaited. Events are not held: they
// go to the action queue, which holds what one call produced until the caller drains it. For
// the whole server: the memory of up to 64 drained actions and of the last packet decoded, kept
// for reuse (next_action(action&)).
#pragma once

#include <sioc/eio_session.hpp>
#include <sioc/sio.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sioc::sio {

using millis = eio::millis;

// The CONNECT_ERROR message the reference sends for a namespace it does not have.
inline constexpr const char* invalid_namespace_message = "Invalid namespace";

struct server_options {
  eio::server_options engine;  // the Engine.IO layer (allow_eio3 is ignored)
  // Packet limits, including the admission limits of binary packets: attachments per packet
  // (max_attachments), their bytes (max_attachment_bytes). `version` is always v5. The
  // reference dialect by default: the reference's clients, and the official test-suite, write
  // "40/custom" without the ',' the strict dialect requires.
  decode_options decode = [] {
    decode_options d;
    d.mode = dialect::reference;
    return d;
  }();
  std::uint64_t connect_timeout_ms = 45000;    // the reference's connectTimeout
  std::uint64_t attachment_timeout_ms = 10000;  // from a binary packet's text to its last attachment
  std::size_t max_namespaces = 16;              // connected or pending, per session
  std::size_t max_pending_acks = 1000;          // emit_with_ack() ids awaited, per namespace
};

// Why a namespace or a session ended; to_string gives the reference's wording. The first two
// are the server side's names for a DISCONNECT, the next two the client side's (sio_client.hpp).
enum class disconnect_reason : std::uint8_t {
  client_namespace_disconnect,
  server_namespace_disconnect,
  io_server_disconnect,
  io_client_disconnect,
  transport_close,
  ping_timeout,
  parse_error,
  forced_close,
  transport_error,
};
const char* to_string(disconnect_reason reason) noexcept;

enum class action_kind : std::uint8_t { transport, opened, connect_request, event, ack, disconnect, error, closed };

struct action {
  action_kind kind = action_kind::transport;
  eio::action io;  // transport only
  std::string sid;
  std::string nsp;
  std::string name;  // event: the event name (a numeric name as its JSON text)
  json data;         // connect_request: auth; event, ack: the arguments
  std::optional<std::uint64_t> ack_id;
  disconnect_reason reason = disconnect_reason::transport_close;
  std::string message;  // error
};

// ---- one client -----------------------------------------------------------------------------

class server_session {
 public:
  enum class state : std::uint8_t { awaiting_namespace, active, closing };
  enum class namespace_state : std::uint8_t { pending, connected };

  server_session(std::string sid, const server_options& opts, millis now);

  const std::string& sid() const noexcept { return sid_; }
  state current_state() const noexcept { return state_; }
  // The namespace's state, or nothing when the client has not asked for it.
  std::optional<namespace_state> namespace_status(std::string_view nsp) const noexcept;
  // The socket id sent in the CONNECT answer (empty unless connected).
  std::string_view socket_id(std::string_view nsp) const noexcept;
  std::size_t pending_acks(std::string_view nsp) const noexcept;
  std::optional<millis> next_deadline() const noexcept;

 private:
  friend class server;
  struct space {
    std::string name;
    namespace_state status = namespace_state::pending;
    std::string socket_id;
    std::uint64_t next_ack = 0;
    std::vector<std::uint64_t> acks;  // awaited, ascending
  };
  space* find(std::string_view nsp) noexcept;
  const space* find(std::string_view nsp) const noexcept;
  void drop(std::string_view nsp);

  std::string sid_;
  state state_ = state::awaiting_namespace;
  decoder decoder_;
  std::vector<space> spaces_;
  std::optional<millis> connect_deadline_;
  std::optional<millis> attachment_deadline_;
};

// ---- the server -----------------------------------------------------------------------------

class server {
 public:
  explicit server(server_options opts = {});

  void handle(const eio::event& ev, millis now);
  void on_timer(millis now);
  std::optional<action> next_action();
  // The same, into `out`: false when there is none (`out` is then unchanged). The memory `out`
  // held (its strings, its data's arrays and objects) goes back to the server, which reuses it
  // for later actions and decoded packets. The fast path of an application: one action object
  // drained into for good, and emit()/ack() given its fields by reference,
  //
  //   sio::action a;
  //   while (server.next_action(a)) {
  //     if (a.kind == sio::action_kind::event) {
  //       server.emit(a.sid, a.nsp, a.name, a.data.get_ref<const json::array_t&>());
  //     }
  //     ...
  //   }
  //
  // makes events of a steady shape, received and sent, allocate nothing once warmed up.
  bool next_action(action& out);
  std::optional<millis> next_deadline() const;

  // Answers a connect_request: CONNECT with a new socket id / CONNECT_ERROR {message, data}.
  bool accept(std::string_view sid, std::string_view nsp);
  bool refuse(std::string_view sid, std::string_view nsp, std::string_view message,
              std::optional<json> data = std::nullopt);
  // An EVENT (BINARY_EVENT when args hold binary values) on a connected namespace. False when
  // the name is reserved or not valid UTF-8, among the reasons above.
  // The arguments are read, not kept: a caller's json stays where it is.
  bool emit(std::string_view sid, std::string_view nsp, std::string_view name, const json::array_t& args = {});
  // The same with an ack request: the id the ack action will carry, or nothing.
  std::optional<std::uint64_t> emit_with_ack(std::string_view sid, std::string_view nsp, std::string_view name,
                                             const json::array_t& args = {});
  // Stops awaiting an ack (say, after the application's own timeout): a late ACK is then an
  // unknown id. False if the id was not awaited.
  bool cancel_ack(std::string_view sid, std::string_view nsp, std::uint64_t id);
  // Answers an event's ack request. The id is not checked against the events delivered.
  bool ack(std::string_view sid, std::string_view nsp, std::uint64_t id, const json::array_t& args = {});
  // Sends DISCONNECT for a connected namespace (a disconnect action follows at once).
  bool disconnect(std::string_view sid, std::string_view nsp);
  // Closes the Engine.IO session (forced close) once its queued packets are sent.
  bool close(std::string_view sid, millis now);

  // Socket ids: 20 characters of base64url from std::random_device by default; replace the
  // generator to get predictable ids in tests. Engine.IO sids: engine().set_sid_generator().
  void set_socket_id_generator(std::function<std::string()> generate) { generate_id_ = std::move(generate); }

  // The Engine.IO server, for its sid generator and to inspect sessions; events go through
  // this class, never to it directly.
  eio::server& engine() noexcept { return engine_; }
  const server_options& options() const noexcept { return *opts_; }
  std::size_t session_count() const noexcept { return sessions_.size(); }
  const server_session* find(std::string_view sid) const;

 private:
  server_session* session(std::string_view sid);
  void pump(millis now);
  void dispatch(eio::action& a, millis now);
  void receive(server_session& s, std::string_view data, bool binary, millis now);
  void on_packet(server_session& s, packet& p, millis now);
  void fail(server_session& s, std::string message, millis now);
  bool send(server_session& s, const packet& p);
  bool send_args(server_session& s, packet_type type, std::string_view nsp, std::string_view name,
                 const json::array_t& args, std::optional<std::uint64_t> id);
  bool send_encoded(server_session& s);
  action& push(action_kind kind, const server_session& s, std::string_view nsp = {});

  std::unique_ptr<server_options> opts_;  // sessions refer to it; stable when the server moves
  eio::server engine_;
  std::map<std::string, std::unique_ptr<server_session>, std::less<>> sessions_;
  detail::recycling_queue<action> actions_;
  std::function<std::string()> generate_id_;
  // The clock of the latest call that had one: sends (which carry none) only produce actions
  // that need no clock, but the pump that collects them takes one.
  millis last_now_ = 0;
  std::string text_;                          // encode() scratch
  std::vector<std::string_view> attachments_;  // encode() scratch
  // What pump() takes from the engine, and the packet receive() decodes into: they keep their
  // memory from one message to the next, and trade it with the actions (see next_action()).
  eio::action io_;
  packet packet_;
};

}  // namespace sioc::sio
