// The stateful Socket.IO decoder: text frames, binary packets and their
// attachments, limits, sticky errors.
//
// Expected outcomes come from the protocol's own examples or from feeding the
// reference decoders in vectors/ (sio5 = socket.io-parser 4.2.7, sio4 =
// socket.io-parser 3.4.3) the same frames in order, a "hex:" argument being a
// binary frame:
//
//   cd vectors && node -e "const {Decoder}=require('sio5'); const d=new Decoder();
//     d.on('decoded',p=>console.log(JSON.stringify(p)));
//     for (const a of process.argv.slice(1)) { try { d.add(a.startsWith('hex:') ?
//       Buffer.from(a.slice(4),'hex') : a) } catch(e) { console.log('ERR', e.message) } }"
//     '51-["a",{"_placeholder":true,"num":0}]' hex:0102    (one command line)
//
// cited below as  ref5 '51-[...]' <0102> -> {"type":2,"nsp":"/","data":["a",<0102>]}
// (ref4 with require('sio4'); <..> is a binary frame or Buffer, in hex).
#include <sioc/sio.hpp>

#include "count_allocations.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sioc {
// gtest prints error codes by name.
void PrintTo(errc code, std::ostream* os) { *os << to_string(code); }
}  // namespace sioc

namespace {

using namespace std::string_view_literals;
using sioc::dialect;
using sioc::errc;
namespace sio = sioc::sio;
using sio::json;
using sio::packet_type;
using sio::protocol;
using state = sio::decoder::state;

sio::decode_options options(protocol version, dialect mode) {
  sio::decode_options o;
  o.version = version;
  o.mode = mode;
  return o;
}
const sio::decode_options strict5 = options(protocol::v5, dialect::strict);
const sio::decode_options strict4 = options(protocol::v4, dialect::strict);
const sio::decode_options reference5 = options(protocol::v5, dialect::reference);
const sio::decode_options reference4 = options(protocol::v4, dialect::reference);

json bytes(std::vector<std::uint8_t> b) { return json::binary(std::move(b)); }

sio::packet make(packet_type type, std::string nsp = "/", std::optional<std::uint64_t> id = std::nullopt,
                 std::optional<json> data = std::nullopt) {
  sio::packet p;
  p.type = type;
  p.nsp = std::move(nsp);
  p.id = id;
  p.data = std::move(data);
  return p;
}

using outcome = sioc::result<std::optional<sio::packet>>;

outcome text(sio::decoder& d, std::string_view frame) { return d.feed(frame, false); }
outcome binary(sio::decoder& d, std::string_view frame) { return d.feed(frame, true); }

// The packet a feed delivered (failing the test if it delivered none).
sio::packet delivered(const outcome& r) {
  EXPECT_TRUE(r) << r.error_info().describe();
  if (!r) return {};
  EXPECT_TRUE(r->has_value());
  return r->value_or(sio::packet{});
}
bool waiting(const outcome& r) { return r && !r->has_value(); }

// ===========================================================================
// States: every (state, input kind) pair
// ===========================================================================

TEST(States, IdleTextPacketIsDeliveredAndTheDecoderStaysIdle) {
  sio::decoder d;
  // ref5 '2["a"]' '3/a,1[]' -> {"type":2,"nsp":"/","data":["a"]} then {"type":3,"nsp":"/a","id":1,"data":[]}
  EXPECT_EQ(delivered(text(d, R"(2["a"])")), make(packet_type::event, "/", {}, json{"a"}));
  EXPECT_EQ(d.current_state(), state::idle);
  EXPECT_EQ(delivered(text(d, "3/a,1[]")), make(packet_type::ack, "/a", 1, json::array()));
  EXPECT_EQ(d.current_state(), state::idle);
  EXPECT_EQ(d.attachments_pending(), 0u);
}

TEST(States, IdleBinaryPacketWaitsForItsAttachments) {
  sio::decoder d;
  EXPECT_TRUE(waiting(text(d, R"(52-["a",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}])")));
  EXPECT_EQ(d.current_state(), state::awaiting_attachments);
  EXPECT_EQ(d.attachments_pending(), 2u);
}

TEST(States, IdleInvalidTextFails) {
  sio::decoder d;
  const auto r = text(d, "2[{}]");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.code(), errc::invalid_payload);
  EXPECT_EQ(r.error_info().offset, 2u);
  EXPECT_EQ(d.current_state(), state::failed);
}

TEST(States, IdleBinaryFrameIsUnexpected) {
  // ref5 <01> -> ERR got binary data when not reconstructing a packet
  sio::decoder d;
  const auto r = binary(d, "\x01");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.code(), errc::unexpected_binary);
  EXPECT_EQ(r.error_info().offset, 0u);
  EXPECT_EQ(d.current_state(), state::failed);
}

TEST(States, AwaitingBinaryFrameIsCollectedUntilTheCount) {
  sio::decoder d;
  ASSERT_TRUE(waiting(text(d, R"(53-["a"])")));
  EXPECT_TRUE(waiting(binary(d, "x")));
  EXPECT_EQ(d.attachments_pending(), 2u);
  EXPECT_TRUE(waiting(binary(d, "y")));
  EXPECT_EQ(d.attachments_pending(), 1u);
  EXPECT_EQ(d.current_state(), state::awaiting_attachments);
}

TEST(States, AwaitingLastBinaryFrameDeliversAndReturnsToIdle) {
  sio::decoder d;
  ASSERT_TRUE(waiting(text(d, R"(51-["a",{"_placeholder":true,"num":0}])")));
  EXPECT_EQ(delivered(binary(d, "\x01\x02")), make(packet_type::event, "/", {}, json{"a", bytes({1, 2})}));
  EXPECT_EQ(d.current_state(), state::idle);
  EXPECT_EQ(d.attachments_pending(), 0u);
  // ref5 '51-[...]' <0102> <03> -> the packet, then ERR got binary data when not reconstructing a packet
  EXPECT_EQ(binary(d, "\x03").code(), errc::unexpected_binary);
}

TEST(States, AwaitingTextFrameIsUnexpected) {
  // ref5 '51-["a"]' '2["b"]' -> ok, ERR got plaintext data when reconstructing a packet
  sio::decoder d;
  ASSERT_TRUE(waiting(text(d, R"(51-["a"])")));
  const auto r = text(d, R"(2["b"])");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.code(), errc::unexpected_text);
  EXPECT_EQ(r.error_info().offset, 0u);
  EXPECT_EQ(d.current_state(), state::failed);
  EXPECT_EQ(d.attachments_pending(), 0u);
}

TEST(States, AwaitingAttachmentBeyondTheByteLimitFails) {
  sio::decode_options o;
  o.max_attachment_bytes = 4;
  sio::decoder d(o);
  ASSERT_TRUE(waiting(text(d, R"(51-["a"])")));
  const auto r = binary(d, "12345");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.code(), errc::payload_too_large);
  EXPECT_EQ(d.current_state(), state::failed);
}

TEST(States, FailedRepeatsTheErrorForEveryInput) {
  sio::decoder d;
  const auto first = text(d, "7");
  ASSERT_FALSE(first);
  for (int i = 0; i < 2; ++i) {
    for (const auto& r : {text(d, R"(2["fine"])"), binary(d, "\x01"), text(d, "")}) {
      ASSERT_FALSE(r);
      EXPECT_EQ(r.code(), errc::unknown_packet_type);
      EXPECT_EQ(r.error_info().offset, 0u);
      EXPECT_STREQ(r.error_info().message, first.error_info().message);
    }
  }
  EXPECT_EQ(d.current_state(), state::failed);
}

TEST(States, ResetReturnsToIdleFromEveryState) {
  sio::decoder d;
  d.reset();
  EXPECT_EQ(d.current_state(), state::idle);
  ASSERT_TRUE(waiting(text(d, R"(52-["a"])")));
  ASSERT_TRUE(waiting(binary(d, "x")));
  d.reset();
  EXPECT_EQ(d.current_state(), state::idle);
  EXPECT_EQ(d.attachments_pending(), 0u);
  EXPECT_EQ(binary(d, "y").code(), errc::unexpected_binary);  // the pending packet is gone
  d.reset();
  EXPECT_EQ(d.current_state(), state::idle);
  EXPECT_EQ(delivered(text(d, R"(2["a"])")).data, json{"a"});
}

// ===========================================================================
// Reassembly
// ===========================================================================

TEST(Reassembly, PlaceholdersTakeTheAttachmentTheyNumber) {
  // ref5 '52-["a",{"_placeholder":true,"num":1},[{"k":{"_placeholder":true,"num":0}}]]' <01> <02>
  //   -> {"type":2,"nsp":"/","data":["a",<02>,[{"k":<01>}]]}
  sio::decoder d;
  ASSERT_TRUE(waiting(text(d, R"(52-["a",{"_placeholder":true,"num":1},[{"k":{"_placeholder":true,"num":0}}]])")));
  ASSERT_TRUE(waiting(binary(d, "\x01")));
  const json expected = json{"a", bytes({2}), json::array({json{{"k", bytes({1})}}})};
  EXPECT_EQ(delivered(binary(d, "\x02")), make(packet_type::event, "/", {}, expected));
}

TEST(Reassembly, BinaryAckBecomesAnAckWithItsNamespaceAndId) {
  // ref5 '61-/x,7[{"_placeholder":true,"num":0}]' <> -> {"type":3,"nsp":"/x","id":7,"data":[<>]}
  sio::decoder d;
  ASSERT_TRUE(waiting(text(d, R"(61-/x,7[{"_placeholder":true,"num":0}])")));
  EXPECT_EQ(delivered(binary(d, "")), make(packet_type::ack, "/x", 7, json{bytes({})}));
}

TEST(Reassembly, EmptyAttachmentsAreValid) {
  // ref5 '53-["a",{"_placeholder":true,"num":2}]' <> <01> <> -> {"type":2,"nsp":"/","data":["a",<>]}
  sio::decoder d;
  ASSERT_TRUE(waiting(text(d, R"(53-["a",{"_placeholder":true,"num":2}])")));
  ASSERT_TRUE(waiting(binary(d, "")));
  ASSERT_TRUE(waiting(binary(d, "\x01")));
  EXPECT_EQ(delivered(binary(d, "")).data, (json{"a", bytes({})}));
}

TEST(Reassembly, NestedPlaceholdersInObjectsAndArrays) {
  sio::decoder d;
  ASSERT_TRUE(waiting(text(d,
                           R"(53-["up",{"files":[{"name":"a","body":{"_placeholder":true,"num":0}},)"
                           R"({"body":{"_placeholder":true,"num":2}}]},[[{"_placeholder":true,"num":1}]]])")));
  ASSERT_TRUE(waiting(binary(d, "A")));
  ASSERT_TRUE(waiting(binary(d, "B")));
  const json expected = json::array(
      {"up", json{{"files", json::array({json{{"name", "a"}, {"body", bytes({'A'})}}, json{{"body", bytes({'C'})}}})}},
       json::array({json::array({bytes({'B'})})})});
  EXPECT_EQ(delivered(binary(d, "C")).data, expected);
}

TEST(Reassembly, BytesAreKeptExactly) {
  sio::decoder d;
  const std::string all = [] {
    std::string s;
    for (int b = 0; b < 256; ++b) s.push_back(static_cast<char>(b));
    return s;
  }();
  ASSERT_TRUE(waiting(text(d, R"(51-["raw",{"_placeholder":true,"num":0}])")));
  const auto p = delivered(binary(d, all));
  ASSERT_TRUE(p.data);
  const auto& got = (*p.data)[1].get_binary();
  ASSERT_EQ(got.size(), 256u);
  EXPECT_EQ(std::memcmp(got.data(), all.data(), 256), 0);
  EXPECT_FALSE(got.has_subtype());
}

TEST(Reassembly, AttachmentsAreCopiedFromTheCallersBuffer) {
  sio::decoder d;
  ASSERT_TRUE(waiting(text(d, R"(52-["a",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}])")));
  std::string buffer = "first";
  ASSERT_TRUE(waiting(binary(d, buffer)));
  buffer = "other";
  const auto p = delivered(binary(d, buffer));
  EXPECT_EQ(p.data, (json{"a", bytes({'f', 'i', 'r', 's', 't'}), bytes({'o', 't', 'h', 'e', 'r'})}));
}

TEST(Reassembly, AnAttachmentMayBeReferencedMoreThanOnce) {
  // ref5 '51-["a",{"_placeholder":true,"num":0},{"k":{"_placeholder":true,"num":0}}]' <01>
  //   -> {"type":2,"nsp":"/","data":["a",<01>,{"k":<01>}]}
  sio::decoder d;
  ASSERT_TRUE(waiting(text(d, R"(51-["a",{"_placeholder":true,"num":0},{"k":{"_placeholder":true,"num":0}}])")));
  EXPECT_EQ(delivered(binary(d, "\x01")).data, (json{"a", bytes({1}), json{{"k", bytes({1})}}}));
}

TEST(Reassembly, UnreferencedAttachmentsAreDropped) {
  // ref5 '51-["a"]' <01> -> {"type":2,"nsp":"/","data":["a"]}
  sio::decoder d;
  ASSERT_TRUE(waiting(text(d, R"(51-["a"])")));
  EXPECT_EQ(delivered(binary(d, "\x01")), make(packet_type::event, "/", {}, json{"a"}));
}

TEST(Reassembly, StrictV4BinaryPacketsComeBackAsEventsAndAcks) {
  // 2.x servers handle type 5 as 2 and 6 as 3.
  sio::decoder d(strict4);
  ASSERT_TRUE(waiting(text(d, R"(51-["a",{"_placeholder":true,"num":0}])")));
  EXPECT_EQ(delivered(binary(d, "\x01\x02")), make(packet_type::event, "/", {}, json{"a", bytes({1, 2})}));
  ASSERT_TRUE(waiting(text(d, R"(61-/b,3[{"_placeholder":true,"num":0}])")));
  EXPECT_EQ(delivered(binary(d, "")), make(packet_type::ack, "/b", 3, json{bytes({})}));
}

TEST(Reassembly, ReferenceV4BinaryPacketsKeepTheirWireType) {
  // ref4 '51-["a",{"_placeholder":true,"num":0}]' <0102>
  //   -> {"type":5,"nsp":"/","data":["a",<0102>]} (vector sio4.decode.binary-event)
  sio::decoder d(reference4);
  ASSERT_TRUE(waiting(text(d, R"(51-["a",{"_placeholder":true,"num":0}])")));
  EXPECT_EQ(delivered(binary(d, "\x01\x02")), make(packet_type::binary_event, "/", {}, json{"a", bytes({1, 2})}));
  ASSERT_TRUE(waiting(text(d, R"(61-/b,3[{"_placeholder":true,"num":0}])")));
  EXPECT_EQ(delivered(binary(d, "")), make(packet_type::binary_ack, "/b", 3, json{bytes({})}));
}

TEST(Reassembly, V4StrictZeroAttachmentsDeliverAtOnceAndStayUsable) {
  // ref4 '50-["a"]' -> {"type":5,"attachments":0,"nsp":"/","data":["a"]} at once
  sio::decoder d(strict4);
  EXPECT_EQ(delivered(text(d, R"(50-["a"])")), make(packet_type::event, "/", {}, json{"a"}));
  EXPECT_EQ(d.current_state(), state::idle);
  EXPECT_EQ(delivered(text(d, R"(2["next"])")).data, json{"next"});
}

// ===========================================================================
// Limits
// ===========================================================================

TEST(Limits, AttachmentBytesAreCheckedBeforeEachCopy) {
  sio::decode_options o;
  o.max_attachment_bytes = 10;
  sio::decoder d(o);
  ASSERT_TRUE(waiting(text(d, R"(53-["a"])")));
  ASSERT_TRUE(waiting(binary(d, "123456")));
  const auto r = binary(d, "78901");  // 11 bytes in all
  ASSERT_FALSE(r);
  EXPECT_EQ(r.code(), errc::payload_too_large);
  EXPECT_EQ(r.error_info().offset, 4u);  // the first byte beyond the limit, in this frame
  EXPECT_NE(std::strstr(r.error_info().message, "decode_options::max_attachment_bytes"), nullptr);
}

TEST(Limits, AttachmentBytesUpToTheLimitAreAccepted) {
  sio::decode_options o;
  o.max_attachment_bytes = 10;
  sio::decoder d(o);
  ASSERT_TRUE(waiting(text(d, R"(53-["a",{"_placeholder":true,"num":1}])")));
  ASSERT_TRUE(waiting(binary(d, "123456")));
  ASSERT_TRUE(waiting(binary(d, "")));
  EXPECT_EQ(delivered(binary(d, "7890")).data, (json{"a", bytes({})}));
  // The count starts again with the next packet.
  ASSERT_TRUE(waiting(text(d, R"(51-["b",{"_placeholder":true,"num":0}])")));
  EXPECT_EQ(delivered(binary(d, "0123456789")).data,
            (json{"b", bytes({'0', '1', '2', '3', '4', '5', '6', '7', '8', '9'})}));
}

TEST(Limits, RepeatedPlaceholdersCountTowardsTheByteLimit) {
  sio::decode_options o;
  o.max_attachment_bytes = 10;
  sio::decoder d(o);
  // 4 bytes used three times: 12 bytes of output.
  ASSERT_TRUE(waiting(text(
      d, R"(51-["a",{"_placeholder":true,"num":0},{"_placeholder":true,"num":0},{"_placeholder":true,"num":0}])")));
  const auto r = binary(d, "abcd");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.code(), errc::payload_too_large);
  EXPECT_EQ(r.error_info().offset, 0u);
  // Twice is 8 bytes: fine.
  d.reset();
  ASSERT_TRUE(waiting(text(d, R"(51-["a",{"_placeholder":true,"num":0},{"_placeholder":true,"num":0}])")));
  EXPECT_EQ(delivered(binary(d, "abcd")).data, (json{"a", bytes({'a', 'b', 'c', 'd'}), bytes({'a', 'b', 'c', 'd'})}));
}

TEST(Limits, TextFramesAreBoundedByMaxPacketBytes) {
  sio::decode_options o;
  o.max_packet_bytes = 16;
  sio::decoder d(o);
  const auto r = text(d, R"(2["0123456789abcdef"])");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.code(), errc::payload_too_large);
  EXPECT_EQ(r.error_info().offset, 16u);
}

TEST(Limits, DeclaredAttachmentsAreBoundedByMaxAttachments) {
  // ref5 '511-["a"]' -> ERR too many attachments
  sio::decoder d;
  const auto r = text(d, R"(511-["a"])");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.code(), errc::too_many_attachments);
  EXPECT_EQ(r.error_info().offset, 1u);
  EXPECT_NE(std::strstr(r.error_info().message, "decode_options::max_attachments"), nullptr);
}

// ===========================================================================
// Advisories
// ===========================================================================

TEST(Advisory, CVE_2022_2421_StrictRefusesABadPlaceholderWithTheTextFrame) {
  sio::decoder d;
  const auto r = text(d, R"(51-["a",{"_placeholder":true,"num":"splice"}])");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.code(), errc::invalid_placeholder);
  EXPECT_EQ(r.error_info().offset, 8u);
  EXPECT_EQ(binary(d, "\x01").code(), errc::invalid_placeholder);  // sticky
}

TEST(Advisory, CVE_2022_2421_ReferenceRefusesABadPlaceholderWithTheLastAttachment) {
  // ref5 '51-["a",{"_placeholder":true,"num":"splice"}]' <01> -> ok, ERR illegal attachments;
  // likewise "0", -1, 1, a missing num, and (ref5 and ref4) a repeated num key whose last value is 7.
  for (auto header : {R"(51-["a",{"_placeholder":true,"num":"splice"}])"sv,
                      R"(51-["a",{"_placeholder":true,"num":"0"}])"sv,
                      R"(51-["a",{"_placeholder":true,"num":-1}])"sv,
                      R"(51-["a",{"_placeholder":true,"num":1}])"sv,
                      R"(51-["a",{"_placeholder":true}])"sv,
                      R"(51-["a",{"_placeholder":true,"num":0,"num":7}])"sv,
                      R"(51-["a",{"k":[{"_placeholder":true,"num":1e300}]}])"sv}) {
    for (const auto& o : {reference5, reference4}) {
      sio::decoder d(o);
      ASSERT_TRUE(waiting(text(d, header))) << header;
      const auto r = binary(d, "\x01");
      ASSERT_FALSE(r) << header;
      EXPECT_EQ(r.code(), errc::invalid_placeholder);
      EXPECT_EQ(r.error_info().offset, 0u);
      EXPECT_EQ(d.current_state(), state::failed);
    }
  }
}

TEST(Advisory, GHSA_677m_j7p3_52f9_AHugeDeclaredCountIsRefusedUpFront) {
  for (const auto& o : {strict5, reference5, strict4, reference4}) {
    sio::decoder d(o);
    const auto r = text(d, R"(5999999999-["a"])");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.code(), errc::too_many_attachments);
    EXPECT_EQ(d.attachments_pending(), 0u);
  }
}

TEST(Advisory, GHSA_2m8v_j782_fhvr_ZeroDeclaredAttachments) {
  // ref5 '50-["a"]' -> ERR Illegal attachments
  sio::decoder v5(reference5);
  EXPECT_EQ(text(v5, R"(50-["a"])").code(), errc::invalid_attachment_count);
  // ref4 '5-' <01> <01> '2["x"]' -> {"type":5,"attachments":0,"nsp":"/"}, ok, ok,
  //   ERR got plaintext data when reconstructing a packet: 3.4.3 keeps every
  //   later binary frame; we keep none.
  sio::decoder v4(reference4);
  EXPECT_EQ(delivered(text(v4, "5-")), make(packet_type::binary_event));
  EXPECT_EQ(v4.current_state(), state::awaiting_attachments);
  EXPECT_EQ(v4.attachments_pending(), sio::packet_view::endless);
  const std::string mib(1 << 20, 'x');
  for (int i = 0; i < 64; ++i) ASSERT_TRUE(waiting(binary(v4, mib)));
  EXPECT_EQ(text(v4, R"(2["x"])").code(), errc::unexpected_text);
  // Strict v4 delivers and carries on.
  sio::decoder strict(strict4);
  EXPECT_EQ(delivered(text(strict, R"(50-["a"])")).data, json{"a"});
  EXPECT_EQ(binary(strict, "\x01").code(), errc::unexpected_binary);
}

TEST(Advisory, GHSA_55mf_67qm_4wpg_AttachmentBytesPerPacketAreBounded) {
  sio::decode_options o;
  o.max_attachment_bytes = 1 << 20;
  sio::decoder d(o);
  ASSERT_TRUE(waiting(text(d, R"(510-["a"])")));
  const std::string chunk(300'000, 'x');
  ASSERT_TRUE(waiting(binary(d, chunk)));
  ASSERT_TRUE(waiting(binary(d, chunk)));
  ASSERT_TRUE(waiting(binary(d, chunk)));
  const auto r = binary(d, chunk);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.code(), errc::payload_too_large);
  EXPECT_EQ(r.error_info().offset, (1u << 20) - 900'000u);
  // A partial packet never completes on its own: reset() drops it.
  d.reset();
  ASSERT_TRUE(waiting(text(d, R"(52-["a"])")));
  ASSERT_TRUE(waiting(binary(d, chunk)));
  d.reset();
  EXPECT_EQ(d.attachments_pending(), 0u);
  EXPECT_EQ(delivered(text(d, R"(2["a"])")).data, json{"a"});
}

// ===========================================================================
// Reference dialect
// ===========================================================================

TEST(Reference, FractionalNumPicksNoAttachment) {
  // ref5 '51-["a",{"_placeholder":true,"num":0.5},{"x":{"_placeholder":true,"num":0.5},"y":1}]' <0102>
  //   -> {"type":2,"nsp":"/","data":["a",null,{"y":1}]}: undefined, as JSON.stringify writes it.
  for (const auto& o : {reference5, reference4}) {
    sio::decoder d(o);
    ASSERT_TRUE(waiting(
        text(d, R"(51-["a",{"_placeholder":true,"num":0.5},{"x":{"_placeholder":true,"num":0.5},"y":1}])")));
    EXPECT_EQ(delivered(binary(d, "\x01\x02")).data, json::parse(R"(["a",null,{"y":1}])"));
  }
}

TEST(Reference, PlaceholderWithExtraKeysIsStillAPlaceholder) {
  // ref5 '51-["a",{"_placeholder":true,"num":0,"extra":{"_placeholder":true,"num":9}}]' <01>
  //   -> {"type":2,"nsp":"/","data":["a",<01>]}
  sio::decoder d(reference5);
  ASSERT_TRUE(waiting(text(d, R"(51-["a",{"_placeholder":true,"num":0,"extra":{"_placeholder":true,"num":9}}])")));
  EXPECT_EQ(delivered(binary(d, "\x01")).data, (json{"a", bytes({1})}));
}

TEST(Reference, TheLastPlaceholderKeyDecides) {
  // ref5 '51-["a",{"_placeholder":false,"_placeholder":true,"num":0}]' <01> -> ["a",<01>]
  // ref5 '51-["a",{"_placeholder":1,"num":0}]' <01> -> ["a",{"_placeholder":1,"num":0}]
  sio::decoder d(reference5);
  ASSERT_TRUE(waiting(text(d, R"(51-["a",{"_placeholder":false,"_placeholder":true,"num":0}])")));
  EXPECT_EQ(delivered(binary(d, "\x01")).data, (json{"a", bytes({1})}));
  ASSERT_TRUE(waiting(text(d, R"(51-["a",{"_placeholder":1,"num":0},{"_placeholder":true,"_placeholder":false}])")));
  EXPECT_EQ(delivered(binary(d, "\x01")).data,
            json::parse(R"(["a",{"_placeholder":1,"num":0},{"_placeholder":false}])"));
}

TEST(Reference, NumIsAnyNumberInRange) {
  // ref5 '51-["a",{"_placeholder":true,"num":-0}]' <01> -> ["a",<01>]; "num":1e-400 likewise
  for (auto header : {R"(51-["a",{"_placeholder":true,"num":-0}])"sv,
                      R"(51-["a",{"_placeholder":true,"num":1e-400}])"sv,
                      R"(51-["a",{"_placeholder":true,"num":0.0}])"sv,
                      R"(51-["a",{"_placeholder":true,"num":-0.0}])"sv}) {
    sio::decoder d(reference5);
    ASSERT_TRUE(waiting(text(d, header))) << header;
    EXPECT_EQ(delivered(binary(d, "\x01")).data, (json{"a", bytes({1})})) << header;
  }
}

TEST(Reference, BinaryPacketWithoutPayloadIsDeliveredWithoutData) {
  // ref5 '51-' <01> -> {"type":2,"nsp":"/"}
  sio::decoder d(reference5);
  ASSERT_TRUE(waiting(text(d, "51-")));
  EXPECT_EQ(delivered(binary(d, "\x01")), make(packet_type::event));
}

TEST(Reference, V4ZeroCountDeliversAtOnceAndThenWaitsForEver) {
  // ref4 '50-["a",{"_placeholder":true,"num":0}]' -> {"type":5,"attachments":0,"nsp":"/",
  //   "data":["a",{"_placeholder":true,"num":0}]}: no reconstruction, placeholders stay.
  sio::decoder d(reference4);
  EXPECT_EQ(delivered(text(d, R"(50-["a",{"_placeholder":true,"num":0}])")).data,
            json::parse(R"(["a",{"_placeholder":true,"num":0}])"));
  EXPECT_EQ(d.current_state(), state::awaiting_attachments);
  EXPECT_TRUE(waiting(binary(d, "\x01")));
  EXPECT_TRUE(waiting(binary(d, "\x02")));
  EXPECT_EQ(d.attachments_pending(), sio::packet_view::endless);
  EXPECT_EQ(text(d, R"(2["x"])").code(), errc::unexpected_text);
}

TEST(Reference, V4FractionalCountNeverCompletes) {
  // ref4 '51.5-["a"]' <01> <02> '2["x"]' -> ok, ok, ok, ERR got plaintext data when reconstructing a packet
  sio::decoder d(reference4);
  EXPECT_TRUE(waiting(text(d, R"(51.5-["a"])")));
  EXPECT_EQ(d.attachments_pending(), sio::packet_view::endless);
  EXPECT_TRUE(waiting(binary(d, "\x01")));
  EXPECT_TRUE(waiting(binary(d, "\x02")));
  EXPECT_EQ(text(d, R"(2["x"])").code(), errc::unexpected_text);
}

TEST(Reference, V4UnknownTypeIsAParserErrorPacket) {
  // ref4 '7' '2["x"]' -> {"type":4,"data":"parser error: unknown packet type 7"}, then
  //   {"type":2,"nsp":"/","data":["x"]}: 2.x servers drop that namespace-less ERROR packet.
  sio::decoder d(reference4);
  EXPECT_EQ(delivered(text(d, "7")), make(packet_type::connect_error, "", {}, "parser error: unknown packet type 7"));
  EXPECT_EQ(d.current_state(), state::idle);
  EXPECT_EQ(delivered(text(d, R"(2["x"])")), make(packet_type::event, "/", {}, json{"x"}));
  // ref4 '["a"]' -> {"type":4,"data":"parser error: unknown packet type NaN"} (sio4.decode.unknown-type-json)
  EXPECT_EQ(delivered(text(d, R"(["a"])")).data, json("parser error: unknown packet type NaN"));
}

TEST(Reference, V5UnknownTypeIsAnError) {
  sio::decoder d(reference5);
  EXPECT_EQ(text(d, "7").code(), errc::unknown_packet_type);
  EXPECT_EQ(d.current_state(), state::failed);
}

TEST(Reference, QuirksOfTheTextFrameCarryThrough) {
  // ref5 '2 1 ["a"]' -> {"type":2,"nsp":"/","id":1,"data":["a"]}
  sio::decoder d(reference5);
  EXPECT_EQ(delivered(text(d, R"(2 1 ["a"])")), make(packet_type::event, "/", 1, json{"a"}));
  // ref5 '5 1-["a",{"_placeholder":true,"num":0}]' <01> -> {"type":2,"nsp":"/","data":["a",<01>]}
  ASSERT_TRUE(waiting(text(d, R"(5 1-["a",{"_placeholder":true,"num":0}])")));
  EXPECT_EQ(delivered(binary(d, "\x01")).data, (json{"a", bytes({1})}));
}

// ===========================================================================
// Feeding into a packet the caller reuses
// ===========================================================================

// What an earlier packet leaves in the packet a receive loop reuses.
sio::packet earlier() {
  return make(packet_type::ack, "/earlier", 9, json{{"k", json::array({1, "s", json{{"a", nullptr}}})}, {"z", 2.5}});
}

TEST(FeedInto, ATextPacketReplacesWhatThePacketHeld) {
  sio::decoder d;
  sio::packet out = earlier();
  const auto r = d.feed(R"(2/chat,["a",{"b":[1]}])", false, out);
  ASSERT_TRUE(r) << r.error_info().describe();
  EXPECT_TRUE(*r);
  EXPECT_EQ(out, make(packet_type::event, "/chat", {}, json{"a", json{{"b", json::array({1})}}}));
  EXPECT_EQ(d.current_state(), state::idle);
}

TEST(FeedInto, ABinaryPacketCompletesWithItsLastAttachment) {
  sio::decoder d;
  sio::packet out = earlier();
  auto r = d.feed(R"(51-/x,4["a",{"_placeholder":true,"num":0}])", false, out);
  ASSERT_TRUE(r) << r.error_info().describe();
  EXPECT_FALSE(*r);
  EXPECT_EQ(d.attachments_pending(), 1u);
  r = d.feed("\x01\x02", true, out);
  ASSERT_TRUE(r) << r.error_info().describe();
  EXPECT_TRUE(*r);
  EXPECT_EQ(out, make(packet_type::event, "/x", 4, json{"a", bytes({1, 2})}));
  EXPECT_EQ(d.current_state(), state::idle);
}

// Feeds `frames` to one decoder through feed(data, binary), which returns new
// packets, and to another that decodes into `out`: every packet delivered
// must be the same.
void expect_same_packets_as_feed(const std::vector<std::pair<std::string_view, bool>>& frames, sio::packet& out) {
  sio::decoder plain;
  sio::decoder into;
  for (const auto& [frame, is_binary] : frames) {
    const outcome want = plain.feed(frame, is_binary);
    const auto got = into.feed(frame, is_binary, out);
    ASSERT_TRUE(want && got) << frame;
    ASSERT_EQ(*got, want->has_value()) << frame;
    if (*got) {
      EXPECT_EQ(out, **want) << frame;
    }
  }
}

TEST(FeedInto, GivesTheSamePacketsAsFeedForEveryFrameOfAConnection) {
  const std::vector<std::pair<std::string_view, bool>> frames = {
      {R"(2["a",1])", false},
      {R"(52-["b",{"_placeholder":true,"num":1},{"_placeholder":true,"num":0}])", false},
      {"\x03", true},
      {"\x04\x05", true},
      {R"(3/a,7[{"x":null}])", false},
      {"0/admin,", false},
      {R"(61-7[{"_placeholder":true,"num":0}])", false},
      {"", true},
  };
  sio::packet out = earlier();
  expect_same_packets_as_feed(frames, out);
}

// The binary values a packet held are reused for the next attachments, and
// the placeholder objects the attachments replace for the next placeholders:
// none of that may show in the packets.
TEST(FeedInto, RecyclingAttachmentsNeverMixesThemUp) {
  const std::vector<std::pair<std::string_view, bool>> frames = {
      {R"(52-["b",{"x":{"_placeholder":true,"num":1}},[{"_placeholder":true,"num":0}]])", false},
      {"\x03\x03\x03", true},
      {"\x04", true},
      // The same places, the attachments the other way round and of other sizes.
      {R"(52-["b",{"x":{"_placeholder":true,"num":0}},[{"_placeholder":true,"num":1}]])", false},
      {"\x05\x05", true},
      {"", true},
      // One attachment placed twice, where two were.
      {R"(51-["b",{"x":{"_placeholder":true,"num":0}},[{"_placeholder":true,"num":0}]])", false},
      {"\x06\x06\x06\x06", true},
      // Objects that are not placeholders where the attachments were.
      {R"(2["b",{"x":{"_placeholder":false,"num":0}},[{"y":1}]])", false},
      {R"(51-["b",{"x":{"_placeholder":true,"num":0}},[{"y":[{"_placeholder":true,"num":0}]}]])", false},
      {"\x07", true},
      {R"(53-["c",{"_placeholder":true,"num":2},{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}])", false},
      {"\x08", true},
      {"\x09", true},
      {"\x0a", true},
  };
  // An attachment the packet held with a subtype, where the first one goes.
  sio::packet out = make(packet_type::event, "/", {}, json{"b", json{{"x", json::binary({1, 2}, 42)}}});
  ASSERT_NO_FATAL_FAILURE(expect_same_packets_as_feed(frames, out));
  EXPECT_EQ(out.data, (json{"c", bytes({10}), bytes({8}), bytes({9})}));
}

TEST(FeedInto, BinaryPacketsOfOneShapeAllocateNothingOnceWarm) {
  const std::string text = R"(52-["upload",{"name":"photo.jpg","a":{"_placeholder":true,"num":0},)"
                           R"("b":[{"_placeholder":true,"num":1}]}])";
  const std::string first(300, 'a');
  const std::string second(200, 'b');
  sio::decoder d;
  sio::packet out;
  const auto feed_all = [&] {
    const auto a = d.feed(text, false, out);
    const auto b = d.feed(first, true, out);
    const auto c = d.feed(second, true, out);
    return a && !*a && b && !*b && c && *c;
  };
  // The attachments trade buffers from packet to packet; a few rounds let
  // every buffer grow to the larger size.
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(feed_all());
  const std::size_t before = sioc_test::allocations();
  for (int i = 0; i < 100; ++i) ASSERT_TRUE(feed_all());
  EXPECT_EQ(sioc_test::allocations(), before);
  const auto as_bytes = [](const std::string& s) { return json::binary(std::vector<std::uint8_t>(s.begin(), s.end())); };
  EXPECT_EQ(out, make(packet_type::event, "/", {},
                      json{"upload", json{{"name", "photo.jpg"}, {"a", as_bytes(first)}, {"b", json{as_bytes(second)}}}}));
}

TEST(FeedInto, AnErrorLeavesThePacketAsItWas) {
  sio::decoder d;
  sio::packet out = earlier();
  const auto r = d.feed(R"(2["a",])", false, out);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.code(), errc::invalid_json);
  EXPECT_EQ(out, earlier());
  EXPECT_EQ(d.current_state(), state::failed);
  EXPECT_EQ(d.feed(R"(2["a"])", false, out).code(), errc::invalid_json);
  EXPECT_EQ(out, earlier());
}

TEST(FeedInto, AnAttachmentErrorLeavesThePacketAsItWas) {
  sio::decode_options o;
  o.max_attachment_bytes = 2;
  sio::decoder d(o);
  sio::packet out = earlier();
  ASSERT_TRUE(d.feed(R"(51-["a",{"_placeholder":true,"num":0}])", false, out));
  const sio::packet before = out;
  const auto r = d.feed("\x01\x02\x03", true, out);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.code(), errc::payload_too_large);
  EXPECT_EQ(out, before);
}

}  // namespace
