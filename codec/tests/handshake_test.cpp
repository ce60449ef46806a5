// The open packet's handshake JSON. The sample is the protocol digest's
// example of what a v4 server sends.
#include <sioc/eio.hpp>

#include <gtest/gtest.h>

#include <string>

namespace {

using sioc::errc;
namespace eio = sioc::eio;

constexpr const char* kServerHandshake =
    R"({"sid":"lv_VI97HAXpY6yYWAAAC","upgrades":["websocket"],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000})";

sioc::result<eio::handshake> parse(std::string_view json) { return eio::parse_handshake(json); }

TEST(Handshake, ParsesTheServersOpenPacket) {
  auto r = parse(kServerHandshake);
  ASSERT_TRUE(r) << r.error_info().describe();
  EXPECT_EQ(r->sid, "lv_VI97HAXpY6yYWAAAC");
  EXPECT_EQ(r->upgrades, std::vector<std::string>{"websocket"});
  EXPECT_EQ(r->ping_interval_ms, 25000u);
  EXPECT_EQ(r->ping_timeout_ms, 20000u);
  ASSERT_TRUE(r->max_payload.has_value());
  EXPECT_EQ(*r->max_payload, 1000000u);
}

TEST(Handshake, SerializesInTheServersMemberOrder) {
  auto r = parse(kServerHandshake);
  ASSERT_TRUE(r);
  std::string out;
  eio::serialize_handshake(*r, out);
  EXPECT_EQ(out, kServerHandshake);
}

TEST(Handshake, MaxPayloadIsOptionalAsInV3) {
  auto r = parse(R"({"sid":"abc","upgrades":[],"pingInterval":25000,"pingTimeout":5000})");
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->max_payload.has_value());
  EXPECT_TRUE(r->upgrades.empty());
  std::string out;
  eio::serialize_handshake(*r, out);
  EXPECT_EQ(out, R"({"sid":"abc","upgrades":[],"pingInterval":25000,"pingTimeout":5000})");
}

TEST(Handshake, UnknownMembersAreIgnored) {
  auto r = parse(R"({"x":{"y":[1,{"z":null}]},"sid":"s","upgrades":["websocket","webtransport"],)"
                 R"("pingInterval":1,"pingTimeout":2,"extra":"v"})");
  ASSERT_TRUE(r) << r.error_info().describe();
  EXPECT_EQ(r->upgrades.size(), 2u);
}

TEST(Handshake, StringsAreEscapedWhenSerialized) {
  eio::handshake h;
  h.sid = "a\"b\\c\n\x01";
  h.upgrades = {"websocket"};
  std::string out;
  eio::serialize_handshake(h, out);
  EXPECT_EQ(out, R"({"sid":"a\"b\\c\n\u0001","upgrades":["websocket"],"pingInterval":25000,"pingTimeout":20000})");
  auto back = parse(out);
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, h);
}

TEST(Handshake, EveryRequiredMemberMustBePresent) {
  for (const char* json : {R"({"upgrades":[],"pingInterval":1,"pingTimeout":1})",
                           R"({"sid":"s","pingInterval":1,"pingTimeout":1})",
                           R"({"sid":"s","upgrades":[],"pingTimeout":1})",
                           R"({"sid":"s","upgrades":[],"pingInterval":1})"}) {
    auto r = parse(json);
    ASSERT_FALSE(r) << json;
    EXPECT_EQ(r.code(), errc::invalid_handshake) << json;
  }
}

TEST(Handshake, MemberTypesAreChecked) {
  for (const char* json : {
           R"({"sid":"","upgrades":[],"pingInterval":1,"pingTimeout":1})",
           R"({"sid":7,"upgrades":[],"pingInterval":1,"pingTimeout":1})",
           R"({"sid":"s","upgrades":"websocket","pingInterval":1,"pingTimeout":1})",
           R"({"sid":"s","upgrades":[1],"pingInterval":1,"pingTimeout":1})",
           R"({"sid":"s","upgrades":[["websocket"]],"pingInterval":1,"pingTimeout":1})",
           R"({"sid":"s","upgrades":[],"pingInterval":"25000","pingTimeout":1})",
           R"({"sid":"s","upgrades":[],"pingInterval":-1,"pingTimeout":1})",
           R"({"sid":"s","upgrades":[],"pingInterval":1.5,"pingTimeout":1})",
           R"({"sid":"s","upgrades":[],"pingInterval":1,"pingTimeout":null})",
           R"({"sid":"s","upgrades":[],"pingInterval":1,"pingTimeout":1,"maxPayload":-5})",
           R"({"sid":"s","upgrades":[],"pingInterval":1,"pingTimeout":1,"maxPayload":{}})",
       }) {
    auto r = parse(json);
    ASSERT_FALSE(r) << json;
    EXPECT_EQ(r.code(), errc::invalid_handshake) << json;
  }
}

TEST(Handshake, IntervalsMustFitAJavaScriptTimer) {
  EXPECT_TRUE(parse(R"({"sid":"s","upgrades":[],"pingInterval":2147483647,"pingTimeout":0})"));
  auto r = parse(R"({"sid":"s","upgrades":[],"pingInterval":2147483648,"pingTimeout":0})");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.code(), errc::invalid_handshake);
}

TEST(Handshake, NotAnObjectIsRefused) {
  for (const char* json : {"[]", "\"sid\"", "null", "42"}) {
    auto r = parse(json);
    ASSERT_FALSE(r) << json;
    EXPECT_EQ(r.code(), errc::invalid_handshake) << json;
  }
}

TEST(Handshake, SyntaxErrorsCarryTheirOffset) {
  auto r = parse(R"({"sid":"s",})");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.code(), errc::invalid_json);
  EXPECT_EQ(r.error_info().offset, 11u);
  auto empty = parse("");
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.code(), errc::invalid_json);
}

TEST(Handshake, InvalidUtf8IsNamedAsSuch) {
  auto r = parse("{\"sid\":\"\xff\",\"upgrades\":[],\"pingInterval\":1,\"pingTimeout\":1}");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.code(), errc::invalid_utf8);
  EXPECT_EQ(r.error_info().offset, 8u);
}

TEST(Handshake, DeepNestingIsRefusedWithoutRecursion) {
  const std::string deep = "{\"x\":" + std::string(1'000'000, '[');
  sioc::eio::decode_options o;
  o.max_payload_bytes = 2'000'000;
  auto r = eio::parse_handshake(deep, o);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.code(), errc::too_deep);
  EXPECT_EQ(r.error_info().offset, 5u + 31u);
}

TEST(Handshake, InputOverTheLimitIsRefused) {
  sioc::eio::decode_options o;
  o.max_payload_bytes = 10;
  auto r = eio::parse_handshake(kServerHandshake, o);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.code(), errc::payload_too_large);
}

}  // namespace
