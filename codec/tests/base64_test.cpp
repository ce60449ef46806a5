// base64 as Engine.IO uses it: RFC 4648 section 4, standard alphabet, padded.
#include "detail.hpp"

#include <gtest/gtest.h>

#include <string>

namespace {

using sioc::dialect;
using sioc::errc;

std::string encode(std::string_view bytes) {
  std::string out;
  sioc::detail::base64_encode(bytes, out);
  return out;
}

sioc::result<std::string> decode(std::string_view text, dialect mode) {
  std::string dst(sioc::detail::base64_decoded_max(text.size()), '\0');
  auto n = sioc::detail::base64_decode(text, mode, dst.data());
  if (!n) return n.error_info();
  dst.resize(*n);
  return dst;
}

// RFC 4648 section 10.
TEST(Base64, EncodesTheRfc4648TestVectors) {
  EXPECT_EQ(encode(""), "");
  EXPECT_EQ(encode("f"), "Zg==");
  EXPECT_EQ(encode("fo"), "Zm8=");
  EXPECT_EQ(encode("foo"), "Zm9v");
  EXPECT_EQ(encode("foob"), "Zm9vYg==");
  EXPECT_EQ(encode("fooba"), "Zm9vYmE=");
  EXPECT_EQ(encode("foobar"), "Zm9vYmFy");
}

TEST(Base64, EncodeAppendsToTheCallersBuffer) {
  std::string out = "b";
  sioc::detail::base64_encode("\x01\x02\x03", out);
  EXPECT_EQ(out, "bAQID");
}

TEST(Base64, StrictDecodesTheRfc4648TestVectors) {
  for (const char* plain : {"", "f", "fo", "foo", "foob", "fooba", "foobar"}) {
    auto r = decode(encode(plain), dialect::strict);
    ASSERT_TRUE(r) << plain;
    EXPECT_EQ(*r, plain);
  }
}

TEST(Base64, StrictDecodesEveryByteValue) {
  std::string all;
  for (int i = 0; i < 256; ++i) all.push_back(static_cast<char>(i));
  auto r = decode(encode(all), dialect::strict);
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, all);
}

TEST(Base64, StrictRequiresPadding) {
  auto r = decode("AQIDBA", dialect::strict);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.code(), errc::invalid_base64);
  EXPECT_EQ(r.error_info().offset, 6u);
}

TEST(Base64, StrictRejectsCharactersOutsideTheStandardAlphabet) {
  for (const char* text : {"AQ-D", "AQ_D", "AQ D", "AQ\nD", "AQ!D"}) {
    auto r = decode(text, dialect::strict);
    ASSERT_FALSE(r) << text;
    EXPECT_EQ(r.code(), errc::invalid_base64);
    EXPECT_EQ(r.error_info().offset, 2u) << text;
  }
}

TEST(Base64, StrictRejectsPaddingBeforeTheEnd) {
  auto r = decode("AQ==AQID", dialect::strict);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error_info().offset, 2u);
  auto r2 = decode("A=ID", dialect::strict);
  ASSERT_FALSE(r2);
  EXPECT_EQ(r2.error_info().offset, 1u);
  auto r3 = decode("AQ=D", dialect::strict);
  ASSERT_FALSE(r3);
  EXPECT_EQ(r3.error_info().offset, 2u);
}

TEST(Base64, StrictRejectsNonZeroBitsAfterTheLastByte) {
  // "AR==" carries 0x01 plus four stray bits; the canonical form is "AQ==".
  auto r = decode("AR==", dialect::strict);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error_info().offset, 1u);
  auto r2 = decode("AQJ=", dialect::strict);
  ASSERT_FALSE(r2);
  EXPECT_EQ(r2.error_info().offset, 2u);
}

// Expected values recorded from Node 20:
//   node -e 'console.log(Buffer.from(process.argv[1],"base64").toString("hex"))' <text>
TEST(Base64, ReferenceDecodesLikeNodeBuffer) {
  const struct {
    const char* text;
    const char* bytes;
  } cases[] = {
      {"AQIDBA", "\x01\x02\x03\x04"},  // unpadded
      {"AQIDBA=", "\x01\x02\x03\x04"},
      {"AQ=ID", "\x01"},      // stops at the first '='
      {"A", ""},              // a lone sextet is dropped
      {"AR==", "\x01"},       // stray bits ignored
      {"AQ ID", "\x01\x02\x03"},  // whitespace skipped
      {"AQ!ID", "\x01\x02\x03"},  // any other character skipped
      {"-_-_", "\xfb\xff\xbf"},   // URL-safe alphabet
      {"=AQID", ""},
      {"\xc3\xa9" "AQID", "\x01\x02\x03"},
  };
  for (const auto& c : cases) {
    auto r = decode(c.text, dialect::reference);
    ASSERT_TRUE(r) << c.text;
    EXPECT_EQ(*r, c.bytes) << c.text;
  }
}

}  // namespace
