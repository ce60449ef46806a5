// Socket.IO text frames: sio::parser::parse() (the fast path, views) and
// decode() (owning packets).
//
// Expected outcomes come from the protocol's own examples or from running the
// reference decoders installed in vectors/ (sio5 = socket.io-parser 4.2.7,
// sio4 = socket.io-parser 3.4.3):
//
//   cd vectors && node -e "const {Decoder}=require('sio5'); const d=new Decoder();
//     d.on('decoded',p=>console.log(JSON.stringify(p)));
//     try{d.add(process.argv[1])}catch(e){console.log('ERR',e.message)}" '2 ["a"]'
//
// cited below as  ref5 '2 ["a"]' -> {"type":2,"nsp":"/","id":0,"data":["a"]}
// (ref4 with require('sio4'); "waits" means a binary packet was accepted and
// waits for its attachments). Every frame goes through decode_checked(), which
// also runs the fast path and requires the same verdict and the same fields.
#include <sioc/sio.hpp>

#include "count_allocations.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <new>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>

#if __has_include(<sys/mman.h>)
#include <sys/mman.h>
#include <unistd.h>
#endif

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

bool within(std::string_view part, std::string_view whole) {
  return part.empty() || (part.data() >= whole.data() && part.data() + part.size() <= whole.data() + whole.size());
}

// A packet holding a bit of every kind of value, to decode into.
sio::packet prefilled() {
  sio::packet p;
  p.type = packet_type::ack;
  p.nsp = "/a-namespace-longer-than-small-strings";
  p.query = "token=1";
  p.id = 99;
  p.data = json::parse(R"({"a":[1,"a string longer than sixteen bytes",{"b":null}],"event":{"x":1.5},"z":[[],{}],"k":true})");
  return p;
}

// decode(text), after checking that parse(text) agrees with it: the same
// error (code, offset, message), or the same type, namespace, query and ack
// id, views inside the frame, the raw JSON reading (with nlohmann's own
// parser) as the decoded data, and for events "[" event "," args "]" too.
sioc::result<sio::packet> decode_checked(std::string_view text, const sio::decode_options& o = strict5) {
  SCOPED_TRACE(testing::Message() << "frame: " << text);
  sio::parser full(o), fast(o);
  sioc::result<sio::packet> d = full.decode(text);
  const sioc::result<sio::packet_view> v = fast.parse(text);
  EXPECT_EQ(d.has_value(), v.has_value());
  // Decoding into a packet that already holds something gives the same
  // packet, or on error leaves it as it was.
  for (sio::packet reused : {prefilled(), d ? *d : prefilled()}) {
    const sio::packet before = reused;
    const sioc::result<std::size_t> n = full.decode(text, reused);
    EXPECT_EQ(n.has_value(), d.has_value());
    if (n && d) {
      EXPECT_EQ(reused, *d);
      EXPECT_EQ(*n, v ? v->attachments : 0u);
    } else if (!n && !d) {
      EXPECT_EQ(n.code(), d.code());
      EXPECT_EQ(n.error_info().offset, d.error_info().offset);
      EXPECT_EQ(reused, before);
    }
  }
  if (!d || !v) {
    if (!d && !v) {
      EXPECT_EQ(d.code(), v.code());
      EXPECT_EQ(d.error_info().offset, v.error_info().offset);
      EXPECT_STREQ(d.error_info().message, v.error_info().message);
    }
    return d;
  }
  EXPECT_EQ(v->type, d->type);
  EXPECT_EQ(v->nsp, d->nsp);
  EXPECT_EQ(v->query, d->query);
  EXPECT_EQ(v->id, d->id);
  EXPECT_EQ(v->has_data(), d->data.has_value());
  for (std::string_view part : {v->nsp, v->query, v->data, v->event, v->args}) {
    EXPECT_TRUE(part == "/" || within(part, text)) << part;
  }
  if (d->data) {
    const json raw = json::parse(v->data, nullptr, false);
    EXPECT_FALSE(raw.is_discarded());
    EXPECT_EQ(raw, *d->data);
  }
  if ((d->type == packet_type::event || d->type == packet_type::binary_event) && d->data) {
    std::string rebuilt = "[" + std::string(v->event);
    if (!v->args.empty()) rebuilt += "," + std::string(v->args);
    rebuilt += "]";
    EXPECT_EQ(json::parse(rebuilt, nullptr, false), *d->data) << rebuilt;
  } else {
    EXPECT_TRUE(v->event.empty());
    EXPECT_TRUE(v->args.empty());
  }
  return d;
}

// The error decode_checked() found, for EXPECT_EQ against expected().
struct failure {
  errc code;
  std::size_t offset;
  friend bool operator==(const failure& a, const failure& b) { return a.code == b.code && a.offset == b.offset; }
  friend std::ostream& operator<<(std::ostream& os, const failure& f) {
    return os << sioc::to_string(f.code) << " at " << f.offset;
  }
};
failure error_of(std::string_view text, const sio::decode_options& o = strict5) {
  const auto d = decode_checked(text, o);
  EXPECT_FALSE(d) << text;
  return {d.code(), d.error_info().offset};
}

sio::packet packet_of(std::string_view text, const sio::decode_options& o = strict5) {
  auto d = decode_checked(text, o);
  EXPECT_TRUE(d) << text << ": " << d.error_info().describe();
  return d ? std::move(*d) : sio::packet{};
}

sio::packet make(packet_type type, std::string nsp = "/", std::optional<std::uint64_t> id = std::nullopt,
                 std::optional<json> data = std::nullopt, std::string query = "") {
  sio::packet p;
  p.type = type;
  p.nsp = std::move(nsp);
  p.query = std::move(query);
  p.id = id;
  p.data = std::move(data);
  return p;
}

// ===========================================================================
// Packet types, v5
// ===========================================================================

TEST(TypesV5, ConnectWithoutPayloadJoinsTheMainNamespace) {
  EXPECT_EQ(packet_of("0"), make(packet_type::connect));
}

TEST(TypesV5, ConnectCarriesAnAuthObject) {
  EXPECT_EQ(packet_of(R"(0/admin,{"token":"123"})"),
            make(packet_type::connect, "/admin", std::nullopt, json{{"token", "123"}}));
}

TEST(TypesV5, ConnectPayloadMustBeAnObject) {
  // ref5 '0null', '0[1]', '0"x"' -> ERR invalid payload
  for (auto frame : {"0null"sv, "0[1]"sv, R"(0"x")"sv, "0true"sv}) {
    EXPECT_EQ(error_of(frame), (failure{errc::invalid_payload, 1})) << frame;
  }
}

TEST(TypesV5, ConnectKeepsAQuestionMarkInTheNamespace) {
  // ref5 '0/admin?token=abc,{}' -> {"type":0,"nsp":"/admin?token=abc","data":{}}
  EXPECT_EQ(packet_of("0/admin?token=abc,{}"),
            make(packet_type::connect, "/admin?token=abc", std::nullopt, json::object()));
}

TEST(TypesV5, DisconnectCarriesNoPayload) {
  EXPECT_EQ(packet_of("1"), make(packet_type::disconnect));
  EXPECT_EQ(packet_of("1/admin,"), make(packet_type::disconnect, "/admin"));
  // ref5 '1{}' -> ERR invalid payload
  EXPECT_EQ(error_of("1{}"), (failure{errc::invalid_payload, 1}));
  EXPECT_EQ(error_of("1/admin,{"), (failure{errc::invalid_payload, 8}));
}

TEST(TypesV5, EventIsAnArrayStartingWithItsName) {
  EXPECT_EQ(packet_of(R"(2["foo"])"), make(packet_type::event, "/", std::nullopt, json{"foo"}));
  EXPECT_EQ(packet_of(R"(2/admin,["bar"])"), make(packet_type::event, "/admin", std::nullopt, json{"bar"}));
  EXPECT_EQ(packet_of(R"(2["chat",{"text":"hi"},[1,2],null,true])"),
            make(packet_type::event, "/", std::nullopt, json::parse(R"(["chat",{"text":"hi"},[1,2],null,true])")));
}

TEST(TypesV5, EventNameMayBeANumber) {
  // ref5 '2[1]' -> {"type":2,"nsp":"/","data":[1]}
  EXPECT_EQ(packet_of("2[1]"), make(packet_type::event, "/", std::nullopt, json{1}));
  EXPECT_EQ(packet_of("2[-1.5e3,2]"), make(packet_type::event, "/", std::nullopt, json{-1500.0, 2}));
}

TEST(TypesV5, EventMayAskForAnAck) {
  EXPECT_EQ(packet_of(R"(212["foo"])"), make(packet_type::event, "/", 12, json{"foo"}));
  EXPECT_EQ(packet_of(R"(2/admin,0["foo"])"), make(packet_type::event, "/admin", 0, json{"foo"}));
}

TEST(TypesV5, EventPayloadMustBeAnArray) {
  for (auto frame : {R"(2{"a":1})"sv, R"(2"foo")"sv, "2null"sv, "212"sv}) {
    EXPECT_EQ(error_of(frame).code, errc::invalid_payload) << frame;
  }
  EXPECT_EQ(error_of(R"(2{"a":1})"), (failure{errc::invalid_payload, 1}));
}

TEST(TypesV5, EventNameMustBeAStringOrANumber) {
  // The offset is the first element's, or the ']' of an empty array.
  EXPECT_EQ(error_of("2[{}]"), (failure{errc::invalid_payload, 2}));
  EXPECT_EQ(error_of("2[ null]"), (failure{errc::invalid_payload, 3}));
  EXPECT_EQ(error_of("2[[\"a\"]]"), (failure{errc::invalid_payload, 2}));
  EXPECT_EQ(error_of("2[true]"), (failure{errc::invalid_payload, 2}));
  EXPECT_EQ(error_of("2[]"), (failure{errc::invalid_payload, 2}));
}

TEST(TypesV5, ReservedEventNamesAreRefused) {
  // ref5 '2["connect"]' (and each name below) -> ERR invalid payload
  for (auto name : {"connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener"}) {
    const std::string frame = "2[\"" + std::string(name) + "\",1]";
    EXPECT_EQ(error_of(frame), (failure{errc::invalid_payload, 2})) << frame;
  }
  // ref5 '2["\u0063onnect"]' -> ERR invalid payload: the name is compared unescaped.
  EXPECT_EQ(error_of(R"(2["\u0063onnect"])"), (failure{errc::invalid_payload, 2}));
  EXPECT_TRUE(decode_checked(R"(2["Connect"])"));
  EXPECT_TRUE(decode_checked(R"(2["connected"])"));
}

TEST(TypesV5, AckIsAnArrayOfArguments) {
  EXPECT_EQ(packet_of(R"(3/admin,13["bar"])"), make(packet_type::ack, "/admin", 13, json{"bar"}));
  // ref5 '3[]' -> {"type":3,"nsp":"/","data":[]}
  EXPECT_EQ(packet_of("3[]"), make(packet_type::ack, "/", std::nullopt, json::array()));
  EXPECT_EQ(packet_of("35[null,{}]"), make(packet_type::ack, "/", 5, json{nullptr, json::object()}));
  EXPECT_EQ(error_of("35{}"), (failure{errc::invalid_payload, 2}));
  EXPECT_EQ(error_of(R"(35"x")"), (failure{errc::invalid_payload, 2}));
}

TEST(TypesV5, ConnectErrorIsAStringOrAnObject) {
  EXPECT_EQ(packet_of(R"(4{"message":"Not authorized"})"),
            make(packet_type::connect_error, "/", std::nullopt, json{{"message", "Not authorized"}}));
  // ref5 '4"Not authorized"' -> {"type":4,"nsp":"/","data":"Not authorized"}
  EXPECT_EQ(packet_of(R"(4"Not authorized")"),
            make(packet_type::connect_error, "/", std::nullopt, json("Not authorized")));
  // ref5 '4[]', '4null', '4[1]' -> ERR invalid payload
  for (auto frame : {"4[]"sv, "4null"sv, "4[1]"sv, "4true"sv, "4/admin,false"sv}) {
    EXPECT_EQ(error_of(frame).code, errc::invalid_payload) << frame;
  }
}

TEST(TypesV5, BinaryEventDeclaresItsAttachmentsAndKeepsPlaceholders) {
  const std::string_view frame = R"(51-["baz",{"_placeholder":true,"num":0}])";
  EXPECT_EQ(packet_of(frame), make(packet_type::binary_event, "/", std::nullopt,
                                   json::parse(R"(["baz",{"_placeholder":true,"num":0}])")));
  sio::parser p;
  const auto v = p.parse(frame);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->attachments, 1u);
  EXPECT_EQ(v->event, R"("baz")");
  EXPECT_EQ(v->args, R"({"_placeholder":true,"num":0})");
}

TEST(TypesV5, BinaryAckCarriesNamespaceIdAndPlaceholders) {
  EXPECT_EQ(packet_of(R"(62-/admin,5[{"_placeholder":true,"num":1},{"_placeholder":true,"num":0}])"),
            make(packet_type::binary_ack, "/admin", 5,
                 json::parse(R"([{"_placeholder":true,"num":1},{"_placeholder":true,"num":0}])")));
}

TEST(TypesV5, StrictEventsAndAcksNeedAPayload) {
  // ref5 '2', '3', '2/admin,' decode without data, and '51-' waits: the
  // reference dialect keeps that (see Reference.*).
  EXPECT_EQ(error_of("2"), (failure{errc::invalid_payload, 1}));
  EXPECT_EQ(error_of("3"), (failure{errc::invalid_payload, 1}));
  EXPECT_EQ(error_of("2/admin,"), (failure{errc::invalid_payload, 8}));
  EXPECT_EQ(error_of("212"), (failure{errc::invalid_payload, 3}));
  EXPECT_EQ(error_of("51-"), (failure{errc::invalid_payload, 3}));
  EXPECT_EQ(error_of("61-/a,1"), (failure{errc::invalid_payload, 7}));
}

TEST(TypesV5, ConnectErrorAndConnectMayOmitTheirPayload) {
  EXPECT_EQ(packet_of("4"), make(packet_type::connect_error));
  EXPECT_EQ(packet_of("0/admin,"), make(packet_type::connect, "/admin"));
}

// ===========================================================================
// Packet types, v4 (Socket.IO 1.x/2.x)
// ===========================================================================

TEST(TypesV4, EveryTypeDecodes) {
  EXPECT_EQ(packet_of("0", strict4), make(packet_type::connect));
  EXPECT_EQ(packet_of("0/admin,", strict4), make(packet_type::connect, "/admin"));
  EXPECT_EQ(packet_of("1/admin,", strict4), make(packet_type::disconnect, "/admin"));
  EXPECT_EQ(packet_of(R"(2/admin,7["a",1])", strict4), make(packet_type::event, "/admin", 7, json{"a", 1}));
  EXPECT_EQ(packet_of(R"(37["ok"])", strict4), make(packet_type::ack, "/", 7, json{"ok"}));
  EXPECT_EQ(packet_of(R"(4"Not authorized")", strict4),
            make(packet_type::connect_error, "/", std::nullopt, json("Not authorized")));
  EXPECT_EQ(packet_of(R"(51-["a",{"_placeholder":true,"num":0}])", strict4).type, packet_type::binary_event);
  EXPECT_EQ(packet_of(R"(61-3[{"_placeholder":true,"num":0}])", strict4).type, packet_type::binary_ack);
  EXPECT_STREQ(sio::to_string(packet_type::connect_error, protocol::v4), "ERROR");
}

TEST(TypesV4, ConnectSplitsTheQueryOffTheNamespace) {
  // ref4 '0/admin?token=abc,' -> {"type":0,"nsp":"/admin?token=abc"}; the 2.x
  // server then reads the namespace as a URL (url.parse(nsp).pathname/.query).
  EXPECT_EQ(packet_of("0/admin?token=abc,", strict4), make(packet_type::connect, "/admin", {}, {}, "token=abc"));
  EXPECT_EQ(packet_of("0/admin?a=1?b,", strict4), make(packet_type::connect, "/admin", {}, {}, "a=1?b"));
}

TEST(TypesV4, AnEmptyQueryStaysInTheNamespace) {
  // ref4 '0/admin?,' -> {"type":0,"nsp":"/admin?"} (vector sio4.decode.namespace-query-empty)
  EXPECT_EQ(packet_of("0/admin?,{}", strict4), make(packet_type::connect, "/admin?", {}, json::object(), ""));
  EXPECT_EQ(packet_of("0/admin?,", reference4), make(packet_type::connect, "/admin?"));
}

TEST(TypesV4, OnlyConnectHasAQuery) {
  // ref4 '2/admin?x,["a"]' -> {"type":2,"nsp":"/admin?x","data":["a"]}
  EXPECT_EQ(packet_of(R"(2/admin?x,["a"])", strict4), make(packet_type::event, "/admin?x", {}, json{"a"}));
}

TEST(TypesV4, ConnectPayloadIsAnObject) {
  EXPECT_EQ(packet_of(R"(0/admin,{"a":1})", strict4), make(packet_type::connect, "/admin", {}, json{{"a", 1}}));
  // ref4 '0null' and '0[1]' are accepted (typeof "object"): strict refuses them.
  EXPECT_EQ(error_of("0null", strict4), (failure{errc::invalid_payload, 1}));
  EXPECT_EQ(error_of("0[1]", strict4), (failure{errc::invalid_payload, 1}));
}

TEST(TypesV4, ErrorIsAStringOrAnObject) {
  EXPECT_EQ(packet_of(R"(4{"message":"x"})", strict4),
            make(packet_type::connect_error, "/", {}, json{{"message", "x"}}));
  // ref4 '4null', '4[1]' are accepted (typeof "object"): strict refuses them.
  EXPECT_EQ(error_of("4null", strict4), (failure{errc::invalid_payload, 1}));
  EXPECT_EQ(error_of("4[1]", strict4), (failure{errc::invalid_payload, 1}));
  EXPECT_EQ(error_of("4true", strict4), (failure{errc::invalid_payload, 1}));
}

TEST(TypesV4, EventNamesAreNotReserved) {
  // ref4 '2["connect"]' -> {"type":2,"nsp":"/","data":["connect"]}
  EXPECT_EQ(packet_of(R"(2["connect"])", strict4), make(packet_type::event, "/", {}, json{"connect"}));
  EXPECT_EQ(packet_of(R"(2["disconnect",1])", strict4), make(packet_type::event, "/", {}, json{"disconnect", 1}));
}

TEST(TypesV4, EventNameMustBeAStringOrANumber) {
  EXPECT_EQ(error_of("2[{}]", strict4), (failure{errc::invalid_payload, 2}));
  EXPECT_EQ(error_of("2[]", strict4), (failure{errc::invalid_payload, 2}));
  EXPECT_EQ(error_of("2{}", strict4), (failure{errc::invalid_payload, 1}));
  EXPECT_EQ(error_of("3{}", strict4), (failure{errc::invalid_payload, 1}));
}

TEST(TypesV4, BinaryPacketMayDeclareZeroAttachments) {
  // ref4 '50-["a"]' -> {"type":5,"attachments":0,"nsp":"/","data":["a"]} at once
  sio::parser p(strict4);
  const auto v = p.parse(R"(50-["a"])");
  ASSERT_TRUE(v);
  EXPECT_EQ(v->attachments, 0u);
  EXPECT_EQ(packet_of(R"(50-["a"])", strict4), make(packet_type::binary_event, "/", {}, json{"a"}));
  // With no attachments, no placeholder can be valid.
  EXPECT_EQ(error_of(R"(50-["a",{"_placeholder":true,"num":0}])", strict4),
            (failure{errc::invalid_placeholder, 8}));
}

TEST(TypesV4, StrictEventsAndAcksNeedAPayload) {
  EXPECT_EQ(error_of("2", strict4), (failure{errc::invalid_payload, 1}));
  EXPECT_EQ(error_of("3/a,4", strict4), (failure{errc::invalid_payload, 5}));
  EXPECT_EQ(error_of("1{}", strict4), (failure{errc::invalid_payload, 1}));
}

// ===========================================================================
// Header grammar
// ===========================================================================

TEST(Header, EmptyFrameHasNoType) { EXPECT_EQ(error_of(""), (failure{errc::empty_packet, 0})); }

TEST(Header, TypeIsADigitFromZeroToSix) {
  // ref5 '7' -> ERR unknown packet type 7
  for (auto frame : {"7"sv, "9[]"sv, "a"sv, " "sv, "\t2"sv, "/"sv, "\xff"sv, "\xd9\xa3"sv /* U+0663 */}) {
    EXPECT_EQ(error_of(frame), (failure{errc::unknown_packet_type, 0})) << frame;
    EXPECT_EQ(error_of(frame, strict4), (failure{errc::unknown_packet_type, 0})) << frame;
  }
}

TEST(Header, AttachmentCountIsDigitsThenADash) {
  EXPECT_EQ(error_of("5"), (failure{errc::invalid_attachment_count, 1}));
  EXPECT_EQ(error_of("5-[\"a\"]"), (failure{errc::invalid_attachment_count, 1}));
  EXPECT_EQ(error_of("5a-[\"a\"]"), (failure{errc::invalid_attachment_count, 1}));
  EXPECT_EQ(error_of("5 1-[\"a\"]"), (failure{errc::invalid_attachment_count, 1}));
  EXPECT_EQ(error_of("51[\"a\"]"), (failure{errc::invalid_attachment_count, 2}));
  EXPECT_EQ(error_of("512"), (failure{errc::invalid_attachment_count, 3}));
  EXPECT_EQ(error_of("6+1-[]"), (failure{errc::invalid_attachment_count, 1}));
}

TEST(Header, AttachmentCountHasNoLeadingZero) {
  EXPECT_EQ(error_of(R"(501-["a",{"_placeholder":true,"num":0}])"), (failure{errc::invalid_attachment_count, 1}));
  EXPECT_EQ(error_of(R"(500-["a"])", strict4), (failure{errc::invalid_attachment_count, 1}));
}

TEST(Header, V5AttachmentCountIsAtLeastOne) {
  // ref5 '50-["a"]' -> ERR Illegal attachments
  EXPECT_EQ(error_of(R"(50-["a"])"), (failure{errc::invalid_attachment_count, 1}));
  EXPECT_EQ(error_of(R"(60-[])"), (failure{errc::invalid_attachment_count, 1}));
}

TEST(Header, AttachmentCountIsAtMostMaxAttachments) {
  // ref5 '511-["a"]' -> ERR too many attachments
  EXPECT_EQ(error_of(R"(511-["a"])"), (failure{errc::too_many_attachments, 1}));
  EXPECT_EQ(error_of(R"(511-["a"])", strict4), (failure{errc::too_many_attachments, 1}));
  EXPECT_TRUE(decode_checked(R"(510-["a"])"));
  sio::decode_options more = strict5;
  more.max_attachments = 11;
  EXPECT_TRUE(decode_checked(R"(511-["a"])", more));
  sio::parser p(strict5);
  const auto r = p.parse(R"(511-["a"])");
  EXPECT_NE(std::strstr(r.error_info().message, "decode_options::max_attachments"), nullptr);
}

TEST(Header, AttachmentCountOnlyForBinaryTypes) {
  // In other types the digits are an ack id, and "-" is not JSON.
  EXPECT_EQ(error_of(R"(21-["a"])"), (failure{errc::invalid_json, 2}));
}

TEST(Header, NamespaceStartsWithASlashAndEndsWithAComma) {
  EXPECT_EQ(packet_of(R"(2/a/b.c,["x"])"), make(packet_type::event, "/a/b.c", {}, json{"x"}));
  // ref5 '2/,["x"]' -> {"type":2,"nsp":"/","data":["x"]}
  EXPECT_EQ(packet_of(R"(2/,["x"])"), make(packet_type::event, "/", {}, json{"x"}));
  // ref5 '2,["x"]' -> ERR invalid payload: without '/', the ',' is payload.
  EXPECT_EQ(error_of(R"(2,["x"])"), (failure{errc::invalid_json, 1}));
}

TEST(Header, UnterminatedNamespaceIsInvalid) {
  // ref5 '2/admin["a"]' -> {"type":2,"nsp":"/admin[\"a\"]"}: see Reference.*
  EXPECT_EQ(error_of(R"(2/admin["a"])"), (failure{errc::invalid_namespace, 1}));
  EXPECT_EQ(error_of("0/admin"), (failure{errc::invalid_namespace, 1}));
  EXPECT_EQ(error_of("51-/admin"), (failure{errc::invalid_namespace, 3}));
  EXPECT_EQ(error_of("0/admin?x=1", strict4), (failure{errc::invalid_namespace, 1}));
}

TEST(Header, NamespaceIsWellFormedUtf8) {
  EXPECT_EQ(packet_of("0/\xc3\xa9t\xc3\xa9,"), make(packet_type::connect, "/\xc3\xa9t\xc3\xa9"));
  EXPECT_EQ(error_of("0/ab\xff,"), (failure{errc::invalid_utf8, 4}));
  EXPECT_EQ(error_of("0/\xed\xa0\x80,"), (failure{errc::invalid_utf8, 2}));  // a surrogate
  EXPECT_EQ(error_of("0/\xc3,"), (failure{errc::invalid_utf8, 2}));          // truncated
}

TEST(Header, AckIdIsDigitsWithoutLeadingZeros) {
  EXPECT_EQ(packet_of(R"(20["a"])").id, 0u);
  EXPECT_EQ(packet_of(R"(2/a,10["a"])").id, 10u);
  // ref5 '201["a"]' -> id 1: see Reference.*
  EXPECT_EQ(error_of(R"(201["a"])"), (failure{errc::invalid_ack_id, 1}));
  EXPECT_EQ(error_of(R"(2/a,007["a"])"), (failure{errc::invalid_ack_id, 4}));
}

TEST(Header, AckIdIsAtMostMaxAckId) {
  EXPECT_EQ(packet_of(R"(29007199254740991["a"])").id, sio::max_safe_ack_id);
  EXPECT_EQ(error_of(R"(29007199254740992["a"])"), (failure{errc::invalid_ack_id, 1}));
  sio::decode_options wide = strict5;
  wide.max_ack_id = UINT64_MAX;
  EXPECT_EQ(packet_of(R"(218446744073709551615["a"])", wide).id, UINT64_MAX);
  EXPECT_EQ(error_of(R"(218446744073709551616["a"])", wide), (failure{errc::invalid_ack_id, 1}));
  sio::decode_options narrow = strict5;
  narrow.max_ack_id = 99;
  EXPECT_EQ(error_of(R"(2100["a"])", narrow), (failure{errc::invalid_ack_id, 1}));
  sio::parser p;
  EXPECT_NE(std::strstr(p.parse(R"(29007199254740992["a"])").error_info().message, "decode_options::max_ack_id"),
            nullptr);
}

TEST(Header, AckIdMayEndTheFrame) {
  // ref5 '45' -> {"type":4,"nsp":"/","id":5}
  EXPECT_EQ(packet_of("45"), make(packet_type::connect_error, "/", 5));
  EXPECT_EQ(packet_of("0/admin,3"), make(packet_type::connect, "/admin", 3));
}

TEST(Header, PayloadStartsRightAfterTheHeader) {
  // ref5 '2 ["a"]' -> {"type":2,"nsp":"/","id":0,"data":["a"]}: the reference
  // reads the space as an ack id, so strict refuses the ambiguity.
  EXPECT_EQ(error_of(R"(2 ["a"])"), (failure{errc::invalid_payload, 1}));
  EXPECT_EQ(error_of("0/a,\n{}"), (failure{errc::invalid_payload, 4}));
  EXPECT_EQ(error_of("3\t[]"), (failure{errc::invalid_payload, 1}));
  // ref5 '2["a"] ' -> {"type":2,"nsp":"/","data":["a"]}: trailing space is fine.
  EXPECT_EQ(packet_of("2[\"a\"] \r\n"), make(packet_type::event, "/", {}, json{"a"}));
}

TEST(Header, FrameIsAtMostMaxPacketBytes) {
  sio::decode_options small = strict5;
  small.max_packet_bytes = 8;
  EXPECT_TRUE(decode_checked(R"(2["abc"])", small));
  EXPECT_EQ(error_of(R"(2["abcd"])", small), (failure{errc::payload_too_large, 8}));
  sio::parser p(small);
  EXPECT_NE(std::strstr(p.parse(R"(2["abcd"])").error_info().message, "decode_options::max_packet_bytes"), nullptr);
}

// ===========================================================================
// Payload JSON
// ===========================================================================

TEST(Json, SyntaxErrorsAreInvalidJsonAtThePayload) {
  EXPECT_EQ(error_of(R"(2["a")"), (failure{errc::invalid_json, 1}));
  EXPECT_EQ(error_of(R"(2/admin,["a",])"), (failure{errc::invalid_json, 8}));
  EXPECT_EQ(error_of(R"(2["a"]x)"), (failure{errc::invalid_json, 1}));
  EXPECT_EQ(error_of(R"(2["a"]["b"])"), (failure{errc::invalid_json, 1}));
  EXPECT_EQ(error_of("2['a']"), (failure{errc::invalid_json, 1}));
  EXPECT_EQ(error_of("2[\"a\tb\"]"), (failure{errc::invalid_json, 1}));  // unescaped control character
  EXPECT_EQ(error_of("0{a:1}"), (failure{errc::invalid_json, 1}));
}

TEST(Json, InvalidUtf8IsReportedAtTheByte) {
  EXPECT_EQ(error_of("2[\"a\xff\"]"), (failure{errc::invalid_utf8, 4}));
  EXPECT_EQ(error_of("2[\"a\",\"\xc0\xaf\"]"), (failure{errc::invalid_utf8, 7}));   // overlong '/'
  EXPECT_EQ(error_of("2[\"\xed\xb0\x80\"]"), (failure{errc::invalid_utf8, 3}));     // a surrogate
  EXPECT_EQ(packet_of("2[\"\xf0\x9f\x98\x80\"]").data, json{"\xf0\x9f\x98\x80"});
}

TEST(Json, NestingIsBoundedByMaxDepth) {
  sio::decode_options o = strict5;
  o.max_depth = 3;
  // Depth counts the arrays and objects around a value.
  EXPECT_TRUE(decode_checked(R"(2["a",[[1]]])", o));
  EXPECT_TRUE(decode_checked(R"(2["a",{"k":[{}]}])", o));
  EXPECT_TRUE(decode_checked(R"(2["a",[[[]]]])", o));  // the innermost array is a value at depth 3
  EXPECT_EQ(error_of(R"(2["a",[[[1]]]])", o), (failure{errc::too_deep, 9}));
  EXPECT_EQ(error_of(R"(2["a",{"k":[{"x":1}]}])", o), (failure{errc::too_deep, 13}));
  // Brackets inside strings do not count.
  EXPECT_TRUE(decode_checked(R"(2["[[[[{{{{",["]]]]"]])", o));
  sio::parser p(o);
  EXPECT_NE(std::strstr(p.parse(R"(2["a",[[[1]]]])").error_info().message, "decode_options::max_depth"), nullptr);
}

TEST(Json, DepthIsCheckedBeforeSyntax) {
  sio::decode_options o = strict5;
  o.max_depth = 2;
  EXPECT_EQ(error_of("2[[[[", o), (failure{errc::too_deep, 4}));
  EXPECT_EQ(error_of("2[1,}[[[[", o), (failure{errc::too_deep, 8}));
  EXPECT_EQ(error_of("2[[[\"\xff\"", o), (failure{errc::too_deep, 4}));
}

TEST(Json, ZeroDepthAdmitsOnlyEmptyOrScalarPayloads) {
  sio::decode_options o = strict5;
  o.max_depth = 0;
  EXPECT_TRUE(decode_checked("0{}", o));
  EXPECT_TRUE(decode_checked(R"(4"x")", o));
  EXPECT_EQ(error_of(R"(2["a"])", o), (failure{errc::too_deep, 2}));
}

TEST(Json, AMillionOpenBracketsAreRefusedByDepth) {
  sio::decode_options o = strict5;
  o.max_packet_bytes = 3'000'000;
  const std::string open = "2" + std::string(1'000'000, '[');
  EXPECT_EQ(error_of(open, o), (failure{errc::too_deep, 66}));
  const std::string closed = open + std::string(1'000'000, ']');
  EXPECT_EQ(error_of(closed, o), (failure{errc::too_deep, 66}));
}

TEST(Json, UnlimitedDepthStillDecodesWithoutRecursion) {
  sio::decode_options o = strict5;
  o.max_depth = SIZE_MAX;
  constexpr std::size_t depth = 200'000;
  const std::string frame = "2[\"a\"," + std::string(depth, '[') + std::string(depth + 1, ']');
  sio::parser p(o);
  ASSERT_TRUE(p.parse(frame));
  auto d = p.decode(frame);
  ASSERT_TRUE(d);
  const json* at = &*d->data;
  std::size_t levels = 0;
  while (at->is_array() && !at->empty()) {
    at = &at->back();
    ++levels;
  }
  EXPECT_EQ(levels, depth);
}

TEST(Json, NumbersKeepTheirType) {
  const auto d = packet_of(R"(2["n",0,-1,18446744073709551615,-9223372036854775808,1.0,-0.0,1e2,0.1])").data;
  ASSERT_TRUE(d);
  EXPECT_TRUE((*d)[1].is_number_unsigned());  // non-negative integers are unsigned, as json::parse makes them
  EXPECT_TRUE((*d)[2].is_number_integer() && !(*d)[2].is_number_unsigned());
  EXPECT_EQ((*d)[3].get<std::uint64_t>(), UINT64_MAX);
  EXPECT_EQ((*d)[4].get<std::int64_t>(), INT64_MIN);
  EXPECT_TRUE((*d)[5].is_number_float());  // 1.0 stays a double (JSON.parse: the number 1)
  EXPECT_TRUE(std::signbit((*d)[6].get<double>()));
  EXPECT_EQ((*d)[7].get<double>(), 100.0);
  EXPECT_EQ((*d)[8].get<double>(), 0.1);
}

TEST(Json, IntegersBeyond64BitsAreTheNearestDouble) {
  // ref5 '2[18446744073709551616]' -> {"type":2,"nsp":"/","data":[18446744073709552000]}
  for (const auto& opts : {strict5, reference5}) {
    const auto d = packet_of(R"(2["a",18446744073709551616,-9223372036854775809,100000000000000000000])", opts).data;
    ASSERT_TRUE(d);
    EXPECT_TRUE((*d)[1].is_number_float());
    EXPECT_EQ((*d)[1].get<double>(), 18446744073709551616.0);
    EXPECT_EQ((*d)[2].get<double>(), -9223372036854775808.0);
    EXPECT_EQ((*d)[3].get<double>(), 1e20);
  }
}

TEST(Json, IntegersBeyond64BitsKeepTheRawViews) {
  sio::parser p;
  const auto v = p.parse(R"(2[100000000000000000000,"x",18446744073709551616])");
  ASSERT_TRUE(v) << v.error_info().message;
  EXPECT_EQ(v->event, "100000000000000000000");
  EXPECT_EQ(v->args, R"("x",18446744073709551616)");
}

TEST(Json, StrictRefusesNumbersBeyondTheDoubleRange) {
  EXPECT_EQ(error_of("2[1e400]"), (failure{errc::invalid_json, 1}));
  EXPECT_EQ(error_of("2[1e400,18446744073709551616]"), (failure{errc::invalid_json, 1}));
  EXPECT_EQ(error_of("2[\"a\",1" + std::string(400, '0') + "]"), (failure{errc::invalid_json, 1}));
}

TEST(Json, MalformedNumbersStayInvalidInBothDialects) {
  // JSON.parse refuses these too: a leading zero, a bare exponent, a trailing dot.
  for (const auto& opts : {strict5, reference5}) {
    EXPECT_EQ(error_of(R"(2["a",01e400])", opts), (failure{errc::invalid_json, 1}));
    EXPECT_EQ(error_of(R"(2["a",018446744073709551616])", opts), (failure{errc::invalid_json, 1}));
    EXPECT_EQ(error_of(R"(2["a",1e])", opts), (failure{errc::invalid_json, 1}));
    EXPECT_EQ(error_of(R"(2["a",1.e400])", opts), (failure{errc::invalid_json, 1}));
  }
}

TEST(Json, ReferenceReadsNumbersBeyondTheDoubleRangeAsInfinity) {
  // ref5 '2[1e400]' -> data [Infinity] (vector sio5.decode.number-1e400)
  const double inf = std::numeric_limits<double>::infinity();
  // nlohmann's own parser refuses these numbers, so decode_checked() cannot cross-check them.
  sio::parser full(reference5);
  const auto r = full.decode("2[\"a\",1e400,-1e400,1.7976931348623159e308,1.7976931348623158e308,1e-400,1" +
                             std::string(400, '0') + "]");
  ASSERT_TRUE(r) << r.error_info().describe();
  const auto& d = r->data;
  ASSERT_TRUE(d);
  EXPECT_EQ((*d)[1].get<double>(), inf);
  EXPECT_EQ((*d)[2].get<double>(), -inf);
  EXPECT_EQ((*d)[3].get<double>(), inf);  // halfway past the largest double rounds up, as to even
  EXPECT_EQ((*d)[4].get<double>(), std::numeric_limits<double>::max());
  EXPECT_EQ((*d)[5].get<double>(), 0.0);
  EXPECT_EQ((*d)[6].get<double>(), inf);
  sio::parser p(reference5);
  const auto v = p.parse("2[1e400]");
  ASSERT_TRUE(v);
  EXPECT_EQ(v->event, "1e400");
}

TEST(Json, StrictRefusesLoneSurrogateEscapes) {
  // A string no UTF-8 text holds.
  EXPECT_EQ(error_of(R"(2["\ud800"])"), (failure{errc::invalid_json, 1}));
  EXPECT_EQ(error_of(R"(2["a",{"\udc00":1}])"), (failure{errc::invalid_json, 1}));
  EXPECT_EQ(packet_of(R"(2["\ud83d\ude00"])").data, json{"\xf0\x9f\x98\x80"});
}

TEST(Json, ReferenceRefusesOtherwiseBadStringsWithLoneSurrogates) {
  // JSON.parse refuses these too: a bad escape, a raw control character, no closing quote.
  for (const auto& opts : {strict5, reference5}) {
    EXPECT_EQ(error_of(R"(2["\ud83d\uCCm0"])", opts), (failure{errc::invalid_json, 1}));
    EXPECT_EQ(error_of("2[\"\\ud800\x01\"]", opts), (failure{errc::invalid_json, 1}));
    EXPECT_EQ(error_of(R"(2["\ud800\q"])", opts), (failure{errc::invalid_json, 1}));
    EXPECT_EQ(error_of(R"(2["a","\ud800)", opts), (failure{errc::invalid_json, 1}));
  }
}

TEST(Json, ReferenceKeepsLoneSurrogatesAsGeneralizedUtf8) {
  // ref5 '2["a","x\udc00y"]' -> data ["a","x\udc00y"] (vector sio5.decode.string-lone-low-surrogate)
  // nlohmann's own parser refuses these strings, so decode_checked() cannot cross-check them.
  sio::parser full(reference5);
  const auto r = full.decode(R"(2["a","x\udc00y",{"\ud800":"\\ud800\n"},"\ud83d\ude00\udc00","\ud800\ud800"])");
  ASSERT_TRUE(r) << r.error_info().describe();
  const auto& d = r->data;
  ASSERT_TRUE(d);
  EXPECT_EQ((*d)[1].get<std::string>(), "x\xed\xb0\x80y");
  ASSERT_TRUE((*d)[2].is_object());
  EXPECT_EQ((*d)[2].begin().key(), "\xed\xa0\x80");
  EXPECT_EQ((*d)[2].begin()->get<std::string>(), "\\ud800\n");
  EXPECT_EQ((*d)[3].get<std::string>(), "\xf0\x9f\x98\x80\xed\xb0\x80");
  EXPECT_EQ((*d)[4].get<std::string>(), "\xed\xa0\x80\xed\xa0\x80");
  sio::parser p(reference5);
  const auto v = p.parse(R"(2["\ud800",1])");
  ASSERT_TRUE(v);
  EXPECT_EQ(v->event_name(), "\xed\xa0\x80");
  EXPECT_EQ(v->args, "1");
}

TEST(Json, RepeatedKeysKeepTheLastValue) {
  // As JSON.parse does.
  EXPECT_EQ(packet_of(R"(0{"a":1,"a":[2]})").data, (json{{"a", json{2}}}));
  EXPECT_EQ(packet_of(R"(2["e",{"a":{"x":1},"a":{"y":2}}])").data, json::parse(R"(["e",{"a":{"y":2}}])"));
}

TEST(Json, EscapesAndEmptyContainersConvert) {
  EXPECT_EQ(packet_of(R"(2["a\"b\\c\/d\n\u00e9\u0000",{},[],{"":""}])").data,
            (json{std::string("a\"b\\c/d\n\xc3\xa9\0", 11), json::object(), json::array(), {{"", ""}}}));
}

// ===========================================================================
// Placeholders (strict)
// ===========================================================================

TEST(Placeholders, ExactFormWithNumBelowTheCount) {
  EXPECT_TRUE(decode_checked(R"(52-["a",{"_placeholder":true,"num":1},{"num":0,"_placeholder":true}])"));
  EXPECT_TRUE(decode_checked(R"(62-[{"_placeholder":true,"num":1},{"_placeholder":true,"num":1}])"));
}

TEST(Placeholders, NestedPlaceholdersAreChecked) {
  EXPECT_TRUE(decode_checked(R"(52-["a",{"x":[{"_placeholder":true,"num":1}]},[[{"_placeholder":true,"num":0}]]])"));
  EXPECT_EQ(error_of(R"(52-["a",{"x":[{"_placeholder":true,"num":2}]}])"), (failure{errc::invalid_placeholder, 14}));
}

TEST(Placeholders, ErrorOffsetIsThePlaceholdersBrace) {
  // '{' inside strings and before the placeholder are told apart.
  const std::string_view frame = R"(51-["{",{"k":"{"},{"x":{}},{"_placeholder":true,"num":3}])";
  EXPECT_EQ(error_of(frame), (failure{errc::invalid_placeholder, frame.find("{\"_placeholder")}));
}

TEST(Placeholders, AnObjectWithoutPlaceholderTrueIsData) {
  EXPECT_TRUE(decode_checked(R"(51-["a",{"_placeholder":false,"num":"x"},{"_placeholder":1},{"num":-1}])"));
}

TEST(Placeholders, InAPlainEventTheyAreData) {
  EXPECT_TRUE(decode_checked(R"(2["a",{"_placeholder":true,"num":"splice"}])"));
}

TEST(Placeholders, AnythingElseIsInvalid) {
  for (auto frame : {
           R"(51-["a",{"_placeholder":true}])"sv,
           R"(51-["a",{"_placeholder":true,"num":0,"x":1}])"sv,
           R"(51-["a",{"_placeholder":true,"_placeholder":true}])"sv,
           R"(51-["a",{"_placeholder":true,"num":0,"num":0}])"sv,
           R"(51-["a",{"_placeholder":false,"_placeholder":true,"num":0}])"sv,
           R"(51-["a",{"_placeholder":true,"_placeholder":false,"num":0}])"sv,
           R"(51-["a",{"_placeholder":true,"num":null}])"sv,
           R"(51-["a",{"_placeholder":true,"num":[0]}])"sv,
       }) {
    EXPECT_EQ(error_of(frame), (failure{errc::invalid_placeholder, 8})) << frame;
  }
}

// ===========================================================================
// Advisories (hostile input Socket.IO implementations have had to fix)
// ===========================================================================

TEST(Advisory, CVE_2020_36049_LongNumericPrefixesAreBoundedWithoutBuildingThem) {
  const std::string count = "5" + std::string(500'000, '9') + "-[\"a\"]";
  EXPECT_EQ(error_of(count), (failure{errc::too_many_attachments, 1}));
  const std::string id = "2" + std::string(500'000, '7') + "[\"a\"]";
  EXPECT_EQ(error_of(id), (failure{errc::invalid_ack_id, 1}));
  const std::string huge = "2[\"" + std::string(1'000'000, 'x') + "\"]";
  EXPECT_EQ(error_of(huge), (failure{errc::payload_too_large, 1'000'000}));
}

TEST(Advisory, CVE_2022_2421_PlaceholderNumMustIndexAnAttachment) {
  for (auto num : {R"("splice")"sv, R"("0")"sv, "-1"sv, "0.5"sv, "1.0"sv, "1e0"sv, "2"sv, "1"sv, "true"sv,
                   R"({"valueOf":0})"sv}) {
    const std::string frame = R"(51-["a",{"_placeholder":true,"num":)" + std::string(num) + "}]";
    EXPECT_EQ(error_of(frame), (failure{errc::invalid_placeholder, 8})) << frame;
    EXPECT_EQ(error_of(frame, strict4), (failure{errc::invalid_placeholder, 8})) << frame;
  }
}

TEST(Advisory, CVE_2023_32695_MalformedEventNamesAreErrors) {
  // ref5 '2[{}]', '2[null]', '2[]' -> ERR invalid payload (4.2.7 no longer throws elsewhere)
  EXPECT_EQ(error_of("2[{}]"), (failure{errc::invalid_payload, 2}));
  EXPECT_EQ(error_of("2[null]"), (failure{errc::invalid_payload, 2}));
  EXPECT_EQ(error_of("2[]"), (failure{errc::invalid_payload, 2}));
  EXPECT_EQ(error_of("2[{\"toString\":1}]", strict4), (failure{errc::invalid_payload, 2}));
}

TEST(Advisory, CVE_2024_38355_AnEventNamedErrorIsReportedFaithfully) {
  // ref5 '2["error"]' -> {"type":2,"nsp":"/","data":["error"]}: "error" is not
  // reserved; the application decides what to do with it.
  for (const auto& o : {strict5, strict4, reference5, reference4}) {
    EXPECT_EQ(packet_of(R"(2["error","boom"])", o), make(packet_type::event, "/", {}, json{"error", "boom"}));
  }
  sio::parser p;
  const auto v = p.parse(R"(2["error"])");
  ASSERT_TRUE(v);
  EXPECT_EQ(v->event_name(), "error");
}

TEST(Advisory, GHSA_677m_j7p3_52f9_DeclaredAttachmentCountIsCapped) {
  EXPECT_EQ(error_of(R"(5999999999-["a"])"), (failure{errc::too_many_attachments, 1}));
  EXPECT_EQ(error_of(R"(611-[])"), (failure{errc::too_many_attachments, 1}));
  EXPECT_EQ(error_of(R"(5999999999-["a"])", reference4), (failure{errc::too_many_attachments, 1}));
}

TEST(Advisory, GHSA_2m8v_j782_fhvr_ZeroAttachmentsAreRefusedUnderV5) {
  // ref5 '50-' -> ERR Illegal attachments (4.2.7); the v4 side is in the decoder tests.
  EXPECT_EQ(error_of(R"(50-["a"])"), (failure{errc::invalid_attachment_count, 1}));
  EXPECT_EQ(error_of(R"(50-["a"])", reference5), (failure{errc::invalid_attachment_count, 1}));
}

TEST(Advisory, Socketioxide357_BinaryHeadersWithoutAProperCount) {
  // Socket.IO texts of the Engine.IO frames "45", "5", ...: each ends cleanly.
  // ref5 '5', '5-', '5a-', '51', '5-1-[]' -> ERR Illegal attachments;
  // ref5 '45' -> {"type":4,"nsp":"/","id":5}
  EXPECT_EQ(error_of("5"), (failure{errc::invalid_attachment_count, 1}));
  EXPECT_EQ(error_of("5-"), (failure{errc::invalid_attachment_count, 1}));
  EXPECT_EQ(error_of("5a-"), (failure{errc::invalid_attachment_count, 1}));
  EXPECT_EQ(error_of("51"), (failure{errc::invalid_attachment_count, 2}));
  EXPECT_EQ(error_of("5-1-[]"), (failure{errc::invalid_attachment_count, 1}));
  EXPECT_EQ(packet_of("45"), make(packet_type::connect_error, "/", 5));
  for (auto frame : {"5"sv, "5-"sv, "5a-"sv, "51"sv, "5-1-[]"sv}) {
    EXPECT_FALSE(decode_checked(frame, reference5)) << frame;
  }
}

TEST(Advisory, SocketIoClientCpp299_WireDigitsNeverAbort) {
  // "451": Engine.IO message + "51", and "451" itself as a Socket.IO text.
  EXPECT_EQ(error_of("51"), (failure{errc::invalid_attachment_count, 2}));
  // ref5 '451' -> {"type":4,"nsp":"/","id":51}
  EXPECT_EQ(packet_of("451"), make(packet_type::connect_error, "/", 51));
  EXPECT_EQ(error_of(R"(212345678901234567890["a"])"), (failure{errc::invalid_ack_id, 1}));
  EXPECT_EQ(error_of(R"(2/a,99999999999999999999999["a"])"), (failure{errc::invalid_ack_id, 4}));
  EXPECT_EQ(error_of("2" + std::string(40, '9')), (failure{errc::invalid_ack_id, 1}));
}

// ===========================================================================
// Reference dialect: what socket.io-parser decides, quirks included
// ===========================================================================

TEST(Reference, TypeIsNumberOfTheFirstCharacter) {
  // ref5/ref4 '' -> {"type":0,"nsp":"/"}; ' ' and '\t' likewise
  EXPECT_EQ(packet_of("", reference5), make(packet_type::connect));
  EXPECT_EQ(packet_of(" ", reference5), make(packet_type::connect));
  EXPECT_EQ(packet_of("\t", reference4), make(packet_type::connect));
  // ref5 '\u00a0{}' -> {"type":0,"nsp":"/","data":{}}
  EXPECT_EQ(packet_of("\xc2\xa0{}", reference5), make(packet_type::connect, "/", {}, json::object()));
  // ref5 '\ufeff/admin,{}' -> {"type":0,"nsp":"/admin","data":{}}
  EXPECT_EQ(packet_of("\xef\xbb\xbf/admin,{}", reference5), make(packet_type::connect, "/admin", {}, json::object()));
  // ref5 '\u180e' -> ERR unknown packet type NaN: not whitespace to JavaScript
  EXPECT_EQ(error_of("\xe1\xa0\x8e", reference5), (failure{errc::unknown_packet_type, 0}));
  EXPECT_EQ(error_of("7", reference5), (failure{errc::unknown_packet_type, 0}));
}

TEST(Reference, V4UnknownTypeIsAnErrorNamingTheReferencesErrorPacket) {
  // ref4 '7' -> {"type":4,"data":"parser error: unknown packet type 7"}
  // ref4 'a' -> {"type":4,"data":"parser error: unknown packet type NaN"}
  EXPECT_EQ(error_of("7", reference4), (failure{errc::unknown_packet_type, 0}));
  EXPECT_EQ(error_of("a", reference4), (failure{errc::unknown_packet_type, 0}));
  sio::parser p(reference4);
  EXPECT_NE(std::strstr(p.parse("7").error_info().message, "ERROR packet"), nullptr);
}

TEST(Reference, AttachmentCountIsNumberOfTheTextBeforeTheDash) {
  // ref5 each -> waits (one attachment)
  for (auto frame : {R"(5 1-["a"])"sv, R"(51 -["a"])"sv, R"(501-["a"])"sv, R"(51.0-["a"])"sv, R"(50x1-["a"])"sv,
                     R"(5.1e1-["a"])"sv, R"(5+1-["a"])"sv, "5\xe3\x80\x80" "1-[\"a\"]"sv, R"(50b1-["a"])"sv,
                     R"(50o1-["a"])"sv, R"(5.1e+1-["a"])"sv, R"(51.0000000000000001-["a"])"sv}) {
    for (const auto& o : {reference5, reference4}) {
      sio::parser p(o);
      const auto v = p.parse(frame);
      ASSERT_TRUE(v) << frame << ": " << v.error_info().describe();
      EXPECT_EQ(v->attachments, 1u) << frame;
      EXPECT_EQ(v->data, R"(["a"])");
      EXPECT_TRUE(decode_checked(frame, o));
    }
  }
  // ref5 '51e1-["a"]' -> waits for 10
  sio::parser p(reference5);
  EXPECT_EQ(p.parse(R"(51e1-["a"])")->attachments, 10u);
}

TEST(Reference, V5AttachmentCountMustBeAnIntegerFromOneToTheLimit) {
  // ref5 '5-', '50-', '51.5-["a"]', '5Infinity-["a"]', '5 -["a"]' -> ERR Illegal attachments
  for (auto frame : {"5-"sv, "50-"sv, R"(51.5-["a"])"sv, R"(5Infinity-["a"])"sv, R"(5 -["a"])"sv, R"(51e-["a"])"sv,
                     R"(5x-["a"])"sv, "51"sv, R"(50x-["a"])"sv, R"(5+-["a"])"sv, R"(5.-["a"])"sv}) {
    EXPECT_EQ(error_of(frame, reference5), (failure{errc::invalid_attachment_count, 1})) << frame;
  }
  // ref5 '511-["a"]' -> ERR too many attachments
  EXPECT_EQ(error_of(R"(511-["a"])", reference5), (failure{errc::too_many_attachments, 1}));
  EXPECT_EQ(error_of(R"(50x10000-["a"])", reference5), (failure{errc::too_many_attachments, 1}));
}

TEST(Reference, V4AttachmentCountIsAnyNumber) {
  sio::parser p(reference4);
  // ref4 '5-', '50-', '5 -["a"]' -> {"type":5,"attachments":0,...} at once
  for (auto frame : {"5-"sv, "50-"sv, R"(5 -["a"])"sv, R"(5-["a"])"sv, R"(50.0-["a"])"sv}) {
    const auto v = p.parse(frame);
    ASSERT_TRUE(v) << frame;
    EXPECT_EQ(v->attachments, 0u) << frame;
    EXPECT_TRUE(decode_checked(frame, reference4));
  }
  // ref4 '51.5-["a"]' -> waits, and no number of attachments completes it
  EXPECT_EQ(p.parse(R"(51.5-["a"])")->attachments, sio::packet_view::endless);
  EXPECT_EQ(p.parse(R"(50.5-["a"])")->attachments, sio::packet_view::endless);
  // ref4 '5Infinity-["a"]', '511-["a"]' -> waits: beyond max_attachments here.
  EXPECT_EQ(error_of(R"(5Infinity-["a"])", reference4), (failure{errc::too_many_attachments, 1}));
  EXPECT_EQ(error_of(R"(511-["a"])", reference4), (failure{errc::too_many_attachments, 1}));
  EXPECT_EQ(error_of(R"(510.5-["a"])", reference4), (failure{errc::too_many_attachments, 1}));
  // ref4 '5' -> ERR Illegal attachments (no '-'); '5a-' likewise (NaN)
  EXPECT_EQ(error_of("5", reference4), (failure{errc::invalid_attachment_count, 1}));
  EXPECT_EQ(error_of("5a-", reference4), (failure{errc::invalid_attachment_count, 1}));
}

TEST(Reference, NamespaceRunsToTheFirstCommaOrTheEnd) {
  // ref5 '2/admin["a"]' -> {"type":2,"nsp":"/admin[\"a\"]"}
  EXPECT_EQ(packet_of(R"(2/admin["a"])", reference5), make(packet_type::event, R"(/admin["a"])"));
  // ref5 '2/admin' -> {"type":2,"nsp":"/admin"}
  EXPECT_EQ(packet_of("2/admin", reference5), make(packet_type::event, "/admin"));
  EXPECT_EQ(packet_of("0/admin?x=1", reference4), make(packet_type::connect, "/admin", {}, {}, "x=1"));
  EXPECT_EQ(error_of("2/\xff", reference5), (failure{errc::invalid_utf8, 2}));
}

TEST(Reference, AckIdIsNumberOfItsDigitsAndWhitespace) {
  // ref5 '2 ["a"]' -> {"type":2,"nsp":"/","id":0,"data":["a"]}
  EXPECT_EQ(packet_of(R"(2 ["a"])", reference5), make(packet_type::event, "/", 0, json{"a"}));
  // ref5 '2 1 ["a"]' -> id 1; '201["a"]' -> id 1
  EXPECT_EQ(packet_of(R"(2 1 ["a"])", reference5), make(packet_type::event, "/", 1, json{"a"}));
  EXPECT_EQ(packet_of(R"(201["a"])", reference4), make(packet_type::event, "/", 1, json{"a"}));
  // ref5 '2\ufeff["x"]' -> id 0; '2/a,\u00a01["x"]' -> id 1
  EXPECT_EQ(packet_of("2\xef\xbb\xbf[\"x\"]", reference5), make(packet_type::event, "/", 0, json{"x"}));
  EXPECT_EQ(packet_of("2/a,\xc2\xa0" "1[\"x\"]", reference5), make(packet_type::event, "/a", 1, json{"x"}));
  // ref5 '2  ' -> {"type":2,"nsp":"/","id":0}
  EXPECT_EQ(packet_of("2  ", reference5), make(packet_type::event, "/", 0));
  // ref4 '0123["a"]' -> {"type":0,"nsp":"/","id":123,"data":["a"]}
  EXPECT_EQ(packet_of(R"(0123["a"])", reference4), make(packet_type::connect, "/", 123, json{"a"}));
}

TEST(Reference, AckIdWithWhitespaceBetweenDigitsCannotBeHeld) {
  // ref5 '21 2["a"]' -> id NaN, which packet::id cannot hold
  EXPECT_EQ(error_of(R"(21 2["a"])", reference5), (failure{errc::invalid_ack_id, 1}));
}

TEST(Reference, AckIdsBeyondTwoToThe53AreExactUpToTheLimit) {
  // ref5 '29007199254740993["x"]' -> id 9007199254740992 (rounded to a double):
  // the one difference in value; the limit still applies.
  EXPECT_EQ(error_of(R"(29007199254740993["x"])", reference5), (failure{errc::invalid_ack_id, 1}));
  sio::decode_options wide = reference5;
  wide.max_ack_id = UINT64_MAX;
  EXPECT_EQ(packet_of(R"(29007199254740993["x"])", wide).id, 9007199254740993u);
  // ref5 '2123456789012345678901["x"]' -> id 123456789012345680000
  EXPECT_EQ(error_of(R"(2123456789012345678901["x"])", wide), (failure{errc::invalid_ack_id, 1}));
}

TEST(Reference, EventsAndAcksNeedNoPayload) {
  // ref5 '2' -> {"type":2,"nsp":"/"}; '3' -> {"type":3,"nsp":"/"}; '51-' waits
  EXPECT_EQ(packet_of("2", reference5), make(packet_type::event));
  EXPECT_EQ(packet_of("3", reference4), make(packet_type::ack));
  EXPECT_EQ(packet_of("51-", reference5), make(packet_type::binary_event));
  EXPECT_EQ(packet_of("61-/a,4", reference5), make(packet_type::binary_ack, "/a", 4));
}

TEST(Reference, V4ConnectAndErrorTakeWhatTypeofCallsObject) {
  // ref4 '0null' -> {"type":0,"nsp":"/","data":null}; '0[1]', '4null', '4[1]' likewise
  EXPECT_EQ(packet_of("0null", reference4), make(packet_type::connect, "/", {}, json(nullptr)));
  EXPECT_EQ(packet_of("0[1]", reference4), make(packet_type::connect, "/", {}, json{1}));
  EXPECT_EQ(packet_of("4null", reference4), make(packet_type::connect_error, "/", {}, json(nullptr)));
  EXPECT_EQ(packet_of("4[]", reference4), make(packet_type::connect_error, "/", {}, json::array()));
  // ref5 '0null', '4[1]' -> ERR invalid payload
  EXPECT_EQ(error_of("0null", reference5), (failure{errc::invalid_payload, 1}));
  EXPECT_EQ(error_of("4[1]", reference5), (failure{errc::invalid_payload, 1}));
  EXPECT_EQ(error_of("0\"x\"", reference4), (failure{errc::invalid_payload, 1}));
}

TEST(Reference, ReservedNamesOnlyUnderV5) {
  // ref5 '2["connect"]' -> ERR invalid payload; ref4 -> {"type":2,...,"data":["connect"]}
  EXPECT_EQ(error_of(R"(2["connect"])", reference5), (failure{errc::invalid_payload, 2}));
  EXPECT_EQ(packet_of(R"(2["connect"])", reference4), make(packet_type::event, "/", {}, json{"connect"}));
}

TEST(Reference, PlaceholdersAreLeftForTheDecoder) {
  // ref5 '51-["a",{"_placeholder":true,"num":"splice"}]' -> waits; the error
  // comes with the attachment (see the decoder tests).
  EXPECT_TRUE(decode_checked(R"(51-["a",{"_placeholder":true,"num":"splice"}])", reference5));
  EXPECT_TRUE(decode_checked(R"(51-["a",{"_placeholder":true,"num":0,"x":1}])", reference4));
}

TEST(Reference, DisconnectStillRefusesAnyPayload) {
  // ref5 '1{}' -> ERR invalid payload
  EXPECT_EQ(error_of("1{}", reference5), (failure{errc::invalid_payload, 1}));
  EXPECT_EQ(error_of("1/a,x", reference4), (failure{errc::invalid_payload, 4}));
}

TEST(Reference, StrictFramesDecodeAlikeInBothDialects) {
  for (auto frame : {R"(0/admin,{"token":"123"})"sv, R"(2/admin,12["a",{"b":[1,2.5]}])"sv, "1/x,"sv, R"(4"no")"sv,
                     R"(62-/a,3[{"_placeholder":true,"num":1},{"_placeholder":true,"num":0}])"sv}) {
    EXPECT_EQ(packet_of(frame, strict5), packet_of(frame, reference5)) << frame;
    EXPECT_EQ(packet_of(frame, strict4), packet_of(frame, reference4)) << frame;
  }
}

// ===========================================================================
// The fast path
// ===========================================================================

TEST(FastPath, ViewsPointIntoTheFrame) {
  const std::string frame = R"(2/chat,42["message",{"text":"hi"},3])";
  sio::parser p;
  const auto v = p.parse(frame);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->type, packet_type::event);
  EXPECT_EQ(v->nsp, "/chat");
  EXPECT_EQ(v->nsp.data(), frame.data() + 1);
  EXPECT_EQ(v->id, 42u);
  EXPECT_EQ(v->data, R"(["message",{"text":"hi"},3])");
  EXPECT_EQ(v->data.data(), frame.data() + 9);
  EXPECT_EQ(v->event, R"("message")");
  EXPECT_EQ(v->args, R"({"text":"hi"},3)");
  EXPECT_EQ(v->event_name(), "message");
}

TEST(FastPath, ArgsAreTheElementsAfterTheNameWithoutBrackets) {
  sio::parser p;
  auto v = p.parse("2[ \"a\" , 1 , {\"b\":[2]} \n]\n");
  ASSERT_TRUE(v);
  EXPECT_EQ(v->event, R"("a")");
  EXPECT_EQ(v->args, R"(1 , {"b":[2]})");
  v = p.parse(R"(2["only"])");
  ASSERT_TRUE(v);
  EXPECT_EQ(v->args, "");
  v = p.parse(R"(2[-1.5e+3,"x"])");
  ASSERT_TRUE(v);
  EXPECT_EQ(v->event, "-1.5e+3");
  EXPECT_EQ(v->event_name(), "");
  EXPECT_EQ(v->args, R"("x")");
}

TEST(FastPath, EventNameResolvesEscapes) {
  sio::parser p;
  const auto v = p.parse(R"(2["a\u00e9\n\"\\\/\ud83d\ude00\t"])");
  ASSERT_TRUE(v);
  EXPECT_EQ(v->event_name(), "a\xc3\xa9\n\"\\/\xf0\x9f\x98\x80\t");
}

TEST(FastPath, AcksAndOtherTypesHaveNoEventViews) {
  sio::parser p;
  for (auto frame : {R"(31["a",1])"sv, R"(0{"a":1})"sv, R"(4"x")"sv, R"(61-1[{"_placeholder":true,"num":0}])"sv}) {
    const auto v = p.parse(frame);
    ASSERT_TRUE(v) << frame;
    EXPECT_TRUE(v->event.empty() && v->args.empty()) << frame;
    EXPECT_TRUE(v->has_data());
  }
}

// parse() certifies small plain payloads with a scalar pass of its own and
// leaves everything else to simdjson; decode() always uses simdjson. Each
// frame below, valid or not by the JSON grammar (RFC 8259), must get the
// same verdict both ways (decode_checked), in every dialect and version, and
// at depth limits around its nesting. Each is also checked padded with
// trailing spaces beyond the scalar pass's size limit, where the walk over
// simdjson's structural index reads it: the same verdict, event and arguments.
TEST(FastPath, SmallPlainPayloadsGetSimdjsonsVerdict) {
  struct frame {
    std::string_view text;
    bool valid;
  };
  const frame frames[] = {
      {R"(2["a",1])", true},
      {R"(2["a",-0])", true},
      {R"(2["a",0.5,-12.25])", true},
      {R"(2["a",123456789012345678])", true},
      {R"(2["a",1234567890123456789012])", true},
      {R"(2["a",1.123456789012345678901])", true},
      {R"(2["a",1e5,2E-3,3e+2])", true},
      {R"(2["a",{"k":[true,false,null]},"",{}])", true},
      {"2 [\"a\"]", false},
      {"2[ \"a\" , { \"k\" : 1 } , [ ] ]", true},
      {"2[\"a\"]\t\r\n ", true},
      {R"(2["a\"b",1])", true},
      {R"(2["caf\u00e9"])", true},
      {"2[\"caf\xc3\xa9\"]", true},
      {"2[\"a\x7f\"]", true},
      {"2[\"a\x01\"]", false},
      {"2[\"\xff\"]", false},
      {R"(2["a",01])", false},
      {R"(2["a",1.])", false},
      {R"(2["a",.5])", false},
      {R"(2["a",-])", false},
      {R"(2["a",-a])", false},
      {R"(2["a",1e])", false},
      {R"(2["a",+1])", false},
      {R"(2["a",tru])", false},
      {R"(2["a",nulll])", false},
      {R"(2["a",True])", false},
      {R"(2["a",])", false},
      {R"(2["a",,1])", false},
      {R"(2[,"a"])", false},
      {R"(2["a"})", false},
      {R"(2["a",{"k"}])", false},
      {R"(2["a",{"k":}])", false},
      {R"(2["a",{1:2}])", false},
      {R"(2["a",{"k":1,}])", false},
      {R"(2["a"]x)", false},
      {R"(2["a"][])", false},
      {R"(2["a")", false},
      {R"(2["a)", false},
      {R"(2["a",[[[1]]]])", true},
      {R"(2["a",[[[1]]])", false},
      {R"(2[1,2])", true},
      {R"(2[true])", false},
      {R"(2[])", false},
      {R"(2"a")", false},
      {R"(2["connect"])", false},
      {R"(2["connec"])", true},
      {R"(0{"token":"x"})", true},
      {R"(0[])", false},
      {R"(4"message")", true},
      {R"(4{"message":"m","data":{"a":1}})", true},
      {R"(3[])", true},
      {R"(31["a",{"b":[1,2]}])", true},
      {R"(2/admin,7["a",null])", true},
  };
  const sio::decode_options dialects[] = {strict5, strict4, reference5, reference4};
  for (const frame& f : frames) {
    SCOPED_TRACE(testing::Message() << "frame: " << f.text);
    for (const sio::decode_options& base : dialects) {
      const bool v4 = base.version == protocol::v4;
      const bool reference = base.mode == dialect::reference;
      for (const std::size_t depth : {std::size_t{1}, std::size_t{2}, std::size_t{3}, std::size_t{4}, std::size_t{32}}) {
        sio::decode_options o = base;
        o.max_depth = depth;
        const auto d = decode_checked(f.text, o);
        if (depth == 32 && !v4 && !reference) {
          EXPECT_EQ(d.has_value(), f.valid);
        }
        const std::string padded = std::string(f.text) + std::string(300, ' ');
        sio::parser small(o), large(o);
        const auto a = small.parse(f.text);
        const auto b = large.parse(padded);
        ASSERT_EQ(a.has_value(), b.has_value()) << "max_depth " << depth;
        if (!a) {
          EXPECT_EQ(a.code(), b.code());
          EXPECT_EQ(a.error_info().offset, b.error_info().offset);
          continue;
        }
        EXPECT_EQ(a->type, b->type);
        EXPECT_EQ(a->nsp, b->nsp);
        EXPECT_EQ(a->id, b->id);
        EXPECT_EQ(a->event, b->event);
        EXPECT_EQ(a->args, b->args);
      }
    }
  }
}

// The scalar pass reads strings eight bytes at a time: whatever ends a plain
// run must be seen at every position of a word, and in the last bytes that
// do not fill one.
TEST(FastPath, StringsEndTheirPlainRunAtEveryPosition) {
  struct stop {
    std::string_view bytes;
    bool valid;
  };
  const stop stops[] = {
      {"\x01", false}, {"\x1f", false}, {"\x7f", true},     {"\x80", false}, {"\xff", false},
      {"\xc3\xa9", true}, {"\\n", true}, {"\\x", false}, {"\"", false}, {" ", true},
  };
  for (const stop& s : stops) {
    for (std::size_t before = 0; before < 20; ++before) {
      for (const std::size_t after : {std::size_t{0}, std::size_t{3}, std::size_t{12}}) {
        // The string ends 4, 2 or 0 bytes before the frame does (unterminated).
        for (const std::string_view tail : {"\",1]", "\"]", ""}) {
          const std::string frame =
              "2[\"" + std::string(before, 'a') + std::string(s.bytes) + std::string(after, 'b') + std::string(tail);
          SCOPED_TRACE(testing::Message() << "frame: " << frame);
          EXPECT_EQ(decode_checked(frame, strict5).has_value(), s.valid && !tail.empty());
        }
      }
    }
  }
}

// Digits are read eight at a time too: a number of any length, ended by each
// kind of byte that may or may not follow it.
TEST(FastPath, NumbersEndTheirDigitsAtEveryPosition) {
  struct stop {
    std::string_view bytes;
    bool valid;
  };
  const stop stops[] = {
      {"]", true}, {",1]", true}, {" ]", true}, {".5]", true}, {"e5]", true},  {"E-5]", true},
      {"a]", false}, {".]", false}, {"-]", false}, {"/]", false}, {":]", false}, {"\xff]", false},
  };
  for (const stop& s : stops) {
    for (std::size_t digits = 1; digits < 24; ++digits) {
      std::string number(digits, '0');
      for (std::size_t i = 0; i < digits; ++i) number[i] = static_cast<char>('1' + i % 9);
      const std::string frame = "2[\"a\"," + number + std::string(s.bytes);
      SCOPED_TRACE(testing::Message() << "frame: " << frame);
      EXPECT_EQ(decode_checked(frame, strict5).has_value(), s.valid);
    }
  }
}

// Above the scalar pass's size limit, parse() certifies a payload by walking
// simdjson's structural index (indexed_json) and decode() has simdjson build
// the document. Each frame below holds a long string where '%' stands, which
// takes its payload past that limit. Valid or not by the JSON grammar (RFC
// 8259; in strict v5, where sioc refuses lone surrogates and numbers beyond
// the double range), it must get decode()'s verdict in every dialect and
// version.
TEST(FastPath, LargePayloadsGetSimdjsonsVerdict) {
  struct frame {
    std::string_view text;
    bool valid;
  };
  const frame frames[] = {
      {R"(2["a",%,1])", true},
      {R"(2["a\"b",%])", true},
      {R"(2["\\",%])", true},
      {R"(2["a",%,"x\"y","z\\","\/\b\f\n\r\t"])", true},
      {R"(2["a",%,{"k\"" : 1, "\\" :"\\\""}])", true},
      {R"(2["a",%,"\u00e9\u0000\uFFFF\ud83d\ude00"])", true},
      {R"(2["a",%,"\ud83d"])", false},
      {R"(2["a",%,"\ude00x"])", false},
      {R"(2["\ud83d",%])", false},
      {R"(2["a",%,"\x"])", false},
      {R"(2["a",%,"\u12"])", false},
      {R"(2["a",%,"\u12G4"])", false},
      {R"(2["a",%,"\"])", false},
      {"2[\"a\",%,\"tab\there\"]", false},
      {"2[\"a\",%,\"\xff\"]", false},
      {"2[\"a\",%,\"caf\xc3\xa9\"]", true},
      {R"(2["a",%,"unclosed])", false},
      {R"(2["a",%,123456789012345678,-123456789012345678])", true},
      {R"(2["a",%,1234567890123456789,18446744073709551615])", true},
      {R"(2["a",%,12345678901234567890123])", true},
      {R"(2["a",%,1.123456789012345678,1.1234567890123456789])", true},
      {R"(2["a",%,0,-0,0.0,-0.5,1e99,1E-99,1e+9,1e100,1.5e-300])", true},
      {R"(2["a",%,1e400])", false},
      {R"(2["a",%,01])", false},
      {R"(2["a",%,-01])", false},
      {R"(2["a",%,1.])", false},
      {R"(2["a",%,.5])", false},
      {R"(2["a",%,-])", false},
      {R"(2["a",%,1e])", false},
      {R"(2["a",%,1e+])", false},
      {R"(2["a",%,+1])", false},
      {R"(2["a",%,0x1])", false},
      {R"(2["a",%,1.5.5])", false},
      {R"(2["a",%,--1])", false},
      {R"(2["a",%,1-])", false},
      {"2[\"a\",%,1 ,\t2\n,\r3 ]", true},
      {R"(2["a",%,1"x"])", false},
      {R"(2["a",%,1x])", false},
      {std::string_view("2[\"a\",%,1\0]", 11), false},
      {std::string_view("2[\"a\",%,\0]", 10), false},
      {R"(2["a",%,true,false,null])", true},
      {R"(2["a",%,true1])", false},
      {R"(2["a",%,truex])", false},
      {R"(2["a",%,true"x"])", false},
      {R"(2["a",%,nul])", false},
      {R"(2["a",%,True])", false},
      {R"(2["a",%,])", false},
      {R"(2[,"a",%])", false},
      {R"(2["a",%,,1])", false},
      {R"(2["a",%,{"a":1,}])", false},
      {R"(2["a",%,{,}])", false},
      {R"(2["a",%,{"a" 1}])", false},
      {R"(2["a",%,{"a":}])", false},
      {R"(2["a",%,{1:2}])", false},
      {R"(2["a",%,{"a"}])", false},
      {R"(2["a",%,{"a","b"}])", false},
      {R"(2["a",%,{"a":1 "b":2}])", false},
      {R"(2["a",%,["a":1]])", false},
      {R"(2["a",%,1 2])", false},
      {R"(2["a",%,"x" "y"])", false},
      {R"(2["a",%,"x"y])", false},
      {R"(2["a",%,[[]])", false},
      {R"(2["a",%]])", false},
      {R"(2["a",%})", false},
      {R"(2["a",%,{"k":[{},[],{"":[{"x":{}}]}]}])", true},
      {R"(2["a",%,\])", false},
      {R"(2["a",%,1\2])", false},
      {R"(2["a",%,"x"\])", false},
      {"2[\"a\",%,\x01]", false},
      {"2[ \"a\" , %  ,\t\"b\"\n]\r\n ", true},
      {R"(2["a",%] x)", false},
      {R"(2["a",%][])", false},
      {R"(2["a",%]")", false},
      {R"(2["a",%)", false},
      {R"(2["",%])", true},
      {R"(2[7,%])", true},
      {R"(2["connect",%])", false},
      {R"(2[%])", true},
      {R"(3[%,{"a":[1,2]}])", true},
      {R"(0{"a":%})", true},
      {R"(0[%])", false},
      {R"(4%)", true},
      {R"(4{"message":%,"data":null})", true},
      {R"(4%%)", false},
      {R"(2/admin,7["a",%])", true},
  };
  const std::string filler = "\"" + std::string(300, 'f') + "\"";
  const sio::decode_options dialects[] = {strict5, strict4, reference5, reference4};
  for (const frame& f : frames) {
    std::string text(f.text);
    for (std::size_t at = text.find('%'); at != std::string::npos; at = text.find('%', at)) {
      text.replace(at, 1, filler);
    }
    SCOPED_TRACE(testing::Message() << "frame: " << f.text);
    for (const sio::decode_options& o : dialects) {
      sio::parser fast(o), full(o);
      const auto v = fast.parse(text);
      const auto d = full.decode(text);
      EXPECT_EQ(v.has_value(), d.has_value()) << (v ? d.error_info().describe() : v.error_info().describe());
      if (v.has_value() != d.has_value()) continue;
      if (o.mode == dialect::strict) {
        EXPECT_EQ(decode_checked(text, o).has_value(), d.has_value());
      }
      if (o.version == protocol::v5 && o.mode == dialect::strict) {
        EXPECT_EQ(v.has_value(), f.valid);
      }
      if (!v) {
        EXPECT_EQ(v.code(), d.code());
        EXPECT_EQ(v.error_info().offset, d.error_info().offset);
        EXPECT_STREQ(v.error_info().message, d.error_info().message);
      } else if (d->type == packet_type::event && d->data->at(0).is_string()) {
        EXPECT_EQ(v->event_name(), d->data->at(0).get<std::string>());
      }
    }
  }
}

// The walk over simdjson's index keeps its own count of open containers; a
// value's depth is the number of containers around it (decode_options).
TEST(FastPath, LargePayloadsNestAsDeepAsMaxDepth) {
  const std::string filler = "\"" + std::string(300, 'f') + "\"";
  for (const std::size_t max_depth : {std::size_t{32}, std::size_t{1022}, std::size_t{1023}, std::size_t{1024},
                                      std::size_t{1100}}) {
    sio::decode_options o;
    o.max_depth = max_depth;
    for (const std::size_t inner : {max_depth - 2, max_depth - 1, max_depth, max_depth + 1}) {
      for (const std::string_view innermost : {""sv, "1"sv}) {
        // `inner` arrays nest in the payload's own; the deepest value is the
        // innermost array (depth inner) or the 1 inside it (depth inner + 1).
        const std::string text = "2[\"a\"," + filler + "," + std::string(inner, '[') + std::string(innermost) +
                                 std::string(inner, ']') + "]";
        const std::size_t depth = innermost.empty() ? inner : inner + 1;
        SCOPED_TRACE(testing::Message() << "max_depth " << max_depth << ", deepest value at " << depth);
        sio::parser fast(o), full(o);
        const auto v = fast.parse(text);
        const auto d = full.decode(text);
        EXPECT_EQ(v.has_value(), depth <= max_depth);
        ASSERT_EQ(v.has_value(), d.has_value());
        if (!v) {
          EXPECT_EQ(v.code(), errc::too_deep);
          EXPECT_EQ(v.error_info().offset, d.error_info().offset);
        }
      }
    }
  }
}

#if __has_include(<sys/mman.h>)
// The index is built on the caller's bytes, with no padded copy: nothing past
// the frame is read. Each frame ends where an unreadable page begins.
TEST(FastPath, LargePayloadsAreReadOnlyWithinTheFrame) {
  const auto page = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
  void* map = mmap(nullptr, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ASSERT_NE(map, MAP_FAILED);
  char* const guard = static_cast<char*>(map) + page;
  ASSERT_EQ(mprotect(guard, page, PROT_NONE), 0);
  for (std::size_t size = 260; size <= 400; ++size) {
    for (const std::string_view tail : {"1]"sv, "\"x\"]"sv, "true]"sv, "{\"k\":[]}]"sv}) {
      const std::string head = R"(2["a\"b",)";
      std::string text = head + "\"" + std::string(size - head.size() - tail.size() - 3, 'f') + "\",";
      text += tail;
      ASSERT_EQ(text.size(), size);
      char* const at = guard - text.size();
      std::memcpy(at, text.data(), text.size());
      sio::parser p;
      const auto v = p.parse(std::string_view(at, text.size()));
      ASSERT_TRUE(v) << text;
      EXPECT_EQ(v->event_name(), "a\"b");
    }
  }
  munmap(map, 2 * page);
}
#endif

TEST(FastPath, OneParserServesFrameAfterFrame) {
  sio::parser p;
  const std::string big = R"(2["big",")" + std::string(100'000, 'x') + "\"]";
  for (int round = 0; round < 3; ++round) {
    for (std::string_view frame : {R"(2["a"])"sv, std::string_view(big), "2[{}]"sv, R"(0{"x":[1,2,3]})"sv}) {
      const auto v = p.parse(frame);
      const auto d = decode_checked(frame);
      ASSERT_EQ(v.has_value(), d.has_value());
      if (v) {
        EXPECT_EQ(json::parse(v->data), *d->data);
      }
    }
  }
  sio::parser moved = std::move(p);
  EXPECT_TRUE(moved.parse(R"(2["after move"])"));
  EXPECT_EQ(moved.options().max_attachments, 10u);
}

// ===========================================================================
// Decoding into a packet that is reused
// ===========================================================================

TEST(DecodeInto, ReturnsTheDeclaredAttachmentCount) {
  sio::parser p;
  sio::packet out;
  EXPECT_EQ(*p.decode(R"(52-["a",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}])", out), 2u);
  EXPECT_EQ(out.type, packet_type::binary_event);
  EXPECT_EQ(*p.decode(R"(2["a"])", out), 0u);
  EXPECT_EQ(out.type, packet_type::event);
}

TEST(DecodeInto, AnErrorLeavesThePacketAsItWas) {
  sio::parser p;
  sio::packet out = prefilled();
  const auto r = p.decode(R"(2/admin,7["a",{"b":)", out);
  EXPECT_EQ(r.code(), errc::invalid_json);
  EXPECT_EQ(out, prefilled());
}

TEST(DecodeInto, EveryFieldIsReplaced) {
  sio::parser p;
  sio::packet out = prefilled();
  ASSERT_TRUE(p.decode("1", out));
  EXPECT_EQ(out, make(packet_type::disconnect));
  ASSERT_TRUE(p.decode(R"(2/chat,5["m"])", out));
  EXPECT_EQ(out, make(packet_type::event, "/chat", 5, json{"m"}));
}

TEST(DecodeInto, MembersTheNewObjectLacksAreRemoved) {
  sio::parser p;
  sio::packet out;
  ASSERT_TRUE(p.decode(R"(2["e",{"a":1,"b":"two","c":[3],"d":{"e":4}}])", out));
  ASSERT_TRUE(p.decode(R"(2["e",{"b":"2","x":{"y":[]},"a":[1,2,3]}])", out));
  EXPECT_EQ(out.data, json::parse(R"(["e",{"a":[1,2,3],"b":"2","x":{"y":[]}}])"));
  ASSERT_TRUE(p.decode(R"(2["e",{}])", out));
  EXPECT_EQ(out.data, json::parse(R"(["e",{}])"));
}

TEST(DecodeInto, ArraysGrowAndShrinkAndValuesChangeType) {
  sio::parser p;
  sio::packet out;
  ASSERT_TRUE(p.decode(R"(2["e",[1,"s",{"k":1},[2]],"x"])", out));
  ASSERT_TRUE(p.decode(R"(2["e",[{"k":"v"},[3],"t",null,false,-1,2.5]])", out));
  EXPECT_EQ(out.data, json::parse(R"(["e",[{"k":"v"},[3],"t",null,false,-1,2.5]])"));
  ASSERT_TRUE(p.decode(R"(2[7])", out));
  EXPECT_EQ(out.data, json::parse("[7]"));
}

TEST(DecodeInto, RepeatedKeysKeepTheLastValue) {
  sio::parser p;
  sio::packet out;
  ASSERT_TRUE(p.decode(R"(0{"a":1,"b":2})", out));
  ASSERT_TRUE(p.decode(R"(0{"a":{"x":1},"b":3,"a":[2]})", out));
  EXPECT_EQ(out.data, json::parse(R"({"a":[2],"b":3})"));
  ASSERT_TRUE(p.decode(R"(0{"a":1,"a":2})", out));
  EXPECT_EQ(out.data, json::parse(R"({"a":2})"));
}

TEST(DecodeInto, RepairedReferenceValuesArePutBack) {
  sio::parser p(reference5);
  sio::packet out = prefilled();
  ASSERT_TRUE(p.decode(R"(2["e",{"s":"\ud800","n":1e400,"t":"ok"}])", out));
  EXPECT_EQ(out.data->at(1).at("s"), "\xed\xa0\x80");
  EXPECT_EQ(out.data->at(1).at("n"), std::numeric_limits<double>::infinity());
  EXPECT_EQ(out.data->at(1).at("t"), "ok");
}

TEST(DecodeInto, FramesOfTheSameShapeAllocateNothingOnceWarm) {
  sio::parser p;
  sio::packet out;
  const std::string_view frames[] = {
      R"(2/chat,1["update",{"user":{"id":1,"name":"a name longer than sixteen"},"tags":["x","y"]}])",
      R"(2/chat,2["update",{"tags":["zz","w"],"user":{"name":"another long name here","id":2}}])",
  };
  for (const auto frame : frames) ASSERT_TRUE(p.decode(frame, out)) << frame;
  const std::size_t before = sioc_test::allocations();
  for (int i = 0; i < 100; ++i) {
    for (const auto frame : frames) ASSERT_TRUE(p.decode(frame, out));
  }
  EXPECT_EQ(sioc_test::allocations(), before);
  EXPECT_EQ(out.data, json::parse(R"(["update",{"tags":["zz","w"],"user":{"id":2,"name":"another long name here"}}])"));
}

TEST(FastPath, ParseAllocatesNothingOnceWarm) {
  sio::parser p;
  const std::string_view frames[] = {
      R"(2["chat message",{"user":"ana","text":"hello there"},17])",
      R"(2/admin,42["ping"])",
      R"(52-["upload",{"_placeholder":true,"num":0},{"meta":[{"_placeholder":true,"num":1}]}])",
      R"(31[{"ok":true}])",
  };
  for (const auto frame : frames) ASSERT_TRUE(p.parse(frame)) << frame;
  const std::size_t before = sioc_test::allocations();
  std::size_t events = 0;
  for (int i = 0; i < 1000; ++i) {
    for (const auto frame : frames) events += p.parse(frame)->event.size();
  }
  EXPECT_EQ(sioc_test::allocations(), before);
  EXPECT_GT(events, 0u);
}

}  // namespace
