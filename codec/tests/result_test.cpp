// result<T> and error: what every decoder returns.
#include <sioc/result.hpp>

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace {

using sioc::errc;

TEST(Result, EveryErrorCodeHasItsOwnName) {
  std::set<std::string> names;
  for (int c = 0; c <= static_cast<int>(errc::too_deep); ++c) {
    const std::string name = sioc::to_string(static_cast<errc>(c));
    EXPECT_NE(name, "unknown_error") << c;
    EXPECT_TRUE(names.insert(name).second) << name << " is used twice";
  }
}

TEST(Result, DescribeSaysWhatAndWhere) {
  const sioc::error e{errc::invalid_base64, 12, "character outside the base64 alphabet"};
  EXPECT_EQ(e.describe(), "invalid_base64 at byte 12: character outside the base64 alphabet");
}

TEST(Result, HoldsEitherAValueOrAnError) {
  sioc::result<int> ok = 7;
  ASSERT_TRUE(ok);
  EXPECT_EQ(*ok, 7);
  EXPECT_EQ(ok.code(), errc::ok);
  sioc::result<int> bad = sioc::error{errc::truncated, 3, "input ends inside a packet"};
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.code(), errc::truncated);
  EXPECT_EQ(bad.error_info().offset, 3u);
  EXPECT_THROW((void)bad.value(), std::logic_error);
}

}  // namespace
