// Fuzzes sio::encode with packets built from the input, then decodes what it
// wrote.
//
// Input (read front to back; past the end every byte reads as 0):
//   flags: bits 0-2 the type (7: not a Socket.IO type), bit 3 protocol v4,
//          bit 4 a namespace follows (else "/"), bit 5 a query follows,
//          bit 6 an ack id follows, bit 7 data follows
//   then the namespace and query (strings), the ack id (varint), the data (value)
// string: bytes up to a backslash followed by any other byte; "\\" is one
//         backslash (FuzzedDataProvider's ConsumeRandomLengthString)
// varint: LEB128, at most 10 bytes
// value:  a tag byte, tag % 16:
//   0 null, 1 false, 2 true, 3 varint, 4 varint v as the integer -1 - v,
//   5 the double of the next 8 bytes (little-endian), 6 an edge-case double
//   (kEdgeDoubles[next byte]), 7 a string, 8 a binary value of a string's
//   bytes, 9 an array of (next byte) values, 10 an object of (next byte)
//   key strings and values, 11 an integer 0-255 (next byte), 12 a string from
//   kWords[next byte], 13 {"_placeholder":true,"num":(next byte)}, 14-15 null.
//   Containers deeper than kMaxDepth, or beyond kMaxValues values in all,
//   are null.
// make_seeds.py writes the packets of the vector suites in this form.
//
// Properties:
//  - encode() succeeds exactly when the packet meets the contract written in
//    sio.hpp (valid() below restates it);
//  - on failure: invalid_packet at offset 0, and the caller's text and
//    attachments are as they were;
//  - on success: it appends (text and attachments before it are untouched),
//    returns the number of attachments it appended, which are the binary
//    values of the data in depth-first order; parse() reads the frame with
//    that count (BINARY_EVENT/BINARY_ACK when it is not 0);
//  - decoding the frames with a strict decoder gives back the packet
//    (BINARY_EVENT/BINARY_ACK as EVENT/ACK), and so does the reference
//    dialect; re-encoding that packet writes the same frames. Known gaps
//    F4-F5 (sio_support.hpp) are named where they apply.
#include "sio_support.hpp"

#include <sioc/sio.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace {

using namespace sioc_fuzz;  // NOLINT: a target's own file
using sioc::dialect;

constexpr std::size_t kMaxDepth = 24;
constexpr std::size_t kMaxValues = 4096;

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kEdgeDoubles[] = {
    0.0, -0.0, 1.0, -1.0, 0.5, 0.1, 1.0 / 3, 123.456, 1e-7, 1.5e-7, 1e-6, 1e20, 1e21, 1.5e21, 1e22, 1e300,
    9007199254740991.0, 9007199254740992.0, 9007199254740994.0, 9223372036854775808.0, -9223372036854775808.0,
    -9223372036854774784.0, 18446744073709551616.0, 18446744073709549568.0, 4294967296.0, -4294967297.0,
    std::numeric_limits<double>::max(), std::numeric_limits<double>::lowest(), std::numeric_limits<double>::min(),
    std::numeric_limits<double>::denorm_min(), std::numeric_limits<double>::epsilon(), kInf, -kInf,
    std::numeric_limits<double>::quiet_NaN(), 5e-324, 2.2250738585072009e-308, 0.000001, 1e-5, 12345678901234567890.0,
    -1e20, 99999999999999990000.0, 1e16, 123456789012345680.0};

constexpr const char* kWords[] = {
    "",          "a",           "_placeholder", "num",         "connect",       "connect_error", "disconnect",
    "disconnecting", "newListener", "removeListener", "error",   "message",       "event",         "/",
    "/admin",    "?",           ",",            "\xe2\x80\xa8", "\xc3\xa9",      "\xf0\x9f\x98\x80", "\x7f",
    "\x1e",      "\"",          "\\",           "\x01",        "\xed\xa0\x80",  "\xff",          "\xc0\x80",
    "sid",       "token",       "-",            "0",           "10",            "\xef\xbb\xbf"};

class reader {
 public:
  explicit reader(std::string_view in) : in_(in) {}

  std::uint8_t byte() {
    if (at_ == in_.size()) return 0;
    return static_cast<std::uint8_t>(in_[at_++]);
  }
  std::uint64_t varint() {
    std::uint64_t v = 0;
    for (unsigned shift = 0; shift < 64; shift += 7) {
      const std::uint8_t b = byte();
      v |= static_cast<std::uint64_t>(b & 0x7f) << shift;
      if ((b & 0x80) == 0) break;
    }
    return v;
  }
  std::string string() {
    std::string s;
    while (at_ < in_.size()) {
      const char c = in_[at_++];
      if (c == '\\' && at_ < in_.size()) {
        const char next = in_[at_++];
        if (next != '\\') break;
      }
      s.push_back(c);
    }
    return s;
  }
  double float64() {
    std::uint64_t bits = 0;
    for (unsigned i = 0; i < 8; ++i) bits |= static_cast<std::uint64_t>(byte()) << (8 * i);
    double d;
    std::memcpy(&d, &bits, sizeof d);
    return d;
  }

 private:
  std::string_view in_;
  std::size_t at_ = 0;
};

class generator {
 public:
  explicit generator(reader& r) : r_(r) {}

  json value(std::size_t depth) {
    ++values_;
    const unsigned tag = r_.byte() % 16u;
    switch (tag) {
      case 0: return nullptr;
      case 1: return false;
      case 2: return true;
      case 3: return r_.varint();
      case 4: {
        const std::uint64_t v = r_.varint() & 0x7fffffffffffffffULL;
        return -1 - static_cast<std::int64_t>(v);
      }
      case 5: return r_.float64();
      case 6: return kEdgeDoubles[r_.byte() % std::size(kEdgeDoubles)];
      case 7: return r_.string();
      case 8: {
        const std::string bytes = r_.string();
        return json::binary(std::vector<std::uint8_t>(bytes.begin(), bytes.end()));
      }
      case 9: {
        const std::size_t n = r_.byte();
        if (depth >= kMaxDepth) return nullptr;
        json a = json::array();
        for (std::size_t i = 0; i < n && values_ < kMaxValues; ++i) a.push_back(value(depth + 1));
        return a;
      }
      case 10: {
        const std::size_t n = r_.byte();
        if (depth >= kMaxDepth) return nullptr;
        json o = json::object();
        for (std::size_t i = 0; i < n && values_ < kMaxValues; ++i) {
          std::string key = r_.string();
          o[std::move(key)] = value(depth + 1);
        }
        return o;
      }
      case 11: return static_cast<std::uint64_t>(r_.byte());
      case 12: return kWords[r_.byte() % std::size(kWords)];
      case 13: return json{{"_placeholder", true}, {"num", static_cast<std::uint64_t>(r_.byte())}};
      default: return nullptr;
    }
  }

 private:
  reader& r_;
  std::size_t values_ = 0;
};

// ---- The contract of encode(), restated from sio.hpp -----------------------

// Well-formed UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF.
bool utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t n;
    unsigned lo = 0x80, hi = 0xBF;
    if (c < 0x80) {
      ++i;
      continue;
    } else if (c >= 0xC2 && c <= 0xDF) {
      n = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
      n = 2;
      if (c == 0xE0) lo = 0xA0;
      if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      n = 3;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;
    } else {
      return false;
    }
    if (i + n >= s.size()) return false;  // the sequence is cut short
    for (std::size_t k = 1; k <= n; ++k) {
      const auto b = static_cast<unsigned char>(s[i + k]);
      if (b < (k == 1 ? lo : 0x80) || b > (k == 1 ? hi : 0xBF)) return false;
    }
    i += n + 1;
  }
  return true;
}

bool is_event(sio::packet_type t) { return t == sio::packet_type::event || t == sio::packet_type::binary_event; }
bool is_ack(sio::packet_type t) { return t == sio::packet_type::ack || t == sio::packet_type::binary_ack; }

bool reserved(const std::string& name) {
  for (const char* r : {"connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener"}) {
    if (name == r) return true;
  }
  return false;
}

// Whether encode() must accept p: nullptr, or the rule it breaks.
const char* broken_rule(const sio::packet& p, sio::protocol version) {
  const auto type = static_cast<unsigned>(p.type);
  if (type > 6) return "not one of the seven types";
  const bool v4 = version == sio::protocol::v4;
  if (p.nsp.empty() || p.nsp[0] != '/') return "namespace without its '/'";
  if (p.nsp.find(',') != std::string::npos) return "',' in the namespace";
  if (!utf8(p.nsp)) return "namespace not UTF-8";
  if (!p.query.empty()) {
    if (!v4 || p.type != sio::packet_type::connect) return "a query outside a v4 CONNECT";
    if (p.query.find(',') != std::string::npos) return "',' in the query";
    if (!utf8(p.query)) return "query not UTF-8";
  }
  // "/admin?" with no query is what "0/admin?," decodes to; any other '?' starts the query.
  if (v4 && p.type == sio::packet_type::connect && p.nsp.find('?') != std::string::npos &&
      !(p.query.empty() && p.nsp.find('?') == p.nsp.size() - 1)) {
    return "'?' in a v4 CONNECT namespace";
  }
  if (p.id && !is_event(p.type) && !is_ack(p.type)) return "an ack id on a type that has none";
  if (p.id && *p.id > sio::max_safe_ack_id) return "an ack id above 2^53 - 1";
  const json* d = p.data ? &*p.data : nullptr;
  switch (p.type) {
    case sio::packet_type::connect:
      if (d && v4) return "a v4 CONNECT with data";
      if (d && !d->is_object()) return "CONNECT data that is not an object";
      break;
    case sio::packet_type::disconnect:
      if (d) return "DISCONNECT with data";
      break;
    case sio::packet_type::connect_error:
      if (!d || !(d->is_string() || d->is_object())) return "CONNECT_ERROR without a string or an object";
      break;
    case sio::packet_type::event:
    case sio::packet_type::binary_event:
      if (!d || !d->is_array() || d->empty()) return "EVENT without a name";
      if (!(*d)[0].is_string() && !(*d)[0].is_number()) return "EVENT without a name";
      if (!v4 && (*d)[0].is_string() && reserved((*d)[0].get<std::string>())) return "a reserved event name";
      break;
    default:  // ACK, BINARY_ACK
      if (!p.id) return "ACK without an id";
      if (!d || !d->is_array()) return "ACK without an array";
      break;
  }
  if (!d) return nullptr;
  const char* broken = nullptr;
  std::size_t binaries = 0;
  bool lookalike = false;
  for_each_value(*d, [&](const json& v) {
    if (v.is_object() && v.contains("_placeholder") && v["_placeholder"] == true) lookalike = true;
    if (v.is_binary()) ++binaries;
    if (v.is_number_float() && !std::isfinite(v.get<double>())) broken = "a non-finite number";
    if (v.is_string() && !utf8(v.get_ref<const std::string&>())) broken = "a string that is not UTF-8";
    if (v.is_object()) {
      for (const auto& member : v.items()) {
        if (!utf8(member.key())) broken = "a key that is not UTF-8";
      }
    }
  });
  if (broken) return broken;
  if (binaries > 0 && !is_event(p.type) && !is_ack(p.type)) return "binary data outside EVENT and ACK";
  if (binaries == 0 && (p.type == sio::packet_type::binary_event || p.type == sio::packet_type::binary_ack)) {
    return "BINARY_EVENT/BINARY_ACK without binary data";
  }
  if (binaries > 0 && lookalike) return "a placeholder look-alike beside binary data";
  return nullptr;
}

std::vector<std::string> binary_values_in_order(const json& j) {
  std::vector<std::string> out;
  for_each_value(j, [&out](const json& v) {
    if (!v.is_binary()) return;
    const json::binary_t& b = v.get_binary();
    out.emplace_back(b.begin(), b.end());
  });
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input = as_view(data, size);
  reader r(input);
  const std::uint8_t flags = r.byte();
  sio::packet p;
  p.type = static_cast<sio::packet_type>(flags & 7);
  const sio::protocol version = (flags & 8) ? sio::protocol::v4 : sio::protocol::v5;
  if (flags & 16) p.nsp = r.string();
  if (flags & 32) p.query = r.string();
  if (flags & 64) p.id = r.varint();
  if (flags & 128) {
    generator g(r);
    p.data = g.value(0);
  }
  const std::string packet = describe(p);
  const char* rule = broken_rule(p, version);

  // What the caller had in its buffers before.
  const std::string prefix = "42[\"earlier\"]";
  std::string text = prefix;
  std::vector<std::string_view> views = {"earlier attachment"};
  sio::encode_options eo;
  eo.version = version;
  const auto written = sio::encode(p, text, views, eo);
  if (!written) {
    const sioc::error& e = written.error_info();
    require(e.code == sioc::errc::invalid_packet && e.offset == 0 && *e.message != '\0',
            "encode failed with something other than invalid_packet at 0",
            {{"input", input}, {"packet", packet}, {"error", describe(e)}});
    require(text == prefix && views.size() == 1 && views[0] == "earlier attachment",
            "a failed encode changed the caller's buffers", {{"input", input}, {"packet", packet}, {"text", text}});
    require(rule != nullptr, "encode refused a packet its contract allows",
            {{"input", input}, {"packet", packet}, {"error", describe(e)}});
    return 0;
  }
  require(rule == nullptr, "encode wrote a packet its contract refuses",
          {{"input", input}, {"packet", packet}, {"rule", rule ? rule : ""}, {"text", text}});
  require(text.compare(0, prefix.size(), prefix) == 0 && views[0] == "earlier attachment",
          "encode changed what was in the caller's buffers", {{"input", input}, {"text", text}});
  require(*written == views.size() - 1, "encode miscounted its attachments", {{"input", input}, {"text", text}});

  frames f;
  f.text = text.substr(prefix.size());
  for (std::size_t i = 1; i < views.size(); ++i) f.attachments.emplace_back(views[i]);
  const std::vector<std::string> want = p.data ? binary_values_in_order(*p.data) : std::vector<std::string>();
  require(f.attachments == want, "the attachments are not the binary values in depth-first order",
          {{"input", input}, {"packet", packet}, {"encoded", describe(f)}});

  // The frame's header, as the fast path reads it.
  sio::parser parser(unlimited(version, dialect::strict));
  const auto view = parser.parse(f.text);
  if (!view) {
    fail("parse() refuses what encode wrote",
         {{"input", input}, {"packet", packet}, {"encoded", describe(f)}, {"error", describe(view.error_info())}});
  }
  const bool binary = !f.attachments.empty();
  sio::packet_type type = p.type;
  if (binary && is_event(type)) type = sio::packet_type::binary_event;
  if (binary && is_ack(type)) type = sio::packet_type::binary_ack;
  require(view->type == type && view->attachments == f.attachments.size(),
          "the frame's type or attachment count is not what encode returned",
          {{"input", input}, {"packet", packet}, {"encoded", describe(f)}});

  const sio::packet expected = as_delivered(p);
  for (const dialect mode : {dialect::strict, dialect::reference}) {
    const decoded back = decode(f, unlimited(version, mode));
    // The reference dialect keeps the binary type under v4, as 3.4.3 does.
    sio::packet delivered = expected;
    if (mode == dialect::reference && version == sio::protocol::v4) delivered.type = type;
    if (back.packet && back.extra == 0 && *back.packet == delivered) continue;
    fail(mode == dialect::strict ? "strict: decode(encode(packet)) != packet"
                                 : "reference: decode(encode(packet)) != packet",
         {{"input", input}, {"packet", packet}, {"encoded", describe(f)}, {"decoded", describe(back)}});
  }
  check_round_trip(expected, version, true, input);
  return 0;
}
