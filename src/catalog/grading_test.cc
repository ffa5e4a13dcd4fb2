#include "catalog/grading.h"

#include <gtest/gtest.h>

namespace dengbao::catalog {
namespace {

TEST(GradingTest, MatrixOfGbt22240) {
  struct Cell {
    const char* harm;
    int level;
  };
  const Cell cells[] = {
      {"rights:general", 1},   {"rights:serious", 2},   {"rights:especially-serious", 2},
      {"order:general", 2},    {"order:serious", 3},    {"order:especially-serious", 4},
      {"national:general", 3}, {"national:serious", 4}, {"national:especially-serious", 5},
  };
  for (const auto& c : cells) {
    auto h = ParseHarm(c.harm);
    ASSERT_TRUE(h.has_value()) << c.harm;
    EXPECT_EQ(LevelFor(*h), c.level) << c.harm;
  }
}

TEST(GradingTest, OverallLevelIsMaxAndFilingIsDueIn30Days) {
  auto date = ParseDate("2026-01-15");
  ASSERT_TRUE(date.has_value());
  auto r = GradeSystem(*ParseHarm("order:serious"), *ParseHarm("rights:serious"), "", *date);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->s, 3);
  EXPECT_EQ(r->a, 2);
  EXPECT_EQ(r->level, 3);
  ASSERT_TRUE(r->filing_required);
  EXPECT_EQ(FormatDate(*r->filing_due), "2026-02-14");
}

TEST(GradingTest, LevelOneNeedsNoFiling) {
  auto r =
      GradeSystem(*ParseHarm("rights:general"), *ParseHarm("rights:general"), "", *ParseDate("2026-12-20"));
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->level, 1);
  EXPECT_FALSE(r->filing_required);
  EXPECT_FALSE(r->filing_due.has_value());
}

TEST(GradingTest, SectorFloorWarnsButDoesNotChangeTheLevel) {
  auto date = *ParseDate("2026-12-20");
  auto low =
      GradeSystem(*ParseHarm("rights:serious"), *ParseHarm("order:general"), "tertiary-hospital-core", date);
  ASSERT_TRUE(low.has_value());
  EXPECT_EQ(low->level, 2);
  ASSERT_EQ(low->warnings.size(), 1u);
  EXPECT_NE(low->warnings[0].find("第3级"), std::string::npos) << low->warnings[0];
  EXPECT_EQ(FormatDate(*low->filing_due), "2027-01-19");  // crosses the year
  auto ok =
      GradeSystem(*ParseHarm("order:serious"), *ParseHarm("order:serious"), "tertiary-hospital-core", date);
  ASSERT_TRUE(ok.has_value());
  EXPECT_TRUE(ok->warnings.empty());
  EXPECT_FALSE(
      GradeSystem(*ParseHarm("order:serious"), *ParseHarm("order:serious"), "bakery", date).has_value());
}

TEST(GradingTest, RejectsBadInput) {
  EXPECT_FALSE(ParseHarm("order").has_value());
  EXPECT_FALSE(ParseHarm("order:bad").has_value());
  EXPECT_FALSE(ParseHarm("society:serious").has_value());
  EXPECT_FALSE(ParseDate("2026-02-30").has_value());
  EXPECT_FALSE(ParseDate("2026-2-3").has_value());
  EXPECT_FALSE(ParseDate("20260203xx").has_value());
}

}  // namespace
}  // namespace dengbao::catalog
