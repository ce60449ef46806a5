// Engine.IO v4: single packets and polling payloads.
// Expected wire forms come from engine.io-parser@5.2.3 (vectors/node_modules/eio4):
//   node -e 'const p=require("eio4"); console.log(JSON.stringify(p.decodePacket("2probe")))'
// or from the protocol's own examples.
#include <sioc/eio.hpp>

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

using namespace std::string_view_literals;
using sioc::dialect;
using sioc::errc;
namespace eio = sioc::eio;
using eio::packet;
using eio::packet_type;

eio::decode_options reference_dialect() {
  eio::decode_options o;
  o.mode = dialect::reference;
  return o;
}

TEST(Packet, EveryTypeDigitDecodesToItsType) {
  const packet_type types[] = {packet_type::open,    packet_type::close,   packet_type::ping, packet_type::pong,
                               packet_type::message, packet_type::upgrade, packet_type::noop};
  std::string storage;
  for (int digit = 0; digit <= 6; ++digit) {
    const std::string frame(1, static_cast<char>('0' + digit));
    auto r = eio::decode_packet(frame, storage);
    ASSERT_TRUE(r) << frame;
    EXPECT_EQ(r->type, types[digit]);
    EXPECT_FALSE(r->binary);
    EXPECT_TRUE(r->data.empty());
  }
}

TEST(Packet, EveryTypeEncodesToItsDigit) {
  const char* names[] = {"open", "close", "ping", "pong", "message", "upgrade", "noop"};
  for (int t = 0; t <= 6; ++t) {
    std::string out;
    EXPECT_EQ(eio::encode_packet(packet::text(static_cast<packet_type>(t)), out), eio::frame_kind::text);
    EXPECT_EQ(out, std::string(1, static_cast<char>('0' + t)));
    EXPECT_STREQ(eio::to_string(static_cast<packet_type>(t)), names[t]);
  }
}

TEST(Packet, TextDataFollowsTheTypeDigit) {
  std::string storage;
  auto r = eio::decode_packet("4hello", storage);
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, packet::text(packet_type::message, "hello"));
  auto probe = eio::decode_packet("2probe", storage);
  ASSERT_TRUE(probe);
  EXPECT_EQ(*probe, packet::text(packet_type::ping, "probe"));
  std::string out;
  eio::encode_packet(packet::text(packet_type::pong, "probe"), out);
  EXPECT_EQ(out, "3probe");
}

TEST(Packet, DecodedTextViewsTheCallersFrame) {
  const std::string frame = "4hello";
  std::string storage;
  auto r = eio::decode_packet(frame, storage);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->data.data(), frame.data() + 1);
}

TEST(Packet, BinaryFrameIsAMessageOfItsBytes) {
  const std::string frame("\x01\x02\x00\x04", 4);
  auto r = eio::decode_binary_packet(frame);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->type, packet_type::message);
  EXPECT_TRUE(r->binary);
  EXPECT_EQ(r->data, frame);
  EXPECT_EQ(r->data.data(), frame.data());
  std::string out;
  EXPECT_EQ(eio::encode_packet(*r, out), eio::frame_kind::binary);
  EXPECT_EQ(out, frame);
}

// Reference: decodePacket("bAQID") -> message <01 02 03>; decodePacket("b") -> message <>.
TEST(Packet, Base64FormIsABinaryMessage) {
  std::string storage;
  auto r = eio::decode_packet("bAQID", storage);
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, packet::bytes("\x01\x02\x03"));
  EXPECT_EQ(r->data.data(), storage.data());
  auto empty = eio::decode_packet("b", storage);
  ASSERT_TRUE(empty);
  EXPECT_EQ(*empty, packet::bytes(""));
}

// Reference: encodePacket({type:"message",data:<01 02 03>}, false) -> "bAQID".
TEST(Packet, Base64EncodingOfABinaryMessage) {
  std::string out;
  eio::encode_packet_base64(packet::bytes("\x01\x02\x03"), out);
  EXPECT_EQ(out, "bAQID");
  EXPECT_EQ(eio::encoded_size(packet::bytes("\x01\x02\x03"), true), out.size());
  out.clear();
  eio::encode_packet_base64(packet::text(packet_type::message, "hi"), out);
  EXPECT_EQ(out, "4hi");
}

TEST(Packet, EncodersAppendToTheCallersBuffer) {
  std::string out = "prefix:";
  eio::encode_packet(packet::text(packet_type::message, "x"), out);
  EXPECT_EQ(out, "prefix:4x");
}

TEST(Packet, EncodedSizeIsExact) {
  const packet samples[] = {packet::text(packet_type::noop), packet::text(packet_type::message, "h\xc3\xa9llo"),
                            packet::bytes(""), packet::bytes("\x01"), packet::bytes("\x01\x02"),
                            packet::bytes("\x01\x02\x03\x04")};
  for (const auto& p : samples) {
    std::string ws, polling;
    eio::encode_packet(p, ws);
    eio::encode_packet_base64(p, polling);
    EXPECT_EQ(eio::encoded_size(p), ws.size());
    EXPECT_EQ(eio::encoded_size(p, true), polling.size());
  }
}

TEST(Packet, EmptyFrameIsAnError) {
  std::string storage;
  auto r = eio::decode_packet("", storage);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.code(), errc::empty_packet);
  EXPECT_EQ(r.error_info().offset, 0u);
}

TEST(Packet, TypeOutsideZeroToSixIsAnError) {
  std::string storage;
  for (auto frame : {"7"sv, "9x"sv, "x4"sv, "-1"sv, " 4"sv}) {
    auto r = eio::decode_packet(frame, storage);
    ASSERT_FALSE(r) << frame;
    EXPECT_EQ(r.code(), errc::unknown_packet_type);
    EXPECT_EQ(r.error_info().offset, 0u);
  }
}

TEST(Packet, StrictRejectsInvalidUtf8Text) {
  std::string storage;
  auto r = eio::decode_packet("4ok\xff", storage);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.code(), errc::invalid_utf8);
  EXPECT_EQ(r.error_info().offset, 3u);
}

TEST(Packet, ReferencePassesTextBytesThrough) {
  std::string storage;
  auto r = eio::decode_packet("4ok\xff", storage, reference_dialect());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->data, "ok\xff");
}

TEST(Packet, StrictRejectsNonCanonicalBase64) {
  std::string storage;
  auto r = eio::decode_packet("bAQIDBA", storage);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.code(), errc::invalid_base64);
  EXPECT_EQ(r.error_info().offset, 7u);  // 'b' + the six characters
}

// Reference: decodePacket("bAQIDBA") -> message <01 02 03 04>.
TEST(Packet, ReferenceAcceptsUnpaddedBase64) {
  std::string storage;
  auto r = eio::decode_packet("bAQIDBA", storage, reference_dialect());
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, packet::bytes("\x01\x02\x03\x04"));
}

TEST(Packet, FrameOverTheLimitIsRefused) {
  eio::decode_options o;
  o.max_payload_bytes = 4;
  std::string storage;
  auto r = eio::decode_packet("4hello", storage, o);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.code(), errc::payload_too_large);
  EXPECT_NE(std::string(r.error_info().message).find("max_payload_bytes"), std::string::npos);
  EXPECT_FALSE(eio::decode_binary_packet("12345", o));
  EXPECT_TRUE(eio::decode_packet("4hel", storage, o));
}

TEST(Packet, OwnedCopySurvivesTheInput) {
  eio::owned_packet owned;
  {
    std::string frame = "4temporary";
    std::string storage;
    auto r = eio::decode_packet(frame, storage);
    ASSERT_TRUE(r);
    owned = eio::to_owned(*r);
  }
  EXPECT_EQ(owned.view(), packet::text(packet_type::message, "temporary"));
}

TEST(Packet, ValueOfAFailedResultIsAProgrammingError) {
  std::string storage;
  auto r = eio::decode_packet("", storage);
  EXPECT_THROW((void)r.value(), std::logic_error);
}

// ---- polling payloads ----

// Reference: decodePayload("4hello\x1ebAQIDBA==") -> [message "hello", message <01 02 03 04>].
TEST(Payload, PacketsAreSeparatedByRecordSeparator) {
  eio::payload p;
  auto r = eio::decode_payload("4hello\x1e" "bAQIDBA==", p);
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, 2u);
  ASSERT_EQ(p.size(), 2u);
  EXPECT_EQ(p[0], packet::text(packet_type::message, "hello"));
  EXPECT_EQ(p[1], packet::bytes("\x01\x02\x03\x04"));
}

TEST(Payload, ControlPacketsWithoutData) {
  eio::payload p;
  ASSERT_TRUE(eio::decode_payload("2\x1e" "3\x1e" "6", p));
  ASSERT_EQ(p.size(), 3u);
  EXPECT_EQ(p[0].type, packet_type::ping);
  EXPECT_EQ(p[1].type, packet_type::pong);
  EXPECT_EQ(p[2].type, packet_type::noop);
}

// Reference: decodePayload("4a\x1e\x1e4b") -> [message "a", error].
TEST(Payload, EmptyElementIsAnErrorAfterTheGoodPrefix) {
  eio::payload p;
  auto r = eio::decode_payload("4a\x1e\x1e" "4b", p);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.code(), errc::empty_packet);
  EXPECT_EQ(r.error_info().offset, 3u);
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0], packet::text(packet_type::message, "a"));
}

// Reference: decodePayload("4a\x1e") -> [message "a", error]; decodePayload("") -> [error].
TEST(Payload, TrailingSeparatorAndEmptyBodyAreErrors) {
  eio::payload p;
  auto trailing = eio::decode_payload("4a\x1e", p);
  ASSERT_FALSE(trailing);
  EXPECT_EQ(trailing.error_info().offset, 3u);
  auto empty = eio::decode_payload("", p);
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.code(), errc::empty_packet);
  EXPECT_EQ(p.size(), 0u);
}

// Reference: decodePayload("4a\x1e9b\x1e4c") -> [message "a", error].
TEST(Payload, UnknownTypeStopsDecodingWithItsOffset) {
  eio::payload p;
  auto r = eio::decode_payload("4a\x1e" "9b\x1e" "4c", p);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.code(), errc::unknown_packet_type);
  EXPECT_EQ(r.error_info().offset, 3u);
  EXPECT_EQ(p.size(), 1u);
}

TEST(Payload, ErrorOffsetsPointIntoTheBody) {
  eio::payload p;
  auto r = eio::decode_payload("4a\x1e" "bAQ!D", p);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.code(), errc::invalid_base64);
  EXPECT_EQ(r.error_info().offset, 6u);
  auto u = eio::decode_payload("4a\x1e" "4\xc3", p);
  ASSERT_FALSE(u);
  EXPECT_EQ(u.code(), errc::invalid_utf8);
  EXPECT_EQ(u.error_info().offset, 4u);
}

// CVE-2020-36048: a large body must be refused before any work on its contents.
TEST(Payload, BodyOverMaxPayloadIsRefused) {
  eio::decode_options o;
  o.max_payload_bytes = 100;
  const std::string body(101, '6');
  eio::payload p;
  auto r = eio::decode_payload(body, p, o);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.code(), errc::payload_too_large);
  EXPECT_EQ(r.error_info().offset, 100u);
  EXPECT_EQ(p.size(), 0u);
}

TEST(Payload, PacketCountIsLimited) {
  eio::decode_options o;
  o.max_packets = 3;
  eio::payload p;
  EXPECT_TRUE(eio::decode_payload("6\x1e" "6\x1e" "6", p, o));
  auto r = eio::decode_payload("6\x1e" "6\x1e" "6\x1e" "6", p, o);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.code(), errc::too_many_packets);
  EXPECT_EQ(r.error_info().offset, 6u);
  EXPECT_NE(std::string(r.error_info().message).find("max_packets"), std::string::npos);
}

TEST(Payload, BinaryViewsSurviveMovingThePayload) {
  eio::payload p;
  ASSERT_TRUE(eio::decode_payload("bAQ==\x1e" "bAgM=\x1e" "4t", p));
  eio::payload moved = std::move(p);
  ASSERT_EQ(moved.size(), 3u);
  EXPECT_EQ(moved[0], packet::bytes("\x01"));
  EXPECT_EQ(moved[1], packet::bytes("\x02\x03"));
  EXPECT_EQ(moved[2], packet::text(packet_type::message, "t"));
}

// Many short unpadded base64 packets: the reference dialect decodes each to
// fewer bytes than its worst case, and the storage must never move under the
// packets already decoded.
TEST(Payload, ManyShortBase64PacketsKeepTheirBytes) {
  std::string body;
  for (int i = 0; i < 100; ++i) body += i == 0 ? "bAAAAA" : "\x1e" "bAAAAA";
  eio::payload p;
  ASSERT_TRUE(eio::decode_payload(body, p, reference_dialect()));
  ASSERT_EQ(p.size(), 100u);
  // Reference: Buffer.from("AAAAA", "base64") -> <00 00 00>.
  for (const auto& q : p) EXPECT_EQ(q, packet::bytes("\0\0\0"sv));
}

TEST(Payload, ReusingAPayloadReplacesItsPackets) {
  eio::payload p;
  ASSERT_TRUE(eio::decode_payload("4a\x1e" "4b", p));
  ASSERT_TRUE(eio::decode_payload("bAQ==", p));
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0], packet::bytes("\x01"));
}

// Reference: encodePayload([message "hello", message <01 02 03 04>, ping]) -> "4hello\x1ebAQIDBA==\x1e2".
TEST(Payload, EncodeJoinsPacketsWithBinaryAsBase64) {
  const packet packets[] = {packet::text(packet_type::message, "hello"), packet::bytes("\x01\x02\x03\x04"),
                            packet::text(packet_type::ping)};
  std::string out;
  EXPECT_EQ(*eio::encode_payload(packets, 3, out), 3u);
  EXPECT_EQ(out, "4hello\x1e" "bAQIDBA==\x1e" "2");
}

TEST(Payload, EncodeStopsBeforeExceedingMaxPayload) {
  const packet packets[] = {packet::text(packet_type::message, "aaaa"), packet::text(packet_type::message, "bbbb"),
                            packet::text(packet_type::message, "cccc")};
  std::string out;
  // "4aaaa" (5) + 0x1e + "4bbbb" (5) = 11 bytes fit; the third would make 17.
  EXPECT_EQ(*eio::encode_payload(packets, 3, out, 11), 2u);
  EXPECT_EQ(out, "4aaaa\x1e" "4bbbb");
  std::string rest;
  EXPECT_EQ(*eio::encode_payload(packets + 2, 1, rest, 11), 1u);
  EXPECT_EQ(rest, "4cccc");
}

TEST(Payload, EncodeAlwaysMakesProgressWithAnOversizedPacket) {
  const packet packets[] = {packet::text(packet_type::message, "far too long"), packet::text(packet_type::noop)};
  std::string out;
  EXPECT_EQ(*eio::encode_payload(packets, 2, out, 4), 1u);
  EXPECT_EQ(out, "4far too long");
  EXPECT_EQ(*eio::encode_payload(packets, 0, out, 4), 0u);
}

// A separator inside text would let one packet's data forge further packets.
TEST(Payload, EncodeRefusesTextHoldingTheSeparator) {
  const packet packets[] = {packet::text(packet_type::message, "fine"),
                            packet::text(packet_type::message, "x\x1e" "4forged")};
  std::string out = "kept";
  auto r = eio::encode_payload(packets, 2, out);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.code(), errc::invalid_packet);
  EXPECT_EQ(r.error_info().offset, 1u);
  EXPECT_EQ(out, "kept");
}

// Reference: encodePacket({type:"ping",data:<01>}, true) -> <01>: v4 binary
// has no type on the wire.
TEST(Packet, BinaryDataIsAlwaysWrittenAsAMessage) {
  std::string ws, polling;
  EXPECT_EQ(eio::encode_packet(packet::bytes("\x01", packet_type::ping), ws), eio::frame_kind::binary);
  EXPECT_EQ(ws, "\x01");
  eio::encode_packet_base64(packet::bytes("\x01", packet_type::ping), polling);
  EXPECT_EQ(polling, "bAQ==");
}

TEST(Payload, SplitPayloadsDecodeBackToEveryPacket) {
  std::vector<packet> packets;
  std::vector<std::string> texts;
  for (int i = 0; i < 50; ++i) texts.push_back("message number " + std::to_string(i));
  for (const auto& t : texts) packets.push_back(packet::text(packet_type::message, t));
  packets.push_back(packet::bytes("\x00\x01\x02"sv));
  std::size_t sent = 0;
  std::vector<eio::owned_packet> received;
  while (sent < packets.size()) {
    std::string body;
    sent += *eio::encode_payload(packets.data() + sent, packets.size() - sent, body, 100);
    ASSERT_LE(body.size(), 100u);
    eio::payload p;
    ASSERT_TRUE(eio::decode_payload(body, p));
    for (const auto& q : p) received.push_back(eio::to_owned(q));
  }
  ASSERT_EQ(received.size(), packets.size());
  for (std::size_t i = 0; i < packets.size(); ++i) EXPECT_EQ(received[i].view(), packets[i]);
}

}  // namespace
