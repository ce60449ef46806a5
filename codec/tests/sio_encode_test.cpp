// sio::encode and the packet builders. Every expected frame was written by the
// reference encoders, run from vectors/ (after `npm ci`) with these shell
// functions; the comment next to each expectation is the command:
//
//   ref5() { node -e "const {Encoder}=require('sio5'); console.log(JSON.stringify(new Encoder().encode($1)))"; }
//   ref4() { node -e "new (require('sio4').Encoder)().encode($1, r => console.log(JSON.stringify(r)))"; }
//
// They print the text frame followed by the attachments (as Node shows a
// Buffer: {"type":"Buffer","data":[...]}).
#include <sioc/sio.hpp>

#include "count_allocations.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <new>
#include <string>
#include <string_view>
#include <vector>

namespace {

using sioc::errc;
using sioc::sio::encode;
using sioc::sio::encode_options;
using sioc::sio::json;
using sioc::sio::packet;
using sioc::sio::packet_type;
using sioc::sio::protocol;

struct frames {
  std::string text;
  std::vector<std::string> attachments;
};

frames encoded(const packet& p, protocol version = protocol::v5) {
  frames out;
  std::vector<std::string_view> views;
  auto n = encode(p, out.text, views, encode_options{version});
  EXPECT_TRUE(n.has_value()) << n.error_info().describe();
  if (!n) return out;
  EXPECT_EQ(*n, views.size());
  out.attachments.assign(views.begin(), views.end());
  return out;
}

std::string text_of(const packet& p, protocol version = protocol::v5) {
  frames f = encoded(p, version);
  EXPECT_TRUE(f.attachments.empty());
  return f.text;
}

// Encodes `p` expecting invalid_packet, and checks that the buffers were left
// exactly as they were.
void expect_invalid(const packet& p, protocol version = protocol::v5) {
  std::string text = "kept";
  std::vector<std::string_view> attachments{"kept"};
  auto n = encode(p, text, attachments, encode_options{version});
  ASSERT_FALSE(n.has_value());
  EXPECT_EQ(n.code(), errc::invalid_packet);
  EXPECT_EQ(n.error_info().offset, 0u);
  EXPECT_STRNE(n.error_info().message, "");
  EXPECT_EQ(text, "kept");
  ASSERT_EQ(attachments.size(), 1u);
  EXPECT_EQ(attachments[0], "kept");
}

json bytes(std::initializer_list<std::uint8_t> b) { return json::binary(json::binary_t::container_type(b)); }

packet raw(packet_type type, std::string nsp, std::optional<json> data = std::nullopt,
           std::optional<std::uint64_t> id = std::nullopt) {
  packet p;
  p.type = type;
  p.nsp = std::move(nsp);
  p.data = std::move(data);
  p.id = id;
  return p;
}

// ---- names ----

TEST(SioToString, NamesEveryTypeAndErrorUnderV4) {
  EXPECT_STREQ(to_string(packet_type::connect), "CONNECT");
  EXPECT_STREQ(to_string(packet_type::disconnect), "DISCONNECT");
  EXPECT_STREQ(to_string(packet_type::event), "EVENT");
  EXPECT_STREQ(to_string(packet_type::ack), "ACK");
  EXPECT_STREQ(to_string(packet_type::connect_error), "CONNECT_ERROR");
  EXPECT_STREQ(to_string(packet_type::connect_error, protocol::v4), "ERROR");
  EXPECT_STREQ(to_string(packet_type::binary_event), "BINARY_EVENT");
  EXPECT_STREQ(to_string(packet_type::binary_ack, protocol::v4), "BINARY_ACK");
}

// ---- builders ----

TEST(SioPacketBuilders, EventPutsTheNameBeforeTheArguments) {
  const packet p = packet::event("chat", {"hi", 1});
  EXPECT_EQ(p.type, packet_type::event);
  EXPECT_EQ(p.nsp, "/");
  EXPECT_FALSE(p.id.has_value());
  EXPECT_EQ(p.data, json::array({"chat", "hi", 1}));
  EXPECT_EQ(p.event_name(), "chat");
}

TEST(SioPacketBuilders, AckCarriesTheIdAndTheArgumentsArray) {
  const packet p = packet::ack(7, {"ok"});
  EXPECT_EQ(p.type, packet_type::ack);
  EXPECT_EQ(p.id, 7u);
  EXPECT_EQ(p.data, json::array({"ok"}));
  EXPECT_EQ(packet::ack(1).data, json::array());
}

TEST(SioPacketBuilders, ConnectDisconnectAndConnectErrorSetTypeAndData) {
  EXPECT_EQ(packet::connect().type, packet_type::connect);
  EXPECT_FALSE(packet::connect().data.has_value());
  EXPECT_EQ(packet::connect(json{{"token", "1"}}).data, (json{{"token", "1"}}));
  EXPECT_EQ(packet::disconnect().type, packet_type::disconnect);
  EXPECT_FALSE(packet::disconnect().data.has_value());
  const packet e = packet::connect_error(json{{"message", "no"}});
  EXPECT_EQ(e.type, packet_type::connect_error);
  EXPECT_EQ(e.data, (json{{"message", "no"}}));
}

TEST(SioPacketBuilders, InAndWithAckChainOnTemporariesAndLvalues) {
  const packet chained = packet::event("x").in("/admin").with_ack(12);
  EXPECT_EQ(chained.nsp, "/admin");
  EXPECT_EQ(chained.id, 12u);

  packet p = packet::event("x");
  packet& same = p.in("/a").with_ack(3);
  EXPECT_EQ(&same, &p);
  EXPECT_EQ(p.nsp, "/a");
  EXPECT_EQ(p.id, 3u);
}

TEST(SioPacketBuilders, EventNameIsEmptyUnlessTheFirstElementIsAString) {
  EXPECT_EQ(raw(packet_type::event, "/", json::array({42})).event_name(), "");
  EXPECT_EQ(raw(packet_type::event, "/").event_name(), "");
  EXPECT_EQ(raw(packet_type::event, "/", json::array()).event_name(), "");
  EXPECT_EQ(raw(packet_type::ack, "/", json::array({"x"}), 1).event_name(), "");
  EXPECT_EQ(raw(packet_type::binary_event, "/", json::array({"x"})).event_name(), "x");
}

// ---- every type, v5 ----

TEST(SioEncodeV5, ConnectToTheMainNamespaceIsTheTypeAlone) {
  EXPECT_EQ(text_of(packet::connect()), "0");  // ref5 "{type:0,nsp:'/'}"
}

TEST(SioEncodeV5, ConnectWithAuthToANamespace) {
  // ref5 "{type:0,nsp:'/admin',data:{token:'123'}}"
  EXPECT_EQ(text_of(packet::connect(json{{"token", "123"}}).in("/admin")), R"(0/admin,{"token":"123"})");
}

TEST(SioEncodeV5, DisconnectWritesTheNamespaceAndItsComma) {
  EXPECT_EQ(text_of(packet::disconnect()), "1");                  // ref5 "{type:1,nsp:'/'}"
  EXPECT_EQ(text_of(packet::disconnect().in("/admin")), "1/admin,");  // ref5 "{type:1,nsp:'/admin'}"
}

TEST(SioEncodeV5, EventOnTheMainNamespace) {
  EXPECT_EQ(text_of(packet::event("foo")), R"(2["foo"])");  // ref5 "{type:2,nsp:'/',data:['foo']}"
}

TEST(SioEncodeV5, EventWithNamespaceAndAckId) {
  // ref5 "{type:2,nsp:'/admin',id:12,data:['bar',1,true,null]}"
  EXPECT_EQ(text_of(packet::event("bar", {1, true, nullptr}).in("/admin").with_ack(12)),
            R"(2/admin,12["bar",1,true,null])");
}

TEST(SioEncodeV5, EventNamedByANumber) {
  // ref5 "{type:2,nsp:'/',data:[42,'x']}"
  EXPECT_EQ(text_of(raw(packet_type::event, "/", json::array({42, "x"}))), R"(2[42,"x"])");
}

TEST(SioEncodeV5, AckWithNamespaceAndId) {
  // ref5 "{type:3,nsp:'/admin',id:13,data:['bar']}"
  EXPECT_EQ(text_of(packet::ack(13, {"bar"}).in("/admin")), R"(3/admin,13["bar"])");
}

TEST(SioEncodeV5, AckWithNoArgumentsAndIdZero) {
  EXPECT_EQ(text_of(packet::ack(0)), "30[]");  // ref5 "{type:3,nsp:'/',id:0,data:[]}"
}

TEST(SioEncodeV5, ConnectErrorWithAnObjectOrAString) {
  // ref5 "{type:4,nsp:'/',data:{message:'Not authorized'}}"
  EXPECT_EQ(text_of(packet::connect_error(json{{"message", "Not authorized"}})), R"(4{"message":"Not authorized"})");
  // ref5 "{type:4,nsp:'/admin',data:'Not authorized'}"
  EXPECT_EQ(text_of(packet::connect_error("Not authorized").in("/admin")), R"(4/admin,"Not authorized")");
}

TEST(SioEncodeV5, EmptyContainersAndFalsyValues) {
  // ref5 "{type:2,nsp:'/',data:['e',{}, [], '', 0, false]}"
  EXPECT_EQ(text_of(packet::event("e", {json::object(), json::array(), "", 0, false})), R"(2["e",{},[],"",0,false])");
}

// ---- binary ----

TEST(SioEncodeBinary, EventWithABufferBecomesBinaryEvent) {
  const packet p = packet::event("a", {bytes({1, 2})});
  const frames f = encoded(p);
  // ref5 "{type:2,nsp:'/',data:['a',Buffer.from([1,2])]}"
  EXPECT_EQ(f.text, R"(51-["a",{"_placeholder":true,"num":0}])");
  EXPECT_EQ(f.attachments, std::vector<std::string>{"\x01\x02"});
}

TEST(SioEncodeBinary, AttachmentsAreViewsIntoThePacket) {
  const packet p = packet::event("a", {bytes({1, 2})});
  std::string text;
  std::vector<std::string_view> attachments;
  ASSERT_EQ(encode(p, text, attachments).value(), 1u);
  const auto& buffer = (*p.data)[1].get_binary();
  EXPECT_EQ(static_cast<const void*>(attachments[0].data()), static_cast<const void*>(buffer.data()));
  EXPECT_EQ(attachments[0].size(), 2u);
}

TEST(SioEncodeBinary, SeveralBuffersWithNamespaceAndAckId) {
  const frames f = encoded(packet::event("up", {bytes({1}), bytes({2, 3})}).in("/admin").with_ack(4));
  // ref5 "{type:2,nsp:'/admin',id:4,data:['up',Buffer.from([1]),Buffer.from([2,3])]}"
  EXPECT_EQ(f.text, R"(52-/admin,4["up",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}])");
  EXPECT_EQ(f.attachments, (std::vector<std::string>{"\x01", "\x02\x03"}));
}

TEST(SioEncodeBinary, AckWithNestedAndEmptyBuffersBecomesBinaryAck) {
  const frames f = encoded(packet::ack(9, {json::array({bytes({1})}), json{{"x", bytes({})}}}));
  // ref5 "{type:3,nsp:'/',id:9,data:[[Buffer.from([1])],{x:Buffer.alloc(0)}]}"
  EXPECT_EQ(f.text, R"(62-9[[{"_placeholder":true,"num":0}],{"x":{"_placeholder":true,"num":1}}])");
  EXPECT_EQ(f.attachments, (std::vector<std::string>{"\x01", ""}));
}

TEST(SioEncodeBinary, PlaceholdersAreNumberedDepthFirstInKeyOrder) {
  // nlohmann::json keeps object members sorted, so "a" comes before "b" even
  // if the caller built them the other way round; the reference numbers them
  // in the order the object holds them, shown here with keys given sorted.
  json obj;
  obj["b"] = bytes({2});
  obj["a"] = json::array({bytes({1}), bytes({3})});
  const frames f = encoded(packet::event("e", {obj}));
  // ref5 "{type:2,nsp:'/',data:['e',{a:[Buffer.from([1]),Buffer.from([3])],b:Buffer.from([2])}]}"
  EXPECT_EQ(f.text, R"(53-["e",{"a":[{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}],)"
                    R"("b":{"_placeholder":true,"num":2}}])");
  EXPECT_EQ(f.attachments, (std::vector<std::string>{"\x01", "\x03", "\x02"}));
}

TEST(SioEncodeBinary, BinaryTypeGivenWithBufferIsWrittenTheSame) {
  const frames f = encoded(raw(packet_type::binary_event, "/", json::array({"a", bytes({1, 2})})));
  // ref4 "{type:5,nsp:'/',data:['a',Buffer.from([1,2])]}" (the v5 Encoder writes "5undefined-" here)
  EXPECT_EQ(f.text, R"(51-["a",{"_placeholder":true,"num":0}])");
  EXPECT_EQ(f.attachments, std::vector<std::string>{"\x01\x02"});
}

TEST(SioEncodeBinary, BinaryTypeWithoutBinaryDataIsRejected) {
  // ref5 "{type:5,nsp:'/',data:['a',1]}" writes "5undefined-[\"a\",1]"; ref4 writes "50-[\"a\",1]",
  // which v5 decoders reject ("Illegal attachments").
  expect_invalid(raw(packet_type::binary_event, "/", json::array({"a", 1})));
  expect_invalid(raw(packet_type::binary_ack, "/", json::array({"a"}), 3));
  expect_invalid(raw(packet_type::binary_event, "/", json::array({"a", 1})), protocol::v4);
}

TEST(SioEncodeBinary, BinaryOutsideEventAndAckIsRejected) {
  // ref5 "{type:0,nsp:'/',data:{t:Buffer.from([1])}}" writes the Buffer as JSON:
  // 0{"t":{"type":"Buffer","data":[1]}}, which no peer reads back as binary.
  expect_invalid(packet::connect(json{{"t", bytes({1})}}));
  expect_invalid(packet::connect_error(json{{"message", bytes({1})}}));
}

TEST(SioEncodeBinary, BinaryAsTheWholeEventDataIsRejected) {
  // ref5 "{type:2,nsp:'/',data:Buffer.from([1])}" writes 51-{"_placeholder":true,"num":0},
  // which the v5 decoder rejects as an invalid payload.
  expect_invalid(raw(packet_type::event, "/", bytes({1})));
}

TEST(SioEncodeBinary, PlaceholderLookalikeBesideBinaryIsRejected) {
  // The reference writes the object as it is; its decoder then takes it for
  // the placeholder of attachment 0 (or refuses it), so the data would change.
  expect_invalid(packet::event("a", {json{{"_placeholder", true}, {"num", 0}}, bytes({1})}));
  expect_invalid(packet::event("a", {json{{"x", json{{"_placeholder", true}}}}, bytes({1})}));
}

TEST(SioEncodeBinary, PlaceholderLookalikeWithoutBinaryIsWrittenAsItIs) {
  EXPECT_EQ(text_of(packet::event("a", {json{{"_placeholder", true}, {"num", 0}}})),
            R"(2["a",{"_placeholder":true,"num":0}])");
  EXPECT_EQ(encoded(packet::event("a", {json{{"_placeholder", false}}, bytes({1})})).text,
            R"(51-["a",{"_placeholder":false},{"_placeholder":true,"num":0}])");
}

TEST(SioEncodeBinary, BinaryAsTheEventNameIsRejected) {
  expect_invalid(raw(packet_type::event, "/", json::array({bytes({1})})));
}

// ---- v4 ----

TEST(SioEncodeV4, ConnectToANamespace) {
  EXPECT_EQ(text_of(packet::connect(), protocol::v4), "0");                       // ref4 "{type:0,nsp:'/'}"
  EXPECT_EQ(text_of(packet::connect().in("/admin"), protocol::v4), "0/admin,");  // ref4 "{type:0,nsp:'/admin'}"
}

TEST(SioEncodeV4, ConnectQueryFollowsTheNamespace) {
  // socket.io-client@2 appends '?' and the query to the namespace before encoding
  // (lib/manager.js, Manager.prototype.packet); on the wire, from vectors/:
  //   node -e "const M=require('socket.io-client-v2/lib/manager'); const m=new M('http://x',{autoConnect:false});
  //     m.engine={write:d=>console.log(JSON.stringify(d))}; m.socket('/admin',{query:{token:'abc'}}).onopen()"
  // prints "0/admin?token=abc,"; also ref4 "{type:0,nsp:'/admin?token=abc'}".
  packet p = packet::connect().in("/admin");
  p.query = "token=abc";
  EXPECT_EQ(text_of(p, protocol::v4), "0/admin?token=abc,");
  // ref4 "{type:0,nsp:'/?token=abc'}"
  p.nsp = "/";
  EXPECT_EQ(text_of(p, protocol::v4), "0/?token=abc,");
}

TEST(SioEncodeV4, DisconnectEventAndAck) {
  EXPECT_EQ(text_of(packet::disconnect().in("/admin"), protocol::v4), "1/admin,");  // ref4 "{type:1,nsp:'/admin'}"
  // ref4 "{type:2,nsp:'/admin',id:12,data:['bar',1]}"
  EXPECT_EQ(text_of(packet::event("bar", {1}).in("/admin").with_ack(12), protocol::v4), R"(2/admin,12["bar",1])");
  EXPECT_EQ(text_of(packet::ack(5, {"ok"}), protocol::v4), R"(35["ok"])");  // ref4 "{type:3,nsp:'/',id:5,data:['ok']}"
}

TEST(SioEncodeV4, ErrorWithAStringOrAnObject) {
  // ref4 "{type:4,nsp:'/',data:'Not authorized'}"
  EXPECT_EQ(text_of(packet::connect_error("Not authorized"), protocol::v4), R"(4"Not authorized")");
  // ref4 "{type:4,nsp:'/admin',data:{message:'no'}}"
  EXPECT_EQ(text_of(packet::connect_error(json{{"message", "no"}}).in("/admin"), protocol::v4),
            R"(4/admin,{"message":"no"})");
}

TEST(SioEncodeV4, ReservedV5EventNamesAreAllowed) {
  // ref4 "{type:2,nsp:'/',data:['disconnect']}"
  EXPECT_EQ(text_of(packet::event("disconnect"), protocol::v4), R"(2["disconnect"])");
}

TEST(SioEncodeV4, EventAndAckWithBuffersBecomeBinary) {
  // The v4 Encoder leaves the choice to Socket.IO 2 (has-binary2 in lib/socket.js);
  // what socket.io-client@2 sends, from vectors/:
  //   node -e "const M=require('socket.io-client-v2/lib/manager'); const m=new M('http://x',{autoConnect:false});
  //     m.engine={write:d=>console.log(JSON.stringify(d))}; const s=m.socket('/admin'); s.connected=true;
  //     s.emit('up',Buffer.from([1]),()=>{}); s.ack(7)('ok',Buffer.from([2]))"
  const frames ev = encoded(packet::event("up", {bytes({1})}).in("/admin").with_ack(0), protocol::v4);
  EXPECT_EQ(ev.text, R"(51-/admin,0["up",{"_placeholder":true,"num":0}])");
  EXPECT_EQ(ev.attachments, std::vector<std::string>{"\x01"});
  const frames ack = encoded(packet::ack(7, {"ok", bytes({2})}).in("/admin"), protocol::v4);
  EXPECT_EQ(ack.text, R"(61-/admin,7["ok",{"_placeholder":true,"num":0}])");
  EXPECT_EQ(ack.attachments, std::vector<std::string>{"\x02"});
}

// ---- JSON text ----

TEST(SioEncodeJson, NumbersAreWrittenAsJavaScriptWritesThem) {
  // node -e "console.log(JSON.stringify([0.1,1e21,1e-7,1.5e-7,123e-20,5e-324,1.7976931348623157e308,-0,2**53,2**64,
  //   0.000001,1e20,123456789012345680000,100,-1.5,1/3,0.1+0.2,1e16,1.5e300,-(2**63),0.0000123,19.99,1.5e-6,
  //   1.25e-7,1000000000000000.5,2.5e-22,999999999999999900000,-1e-7,2**-1074*3,4.35]))"
  struct row {
    double value;
    const char* js;
  };
  const row table[] = {
      {0.1, "0.1"},
      {1e21, "1e+21"},
      {1e-7, "1e-7"},
      {1.5e-7, "1.5e-7"},
      {123e-20, "1.23e-18"},
      {5e-324, "5e-324"},
      {1.7976931348623157e308, "1.7976931348623157e+308"},
      {-0.0, "0"},
      {9007199254740992.0, "9007199254740992"},
      {18446744073709551616.0, "18446744073709552000"},
      {0.000001, "0.000001"},
      {1e20, "100000000000000000000"},
      {123456789012345680000.0, "123456789012345680000"},
      {100.0, "100"},
      {-1.5, "-1.5"},
      {1.0 / 3.0, "0.3333333333333333"},
      {0.1 + 0.2, "0.30000000000000004"},
      {1e16, "10000000000000000"},
      {1.5e300, "1.5e+300"},
      {-9223372036854775808.0, "-9223372036854776000"},
      {0.0000123, "0.0000123"},
      {19.99, "19.99"},
      {1.5e-6, "0.0000015"},
      {1.25e-7, "1.25e-7"},
      {1000000000000000.5, "1000000000000000.5"},
      {2.5e-22, "2.5e-22"},
      {999999999999999900000.0, "999999999999999900000"},
      {-1e-7, "-1e-7"},
      {1.5e-323, "1.5e-323"},
      {4.35, "4.35"},
  };
  for (const row& r : table) {
    EXPECT_EQ(text_of(packet::event("n", {r.value})), std::string(R"(2["n",)") + r.js + "]") << r.js;
  }
}

TEST(SioEncodeJson, IntegersAreWrittenExactly) {
  // JSON has no integer limit; a JavaScript peer rounds what lies beyond 2^53.
  EXPECT_EQ(text_of(packet::event("n", {std::numeric_limits<std::uint64_t>::max(),
                                        std::numeric_limits<std::int64_t>::min(), -1})),
            R"(2["n",18446744073709551615,-9223372036854775808,-1])");
}

TEST(SioEncodeJson, NonFiniteNumbersAreRejected) {
  // JSON.stringify writes null for them (ref5 "{type:2,nsp:'/',data:['e',NaN,Infinity]}" -> 2["e",null,null]),
  // which is not what the caller meant.
  expect_invalid(packet::event("e", {std::nan("")}));
  expect_invalid(packet::event("e", {std::numeric_limits<double>::infinity()}));
  expect_invalid(packet::event("e", {json{{"x", -std::numeric_limits<double>::infinity()}}}));
}

TEST(SioEncodeJson, StringsAreEscapedAsJsonStringifyDoes) {
  // node -e "console.log(JSON.stringify(['\x00\x01\x07\b\t\n\x0b\f\r\x1f\"\\\\/\x7f', '\u2028\u2029', 'é€😀']))"
  // prints ["\u0000\u0001\u0007\b\t\n\u000b\f\r\u001f\"\\/<DEL>","<U+2028><U+2029>","é€😀"]: control
  // characters escaped (lowercase hex), DEL, U+2028/2029 and non-ASCII kept as UTF-8.
  const std::string controls("\x00\x01\x07\b\t\n\x0b\f\r\x1f\"\\/\x7f", 14);
  EXPECT_EQ(text_of(packet::event("s", {controls, "\u2028\u2029", "é€😀"})),
            "2[\"s\",\"\\u0000\\u0001\\u0007\\b\\t\\n\\u000b\\f\\r\\u001f\\\"\\\\/\x7f\",\"\u2028\u2029\",\"é€😀\"]");
}

TEST(SioEncodeJson, ObjectKeysAreEscapedAndWrittenInSortedOrder) {
  // ref5 "{type:2,nsp:'/',data:['e',{a:2,b:1}]}" -> 2["e",{"a":2,"b":1}]; JavaScript keeps insertion order
  // (ref5 "{type:2,nsp:'/',data:['e',{b:1,a:2}]}" -> 2["e",{"b":1,"a":2}]), nlohmann::json sorts.
  json obj;
  obj["b"] = 1;
  obj["a"] = 2;
  EXPECT_EQ(text_of(packet::event("e", {obj})), R"(2["e",{"a":2,"b":1}])");
  EXPECT_EQ(text_of(packet::event("e", {json{{"q\"\n", true}}})), R"(2["e",{"q\"\n":true}])");
}

TEST(SioEncodeJson, IllFormedUtf8IsRejected) {
  expect_invalid(packet::event("e", {std::string("\xff")}));
  expect_invalid(packet::event(std::string_view("\xc0\x80", 2)));
  expect_invalid(packet::event("e", {json{{std::string("\xed\xa0\x80"), 1}}}));  // a surrogate
}

// ---- output buffers ----

TEST(SioEncodeBuffers, OutputIsAppendedNotReplaced) {
  std::string text = "prefix|";
  std::vector<std::string_view> attachments{"earlier"};
  const packet a = packet::event("a", {bytes({1})});
  const packet b = packet::event("b", {bytes({2}), bytes({3})}).in("/x");
  ASSERT_EQ(encode(a, text, attachments).value(), 1u);
  text.push_back('|');
  ASSERT_EQ(encode(b, text, attachments).value(), 2u);
  // Placeholders count from 0 in each packet, whatever the vector held before.
  EXPECT_EQ(text, R"(prefix|51-["a",{"_placeholder":true,"num":0}]|52-/x,["b",{"_placeholder":true,"num":0},)"
                  R"({"_placeholder":true,"num":1}])");
  ASSERT_EQ(attachments.size(), 4u);
  EXPECT_EQ(attachments[0], "earlier");
  EXPECT_EQ(attachments[1], "\x01");
  EXPECT_EQ(attachments[2], "\x02");
  EXPECT_EQ(attachments[3], "\x03");
}

TEST(SioEncodeBuffers, EncodingAllocatesNothingOnceTheBuffersHaveGrown) {
  const packet p = packet::event("move", {json{{"x", 1.5}, {"y", 1e-9}, {"id", "p\n1"}}, 42, bytes({1, 2})})
                       .in("/game")
                       .with_ack(7);
  std::string text;
  std::vector<std::string_view> attachments;
  const std::size_t cold = sioc_test::allocations();
  ASSERT_TRUE(encode(p, text, attachments));
  EXPECT_GT(sioc_test::allocations(), cold);  // the counter sees the buffers grow
  text.clear();
  attachments.clear();
  const std::size_t before = sioc_test::allocations();
  ASSERT_TRUE(encode(p, text, attachments));
  EXPECT_EQ(sioc_test::allocations(), before);
}

TEST(SioEncodeBuffers, AnErrorFoundWhileWritingLeavesTheBuffersAsTheyWere) {
  // The NaN comes after a buffer, so both outputs had grown before the error.
  expect_invalid(packet::event("e", {bytes({1}), std::nan("")}));
}

// ---- invalid packets ----

TEST(SioEncodeInvalid, NamespaceMustStartWithSlash) {
  expect_invalid(packet::event("e").in("admin"));
  expect_invalid(packet::event("e").in(""));
}

TEST(SioEncodeInvalid, NamespaceMustNotContainComma) {
  expect_invalid(packet::event("e").in("/a,b"));
}

TEST(SioEncodeInvalid, NamespaceMustBeUtf8) {
  expect_invalid(packet::event("e").in("/\xff"));
}

TEST(SioEncodeInvalid, QueryOnlyWithV4Connect) {
  packet p = packet::connect().in("/admin");
  p.query = "a=1";
  expect_invalid(p, protocol::v5);
  packet ev = packet::event("e");
  ev.query = "a=1";
  expect_invalid(ev, protocol::v4);
}

TEST(SioEncodeInvalid, QueryMustNotContainComma) {
  packet p = packet::connect().in("/admin");
  p.query = "a=1,2";
  expect_invalid(p, protocol::v4);
}

TEST(SioEncodeInvalid, V4ConnectNamespaceMustNotContainQuestionMark) {
  expect_invalid(packet::connect().in("/admin?a=1"), protocol::v4);
  packet with_query = packet::connect().in("/admin?");
  with_query.query = "a=1";
  expect_invalid(with_query, protocol::v4);
}

TEST(SioEncodeV4, ConnectNamespaceMayEndInAnEmptyQuery) {
  // What "0/admin?," decodes to (ref4 '0/admin?,' -> {"type":0,"nsp":"/admin?"}) is written back as it came.
  EXPECT_EQ(text_of(packet::connect().in("/admin?"), protocol::v4), "0/admin?,");
}

TEST(SioEncodeInvalid, AckIdOnlyOnEventAndAck) {
  expect_invalid(packet::connect().with_ack(1));
  expect_invalid(packet::disconnect().with_ack(1));
  expect_invalid(packet::connect_error("no").with_ack(1));
}

TEST(SioEncodeInvalid, AckIdMustBeASafeInteger) {
  expect_invalid(packet::event("e").with_ack(sioc::sio::max_safe_ack_id + 1));
  EXPECT_EQ(text_of(packet::event("e").with_ack(sioc::sio::max_safe_ack_id)), R"(29007199254740991["e"])");
}

TEST(SioEncodeInvalid, DisconnectCarriesNoData) {
  expect_invalid(raw(packet_type::disconnect, "/", json::object()));
}

TEST(SioEncodeInvalid, ConnectDataMustBeAnObject) {
  expect_invalid(packet::connect(json("token")));
  expect_invalid(packet::connect(json::array()));
  expect_invalid(packet::connect(json()));
}

TEST(SioEncodeInvalid, V4ConnectCarriesNoData) {
  expect_invalid(packet::connect(json::object()), protocol::v4);
}

TEST(SioEncodeInvalid, ConnectErrorDataMustBeAStringOrAnObject) {
  expect_invalid(packet::connect_error(json(1)));
  expect_invalid(packet::connect_error(json::array({"no"})));
  expect_invalid(raw(packet_type::connect_error, "/"));
  expect_invalid(raw(packet_type::connect_error, "/"), protocol::v4);
}

TEST(SioEncodeInvalid, EventDataMustBeANonEmptyArray) {
  expect_invalid(raw(packet_type::event, "/"));
  expect_invalid(raw(packet_type::event, "/", json::array()));
  expect_invalid(raw(packet_type::event, "/", json{{"a", 1}}));
}

TEST(SioEncodeInvalid, EventNameMustBeAStringOrANumber) {
  expect_invalid(raw(packet_type::event, "/", json::array({json::object()})));
  expect_invalid(raw(packet_type::event, "/", json::array({nullptr})));
  expect_invalid(raw(packet_type::event, "/", json::array({true})), protocol::v4);
}

TEST(SioEncodeInvalid, EventNameMustNotBeReservedInV5) {
  for (const char* name :
       {"connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener"}) {
    expect_invalid(packet::event(name));
  }
  EXPECT_EQ(text_of(packet::event("error")), R"(2["error"])");  // ref5 "{type:2,nsp:'/',data:['error']}"
}

TEST(SioEncodeInvalid, AckNeedsAnIdAndAnArray) {
  expect_invalid(raw(packet_type::ack, "/", json::array()));
  expect_invalid(raw(packet_type::ack, "/", std::nullopt, 1));
  expect_invalid(raw(packet_type::ack, "/", json("ok"), 1));
}

TEST(SioEncodeInvalid, TypeMustBeOneOfTheSeven) {
  expect_invalid(raw(static_cast<packet_type>(7), "/"));
}

}  // namespace
