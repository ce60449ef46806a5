// Engine.IO v4.1: WebTransport stream framing.
// Expected bytes come from the framing as the protocol describes it, checked
// against engine.io-parser@5.2.3 (vectors/node_modules/eio4). The encoder's
// header bytes at the length boundaries were printed by:
//   cd vectors && node -e 'const p=require("eio4");(async()=>{for(const n of [125,126,65535,65536])
//     for(const data of ["x".repeat(n-1),new Uint8Array(n)]){const t=p.createPacketEncoderStream(),
//     w=t.writable.getWriter();w.write({type:"message",data});
//     console.log(n,Buffer.from((await t.readable.getReader().read()).value).toString("hex"))}})()'
//   125 7d / 125 fd / 126 7e007e / 126 fe007e / 65535 7effff / 65535 feffff /
//   65536 7f0000000000010000 / 65536 ff0000000000010000
// Decoder behaviour was observed by writing chunks to createPacketDecoderStream(maxPayload).
#include <sioc/eio.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <new>
#include <string>
#include <vector>

namespace {

// Bytes requested from operator new while `counting` is set, and the largest
// single request, to prove the decoder allocates for what arrived only.
bool counting = false;
std::size_t counted_bytes = 0;
std::size_t largest_request = 0;

}  // namespace

void* operator new(std::size_t n) {
  if (counting) {
    counted_bytes += n;
    largest_request = std::max(largest_request, n);
  }
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

namespace {

using namespace std::string_literals;
using namespace std::string_view_literals;
using sioc::dialect;
using sioc::errc;
namespace eio = sioc::eio;
using eio::packet;
using eio::packet_type;
using eio::webtransport_decoder;
using state = webtransport_decoder::state;

eio::decode_options with_max(std::size_t max_payload_bytes, dialect mode = dialect::strict) {
  eio::decode_options o;
  o.mode = mode;
  o.max_payload_bytes = max_payload_bytes;
  return o;
}

std::string frame_of(const packet& p) {
  std::string out;
  eio::encode_webtransport_frame(p, out);
  return out;
}

// Feeds `chunks` in order, copying each into its own short-lived buffer so a
// view that outlives its feed() is caught by the sanitizers.
struct fed {
  std::vector<eio::owned_packet> packets;
  sioc::error err;
  bool at_boundary = false;
};
fed feed_all(const std::vector<std::string_view>& chunks, const eio::decode_options& opts = {}) {
  webtransport_decoder d(opts);
  fed got;
  std::vector<packet> out;
  for (std::string_view c : chunks) {
    const std::string chunk(c);
    out.clear();
    auto r = d.feed(chunk, out);
    for (const packet& p : out) got.packets.push_back(eio::to_owned(p));
    if (!r) {
      got.err = r.error_info();
      break;
    }
    EXPECT_EQ(*r, out.size());
  }
  got.at_boundary = d.at_boundary();
  return got;
}

// A few packets of each kind, framed by hand from the protocol description.
const std::string kStream = std::string("\x06" "4hello")                  // text, 6 bytes
                            + std::string("\x83\x01\x02\x03", 4)         // binary, 3 bytes
                            + "\x7e\x01\x2c" "4" + std::string(299, 'x')  // text, 16-bit length 300
                            + "\x01" "2"                                  // ping, no data
                            + "\x05" "bAQI="                              // base64 text form of 01 02
                            + "\x05" "bAwQ=";                             // base64 text form of 03 04

std::vector<eio::owned_packet> stream_packets() {
  return {eio::to_owned(packet::text(packet_type::message, "hello")),
          eio::to_owned(packet::bytes("\x01\x02\x03")),
          eio::to_owned(packet::text(packet_type::message, std::string(299, 'x'))),
          eio::to_owned(packet::text(packet_type::ping)),
          eio::to_owned(packet::bytes("\x01\x02")),
          eio::to_owned(packet::bytes("\x03\x04"))};
}

// ---- encoder ----

TEST(WebTransportEncode, LengthBelow126IsInline) {
  EXPECT_EQ(frame_of(packet::text(packet_type::message, std::string(124, 'x'))).substr(0, 1), "\x7d");
  EXPECT_EQ(frame_of(packet::bytes(std::string(125, 'x'))).substr(0, 1), "\xfd");
  EXPECT_EQ(frame_of(packet::text(packet_type::ping)), "\x01" "2");
}

TEST(WebTransportEncode, LengthFrom126To65535Takes16Bits) {
  EXPECT_EQ(frame_of(packet::text(packet_type::message, std::string(125, 'x'))).substr(0, 3), "\x7e\x00\x7e"sv);
  EXPECT_EQ(frame_of(packet::bytes(std::string(126, 'x'))).substr(0, 3), "\xfe\x00\x7e"sv);
  EXPECT_EQ(frame_of(packet::text(packet_type::message, std::string(65534, 'x'))).substr(0, 3), "\x7e\xff\xff"sv);
  EXPECT_EQ(frame_of(packet::bytes(std::string(65535, 'x'))).substr(0, 3), "\xfe\xff\xff"sv);
}

TEST(WebTransportEncode, LengthFrom65536Takes64Bits) {
  const std::string text = frame_of(packet::text(packet_type::message, std::string(65535, 'x')));
  EXPECT_EQ(text.substr(0, 9), "\x7f\x00\x00\x00\x00\x00\x01\x00\x00"sv);
  EXPECT_EQ(text.size(), 9u + 65536u);
  const std::string binary = frame_of(packet::bytes(std::string(65536, 'x')));
  EXPECT_EQ(binary.substr(0, 9), "\xff\x00\x00\x00\x00\x00\x01\x00\x00"sv);
  EXPECT_EQ(binary.size(), 9u + 65536u);
}

TEST(WebTransportEncode, PayloadIsTheWebSocketFormOfThePacket) {
  EXPECT_EQ(frame_of(packet::text(packet_type::message, "hello")), "\x06" "4hello");
  EXPECT_EQ(frame_of(packet::bytes("\x01\x02\x03")), "\x83\x01\x02\x03");
}

TEST(WebTransportEncode, AppendsToTheCallersBuffer) {
  std::string out = "kept";
  eio::encode_webtransport_frame(packet::text(packet_type::pong, "probe"), out);
  EXPECT_EQ(out, "kept\x06" "3probe");
}

// The reference encoder writes 0x80 (binary, length 0), which its own decoder
// refuses; the reference decoder turns 01 62 into an empty binary message:
//   node -e 'const p=require("eio4");const t=p.createPacketDecoderStream(1e6),w=t.writable.getWriter();
//     w.write(Uint8Array.from([1,0x62]));t.readable.getReader().read().then(x=>console.log(x.value))'
//   { type: 'message', data: <Buffer > }
TEST(WebTransportEncode, EmptyBinaryMessageIsWrittenAsBase64Text) {
  const std::string frame = frame_of(packet::bytes(""));
  EXPECT_EQ(frame, "\x01" "b");
  const fed got = feed_all({frame});
  EXPECT_EQ(got.err.code, errc::ok);
  EXPECT_EQ(got.packets, std::vector<eio::owned_packet>{eio::to_owned(packet::bytes(""))});
}

// ---- decoder: packets ----

TEST(WebTransportDecode, TextAndBinaryPayloadsDecode) {
  const fed got = feed_all({kStream});
  EXPECT_EQ(got.err.code, errc::ok);
  EXPECT_EQ(got.packets, stream_packets());
  EXPECT_TRUE(got.at_boundary);
}

TEST(WebTransportDecode, PacketsInsideAChunkAreViewsIntoIt) {
  const std::string chunk = "\x06" "4hello" "\x82\x01\x02";
  webtransport_decoder d;
  std::vector<packet> out;
  ASSERT_TRUE(d.feed(chunk, out));
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].data.data(), chunk.data() + 2);
  EXPECT_EQ(out[1].data.data(), chunk.data() + 8);
  EXPECT_EQ(d.offset(), chunk.size());
}

TEST(WebTransportDecode, SplitPayloadOutlivesItsChunksUntilTheNextFeed) {
  webtransport_decoder d;
  std::vector<packet> out;
  {
    const std::string first = "\x06" "4he";
    ASSERT_TRUE(d.feed(first, out));
  }
  std::string second = "llo\x02" "6";
  ASSERT_TRUE(d.feed(second, out));
  second.assign(second.size(), '?');
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0], packet::text(packet_type::message, "hello"));
  EXPECT_FALSE(d.at_boundary());
}

TEST(WebTransportDecode, Base64PacketsOfOneChunkKeepTheirOwnBytes) {
  webtransport_decoder d;
  std::vector<packet> out;
  ASSERT_TRUE(d.feed("\x05" "bAQI=" "\x05" "bAwQ=" "\x05" "bBQY=", out));
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0], packet::bytes("\x01\x02"));
  EXPECT_EQ(out[1], packet::bytes("\x03\x04"));
  EXPECT_EQ(out[2], packet::bytes("\x05\x06"));
}

TEST(WebTransportDecode, EverySplitYieldsTheSamePackets) {
  const auto expected = stream_packets();
  for (dialect mode : {dialect::strict, dialect::reference}) {
    const auto opts = with_max(1'000'000, mode);
    std::vector<std::string_view> bytes;
    for (std::size_t i = 0; i < kStream.size(); ++i) bytes.push_back(std::string_view(kStream).substr(i, 1));
    const fed one_by_one = feed_all(bytes, opts);
    ASSERT_EQ(one_by_one.err.code, errc::ok);
    ASSERT_EQ(one_by_one.packets, expected);
    const std::string_view s = kStream;
    for (std::size_t i = 0; i <= s.size(); ++i) {
      for (std::size_t j = i; j <= s.size(); ++j) {
        const fed got = feed_all({s.substr(0, i), s.substr(i, j - i), s.substr(j)}, opts);
        ASSERT_EQ(got.err.code, errc::ok) << "split at " << i << ", " << j;
        ASSERT_EQ(got.packets, expected) << "split at " << i << ", " << j;
        ASSERT_TRUE(got.at_boundary);
      }
    }
  }
}

TEST(WebTransportDecode, EverySplitYieldsTheSameError) {
  // A valid packet, then one whose type byte is '9'.
  const std::string_view s = "\x06" "4hello" "\x03" "9ab";
  for (std::size_t i = 0; i <= s.size(); ++i) {
    const fed got = feed_all({s.substr(0, i), s.substr(i)});
    ASSERT_EQ(got.err.code, errc::unknown_packet_type) << "split at " << i;
    ASSERT_EQ(got.err.offset, 8u) << "split at " << i;
    ASSERT_EQ(got.packets, std::vector<eio::owned_packet>{eio::to_owned(packet::text(packet_type::message, "hello"))});
  }
}

TEST(WebTransportDecode, DecodesWhatTheReferenceEncoderWrote) {
  // 65536 binary bytes after the header the reference wrote for that size.
  const std::string payload(65536, '\xab');
  const std::string stream = std::string("\xff\x00\x00\x00\x00\x00\x01\x00\x00", 9) + payload;
  const std::string_view s = stream;
  for (std::size_t cut : {0u, 1u, 5u, 9u, 10u, 40000u, 65544u, 65545u}) {
    const fed got = feed_all({s.substr(0, cut), s.substr(cut)});
    ASSERT_EQ(got.err.code, errc::ok);
    ASSERT_EQ(got.packets, std::vector<eio::owned_packet>{eio::to_owned(packet::bytes(payload))}) << cut;
  }
}

TEST(WebTransportDecode, LengthsNeedNotBeInTheShortestForm) {
  // The reference reads these as "4hey" twice.
  const fed got = feed_all({"\x7e\x00\x04" "4hey" "\x7f\x00\x00\x00\x00\x00\x00\x00\x04" "4hey"sv});
  EXPECT_EQ(got.err.code, errc::ok);
  const auto hey = eio::to_owned(packet::text(packet_type::message, "hey"));
  EXPECT_EQ(got.packets, (std::vector<eio::owned_packet>{hey, hey}));
}

TEST(WebTransportDecode, EmptyChunkChangesNothing) {
  webtransport_decoder d;
  std::vector<packet> out;
  ASSERT_TRUE(d.feed("\x7e", out));
  auto r = d.feed("", out);
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, 0u);
  EXPECT_EQ(d.current_state(), state::length16);
  EXPECT_EQ(d.offset(), 1u);
}

// ---- decoder: states ----

TEST(WebTransportDecode, StateFollowsTheFrameLayout) {
  struct step {
    std::string_view bytes;
    state after;
  };
  // Every (state, input) pair that does not fail: a short header, a 16-bit and
  // a 64-bit marker, extended-length bytes short of and completing the length,
  // payload bytes short of and completing the payload.
  const step steps[] = {
      {"\x03", state::payload},   {"4h", state::payload},    {"i", state::header},
      {"\x7e", state::length16},  {"\x00"sv, state::length16}, {"\x02", state::payload},
      {"4x", state::header},      {"\x7f", state::length64}, {"\x00\x00\x00\x00\x00\x00\x00"sv, state::length64},
      {"\x01", state::payload},   {"6", state::header},
  };
  webtransport_decoder d;
  std::vector<packet> out;
  std::uint64_t offset = 0;
  EXPECT_EQ(d.current_state(), state::header);
  for (const step& s : steps) {
    ASSERT_TRUE(d.feed(s.bytes, out));
    offset += s.bytes.size();
    EXPECT_EQ(d.current_state(), s.after) << "after " << offset << " bytes";
    EXPECT_EQ(d.at_boundary(), s.after == state::header);
    EXPECT_EQ(d.offset(), offset);
  }
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[2], packet::text(packet_type::noop));
}

TEST(WebTransportDecode, EveryStateFailsOnItsOwnBadInput) {
  struct bad {
    std::string_view stream;
    state before;  // the state the last byte arrives in
    errc code;
  };
  const bad cases[] = {
      {"\x00"sv, state::header, errc::zero_length},
      {"\x7e\x00\x00"sv, state::length16, errc::zero_length},
      {"\x7f\x00\x00\x00\x00\x00\x00\x00\x00"sv, state::length64, errc::zero_length},
      {"\x02" "9x", state::payload, errc::unknown_packet_type},
  };
  for (const bad& c : cases) {
    webtransport_decoder d;
    std::vector<packet> out;
    ASSERT_TRUE(d.feed(c.stream.substr(0, c.stream.size() - 1), out));
    EXPECT_EQ(d.current_state(), c.before);
    auto r = d.feed(c.stream.substr(c.stream.size() - 1), out);
    EXPECT_EQ(r.code(), c.code);
    EXPECT_EQ(d.current_state(), state::failed);
    EXPECT_FALSE(d.at_boundary());
  }
}

// ---- decoder: errors ----

TEST(WebTransportDecode, ZeroLengthIsRejected) {
  for (std::string_view header : {"\x00"sv, "\x80"sv, "\x7e\x00\x00"sv, "\xff\x00\x00\x00\x00\x00\x00\x00\x00"sv}) {
    const fed got = feed_all({"\x01" "6", header});
    EXPECT_EQ(got.err.code, errc::zero_length);
    EXPECT_EQ(got.err.offset, 2u);
    EXPECT_EQ(got.packets.size(), 1u);
  }
}

TEST(WebTransportDecode, LengthAboveMaxPayloadIsRejectedBeforeItsPayload) {
  const auto opts = with_max(300);
  webtransport_decoder at_limit(opts);
  std::vector<packet> out;
  ASSERT_TRUE(at_limit.feed("\x7e\x01\x2c", out));  // exactly 300
  EXPECT_EQ(at_limit.current_state(), state::payload);

  for (std::string_view header : {"\x7e\x01\x2d"sv, "\xff\x00\x00\x00\x00\x00\x00\x01\x2d"sv}) {
    webtransport_decoder d(opts);
    auto r = d.feed(header, out);
    EXPECT_EQ(r.code(), errc::payload_too_large);
    EXPECT_EQ(r.error_info().offset, 0u);
    EXPECT_NE(std::string(r.error_info().message).find("decode_options::max_payload_bytes"), std::string::npos);
    EXPECT_EQ(d.offset(), header.size());
  }
  // With the payload in the same chunk, nothing past the header is read.
  webtransport_decoder d(opts);
  const std::string chunk = "\x7e\x01\x2d" + std::string(301, '4');
  EXPECT_EQ(d.feed(chunk, out).code(), errc::payload_too_large);
  EXPECT_EQ(d.offset(), 3u);
}

TEST(WebTransportDecode, LengthAbove2To53Minus1IsRejected) {
  const auto opts = with_max(std::numeric_limits<std::size_t>::max());
  if (sizeof(std::size_t) < 8) GTEST_SKIP() << "lengths this large exceed size_t";
  std::vector<packet> out;
  webtransport_decoder largest(opts);
  ASSERT_TRUE(largest.feed("\x7f\x00\x1f\xff\xff\xff\xff\xff\xff"sv, out));
  EXPECT_EQ(largest.current_state(), state::payload);
  for (std::string_view header :
       {"\x7f\x00\x20\x00\x00\x00\x00\x00\x00"sv, "\xff\xff\xff\xff\xff\xff\xff\xff\xff"sv}) {
    webtransport_decoder d(opts);
    auto r = d.feed(header, out);
    EXPECT_EQ(r.code(), errc::payload_too_large);
    EXPECT_EQ(r.error_info().offset, 0u);
  }
}

TEST(WebTransportDecode, HeaderTruncatedInsideItsExtendedLengthIsIncomplete) {
  std::vector<packet> out;
  webtransport_decoder d16;
  ASSERT_TRUE(d16.feed("\x7e\x01", out));
  EXPECT_FALSE(d16.at_boundary());
  EXPECT_EQ(d16.current_state(), state::length16);
  webtransport_decoder d64;
  ASSERT_TRUE(d64.feed("\xff\x00\x00\x00"sv, out));
  EXPECT_FALSE(d64.at_boundary());
  EXPECT_EQ(d64.current_state(), state::length64);
  EXPECT_TRUE(out.empty());
}

TEST(WebTransportDecode, InvalidTextPacketIsAnError) {
  // Offsets count from the start of the stream: the second frame starts at 2.
  const fed type = feed_all({"\x01" "6", "\x02" "x1"});
  EXPECT_EQ(type.err.code, errc::unknown_packet_type);
  EXPECT_EQ(type.err.offset, 3u);
  const fed utf8 = feed_all({"\x01" "6" "\x04" "4a\xff" "b"});
  EXPECT_EQ(utf8.err.code, errc::invalid_utf8);
  EXPECT_EQ(utf8.err.offset, 5u);
  const fed base64 = feed_all({"\x01" "6" "\x05" "bA!=="});
  EXPECT_EQ(base64.err.code, errc::invalid_base64);
  EXPECT_EQ(base64.err.offset, 5u);
}

TEST(WebTransportDecode, PacketsBeforeAnErrorAreDelivered) {
  webtransport_decoder d;
  std::vector<packet> out;
  auto r = d.feed("\x01" "2" "\x01" "3" "\x00"sv "\x01" "6", out);
  EXPECT_EQ(r.code(), errc::zero_length);
  EXPECT_EQ(r.error_info().offset, 4u);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[1], packet::text(packet_type::pong));
  EXPECT_EQ(d.offset(), 5u);
}

TEST(WebTransportDecode, ErrorsAreStickyUntilReset) {
  webtransport_decoder d;
  std::vector<packet> out;
  auto first = d.feed("\x00"sv, out);
  ASSERT_EQ(first.code(), errc::zero_length);
  // The reference would read on (here: an empty text packet, another error,
  // then "4hey" one chunk late); this decoder refuses everything until reset().
  auto again = d.feed("\x04" "4hey", out);
  EXPECT_EQ(again.code(), errc::zero_length);
  EXPECT_EQ(again.error_info().offset, 0u);
  EXPECT_TRUE(out.empty());
  EXPECT_EQ(d.offset(), 1u);

  d.reset();
  EXPECT_TRUE(d.at_boundary());
  EXPECT_EQ(d.offset(), 0u);
  auto r = d.feed("\x04" "4hey", out);
  ASSERT_TRUE(r);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0], packet::text(packet_type::message, "hey"));
}

TEST(WebTransportDecode, ResetDropsAPartialPacket) {
  webtransport_decoder d;
  std::vector<packet> out;
  ASSERT_TRUE(d.feed("\x06" "4he", out));
  d.reset();
  ASSERT_TRUE(d.feed("\x02" "4!", out));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0], packet::text(packet_type::message, "!"));
  EXPECT_EQ(d.offset(), 3u);
}

// ---- decoder: memory ----

TEST(WebTransportDecode, MemoryFollowsArrivedBytesNotTheDeclaredLength) {
  std::vector<packet> out;
  out.reserve(4);
  const std::string ten(10, '4');

  webtransport_decoder at_max;  // default max_payload_bytes, declared in full
  const std::string header = "\x7f\x00\x00\x00\x00\x00\x0f\x42\x40"s;  // 1'000'000
  counting = true;
  counted_bytes = 0;
  ASSERT_TRUE(at_max.feed(header, out));
  ASSERT_TRUE(at_max.feed(ten, out));
  counting = false;
  EXPECT_LT(counted_bytes, 1024u);

  if (sizeof(std::size_t) >= 8) {
    webtransport_decoder huge(with_max(std::numeric_limits<std::size_t>::max()));
    counting = true;
    counted_bytes = 0;
    ASSERT_TRUE(huge.feed("\x7f\x00\x10\x00\x00\x00\x00\x00\x00"sv "4abc", out));  // 2^52
    ASSERT_TRUE(huge.feed(ten, out));
    counting = false;
    EXPECT_LT(counted_bytes, 1024u);
  }

  // Growth stays proportional to what arrived: 1000 bytes in 10-byte chunks.
  counting = true;
  largest_request = 0;
  for (int i = 0; i < 99; ++i) ASSERT_TRUE(at_max.feed(ten, out));
  counting = false;
  EXPECT_LE(largest_request, 2000u);
  EXPECT_TRUE(out.empty());
}

// ---- dialects ----

TEST(WebTransportDecode, ReferenceDialectDropsOneLeadingBom) {
  // The reference's TextDecoder drops the BOM of "\xEF\xBB\xBF" "4hi" and
  // reads a second BOM as the packet type (an error):
  //   node -e 'const p=require("eio4");const t=p.createPacketDecoderStream(1e6),w=t.writable.getWriter();
  //     w.write(Uint8Array.from([6,0xef,0xbb,0xbf,0x34,0x68,0x69]));
  //     t.readable.getReader().read().then(x=>console.log(x.value))'
  //   { type: 'message', data: 'hi' }
  const auto reference = with_max(1'000'000, dialect::reference);
  const fed one = feed_all({"\x06\xef\xbb\xbf" "4hi"}, reference);
  EXPECT_EQ(one.err.code, errc::ok);
  EXPECT_EQ(one.packets, std::vector<eio::owned_packet>{eio::to_owned(packet::text(packet_type::message, "hi"))});
  const fed two = feed_all({"\x09\xef\xbb\xbf\xef\xbb\xbf" "4hi"}, reference);
  EXPECT_EQ(two.err.code, errc::unknown_packet_type);
  EXPECT_EQ(two.err.offset, 4u);
  const fed only = feed_all({"\x03\xef\xbb\xbf"}, reference);
  EXPECT_EQ(only.err.code, errc::empty_packet);
  EXPECT_EQ(only.err.offset, 4u);
  // Binary payloads are not text: their bytes stay.
  const fed binary = feed_all({"\x83\xef\xbb\xbf"}, reference);
  EXPECT_EQ(binary.packets, std::vector<eio::owned_packet>{eio::to_owned(packet::bytes("\xef\xbb\xbf"))});
}

TEST(WebTransportDecode, StrictDialectReadsABomAsThePacketType) {
  const fed got = feed_all({"\x01" "6" "\x06\xef\xbb\xbf" "4hi"});
  EXPECT_EQ(got.err.code, errc::unknown_packet_type);
  EXPECT_EQ(got.err.offset, 3u);
}

TEST(WebTransportDecode, ReferenceDialectComparesTheLengthMarkerWithMaxPayload) {
  // With maxPayload 100 the reference refuses 7e 00 05 "4hell" at its first
  // byte (126 > 100), and with maxPayload 126 it refuses a 64-bit header (127).
  std::vector<packet> out;
  const std::string_view short16 = "\x7e\x00\x05" "4hell"sv;
  webtransport_decoder reference(with_max(100, dialect::reference));
  auto r = reference.feed(short16, out);
  EXPECT_EQ(r.code(), errc::payload_too_large);
  EXPECT_EQ(r.error_info().offset, 0u);
  EXPECT_EQ(reference.offset(), 1u);
  webtransport_decoder reference126(with_max(126, dialect::reference));
  EXPECT_TRUE(reference126.feed(short16, out));
  EXPECT_EQ(reference126.feed("\x7f"sv, out).code(), errc::payload_too_large);

  out.clear();
  webtransport_decoder strict(with_max(100));
  ASSERT_TRUE(strict.feed(short16, out));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0], packet::text(packet_type::message, "hell"));
}

}  // namespace
