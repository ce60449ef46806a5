// `sioc encode`: packets in the vectors' JSON form to wire frames.
#include "cli.hpp"

#include <initializer_list>
#include <iostream>
#include <limits>
#include <optional>
#include <utility>

namespace sioc_cli {

namespace {

// A frame or body to print.
struct wire {
  std::string bytes;
  bool binary = false;
};

// An encoder's refusal, with the layer that refused.
struct refusal {
  const char* layer = "";
  sioc::error err;
  bool offset_is_packet = false;  // encode_payload reports the index of the packet it refuses
};

bool only_members(const json& j, std::initializer_list<const char*> allowed, std::string& problem) {
  for (const auto& item : j.items()) {
    bool known = false;
    for (const char* name : allowed) known = known || item.key() == name;
    if (!known) {
      problem = "unknown member \"" + item.key() + "\"";
      return false;
    }
  }
  return true;
}

// The vectors' forms of what JSON cannot hold, in place: {"$bin": base64} as a
// binary value, {"$num": "NaN"|"Infinity"|"-Infinity"} as that number,
// {"$wtf8": hex} as a string of those bytes. A loop, not recursion.
bool from_canonical(json& root, std::string& problem) {
  std::vector<json*> todo{&root};
  while (!todo.empty()) {
    json& v = *todo.back();
    todo.pop_back();
    if (v.is_object() && v.size() == 1 && v.begin().value().is_string()) {
      const std::string key = v.begin().key();
      const std::string text = v.begin().value().get<std::string>();
      std::string bytes;
      std::size_t bad = 0;
      if (key == "$bin") {
        if (!base64_decode(text, bytes, bad)) {
          problem = "{\"$bin\": ...} is not base64";
          return false;
        }
        v = json::binary(json::binary_t::container_type(bytes.begin(), bytes.end()));
        continue;
      }
      if (key == "$wtf8") {
        if (!hex_decode(text, bytes, bad)) {
          problem = "{\"$wtf8\": ...} is not hex";
          return false;
        }
        v = bytes;
        continue;
      }
      if (key == "$num") {
        const double inf = std::numeric_limits<double>::infinity();
        if (text == "NaN") {
          v = std::numeric_limits<double>::quiet_NaN();
        } else if (text == "Infinity" || text == "-Infinity") {
          v = text == "Infinity" ? inf : -inf;
        } else {
          problem = "{\"$num\": ...} is not NaN, Infinity or -Infinity";
          return false;
        }
        continue;
      }
    }
    if (v.is_structured()) {
      for (json& e : v) todo.push_back(&e);
    }
  }
  return true;
}

bool eio_type(const std::string& name, eio::packet_type& out) {
  for (int t = 0; t <= 6; ++t) {
    const auto type = static_cast<eio::packet_type>(t);
    if (name == eio::to_string(type)) {
      out = type;
      return true;
    }
  }
  return false;
}

// {"type": "message", "data": {"t": "text", "v": "..."}}; data may also be a plain string.
bool eio_from_json(const json& j, eio::owned_packet& out, std::string& problem) {
  if (!only_members(j, {"type", "data"}, problem)) return false;
  if (!eio_type(j.at("type").get<std::string>(), out.type)) {
    problem = "\"type\" is not an Engine.IO packet type (open, close, ping, pong, message, upgrade, noop)";
    return false;
  }
  const auto data = j.find("data");
  if (data == j.end()) return true;
  if (data->is_string()) {
    out.data = data->get<std::string>();
    return true;
  }
  problem = "\"data\" is not {\"t\": \"text\", \"v\": string}, {\"t\": \"text\", \"hex\": hex} or {\"t\": \"bin\", \"v\": base64}";
  if (!data->is_object() || data->size() != 2 || !data->contains("t")) return false;
  const json& t = data->at("t");
  std::size_t bad = 0;
  if (t == "text" && data->contains("v") && data->at("v").is_string()) {
    out.data = data->at("v").get<std::string>();
  } else if (t == "text" && data->contains("hex") && data->at("hex").is_string()) {
    if (!hex_decode(data->at("hex").get<std::string>(), out.data, bad)) return false;
  } else if (t == "bin" && data->contains("v") && data->at("v").is_string()) {
    out.binary = true;
    if (!base64_decode(data->at("v").get<std::string>(), out.data, bad)) return false;
  } else {
    return false;
  }
  problem.clear();
  return true;
}

// {"type": 2, "nsp": "/", "id": 1, "data": [...]}; nsp defaults to "/", and
// "attachments" (what a decode prints) is ignored: the encoder counts them.
bool sio_from_json(const json& j, sio::protocol version, sio::packet& out, std::string& problem) {
  if (!only_members(j, {"type", "nsp", "id", "data", "attachments"}, problem)) return false;
  const json& type = j.at("type");
  if (!type.is_number_unsigned() || type.get<std::uint64_t>() > 6) {
    problem = "\"type\" is not a Socket.IO packet type (0 to 6)";
    return false;
  }
  out.type = static_cast<sio::packet_type>(type.get<int>());
  if (const auto nsp = j.find("nsp"); nsp != j.end()) {
    if (!nsp->is_string()) {
      problem = "\"nsp\" is not a string";
      return false;
    }
    out.nsp = nsp->get<std::string>();
  }
  // A v4 CONNECT's query is written in the namespace, as the reference keeps it.
  const std::size_t question = out.nsp.find('?');
  if (version == sio::protocol::v4 && out.type == sio::packet_type::connect && question != std::string::npos &&
      question + 1 < out.nsp.size()) {
    out.query = out.nsp.substr(question + 1);
    out.nsp.resize(question);
  }
  if (const auto id = j.find("id"); id != j.end()) {
    if (!id->is_number_unsigned()) {
      problem = "\"id\" is not a non-negative integer";
      return false;
    }
    out.id = id->get<std::uint64_t>();
  }
  if (const auto data = j.find("data"); data != j.end()) {
    out.data = *data;
    if (!from_canonical(*out.data, problem)) return false;
  }
  return true;
}

// The Engine.IO packets of one input packet: itself, or the message and
// attachments of a Socket.IO packet.
bool to_engine_io(const json& j, const options& opts, std::vector<eio::owned_packet>& out, std::string& problem,
                  std::optional<refusal>& refused) {
  if (!j.is_object() || !j.contains("type")) {
    problem = "not a packet: an object with a \"type\" expected";
    return false;
  }
  if (j.at("type").is_string()) {
    eio::owned_packet p;
    if (!eio_from_json(j, p, problem)) return false;
    out.push_back(std::move(p));
    return true;
  }
  const sio::protocol version = opts.sio == 4 ? sio::protocol::v4 : sio::protocol::v5;
  sio::packet p;
  if (!sio_from_json(j, version, p, problem)) return false;
  std::string text;
  std::vector<std::string_view> attachments;
  sio::encode_options eo;
  eo.version = version;
  if (auto n = sio::encode(p, text, attachments, eo); !n) {
    refused = refusal{"socket.io", n.error_info(), false};
    return true;
  }
  out.push_back(eio::owned_packet{eio::packet_type::message, false, std::move(text)});
  for (std::string_view a : attachments) out.push_back(eio::owned_packet{eio::packet_type::message, true, std::string(a)});
  return true;
}

// The frames of one input line: one per packet, or one polling body.
std::optional<refusal> to_wire(const std::vector<eio::owned_packet>& packets, const options& opts, std::vector<wire>& out) {
  std::vector<eio::packet> views;
  for (const eio::owned_packet& p : packets) views.push_back(p.view());
  if (!opts.polling) {
    for (const eio::packet& p : views) {
      wire w;
      const eio::frame_kind kind = opts.eio == 3 ? eio::v3::encode_packet(p, w.bytes) : eio::encode_packet(p, w.bytes);
      w.binary = kind == eio::frame_kind::binary;
      out.push_back(std::move(w));
    }
    return std::nullopt;
  }
  wire body;
  if (opts.eio == 3 && opts.binary) {
    eio::v3::encode_binary_payload(views.data(), views.size(), body.bytes);
    body.binary = true;
  } else if (opts.eio == 3) {
    eio::v3::encode_text_payload(views.data(), views.size(), body.bytes);
  } else if (auto n = eio::encode_payload(views.data(), views.size(), body.bytes); !n) {
    return refusal{"engine.io", n.error_info(), true};
  }
  out.push_back(std::move(body));
  return std::nullopt;
}

void print_frames(const std::vector<wire>& frames, const options& opts) {
  if (opts.json) {
    ordered_json list = ordered_json::array();
    for (const wire& w : frames) list.push_back(canonical_bytes(w.bytes, w.binary));
    std::cout << ordered_json{{"frames", std::move(list)}}.dump() << '\n';
    return;
  }
  for (const wire& w : frames) {
    if (w.binary) {
      std::cout << "bin:" << (opts.format == input_format::base64 ? to_base64(w.bytes) : to_hex(w.bytes, false)) << '\n';
    } else {
      std::cout << w.bytes << '\n';
    }
  }
}

void print_refusal(std::size_t line, const std::string& input, const refusal& r, const options& opts) {
  if (opts.json) {
    ordered_json e;
    e["layer"] = r.layer;
    e["code"] = sioc::to_string(r.err.code);
    e[r.offset_is_packet ? "packet" : "offset"] = r.err.offset;
    e["message"] = r.err.message;
    std::cout << ordered_json{{"error", std::move(e)}}.dump() << '\n';
    return;
  }
  std::cout.flush();
  std::cerr << "sioc: line " << line << ": " << r.layer << " error: " << sioc::to_string(r.err.code)
            << (r.offset_is_packet ? " in packet " : " at byte ") << r.err.offset << ": " << r.err.message << '\n'
            << "  " << printable(input) << '\n';
}

}  // namespace

int run_encode(const options& opts) {
  item_source source(opts.items);
  std::string item;
  bool failed = false;
  for (std::size_t line = 1; source.next(item); ++line) {
    input_problem problem;
    json j;
    try {
      j = json::parse(item);
    } catch (const json::parse_error& e) {
      // e.byte counts from 1 and points at the last character read; the
      // reason follows the position in e.what().
      const std::string what = e.what();
      const std::size_t reason = what.find(": ", what.find("column"));
      problem.message = "not JSON" + (reason == std::string::npos ? std::string() : what.substr(reason));
      problem.subject = item;
      problem.offset = e.byte > 0 ? e.byte - 1 : 0;
    }
    std::vector<eio::owned_packet> packets;
    std::optional<refusal> refused;
    if (problem.message.empty()) {
      const json list = j.is_array() ? j : json::array({j});
      for (const json& p : list) {
        if (!to_engine_io(p, opts, packets, problem.message, refused) || refused) break;
      }
    }
    if (!problem.message.empty()) {
      problem.subject = item;
      std::cout.flush();
      print_input_problem("line " + std::to_string(line), problem);
      return exit_unreadable;
    }
    std::vector<wire> frames;
    if (!refused) refused = to_wire(packets, opts, frames);
    if (refused) {
      print_refusal(line, item, *refused, opts);
      failed = true;
      continue;
    }
    print_frames(frames, opts);
  }
  return failed ? exit_failed : exit_ok;
}

}  // namespace sioc_cli
