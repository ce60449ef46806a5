// Fuzzes sio::parser::parse (the fast path: validation and views) against
// sio::parser::decode (the full decode) on one text frame, the input, under
// both protocol versions, both dialects, and the default and small limits.
//
// Properties:
//  - parse() and decode() give the same verdict, the same error (code,
//    offset, message), and the same fields: type, namespace, query, ack id
//    and whether there is data; a parser used for both (parse, decode, parse
//    again) says the same as a fresh one for each;
//  - the views lie inside the frame (nsp may be the literal "/"), data is the
//    rest of the frame after the header, and in strict the ack id's digits
//    come right before it;
//  - the raw `data` view is JSON that nlohmann::json::parse reads to the
//    decoded data (placeholders stay as they are in both); for an EVENT,
//    `event` parses to data[0] (event_name() is its string), and `args`
//    inside brackets to data[1..];
//  - attachments: 0 for plain types; for binary types the declared count,
//    within max_attachments (v5 from 1; v4 from 0, or `endless` in the
//    reference dialect only), and a decoder fed the frame waits for exactly
//    that many (or delivers at once for 0); in strict, every object of the
//    data claiming "_placeholder": true is exactly {"_placeholder":true,
//    "num":N} with N below the count;
//  - the decoder's verdict on the frame is parse()'s;
//  - decode(text, out) into a packet that already holds values (a fixed
//    packet of every kind of value, and the frame's own decode) gives what
//    decode(text) gives, or the same error with `out` left as it was, and
//    returns the declared attachment count;
//  - all of the above holds for a frame of at most 256 bytes followed by 300
//    spaces too, which parse() reads by another way (not the scalar pass);
//  - whatever strict accepts, the reference dialect accepts with the same
//    fields and data (README: the reference dialect adds the reference's
//    quirks; strict accepts the protocol as written).
#include "sio_support.hpp"

#include <sioc/sio.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace {

using namespace sioc_fuzz;  // NOLINT: a target's own file
using sioc::dialect;

sio::decode_options options(sio::protocol version, dialect mode, bool small) {
  sio::decode_options o;
  o.version = version;
  o.mode = mode;
  if (small) {
    o.max_attachments = 3;
    o.max_depth = 4;
    o.max_packet_bytes = 1024;
    o.max_ack_id = 1000;
  }
  return o;
}

// What parse() returned, owned, so that it can be compared after the parser
// is used again.
struct view_fields {
  sioc::error err{};
  sio::packet_type type = sio::packet_type::event;
  std::size_t attachments = 0;
  std::string nsp, query;
  std::optional<std::uint64_t> id;
  std::string data, event, args, event_name;

  bool operator==(const view_fields& o) const {
    return err.code == o.err.code && err.offset == o.err.offset && std::strcmp(err.message, o.err.message) == 0 &&
           type == o.type && attachments == o.attachments && nsp == o.nsp && query == o.query && id == o.id &&
           data == o.data && event == o.event && args == o.args && event_name == o.event_name;
  }
};

std::string describe(const view_fields& v) {
  if (v.err.code != sioc::errc::ok) return "error " + sioc_fuzz::describe(v.err) + "\n";
  std::string s = sio::to_string(v.type);
  s += " attachments=" + std::to_string(v.attachments) + " nsp=" + v.nsp + " query=" + v.query;
  if (v.id) s += " id=" + std::to_string(*v.id);
  s += " data=" + v.data + " event=" + v.event + " args=" + v.args + "\n";
  return s;
}

bool inside(std::string_view part, std::string_view whole) {
  if (part.empty()) return true;
  return part.data() >= whole.data() && part.data() + part.size() <= whole.data() + whole.size();
}

view_fields parse(sio::parser& parser, std::string_view text) {
  view_fields f;
  const auto r = parser.parse(text);
  if (!r) {
    f.err = r.error_info();
    require_well_formed(f.err, text.size(), text);
    return f;
  }
  const sio::packet_view& v = *r;
  require((v.nsp == "/" || inside(v.nsp, text)) && inside(v.query, text) && inside(v.data, text) &&
              inside(v.event, text) && inside(v.args, text),
          "a view points outside the frame", {{"frame", text}});
  require(v.data.empty() || v.data.data() + v.data.size() == text.data() + text.size(),
          "data is not the rest of the frame", {{"frame", text}, {"data", v.data}});
  f.type = v.type;
  f.attachments = v.attachments;
  f.nsp = std::string(v.nsp);
  f.query = std::string(v.query);
  f.id = v.id;
  f.data = std::string(v.data);
  f.event = std::string(v.event);
  f.args = std::string(v.args);
  f.event_name = v.event_name();
  if (parser.options().mode == dialect::strict && v.id && !v.data.empty()) {
    const std::string digits = std::to_string(*v.id);
    const std::size_t at = static_cast<std::size_t>(v.data.data() - text.data());
    require(at >= digits.size() && text.substr(at - digits.size(), digits.size()) == digits,
            "strict: the ack id's digits do not come right before the data", {{"frame", text}});
  }
  return f;
}

// The full decode, and what the other checks need of one configuration.
struct outcome {
  view_fields view;
  std::optional<sio::packet> packet;
};

// Whether nlohmann's parser refuses `data` for what only JSON.parse reads (a
// number beyond the double range, a lone surrogate escape), which the
// reference dialect accepts as JSON.parse does.
bool only_javascript_reads(std::string_view data) {
  try {
    return json::parse(data).is_discarded();  // false: parse() throws rather than discard
  } catch (const json::out_of_range& e) {
    return e.id == 406;  // number overflow
  } catch (const json::parse_error& e) {
    return std::string_view(e.what()).find("surrogate") != std::string_view::npos;
  }
}

void check_data(const view_fields& v, const sio::packet& p, std::string_view text, const sio::decode_options& opts) {
  require(p.data.has_value() == !v.data.empty(), "parse() and decode() disagree on whether there is data",
          {{"frame", text}});
  if (!p.data) {
    require(v.event.empty() && v.args.empty(), "event or args without data", {{"frame", text}});
    return;
  }
  const json& data = *p.data;
  const json raw = json::parse(v.data, nullptr, false);
  if (raw.is_discarded()) {
    require(opts.mode == dialect::reference && only_javascript_reads(v.data),
            "nlohmann::json refuses the data view of an accepted frame", {{"frame", text}, {"data", v.data}});
    return;
  }
  require(raw == data, "the data view does not parse to the decoded data",
          {{"frame", text}, {"view parsed", dump(raw)}, {"decoded", dump(data)}});

  const bool event = v.type == sio::packet_type::event || v.type == sio::packet_type::binary_event;
  if (!event) {
    require(v.event.empty() && v.args.empty(), "event or args outside an EVENT", {{"frame", text}});
    return;
  }
  require(data.is_array() && !data.empty(), "an EVENT was accepted without an event name", {{"frame", text}});
  const json name = json::parse(v.event, nullptr, false);
  require(!name.is_discarded() && name == data[0], "the event view does not parse to data[0]",
          {{"frame", text}, {"event", v.event}, {"data[0]", dump(data[0])}});
  require(v.event_name == (data[0].is_string() ? data[0].get<std::string>() : std::string()),
          "event_name() is not the event name", {{"frame", text}, {"event_name", v.event_name}});
  json rest = json::array();
  for (std::size_t i = 1; i < data.size(); ++i) rest.push_back(data[i]);
  if (rest.empty()) {
    require(v.args.empty(), "args without arguments", {{"frame", text}, {"args", v.args}});
  } else {
    const json args = json::parse("[" + v.args + "]", nullptr, false);
    require(!args.is_discarded() && args == rest, "the args view does not parse to data[1..]",
            {{"frame", text}, {"args", v.args}, {"data[1..]", dump(rest)}});
  }
}

bool is_binary(sio::packet_type t) {
  return t == sio::packet_type::binary_event || t == sio::packet_type::binary_ack;
}

void check_attachments(const view_fields& v, const sio::packet& p, const sio::decode_options& opts,
                       std::string_view text) {
  const std::string count = std::to_string(v.attachments);
  if (!is_binary(v.type)) {
    require(v.attachments == 0, "a plain packet declares attachments", {{"frame", text}, {"count", count}});
    return;
  }
  const bool reference = opts.mode == dialect::reference;
  const bool v4 = opts.version == sio::protocol::v4;
  if (v.attachments == sio::packet_view::endless) {
    require(reference && v4, "an endless count outside the reference v4 dialect", {{"frame", text}});
    return;
  }
  require(v.attachments <= opts.max_attachments && (v4 || v.attachments >= 1),
          "a declared count outside [v5 ? 1 : 0, max_attachments]", {{"frame", text}, {"count", count}});
  if (reference || !p.data) return;
  // Strict: placeholders are exact and numbered below the count.
  for_each_value(*p.data, [&](const json& o) {
    if (!o.is_object()) return;
    const auto flag = o.find("_placeholder");
    if (flag == o.end() || !flag->is_boolean() || !flag->get<bool>()) return;
    const auto num = o.find("num");
    require(o.size() == 2 && num != o.end() && num->is_number_unsigned() &&
                num->get<std::uint64_t>() < v.attachments,
            "strict accepted a placeholder that is not {\"_placeholder\":true,\"num\":N<count}",
            {{"frame", text}, {"placeholder", dump(o)}, {"count", count}});
  });
}

// A decoder fed the frame decides as parse() did, and waits for the count.
void check_decoder(const view_fields& v, const sio::decode_options& opts, std::string_view text) {
  sio::decoder d(opts);
  const auto r = d.feed(text, false);
  if (v.err.code == sioc::errc::unknown_packet_type && opts.mode == dialect::reference &&
      opts.version == sio::protocol::v4) {
    // As 3.4.3: an ERROR packet without a namespace, and the decoder goes on.
    require(r && *r && (*r)->type == sio::packet_type::connect_error && (*r)->nsp.empty() &&
                d.current_state() == sio::decoder::state::idle,
            "reference v4: an unknown type did not give the parser error packet", {{"frame", text}});
    return;
  }
  if (v.err.code != sioc::errc::ok) {
    require(!r && r.code() == v.err.code && r.error_info().offset == v.err.offset,
            "the decoder and parse() decide a text frame differently",
            {{"frame", text}, {"parse", describe(v)}, {"decoder", sioc_fuzz::describe(r.error_info())}});
    return;
  }
  require(r.has_value(), "the decoder refuses a frame parse() accepts",
          {{"frame", text}, {"decoder", sioc_fuzz::describe(r.error_info())}});
  if (is_binary(v.type) && v.attachments != 0) {
    require(!*r && d.attachments_pending() == v.attachments, "the decoder does not wait for the declared count",
            {{"frame", text}, {"parse", describe(v)}});
  } else {
    require(r->has_value(), "the decoder does not deliver a packet without attachments at once",
            {{"frame", text}, {"parse", describe(v)}});
  }
}

// A packet holding a bit of every kind of value, to decode into.
const sio::packet& prefilled() {
  static const sio::packet p = [] {
    sio::packet q;
    q.type = sio::packet_type::ack;
    q.nsp = "/a-namespace-longer-than-small-strings";
    q.query = "token=1";
    q.id = 99;
    q.data = sio::json::parse(
        R"({"a":[1,"a string longer than sixteen bytes",{"b":null}],"event":{"x":1.5},"z":[[],{}],"k":true})");
    return q;
  }();
  return p;
}

void check_decode_into(sio::parser& parser, const view_fields& v, const sioc::result<sio::packet>& full,
                       std::string_view text) {
  std::vector<sio::packet> starts{prefilled()};
  if (full) starts.push_back(*full);
  for (sio::packet& out : starts) {
    const sio::packet before = out;
    const auto n = parser.decode(text, out);
    if (!full) {
      require(!n && n.code() == full.code() && n.error_info().offset == full.error_info().offset,
              "decode() into a packet decides differently", {{"frame", text}, {"decode", sioc_fuzz::describe(full.error_info())}});
      require(out == before, "decode() into a packet changed it on error", {{"frame", text}});
      continue;
    }
    require(n.has_value() && *n == v.attachments, "decode() into a packet refuses the frame or miscounts",
            {{"frame", text}, {"parse", describe(v)}});
    require(out == *full, "decode() into a used packet differs from a fresh decode",
            {{"frame", text}, {"into", sioc_fuzz::describe(out)}, {"fresh", sioc_fuzz::describe(*full)}});
  }
}

outcome check(sio::protocol version, dialect mode, bool small, std::string_view text) {
  const sio::decode_options opts = options(version, mode, small);
  outcome out;
  sio::parser reused(opts);
  out.view = parse(reused, text);
  const auto full = reused.decode(text);
  const view_fields again = parse(reused, text);
  require(again == out.view, "parse() of a frame changed after the parser was used",
          {{"frame", text}, {"first", describe(out.view)}, {"then", describe(again)}});
  sio::parser fresh(opts);
  const auto full_fresh = fresh.decode(text);
  check_decoder(out.view, opts, text);
  check_decode_into(reused, out.view, full_fresh, text);

  const view_fields& v = out.view;
  if (v.err.code != sioc::errc::ok) {
    for (const auto* r : {&full, &full_fresh}) {
      require(!*r && r->code() == v.err.code && r->error_info().offset == v.err.offset &&
                  std::strcmp(r->error_info().message, v.err.message) == 0,
              "parse() and decode() decide differently",
              {{"frame", text}, {"parse", describe(v)}, {"decode", sioc_fuzz::describe(r->error_info())}});
    }
    return out;
  }
  for (const auto* r : {&full, &full_fresh}) {
    require(r->has_value(), "decode() refuses a frame parse() accepts",
            {{"frame", text}, {"parse", describe(v)}, {"decode", sioc_fuzz::describe(r->error_info())}});
  }
  const sio::packet& p = *full;
  require(*full_fresh == p, "decode() with a used parser differs from a fresh one",
          {{"frame", text}, {"used", sioc_fuzz::describe(p)}, {"fresh", sioc_fuzz::describe(*full_fresh)}});
  require(p.type == v.type && p.nsp == v.nsp && p.query == v.query && p.id == v.id,
          "parse() and decode() disagree on the header",
          {{"frame", text}, {"parse", describe(v)}, {"decode", sioc_fuzz::describe(p)}});
  check_data(v, p, text, opts);
  check_attachments(v, p, opts, text);
  out.packet = p;
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = as_view(data, size);
  for (const sio::protocol version : {sio::protocol::v5, sio::protocol::v4}) {
    for (const bool small : {false, true}) {
      const outcome strict = check(version, dialect::strict, small, text);
      const outcome reference = check(version, dialect::reference, small, text);
      if (strict.view.err.code != sioc::errc::ok) continue;
      require(reference.view == strict.view && reference.packet == strict.packet,
              "the reference dialect decides a frame strict accepts differently",
              {{"frame", text}, {"strict", describe(strict.view)}, {"reference", describe(reference.view)}});
    }
  }
  if (size <= 256) {
    // Past 256 bytes parse() walks simdjson's structural index instead of its
    // scalar pass: the frame is checked again there, with trailing spaces.
    std::string padded(text);
    padded.append(300, ' ');
    for (const sio::protocol version : {sio::protocol::v5, sio::protocol::v4}) {
      for (const bool small : {false, true}) {
        for (const dialect mode : {dialect::strict, dialect::reference}) check(version, mode, small, padded);
      }
    }
  }
  return 0;
}
