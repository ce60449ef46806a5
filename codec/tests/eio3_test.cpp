// Engine.IO v3: packets, text payloads and XHR2 binary payloads.
//
// Expected values come from the reference, engine.io-parser 2.2.1, run in
// vectors/ as
//   node -e "const p=require('eio3'); const o=[]; p.decodePayload(IN, x=>{o.push(x)}); console.log(o)"
// (or p.decodePacket(IN), p.encodePayload(LIST, console.log), ...); each such
// test quotes the call and what it printed, "ERR" standing for the reference's
// {type:'error', data:'parser error'}. A text body holding raw bytes is given
// to the reference as Buffer.from([...]).toString(), which is what its server
// does to a polling body. Error codes, offsets, limits and the strict dialect
// are ours, derived from the protocol by hand: the reference has one error and
// no offset.
#include <sioc/eio.hpp>

#include <gtest/gtest.h>

#include <initializer_list>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sioc::eio {
// Readable failure output for packets.
void PrintTo(const packet& p, std::ostream* os) {
  *os << to_string(p.type) << (p.binary ? " bytes" : " text") << " \"";
  for (const char c : p.data) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x20 && u < 0x7F) {
      *os << c;
    } else {
      const char* hex = "0123456789abcdef";
      *os << "\\x" << hex[u >> 4] << hex[u & 15];
    }
  }
  *os << '"';
}
}  // namespace sioc::eio

namespace {

using namespace std::literals;
using sioc::dialect;
using sioc::errc;
using sioc::eio::decode_options;
using sioc::eio::frame_kind;
using sioc::eio::packet;
using sioc::eio::packet_type;
using sioc::eio::payload;
namespace v3 = sioc::eio::v3;

decode_options strict() { return {}; }
decode_options reference() {
  decode_options o;
  o.mode = dialect::reference;
  return o;
}
const dialect kBoth[] = {dialect::strict, dialect::reference};
decode_options in(dialect d) { return d == dialect::strict ? strict() : reference(); }

std::string bytes(std::initializer_list<int> list) {
  std::string s;
  for (const int b : list) s.push_back(static_cast<char>(b));
  return s;
}

packet text(packet_type t, std::string_view data = {}) { return packet::text(t, data); }
// Packets view their data: give these string literals ("..."sv) or buffers
// that outlive them.
packet bin(packet_type t, std::string_view data) { return packet::bytes(data, t); }

template <class T>
void expect_error(const sioc::result<T>& r, errc code, std::size_t offset) {
  ASSERT_FALSE(r.has_value()) << "expected " << sioc::to_string(code) << " at byte " << offset;
  EXPECT_EQ(sioc::to_string(r.code()), std::string(sioc::to_string(code))) << r.error_info().describe();
  EXPECT_EQ(r.error_info().offset, offset) << r.error_info().describe();
  EXPECT_NE(std::string(r.error_info().message), "");
}

std::vector<packet> text_payload(std::string_view body, const decode_options& opts, payload& out) {
  const auto r = v3::decode_text_payload(body, out, opts);
  EXPECT_TRUE(r.has_value()) << r.error_info().describe();
  if (r) {
    EXPECT_EQ(*r, out.size());
  }
  return out.packets();
}
std::vector<packet> binary_payload(std::string_view body, const decode_options& opts, payload& out) {
  const auto r = v3::decode_binary_payload(body, out, opts);
  EXPECT_TRUE(r.has_value()) << r.error_info().describe();
  if (r) {
    EXPECT_EQ(*r, out.size());
  }
  return out.packets();
}

std::string encode_text(const std::vector<packet>& packets) {
  std::string out = "prefix-";  // encoders append
  v3::encode_text_payload(packets.data(), packets.size(), out);
  return out.substr(7);
}
std::string encode_binary(const std::vector<packet>& packets) {
  std::string out = "prefix-";
  v3::encode_binary_payload(packets.data(), packets.size(), out);
  return out.substr(7);
}

// ---------------------------------------------------------------------------
// Packets (WebSocket frames)
// ---------------------------------------------------------------------------

TEST(Packet, DecodesEveryTypeDigit) {
  // decodePacket("2probe") -> { type: 'ping', data: 'probe' }; "6" -> { type: 'noop' }
  const std::pair<const char*, packet> cases[] = {
      {"0{\"sid\":\"abc\"}", text(packet_type::open, "{\"sid\":\"abc\"}")},
      {"1", text(packet_type::close)},
      {"2probe", text(packet_type::ping, "probe")},
      {"3probe", text(packet_type::pong, "probe")},
      {"4hello", text(packet_type::message, "hello")},
      {"5", text(packet_type::upgrade)},
      {"6", text(packet_type::noop)},
  };
  for (const dialect d : kBoth) {
    for (const auto& [frame, want] : cases) {
      std::string storage;
      const auto r = v3::decode_packet(frame, storage, in(d));
      ASSERT_TRUE(r.has_value()) << frame << ": " << r.error_info().describe();
      EXPECT_EQ(*r, want) << frame;
    }
  }
}

TEST(Packet, EncodesTextAsDigitThenData) {
  // encodePacket({type:'message', data:'h€'}, true, console.log) -> "4h€"
  // encodePacket({type:'noop'}, true, console.log) -> "6"
  const std::pair<packet, const char*> cases[] = {
      {text(packet_type::open, "{}"), "0{}"}, {text(packet_type::close), "1"},
      {text(packet_type::ping, "probe"), "2probe"}, {text(packet_type::pong), "3"},
      {text(packet_type::message, "h\xE2\x82\xAC"), "4h\xE2\x82\xAC"}, {text(packet_type::upgrade), "5"},
      {text(packet_type::noop), "6"},
  };
  for (const auto& [p, want] : cases) {
    std::string out = ">";
    EXPECT_EQ(v3::encode_packet(p, out), frame_kind::text);
    EXPECT_EQ(out, std::string(">") + want);
  }
}

TEST(Packet, BinaryFrameIsTypeByteThenData) {
  // decodePacket(Buffer.from([4,1,2])) -> message <01 02>; [2] -> ping <>; [0] -> open <>
  for (const dialect d : kBoth) {
    const std::string frame = bytes({4, 1, 2});
    const auto r = v3::decode_binary_packet(frame, in(d));
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(*r, bin(packet_type::message, "\x01\x02"sv));
    EXPECT_EQ(r->data.data(), frame.data() + 1);  // a view, not a copy
    EXPECT_EQ(*v3::decode_binary_packet(bytes({2}), in(d)), bin(packet_type::ping, ""));
    EXPECT_EQ(*v3::decode_binary_packet(bytes({0}), in(d)), bin(packet_type::open, ""));
  }
}

TEST(Packet, EncodesBinaryAsTypeByteThenData) {
  // encodePacket({type:'message', data:Buffer.from([1,2])}, true, console.log) -> <04 01 02>
  // encodePacket({type:'ping', data:Buffer.from([1,2])}, true, console.log) -> <02 01 02>
  std::string out;
  EXPECT_EQ(v3::encode_packet(bin(packet_type::message, "\x01\x02"sv), out), frame_kind::binary);
  EXPECT_EQ(out, bytes({4, 1, 2}));
  out.clear();
  EXPECT_EQ(v3::encode_packet(bin(packet_type::ping, "\x01\x02"sv), out), frame_kind::binary);
  EXPECT_EQ(out, bytes({2, 1, 2}));
}

TEST(Packet, EmptyFrameIsEmptyPacket) {
  // decodePacket("") -> ERR. decodePacket(Buffer.from([])) -> { type: undefined }:
  // a packet with no type, which has no packet_type, so both dialects reject it.
  for (const dialect d : kBoth) {
    std::string storage;
    expect_error(v3::decode_packet("", storage, in(d)), errc::empty_packet, 0);
    expect_error(v3::decode_binary_packet("", in(d)), errc::empty_packet, 0);
  }
}

TEST(Packet, TypeOutsideZeroToSixIsUnknown) {
  // decodePacket("7") -> ERR; decodePacket(Buffer.from([7,1])) -> { type: undefined, data: <01> }
  for (const dialect d : kBoth) {
    for (const char* frame : {"7", "a", " 4", "-1", "\xD9\xA3"}) {
      std::string storage;
      expect_error(v3::decode_packet(frame, storage, in(d)), errc::unknown_packet_type, 0);
    }
    expect_error(v3::decode_binary_packet(bytes({7, 1}), in(d)), errc::unknown_packet_type, 0);
    expect_error(v3::decode_binary_packet(bytes({0xFF}), in(d)), errc::unknown_packet_type, 0);
  }
}

TEST(Packet, Base64FrameCarriesBinaryOfAnyType) {
  // decodePacket("b4AQID") -> message <01 02 03>; v3 writes 'b' + any type digit.
  for (const dialect d : kBoth) {
    std::string storage = "old contents";
    const auto r = v3::decode_packet("b4AQID", storage, in(d));
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(*r, bin(packet_type::message, "\x01\x02\x03"sv));
    EXPECT_EQ(r->data.data(), storage.data());
    EXPECT_EQ(storage, bytes({1, 2, 3}));
    EXPECT_EQ(*v3::decode_packet("b2/w==", storage, in(d)), bin(packet_type::ping, "\xFF"sv));
  }
}

TEST(Packet, Base64FrameNeedsTypeDigit) {
  // decodePacket("b") -> { data: <> } and decodePacket("b9AQ") -> { data: <01> }:
  // no type, which both dialects reject.
  for (const dialect d : kBoth) {
    std::string storage;
    expect_error(v3::decode_packet("b", storage, in(d)), errc::empty_packet, 1);
    expect_error(v3::decode_packet("b9AQ", storage, in(d)), errc::unknown_packet_type, 1);
  }
}

TEST(Packet, StrictBase64IsCanonicalReferenceIsNodes) {
  // decodePacket("b4AQ").data -> <01>; decodePacket("b4A-_w").data -> <03 ef f0>
  std::string storage;
  expect_error(v3::decode_packet("b4AQ", storage, strict()), errc::invalid_base64, 4);
  expect_error(v3::decode_packet("b4A-_w", storage, strict()), errc::invalid_base64, 3);
  EXPECT_EQ(*v3::decode_packet("b4AQ", storage, reference()), bin(packet_type::message, "\x01"sv));
  EXPECT_EQ(*v3::decode_packet("b4A-_w", storage, reference()), bin(packet_type::message, "\x03\xEF\xF0"sv));
}

TEST(Packet, InvalidUtf8IsRejectedByStrictOnly) {
  // The reference parser takes any JavaScript string; a WebSocket library
  // refuses such a frame before it gets there.
  const std::string frame = "4ok\xFF";
  std::string storage;
  expect_error(v3::decode_packet(frame, storage, strict()), errc::invalid_utf8, 3);
  EXPECT_EQ(*v3::decode_packet(frame, storage, reference()), text(packet_type::message, "ok\xFF"));
}

TEST(Packet, EncodedSurrogateIsInvalidUtf8InStrict) {
  // A lone surrogate (U+D800) written as UTF-8 bytes is ill-formed UTF-8.
  const std::string frame = "4\xED\xA0\x80";
  std::string storage;
  expect_error(v3::decode_packet(frame, storage, strict()), errc::invalid_utf8, 1);
  EXPECT_EQ(*v3::decode_packet(frame, storage, reference()), text(packet_type::message, "\xED\xA0\x80"));
}

TEST(Packet, FrameLargerThanLimitIsRejected) {
  decode_options opts;
  opts.max_payload_bytes = 4;
  std::string storage;
  EXPECT_TRUE(v3::decode_packet("4hel", storage, opts).has_value());
  expect_error(v3::decode_packet("4hell", storage, opts), errc::payload_too_large, 4);
  EXPECT_TRUE(v3::decode_binary_packet(bytes({4, 1, 2, 3}), opts).has_value());
  expect_error(v3::decode_binary_packet(bytes({4, 1, 2, 3, 4}), opts), errc::payload_too_large, 4);
}

// ---------------------------------------------------------------------------
// Text payloads (polling): <length>:<packet>...
// ---------------------------------------------------------------------------

// encodePayload([{type:'open',data:'{}'},{type:'close'},{type:'ping',data:'probe'},{type:'pong'},
//   {type:'message',data:'h€llo 😀'},{type:'upgrade'},{type:'noop'}], console.log)
const char kEveryTypeText[] = "3:0{}1:16:2probe1:39:4h\xE2\x82\xACllo \xF0\x9F\x98\x80" "1:51:6";
const std::vector<packet> kEveryType = {
    text(packet_type::open, "{}"), text(packet_type::close),   text(packet_type::ping, "probe"),
    text(packet_type::pong),       text(packet_type::message, "h\xE2\x82\xACllo \xF0\x9F\x98\x80"),
    text(packet_type::upgrade),    text(packet_type::noop),
};

TEST(TextPayload, DecodesEveryPacketType) {
  for (const dialect d : kBoth) {
    payload out;
    EXPECT_EQ(text_payload(kEveryTypeText, in(d), out), kEveryType);
  }
}

TEST(TextPayload, EncodesEveryPacketType) { EXPECT_EQ(encode_text(kEveryType), kEveryTypeText); }

TEST(TextPayload, LengthCountsUtf16CodeUnits) {
  // decodePayload("2:4€") -> message '€'; decodePayload("3:4😀") -> message '😀'
  // (€ is 3 bytes, 1 unit; 😀 is 4 bytes, 2 units)
  for (const dialect d : kBoth) {
    payload out;
    EXPECT_EQ(text_payload("2:4\xE2\x82\xAC", in(d), out),
              std::vector<packet>{text(packet_type::message, "\xE2\x82\xAC")});
    EXPECT_EQ(text_payload("3:4\xF0\x9F\x98\x80" "1:6", in(d), out),
              (std::vector<packet>{text(packet_type::message, "\xF0\x9F\x98\x80"), text(packet_type::noop)}));
  }
}

TEST(TextPayload, EncoderCountsUtf16CodeUnits) {
  // encodePayload([{type:'message',data:'€'},{type:'message',data:'😀'}], console.log) -> "2:4€3:4😀"
  EXPECT_EQ(encode_text({text(packet_type::message, "\xE2\x82\xAC"), text(packet_type::message, "\xF0\x9F\x98\x80")}),
            "2:4\xE2\x82\xAC" "3:4\xF0\x9F\x98\x80");
}

TEST(TextPayload, LengthEndingInsideSurrogatePairIsMismatch) {
  // decodePayload("2:4😀") -> [message '\ud83d', ERR]: the length splits the emoji.
  for (const dialect d : kBoth) {
    payload out;
    expect_error(v3::decode_text_payload("2:4\xF0\x9F\x98\x80", out, in(d)), errc::length_mismatch, 3);
    EXPECT_TRUE(out.packets().empty());
  }
}

TEST(TextPayload, LengthPastTheEndIsTruncated) {
  // decodePayload("5:4hi") -> [ERR]
  for (const dialect d : kBoth) {
    payload out;
    expect_error(v3::decode_text_payload("5:4hi", out, in(d)), errc::truncated, 5);
  }
  // decodePayload(Buffer.from([0x33,0x3a,0x34,0xf0,0x9f,0x98]).toString()) -> [ERR]:
  // a cut-off emoji is one U+FFFD to Node, so the 3 units are not there.
  const std::string cut = "3:4\xF0\x9F\x98";
  payload out;
  expect_error(v3::decode_text_payload(cut, out, reference()), errc::truncated, 6);
  expect_error(v3::decode_text_payload(cut, out, strict()), errc::invalid_utf8, 3);
}

TEST(TextPayload, HugeLengthPrefixIsTruncatedWithoutOverflow) {
  // decodePayload("9".repeat(400) + ":4hi") -> [ERR]
  // decodePayload("18446744073709551617:4") -> [ERR] (2^64 + 1: wrapping would read 1)
  const std::string nines = std::string(400, '9') + ":4hi";
  const std::string wraps = "18446744073709551617:4";
  const std::string tens = "1" + std::string(400, '0') + ":4";
  for (const dialect d : kBoth) {
    payload out;
    expect_error(v3::decode_text_payload(nines, out, in(d)), errc::truncated, nines.size());
    expect_error(v3::decode_text_payload(wraps, out, in(d)), errc::truncated, wraps.size());
    expect_error(v3::decode_text_payload(tens, out, in(d)), errc::truncated, tens.size());
  }
}

TEST(TextPayload, BinaryTravelsAsBase64) {
  // encodePayload([{type:'message',data:Buffer.from([1,2,3])},{type:'ping',data:Buffer.from([255])}],
  //   console.log) -> "6:b4AQID6:b2/w=="
  const std::vector<packet> packets = {bin(packet_type::message, "\x01\x02\x03"sv), bin(packet_type::ping, "\xFF"sv)};
  EXPECT_EQ(encode_text(packets), "6:b4AQID6:b2/w==");
  for (const dialect d : kBoth) {
    payload out;
    EXPECT_EQ(text_payload("6:b4AQID6:b2/w==", in(d), out), packets);
  }
}

TEST(TextPayload, EmptyListIsZeroColon) {
  // encodePayload([], console.log) -> "0:"; decodePayload("0:") -> []
  EXPECT_EQ(encode_text({}), "0:");
  for (const dialect d : kBoth) {
    payload out;
    EXPECT_TRUE(text_payload("0:", in(d), out).empty());
  }
}

TEST(TextPayload, ZeroLengthRecordIsSkippedByReferenceOnly) {
  // decodePayload("1:20:1:3") -> [ping, pong]; decodePayload("0:0:") -> []
  payload out;
  EXPECT_EQ(text_payload("1:20:1:3", reference(), out),
            (std::vector<packet>{text(packet_type::ping), text(packet_type::pong)}));
  EXPECT_TRUE(text_payload("0:0:", reference(), out).empty());
  expect_error(v3::decode_text_payload("1:20:1:3", out, strict()), errc::empty_packet, 5);
  EXPECT_EQ(out.packets(), std::vector<packet>{text(packet_type::ping)});
  expect_error(v3::decode_text_payload("0:0:", out, strict()), errc::empty_packet, 2);
}

TEST(TextPayload, EmptyLengthIsInvalid) {
  // decodePayload(":") -> [ERR]; decodePayload("1:2:") -> [ping, ERR]
  for (const dialect d : kBoth) {
    payload out;
    expect_error(v3::decode_text_payload(":", out, in(d)), errc::invalid_length, 0);
    expect_error(v3::decode_text_payload("1:2:", out, in(d)), errc::invalid_length, 3);
    EXPECT_EQ(out.packets(), std::vector<packet>{text(packet_type::ping)});
  }
}

TEST(TextPayload, EmptyBodyIsTruncated) {
  // decodePayload("") -> [ERR]
  for (const dialect d : kBoth) {
    payload out;
    expect_error(v3::decode_text_payload("", out, in(d)), errc::truncated, 0);
  }
}

TEST(TextPayload, MissingColonIsTruncated) {
  // decodePayload("12") -> [ERR]; decodePayload("1:21") -> [ping, ERR]
  for (const dialect d : kBoth) {
    payload out;
    expect_error(v3::decode_text_payload("12", out, in(d)), errc::truncated, 2);
    expect_error(v3::decode_text_payload("1:21", out, in(d)), errc::truncated, 4);
    EXPECT_EQ(out.packets(), std::vector<packet>{text(packet_type::ping)});
  }
}

TEST(TextPayload, StrictLengthIsCanonicalDecimal) {
  // The reference reads each of these as 1 (decodePayload("+1:2") -> [ping], ...)
  // and "-0" as 0 (decodePayload("-0:") -> []).
  const std::pair<const char*, std::size_t> cases[] = {
      {"01:2", 1}, {"+1:2", 0}, {" 1:2", 0}, {"1 :2", 1}, {"1.0:2", 1}, {"1.:2", 1}, {"1e0:2", 1}, {"0x1:2", 1},
  };
  for (const auto& [body, offset] : cases) {
    payload out;
    expect_error(v3::decode_text_payload(body, out, strict()), errc::invalid_length, offset);
    EXPECT_EQ(text_payload(body, reference(), out), std::vector<packet>{text(packet_type::ping)}) << body;
  }
  payload out;
  expect_error(v3::decode_text_payload("-0:", out, strict()), errc::invalid_length, 0);
  EXPECT_TRUE(text_payload("-0:", reference(), out).empty());
}

TEST(TextPayload, ReferenceReadsLengthAsJavaScriptNumber) {
  // decodePayload(X + ":2") -> [ping] for each accepted X, [ERR] for each rejected one.
  for (const char* length : {"+1", "1.", ".1e1", "10e-1", "0.1e1", "1e0", "1E+0", "0x1", "0X01", "0o1", "0b1",
                             "01", "\t1\n", "\r\x0B\x0C 1", "1.0000000000000000001"}) {
    payload out;
    EXPECT_EQ(text_payload(std::string(length) + ":2", reference(), out), std::vector<packet>{text(packet_type::ping)})
        << length;
  }
  for (const char* length : {"1.5", "-1", "-Infinity", "-1e400", "0x", "0x1.0", "00x1", "1_0", "1e", "+-1", "+", ".",
                             "e1", "1\xE2\x80\x8B", "\xFF" "1"}) {
    payload out;
    expect_error(v3::decode_text_payload(std::string(length) + ":2", out, reference()), errc::invalid_length, 0);
  }
  // Infinity takes the whole rest of the body, which is then too short.
  for (const char* length : {"Infinity", "+Infinity", "1e400"}) {
    payload out;
    const std::string body = std::string(length) + ":2";
    expect_error(v3::decode_text_payload(body, out, reference()), errc::truncated, body.size());
  }
}

TEST(TextPayload, ReferenceTrimsUnicodeWhiteSpaceAroundLength) {
  // decodePayload("\u00a01:2") -> [ping], and likewise for each of these
  // (U+00A0, U+1680, U+2000, U+200A, U+2028, U+2029, U+202F, U+205F, U+3000, U+FEFF).
  for (const char* space : {"\xC2\xA0", "\xE1\x9A\x80", "\xE2\x80\x80", "\xE2\x80\x8A", "\xE2\x80\xA8", "\xE2\x80\xA9",
                            "\xE2\x80\xAF", "\xE2\x81\x9F", "\xE3\x80\x80", "\xEF\xBB\xBF"}) {
    payload out;
    const std::string before = std::string(space) + "1:2";
    const std::string after = "1" + std::string(space) + ":2";
    EXPECT_EQ(text_payload(before, reference(), out), std::vector<packet>{text(packet_type::ping)});
    EXPECT_EQ(text_payload(after, reference(), out), std::vector<packet>{text(packet_type::ping)});
  }
}

TEST(TextPayload, ReferenceSkipsEveryFormOfZero) {
  // decodePayload("-0:1:2") -> [ping], and likewise for each of these;
  // Number("1e-400") is 0 and so is Number("  ").
  for (const char* zero : {"-0", "+0", "0.00", "-0.0e99", "1e-400", "2e-324", "0x0", "  "}) {
    payload out;
    EXPECT_EQ(text_payload(std::string(zero) + ":1:2", reference(), out), std::vector<packet>{text(packet_type::ping)})
        << zero;
  }
  // Number("3e-324") is the smallest double, not 0: decodePayload("3e-324:1:2") -> [ERR]
  payload out;
  expect_error(v3::decode_text_payload("3e-324:1:2", out, reference()), errc::invalid_length, 0);
}

TEST(TextPayload, ErrorKeepsPacketsBeforeIt) {
  // decodePayload("1:21:x") -> [ping, ERR]
  for (const dialect d : kBoth) {
    payload out;
    expect_error(v3::decode_text_payload("1:21:x", out, in(d)), errc::unknown_packet_type, 5);
    EXPECT_EQ(out.packets(), std::vector<packet>{text(packet_type::ping)});
  }
}

TEST(TextPayload, UnknownPacketTypeIsRejected) {
  // decodePayload("1:7") -> [ERR]; decodePayload("2:b9") -> [{ type: undefined }]
  for (const dialect d : kBoth) {
    payload out;
    expect_error(v3::decode_text_payload("1:7", out, in(d)), errc::unknown_packet_type, 2);
    expect_error(v3::decode_text_payload("2:b9", out, in(d)), errc::unknown_packet_type, 3);
  }
}

TEST(TextPayload, IllFormedUtf8CountsAsNodeDecodesIt) {
  // Node turns each ill-formed subsequence into one U+FFFD before the
  // reference counts: decodePayload(Buffer.from([0x32,0x3a,0x34,0xff]).toString())
  // -> [message '\ufffd']; ...[0x34,0x3a,0x34,0xed,0xa0,0x80] -> [message '\ufffd\ufffd\ufffd'];
  // ...[0x32,0x3a,0x34,0xed,0xa0,0x80] -> [message '\ufffd', ERR].
  payload out;
  EXPECT_EQ(text_payload("2:4\xFF", reference(), out), std::vector<packet>{text(packet_type::message, "\xFF")});
  EXPECT_EQ(text_payload("4:4\xED\xA0\x80", reference(), out),
            std::vector<packet>{text(packet_type::message, "\xED\xA0\x80")});
  expect_error(v3::decode_text_payload("2:4\xED\xA0\x80", out, reference()), errc::truncated, 6);
  EXPECT_EQ(out.packets(), std::vector<packet>{text(packet_type::message, "\xED")});
  for (const char* body : {"2:4\xFF", "4:4\xED\xA0\x80", "2:4\xED\xA0\x80"}) {
    expect_error(v3::decode_text_payload(body, out, strict()), errc::invalid_utf8, 3);
  }
}

TEST(TextPayload, LoneSurrogateFromJavaScriptArrivesAsReplacementCharacter) {
  // Buffer.from(encodePayload([{type:'message',data:'\ud800'}])) -> <32 3a 34 ef bf bd>:
  // "2:4\ud800" counted in JavaScript, sent as UTF-8 with U+FFFD.
  const std::string wire = bytes({0x32, 0x3A, 0x34, 0xEF, 0xBF, 0xBD});
  for (const dialect d : kBoth) {
    payload out;
    EXPECT_EQ(text_payload(wire, in(d), out), std::vector<packet>{text(packet_type::message, "\xEF\xBF\xBD")});
  }
  EXPECT_EQ(encode_text({text(packet_type::message, "\xEF\xBF\xBD")}), wire);
}

TEST(TextPayload, EncoderCountsIllFormedBytesAsNodeWill) {
  // Buffer.from([0x34,0xed,0xa0,0x80]).toString().length -> 4: the length a
  // Node receiver counts for these bytes.
  EXPECT_EQ(encode_text({text(packet_type::message, "\xED\xA0\x80")}), "4:4\xED\xA0\x80");
  EXPECT_EQ(encode_text({text(packet_type::message, "\xF0\x9F\x98")}), "2:4\xF0\x9F\x98");
}

TEST(TextPayload, StrictBase64IsCanonical) {
  // decodePayload("5:b4AQI") -> [message <01 02>]
  payload out;
  expect_error(v3::decode_text_payload("5:b4AQI", out, strict()), errc::invalid_base64, 7);
  EXPECT_EQ(text_payload("5:b4AQI", reference(), out), std::vector<packet>{bin(packet_type::message, "\x01\x02"sv)});
}

TEST(TextPayload, BodyLargerThanLimitIsRejected) {
  decode_options opts;
  opts.max_payload_bytes = 8;
  payload out;
  EXPECT_TRUE(v3::decode_text_payload("1:21:2", out, opts).has_value());
  expect_error(v3::decode_text_payload("1:21:21:2", out, opts), errc::payload_too_large, 8);
  EXPECT_TRUE(out.packets().empty());
}

TEST(TextPayload, MorePacketsThanLimitAreRejected) {
  for (const dialect d : kBoth) {
    decode_options opts = in(d);
    opts.max_packets = 2;
    payload out;
    EXPECT_TRUE(v3::decode_text_payload("1:21:2", out, opts).has_value());
    expect_error(v3::decode_text_payload("1:21:21:2", out, opts), errc::too_many_packets, 6);
    EXPECT_EQ(out.size(), 2U);
  }
}

TEST(TextPayload, Base64BytesStayValidAcrossManyPackets) {
  // decodePayload("4:b4AQ".repeat(3)) -> three messages <01>. Each decoded
  // packet views the payload's storage, which must never move under it.
  std::string body;
  for (int i = 0; i < 1000; ++i) body += "4:b4AQ";
  body += "6:b4AQID";
  payload out;
  const auto packets = text_payload(body, reference(), out);
  ASSERT_EQ(packets.size(), 1001U);
  for (std::size_t i = 0; i < 1000; ++i) ASSERT_EQ(packets[i], bin(packet_type::message, "\x01"sv)) << i;
  EXPECT_EQ(packets[1000], bin(packet_type::message, "\x01\x02\x03"sv));
  const payload moved = std::move(out);  // moving keeps the views valid
  EXPECT_EQ(moved[1000], bin(packet_type::message, "\x01\x02\x03"sv));
}

TEST(TextPayload, LongBase64PacketDecodesWhole) {
  // Three zero bytes are "AAAA": 1332 'A's are 999 zero bytes, and the packet
  // "b4" + those is 1334 units long.
  const std::string body = "1334:b4" + std::string(1332, 'A') + "1:6";
  const std::string zeros(999, '\0');
  for (const dialect d : kBoth) {
    payload out;
    const auto packets = text_payload(body, in(d), out);
    ASSERT_EQ(packets.size(), 2U);
    EXPECT_EQ(packets[0], bin(packet_type::message, zeros));
    EXPECT_EQ(packets[1], text(packet_type::noop));
  }
}

// ---------------------------------------------------------------------------
// Binary (XHR2) payloads: <0|1><digit bytes>0xFF<packet>...
// ---------------------------------------------------------------------------

// encodePayload([{type:'message',data:'h€llo 😀'},{type:'message',data:Buffer.from([1,2,3])},
//   {type:'ping'}], true, console.log) -> <00 01 03 ff 34 68 e2 82 ac 6c 6c 6f 20 f0 9f 98 80
//   01 04 ff 04 01 02 03 00 01 ff 32>
const std::string kMixedBinary = bytes({0x00, 0x01, 0x03, 0xFF, 0x34, 0x68, 0xE2, 0x82, 0xAC, 0x6C, 0x6C, 0x6F, 0x20, 0xF0,
                                        0x9F, 0x98, 0x80, 0x01, 0x04, 0xFF, 0x04, 0x01, 0x02, 0x03, 0x00, 0x01, 0xFF, 0x32});
const std::vector<packet> kMixed = {text(packet_type::message, "h\xE2\x82\xACllo \xF0\x9F\x98\x80"),
                                    bin(packet_type::message, "\x01\x02\x03"sv), text(packet_type::ping)};

TEST(BinaryPayload, DecodesTextAndBinaryRecords) {
  for (const dialect d : kBoth) {
    payload out;
    EXPECT_EQ(binary_payload(kMixedBinary, in(d), out), kMixed);
  }
}

TEST(BinaryPayload, EncodesTextAndBinaryRecords) { EXPECT_EQ(encode_binary(kMixed), kMixedBinary); }

TEST(BinaryPayload, TextLengthCountsUtf8Bytes) {
  // encodePayloadAsBinary([{type:'message',data:'😀'}], console.log) -> <00 05 ff 34 f0 9f 98 80>
  const std::string wire = bytes({0x00, 0x05, 0xFF, 0x34, 0xF0, 0x9F, 0x98, 0x80});
  EXPECT_EQ(encode_binary({text(packet_type::message, "\xF0\x9F\x98\x80")}), wire);
  for (const dialect d : kBoth) {
    payload out;
    EXPECT_EQ(binary_payload(wire, in(d), out), std::vector<packet>{text(packet_type::message, "\xF0\x9F\x98\x80")});
  }
}

TEST(BinaryPayload, LengthHasOneBytePerDecimalDigit) {
  // encodePayload([{type:'message',data:'x'.repeat(12)},{type:'upgrade',data:Buffer.alloc(0)}], true,
  //   console.log) -> <00 01 03 ff 34 78 x12 01 01 ff 05>
  const std::string wire = bytes({0x00, 0x01, 0x03, 0xFF, 0x34}) + std::string(12, 'x') + bytes({0x01, 0x01, 0xFF, 0x05});
  const std::vector<packet> packets = {text(packet_type::message, "xxxxxxxxxxxx"), bin(packet_type::upgrade, "")};
  EXPECT_EQ(encode_binary(packets), wire);
  for (const dialect d : kBoth) {
    payload out;
    EXPECT_EQ(binary_payload(wire, in(d), out), packets);
  }
}

TEST(BinaryPayload, TextRecordsCarryEveryType) {
  // encodePayloadAsBinary([{type:'open',data:'{}'},{type:'close'},{type:'ping',data:'probe'},{type:'pong'},
  //   {type:'message',data:'h€llo 😀'},{type:'upgrade'},{type:'noop'}], console.log)
  const std::string wire = bytes({0x00, 0x03, 0xFF}) + "0{}" + bytes({0x00, 0x01, 0xFF}) + "1" +
                           bytes({0x00, 0x06, 0xFF}) + "2probe" + bytes({0x00, 0x01, 0xFF}) + "3" +
                           bytes({0x00, 0x01, 0x03, 0xFF}) + "4h\xE2\x82\xACllo \xF0\x9F\x98\x80" +
                           bytes({0x00, 0x01, 0xFF}) + "5" + bytes({0x00, 0x01, 0xFF}) + "6";
  EXPECT_EQ(encode_binary(kEveryType), wire);
  for (const dialect d : kBoth) {
    payload out;
    EXPECT_EQ(binary_payload(wire, in(d), out), kEveryType);
  }
}

TEST(BinaryPayload, BinaryRecordsCarryEveryType) {
  // encodePayloadAsBinary(every type with data Buffer.alloc(0), console.log)
  //   -> <01 01 ff 00 01 01 ff 01 ... 01 01 ff 06>
  std::string wire;
  std::vector<packet> packets;
  for (int t = 0; t <= 6; ++t) {
    wire += bytes({1, 1, 0xFF, t});
    packets.push_back(bin(static_cast<packet_type>(t), ""));
  }
  EXPECT_EQ(encode_binary(packets), wire);
  for (const dialect d : kBoth) {
    payload out;
    EXPECT_EQ(binary_payload(wire, in(d), out), packets);
  }
}

TEST(BinaryPayload, EmptyBodyIsEmptyList) {
  // encodePayloadAsBinary([], console.log) -> <>; decodePayload(Buffer.from([])) -> []
  EXPECT_EQ(encode_binary({}), "");
  for (const dialect d : kBoth) {
    payload out;
    EXPECT_TRUE(binary_payload("", in(d), out).empty());
  }
}

TEST(BinaryPayload, MissingTerminatorIsTruncated) {
  // decodePayload(Buffer.from([0,1])) -> [ERR]; [0,1,255,0x32,0,1] -> [ERR]: the
  // reference frames the whole body first, so no packet comes out.
  for (const dialect d : kBoth) {
    payload out;
    expect_error(v3::decode_binary_payload(bytes({0, 1}), out, in(d)), errc::truncated, 2);
    expect_error(v3::decode_binary_payload(bytes({0, 1, 0xFF, 0x32, 0, 1}), out, in(d)), errc::truncated, 6);
    EXPECT_TRUE(out.packets().empty());
  }
}

TEST(BinaryPayload, EmptyLengthIsInvalid) {
  // decodePayload(Buffer.from([0,255])) -> [ERR]: parseInt('') is NaN, and the
  // reference then reads the 0xFF as the next record's kind byte.
  payload out;
  expect_error(v3::decode_binary_payload(bytes({0, 0xFF}), out, strict()), errc::invalid_length, 1);
  expect_error(v3::decode_binary_payload(bytes({0, 0xFF}), out, reference()), errc::truncated, 2);
}

TEST(BinaryPayload, ZeroLengthIsEmptyPacket) {
  // decodePayload(Buffer.from([0,0,255])) -> [ERR]; [1,0,255] -> [{ type: undefined }]
  for (const dialect d : kBoth) {
    payload out;
    expect_error(v3::decode_binary_payload(bytes({0, 0, 0xFF}), out, in(d)), errc::empty_packet, 3);
    expect_error(v3::decode_binary_payload(bytes({1, 0, 0xFF}), out, in(d)), errc::empty_packet, 3);
  }
}

TEST(BinaryPayload, StrictLengthHasNoLeadingZero) {
  // decodePayload(Buffer.from([0,0,1,255,0x32])) -> [ping]
  payload out;
  expect_error(v3::decode_binary_payload(bytes({0, 0, 1, 0xFF, 0x32}), out, strict()), errc::invalid_length, 2);
  EXPECT_EQ(binary_payload(bytes({0, 0, 1, 0xFF, 0x32}), reference(), out), std::vector<packet>{text(packet_type::ping)});
}

TEST(BinaryPayload, LengthByteAboveNine) {
  // decodePayload(Buffer.from([0,12,255,0x34,0x32])) -> [ping]: the reference
  // reads byte 12 as "12" and skips two bytes for it, landing on the 0x32.
  const std::string wire = bytes({0, 12, 0xFF, 0x34, 0x32});
  payload out;
  expect_error(v3::decode_binary_payload(wire, out, strict()), errc::invalid_length, 1);
  EXPECT_EQ(binary_payload(wire, reference(), out), std::vector<packet>{text(packet_type::ping)});
}

TEST(BinaryPayload, KindByteIsZeroOrOne) {
  // decodePayload(Buffer.from([2,3,255,4,1,2])) -> [message <01 02>]: anything but 0 is binary.
  const std::string wire = bytes({2, 3, 0xFF, 4, 1, 2});
  payload out;
  expect_error(v3::decode_binary_payload(wire, out, strict()), errc::unknown_packet_type, 0);
  EXPECT_EQ(binary_payload(wire, reference(), out), std::vector<packet>{bin(packet_type::message, "\x01\x02"sv)});
}

TEST(BinaryPayload, PacketCutShortByEndOfBody) {
  // decodePayload(Buffer.from([1,9,255,4,1,2])) -> [message <01 02>]
  const std::string wire = bytes({1, 9, 0xFF, 4, 1, 2});
  payload out;
  expect_error(v3::decode_binary_payload(wire, out, strict()), errc::truncated, 6);
  EXPECT_EQ(binary_payload(wire, reference(), out), std::vector<packet>{bin(packet_type::message, "\x01\x02"sv)});
}

TEST(BinaryPayload, ReferenceCapsLengthAt311Digits) {
  // decodePayload(Buffer.from([1,1, ...Array(310).fill(0), 255,4])) -> [message <>] (311 digits);
  // with Array(311).fill(0) (312 digits) -> [ERR].
  std::string ok = bytes({1, 1}) + std::string(310, '\0') + bytes({0xFF, 4});
  std::string over = bytes({1, 1}) + std::string(311, '\0') + bytes({0xFF, 4});
  payload out;
  EXPECT_EQ(binary_payload(ok, reference(), out), std::vector<packet>{bin(packet_type::message, "")});
  expect_error(v3::decode_binary_payload(over, out, reference()), errc::invalid_length, 312);
  expect_error(v3::decode_binary_payload(ok, out, strict()), errc::truncated, ok.size());
}

TEST(BinaryPayload, HugeLengthPrefixIsRejectedWithoutOverflow) {
  // decodePayload(Buffer.from([1, ...Array(400).fill(9), 255, 4])) -> [ERR]
  const std::string nines = bytes({1}) + std::string(400, '\x09') + bytes({0xFF, 4});
  // 2^64 + 1 as digit bytes: wrapping would read 1.
  std::string wraps = bytes({1});
  for (const char c : std::string("18446744073709551617")) wraps.push_back(static_cast<char>(c - '0'));
  wraps += bytes({0xFF, 4, 1});
  payload out;
  expect_error(v3::decode_binary_payload(nines, out, strict()), errc::truncated, nines.size());
  expect_error(v3::decode_binary_payload(nines, out, reference()), errc::invalid_length, 312);
  expect_error(v3::decode_binary_payload(wraps, out, strict()), errc::truncated, wraps.size());
  // The reference clamps the huge length to the rest of the body.
  EXPECT_EQ(binary_payload(wraps, reference(), out), std::vector<packet>{bin(packet_type::message, "\x01"sv)});
}

TEST(BinaryPayload, TextRecordsMustBeUtf8) {
  // decodePayload(Buffer.from([0,2,255,0x34,0xff])) -> [ERR]; [0,3,255,0x34,0xc0,0x80] -> [ERR]
  for (const dialect d : kBoth) {
    payload out;
    expect_error(v3::decode_binary_payload(bytes({0, 2, 0xFF, 0x34, 0xFF}), out, in(d)), errc::invalid_utf8, 4);
    expect_error(v3::decode_binary_payload(bytes({0, 3, 0xFF, 0x34, 0xC0, 0x80}), out, in(d)), errc::invalid_utf8, 4);
  }
}

TEST(BinaryPayload, EncodedSurrogateAcceptedByReferenceOnly) {
  // decodePayload(Buffer.from([0,4,255,0x34,0xed,0xa0,0x80])) -> [message '\ufffd']
  // (utf8.js, non-strict, reads the surrogate as U+FFFD; the packet keeps the bytes).
  const std::string wire = bytes({0, 4, 0xFF, 0x34, 0xED, 0xA0, 0x80});
  payload out;
  expect_error(v3::decode_binary_payload(wire, out, strict()), errc::invalid_utf8, 4);
  EXPECT_EQ(binary_payload(wire, reference(), out), std::vector<packet>{text(packet_type::message, "\xED\xA0\x80")});
}

TEST(BinaryPayload, LoneSurrogateFromJavaScriptArrivesAsReplacementCharacter) {
  // encodePayloadAsBinary([{type:'message',data:'\ud800'}], console.log) -> <00 04 ff 34 ef bf bd>
  const std::string wire = bytes({0, 4, 0xFF, 0x34, 0xEF, 0xBF, 0xBD});
  for (const dialect d : kBoth) {
    payload out;
    EXPECT_EQ(binary_payload(wire, in(d), out), std::vector<packet>{text(packet_type::message, "\xEF\xBF\xBD")});
  }
}

TEST(BinaryPayload, TextRecordMayHoldBase64Packet) {
  // decodePayload(Buffer.from([0,6,255,0x62,0x34,0x41,0x51,0x49,0x44])) -> [message <01 02 03>]
  for (const dialect d : kBoth) {
    payload out;
    EXPECT_EQ(binary_payload(bytes({0, 6, 0xFF}) + "b4AQID", in(d), out),
              std::vector<packet>{bin(packet_type::message, "\x01\x02\x03"sv)});
  }
}

TEST(BinaryPayload, LongBase64TextRecordDecodesWhole) {
  // 1334 as digit bytes, then "b4" and 1332 'A's: 999 zero bytes.
  const std::string body = bytes({0, 1, 3, 3, 4, 0xFF}) + "b4" + std::string(1332, 'A');
  const std::string zeros(999, '\0');
  for (const dialect d : kBoth) {
    payload out;
    const auto packets = binary_payload(body, in(d), out);
    ASSERT_EQ(packets.size(), 1U);
    EXPECT_EQ(packets[0], bin(packet_type::message, zeros));
  }
}

TEST(BinaryPayload, PacketErrorKeepsPacketsBeforeIt) {
  // decodePayload(Buffer.from([0,1,255,0x32, 0,1,255,0x37, 0,1,255,0x33])) -> [ping, ERR, pong];
  // the server closes the socket on the ERR, so only the ping counts.
  for (const dialect d : kBoth) {
    payload out;
    const std::string wire = bytes({0, 1, 0xFF, 0x32, 0, 1, 0xFF, 0x37, 0, 1, 0xFF, 0x33});
    expect_error(v3::decode_binary_payload(wire, out, in(d)), errc::unknown_packet_type, 7);
    EXPECT_EQ(out.packets(), std::vector<packet>{text(packet_type::ping)});
  }
}

TEST(BinaryPayload, TypeByteAboveSixIsUnknown) {
  // decodePayload(Buffer.from([1,1,255,9])) -> [{ type: undefined, data: <> }]
  for (const dialect d : kBoth) {
    payload out;
    expect_error(v3::decode_binary_payload(bytes({1, 1, 0xFF, 9}), out, in(d)), errc::unknown_packet_type, 3);
  }
}

TEST(BinaryPayload, BodyLargerThanLimitIsRejected) {
  decode_options opts;
  opts.max_payload_bytes = 8;
  payload out;
  const std::string ping = bytes({0, 1, 0xFF, 0x32});
  EXPECT_TRUE(v3::decode_binary_payload(ping + ping, out, opts).has_value());
  expect_error(v3::decode_binary_payload(ping + ping + bytes({0}), out, opts), errc::payload_too_large, 8);
}

TEST(BinaryPayload, MorePacketsThanLimitAreRejectedBeforeAnyIsDecoded) {
  for (const dialect d : kBoth) {
    decode_options opts = in(d);
    opts.max_packets = 2;
    payload out;
    const std::string ping = bytes({0, 1, 0xFF, 0x32});
    EXPECT_TRUE(v3::decode_binary_payload(ping + ping, out, opts).has_value());
    expect_error(v3::decode_binary_payload(ping + ping + ping, out, opts), errc::too_many_packets, 8);
    EXPECT_TRUE(out.packets().empty());
  }
}

}  // namespace
