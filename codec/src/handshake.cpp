// The open packet's handshake JSON.
#include "detail.hpp"

#include <nlohmann/json.hpp>

namespace sioc {
namespace detail {

void json_escape_append(std::string_view text, std::string& out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  std::size_t run = 0;  // start of the pending span that needs no escaping
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(text, run, i - run);
    run = i + 1;
    out.push_back('\\');
    switch (c) {
      case '"': out.push_back('"'); break;
      case '\\': out.push_back('\\'); break;
      case '\b': out.push_back('b'); break;
      case '\f': out.push_back('f'); break;
      case '\n': out.push_back('n'); break;
      case '\r': out.push_back('r'); break;
      case '\t': out.push_back('t'); break;
      default:
        out.append("u00");
        out.push_back(kHex[c >> 4]);
        out.push_back(kHex[c & 0xF]);
    }
  }
  out.append(text, run, text.size() - run);
  out.push_back('"');
}

}  // namespace detail

namespace eio {
namespace {

constexpr int kMaxDepth = 32;

// Offset of the first byte nested deeper than kMaxDepth, or npos. Runs before
// the JSON parser so that depth is refused with a precise offset.
std::size_t too_deep_at(std::string_view json) noexcept {
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < json.size(); ++i) {
    const char c = json[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxDepth) return i;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return detail::npos;
}

// Collects the handshake's members from nlohmann's SAX events without building
// a document; members it does not know are skipped whatever their shape.
class handshake_reader : public nlohmann::json_sax<nlohmann::json> {
 public:
  enum class field { other, sid, upgrades, ping_interval, ping_timeout, max_payload };

  handshake value;
  const char* problem = nullptr;  // why the JSON is not a valid handshake
  bool syntax_error = false;
  std::size_t syntax_offset = 0;
  bool seen_sid = false, seen_upgrades = false, seen_interval = false, seen_timeout = false;

  bool null() override { return scalar(); }
  bool boolean(bool) override { return scalar(); }
  bool number_integer(number_integer_t) override { return scalar(); }
  bool number_float(number_float_t, const string_t&) override { return scalar(); }
  bool binary(binary_t&) override { return scalar(); }

  bool number_unsigned(number_unsigned_t v) override {
    if (depth_ != 1) return scalar();
    switch (field_) {
      case field::ping_interval: return interval(v, value.ping_interval_ms, seen_interval);
      case field::ping_timeout: return interval(v, value.ping_timeout_ms, seen_timeout);
      case field::max_payload: value.max_payload = v; return true;
      default: return scalar();
    }
  }

  bool string(string_t& s) override {
    if (depth_ == 2 && in_upgrades_) {
      value.upgrades.push_back(std::move(s));
      return true;
    }
    if (depth_ == 1 && field_ == field::sid) {
      if (s.empty()) return fail("sid is an empty string");
      value.sid = std::move(s);
      seen_sid = true;
      return true;
    }
    return scalar();
  }

  bool start_object(std::size_t) override { return open(); }
  bool start_array(std::size_t) override {
    if (depth_ == 1 && field_ == field::upgrades) {
      value.upgrades.clear();
      in_upgrades_ = true;
      seen_upgrades = true;
      ++depth_;
      return true;
    }
    return open();
  }
  bool end_object() override { return close(); }
  bool end_array() override {
    if (depth_ == 2 && in_upgrades_) in_upgrades_ = false;
    return close();
  }

  bool key(string_t& k) override {
    if (depth_ == 1) {
      field_ = k == "sid"            ? field::sid
               : k == "upgrades"     ? field::upgrades
               : k == "pingInterval" ? field::ping_interval
               : k == "pingTimeout"  ? field::ping_timeout
               : k == "maxPayload"   ? field::max_payload
                                     : field::other;
    }
    return true;
  }

  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception&) override {
    syntax_error = true;
    syntax_offset = position > 0 ? position - 1 : 0;
    return false;
  }

 private:
  int depth_ = 0;
  field field_ = field::other;
  bool in_upgrades_ = false;

  bool fail(const char* why) {
    problem = why;
    return false;
  }
  const char* field_problem() const {
    switch (field_) {
      case field::sid: return "sid is not a non-empty string";
      case field::upgrades: return "upgrades is not an array of strings";
      case field::ping_interval: return "pingInterval is not an integer from 0 to 2147483647";
      case field::ping_timeout: return "pingTimeout is not an integer from 0 to 2147483647";
      case field::max_payload: return "maxPayload is not a non-negative integer";
      case field::other: break;
    }
    return nullptr;
  }
  // A scalar where the handshake's grammar allows none is a type error.
  bool scalar() {
    if (depth_ == 0) return fail("handshake is not a JSON object");
    if (depth_ == 2 && in_upgrades_) return fail("upgrades is not an array of strings");
    if (depth_ == 1 && field_ != field::other) return fail(field_problem());
    return true;
  }
  bool open() {
    if (depth_ == 0) {
      ++depth_;
      return true;
    }
    if (depth_ == 1 && field_ != field::other) return fail(field_problem());
    if (depth_ == 2 && in_upgrades_) return fail("upgrades is not an array of strings");
    if (depth_ >= kMaxDepth) return fail("handshake nests too deep");
    ++depth_;
    return true;
  }
  bool close() {
    --depth_;
    return true;
  }
  bool interval(number_unsigned_t v, std::uint64_t& slot, bool& seen) {
    if (v > max_handshake_interval_ms) return fail(field_problem());
    slot = v;
    seen = true;
    return true;
  }
};

}  // namespace

result<handshake> parse_handshake(std::string_view json, const decode_options& opts) noexcept {
  if (json.size() > opts.max_payload_bytes) {
    return detail::make_error(errc::payload_too_large, opts.max_payload_bytes,
                              "input is larger than decode_options::max_payload_bytes");
  }
  if (const std::size_t at = too_deep_at(json); at != detail::npos) {
    return detail::make_error(errc::too_deep, at, "handshake JSON nests deeper than 32 levels");
  }
  handshake_reader reader;
#if defined(__cpp_exceptions) || defined(__EXCEPTIONS)
  try {
#endif
    nlohmann::json::sax_parse(json.begin(), json.end(), &reader);
#if defined(__cpp_exceptions) || defined(__EXCEPTIONS)
  } catch (...) {
    return detail::make_error(errc::invalid_json, 0, "handshake JSON could not be parsed");
  }
#endif
  if (reader.syntax_error) {
    if (const std::size_t bad = detail::utf8_invalid_at(json); bad != detail::npos && bad <= reader.syntax_offset) {
      return detail::make_error(errc::invalid_utf8, bad, "handshake JSON is not well-formed UTF-8");
    }
    return detail::make_error(errc::invalid_json, reader.syntax_offset, "handshake is not valid JSON");
  }
  if (reader.problem) return detail::make_error(errc::invalid_handshake, 0, reader.problem);
  if (!reader.seen_sid) return detail::make_error(errc::invalid_handshake, 0, "handshake has no sid");
  if (!reader.seen_upgrades) return detail::make_error(errc::invalid_handshake, 0, "handshake has no upgrades");
  if (!reader.seen_interval) return detail::make_error(errc::invalid_handshake, 0, "handshake has no pingInterval");
  if (!reader.seen_timeout) return detail::make_error(errc::invalid_handshake, 0, "handshake has no pingTimeout");
  return std::move(reader.value);
}

void serialize_handshake(const handshake& h, std::string& out) {
  out.append("{\"sid\":");
  detail::json_escape_append(h.sid, out);
  out.append(",\"upgrades\":[");
  for (std::size_t i = 0; i < h.upgrades.size(); ++i) {
    if (i > 0) out.push_back(',');
    detail::json_escape_append(h.upgrades[i], out);
  }
  out.append("],\"pingInterval\":");
  out.append(std::to_string(h.ping_interval_ms));
  out.append(",\"pingTimeout\":");
  out.append(std::to_string(h.ping_timeout_ms));
  if (h.max_payload) {
    out.append(",\"maxPayload\":");
    out.append(std::to_string(*h.max_payload));
  }
  out.push_back('}');
}

}  // namespace eio
}  // namespace sioc
