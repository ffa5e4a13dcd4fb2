#include "workflow/dates.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

namespace dengbao::workflow {
namespace {

Date D(std::string_view s) {
  Result<Date> d = ParseDate(s);
  EXPECT_TRUE(d.has_value()) << s;
  return d.value_or(Date{});
}

TEST(ParseDate, RoundTripsRealDates) {
  for (std::string_view s : {"2026-11-29", "1900-01-01", "9999-12-31", "2024-02-29", "1970-01-01"}) {
    Result<Date> d = ParseDate(s);
    ASSERT_TRUE(d.has_value()) << s;
    EXPECT_EQ(FormatDate(*d), s);
  }
  EXPECT_EQ(D("1970-01-02").days.time_since_epoch().count(), 1);
}

TEST(ParseDate, RejectsAnythingElse) {
  for (std::string_view s :
       {"2026-02-30", "2026-13-01", "2026-00-10", "2026-01-00", "2025-02-29", "2026-11-29x", " 2026-11-29",
        "2026-1-29", "2026/11/29", "1899-12-31", "0000-01-01", "", "2026-11-2", "２０２６-11-29",
        "2026-11-29T00:00:00Z", "+026-11-29"}) {
    Result<Date> d = ParseDate(s);
    ASSERT_FALSE(d.has_value()) << s;
    EXPECT_EQ(d.error().code, ErrorCode::kSyntax);
    EXPECT_NE(d.error().detail.find("YYYY-MM-DD"), std::string::npos);
  }
  EXPECT_EQ(ParseDate("2026-02-30").error().detail, "日期应为 YYYY-MM-DD (expected YYYY-MM-DD): 2026-02-30");
}

TEST(ParseDate, LongInputIsCutInTheMessage) {
  std::string junk(1000, 'x');
  Result<Date> d = ParseDate(junk);
  ASSERT_FALSE(d.has_value());
  EXPECT_LT(d.error().detail.size(), 200u);
}

TEST(AddMonths, ClampsToMonthEnd) {
  EXPECT_EQ(FormatDate(AddMonths(D("2026-01-31"), 1)), "2026-02-28");
  EXPECT_EQ(FormatDate(AddMonths(D("2024-01-31"), 1)), "2024-02-29");
  EXPECT_EQ(FormatDate(AddMonths(D("2026-03-31"), -1)), "2026-02-28");
  EXPECT_EQ(FormatDate(AddMonths(D("2026-11-15"), 3)), "2027-02-15");
  EXPECT_EQ(FormatDate(AddMonths(D("2026-02-15"), -3)), "2025-11-15");
  EXPECT_EQ(FormatDate(AddMonths(D("2026-05-31"), 0)), "2026-05-31");
  EXPECT_EQ(FormatDate(AddYears(D("2024-02-29"), 1)), "2025-02-28");
  EXPECT_EQ(FormatDate(AddYears(D("2024-02-29"), 4)), "2028-02-29");
  EXPECT_EQ(FormatDate(AddYears(D("2026-11-29"), -3)), "2023-11-29");
}

TEST(AddDays, AndDaysBetween) {
  EXPECT_EQ(FormatDate(AddDays(D("2026-12-31"), 1)), "2027-01-01");
  EXPECT_EQ(FormatDate(AddDays(D("2024-03-01"), -1)), "2024-02-29");
  EXPECT_EQ(DaysBetween(D("2026-01-01"), D("2027-01-01")), 365);
  EXPECT_EQ(DaysBetween(D("2027-01-01"), D("2026-01-01")), -365);
  EXPECT_EQ(DaysBetween(D("2026-11-29"), D("2026-11-29")), 0);
}

// Restores DENGBAO_TODAY after a test changes it.
class TodayEnv : public ::testing::Test {
 protected:
  void SetUp() override {
    if (const char* v = std::getenv("DENGBAO_TODAY")) saved_ = v;
  }
  void TearDown() override {
    if (saved_) {
      setenv("DENGBAO_TODAY", saved_->c_str(), 1);
    } else {
      unsetenv("DENGBAO_TODAY");
    }
  }
  std::optional<std::string> saved_;
};

TEST_F(TodayEnv, OverrideIsUsed) {
  setenv("DENGBAO_TODAY", "2026-11-29", 1);
  Result<Date> t = TodayShanghai();
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(FormatDate(*t), "2026-11-29");
}

TEST_F(TodayEnv, MalformedOverrideIsAnError) {
  setenv("DENGBAO_TODAY", "2026-02-30", 1);
  Result<Date> t = TodayShanghai();
  ASSERT_FALSE(t.has_value());
  EXPECT_NE(t.error().detail.find("DENGBAO_TODAY"), std::string::npos);
  EXPECT_NE(t.error().detail.find("2026-02-30"), std::string::npos);
}

TEST_F(TodayEnv, WithoutOverrideIsUtcPlusEight) {
  unsetenv("DENGBAO_TODAY");
  auto before =
      std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now() + std::chrono::hours{8});
  Result<Date> t = TodayShanghai();
  auto after =
      std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now() + std::chrono::hours{8});
  ASSERT_TRUE(t.has_value());
  EXPECT_GE(t->days, before);
  EXPECT_LE(t->days, after);
}

TEST(ShanghaiDateOf, CrossesMidnightAtSixteenUtc) {
  EXPECT_EQ(FormatDate(ShanghaiDateOf("2026-11-20T17:30:00Z").value()), "2026-11-21");
  EXPECT_EQ(FormatDate(ShanghaiDateOf("2026-11-20T15:59:59Z").value()), "2026-11-20");
  EXPECT_EQ(FormatDate(ShanghaiDateOf("2026-11-20T16:00:00Z").value()), "2026-11-21");
  EXPECT_EQ(FormatDate(ShanghaiDateOf("2026-12-31T20:00:00Z").value()), "2027-01-01");
}

TEST(ShanghaiDateOf, IsStrict) {
  for (std::string_view s : {"2026-11-20T17:30Z", "2026-11-20T17:30:00", "2026-11-20 17:30:00Z",
                             "2026-11-20T24:00:00Z", "2026-11-20T17:60:00Z", "2026-11-20T17:30:60Z",
                             "2026-11-20T17:30:00+08:00", "2026-02-30T00:00:00Z", "2026-11-20T17:30:00.5Z"}) {
    Result<Date> d = ShanghaiDateOf(s);
    ASSERT_FALSE(d.has_value()) << s;
    EXPECT_EQ(d.error().code, ErrorCode::kSyntax);
  }
}

TEST(UtcInstant, RoundTrips) {
  for (std::string_view s : {"2026-11-20T09:00:00Z", "1900-01-01T00:00:00Z", "9999-12-31T23:59:59Z"}) {
    Result<std::chrono::sys_seconds> t = ParseUtcInstant(s);
    ASSERT_TRUE(t.has_value()) << s;
    EXPECT_EQ(FormatUtcInstant(*t), s);
  }
}

}  // namespace
}  // namespace dengbao::workflow
