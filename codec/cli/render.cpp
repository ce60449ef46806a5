// What `sioc decode` prints: a readable report or JSON lines, and the caret
// under a bad byte.
#include "cli.hpp"

#include <cmath>
#include <iostream>
#include <utility>

namespace sioc_cli {

namespace {

const char kHexDigits[] = "0123456789abcdef";

// Length of the well-formed UTF-8 sequence at s[i] (overlong forms, surrogates
// and code points above U+10FFFF are not), or 0.
std::size_t utf8_sequence(std::string_view s, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char lead = byte(i);
  if (lead < 0x80) return 1;
  std::size_t n = 0;
  unsigned char low = 0x80;
  unsigned char high = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    n = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    n = 3;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    n = 4;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
  } else {
    return 0;
  }
  if (s.size() - i < n || byte(i + 1) < low || byte(i + 1) > high) return 0;
  for (std::size_t k = 2; k < n; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
  }
  return n;
}

// A piece of the display of some bytes: which bytes, how they are shown and
// how many terminal columns that takes.
struct unit {
  std::size_t start = 0;
  std::size_t length = 0;
  std::string shown;
  std::size_t width = 0;
};

std::vector<unit> text_units(std::string_view text) {
  std::vector<unit> units;
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    const std::size_t n = utf8_sequence(text, i);
    unit u{i, n == 0 ? 1 : n, {}, 1};
    if (c < 0x20 || c == 0x7F) {
      // U+2400 + c, or U+2421 for DEL: the Unicode pictures of control characters.
      u.shown = {'\xE2', '\x90', static_cast<char>(c == 0x7F ? 0xA1 : 0x80 + c)};
    } else if (n == 0) {
      u.shown = {'\\', 'x', kHexDigits[c >> 4], kHexDigits[c & 15]};
      u.width = 4;
    } else {
      u.shown.assign(text.substr(i, n));
    }
    i += u.length;
    units.push_back(std::move(u));
  }
  return units;
}

std::vector<unit> hex_units(std::string_view bytes) {
  std::vector<unit> units;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    const auto c = static_cast<unsigned char>(bytes[i]);
    units.push_back(unit{i, 1, {kHexDigits[c >> 4], kHexDigits[c & 15], ' '}, 3});
  }
  return units;
}

std::string plural(std::size_t n, const char* word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

// The vectors' canonical form of a payload value, in place: binary values as
// {"$bin": base64}, strings that are not UTF-8 (the reference dialect's lone
// surrogates) as {"$wtf8": hex}, numbers JSON cannot write as {"$num": ...}.
// A loop, not recursion, over nesting that comes from the wire (nlohmann's
// conversions and dump() recurse, within the decoder's max_depth of 64).
void canonicalize(json& root) {
  std::vector<json*> todo{&root};
  while (!todo.empty()) {
    json& v = *todo.back();
    todo.pop_back();
    if (v.is_binary()) {
      const auto& bytes = v.get_binary();
      v = json{{"$bin", to_base64(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()))}};
    } else if (v.is_string() && !is_utf8(v.get_ref<const std::string&>())) {
      v = json{{"$wtf8", to_hex(v.get_ref<const std::string&>(), false)}};
    } else if (v.is_number_float() && !std::isfinite(v.get<double>())) {
      const double d = v.get<double>();
      v = json{{"$num", std::isnan(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity"}};
    } else if (v.is_structured()) {
      for (json& e : v) todo.push_back(&e);
    }
  }
}

std::string dump(const ordered_json& j) { return j.dump(-1, ' ', false, ordered_json::error_handler_t::replace); }

std::string namespace_of(const sio::packet& p) { return p.query.empty() ? p.nsp : p.nsp + "?" + p.query; }

std::string eio_line(const eio::packet& p) {
  std::string line = eio::to_string(p.type);
  if (p.binary) {
    constexpr std::size_t shown = 32;
    line += " (binary, " + plural(p.data.size(), "byte") + ")";
    if (!p.data.empty()) line += ": " + to_hex(p.data.substr(0, shown), true) + (p.data.size() > shown ? " …" : "");
  } else if (!p.data.empty()) {
    line += ": " + printable(p.data);
  }
  return line;
}

std::string sio_line(const sio_result& r, sio::protocol version) {
  std::string line = sio::to_string(static_cast<sio::packet_type>(r.wire_type), version);
  const std::string nsp = namespace_of(r.packet);
  line += nsp.empty() ? " (no namespace)" : " " + nsp;
  if (r.packet.id) line += " id=" + std::to_string(*r.packet.id);
  if (r.attachments) line += " attachments=" + std::to_string(*r.attachments);
  if (r.packet.data) {
    json data = *r.packet.data;
    canonicalize(data);
    line += ": " + dump(ordered_json(data));
  }
  return line;
}

std::string awaiting_line(std::size_t n) {
  if (n == sio::packet_view::endless) return "waiting for attachments that never come (a count no number of frames reaches)";
  return "waiting for " + std::to_string(n) + " more " + (n == 1 ? "attachment" : "attachments");
}

void print_fault(const fault& f, const std::string& indent) {
  std::cout << indent << f.layer << " error: " << sioc::to_string(f.err.code);
  if (f.frame_offset) {
    std::cout << " at byte " << *f.frame_offset;
    if (f.message_offset) std::cout << " (byte " << *f.message_offset << " of the message)";
  } else if (f.message_offset) {
    std::cout << " at byte " << *f.message_offset << " of the message";
  }
  std::cout << ": " << f.err.message << '\n';
  for (const std::string& line : point_at(f.subject, f.subject_binary, f.caret)) {
    std::cout << (line.empty() ? "" : indent + "  " + line) << '\n';
  }
}

// What a session frame that carries no Engine.IO is.
std::string describe_other(const frame& f) {
  std::string what;
  if (f.http.is_object()) {
    const auto method = f.http.find("method");
    const auto status = f.http.find("status");
    const auto path = f.http.find("path");
    const std::string m = method != f.http.end() && method->is_string() ? method->get<std::string>() : "?";
    if (status != f.http.end()) {
      what = "HTTP " + status->dump() + " answer to " + m;
    } else {
      what = "HTTP " + m + (path != f.http.end() && path->is_string() ? " " + path->get<std::string>() : "");
    }
  } else {
    what = f.kind + " frame";
  }
  if (!f.bytes.empty()) what += ": " + (f.binary ? to_hex(f.bytes, true) : printable(f.bytes));
  return what;
}

ordered_json fault_json(const fault& f) {
  ordered_json j;
  j["layer"] = f.layer;
  j["code"] = sioc::to_string(f.err.code);
  if (f.frame_offset) j["offset"] = *f.frame_offset;
  if (f.message_offset) j["sio_offset"] = *f.message_offset;
  j["message"] = f.err.message;
  return j;
}

}  // namespace

std::string to_hex(std::string_view bytes, bool spaced) {
  std::string out;
  for (const char b : bytes) {
    const auto c = static_cast<unsigned char>(b);
    if (spaced && !out.empty()) out += ' ';
    out += kHexDigits[c >> 4];
    out += kHexDigits[c & 15];
  }
  return out;
}

std::string to_base64(std::string_view bytes) {
  std::string out;
  eio::encode_packet_base64(eio::packet::bytes(bytes), out);
  return out.substr(1);  // without the "b" that marks a binary message
}

bool is_utf8(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t n = utf8_sequence(text, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

std::string printable(std::string_view text) {
  std::string out;
  for (const unit& u : text_units(text)) out += u.shown;
  return out;
}

std::vector<std::string> point_at(std::string_view subject, bool binary, std::size_t offset) {
  const std::vector<unit> units = binary ? hex_units(subject) : text_units(subject);
  std::size_t at = units.size();  // past the end: the input stopped short
  for (std::size_t i = 0; i < units.size(); ++i) {
    if (offset < units[i].start + units[i].length) {
      at = i;
      break;
    }
  }
  // Columns shown before and after the bad byte when the subject is long.
  const std::size_t before = binary ? 16 * 3 : 32;
  const std::size_t after = binary ? 16 * 3 : 40;
  std::size_t total = 0;
  for (const unit& u : units) total += u.width;
  std::size_t first = 0;
  std::size_t last = units.size();
  if (total > before + after) {
    std::size_t width = 0;
    for (first = at; first > 0 && width + units[first - 1].width <= before; --first) width += units[first - 1].width;
    width = 0;
    for (last = at; last < units.size() && width + units[last].width <= after; ++last) width += units[last].width;
  }
  std::string line;
  std::size_t column = 0;
  std::size_t caret = 0;
  if (first > 0) {
    line = "… ";
    column = 2;
  }
  for (std::size_t i = first; i < last; ++i) {
    if (i == at) caret = column;
    line += units[i].shown;
    column += units[i].width;
  }
  if (at == units.size()) caret = column;
  while (!line.empty() && line.back() == ' ') line.pop_back();
  if (last < units.size()) line += " …";
  return {line, std::string(caret, ' ') + "^"};
}

ordered_json canonical_bytes(std::string_view bytes, bool binary) {
  if (binary) return {{"t", "bin"}, {"v", to_base64(bytes)}};
  if (is_utf8(bytes)) return {{"t", "text"}, {"v", std::string(bytes)}};
  return {{"t", "text"}, {"hex", to_hex(bytes, false)}};
}

ordered_json canonical(const eio::packet& p) {
  ordered_json j;
  j["type"] = eio::to_string(p.type);
  // The vectors leave out empty text data: the reference reports "4" as a message without data.
  if (p.binary || !p.data.empty()) j["data"] = canonical_bytes(p.data, p.binary);
  return j;
}

ordered_json canonical(const sio_result& r) {
  ordered_json j;
  j["type"] = r.wire_type;
  // A v4 CONNECT's query stays in the namespace, where the reference leaves it.
  const std::string nsp = namespace_of(r.packet);
  if (!nsp.empty()) j["nsp"] = nsp;
  if (r.packet.id) j["id"] = *r.packet.id;
  if (r.packet.data) {
    json data = *r.packet.data;
    canonicalize(data);
    j["data"] = ordered_json(data);
  }
  if (r.attachments) j["attachments"] = *r.attachments;
  return j;
}

void print_readable(std::size_t index, const frame& f, const report& r, const decode_settings& s) {
  std::cout << '#' << index;
  if (!f.dir.empty()) std::cout << ' ' << f.dir;
  if (!f.carries_eio) {
    std::cout << ' ' << (f.polling ? "polling " : "websocket ") << describe_other(f) << " (no Engine.IO)\n";
    return;
  }
  if (f.polling) {
    std::cout << (f.binary ? " binary polling body" : " polling body");
  } else {
    std::cout << (f.dir.empty() ? "" : " websocket") << (f.binary ? " binary frame" : " text frame");
  }
  std::cout << ", " << plural(f.bytes.size(), "byte") << '\n';
  for (const eio_result& m : r.eio) {
    std::cout << "  engine.io " << eio_line(m.packet) << '\n';
    for (const sio_result& p : m.sio) std::cout << "    socket.io " << sio_line(p, s.sio) << '\n';
    if (m.awaiting > 0) std::cout << "    socket.io " << awaiting_line(m.awaiting) << '\n';
    if (m.sio_fault) print_fault(*m.sio_fault, "    ");
  }
  if (r.eio_fault) print_fault(*r.eio_fault, "  ");
}

void print_json(std::size_t index, const frame& f, const report& r, const decode_settings& s) {
  ordered_json j;
  j["frame"] = index;
  if (!f.dir.empty()) j["dir"] = f.dir;
  j["transport"] = f.polling ? "polling" : "websocket";
  j["kind"] = f.kind.empty() ? (f.binary ? "bin" : "text") : f.kind;
  j["size"] = f.bytes.size();
  if (!f.carries_eio) {
    if (!f.http.is_null()) j["http"] = ordered_json(f.http);
    std::cout << dump(j) << '\n';
    return;
  }
  ordered_json eio_packets = ordered_json::array();
  ordered_json sio_packets = ordered_json::array();
  ordered_json errors = ordered_json::array();
  for (const eio_result& m : r.eio) {
    eio_packets.push_back(canonical(m.packet));
    for (const sio_result& p : m.sio) sio_packets.push_back(canonical(p));
    if (m.sio_fault) errors.push_back(fault_json(*m.sio_fault));
  }
  if (r.eio_fault) errors.push_back(fault_json(*r.eio_fault));
  j["eio"] = std::move(eio_packets);
  if (!s.eio_only) j["sio"] = std::move(sio_packets);
  if (r.awaiting == sio::packet_view::endless) {
    j["awaiting"] = "endless";
  } else if (r.awaiting > 0) {
    j["awaiting"] = r.awaiting;
  }
  if (!errors.empty()) j["errors"] = std::move(errors);
  std::cout << dump(j) << '\n';
}

void print_input_problem(const std::string& where, const input_problem& problem) {
  std::cerr << "sioc: " << where << ": " << problem.message << '\n';
  if (problem.subject.empty()) return;
  if (problem.offset == input_problem::nowhere) {
    std::cerr << "  " << printable(problem.subject) << '\n';
    return;
  }
  for (const std::string& line : point_at(problem.subject, false, problem.offset)) {
    std::cerr << (line.empty() ? "" : "  " + line) << '\n';
  }
}

}  // namespace sioc_cli
