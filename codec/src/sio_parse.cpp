// Socket.IO text frames: the header grammar, the payload's validation (with
// simdjson) and its conversion to nlohmann::json. parse() and decode() share
// one validation, so they cannot disagree; decode() only converts what parse()
// accepted. One shortcut: parse() lets a pass that builds no document accept
// a payload (plain_json for small ones, indexed_json on simdjson's structural
// index for the rest); neither ever refuses, so what they do not certify gets
// simdjson's verdict (the fuzz target fuzz_sio_fast_path checks that parse()
// and decode() agree).
//
// Strict grammar (the default):
//
//   <type 0-6>[<count>-][<nsp>,][<ack id>][<JSON>]
//
// count only for types 5/6: digits without a leading zero, in [1, max_attachments]
// under v5 and [0, max_attachments] under v4; nsp starts with '/', is well-formed
// UTF-8 and ends at the first ','; ack id: digits without a leading zero, at
// most max_ack_id; JSON starts right after the header (leading whitespace is
// refused: the reference reads it as an ack id) and is checked per type (see
// check_payload); in types 5/6 every object holding "_placeholder": true is
// exactly {"_placeholder":true,"num":N}, N an integer in [0, count).
//
// Reference dialect: what socket.io-parser 4.2.7 (v5) and 3.4.3 (v4) decide,
// quirks included. Each quirk, input -> reference -> strict:
//
//   1. The type is Number(first character), so the empty frame and a first
//      character that JavaScript trims (space, tab, LF, VT, FF, CR, U+00A0,
//      U+1680, U+2000-U+200A, U+2028, U+2029, U+202F, U+205F, U+3000, U+FEFF)
//      are CONNECT, and the header goes on after that character:
//        ""                -> CONNECT "/"              -> empty_packet
//        " "               -> CONNECT "/"              -> unknown_packet_type
//        "\u00a0{}"        -> CONNECT "/" data {}      -> unknown_packet_type
//        "\ufeff/admin,{}" -> CONNECT "/admin" data {} -> unknown_packet_type
//   2. The attachment count is Number(everything up to the first '-'):
//      whitespace trimmed, leading zeros, "+", fractions, exponents, hex, octal
//      and binary literals, "" and "Infinity" read as JavaScript reads them.
//        "5 1-[\"a\"]", "501-[\"a\"]", "51.0-[\"a\"]", "50x1-[\"a\"]", "5+1-[\"a\"]",
//        "5.1e1-[\"a\"]" -> 1 attachment            -> invalid_attachment_count
//        "51e1-[\"a\"]"  -> 10 attachments          -> invalid_attachment_count
//      v5 (4.2.7) then requires an integer in [1, maxAttachments], so these
//      end as in strict: "5-", "50-", "51.5-[\"a\"]", "5Infinity-[\"a\"]"
//      -> "Illegal attachments" -> invalid_attachment_count.
//      v4 (3.4.3) takes any number:
//        "5-", "50-", "5 -[\"a\"]" -> count 0: the packet is delivered at once,
//          placeholders untouched, and the decoder then never leaves its
//          attachment state (text fails, binary frames are kept for nothing;
//          we drop them) -> "5-", "5 -[\"a\"]": invalid_attachment_count;
//          strict v4 delivers "50-[\"a\"]" at once and stays usable.
//        "51.5-[\"a\"]" -> never completes (packet_view::endless)
//                       -> invalid_attachment_count
//        "511-[\"a\"]"  -> waits for 11 -> too_many_attachments (a limit, below)
//   3. The namespace runs to the first ',' or to the end of the frame, so a
//      missing comma swallows the rest:
//        "2/admin[\"a\"]" -> EVENT on namespace "/admin[\"a\"]", no data
//                         -> invalid_namespace
//   4. Ack id characters are those c with Number(c) == c: ASCII digits and the
//      whitespace of quirk 1; the id is Number() of the run, so leading zeros
//      are fine:
//        "2 [\"a\"]"   -> EVENT id 0 ["a"]   -> invalid_payload (whitespace)
//        "2 1 [\"a\"]" -> EVENT id 1 ["a"]   -> invalid_payload (whitespace)
//        "2  "         -> EVENT id 0         -> invalid_payload
//        "201[\"a\"]"  -> EVENT id 1 ["a"]   -> invalid_ack_id (leading zero)
//   5. EVENT, ACK and the binary types need no payload:
//        "2" -> EVENT "/" without data                -> invalid_payload
//        "51-" + one attachment -> EVENT without data -> invalid_payload
//   6. v4 (3.4.3) checks CONNECT and ERROR payloads with typeof "object", which
//      null and arrays pass:
//        v4 "0null", "0[1]", "4null", "4[1]" -> accepted -> invalid_payload
//      (3.4.3 has no reserved event names: v4 "2[\"connect\"]" is an event in
//      both dialects; v5 refuses it in both.)
//   7. Placeholders are checked only when the last attachment arrives, as
//      typeof num === "number" && 0 <= num < count; an object is a
//      placeholder when its (last) "_placeholder" member is true, whatever
//      else it holds:
//        "51-[\"a\",{\"_placeholder\":true,\"num\":0,\"x\":1}]" + <01>
//          -> ["a", <01>]                                -> invalid_placeholder
//        "51-[\"a\",{\"_placeholder\":true,\"num\":0.5}]" + <01>
//          -> ["a", undefined], given as null (in an object the member is
//             dropped, as JSON.stringify does)            -> invalid_placeholder
//        "51-[\"a\",{\"_placeholder\":true,\"num\":1}]" -> accepted, and the error
//          comes with the attachment                      -> invalid_placeholder
//          at once
//   8. v4 (3.4.3) does not throw on an unknown type: it returns the packet
//      {type: 4, data: "parser error: unknown packet type 7"} with no
//      namespace, which 2.x servers and clients drop. parse() reports
//      unknown_packet_type in both dialects; the reference v4 decoder
//      delivers that ERROR packet and goes on:
//        v4 "7" -> ERROR packet "parser error: ..." -> unknown_packet_type
//   9. JSON.parse reads numbers beyond the double range as +-Infinity and
//      keeps lone UTF-16 surrogate escapes in strings (given here as their
//      3-byte generalized UTF-8, WTF-8); simdjson refuses both, so the
//      payload is repaired for it and the values put back (repair_json):
//        "2[\"a\",1e400]"  -> ["a", Infinity]         -> invalid_json
//        "2[\"\ud800\"]"   -> ["\ud800"] (ED A0 80)   -> invalid_json
//  10. v4 (3.4.3) delivers a reassembled binary packet as BINARY_EVENT/
//      BINARY_ACK; strict delivers EVENT/ACK, as under v5.
//
// Limits are configuration: the reference dialect applies the same
// decode_options; the reference's own configuration is max_depth SIZE_MAX
// and, for 3.4.3, max_attachments SIZE_MAX (no limit).
//
// Where the reference dialect still differs from the reference:
//   - Ack ids beyond 2^53 - 1: the reference rounds them to a double
//     ("29007199254740993" -> 9007199254740992); we keep the exact value up to
//     max_ack_id (raise it to UINT64_MAX to accept all of uint64) and refuse
//     larger ones, including those the reference reads as 1e21 or Infinity.
//   - An ack id with whitespace between digits ("21 2[\"a\"]") is NaN in the
//     reference; packet::id cannot hold that: invalid_ack_id.
//   - JSON integers beyond 2^53 within 64 bits are kept exactly; JSON.parse
//     rounds them to a double.
//   - Text that is not well-formed UTF-8 is invalid_utf8 (ws closes such a
//     WebSocket connection before the reference sees the frame).
//   - After an error the decoder is failed until reset(); the reference's
//     decoder may go on (servers close the connection on the error anyway).
//
// JSON numbers: simdjson's integer types are kept (non-negative integers as
// unsigned, as nlohmann's own parser does); 1.0 stays a double; an integer
// beyond 64 bits becomes the nearest double, as in JSON.parse and nlohmann.
// Depth: a value's depth is the number of arrays and objects around it (in
// ["a",[1]] the 1 is at depth 2; in [[]] the inner array is at depth 1 and
// holds nothing); max_depth bounds it, as simdjson's own limit does, so that
// checking costs no extra pass. simdjson's stage 2 is iterative; the
// conversion and the placeholder walk use explicit stacks.
// Error offsets in the payload: too_deep at the first token beyond max_depth,
// invalid_utf8 at the first bad byte, invalid_placeholder at the placeholder's
// '{', invalid_payload at the offending element, invalid_json at the payload's
// first byte (simdjson does not say where a syntax error is).
#include "detail.hpp"
#include "sio_msgpack.hpp"

#include <sioc/sio.hpp>

#include <simdjson.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <new>
#include <string>
#include <tuple>

namespace sioc::sio {
namespace {

using detail::make_error;
using detail::npos;
namespace dom = simdjson::dom;

constexpr bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
constexpr bool is_json_space(char c) noexcept { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// The UTF-16 unit that the four hex digits at s[i] spell, when they do.
bool hex4(std::string_view s, std::size_t i, unsigned& unit) noexcept {
  if (i + 4 > s.size()) return false;
  unit = 0;
  for (std::size_t k = i; k < i + 4; ++k) {
    const char c = s[k];
    const char l = static_cast<char>(c | 0x20);
    const int d = is_digit(c) ? c - '0' : (l >= 'a' && l <= 'f') ? l - 'a' + 10 : -1;
    if (d < 0) return false;
    unit = unit * 16 + static_cast<unsigned>(d);
  }
  return true;
}

constexpr bool is_binary(packet_type t) noexcept {
  return t == packet_type::binary_event || t == packet_type::binary_ack;
}

// Bytes of the JavaScript whitespace character (what Number() trims) starting
// at s[i], or 0. All of them are in the BMP, one UTF-16 unit each, so the
// reference steps over each with one charAt().
std::size_t js_space_at(std::string_view s, std::size_t i) noexcept {
  const auto at = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
  const std::size_t left = s.size() - i;
  const unsigned char c = at(0);
  if (c == ' ' || (c >= 0x09 && c <= 0x0D)) return 1;
  if (c == 0xC2) return left >= 2 && at(1) == 0xA0 ? 2 : 0;  // U+00A0
  if (left < 3) return 0;
  const unsigned char c1 = at(1), c2 = at(2);
  switch (c) {
    case 0xE1: return c1 == 0x9A && c2 == 0x80 ? 3 : 0;  // U+1680
    case 0xE2:
      // U+2000-U+200A, U+2028, U+2029, U+202F; U+205F
      if (c1 == 0x80) return (c2 >= 0x80 && c2 <= 0x8A) || c2 == 0xA8 || c2 == 0xA9 || c2 == 0xAF ? 3 : 0;
      return c1 == 0x81 && c2 == 0x9F ? 3 : 0;
    case 0xE3: return c1 == 0x80 && c2 == 0x80 ? 3 : 0;  // U+3000
    case 0xEF: return c1 == 0xBB && c2 == 0xBF ? 3 : 0;  // U+FEFF
    default: return 0;
  }
}

// ASCII digits to an integer; false when it overflows 64 bits.
bool to_u64(std::string_view digits, std::uint64_t& out) noexcept {
  std::uint64_t v = 0;
  for (const char c : digits) {
    const auto d = static_cast<std::uint64_t>(c - '0');
    if (v > (std::numeric_limits<std::uint64_t>::max() - d) / 10) return false;
    v = v * 10 + d;
  }
  out = v;
  return true;
}

// Number(s) as JavaScript computes it, nullopt for NaN, for the text of an
// attachment count: it holds no '-', since it ends at the first one.
std::optional<double> js_number(std::string_view s) noexcept {
  std::size_t first = npos, last = 0;
  for (std::size_t i = 0; i < s.size();) {
    if (const std::size_t n = js_space_at(s, i)) {
      i += n;
      continue;
    }
    if (first == npos) first = i;
    last = ++i;
  }
  if (first == npos) return 0.0;
  s = s.substr(first, last - first);
  constexpr double inf = std::numeric_limits<double>::infinity();
  if (s == "Infinity" || s == "+Infinity") return inf;
  if (s.size() > 2 && s[0] == '0') {
    const char p = static_cast<char>(s[1] | 0x20);
    const int base = p == 'x' ? 16 : p == 'o' ? 8 : p == 'b' ? 2 : 0;
    if (base != 0) {
      double v = 0;
      for (const char c : s.substr(2)) {
        const char l = static_cast<char>(c | 0x20);
        const int d = is_digit(c) ? c - '0' : (l >= 'a' && l <= 'f') ? l - 'a' + 10 : base;
        if (d >= base) return std::nullopt;
        v = v * base + d;
      }
      return v;
    }
  }
  // [+] (digits [. digits] | . digits) [(e|E) [+] digits]
  std::size_t i = s[0] == '+' ? 1 : 0;
  const std::size_t int_begin = i;
  while (i < s.size() && is_digit(s[i])) ++i;
  const std::size_t int_end = i, frac_begin = i + 1;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && is_digit(s[i])) ++i;
  }
  const std::size_t frac_end = std::max(i, frac_begin);
  if (int_end == int_begin && frac_end == frac_begin) return std::nullopt;
  long exponent = 0;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    if (++i < s.size() && s[i] == '+') ++i;
    if (i == s.size()) return std::nullopt;
    for (; i < s.size() && is_digit(s[i]); ++i) {
      if (exponent < 100000) exponent = exponent * 10 + (s[i] - '0');
    }
  }
  if (i != s.size()) return std::nullopt;
  double v = 0;
  const auto r = std::from_chars(s.data() + int_begin, s.data() + s.size(), v, std::chars_format::general);
  if (r.ec == std::errc::result_out_of_range) {
    // Beyond the double range JavaScript gives Infinity; below it, 0. Which
    // one: the position of the first significant digit plus the exponent.
    long magnitude = 0;
    for (std::size_t k = int_begin; k < int_end; ++k) {
      if (s[k] != '0') {
        magnitude = static_cast<long>(int_end - k);
        break;
      }
    }
    for (std::size_t k = frac_begin; k < frac_end && magnitude == 0; ++k) {
      if (s[k] != '0') magnitude = -static_cast<long>(k - frac_begin);
    }
    v = magnitude + exponent > 0 ? inf : 0.0;
  }
  return v;
}

// ---- Lexical helpers over JSON text that simdjson has seen ----------------

// Index just past the string literal whose opening quote is at json[i].
std::size_t string_end(std::string_view json, std::size_t i) noexcept {
  for (++i; i < json.size(); ++i) {
    if (json[i] == '\\') {
      ++i;
    } else if (json[i] == '"') {
      return i + 1;
    }
  }
  return json.size();
}

std::size_t skip_json_space(std::string_view json, std::size_t i) noexcept {
  while (i < json.size() && is_json_space(json[i])) ++i;
  return i;
}

// Offset of the first token inside more than max_depth arrays and objects,
// or npos: the depth simdjson enforces when given max_depth + 1. Runs only
// after simdjson has refused the payload, to say where depth ran out.
std::size_t too_deep_at(std::string_view json, std::size_t max_depth) noexcept {
  std::size_t depth = 0;
  for (std::size_t i = 0; i < json.size(); ++i) {
    const char c = json[i];
    if (is_json_space(c)) continue;
    if (c == ']' || c == '}') {
      if (depth > 0) --depth;
      continue;
    }
    if (depth > max_depth) return i;
    if (c == '"') {
      i = string_end(json, i) - 1;
    } else if (c == '[' || c == '{') {
      ++depth;
    }
  }
  return npos;
}

// Offset of the n-th (from 0) '{' of a valid JSON text: objects come in the
// same order in the text as in simdjson's depth-first walk.
std::size_t nth_object_at(std::string_view json, std::size_t n) noexcept {
  for (std::size_t i = 0; i < json.size(); ++i) {
    if (json[i] == '"') {
      i = string_end(json, i) - 1;
    } else if (json[i] == '{' && n-- == 0) {
      return i;
    }
  }
  return 0;
}

bool is_reserved_event(std::string_view name) noexcept {
  static constexpr std::string_view reserved[] = {"connect",       "connect_error", "disconnect",
                                                  "disconnecting", "newListener",   "removeListener"};
  if (name.size() < reserved[0].size()) return false;  // the shortest
  for (const std::string_view r : reserved) {
    if (name == r) return true;
  }
  return false;
}

const char* needs_payload_message(packet_type t) noexcept {
  switch (t) {
    case packet_type::event: return "EVENT needs a payload: an array starting with the event name";
    case packet_type::ack: return "ACK needs a payload: an array of arguments";
    case packet_type::binary_event: return "BINARY_EVENT needs a payload: an array starting with the event name";
    default: return "BINARY_ACK needs a payload: an array of arguments";
  }
}

// The value of a JSON string literal (without its quotes) that simdjson has
// accepted, or that only its lone surrogate escapes kept from it: those
// become their 3-byte generalized UTF-8 (WTF-8), as JavaScript keeps them.
std::string unescape_json_string(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  const auto put = [&out](unsigned cp) {
    if (cp < 0x80) {
      out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
      out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
  };
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\' || i + 1 == s.size()) {
      out.push_back(s[i]);
      continue;
    }
    const char e = s[++i];
    switch (e) {
      case 'b': out.push_back('\b'); break;
      case 'f': out.push_back('\f'); break;
      case 'n': out.push_back('\n'); break;
      case 'r': out.push_back('\r'); break;
      case 't': out.push_back('\t'); break;
      case 'u': {
        unsigned cp = 0, low = 0;
        if (!hex4(s, i + 1, cp)) {
          out.push_back(e);
          break;
        }
        i += 4;
        if (cp >= 0xD800 && cp < 0xDC00 && i + 2 < s.size() && s[i + 1] == '\\' && s[i + 2] == 'u' &&
            hex4(s, i + 3, low) && low >= 0xDC00 && low < 0xE000) {
          cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          i += 6;
        }
        put(cp);
        break;
      }
      default: out.push_back(e);  // '"', '\\', '/'
    }
  }
  return out;
}

// What JSON.parse reads and simdjson refuses, made readable for simdjson:
// an integer beyond 64 bits gets ".0" (simdjson then reads the nearest double,
// as JSON.parse does); in the reference dialect also a number beyond the
// double range (JSON.parse: Infinity) becomes 0 and a string holding a lone
// surrogate escape gets U+FFFD in its place, their true values kept aside by
// ordinal (strings and numbers come in the same order in the text as in
// simdjson's depth-first walk) for to_json() to put back.
struct json_repair {
  std::string text;
  std::vector<std::pair<std::size_t, std::string>> strings;  // string ordinal -> value (WTF-8)
  std::vector<std::pair<std::size_t, double>> numbers;       // number ordinal -> +-Infinity

  void clear() noexcept {
    text.clear();
    strings.clear();
    numbers.clear();
  }
  bool has_values() const noexcept { return !strings.empty() || !numbers.empty(); }
};

// Whether the number token `t` is beyond the double range, where JSON.parse
// makes it Infinity (ties at the edge round to it, as to even).
bool beyond_double_range(std::string_view t) noexcept {
  long double v = 0;
  const auto r = std::from_chars(t.data(), t.data() + t.size(), v);
  if (r.ec == std::errc::result_out_of_range) {
    // Beyond long double too: an overflow unless the exponent is negative.
    const std::size_t e = t.find_first_of("eE");
    return e == npos || (e + 1 < t.size() && t[e + 1] != '-');
  }
  constexpr long double edge = 0x1.fffffffffffff8p1023L;  // 2^1024 - 2^970
  return r.ec == std::errc() && (v >= edge || v <= -edge);
}

// JSON's number grammar: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
bool is_json_number(std::string_view t) noexcept {
  std::size_t i = 0;
  const auto digits = [&]() {
    const std::size_t start = i;
    while (i < t.size() && is_digit(t[i])) ++i;
    return i > start;
  };
  if (i < t.size() && t[i] == '-') ++i;
  if (i < t.size() && t[i] == '0') {
    ++i;
  } else if (!digits()) {
    return false;
  }
  if (i < t.size() && t[i] == '.') {
    ++i;
    if (!digits()) return false;
  }
  if (i < t.size() && (t[i] == 'e' || t[i] == 'E')) {
    ++i;
    if (i < t.size() && (t[i] == '+' || t[i] == '-')) ++i;
    if (!digits()) return false;
  }
  return i == t.size();
}

bool fits_64_bits(std::string_view t) noexcept {
  if (t[0] == '-') {
    std::int64_t n;
    return std::from_chars(t.data(), t.data() + t.size(), n).ec == std::errc();
  }
  std::uint64_t n;
  return std::from_chars(t.data(), t.data() + t.size(), n).ec == std::errc();
}

// Whether `literal` (from its opening quote) is a well-formed JSON string
// but for \\uXXXX escapes of surrogates that are not part of a pair, and has
// at least one: what JSON.parse accepts and simdjson refuses. Anything else
// wrong in it is left for simdjson to refuse.
bool only_lone_surrogates_wrong(std::string_view literal) noexcept {
  // The UTF-16 unit of the \\uXXXX escape at i, or -1 if it is not one.
  const auto unit_at = [literal](std::size_t i) -> long {
    if (i + 6 > literal.size() || literal[i] != '\\' || literal[i + 1] != 'u') return -1;
    long cp = 0;
    for (std::size_t k = i + 2; k < i + 6; ++k) {
      const char c = literal[k];
      const char l = static_cast<char>(c | 0x20);
      const int d = is_digit(c) ? c - '0' : (l >= 'a' && l <= 'f') ? l - 'a' + 10 : -1;
      if (d < 0) return -1;
      cp = cp * 16 + d;
    }
    return cp;
  };
  bool lone = false;
  for (std::size_t i = 1; i < literal.size(); ++i) {
    const auto c = static_cast<unsigned char>(literal[i]);
    if (c == '"') return i + 1 == literal.size() && lone;
    if (c < 0x20) return false;
    if (c != '\\') continue;
    if (i + 1 < literal.size() && std::string_view("\"\\/bfnrt").find(literal[i + 1]) != npos) {
      ++i;
      continue;
    }
    const long cp = unit_at(i);
    if (cp < 0) return false;
    if (cp >= 0xD800 && cp < 0xDC00) {
      const long low = unit_at(i + 6);
      if (low >= 0xDC00 && low < 0xE000) {
        i += 11;
        continue;
      }
      lone = true;
    } else if (cp >= 0xDC00 && cp < 0xE000) {
      lone = true;
    }
    i += 5;
  }
  return false;  // no closing quote
}

// Fills `r` from `json`; false when there was nothing to repair.
bool repair_json(std::string_view json, bool reference, json_repair& r) {
  r.clear();
  std::size_t copied = 0, strings = 0, numbers = 0;
  const auto replace = [&](std::size_t begin, std::size_t end, std::string_view with) {
    r.text.append(json.substr(copied, begin - copied));
    r.text.append(with);
    copied = end;
  };
  for (std::size_t i = 0; i < json.size(); ++i) {
    const char c = json[i];
    if (c == '"') {
      const std::size_t end = string_end(json, i);
      const std::string_view literal = json.substr(i, end - i);
      if (reference && only_lone_surrogates_wrong(literal)) {
        std::string value = unescape_json_string(literal.substr(1, literal.size() - 2));
        // simdjson sees a string with U+FFFD where the lone surrogates were.
        std::string stand_in = "\"";
        for (std::size_t k = 0; k < value.size(); ++k) {
          const auto b = static_cast<unsigned char>(value[k]);
          if (b == 0xED && k + 2 < value.size() && static_cast<unsigned char>(value[k + 1]) >= 0xA0) {
            stand_in.append("\\ufffd");
            k += 2;
          } else if (b < 0x20 || b == '"' || b == '\\') {
            static constexpr char hex[] = "0123456789abcdef";
            stand_in.append("\\u00");
            stand_in.push_back(hex[b >> 4]);
            stand_in.push_back(hex[b & 15]);
          } else {
            stand_in.push_back(value[k]);
          }
        }
        stand_in.push_back('"');
        replace(i, end, stand_in);
        r.strings.emplace_back(strings, std::move(value));
      }
      ++strings;
      i = end - 1;
      continue;
    }
    if (c != '-' && !is_digit(c)) continue;
    std::size_t end = i + 1;
    while (end < json.size() && std::string_view("+-.0123456789eE").find(json[end]) != npos) ++end;
    const std::string_view token = json.substr(i, end - i);
    // A malformed number is left as it is, for simdjson to refuse.
    if (is_json_number(token)) {
      if (reference && beyond_double_range(token)) {
        replace(i, end, "0");
        r.numbers.emplace_back(numbers, c == '-' ? -HUGE_VAL : HUGE_VAL);
      } else if (token.find_first_of(".eE") == npos && !fits_64_bits(token)) {
        replace(end, end, ".0");
      }
    }
    ++numbers;
    i = end - 1;
  }
  if (copied == 0) return false;
  r.text.append(json.substr(copied));
  return true;
}

// One level of an explicit depth-first walk over a simdjson document.
struct walk_frame {
  nlohmann::json* target = nullptr;  // what the conversion fills; unused by the checks
  bool is_object = false;
  dom::array::iterator array_at, array_end;
  dom::object::iterator object_at, object_end;

  static walk_frame of(dom::element e, nlohmann::json* target) noexcept {
    walk_frame f;
    f.target = target;
    if (e.type() == dom::element_type::OBJECT) {
      const dom::object o = e.get_object().value_unsafe();
      f.is_object = true;
      f.object_at = o.begin();
      f.object_end = o.end();
    } else {
      const dom::array a = e.get_array().value_unsafe();
      f.array_at = a.begin();
      f.array_end = a.end();
    }
    return f;
  }
  bool done() const noexcept { return is_object ? object_at == object_end : array_at == array_end; }
};

// One level of the walk that fills a json value in place (see fill()).
struct fill_frame {
  nlohmann::json* target = nullptr;
  bool is_object = false;
  dom::array::iterator array_at, array_end;
  std::size_t index = 0;                          // next element of an array target
  std::size_t member_first = 0;                   // this object's range of the sorted members
  std::size_t member_at = 0, member_end = 0;
  nlohmann::json::object_t::iterator slot_at;     // the target's member for member_at
};

// An object member as read, with its position among the object's members.
struct parser_member {
  std::string_view key;
  dom::element value;
  std::size_t ordinal;
};

using object_node = nlohmann::json::object_t::node_type;

bool is_container(dom::element e) noexcept {
  return e.type() == dom::element_type::ARRAY || e.type() == dom::element_type::OBJECT;
}

nlohmann::json scalar_to_json(dom::element e) {
  switch (e.type()) {
    case dom::element_type::INT64: {
      const std::int64_t v = e.get_int64().value_unsafe();
      if (v >= 0) return static_cast<std::uint64_t>(v);
      return v;
    }
    case dom::element_type::UINT64: return e.get_uint64().value_unsafe();
    case dom::element_type::DOUBLE: return e.get_double().value_unsafe();
    case dom::element_type::STRING: return std::string(e.get_string().value_unsafe());
    case dom::element_type::BOOL: return e.get_bool().value_unsafe();
    default: return nullptr;
  }
}

// What check_payload needs of a payload once it is known to be valid JSON: the
// kind of its root and, for an array, of its first element.
enum class json_kind : std::uint8_t { object, array, string, number, boolean, null };

struct json_outline {
  json_kind root = json_kind::null;
  bool has_first = false;
  json_kind first = json_kind::null;
  std::string_view first_string;  // the first element's value, when a string
  bool first_in_text = false;     // first_string is the literal's inside, in the payload
};

json_kind kind_of(dom::element e) noexcept {
  switch (e.type()) {
    case dom::element_type::OBJECT: return json_kind::object;
    case dom::element_type::ARRAY: return json_kind::array;
    case dom::element_type::STRING: return json_kind::string;
    case dom::element_type::BOOL: return json_kind::boolean;
    case dom::element_type::NULL_VALUE: return json_kind::null;
    default: return json_kind::number;
  }
}

json_outline outline_of(dom::element root) noexcept {
  json_outline o;
  o.root = kind_of(root);
  if (o.root != json_kind::array) return o;
  const dom::array a = root.get_array().value_unsafe();
  if (a.begin() == a.end()) return o;
  const dom::element first = *a.begin();
  o.has_first = true;
  o.first = kind_of(first);
  if (o.first == json_kind::string) o.first_string = first.get_string().value_unsafe();
  return o;
}

json_kind kind_at(char c) noexcept {
  switch (c) {
    case '{': return json_kind::object;
    case '[': return json_kind::array;
    case '"': return json_kind::string;
    case 't':
    case 'f': return json_kind::boolean;
    case 'n': return json_kind::null;
    default: return json_kind::number;
  }
}

// Small frames are most of the traffic, and simdjson's fixed cost per document
// dominates them; up to this size a scalar pass certifies the common case.
constexpr std::size_t plain_json_max_bytes = 256;

// Printable ASCII but '"' and '\\': what a plain string literal holds.
constexpr auto plain_string_byte = [] {
  std::array<bool, 256> t{};
  for (int c = 0x20; c < 0x7F; ++c) t[static_cast<std::size_t>(c)] = c != '"' && c != '\\';
  return t;
}();

// The scanners below run once per token: calls would cost more than they do.
#if defined(__GNUC__)
#define SIOC_INLINE __attribute__((always_inline))
#else
#define SIOC_INLINE
#endif

// The bytes of `word` (little-endian) that end a plain string run, each
// flagged by its high bit: below 0x20, '"', '\\', 0x7F and above. The lowest
// flag is exact: a borrow or carry only reaches bytes above a flagged one.
SIOC_INLINE constexpr std::uint64_t string_stops(std::uint64_t word) noexcept {
  constexpr std::uint64_t ones = 0x0101010101010101ULL;
  constexpr std::uint64_t highs = 0x8080808080808080ULL;
  const std::uint64_t quote = word ^ (ones * '"');
  const std::uint64_t backslash = word ^ (ones * '\\');
  const std::uint64_t control = (word - ones * 0x20) & ~word;
  const std::uint64_t quotes = (quote - ones) & ~quote;
  const std::uint64_t backslashes = (backslash - ones) & ~backslash;
  const std::uint64_t del_or_high = word | (word + ones);
  return (control | quotes | backslashes | del_or_high) & highs;
}

// The bytes of `word` (little-endian) that are not ASCII digits, flagged the
// same way.
SIOC_INLINE constexpr std::uint64_t digit_stops(std::uint64_t word) noexcept {
  constexpr std::uint64_t ones = 0x0101010101010101ULL;
  constexpr std::uint64_t highs = 0x8080808080808080ULL;
  const std::uint64_t below = (word - ones * '0') & ~word;
  const std::uint64_t above = word | (word + ones * (0x80 - '9' - 1));
  return (below | above) & highs;
}

#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define SIOC_WORD_SCAN 1
#else
#define SIOC_WORD_SCAN 0
#endif

// Advances `p` over the bytes for which `stops` flags nothing, eight at a
// time, and stops at the first flagged byte or at `end`. When fewer than eight
// are left, the last eight bytes of [begin, end) are read instead, shifted so
// that the bytes past `end` read as zero, which every `stops` flags.
template <class Stops>
SIOC_INLINE inline void skip_words(const char*& p, const char* begin, const char* end, Stops stops) noexcept {
#if SIOC_WORD_SCAN
  while (end - p >= 8) {
    std::uint64_t word;
    std::memcpy(&word, p, sizeof word);
    if (const std::uint64_t flags = stops(word); flags != 0) {
      p += __builtin_ctzll(flags) / 8;
      return;
    }
    p += 8;
  }
  if (p == end || end - begin < 8) return;
  std::uint64_t word;
  std::memcpy(&word, end - 8, sizeof word);
  word >>= 8 * static_cast<unsigned>(8 - (end - p));
  p += __builtin_ctzll(stops(word)) / 8;
#else
  (void)p;
  (void)begin;
  (void)end;
  (void)stops;
#endif
}

// True when `json` is certainly valid JSON that simdjson accepts, nesting at
// most max_depth deep: printable ASCII strings without escapes, numbers of at
// most 18 integer and 18 fraction digits without exponent, literals, arrays and
// objects, JSON whitespace. False means "not certified", never "invalid":
// anything else (escapes, UTF-8, exponents, errors) takes simdjson's path,
// which decides and says why.
bool plain_json(std::string_view json, std::size_t max_depth, json_outline& out) noexcept {
  const char* p = json.data();
  const char* const end = p + json.size();
  const std::size_t limit = std::min<std::size_t>(max_depth, 63);
  std::uint64_t objects = 0;  // bit d: the container at depth d is an object
  std::size_t depth = 0;      // containers open
  const auto skip_space = [&] {
    while (p < end && static_cast<unsigned char>(*p) <= ' ' && is_json_space(*p)) ++p;
  };
  // Every JSON space is at most ' ', and most tokens are not preceded by one:
  // a test small enough to inline, the loop out of line.
  const auto space = [&]() SIOC_INLINE {
    if (p < end && static_cast<unsigned char>(*p) <= ' ') skip_space();
  };
  const auto string = [&]() SIOC_INLINE -> bool {  // at the opening quote
    ++p;
    skip_words(p, json.data(), end, string_stops);
    while (p < end && plain_string_byte[static_cast<unsigned char>(*p)]) ++p;
    if (p == end || *p != '"') return false;
    ++p;
    return true;
  };
  const auto digits = [&](std::size_t most) SIOC_INLINE -> bool {
    const char* from = p;
    skip_words(p, json.data(), end, digit_stops);
    while (p < end && is_digit(*p)) ++p;
    return p > from && static_cast<std::size_t>(p - from) <= most;
  };
  const auto number = [&]() SIOC_INLINE -> bool {
    if (*p == '-') ++p;
    if (p == end) return false;
    if (*p == '0') {
      ++p;
    } else if (!digits(18)) {
      return false;
    }
    if (p < end && *p == '.') {
      ++p;
      if (!digits(18)) return false;
    }
    return p == end || (*p != 'e' && *p != 'E' && !is_digit(*p));
  };
  const auto literal = [&](std::string_view word) -> bool {
    if (static_cast<std::size_t>(end - p) < word.size() || std::string_view(p, word.size()) != word) return false;
    p += word.size();
    return true;
  };
  // A value at p (space skipped); containers are opened, not finished.
  const auto value = [&]() SIOC_INLINE -> bool {
    if (p == end) return false;
    switch (*p) {
      case '"': return string();
      case '{':
      case '[':
        if (++depth > limit) return false;
        if (*p == '{') {
          objects |= std::uint64_t{1} << depth;
        } else {
          objects &= ~(std::uint64_t{1} << depth);
        }
        ++p;
        return true;
      case 't': return literal("true");
      case 'f': return literal("false");
      case 'n': return literal("null");
      default: return (*p == '-' || is_digit(*p)) && number();
    }
  };
  const auto key = [&]() SIOC_INLINE -> bool {  // an object member's key and colon, space skipped
    if (p == end || *p != '"' || !string()) return false;
    space();
    if (p == end || *p != ':') return false;
    ++p;
    space();
    return true;
  };

  space();
  if (p == end) return false;
  out = json_outline{};
  out.root = kind_at(*p);
  if (!value()) return false;
  bool opened = depth > 0;  // the last value opened a container
  while (depth > 0) {
    space();
    if (p == end) return false;
    const bool in_object = (objects >> depth) & 1;
    if (opened) {
      opened = false;
      if (*p == (in_object ? '}' : ']')) {
        ++p;
        --depth;
        continue;
      }
      if (in_object && !key()) return false;
      if (depth == 1 && out.root == json_kind::array && !out.has_first) {
        out.has_first = true;
        out.first = kind_at(*p);
        if (out.first == json_kind::string) {
          const char* from = p;
          if (!value()) return false;
          out.first_string = std::string_view(from + 1, static_cast<std::size_t>(p - from) - 2);
          out.first_in_text = true;
          continue;
        }
      }
    } else if (*p == ',') {
      ++p;
      space();
      if (in_object && !key()) return false;
    } else if (*p == (in_object ? '}' : ']')) {
      ++p;
      --depth;
      continue;
    } else {
      return false;
    }
    const std::size_t before = depth;
    if (!value()) return false;
    opened = depth > before;
  }
  space();
  return p == end;
}

// Above plain_json_max_bytes, simdjson's stage 1 runs alone: the fastest
// kernel for this CPU indexes the structural characters and checks UTF-8,
// control characters in strings and unclosed strings. indexed_json then walks
// that index checking what simdjson's stage 2 would (the grammar, depth,
// numbers, literals, escapes) without building a document. Like plain_json it
// certifies or leaves the verdict to simdjson; it leaves what simdjson might
// refuse (a number part of more than 18 digits, an exponent of more than 2,
// a surrogate escape) and an array whose first string has escapes (its value
// is needed unescaped). Stage 1 reads the text in place: it copies its last,
// partial block, so it needs no padding.
class indexed_json {
 public:
  // Containers nest at most this deep here; deeper ones go to simdjson.
  static constexpr std::size_t max_depth = 1023;

  indexed_json(std::string_view text, const std::uint32_t* index, std::size_t count) noexcept
      : p_(text.data()), end_(text.data() + text.size()), index_(index), count_(count) {}

  bool certify(std::size_t depth_limit, json_outline& out) noexcept {
    if (count_ == 0) return false;
    const char* const bs = static_cast<const char*>(std::memchr(p_, '\\', size()));
    backslash_ = bs != nullptr ? bs : end_;
    out = json_outline{};
    out.root = kind_at(at(0));
    if (out.root == json_kind::array && count_ > 1 && at(1) != ']') {
      out.has_first = true;
      out.first = kind_at(at(1));
      if (out.first == json_kind::string) {
        if (backslash_ < p_ + index_[2]) return false;
        out.first_string = std::string_view(p_ + index_[1] + 1, string_close(1) - index_[1] - 1);
        out.first_in_text = true;
      }
    }
    return walk(std::min(depth_limit, max_depth));
  }

 private:
  std::size_t size() const noexcept { return static_cast<std::size_t>(end_ - p_); }
  char at(std::size_t i) const noexcept { return p_[index_[i]]; }

  // The closing quote of the string opened by structural i: only whitespace
  // separates it from the next structural (index_[count_] is the text's size).
  std::size_t string_close(std::size_t i) const noexcept {
    std::size_t close = index_[i + 1] - 1;
    while (close > index_[i] && is_json_space(p_[close])) --close;
    return close;
  }

  // True when the string opened by structural i is one simdjson reads. Only a
  // string reaching past the next backslash has escapes to check.
  bool string(std::size_t i) noexcept { return backslash_ >= p_ + index_[i + 1] || escapes(i); }

  bool escapes(std::size_t i) noexcept {
    const std::size_t close = string_close(i);
    if (close <= index_[i] || p_[close] != '"') return false;
    const char* q = p_ + index_[i] + 1;
    const char* const stop = p_ + close;
    while (const void* found = std::memchr(q, '\\', static_cast<std::size_t>(stop - q))) {
      q = static_cast<const char*>(found);
      if (stop - q < 2) return false;
      switch (q[1]) {
        case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't': q += 2; break;
        case 'u': {
          unsigned unit = 0;
          if (!hex4(std::string_view(q, static_cast<std::size_t>(stop - q)), 2, unit)) return false;
          if (unit >= 0xD800 && unit <= 0xDFFF) return false;
          q += 6;
          break;
        }
        default: return false;
      }
    }
    const void* next = std::memchr(stop, '\\', static_cast<std::size_t>(end_ - stop));
    backslash_ = next != nullptr ? static_cast<const char*>(next) : end_;
    return true;
  }

  // What may follow a number or a literal here: whitespace, ',', ']', '}' or the end.
  bool ends_token(const char* q) const noexcept {
    return q == end_ || is_json_space(*q) || *q == ',' || *q == ']' || *q == '}';
  }

  const char* digits(const char* q) const noexcept {
    while (q < end_ && is_digit(*q)) ++q;
    return q;
  }

  bool number(const char* q) const noexcept {
    if (*q == '-') ++q;
    const char* from = q;
    q = digits(q);
    if (q == from || q - from > 18 || (*from == '0' && q - from > 1)) return false;
    if (q < end_ && *q == '.') {
      from = ++q;
      q = digits(q);
      if (q == from || q - from > 18) return false;
    }
    if (q < end_ && (*q == 'e' || *q == 'E')) {
      ++q;
      if (q < end_ && (*q == '+' || *q == '-')) ++q;
      from = q;
      q = digits(q);
      if (q == from || q - from > 2) return false;
    }
    return ends_token(q);
  }

  bool literal(const char* q, std::string_view word) const noexcept {
    if (static_cast<std::size_t>(end_ - q) < word.size() || std::string_view(q, word.size()) != word) return false;
    return ends_token(q + word.size());
  }

  bool scalar(std::size_t i) noexcept {
    const char* q = p_ + index_[i];
    switch (*q) {
      case '"': return string(i);
      case 't': return literal(q, "true");
      case 'f': return literal(q, "false");
      case 'n': return literal(q, "null");
      default: return (*q == '-' || is_digit(*q)) && number(q);
    }
  }

  bool walk(std::size_t limit) noexcept {
    std::array<std::uint64_t, (max_depth >> 6) + 1> objects{};  // bit d: the container at depth d is an object
    const auto in_object = [&](std::size_t d) { return ((objects[d >> 6] >> (d & 63)) & 1) != 0; };
    std::size_t depth = 0;
    std::size_t i = 0;
    char c = 0;
  value:  // structural i starts a value
    c = at(i);
    if (c == '{' || c == '[') {
      if (++depth > limit) return false;
      const std::uint64_t bit = std::uint64_t{1} << (depth & 63);
      objects[depth >> 6] = c == '{' ? objects[depth >> 6] | bit : objects[depth >> 6] & ~bit;
      if (++i == count_) return false;
      if (at(i) == (c == '{' ? '}' : ']')) {
        ++i;
        --depth;
        goto after;
      }
      if (c == '{') goto key;
      goto value;
    }
    if (!scalar(i)) return false;
    ++i;
  after:  // a value ended before structural i
    if (depth == 0) return i == count_;
    if (i == count_) return false;
    c = at(i);
    if (in_object(depth)) {
      if (c == ',') {
        ++i;
        goto key;
      }
      if (c != '}') return false;
    } else {
      if (c == ',') {
        if (++i == count_) return false;
        goto value;
      }
      if (c != ']') return false;
    }
    ++i;
    --depth;
    goto after;
  key:  // structural i starts a member: a string, ':' and a value
    if (i + 2 >= count_ || at(i) != '"' || at(i + 1) != ':' || !string(i)) return false;
    i += 2;
    goto value;
  }

  const char* p_;
  const char* end_;
  const std::uint32_t* index_;
  std::size_t count_;
  const char* backslash_ = nullptr;  // the first backslash not yet checked, or end_
};

}  // namespace

struct parser::impl {
  explicit impl(const decode_options& o) : opts(o) {}

  decode_options opts;
  dom::parser json;
  dom::element root;               // the last payload, valid until the next parse
  std::vector<walk_frame> stack;   // reused by the walks, so they allocate once
  std::vector<fill_frame> fill_stack;
  std::vector<parser_member> members;
  std::vector<object_node> pool;
  json_repair repaired;            // the last payload as simdjson read it, when it had to be repaired

  bool reference() const noexcept { return opts.mode == dialect::reference; }
  bool v4() const noexcept { return opts.version == protocol::v4; }

  // With `tree`, the payload's document is kept for to_json(); without, a small
  // plain payload may be checked without building one.
  result<packet_view> parse(std::string_view text, bool tree) noexcept;
  // Converts the last payload into `out`, reusing its allocations (see fill()).
  void to_json(nlohmann::json& out, detail::sio_spare_values* spares);

 private:
  error read_type(std::string_view text, std::size_t& pos, packet_view& v) const noexcept;
  error read_count(std::string_view text, std::size_t& pos, packet_view& v) const noexcept;
  error read_namespace(std::string_view text, std::size_t& pos, packet_view& v) const noexcept;
  error read_id(std::string_view text, std::size_t& pos, packet_view& v) const noexcept;
  // Makes the JSON parser hold `size` bytes; false when it cannot.
  bool reserve_json(std::size_t size) noexcept;
  // indexed_json's certificate for the payload (false: ask parse_json).
  bool indexed(std::string_view payload, json_outline& out) noexcept;
  error parse_json(std::string_view payload, std::size_t at) noexcept;
  error check_payload(std::string_view payload, std::size_t at, bool tree, packet_view& v) noexcept;
  error check_placeholders(std::string_view payload, std::size_t at, std::size_t count) noexcept;
};

result<packet_view> parser::impl::parse(std::string_view text, bool tree) noexcept {
  if (text.size() > opts.max_packet_bytes) {
    return make_error(errc::payload_too_large, opts.max_packet_bytes,
                      "text frame exceeds decode_options::max_packet_bytes");
  }
  packet_view v;
  std::size_t pos = 0;
  error e = read_type(text, pos, v);
  if (e.code == errc::ok && is_binary(v.type)) e = read_count(text, pos, v);
  if (e.code == errc::ok) e = read_namespace(text, pos, v);
  if (e.code == errc::ok) e = read_id(text, pos, v);
  if (e.code == errc::ok) e = check_payload(text.substr(pos), pos, tree, v);
  if (e.code != errc::ok) return e;
  return v;
}

error parser::impl::read_type(std::string_view text, std::size_t& pos, packet_view& v) const noexcept {
  if (text.empty()) {
    if (reference()) {
      v.type = packet_type::connect;  // Number("") is 0
      return {};
    }
    return make_error(errc::empty_packet, 0, "empty frame: no packet type");
  }
  if (text[0] >= '0' && text[0] <= '6') {
    v.type = static_cast<packet_type>(text[0] - '0');
    pos = 1;
    return {};
  }
  if (reference()) {
    if (const std::size_t n = js_space_at(text, 0)) {
      v.type = packet_type::connect;  // Number(" ") is 0 too
      pos = n;
      return {};
    }
    if (v4()) {
      return make_error(errc::unknown_packet_type, 0,
                        "packet type is not a digit from 0 to 6 (socket.io-parser 3.4.3 returns an ERROR "
                        "packet without a namespace instead)");
    }
  }
  return make_error(errc::unknown_packet_type, 0, "packet type is not a digit from 0 to 6");
}

error parser::impl::read_count(std::string_view text, std::size_t& pos, packet_view& v) const noexcept {
  const std::size_t start = pos;
  const error too_many = make_error(errc::too_many_attachments, start,
                                    "declared attachments exceed decode_options::max_attachments");
  if (!reference()) {
    std::size_t end = start;
    while (end < text.size() && is_digit(text[end])) ++end;
    if (end == start) return make_error(errc::invalid_attachment_count, start, "attachment count missing");
    if (text[start] == '0' && end - start > 1) {
      return make_error(errc::invalid_attachment_count, start, "attachment count has a leading zero");
    }
    if (end == text.size() || text[end] != '-') {
      return make_error(errc::invalid_attachment_count, end, "attachment count not followed by '-'");
    }
    std::uint64_t n = 0;
    if (!to_u64(text.substr(start, end - start), n) || n > opts.max_attachments) return too_many;
    if (n == 0 && !v4()) {
      return make_error(errc::invalid_attachment_count, start, "a v5 binary packet declares no attachments");
    }
    v.attachments = static_cast<std::size_t>(n);
    pos = end + 1;
    return {};
  }
  const std::size_t dash = text.find('-', start);
  const std::optional<double> n = dash == npos ? std::nullopt : js_number(text.substr(start, dash - start));
  if (!n) {
    return make_error(errc::invalid_attachment_count, start, "attachment count is not a number followed by '-'");
  }
  const double d = *n;
  const bool whole = std::isfinite(d) && std::floor(d) == d;
  if (!v4() && (!whole || d < 1)) {
    return make_error(errc::invalid_attachment_count, start, "attachment count is not an integer of at least 1");
  }
  // SIZE_MAX is no limit, as 3.4.3 has none: a count no frames can reach
  // (a fraction, Infinity, 2^64 and beyond) then waits for ever, as there.
  if (opts.max_attachments != SIZE_MAX && d > static_cast<double>(opts.max_attachments)) return too_many;
  v.attachments = whole && d < 0x1p64 ? static_cast<std::size_t>(d) : packet_view::endless;
  pos = dash + 1;
  return {};
}

error parser::impl::read_namespace(std::string_view text, std::size_t& pos, packet_view& v) const noexcept {
  if (pos >= text.size() || text[pos] != '/') return {};
  const std::size_t comma = text.find(',', pos);
  if (comma == npos && !reference()) {
    return make_error(errc::invalid_namespace, pos, "namespace not terminated by ','");
  }
  std::string_view nsp = text.substr(pos, comma == npos ? npos : comma - pos);
  if (const std::size_t bad = detail::utf8_invalid_at(nsp); bad != npos) {
    return make_error(errc::invalid_utf8, pos + bad, "namespace is not well-formed UTF-8");
  }
  // Socket.IO 2.x servers read a CONNECT's namespace as a URL path and query.
  // An empty query stays in the namespace, as socket.io-parser leaves it.
  if (v4() && v.type == packet_type::connect) {
    if (const std::size_t q = nsp.find('?'); q != npos && q + 1 < nsp.size()) {
      v.query = nsp.substr(q + 1);
      nsp = nsp.substr(0, q);
    }
  }
  v.nsp = nsp;
  pos = comma == npos ? text.size() : comma + 1;
  return {};
}

error parser::impl::read_id(std::string_view text, std::size_t& pos, packet_view& v) const noexcept {
  const std::size_t start = pos;
  const auto out_of_range = [start] {
    return make_error(errc::invalid_ack_id, start, "ack id exceeds decode_options::max_ack_id");
  };
  std::uint64_t id = 0;
  if (!reference()) {
    while (pos < text.size() && is_digit(text[pos])) ++pos;
    if (pos == start) return {};
    if (text[start] == '0' && pos - start > 1) {
      return make_error(errc::invalid_ack_id, start, "ack id has a leading zero");
    }
    if (!to_u64(text.substr(start, pos - start), id) || id > opts.max_ack_id) return out_of_range();
    v.id = id;
    return {};
  }
  // The reference takes digits and whitespace, then Number() of the run.
  std::size_t digits_begin = npos, digits_end = npos;
  bool gap = false;
  while (pos < text.size()) {
    if (is_digit(text[pos])) {
      if (digits_end != npos && digits_end != pos) gap = true;
      if (digits_begin == npos) digits_begin = pos;
      digits_end = ++pos;
    } else if (const std::size_t n = js_space_at(text, pos)) {
      pos += n;
    } else {
      break;
    }
  }
  if (pos == start) return {};
  if (gap) {
    return make_error(errc::invalid_ack_id, start,
                      "ack id has whitespace between digits (the reference reads it as NaN)");
  }
  if (digits_begin != npos) {
    if (!to_u64(text.substr(digits_begin, digits_end - digits_begin), id) || id > opts.max_ack_id) return out_of_range();
  }
  v.id = id;
  return {};
}

bool parser::impl::reserve_json(std::size_t size) noexcept {
  // simdjson's depth d admits values inside at most d - 1 containers. It
  // sizes its stacks by d, and a payload of n bytes nests less than n deep, so
  // a huge max_depth costs nothing beyond the capacity.
  const std::size_t capacity = std::max<std::size_t>(size, 32);
  return json.capacity() >= capacity ||
         json.allocate(capacity, std::min(opts.max_depth, capacity) + 1) == simdjson::SUCCESS;
}

bool parser::impl::indexed(std::string_view payload, json_outline& out) noexcept {
  if (!reserve_json(payload.size())) return false;
  simdjson::internal::dom_parser_implementation& stage1 = *json.implementation;
  if (stage1.stage1(reinterpret_cast<const std::uint8_t*>(payload.data()), payload.size(),
                    simdjson::stage1_mode::regular) != simdjson::SUCCESS) {
    return false;
  }
  return indexed_json(payload, stage1.structural_indexes.get(), stage1.n_structural_indexes)
      .certify(opts.max_depth, out);
}

error parser::impl::parse_json(std::string_view payload, std::size_t at) noexcept {
  if (!reserve_json(payload.size())) {
    return make_error(errc::payload_too_large, at, "payload exceeds what the JSON parser can allocate");
  }
  repaired.clear();
  auto r = json.parse(payload.data(), payload.size(), true);
  if (r.error() == simdjson::NUMBER_ERROR || r.error() == simdjson::STRING_ERROR) {
    // Rare: only for what repair_json() handles.
    try {
      if (repair_json(payload, reference(), repaired)) {
        if (repaired.text.size() + 32 > json.capacity() &&
            json.allocate(repaired.text.size() + 32, std::min(opts.max_depth, repaired.text.size()) + 1) !=
                simdjson::SUCCESS) {
          return make_error(errc::payload_too_large, at, "payload exceeds what the JSON parser can allocate");
        }
        r = json.parse(repaired.text.data(), repaired.text.size(), true);
      }
    } catch (const std::bad_alloc&) {
      return make_error(errc::payload_too_large, at, "payload exceeds what the JSON parser can allocate");
    }
    if (r.error() != simdjson::SUCCESS) repaired.clear();
  }
  if (r.error() == simdjson::SUCCESS) {
    root = r.value_unsafe();
    return {};
  }
  if (r.error() == simdjson::CAPACITY || r.error() == simdjson::MEMALLOC) {
    return make_error(errc::payload_too_large, at, "payload exceeds what the JSON parser can allocate");
  }
  // Whatever simdjson found first, depth and then UTF-8 take precedence, so
  // that the error does not depend on simdjson's internal order.
  if (const std::size_t deep = too_deep_at(payload, opts.max_depth); deep != npos) {
    return make_error(errc::too_deep, at + deep, "JSON nests deeper than decode_options::max_depth");
  }
  if (const std::size_t bad = detail::utf8_invalid_at(payload); bad != npos) {
    return make_error(errc::invalid_utf8, at + bad, "payload is not well-formed UTF-8");
  }
  return make_error(errc::invalid_json, at, "payload is not valid JSON");
}

error parser::impl::check_payload(std::string_view payload, std::size_t at, bool tree, packet_view& v) noexcept {
  v.data = payload;
  const packet_type t = v.type;
  const bool needs_array = t == packet_type::event || t == packet_type::ack || is_binary(t);
  if (payload.empty()) {
    if (!reference() && needs_array) return make_error(errc::invalid_payload, at, needs_payload_message(t));
    return {};
  }
  if (t == packet_type::disconnect) return make_error(errc::invalid_payload, at, "DISCONNECT carries no payload");
  if (is_json_space(payload[0])) {
    // Only strict gets here: the reference reads whitespace as ack id digits.
    return make_error(errc::invalid_payload, at,
                      "whitespace before the payload (the reference reads it as an ack id)");
  }
  // Placeholders are checked on the document, so binary packets always build one.
  json_outline outline;
  bool certified = false;
  if (!tree && !is_binary(t)) {
    certified = payload.size() <= plain_json_max_bytes ? plain_json(payload, opts.max_depth, outline)
                                                        : indexed(payload, outline);
  }
  if (!certified) {
    if (const error e = parse_json(payload, at); e.code != errc::ok) return e;
    outline = outline_of(root);
  }

  const json_kind kind = outline.root;
  const bool is_object = kind == json_kind::object;
  const bool loose = reference() && v4();  // typeof x === "object": null and arrays too
  const bool loose_object = is_object || (loose && (kind == json_kind::array || kind == json_kind::null));
  switch (t) {
    case packet_type::connect:
      if (!loose_object) return make_error(errc::invalid_payload, at, "CONNECT payload is not an object");
      return {};
    case packet_type::connect_error:
      if (!loose_object && kind != json_kind::string) {
        return make_error(errc::invalid_payload, at,
                          v4() ? "ERROR payload is not a string or an object"
                               : "CONNECT_ERROR payload is not a string or an object");
      }
      return {};
    default: break;
  }
  if (kind != json_kind::array) return make_error(errc::invalid_payload, at, "payload is not an array");
  if (t == packet_type::event || t == packet_type::binary_event) {
    // The first element and the rest, as views: the payload starts with '['.
    const std::size_t first = skip_json_space(payload, 1);
    if (!outline.has_first) {
      return make_error(errc::invalid_payload, at + first, "event payload has no event name");
    }
    std::size_t end = first;
    if (outline.first == json_kind::string) {
      if (!v4() && is_reserved_event(outline.first_string)) {
        return make_error(errc::invalid_payload, at + first, "event name is reserved");
      }
      // A certified name has no escapes: its literal ends right after it.
      end = outline.first_in_text
                ? static_cast<std::size_t>(outline.first_string.data() - payload.data()) + outline.first_string.size() + 1
                : string_end(payload, first);
    } else if (outline.first == json_kind::number) {
      while (end < payload.size() && std::string_view("+-.0123456789eE").find(payload[end]) != npos) ++end;
    } else {
      return make_error(errc::invalid_payload, at + first, "event name is not a string or a number");
    }
    v.event = payload.substr(first, end - first);
    const std::size_t next = skip_json_space(payload, end);
    if (payload[next] == ',') {
      const std::size_t rest = skip_json_space(payload, next + 1);
      std::size_t close = payload.find_last_of(']');
      while (close > rest && is_json_space(payload[close - 1])) --close;
      v.args = payload.substr(rest, close - rest);
    }
  }
  if (is_binary(t) && !reference()) return check_placeholders(payload, at, v.attachments);
  return {};
}

// Strict placeholders: an object with a member "_placeholder": true must be
// exactly {"_placeholder":true,"num":N}, N an integer in [0, count).
error parser::impl::check_placeholders(std::string_view payload, std::size_t at, std::size_t count) noexcept {
  const auto valid = [count](dom::object o) noexcept {
    if (o.size() != 2) return false;
    bool flag = false, num = false;
    for (const dom::key_value_pair m : o) {
      if (m.key == "_placeholder" && !flag) {
        flag = m.value.type() == dom::element_type::BOOL && m.value.get_bool().value_unsafe();
        if (!flag) return false;
      } else if (m.key == "num" && !num) {
        const dom::element n = m.value;
        num = (n.type() == dom::element_type::INT64 && n.get_int64().value_unsafe() >= 0 &&
               static_cast<std::uint64_t>(n.get_int64().value_unsafe()) < count) ||
              (n.type() == dom::element_type::UINT64 && n.get_uint64().value_unsafe() < count);
        if (!num) return false;
      } else {
        return false;
      }
    }
    return flag && num;
  };
  const auto claims = [](dom::object o) noexcept {
    for (const dom::key_value_pair m : o) {
      if (m.key == "_placeholder" && m.value.type() == dom::element_type::BOOL && m.value.get_bool().value_unsafe()) {
        return true;
      }
    }
    return false;
  };
  std::size_t objects = 0;
  stack.clear();
  stack.push_back(walk_frame::of(root, nullptr));
  while (!stack.empty()) {
    walk_frame& f = stack.back();
    if (f.done()) {
      stack.pop_back();
      continue;
    }
    const dom::element child = f.is_object ? (f.object_at++).value() : *f.array_at++;
    if (child.type() == dom::element_type::OBJECT) {
      const dom::object o = child.get_object().value_unsafe();
      const std::size_t index = objects++;
      if (claims(o)) {
        if (!valid(o)) {
          return make_error(errc::invalid_placeholder, at + nth_object_at(payload, index),
                            "placeholder is not {\"_placeholder\":true,\"num\":N} with N below the attachment count");
        }
        continue;
      }
    }
    if (is_container(child)) stack.push_back(walk_frame::of(child, nullptr));
  }
  return {};
}

namespace {

// Puts back, in walk order, the values repair_json() kept aside.
class restorer {
 public:
  explicit restorer(const json_repair& r) noexcept : r_(r) {}

  std::string key(std::string_view k) { return take_string(k); }
  nlohmann::json scalar(dom::element e) {
    switch (e.type()) {
      case dom::element_type::STRING: return take_string(e.get_string().value_unsafe());
      case dom::element_type::INT64:
      case dom::element_type::UINT64:
      case dom::element_type::DOUBLE:
        if (number_ < r_.numbers.size() && r_.numbers[number_].first == numbers_++) {
          return r_.numbers[number_++].second;
        }
        return scalar_to_json(e);
      default: return scalar_to_json(e);
    }
  }

 private:
  std::string take_string(std::string_view seen) {
    if (string_ < r_.strings.size() && r_.strings[string_].first == strings_++) return r_.strings[string_++].second;
    return std::string(seen);
  }

  const json_repair& r_;
  std::size_t strings_ = 0, numbers_ = 0;  // ordinals walked so far
  std::size_t string_ = 0, number_ = 0;    // next kept-aside value
};

template <class Values>
nlohmann::json convert(dom::element root, std::vector<walk_frame>& stack, Values&& values) {
  if (!is_container(root)) return values.scalar(root);
  nlohmann::json out = root.type() == dom::element_type::OBJECT ? nlohmann::json::object() : nlohmann::json::array();
  stack.clear();
  stack.push_back(walk_frame::of(root, &out));
  while (!stack.empty()) {
    walk_frame& f = stack.back();
    if (f.done()) {
      stack.pop_back();
      continue;
    }
    nlohmann::json* slot;
    dom::element child;
    if (f.is_object) {
      // operator[] then assignment: a repeated key keeps its last value, as JSON.parse does.
      slot = &(*f.target)[values.key(f.object_at.key())];
      child = f.object_at.value();
      ++f.object_at;
    } else {
      child = *f.array_at;
      ++f.array_at;
      f.target->push_back(nullptr);
      slot = &f.target->back();
    }
    if (child.type() == dom::element_type::ARRAY) {
      *slot = nlohmann::json::array();
      slot->get_ref<nlohmann::json::array_t&>().reserve(child.get_array().value_unsafe().size());
      stack.push_back(walk_frame::of(child, slot));
    } else if (child.type() == dom::element_type::OBJECT) {
      *slot = nlohmann::json::object();
      stack.push_back(walk_frame::of(child, slot));
    } else {
      *slot = values.scalar(child);
    }
  }
  return out;
}

// Stores a scalar in `slot`, reusing the string it may already hold.
void fill_scalar(nlohmann::json& slot, dom::element e) {
  if (e.type() == dom::element_type::STRING && slot.is_string()) {
    slot.get_ref<nlohmann::json::string_t&>().assign(e.get_string().value_unsafe());
  } else {
    slot = scalar_to_json(e);
  }
}

// Makes `slot` an object whose keys are exactly the distinct keys of `o`,
// keeping the members it already has under those keys (their values are
// reused by the caller) and recycling the nodes of the others through `pool`.
// Appends the members of `o`, sorted by key, a repeated key only once with its
// last value (as JSON.parse keeps it), to `members`.
void shape_object(nlohmann::json& slot, dom::object o, std::vector<parser_member>& members,
                  std::vector<object_node>& pool) {
  const std::size_t first = members.size();
  std::size_t ordinal = 0;
  for (const dom::key_value_pair kv : o) members.push_back({kv.key, kv.value, ordinal++});
  const auto begin = members.begin() + static_cast<std::ptrdiff_t>(first);
  std::sort(begin, members.end(), [](const parser_member& a, const parser_member& b) {
    return a.key != b.key ? a.key < b.key : a.ordinal < b.ordinal;
  });
  // Of equal keys the last sorts last: keep it.
  auto out = begin;
  for (auto it = begin; it != members.end(); ++it) {
    if (it + 1 != members.end() && (it + 1)->key == it->key) continue;
    *out++ = *it;
  }
  members.erase(out, members.end());

  if (!slot.is_object()) slot = nlohmann::json::object();
  auto& map = slot.get_ref<nlohmann::json::object_t&>();
  auto at = map.begin();
  for (auto m = begin; m != members.end(); ++m) {
    while (at != map.end() && std::string_view(at->first) < m->key) pool.push_back(map.extract(at++));
    if (at != map.end() && std::string_view(at->first) == m->key) {
      ++at;
      continue;
    }
    if (pool.empty()) {
      map.emplace_hint(at, std::piecewise_construct, std::forward_as_tuple(m->key), std::forward_as_tuple());
    } else {
      pool.back().key().assign(m->key);
      map.insert(at, std::move(pool.back()));
      pool.pop_back();
    }
  }
  while (at != map.end()) pool.push_back(map.extract(at++));
}

// Converts the document at `root` into `out`, reusing what `out` already
// holds: strings keep their buffers, arrays their storage, objects the nodes
// of their members. Decoding frames of one shape over and over into the same
// packet then allocates nothing once warm.
// With `spares`, a binary value that an object overwrites (a placeholder where
// the last packet had its attachment) is moved there, and the object is read
// into a spare placeholder object when there is one.
void fill(dom::element root, nlohmann::json& out, std::vector<fill_frame>& stack,
          std::vector<parser_member>& members, std::vector<object_node>& pool,
          detail::sio_spare_values* spares) {
  stack.clear();
  members.clear();
  const auto open = [&](dom::element e, nlohmann::json& slot) {
    fill_frame f;
    f.target = &slot;
    if (e.type() == dom::element_type::OBJECT) {
      if (spares != nullptr && slot.is_binary()) {
        spares->binaries.push_back(std::move(slot));
        if (!spares->placeholders.empty()) {
          slot = std::move(spares->placeholders.back());
          spares->placeholders.pop_back();
        }
      }
      f.is_object = true;
      f.member_first = f.member_at = members.size();
      shape_object(slot, e.get_object().value_unsafe(), members, pool);
      f.member_end = members.size();
      f.slot_at = slot.get_ref<nlohmann::json::object_t&>().begin();
    } else {
      const dom::array a = e.get_array().value_unsafe();
      if (!slot.is_array()) slot = nlohmann::json::array();
      std::size_t n = a.size();
      if (n >= 0xFFFFFF) {  // simdjson saturates the count there
        n = 0;
        for (auto it = a.begin(); it != a.end(); ++it) ++n;
      }
      slot.get_ref<nlohmann::json::array_t&>().resize(n);
      f.array_at = a.begin();
      f.array_end = a.end();
    }
    stack.push_back(f);
  };
  if (!is_container(root)) {
    fill_scalar(out, root);
  } else {
    open(root, out);
  }
  while (!stack.empty()) {
    fill_frame& f = stack.back();
    nlohmann::json* slot;
    dom::element child;
    if (f.is_object) {
      if (f.member_at == f.member_end) {
        members.resize(f.member_first);  // this object's members are done
        stack.pop_back();
        continue;
      }
      child = members[f.member_at++].value;
      slot = &(f.slot_at++)->second;
    } else {
      if (f.array_at == f.array_end) {
        stack.pop_back();
        continue;
      }
      child = *f.array_at;
      ++f.array_at;
      slot = &f.target->get_ref<nlohmann::json::array_t&>()[f.index++];
    }
    if (is_container(child)) {
      open(child, *slot);  // may reallocate `stack`: `f` is not used after this
    } else {
      fill_scalar(*slot, child);
    }
  }
  pool.clear();
}

}  // namespace

void parser::impl::to_json(nlohmann::json& out, detail::sio_spare_values* spares) {
  if (repaired.has_values()) {
    out = convert(root, stack, restorer(repaired));
    return;
  }
  fill(root, out, fill_stack, members, pool, spares);
}

// ---- packet_view -----------------------------------------------------------

std::string packet_view::event_name() const {
  if (event.size() < 2 || event.front() != '"' || event.back() != '"') return {};
  return unescape_json_string(event.substr(1, event.size() - 2));
}

// ---- parser ----------------------------------------------------------------

parser::parser(const decode_options& opts) : impl_(std::make_unique<impl>(opts)) {}
parser::~parser() = default;
parser::parser(parser&&) noexcept = default;
parser& parser::operator=(parser&&) noexcept = default;

const decode_options& parser::options() const noexcept { return impl_->opts; }

result<packet_view> parser::parse(std::string_view text) noexcept {
  if (impl_->opts.format == wire_format::msgpack) {
    return make_error(errc::invalid_packet, 0,
                      "parser::parse() reads the text format only; decode msgpack frames with decode() or decoder");
  }
  return impl_->parse(text, false);
}

result<packet> parser::decode(std::string_view text) noexcept {
  packet p;
  const result<std::size_t> n = decode(text, p, nullptr);
  if (!n) return n.error_info();
  return p;
}

result<std::size_t> parser::decode(std::string_view text, packet& out) noexcept {
  return decode(text, out, nullptr);
}

result<std::size_t> parser::decode(std::string_view text, packet& out, detail::sio_spare_values* spares) noexcept {
  if (impl_->opts.format == wire_format::msgpack) {
    result<packet> p = msgpack_format::decode(text, impl_->opts);
    if (!p) return p.error_info();
    out = std::move(*p);
    return std::size_t{0};
  }
  const result<packet_view> v = impl_->parse(text, true);
  if (!v) return v.error_info();
  out.type = v->type;
  out.nsp.assign(v->nsp);
  out.query.assign(v->query);
  out.id = v->id;
  if (v->has_data()) {
    if (!out.data) out.data.emplace();
    impl_->to_json(*out.data, spares);
  } else {
    out.data.reset();
  }
  return v->attachments;
}

}  // namespace sioc::sio
