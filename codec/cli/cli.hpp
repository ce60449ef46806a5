// The sioc command-line tool: what its parts share.
//
//   main.cpp    the command line and exit statuses
//   help.cpp    the help texts
//   input.cpp   frames from arguments, standard input or a recorded session
//   decode.cpp  frames through the Engine.IO and Socket.IO decoders
//   encode.cpp  packets in JSON to wire frames
//   render.cpp  readable and JSON output, the caret under a bad byte
#pragma once

#include <sioc/eio.hpp>
#include <sioc/result.hpp>
#include <sioc/sio.hpp>

#include <nlohmann/json.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sioc_cli {

namespace eio = sioc::eio;
namespace sio = sioc::sio;
using json = nlohmann::json;
using ordered_json = nlohmann::ordered_json;

// Exit statuses, as --help and the README document them.
enum exit_status : int { exit_ok = 0, exit_failed = 1, exit_usage = 2, exit_unreadable = 3 };

enum class input_format { text, hex, base64 };

// What the command line asked for.
struct options {
  input_format format = input_format::text;
  bool binary = false;
  bool polling = false;
  int eio = 4;
  int sio = 0;  // 0: the default for `eio`
  sioc::dialect mode = sioc::dialect::strict;
  bool eio_only = false;
  bool msgpack = false;  // decode --msgpack
  bool json = false;
  std::string session;             // decode --session FILE
  std::vector<std::string> items;  // FRAME... or PACKET... arguments
};

// How frames are decoded.
struct decode_settings {
  int eio = 4;
  sio::protocol sio = sio::protocol::v5;
  sioc::dialect mode = sioc::dialect::strict;
  sio::wire_format format = sio::wire_format::json;
  bool eio_only = false;
};

// One frame to decode: a WebSocket message or an HTTP long-polling body.
struct frame {
  std::string bytes;
  bool binary = false;
  bool polling = false;
  bool carries_eio = true;  // false for the session frames around the protocol (HTTP requests, close frames)
  std::string dir;          // session frames: "c2s" or "s2c"
  std::string kind;         // session frames: the recorded kind ("text", "bin", "close", ...)
  json http;                // session frames: the recorded HTTP request or response, if any
};

struct session {
  decode_settings settings;
  std::vector<frame> frames;
};

// Input that cannot be read: why, and where in `subject` (the argument or
// line at fault; empty when there is nothing to show).
struct input_problem {
  static constexpr std::size_t nowhere = static_cast<std::size_t>(-1);  // no byte to point at

  std::string message;
  std::string subject;
  std::size_t offset = nowhere;
};

// ---------------------------------------------------------------------------
// input.cpp
// ---------------------------------------------------------------------------

// The arguments if there are any, else the non-empty lines of standard input.
class item_source {
 public:
  explicit item_source(const std::vector<std::string>& args) : args_(args) {}
  bool next(std::string& item);

 private:
  const std::vector<std::string>& args_;
  std::size_t next_arg_ = 0;
};

// Reads one FRAME argument or line: its prefix (bin:, text:), then the data in
// the chosen format.
bool parse_frame(std::string_view item, const options& opts, frame& out, input_problem& problem);

// Reads a recorded session (the format of vectors/sessions/*.json).
bool load_session(const std::string& path, sioc::dialect mode, bool eio_only, session& out, std::string& problem);

// Hex digits to bytes; spaces and tabs between digits are ignored. On failure
// `bad` is the offset of the offending character.
bool hex_decode(std::string_view text, std::string& out, std::size_t& bad);
// Standard padded base64 to bytes. On failure `bad` is the offending offset.
bool base64_decode(std::string_view text, std::string& out, std::size_t& bad);

// ---------------------------------------------------------------------------
// decode.cpp
// ---------------------------------------------------------------------------

// An error found in a frame, with what to show under the caret.
struct fault {
  const char* layer = "";  // "engine.io" or "socket.io"
  sioc::error err;
  std::optional<std::size_t> frame_offset;    // the byte of the frame at fault, when it is in the frame
  std::optional<std::size_t> message_offset;  // socket.io: the byte of the message (Engine.IO data)
  std::string_view subject;                   // the bytes the caret points into
  bool subject_binary = false;
  std::size_t caret = 0;
};

// A Socket.IO packet completed by a message, with its header as it was on the
// wire (the decoder delivers a reassembled BINARY_EVENT as an EVENT).
struct sio_result {
  sio::packet packet;
  int wire_type = 0;
  std::optional<std::size_t> attachments;
};

struct eio_result {
  eio::packet packet;                // views the frame or the decoder's storage
  std::vector<sio_result> sio;       // what this message completed
  std::size_t awaiting = 0;          // attachments still expected after this message
  std::optional<fault> sio_fault;
};

// What one frame decoded to; valid until the next call to frame_decoder::decode.
struct report {
  std::vector<eio_result> eio;
  std::optional<fault> eio_fault;
  std::size_t awaiting = 0;  // attachments the frame's direction still expects after it

  bool failed() const;
};

// Decodes frames in order, with one Socket.IO decoder per direction.
class frame_decoder {
 public:
  explicit frame_decoder(const decode_settings& settings);
  ~frame_decoder();
  frame_decoder(const frame_decoder&) = delete;
  frame_decoder& operator=(const frame_decoder&) = delete;

  const report& decode(const frame& f);

 private:
  struct direction;
  direction& direction_of(const frame& f);
  void decode_engine_io(const frame& f);
  void feed(eio_result& message, direction& d, const frame& f);

  decode_settings settings_;
  std::vector<direction> directions_;  // "", "c2s", "s2c"
  report report_;
  eio::payload body_;
  std::string storage_;
};

int run_decode(const options& opts);

// ---------------------------------------------------------------------------
// help.cpp
// ---------------------------------------------------------------------------

extern const char* const main_help;
extern const char* const decode_help;
extern const char* const encode_help;

// ---------------------------------------------------------------------------
// encode.cpp
// ---------------------------------------------------------------------------

int run_encode(const options& opts);

// ---------------------------------------------------------------------------
// render.cpp
// ---------------------------------------------------------------------------

std::string to_hex(std::string_view bytes, bool spaced);
std::string to_base64(std::string_view bytes);
bool is_utf8(std::string_view text);

// The vectors' canonical forms (vectors/FORMAT.md).
ordered_json canonical_bytes(std::string_view bytes, bool binary);
ordered_json canonical(const eio::packet& p);
ordered_json canonical(const sio_result& r);

// Text for a terminal: control characters as their Unicode pictures (0x1E as
// U+241E), bytes that are not UTF-8 as \xNN.
std::string printable(std::string_view text);

// Two lines: `subject` (text, or hex when binary; a window around `offset`
// when long) and a caret under the byte at `offset`.
std::vector<std::string> point_at(std::string_view subject, bool binary, std::size_t offset);

void print_readable(std::size_t index, const frame& f, const report& r, const decode_settings& s);
void print_json(std::size_t index, const frame& f, const report& r, const decode_settings& s);
void print_input_problem(const std::string& where, const input_problem& problem);

}  // namespace sioc_cli
