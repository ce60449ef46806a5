// Frames from the command line, standard input or a recorded session.
#include "cli.hpp"

#include <fstream>
#include <iostream>
#include <iterator>
#include <limits>

namespace sioc_cli {

bool item_source::next(std::string& item) {
  if (!args_.empty()) {
    if (next_arg_ == args_.size()) return false;
    item = args_[next_arg_++];
    return true;
  }
  // Blank lines only separate; the empty frame is written "text:".
  while (std::getline(std::cin, item)) {
    if (!item.empty()) return true;
  }
  return false;
}

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

}  // namespace

bool hex_decode(std::string_view text, std::string& out, std::size_t& bad) {
  out.clear();
  int high = -1;
  std::size_t high_at = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == ' ' || text[i] == '\t') continue;
    const int v = hex_value(text[i]);
    if (v < 0) {
      bad = i;
      return false;
    }
    if (high < 0) {
      high = v;
      high_at = i;
    } else {
      out.push_back(static_cast<char>(high * 16 + v));
      high = -1;
    }
  }
  if (high >= 0) {
    bad = high_at;  // a digit without its pair
    return false;
  }
  return true;
}

bool base64_decode(std::string_view text, std::string& out, std::size_t& bad) {
  // The base64 form of an Engine.IO v4 binary message is "b" + base64, which
  // the codec decodes strictly (RFC 4648, padded) in its default dialect.
  std::string framed = "b";
  framed.append(text);
  eio::decode_options opts;
  opts.max_payload_bytes = std::numeric_limits<std::size_t>::max();
  std::string storage;
  auto p = eio::decode_packet(framed, storage, opts);
  if (!p) {
    bad = p.error_info().offset > 0 ? p.error_info().offset - 1 : 0;
    return false;
  }
  out.assign(p->data);
  return true;
}

bool parse_frame(std::string_view item, const options& opts, frame& out, input_problem& problem) {
  out = frame{};
  out.polling = opts.polling;
  out.binary = opts.binary;
  std::string_view data = item;
  input_format format = opts.format;
  std::size_t prefix = 0;
  if (starts_with(item, "bin:")) {
    prefix = 4;
    out.binary = true;
    if (format == input_format::text) format = input_format::hex;
  } else if (starts_with(item, "text:")) {
    prefix = 5;
    out.binary = false;
    format = input_format::text;
  }
  data.remove_prefix(prefix);
  std::size_t bad = 0;
  switch (format) {
    case input_format::text:
      out.bytes.assign(data);
      return true;
    case input_format::hex:
      if (hex_decode(data, out.bytes, bad)) return true;
      problem.message = "not hexadecimal (two digits per byte)";
      break;
    case input_format::base64:
      if (base64_decode(data, out.bytes, bad)) return true;
      problem.message = "not base64 (standard alphabet, padded)";
      break;
  }
  problem.subject.assign(item);
  problem.offset = prefix + bad;
  return false;
}

namespace {

const json* member(const json& object, const char* name) {
  auto it = object.find(name);
  return it == object.end() ? nullptr : &*it;
}

bool string_member(const json& object, const char* name, std::string& out) {
  const json* m = member(object, name);
  if (m == nullptr || !m->is_string()) return false;
  out = m->get<std::string>();
  return true;
}

// Which recorded frames hold Engine.IO (vectors/SESSIONS.md): WebSocket
// messages, polling POST bodies and the bodies of 200 answers to polling GETs.
// The rest (a GET without a body, the "ok" answer to a POST, the upgrade
// request and its 101, error answers, close frames) is HTTP or WebSocket only.
bool carries_engine_io(const frame& f) {
  if (!f.polling) return (f.kind == "text" || f.kind == "bin") && f.http.is_null();
  if (!f.http.is_object()) return false;
  std::string method;
  string_member(f.http, "method", method);
  if (f.dir == "c2s") return method == "POST";
  const json* status = member(f.http, "status");
  return method == "GET" && status != nullptr && status->is_number_integer() && *status == 200;
}

bool load_frame(const json& j, frame& f, std::string& problem) {
  std::string transport;
  std::string v;
  if (!j.is_object() || !string_member(j, "dir", f.dir) || (f.dir != "c2s" && f.dir != "s2c") ||
      !string_member(j, "transport", transport) || (transport != "websocket" && transport != "polling") ||
      !string_member(j, "kind", f.kind)) {
    problem = "a frame without a valid dir, transport and kind";
    return false;
  }
  f.polling = transport == "polling";
  f.binary = f.kind != "text";
  if (const json* http = member(j, "http")) f.http = *http;
  std::size_t bad = 0;
  if (f.kind == "text" && string_member(j, "hex", v)) {
    if (!hex_decode(v, f.bytes, bad)) problem = "a frame whose hex is not hexadecimal";
  } else if (!string_member(j, "v", v)) {
    problem = "a frame without its bytes (v)";
  } else if (f.kind == "text") {
    f.bytes = v;
  } else if (!base64_decode(v, f.bytes, bad)) {
    problem = "a frame whose v is not base64";
  }
  f.carries_eio = carries_engine_io(f);
  return problem.empty();
}

}  // namespace

bool load_session(const std::string& path, sioc::dialect mode, bool eio_only, session& out, std::string& problem) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    problem = "cannot open the file";
    return false;
  }
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) {
    problem = "cannot read the file";
    return false;
  }
  const json j = json::parse(text, nullptr, false);
  if (j.is_discarded()) {
    problem = "not JSON";
    return false;
  }
  const json* eio_version = j.is_object() ? member(j, "eio") : nullptr;
  const json* sio_version = j.is_object() ? member(j, "sio") : nullptr;
  const json* frames = j.is_object() ? member(j, "frames") : nullptr;
  if (eio_version == nullptr || sio_version == nullptr || frames == nullptr || !frames->is_array() ||
      (*eio_version != 3 && *eio_version != 4) || (*sio_version != 4 && *sio_version != 5)) {
    problem = "not a recorded session (eio 3 or 4, sio 4 or 5 and frames expected)";
    return false;
  }
  out.settings.eio = *eio_version == 3 ? 3 : 4;
  out.settings.sio = *sio_version == 4 ? sio::protocol::v4 : sio::protocol::v5;
  out.settings.mode = mode;
  out.settings.eio_only = eio_only;
  out.frames.clear();
  for (const json& f : *frames) {
    out.frames.emplace_back();
    if (!load_frame(f, out.frames.back(), problem)) {
      problem = "frame " + std::to_string(out.frames.size()) + ": " + problem;
      return false;
    }
  }
  return true;
}

}  // namespace sioc_cli
