// Socket.IO packets to text frames and attachments, written byte for byte as
// socket.io-parser's Encoder writes them (4.2.x for v5, 3.4.x for v4).
#include "detail.hpp"
#include "sio_encode_args.hpp"
#include "sio_msgpack.hpp"

#include <sioc/sio.hpp>

#include <array>
#include <charconv>
#include <cmath>
#include <utility>

namespace sioc::sio {
namespace {

// Event names the v5 reference decoder rejects: the Node sides use them for
// their own lifecycle events.
constexpr std::string_view kReservedEvents[] = {"connect",       "connect_error", "disconnect",
                                                "disconnecting", "newListener",   "removeListener"};

bool is_reserved_event(std::string_view name) noexcept {
  for (std::string_view r : kReservedEvents) {
    if (name == r) return true;
  }
  return false;
}

bool is_event(packet_type t) noexcept { return t == packet_type::event || t == packet_type::binary_event; }
bool is_ack(packet_type t) noexcept { return t == packet_type::ack || t == packet_type::binary_ack; }

template <class Int>
void append_integer(Int value, std::string& out) {
  char buf[24];
  const auto r = std::to_chars(buf, buf + sizeof buf, value);
  out.append(buf, static_cast<std::size_t>(r.ptr - buf));
}

// Lays out a number whose shortest round-trip digits are digits[0..k) and
// whose value is 0.digits * 10^n as ECMAScript's Number::toString does (what
// JSON.stringify uses): plain notation for decimal exponents from -7 to 20,
// exponent notation ("1e+21", "1.5e-7") outside that range.
void append_js_layout(bool negative, const char* digits, int k, int n, std::string& out) {
  const auto ud = [](int x) { return static_cast<std::size_t>(x); };
  if (negative) out.push_back('-');
  if (k <= n && n <= 21) {
    out.append(digits, ud(k));
    out.append(ud(n - k), '0');
  } else if (0 < n && n <= 21) {
    out.append(digits, ud(n));
    out.push_back('.');
    out.append(digits + n, ud(k - n));
  } else if (-6 < n && n <= 0) {
    out.append("0.");
    out.append(ud(-n), '0');
    out.append(digits, ud(k));
  } else {
    const int e = n - 1;
    out.push_back(digits[0]);
    if (k > 1) {
      out.push_back('.');
      out.append(digits + 1, ud(k - 1));
    }
    out.push_back('e');
    out.push_back(e < 0 ? '-' : '+');
    append_integer(e < 0 ? -e : e, out);
  }
}

constexpr double kPow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                             1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

// Appends a finite double as JSON.stringify writes it. -0 is written as "0".
void append_js_number(double v, std::string& out) {
  const double a = std::fabs(v);
  // Integers a double holds exactly: their decimal form is the shortest one.
  if (a < 9007199254740992.0 && a == std::trunc(a)) {
    append_integer(static_cast<std::int64_t>(v), out);
    return;
  }
  // Short decimals (1.5, 0.25, 19.99) without the general algorithm, which
  // costs several times more: if the double nearest to m / 10^j is |v| for an
  // integer m of at most 15 digits, that decimal is the only one of at most
  // 15 significant digits to round to |v| (DBL_DIG is 15, and |v| >= 1e-22
  // is far from the subnormals), so its digits are the shortest.
  for (int j = 1; j < 23; ++j) {
    const double m = a * kPow10[j];
    if (m >= 1e15) break;
    if (m == std::trunc(m) && m / kPow10[j] == a) {
      char digits[16];
      const int total = static_cast<int>(std::to_chars(digits, digits + sizeof digits,
                                                       static_cast<std::uint64_t>(m)).ptr - digits);
      int k = total;
      while (digits[k - 1] == '0') --k;
      append_js_layout(v < 0, digits, k, total - j, out);
      return;
    }
  }
  // Shortest round-trip digits in scientific form: [-]d[.ddd]e(+|-)xx.
  char sci[32];
  const char* const end = std::to_chars(sci, sci + sizeof sci, a, std::chars_format::scientific).ptr;
  char digits[20];
  int k = 0;
  const char* p = sci;
  for (; *p != 'e'; ++p) {
    if (*p != '.') digits[k++] = *p;
  }
  const bool negative_exp = p[1] == '-';
  int e = 0;
  for (p += 2; p != end; ++p) e = e * 10 + (*p - '0');
  append_js_layout(v < 0, digits, k, (negative_exp ? -e : e) + 1, out);
}

// 1 for the bytes a string cannot hold unescaped (controls, '"', '\\') or that need the UTF-8
// check (non-ASCII).
constexpr std::array<unsigned char, 256> kNotPlain = [] {
  std::array<unsigned char, 256> t{};
  for (std::size_t c = 0; c < 256; ++c) t[c] = c < 0x20 || c >= 0x80 || c == '"' || c == '\\';
  return t;
}();

// Writes a json value as JSON.stringify does, straight into the frame, and
// replaces each binary value with a numbered placeholder whose bytes become an
// attachment. Returns a reason on failure (the caller rolls the output back).
class json_writer {
 public:
  json_writer(std::string& out, std::vector<std::string_view>& attachments, std::size_t first_attachment,
              bool binary_allowed) noexcept
      : out_(out), attachments_(attachments), first_(first_attachment), binary_allowed_(binary_allowed) {}

  const char* write(const json& j) {
    switch (j.type()) {
      case json::value_t::null:
        out_.append("null");
        return nullptr;
      case json::value_t::boolean:
        out_.append(*j.get_ptr<const json::boolean_t*>() ? "true" : "false");
        return nullptr;
      case json::value_t::number_integer:
        append_integer(*j.get_ptr<const json::number_integer_t*>(), out_);
        return nullptr;
      case json::value_t::number_unsigned:
        append_integer(*j.get_ptr<const json::number_unsigned_t*>(), out_);
        return nullptr;
      case json::value_t::number_float: {
        const double v = *j.get_ptr<const json::number_float_t*>();
        // JSON.stringify would write null, which is not the number the caller meant.
        if (!std::isfinite(v)) return "data holds a non-finite number (NaN or infinity)";
        append_js_number(v, out_);
        return nullptr;
      }
      case json::value_t::string:
        return string(*j.get_ptr<const json::string_t*>());
      case json::value_t::array: {
        out_.push_back('[');
        bool first = true;
        for (const json& e : *j.get_ptr<const json::array_t*>()) {
          if (!first) out_.push_back(',');
          first = false;
          if (const char* err = write(e)) return err;
        }
        out_.push_back(']');
        return nullptr;
      }
      case json::value_t::object: {
        const json::object_t& members = *j.get_ptr<const json::object_t*>();
        out_.push_back('{');
        bool first = true;
        for (const auto& [key, value] : members) {
          if (!first) out_.push_back(',');
          first = false;
          // Seen while writing the members rather than looked up: a lookup costs more.
          if (std::string_view(key) == "_placeholder" && value == true) placeholder_lookalike_ = true;
          if (const char* err = string(key)) return err;
          out_.push_back(':');
          if (const char* err = write(value)) return err;
        }
        out_.push_back('}');
        return nullptr;
      }
      case json::value_t::binary: {
        if (!binary_allowed_) return "binary data travels only in EVENT and ACK packets";
        const json::binary_t& bytes = *j.get_ptr<const json::binary_t*>();
        out_.append(R"({"_placeholder":true,"num":)");
        append_integer(attachments_.size() - first_, out_);
        out_.push_back('}');
        attachments_.emplace_back(reinterpret_cast<const char*>(bytes.data()), bytes.size());
        return nullptr;
      }
      case json::value_t::discarded:
        break;
    }
    return "data holds a discarded json value";
  }

  // Whether data held an object with "_placeholder": true, which receivers of
  // a binary packet take for an attachment's placeholder.
  bool placeholder_lookalike() const noexcept { return placeholder_lookalike_; }

  const char* string(std::string_view s) {
    // Most keys and values are printable ASCII without '"' or '\\': valid UTF-8 with nothing to
    // escape, written in one append.
    unsigned char odd = 0;
    for (const char c : s) odd |= kNotPlain[static_cast<unsigned char>(c)];
    if (odd == 0) {
      out_.push_back('"');
      out_.append(s.data(), s.size());
      out_.push_back('"');
      return nullptr;
    }
    // A text frame must be UTF-8; a JavaScript string cannot hold anything else.
    if (detail::utf8_invalid_at(s) != detail::npos) return "a string in data is not well-formed UTF-8";
    detail::json_escape_append(s, out_);
    return nullptr;
  }

 private:
  std::string& out_;
  std::vector<std::string_view>& attachments_;
  std::size_t first_;
  bool binary_allowed_;
  bool placeholder_lookalike_ = false;
};

const char* invalid_namespace(std::string_view nsp) noexcept {
  if (nsp.empty() || nsp.front() != '/') return "namespace does not start with '/'";
  if (nsp.find(',') != std::string::npos) return "namespace contains ',', which ends it on the wire";
  if (detail::utf8_invalid_at(nsp) != detail::npos) return "namespace is not well-formed UTF-8";
  return nullptr;
}

constexpr const char* kAckIdTooLarge = "ack id is above 2^53-1, the largest a JavaScript peer holds exactly";
constexpr const char* kReservedName =
    "event name is reserved (connect, connect_error, disconnect, disconnecting, newListener, removeListener)";

// Everything about `p` that can be checked before writing it: a reason, or
// nullptr. What only shows while writing (binary values, non-finite numbers,
// ill-formed UTF-8 in data) is checked by json_writer and encode().
const char* invalid_reason(const packet& p, protocol version) noexcept {
  if (const char* why = invalid_namespace(p.nsp)) return why;
  if (!p.query.empty()) {
    if (version != protocol::v4 || p.type != packet_type::connect) return "a query is only sent with a v4 CONNECT";
    if (p.query.find(',') != std::string::npos) return "query contains ',', which ends the namespace on the wire";
    if (detail::utf8_invalid_at(p.query) != detail::npos) return "query is not well-formed UTF-8";
  }
  if (version == protocol::v4 && p.type == packet_type::connect) {
    // "/admin?" with no query is what "0/admin?," decodes to; any other '?' starts the query.
    const std::size_t q = p.nsp.find('?');
    if (q != std::string::npos && !(p.query.empty() && q + 1 == p.nsp.size())) {
      return "v4 CONNECT namespace contains '?', which starts the query on the wire";
    }
  }
  if (p.id) {
    if (!is_event(p.type) && !is_ack(p.type)) return "only EVENT and ACK packets carry an ack id";
    if (*p.id > max_safe_ack_id) return kAckIdTooLarge;
  }
  const json* d = p.data ? &*p.data : nullptr;
  switch (p.type) {
    case packet_type::connect:
      if (!d) return nullptr;
      if (version == protocol::v4) return "a v4 CONNECT carries no data (use the query)";
      return d->is_object() ? nullptr : "CONNECT data is not an object";
    case packet_type::disconnect:
      return d ? "DISCONNECT carries no data" : nullptr;
    case packet_type::connect_error:
      if (d && (d->is_string() || d->is_object())) return nullptr;
      return version == protocol::v4 ? "ERROR data is not a string or an object"
                                     : "CONNECT_ERROR data is not a string or an object";
    case packet_type::event:
    case packet_type::binary_event: {
      if (!d || !d->is_array() || d->empty()) return "EVENT data is not an array starting with the event name";
      const json& name = d->get_ptr<const json::array_t*>()->front();
      if (name.is_number()) return nullptr;
      if (!name.is_string()) return "event name is not a string or a number";
      if (version == protocol::v5 && is_reserved_event(*name.get_ptr<const json::string_t*>())) return kReservedName;
      return nullptr;
    }
    case packet_type::ack:
    case packet_type::binary_ack:
      if (!p.id) return "ACK has no ack id";
      return d && d->is_array() ? nullptr : "ACK data is not an array";
  }
  return "packet type is not one of the seven Socket.IO types";
}

// Turns the frame written from text_start on, as its plain type, into BINARY_EVENT/BINARY_ACK
// when it took `count` attachments: a reason on failure, or nullptr.
const char* finish_binary(std::string& text, std::size_t text_start, std::size_t count, packet_type plain,
                          packet_type requested, bool placeholder_lookalike) {
  if (count > 0 && placeholder_lookalike) {
    return "data holds binary values and an object with \"_placeholder\": true, which the receiver would take "
           "for an attachment";
  }
  if (count == 0) {
    // The v5 reference writes "5undefined-" here, and v5 decoders reject a
    // count of 0: refuse rather than guess which type was meant.
    if (plain != requested) return "BINARY_EVENT/BINARY_ACK data holds no binary value (use EVENT/ACK)";
    return nullptr;
  }
  text[text_start] = plain == packet_type::event ? '5' : '6';
  char header[24];
  char* end = std::to_chars(header, header + sizeof header - 1, count).ptr;
  *end++ = '-';
  text.insert(text_start + 1, header, static_cast<std::size_t>(end - header));
  return nullptr;
}

}  // namespace

const char* to_string(packet_type type, protocol version) noexcept {
  switch (type) {
    case packet_type::connect: return "CONNECT";
    case packet_type::disconnect: return "DISCONNECT";
    case packet_type::event: return "EVENT";
    case packet_type::ack: return "ACK";
    case packet_type::connect_error: return version == protocol::v4 ? "ERROR" : "CONNECT_ERROR";
    case packet_type::binary_event: return "BINARY_EVENT";
    case packet_type::binary_ack: return "BINARY_ACK";
  }
  return "UNKNOWN";
}

// ---- builders ----

packet packet::event(std::string_view name, json::array_t args) {
  json::array_t data;
  data.reserve(args.size() + 1);
  data.emplace_back(name);
  for (json& a : args) data.push_back(std::move(a));
  packet p;
  p.type = packet_type::event;
  p.data = json(std::move(data));
  return p;
}

packet packet::ack(std::uint64_t ack_id, json::array_t args) {
  packet p;
  p.type = packet_type::ack;
  p.id = ack_id;
  p.data = json(std::move(args));
  return p;
}

packet packet::connect(std::optional<json> auth) {
  packet p;
  p.type = packet_type::connect;
  p.data = std::move(auth);
  return p;
}

packet packet::disconnect() {
  packet p;
  p.type = packet_type::disconnect;
  return p;
}

packet packet::connect_error(json error_data) {
  packet p;
  p.type = packet_type::connect_error;
  p.data = std::move(error_data);
  return p;
}

packet& packet::in(std::string name) & {
  nsp = std::move(name);
  return *this;
}

packet&& packet::in(std::string name) && {
  nsp = std::move(name);
  return std::move(*this);
}

packet& packet::with_ack(std::uint64_t ack_id) & {
  id = ack_id;
  return *this;
}

packet&& packet::with_ack(std::uint64_t ack_id) && {
  id = ack_id;
  return std::move(*this);
}

std::string_view packet::event_name() const noexcept {
  if (!is_event(type) || !data) return {};
  const auto* args = data->get_ptr<const json::array_t*>();
  if (!args || args->empty()) return {};
  const auto* name = args->front().get_ptr<const json::string_t*>();
  return name ? std::string_view(*name) : std::string_view();
}

// ---- encode ----

result<std::size_t> encode(const packet& p, std::string& text, std::vector<std::string_view>& attachments,
                           const encode_options& opts) {
  if (opts.format == wire_format::msgpack) return msgpack_format::encode(p, text);
  if (const char* why = invalid_reason(p, opts.version)) {
    return detail::make_error(errc::invalid_packet, 0, why);
  }
  const std::size_t text_start = text.size();
  const std::size_t first_attachment = attachments.size();
  const auto fail = [&](const char* why) -> result<std::size_t> {
    text.resize(text_start);
    attachments.resize(first_attachment);
    return detail::make_error(errc::invalid_packet, 0, why);
  };

  // Binary packets start out as their plain type; the count goes in once known.
  const bool event_or_ack = is_event(p.type) || is_ack(p.type);
  packet_type plain = p.type;
  if (p.type == packet_type::binary_event) plain = packet_type::event;
  if (p.type == packet_type::binary_ack) plain = packet_type::ack;
  text.push_back(static_cast<char>('0' + static_cast<int>(plain)));

  // socket.io-client@2 sends a v4 CONNECT's query inside the namespace field.
  const bool with_query = !p.query.empty();
  if (p.nsp != "/" || with_query) {
    text.append(p.nsp);
    if (with_query) {
      text.push_back('?');
      text.append(p.query);
    }
    text.push_back(',');
  }
  if (p.id) append_integer(*p.id, text);
  bool placeholder_lookalike = false;
  if (p.data) {
    json_writer w(text, attachments, first_attachment, event_or_ack);
    if (const char* why = w.write(*p.data)) return fail(why);
    placeholder_lookalike = w.placeholder_lookalike();
  }
  if (const char* why = finish_binary(text, text_start, attachments.size() - first_attachment, plain, p.type,
                                      placeholder_lookalike)) {
    return fail(why);
  }
  return attachments.size() - first_attachment;
}

}  // namespace sioc::sio

// ---- detail (sio_encode_args.hpp) ----

namespace sioc::detail {

result<std::size_t> encode_sio_args(sio::packet_type type, std::string_view nsp, std::optional<std::uint64_t> id,
                                    std::string_view name, const sio::json::array_t& args, sio::protocol version,
                                    std::string& text, std::vector<std::string_view>& attachments) {
  using namespace sio;
  const char* why = invalid_namespace(nsp);
  if (why == nullptr && id && *id > max_safe_ack_id) why = kAckIdTooLarge;
  if (why == nullptr && type == packet_type::ack && !id) why = "ACK has no ack id";
  if (why == nullptr && type == packet_type::event && version == protocol::v5 && is_reserved_event(name)) {
    why = kReservedName;
  }
  if (why != nullptr) return make_error(errc::invalid_packet, 0, why);
  const std::size_t text_start = text.size();
  const std::size_t first_attachment = attachments.size();
  const auto fail = [&](const char* reason) -> result<std::size_t> {
    text.resize(text_start);
    attachments.resize(first_attachment);
    return make_error(errc::invalid_packet, 0, reason);
  };
  text.push_back(static_cast<char>('0' + static_cast<int>(type)));
  if (nsp != "/") {
    text.append(nsp);
    text.push_back(',');
  }
  if (id) append_integer(*id, text);
  text.push_back('[');
  json_writer w(text, attachments, first_attachment, true);
  bool first = true;
  if (type == packet_type::event) {
    if (const char* reason = w.string(name)) return fail(reason);
    first = false;
  }
  for (const json& a : args) {
    if (!first) text.push_back(',');
    first = false;
    if (const char* reason = w.write(a)) return fail(reason);
  }
  text.push_back(']');
  if (const char* reason = finish_binary(text, text_start, attachments.size() - first_attachment, type, type,
                                         w.placeholder_lookalike())) {
    return fail(reason);
  }
  return attachments.size() - first_attachment;
}

}  // namespace sioc::detail
