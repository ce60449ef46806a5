// UTF-8 well-formedness as Unicode defines it (chapter 3, table 3-7).
#include "detail.hpp"

#include <gtest/gtest.h>

namespace {

using sioc::detail::npos;
using sioc::detail::utf8_invalid_at;

TEST(Utf8, AcceptsAsciiAndEveryEncodingLength) {
  EXPECT_EQ(utf8_invalid_at(""), npos);
  EXPECT_EQ(utf8_invalid_at("hello, world: a longer ASCII run"), npos);
  EXPECT_EQ(utf8_invalid_at("\xc3\xa9"), npos);          // U+00E9
  EXPECT_EQ(utf8_invalid_at("\xe2\x82\xac"), npos);      // U+20AC
  EXPECT_EQ(utf8_invalid_at("\xf0\x9f\x98\x80"), npos);  // U+1F600
  EXPECT_EQ(utf8_invalid_at("\xf4\x8f\xbf\xbf"), npos);  // U+10FFFF
  EXPECT_EQ(utf8_invalid_at("\xed\x9f\xbf"), npos);      // U+D7FF
  EXPECT_EQ(utf8_invalid_at("\xee\x80\x80"), npos);      // U+E000
}

TEST(Utf8, RejectsOverlongForms) {
  EXPECT_EQ(utf8_invalid_at("ab\xc0\xaf"), 2u);
  EXPECT_EQ(utf8_invalid_at("\xc1\xbf"), 0u);
  EXPECT_EQ(utf8_invalid_at("\xe0\x9f\xbf"), 0u);
  EXPECT_EQ(utf8_invalid_at("\xf0\x8f\xbf\xbf"), 0u);
}

TEST(Utf8, RejectsSurrogates) {
  EXPECT_EQ(utf8_invalid_at("x\xed\xa0\x80"), 1u);  // U+D800
  EXPECT_EQ(utf8_invalid_at("\xed\xbf\xbf"), 0u);   // U+DFFF
}

TEST(Utf8, RejectsCodePointsAboveU10FFFF) {
  EXPECT_EQ(utf8_invalid_at("\xf4\x90\x80\x80"), 0u);
  EXPECT_EQ(utf8_invalid_at("\xf5\x80\x80\x80"), 0u);
  EXPECT_EQ(utf8_invalid_at("\xff"), 0u);
}

TEST(Utf8, RejectsStrayContinuationBytes) {
  EXPECT_EQ(utf8_invalid_at("abcdefgh\x80"), 8u);
  EXPECT_EQ(utf8_invalid_at("\xc3\xa9\xa9"), 2u);
}

TEST(Utf8, RejectsTruncatedSequences) {
  EXPECT_EQ(utf8_invalid_at("ok\xe2\x82"), 2u);
  EXPECT_EQ(utf8_invalid_at("\xf0\x9f\x98"), 0u);
  EXPECT_EQ(utf8_invalid_at("\xe2\x82x"), 0u);
}

}  // namespace

TEST(Utf8, FindsTheFirstBadByteAtAnyPositionAndLength) {
  // ASCII is checked in words of 8 and 4 bytes; a bad byte must be found
  // wherever it falls relative to them.
  for (std::size_t n = 1; n <= 20; ++n) {
    EXPECT_EQ(utf8_invalid_at(std::string(n, 'a')), npos) << n;
    for (std::size_t at = 0; at < n; ++at) {
      std::string text(n, 'a');
      text[at] = '\xff';
      EXPECT_EQ(utf8_invalid_at(text), at) << n << " " << at;
      text[at] = '\xc3';  // a lead byte whose continuation is missing or ASCII
      EXPECT_EQ(utf8_invalid_at(text), at) << n << " " << at;
    }
  }
}
