// base64 as Engine.IO uses it: RFC 4648 section 4, standard alphabet, padded.
#include "detail.hpp"

#include <gtest/gtest.h>

#include <cstdint>
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
      // Whole quanta first, then the character that ends them.
      {"AQIDBAUG!BwgJ", "\x01\x02\x03\x04\x05\x06\x07\x08\x09"},
      {"AQIDBAUGBw==", "\x01\x02\x03\x04\x05\x06\x07"},
      {"AQIDBAUGBwgJCg", "\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a"},
      {"AQIDBAUG=Bwg", "\x01\x02\x03\x04\x05\x06"},
      {"AQIDBA_-BwgJ", "\x01\x02\x03\x04\x0f\xfe\x07\x08\x09"},
  };
  for (const auto& c : cases) {
    auto r = decode(c.text, dialect::reference);
    ASSERT_TRUE(r) << c.text;
    EXPECT_EQ(*r, c.bytes) << c.text;
  }
}

// Buffer.from(text, "base64") as Node documents it, one character at a time:
// characters outside both alphabets are skipped, the first '=' ends the data,
// and 2 or 3 trailing sextets give 1 or 2 bytes. The decoder takes whole
// quanta four characters at a time; on every mix of alphabet, junk and '='
// it must give what this gives.
std::string node_base64_by_character(std::string_view text) {
  const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::uint32_t acc = 0;
  int have = 0;
  for (const char c : text) {
    if (c == '=') break;
    std::size_t v = alphabet.find(c);
    if (c == '-') v = 62;
    if (c == '_') v = 63;
    if (v == std::string::npos) continue;
    acc = (acc << 6) | static_cast<std::uint32_t>(v);
    if (++have == 4) {
      out += {static_cast<char>(acc >> 16), static_cast<char>((acc >> 8) & 0xFF), static_cast<char>(acc & 0xFF)};
      acc = 0;
      have = 0;
    }
  }
  if (have == 2) out += static_cast<char>(acc >> 4);
  if (have == 3) out += {static_cast<char>(acc >> 10), static_cast<char>((acc >> 2) & 0xFF)};
  return out;
}

TEST(Base64, ReferenceTakesWholeQuantaAsNodeTakesCharacters) {
  const char pieces[] = "AQID/+_-= !\n\xc3";
  std::uint32_t state = 12345;
  for (int round = 0; round < 20000; ++round) {
    std::string text;
    state = state * 1103515245u + 12345u;
    const std::size_t length = (state >> 16) % 24;
    for (std::size_t i = 0; i < length; ++i) {
      state = state * 1103515245u + 12345u;
      // Mostly alphabet characters, so that whole quanta occur.
      const std::uint32_t pick = (state >> 16) % 64;
      text += pick < 48 ? pieces[pick % 6] : pieces[6 + pick % (sizeof pieces - 7)];
    }
    auto r = decode(text, dialect::reference);
    ASSERT_TRUE(r) << text;
    EXPECT_EQ(*r, node_base64_by_character(text)) << text;
  }
}

}  // namespace
