// sio::wire_format::msgpack: one test per rule. Expected bytes are written
// by hand from the MessagePack specification (the small builder below emits
// the forms the specification names; it shares nothing with the codec).
#include <sioc/sio.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace {

namespace sio = sioc::sio;
using sioc::dialect;
using sioc::errc;
using sio::json;

// ---- a MessagePack builder for inputs ---------------------------------------------------------

std::string bytes(std::initializer_list<unsigned> list) {
  std::string out;
  for (const unsigned b : list) out.push_back(static_cast<char>(b));
  return out;
}

// fixstr (below 32 bytes) or str 8.
std::string str(const std::string& s) {
  std::string out = s.size() < 32 ? bytes({0xa0U | static_cast<unsigned>(s.size())})
                                  : bytes({0xd9, static_cast<unsigned>(s.size())});
  return out + s;
}
std::string fixmap(std::size_t n) { return bytes({0x80U | static_cast<unsigned>(n)}); }
std::string fixarray(std::size_t n) { return bytes({0x90U | static_cast<unsigned>(n)}); }

// A frame holding a map of the given key/value encodings, in that order.
std::string map_of(const std::vector<std::pair<std::string, std::string>>& members) {
  std::string out = fixmap(members.size());
  for (const auto& [k, v] : members) out += str(k) + v;
  return out;
}

const std::string kSlash = str("/");

sio::decode_options options(dialect mode = dialect::strict) {
  sio::decode_options o;
  o.format = sio::wire_format::msgpack;
  o.mode = mode;
  return o;
}

sioc::result<sio::packet> decode(const std::string& frame, const sio::decode_options& o = options()) {
  sio::parser p(o);
  return p.decode(frame);
}

std::string encode(const sio::packet& p) {
  std::string out;
  std::vector<std::string_view> attachments;
  sio::encode_options o;
  o.format = sio::wire_format::msgpack;
  const auto r = sio::encode(p, out, attachments, o);
  EXPECT_TRUE(r) << r.error_info().describe();
  return out;
}

sioc::result<std::size_t> try_encode(const sio::packet& p, std::string& out) {
  std::vector<std::string_view> attachments;
  sio::encode_options o;
  o.format = sio::wire_format::msgpack;
  return sio::encode(p, out, attachments, o);
}

void expect_error(const sioc::result<sio::packet>& r, errc code, std::size_t offset) {
  ASSERT_FALSE(r) << "decoded: type " << static_cast<int>(r->type);
  EXPECT_EQ(r.code(), code) << r.error_info().describe();
  EXPECT_EQ(r.error_info().offset, offset) << r.error_info().describe();
}

json bin(std::initializer_list<std::uint8_t> b) { return json::binary(std::vector<std::uint8_t>(b)); }

// ---- encoding ---------------------------------------------------------------------------------

TEST(MsgpackEncode, WritesTypeNspIdDataInThatOrder) {
  const auto p = sio::packet::event("foo").in("/admin").with_ack(12);
  EXPECT_EQ(encode(p), fixmap(4) + str("type") + bytes({0x02}) + str("nsp") + str("/admin") + str("id") +
                           bytes({0x0c}) + str("data") + fixarray(1) + str("foo"));
}

TEST(MsgpackEncode, LeavesOutAbsentIdAndData) {
  EXPECT_EQ(encode(sio::packet::connect()), fixmap(2) + str("type") + bytes({0x00}) + str("nsp") + kSlash);
}

TEST(MsgpackEncode, AppendsOneFrameAndNoAttachments) {
  std::string out = "prefix";
  std::vector<std::string_view> attachments;
  sio::encode_options o;
  o.format = sio::wire_format::msgpack;
  const auto r = sio::encode(sio::packet::event("up", {bin({1, 2})}), out, attachments, o);
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, 0U);
  EXPECT_TRUE(attachments.empty());
  EXPECT_EQ(out.substr(0, 6), "prefix");
}

TEST(MsgpackEncode, BinaryIsInlineBin) {
  const std::string frame = encode(sio::packet::event("up", {bin({1, 2, 3})}));
  EXPECT_EQ(frame.substr(frame.size() - 5), bytes({0xc4, 0x03, 0x01, 0x02, 0x03}));
}

TEST(MsgpackEncode, BinaryTypesAreWrittenAsEventAndAck) {
  sio::packet p = sio::packet::event("a", {bin({1})});
  p.type = sio::packet_type::binary_event;
  EXPECT_EQ(encode(p)[6], '\x02');
  sio::packet a = sio::packet::ack(1, {bin({1})});
  a.type = sio::packet_type::binary_ack;
  EXPECT_EQ(encode(a)[6], '\x03');
}

TEST(MsgpackEncode, IntegersTakeTheirSmallestForm) {
  const auto tail = [](json v) {
    const std::string f = encode(sio::packet::event("a", {std::move(v)}));
    const std::string head = fixmap(3) + str("type") + bytes({0x02}) + str("nsp") + kSlash + str("data") +
                             fixarray(2) + str("a");
    return f.substr(head.size());
  };
  EXPECT_EQ(tail(127), bytes({0x7f}));
  EXPECT_EQ(tail(128), bytes({0xcc, 0x80}));
  EXPECT_EQ(tail(256), bytes({0xcd, 0x01, 0x00}));
  EXPECT_EQ(tail(65536), bytes({0xce, 0x00, 0x01, 0x00, 0x00}));
  EXPECT_EQ(tail(std::uint64_t{1} << 32), bytes({0xcf, 0, 0, 0, 1, 0, 0, 0, 0}));
  EXPECT_EQ(tail(-32), bytes({0xe0}));
  EXPECT_EQ(tail(-33), bytes({0xd0, 0xdf}));
  EXPECT_EQ(tail(-129), bytes({0xd1, 0xff, 0x7f}));
  EXPECT_EQ(tail(-32769), bytes({0xd2, 0xff, 0xff, 0x7f, 0xff}));
  EXPECT_EQ(tail(std::numeric_limits<std::int64_t>::min()), bytes({0xd3, 0x80, 0, 0, 0, 0, 0, 0, 0}));
  // A double with an integral value is an integer, as notepack.io writes it.
  EXPECT_EQ(tail(2.0), bytes({0x02}));
  EXPECT_EQ(tail(-0.0), bytes({0x00}));
  EXPECT_EQ(tail(-40.0), bytes({0xd0, 0xd8}));
  // Other numbers are float 64: 0.5 is 0x3FE0000000000000.
  EXPECT_EQ(tail(0.5), bytes({0xcb, 0x3f, 0xe0, 0, 0, 0, 0, 0, 0}));
}

TEST(MsgpackEncode, StringsArraysAndMapsTakeTheirSmallestForm) {
  const auto tail = [](json v) {
    const std::string f = encode(sio::packet::event("a", {std::move(v)}));
    const std::string head = fixmap(3) + str("type") + bytes({0x02}) + str("nsp") + kSlash + str("data") +
                             fixarray(2) + str("a");
    return f.substr(head.size());
  };
  EXPECT_EQ(tail(std::string(31, 'x')), bytes({0xbf}) + std::string(31, 'x'));
  EXPECT_EQ(tail(std::string(32, 'x')), bytes({0xd9, 32}) + std::string(32, 'x'));
  EXPECT_EQ(tail(std::string(256, 'x')), bytes({0xda, 0x01, 0x00}) + std::string(256, 'x'));
  EXPECT_EQ(tail(json::array({1, 2})), bytes({0x92, 0x01, 0x02}));
  EXPECT_EQ(tail(json(std::vector<int>(16, 0))).substr(0, 3), bytes({0xdc, 0x00, 0x10}));
  EXPECT_EQ(tail(json{{"b", nullptr}, {"a", true}}), bytes({0x82, 0xa1, 'a', 0xc3, 0xa1, 'b', 0xc0}));
  EXPECT_EQ(tail(bin({})), bytes({0xc4, 0x00}));
}

TEST(MsgpackEncode, RefusesWhatTheFormatCannotCarryAndLeavesTheBufferAlone) {
  std::vector<sio::packet> bad;
  bad.push_back(sio::packet::event("a").in("admin"));                     // no leading '/'
  bad.push_back(sio::packet::event("a", {std::numeric_limits<double>::infinity()}));
  bad.push_back(sio::packet::event("a", {0x1p64}));                       // notepack.io would write 0
  bad.push_back(sio::packet::event("a", {-0x1p64}));
  bad.push_back(sio::packet::event("a", {std::string("\xc3\x28")}));      // not UTF-8
  bad.push_back(sio::packet::event("connect"));                           // reserved
  sio::packet no_name;
  no_name.data = json::array();
  bad.push_back(no_name);                                                 // EVENT []
  sio::packet ack_without_id;
  ack_without_id.type = sio::packet_type::ack;
  ack_without_id.data = json::array();
  bad.push_back(ack_without_id);
  sio::packet with_query = sio::packet::connect();
  with_query.query = "a=1";
  bad.push_back(with_query);
  bad.push_back(sio::packet::disconnect().with_ack(1));
  for (const auto& p : bad) {
    std::string out = "kept";
    const auto r = try_encode(p, out);
    ASSERT_FALSE(r) << encode(p).size();
    EXPECT_EQ(r.code(), errc::invalid_packet);
    EXPECT_EQ(out, "kept");
  }
}

TEST(MsgpackEncode, AllowsWhatOnlyTheTextFormatRefuses) {
  std::string out;
  EXPECT_TRUE(try_encode(sio::packet::event("a").in("/a,b"), out));               // ',' ends nothing here
  EXPECT_TRUE(try_encode(sio::packet::connect(json{{"key", bin({1})}}), out));    // binary outside EVENT/ACK
}

// ---- round trips ------------------------------------------------------------------------------

TEST(MsgpackRoundTrip, EveryPacketTypeComesBackEqual) {
  const std::vector<sio::packet> packets = {
      sio::packet::connect(),
      sio::packet::connect(json{{"token", "abc"}, {"n", 1}}).in("/admin"),
      sio::packet::disconnect().in("/admin"),
      sio::packet::event("chat", {"héllo 😀", 1.5, -3, nullptr, true, json::array({1, json{{"k", bin({9})}}})})
          .with_ack(7),
      sio::packet::event("up", {bin({0, 1, 2, 255}), bin({})}),
      sio::packet::ack(3, {"ok"}),
      sio::packet::ack(0),
      sio::packet::connect_error("denied"),
      sio::packet::connect_error(json{{"message", "no"}, {"data", {{"code", 4}}}}),
  };
  for (const dialect mode : {dialect::strict, dialect::reference}) {
    for (const auto& p : packets) {
      const auto back = decode(encode(p), options(mode));
      ASSERT_TRUE(back) << back.error_info().describe();
      EXPECT_EQ(*back, p);
    }
  }
}

TEST(MsgpackRoundTrip, IntegersKeepTheirExactValue) {
  const auto p = sio::packet::event("a", {std::numeric_limits<std::uint64_t>::max(),
                                          std::numeric_limits<std::int64_t>::min(), 9007199254740993ULL});
  const auto back = decode(encode(p), options(dialect::reference));
  ASSERT_TRUE(back);
  EXPECT_EQ((*back->data)[1].get<std::uint64_t>(), std::numeric_limits<std::uint64_t>::max());
  EXPECT_EQ((*back->data)[2].get<std::int64_t>(), std::numeric_limits<std::int64_t>::min());
  EXPECT_EQ((*back->data)[3].get<std::uint64_t>(), 9007199254740993ULL);
}

// ---- decoding: the packet map -----------------------------------------------------------------

TEST(MsgpackDecode, MembersInAnyOrderAndAnyWidth) {
  // map 16 holding data (array 16), nsp (str 8), type (uint 8).
  const std::string frame = bytes({0xde, 0x00, 0x03}) + str("data") + bytes({0xdc, 0x00, 0x01}) + str("a") +
                            str("nsp") + bytes({0xd9, 0x02}) + "/x" + str("type") + bytes({0xcc, 0x02});
  const auto p = decode(frame);
  ASSERT_TRUE(p) << p.error_info().describe();
  EXPECT_EQ(*p, sio::packet::event("a").in("/x"));
}

TEST(MsgpackDecode, OtherMembersAreNotPartOfThePacket) {
  const auto p = decode(map_of({{"type", bytes({0x02})},
                                {"options", fixmap(1) + str("compress") + bytes({0xc3})},
                                {"nsp", kSlash},
                                {"data", fixarray(1) + str("a")}}));
  ASSERT_TRUE(p);
  EXPECT_EQ(*p, sio::packet::event("a"));
}

TEST(MsgpackDecode, ARepeatedMemberKeepsItsLastValue) {
  const auto p = decode(map_of({{"type", bytes({0x00})}, {"nsp", kSlash}, {"type", bytes({0x01})}}));
  ASSERT_TRUE(p);
  EXPECT_EQ(p->type, sio::packet_type::disconnect);
}

TEST(MsgpackDecode, BinaryIsDeliveredAsJsonBinary) {
  const auto p = decode(map_of({{"type", bytes({0x02})},
                                {"nsp", kSlash},
                                {"data", fixarray(2) + str("up") + bytes({0xc5, 0x00, 0x02, 0xaa, 0xbb})}}));
  ASSERT_TRUE(p);
  EXPECT_EQ(*p, sio::packet::event("up", {bin({0xaa, 0xbb})}));
}

TEST(MsgpackDecode, Ext8OfTypeZeroIsBinaryInBothDialects) {
  const std::string frame = map_of({{"type", bytes({0x02})},
                                    {"nsp", kSlash},
                                    {"data", fixarray(2) + str("a") + bytes({0xc7, 0x02, 0x00, 0x01, 0x02})}});
  for (const dialect mode : {dialect::strict, dialect::reference}) {
    const auto p = decode(frame, options(mode));
    ASSERT_TRUE(p);
    EXPECT_EQ(*p, sio::packet::event("a", {bin({1, 2})}));
  }
}

TEST(MsgpackDecode, EmptyFrameIsEmptyPacket) { expect_error(decode(""), errc::empty_packet, 0); }

TEST(MsgpackDecode, AFrameThatIsNotAMapIsInvalidPayload) {
  expect_error(decode(fixarray(1) + bytes({0x02})), errc::invalid_payload, 0);
  expect_error(decode(bytes({0xc0})), errc::invalid_payload, 0);
}

TEST(MsgpackDecode, ByteC1IsInvalidJsonAtItsOffset) {
  const std::string frame = map_of({{"type", bytes({0xc1})}});
  expect_error(decode(frame), errc::invalid_json, 6);
}

TEST(MsgpackDecode, BytesAfterTheMapAreInvalidJsonAtTheFirst) {
  const std::string packet = map_of({{"type", bytes({0x00})}, {"nsp", kSlash}});
  expect_error(decode(packet + bytes({0xc0})), errc::invalid_json, packet.size());
}

TEST(MsgpackDecode, TruncatedAtEverySplitPointIsAnErrorWithinTheFrame) {
  const std::string frame = encode(
      sio::packet::event("chat", {std::string(40, 'x'), bin({1, 2, 3}), json{{"k", {1, 2.5, -70000}}}, 1ULL << 40})
          .in("/admin")
          .with_ack(300));
  for (std::size_t n = 1; n < frame.size(); ++n) {
    for (const dialect mode : {dialect::strict, dialect::reference}) {
      const auto p = decode(frame.substr(0, n), options(mode));
      ASSERT_FALSE(p) << "prefix of " << n << " bytes decoded";
      EXPECT_EQ(p.code(), errc::truncated) << n << ": " << p.error_info().describe();
      EXPECT_LE(p.error_info().offset, n);
    }
  }
}

TEST(MsgpackDecode, ADeclaredLengthBeyondTheFrameIsTruncatedAtItsValue) {
  // str 32 of 2^32-1 bytes holding one, where the namespace goes: 1 + 5 + 1 + 4 bytes in.
  const std::string frame = fixmap(2) + str("type") + bytes({0x02}) + str("nsp") + bytes({0xdb, 0xff, 0xff, 0xff, 0xff}) + "/";
  expect_error(decode(frame), errc::truncated, 11);
  // array 32 of 2^32-1 elements holding none.
  const std::string array = fixmap(1) + str("data") + bytes({0xdd, 0xff, 0xff, 0xff, 0xff});
  expect_error(decode(array), errc::truncated, 6);
}

TEST(MsgpackDecode, TypeMustBeFrom0To4) {
  expect_error(decode(map_of({{"nsp", kSlash}})), errc::unknown_packet_type, 0);
  const std::string five = map_of({{"type", bytes({0x05})}, {"nsp", kSlash}, {"data", fixarray(1) + str("a")}});
  expect_error(decode(five), errc::unknown_packet_type, 6);
  expect_error(decode(map_of({{"type", bytes({0xff})}, {"nsp", kSlash}})), errc::unknown_packet_type, 6);
  expect_error(decode(map_of({{"type", str("0")}, {"nsp", kSlash}})), errc::unknown_packet_type, 6);
}

TEST(MsgpackDecode, AnIntegralFloatTypeIsAnIntegerOnlyToTheReference) {
  const std::string frame = map_of({{"type", bytes({0xcb, 0x40, 0, 0, 0, 0, 0, 0, 0})},  // 2.0
                                    {"nsp", kSlash},
                                    {"data", fixarray(1) + str("a")}});
  expect_error(decode(frame), errc::unknown_packet_type, 6);
  const auto p = decode(frame, options(dialect::reference));
  ASSERT_TRUE(p);
  EXPECT_EQ(p->type, sio::packet_type::event);
}

TEST(MsgpackDecode, NamespaceMustBeAString) {
  expect_error(decode(map_of({{"type", bytes({0x00})}})), errc::invalid_namespace, 0);
  expect_error(decode(map_of({{"type", bytes({0x00})}, {"nsp", bytes({0x01})}})), errc::invalid_namespace, 11);
  expect_error(decode(map_of({{"type", bytes({0x00})}, {"nsp", bytes({0xc0})}})), errc::invalid_namespace, 11);
  const auto p = decode(map_of({{"type", bytes({0x00})}, {"nsp", str("admin")}}));  // as the reference takes it
  ASSERT_TRUE(p);
  EXPECT_EQ(p->nsp, "admin");
}

TEST(MsgpackDecode, DataMustSuitTheType) {
  const auto frame = [](unsigned type, const std::string& data) {
    return map_of({{"type", bytes({type})}, {"nsp", kSlash}, {"data", data}});
  };
  const std::size_t data_at = 6 + 5 + 2 + 5;  // after "type" 0x0t "nsp" "/" "data"
  for (const dialect mode : {dialect::strict, dialect::reference}) {
    const auto o = options(mode);
    expect_error(decode(frame(0, fixarray(0)), o), errc::invalid_payload, data_at);   // CONNECT: a map
    expect_error(decode(frame(0, bytes({0xc0})), o), errc::invalid_payload, data_at);
    expect_error(decode(frame(1, fixmap(0)), o), errc::invalid_payload, data_at);     // DISCONNECT: none
    expect_error(decode(frame(2, fixmap(0)), o), errc::invalid_payload, data_at);     // EVENT: an array
    expect_error(decode(frame(3, str("ok")), o), errc::invalid_payload, data_at);     // ACK: an array
    expect_error(decode(frame(4, fixarray(0)), o), errc::invalid_payload, data_at);   // CONNECT_ERROR: str or map
    expect_error(decode(map_of({{"type", bytes({0x02})}, {"nsp", kSlash}}), o), errc::invalid_payload, 0);
    expect_error(decode(map_of({{"type", bytes({0x04})}, {"nsp", kSlash}}), o), errc::invalid_payload, 0);
    EXPECT_TRUE(decode(frame(4, str("no")), o));
    EXPECT_TRUE(decode(frame(3, fixarray(0)), o));
  }
}

TEST(MsgpackDecode, StrictChecksEventNamesAsTheTextFormatDoes) {
  const auto frame = [](const std::string& data) {
    return map_of({{"type", bytes({0x02})}, {"nsp", kSlash}, {"data", data}});
  };
  const std::size_t name_at = 6 + 5 + 2 + 5 + 1;
  expect_error(decode(frame(fixarray(0))), errc::invalid_payload, name_at - 1);
  expect_error(decode(frame(fixarray(1) + fixmap(0))), errc::invalid_payload, name_at - 1);
  expect_error(decode(frame(fixarray(1) + str("connect"))), errc::invalid_payload, name_at - 1);
  EXPECT_TRUE(decode(frame(fixarray(1) + bytes({0x07}))));  // a number
  for (const std::string& data : {fixarray(0), fixarray(1) + fixmap(0), fixarray(1) + str("connect")}) {
    EXPECT_TRUE(decode(frame(data), options(dialect::reference)));
  }
}

TEST(MsgpackDecode, AckIdMustBeANonNegativeIntegerWithinMaxAckId) {
  const auto frame = [](const std::string& id) {
    return map_of({{"type", bytes({0x03})}, {"nsp", kSlash}, {"id", id}, {"data", fixarray(0)}});
  };
  const std::size_t id_at = 6 + 5 + 2 + 3;
  for (const dialect mode : {dialect::strict, dialect::reference}) {
    const auto o = options(mode);
    expect_error(decode(frame(str("1")), o), errc::invalid_ack_id, id_at);
    expect_error(decode(frame(bytes({0xc0})), o), errc::invalid_ack_id, id_at);
    expect_error(decode(frame(bytes({0xcb, 0x3f, 0xf8, 0, 0, 0, 0, 0, 0})), o), errc::invalid_ack_id, id_at);  // 1.5
    expect_error(decode(frame(bytes({0xff})), o), errc::invalid_ack_id, id_at);  // -1
    // 2^53: one above max_safe_ack_id.
    expect_error(decode(frame(bytes({0xcf, 0x00, 0x20, 0, 0, 0, 0, 0, 0})), o), errc::invalid_ack_id, id_at);
    const auto p = decode(frame(bytes({0xcd, 0x01, 0x2c})), o);
    ASSERT_TRUE(p);
    EXPECT_EQ(p->id, 300U);
  }
  sio::decode_options low = options();
  low.max_ack_id = 299;
  expect_error(decode(frame(bytes({0xcd, 0x01, 0x2c})), low), errc::invalid_ack_id, id_at);
}

TEST(MsgpackDecode, AnIntegralFloatAckIdIsAnIntegerOnlyToTheReference) {
  const std::string frame = map_of({{"type", bytes({0x03})},
                                    {"nsp", kSlash},
                                    {"id", bytes({0xcb, 0x40, 0x14, 0, 0, 0, 0, 0, 0})},  // 5.0
                                    {"data", fixarray(0)}});
  expect_error(decode(frame), errc::invalid_ack_id, 16);
  const auto p = decode(frame, options(dialect::reference));
  ASSERT_TRUE(p);
  EXPECT_EQ(p->id, 5U);
}

TEST(MsgpackDecode, MapKeysMustBeStrings) {
  const std::string frame = fixmap(2) + str("type") + bytes({0x00}) + bytes({0x01}) + kSlash;
  for (const dialect mode : {dialect::strict, dialect::reference}) {
    expect_error(decode(frame, options(mode)), errc::invalid_payload, 7);
  }
}

TEST(MsgpackDecode, InvalidUtf8IsRefusedByStrictAndReplacedByTheReference) {
  const std::string frame = map_of({{"type", bytes({0x02})},
                                    {"nsp", kSlash},
                                    {"data", fixarray(2) + str("a") + bytes({0xa4, 0xe0, 0x80, 0x80, 0x41})}});
  const std::size_t string_at = 6 + 5 + 2 + 5 + 1 + 2;
  expect_error(decode(frame), errc::invalid_utf8, string_at + 1);
  const auto p = decode(frame, options(dialect::reference));
  ASSERT_TRUE(p);
  // e0 80 80: three maximal ill-formed subparts, one U+FFFD each, as Buffer.toString("utf8").
  EXPECT_EQ((*p->data)[1], "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" "A");
}

TEST(MsgpackDecode, NonFiniteNumbersAreRefusedByStrictAndKeptByTheReference) {
  const std::string frame = map_of({{"type", bytes({0x02})},
                                    {"nsp", kSlash},
                                    {"data", fixarray(2) + str("a") + bytes({0xca, 0x7f, 0xc0, 0x00, 0x00})}});  // NaN
  expect_error(decode(frame), errc::invalid_payload, 6 + 5 + 2 + 5 + 1 + 2);
  const auto p = decode(frame, options(dialect::reference));
  ASSERT_TRUE(p);
  EXPECT_TRUE(std::isnan((*p->data)[1].get<double>()));
}

TEST(MsgpackDecode, Float32IsWidenedToDouble) {
  const auto p = decode(map_of({{"type", bytes({0x02})},
                                {"nsp", kSlash},
                                {"data", fixarray(2) + str("a") + bytes({0xca, 0x3f, 0xc0, 0x00, 0x00})}}));  // 1.5
  ASSERT_TRUE(p);
  EXPECT_EQ((*p->data)[1].get<double>(), 1.5);
}

TEST(MsgpackDecode, OtherExtensionsAreRefusedByStrict) {
  for (const std::string& ext : {bytes({0xd4, 0x00, 0x00}), bytes({0xd4, 0x05, 0xaa}),
                                 bytes({0xd7, 0x00, 0, 0, 0, 0, 0, 0, 0, 0}), bytes({0xc7, 0x01, 0x05, 0xaa})}) {
    const std::string frame =
        map_of({{"type", bytes({0x02})}, {"nsp", kSlash}, {"data", fixarray(2) + str("a") + ext}});
    expect_error(decode(frame), errc::invalid_payload, 6 + 5 + 2 + 5 + 1 + 2);
  }
}

TEST(MsgpackDecode, ReferenceReadsExtensionsAsNotepackDoes) {
  const auto data_of = [](const std::string& data) {
    const auto p = decode(map_of({{"type", bytes({0x02})}, {"nsp", kSlash}, {"data", data}}),
                          options(dialect::reference));
    EXPECT_TRUE(p) << p.error_info().describe();
    return p ? *p->data : json();
  };
  const std::string undefined = bytes({0xd4, 0x00, 0x00});
  // undefined: null in an array (as JSON.stringify writes it), absent from a map.
  EXPECT_EQ(data_of(fixarray(2) + str("a") + undefined), json::array({"a", nullptr}));
  EXPECT_EQ(data_of(fixarray(2) + str("a") + fixmap(2) + str("x") + undefined + str("y") + bytes({0x01})),
            json::array({"a", {{"y", 1}}}));
  // A Date has no members of its own.
  EXPECT_EQ(data_of(fixarray(2) + str("a") + bytes({0xd7, 0x00, 0, 0, 0, 0, 0, 0, 0, 0})), json::array({"a", json::object()}));
  // Another type: [type, bytes].
  EXPECT_EQ(data_of(fixarray(2) + str("a") + bytes({0xd5, 0xfe, 0x01, 0x02})),
            json::array({"a", json::array({-2, bin({1, 2})})}));
}

TEST(MsgpackDecode, ReferenceTakesUndefinedMembersAsAbsent) {
  const std::string undefined = bytes({0xd4, 0x00, 0x00});
  const auto p = decode(map_of({{"type", bytes({0x00})}, {"nsp", kSlash}, {"id", undefined}, {"data", undefined}}),
                        options(dialect::reference));
  ASSERT_TRUE(p) << p.error_info().describe();
  EXPECT_EQ(*p, sio::packet::connect());
  expect_error(decode(map_of({{"type", undefined}, {"nsp", kSlash}}), options(dialect::reference)),
               errc::unknown_packet_type, 6);
}

TEST(MsgpackDecode, ReferenceRefusesADateAsConnectData) {
  const std::string date = bytes({0xd7, 0x00, 0, 0, 0, 0, 0, 0, 0, 0});
  expect_error(decode(map_of({{"type", bytes({0x00})}, {"nsp", kSlash}, {"data", date}}), options(dialect::reference)),
               errc::invalid_payload, 18);
}

TEST(MsgpackDecode, ReferenceLendsTheProtoMapsMembersToThePacket) {
  const std::string inner = map_of({{"type", bytes({0x02})}, {"data", fixarray(1) + str("x")}});
  const std::string frame = map_of({{"nsp", str("/own")}, {"__proto__", inner}});
  const auto p = decode(frame, options(dialect::reference));
  ASSERT_TRUE(p) << p.error_info().describe();
  EXPECT_EQ(*p, sio::packet::event("x").in("/own"));
  // Own members come first; a chain goes on through the proto's own __proto__.
  const std::string chain = map_of(
      {{"type", bytes({0x02})}, {"__proto__", map_of({{"__proto__", map_of({{"nsp", str("/deep")}, {"type", bytes({0x01})}})}})},
       {"data", fixarray(1) + str("y")}});
  const auto q = decode(chain, options(dialect::reference));
  ASSERT_TRUE(q) << q.error_info().describe();
  EXPECT_EQ(*q, sio::packet::event("y").in("/deep"));
  // Strict reads "__proto__" as an ordinary key: no type.
  expect_error(decode(frame), errc::unknown_packet_type, 0);
}

TEST(MsgpackDecode, ReferenceDropsProtoMembersInsideData) {
  const std::string data = fixarray(2) + str("a") + fixmap(2) + str("__proto__") + fixmap(1) + str("x") +
                           bytes({0x01}) + str("y") + bytes({0x02});
  const std::string frame = map_of({{"type", bytes({0x02})}, {"nsp", kSlash}, {"data", data}});
  const auto ref = decode(frame, options(dialect::reference));
  ASSERT_TRUE(ref);
  EXPECT_EQ(*ref->data, json::array({"a", {{"y", 2}}}));
  const auto strict = decode(frame);
  ASSERT_TRUE(strict);
  EXPECT_EQ(*strict->data, json::array({"a", {{"__proto__", {{"x", 1}}}, {"y", 2}}}));
}

// ---- limits -----------------------------------------------------------------------------------

std::string nested_event(std::size_t arrays) {
  std::string data = fixarray(2) + str("a") + std::string(arrays, '\x91') + bytes({0x01});
  return map_of({{"type", bytes({0x02})}, {"nsp", kSlash}, {"data", data}});
}

TEST(MsgpackLimits, DepthBeyondMaxDepthIsTooDeepAtTheFirstValueBeyond) {
  const std::size_t data_at = 6 + 5 + 2 + 5;
  // ["a", [[...[1]...]]]: 64 arrays inside the payload reach depth 65 at the 65th's element.
  EXPECT_TRUE(decode(nested_event(63)));
  expect_error(decode(nested_event(64)), errc::too_deep, data_at + 3 + 64);
  sio::decode_options o = options();
  o.max_depth = 2;
  expect_error(decode(nested_event(2), o), errc::too_deep, data_at + 3 + 2);
}

TEST(MsgpackLimits, AMillionNestedArraysNeedNoRecursion) {
  const std::string frame = nested_event(1'000'000);
  expect_error(decode(frame), errc::too_deep, 6 + 5 + 2 + 5 + 3 + 64);
  sio::decode_options o = options(dialect::reference);
  o.max_depth = SIZE_MAX;
  o.max_packet_bytes = frame.size();
  const auto p = decode(frame, o);
  ASSERT_TRUE(p) << p.error_info().describe();
  EXPECT_EQ(p->data->size(), 2U);
}

TEST(MsgpackLimits, BinBytesCountTowardsMaxAttachmentBytesAndTheRestTowardsMaxPacketBytes) {
  const std::string blob(1000, '\x07');
  const std::string frame =
      map_of({{"type", bytes({0x02})}, {"nsp", kSlash}, {"data", fixarray(2) + str("a") + bytes({0xc5, 0x03, 0xe8}) + blob}});
  const std::size_t bin_at = 6 + 5 + 2 + 5 + 1 + 2;
  sio::decode_options o = options();
  o.max_packet_bytes = frame.size() - blob.size();  // everything but the bin's bytes
  o.max_attachment_bytes = blob.size();
  EXPECT_TRUE(decode(frame, o));
  o.max_packet_bytes = frame.size();  // so that only the bin bytes can trip
  o.max_attachment_bytes = blob.size() - 1;
  expect_error(decode(frame, o), errc::payload_too_large, bin_at);
  o.max_attachment_bytes = frame.size();  // so that only the other bytes can trip
  o.max_packet_bytes = frame.size() - blob.size() - 1;
  EXPECT_EQ(decode(frame, o).code(), errc::payload_too_large);
  // A frame larger than both limits together is refused before it is read.
  o.max_packet_bytes = 10;
  o.max_attachment_bytes = 10;
  expect_error(decode(frame, o), errc::payload_too_large, 20);
}

// ---- the decoder and the parser ---------------------------------------------------------------

TEST(MsgpackDecoder, EveryBinaryFrameIsOneWholePacket) {
  sio::decoder d(options());
  for (const auto& p : {sio::packet::connect(), sio::packet::event("up", {bin({1})}).with_ack(1)}) {
    const auto r = d.feed(encode(p), true);
    ASSERT_TRUE(r);
    ASSERT_TRUE(r->has_value());
    EXPECT_EQ(**r, p);
    EXPECT_EQ(d.current_state(), sio::decoder::state::idle);
    EXPECT_EQ(d.attachments_pending(), 0U);
  }
}

TEST(MsgpackDecoder, ATextFrameIsUnexpectedTextAndTheErrorIsSticky) {
  sio::decoder d(options());
  const auto r = d.feed("0", false);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.code(), errc::unexpected_text);
  EXPECT_EQ(d.current_state(), sio::decoder::state::failed);
  EXPECT_EQ(d.feed(encode(sio::packet::connect()), true).code(), errc::unexpected_text);
  d.reset();
  EXPECT_TRUE(d.feed(encode(sio::packet::connect()), true));
}

TEST(MsgpackDecoder, VersionIsNotConsulted) {
  sio::decode_options o = options();
  o.version = sio::protocol::v4;
  sio::decoder d(o);
  const auto r = d.feed(encode(sio::packet::connect_error("no")), true);
  ASSERT_TRUE(r);
  EXPECT_EQ(**r, sio::packet::connect_error("no"));
}

TEST(MsgpackParser, ParseHasNoViewsOfMsgpackAndSaysSo) {
  sio::parser p(options());
  const std::string frame = encode(sio::packet::connect());
  const auto v = p.parse(frame);
  ASSERT_FALSE(v);
  EXPECT_EQ(v.code(), errc::invalid_packet);
  EXPECT_EQ(v.error_info().offset, 0U);
  EXPECT_TRUE(p.decode(frame));
}

TEST(MsgpackParser, ErrorsCarryAMessage) {
  const auto r = decode(bytes({0xc1}));
  ASSERT_FALSE(r);
  EXPECT_NE(std::string(r.error_info().message), "");
}

}  // namespace
