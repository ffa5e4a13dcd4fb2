#include "workflow/deadlines.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

namespace dengbao::workflow {
namespace {

Date D(std::string_view s) {
  Result<Date> d = ParseDate(s);
  EXPECT_TRUE(d.has_value()) << s;
  return d.value_or(Date{});
}

const Date kToday = D("2026-11-29");

TEST(Evaluate, Boundaries) {
  struct Case {
    int due_in;  // due - today
    Stage stage;
    int days_left;
    int days_overdue;
  };
  const Case cases[] = {
      {9, Stage::kNone, 9, 0},
      {8, Stage::kNone, 8, 0},
      {7, Stage::kReminder, 7, 0},
      {1, Stage::kReminder, 1, 0},
      {0, Stage::kReminder, 0, 0},
      {-1, Stage::kOverdue, -1, 1},
      {-7, Stage::kOverdue, -7, 7},
      {-8, Stage::kEscalated, -8, 8},
      {-30, Stage::kEscalated, -30, 30},
      {-31, Stage::kLeadership, -31, 31},
      {-400, Stage::kLeadership, -400, 400},
  };
  for (const Case& c : cases) {
    DeadlineState st = Evaluate(AddDays(kToday, c.due_in), kToday);
    EXPECT_EQ(st.stage, c.stage) << c.due_in;
    EXPECT_EQ(st.days_left, c.days_left) << c.due_in;
    EXPECT_EQ(st.days_overdue, c.days_overdue) << c.due_in;
  }
}

TEST(Evaluate, PolicyIsHonoured) {
  EscalationPolicy p;
  p.remind_before_days = 14;
  p.escalate_after_days = 3;
  p.leadership_after_days = 10;
  EXPECT_EQ(Evaluate(AddDays(kToday, 14), kToday, p).stage, Stage::kReminder);
  EXPECT_EQ(Evaluate(AddDays(kToday, 15), kToday, p).stage, Stage::kNone);
  EXPECT_EQ(Evaluate(AddDays(kToday, -3), kToday, p).stage, Stage::kOverdue);
  EXPECT_EQ(Evaluate(AddDays(kToday, -4), kToday, p).stage, Stage::kEscalated);
  EXPECT_EQ(Evaluate(AddDays(kToday, -10), kToday, p).stage, Stage::kEscalated);
  EXPECT_EQ(Evaluate(AddDays(kToday, -11), kToday, p).stage, Stage::kLeadership);
}

TEST(Stage, IdsAndLabels) {
  EXPECT_EQ(StageId(Stage::kNone), "none");
  EXPECT_EQ(StageId(Stage::kLeadership), "leadership");
  EXPECT_EQ(StageLabel(Stage::kReminder), "提醒");
  EXPECT_EQ(StageLabel(Stage::kEscalated), "督办");
  EXPECT_EQ(StageLabel(Stage::kLeadership), "挂牌督办");
}

TEST(DefaultItemDeadline, ByRisk) {
  EXPECT_EQ(FormatDate(DefaultItemDeadline(kToday, "high")), "2026-12-29");
  EXPECT_EQ(DaysBetween(kToday, DefaultItemDeadline(kToday, "medium")), 60);
  EXPECT_EQ(DaysBetween(kToday, DefaultItemDeadline(kToday, "low")), 90);
  EXPECT_EQ(DaysBetween(kToday, DefaultItemDeadline(kToday, "高")), 30);
  EXPECT_EQ(DaysBetween(kToday, DefaultItemDeadline(kToday, "")), 90);
  EXPECT_EQ(DaysBetween(kToday, DefaultItemDeadline(kToday, "critical")), 90);
}

TEST(FilingDates, DueExpiryRenewal) {
  FilingDates f = ComputeFilingDates(D("2026-01-15"), std::nullopt);
  EXPECT_EQ(FormatDate(f.filing_due), "2026-02-14");
  EXPECT_FALSE(f.certificate_expiry.has_value());
  EXPECT_FALSE(f.renewal_due.has_value());

  f = ComputeFilingDates(D("2026-01-15"), D("2026-02-10"));
  ASSERT_TRUE(f.certificate_expiry.has_value());
  ASSERT_TRUE(f.renewal_due.has_value());
  EXPECT_EQ(FormatDate(*f.certificate_expiry), "2029-02-10");
  EXPECT_EQ(FormatDate(*f.renewal_due), "2028-11-10");

  f = ComputeFilingDates(D("2024-02-01"), D("2024-02-29"));  // leap day clamps
  EXPECT_EQ(FormatDate(*f.certificate_expiry), "2027-02-28");
  EXPECT_EQ(FormatDate(*f.renewal_due), "2026-11-28");
  f = ComputeFilingDates(D("2026-04-01"), D("2026-05-31"));
  EXPECT_EQ(FormatDate(*f.renewal_due), "2029-02-28");
}

TEST(Incidents, ReportingHours) {
  using G = IncidentGrade;
  using O = OperatorType;
  for (G g : {G::kParticularlySerious, G::kSerious, G::kLarger}) {
    EXPECT_EQ(ReportingDeadlineHours(g, O::kCriticalInfrastructure), 1);
    EXPECT_EQ(ReportingDeadlineHours(g, O::kStateOrgan), 2);
    EXPECT_EQ(ReportingDeadlineHours(g, O::kOther), 4);
  }
  for (O o : {O::kCriticalInfrastructure, O::kStateOrgan, O::kOther}) {
    EXPECT_FALSE(ReportingDeadlineHours(G::kGeneral, o).has_value());
  }
}

TEST(Incidents, ParseIdsAndLabels) {
  using G = IncidentGrade;
  using O = OperatorType;
  for (G g : {G::kParticularlySerious, G::kSerious, G::kLarger, G::kGeneral}) {
    EXPECT_EQ(ParseGrade(GradeId(g)).value(), g);
    EXPECT_EQ(ParseGrade(GradeLabel(g)).value(), g);
  }
  EXPECT_EQ(GradeLabel(G::kParticularlySerious), "特别重大");
  EXPECT_EQ(GradeLabel(G::kSerious), "重大");
  EXPECT_EQ(GradeLabel(G::kLarger), "较大");
  EXPECT_EQ(GradeLabel(G::kGeneral), "一般");
  EXPECT_EQ(GradeId(G::kLarger), "larger");
  for (O o : {O::kCriticalInfrastructure, O::kStateOrgan, O::kOther}) {
    EXPECT_EQ(ParseOperator(OperatorId(o)).value(), o);
    EXPECT_EQ(ParseOperator(OperatorLabel(o)).value(), o);
  }
  EXPECT_EQ(OperatorLabel(O::kCriticalInfrastructure), "关键信息基础设施运营者");
  EXPECT_EQ(OperatorLabel(O::kStateOrgan), "中央和国家机关");
  EXPECT_EQ(OperatorLabel(O::kOther), "其他网络运营者");
  EXPECT_EQ(OperatorId(O::kStateOrgan), "state_organ");
  EXPECT_EQ(ParseOperator("关基").value(), O::kCriticalInfrastructure);

  Result<G> g = ParseGrade("huge");
  ASSERT_FALSE(g.has_value());
  EXPECT_EQ(g.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(g.error().detail.find("huge"), std::string::npos);
  EXPECT_NE(g.error().detail.find("particularly_serious"), std::string::npos);
  EXPECT_FALSE(ParseOperator("bank").has_value());
}

TEST(Instants, AddHoursAndSecondsUntil) {
  EXPECT_EQ(AddHoursIso("2026-11-20T08:00:00Z", 1).value(), "2026-11-20T09:00:00Z");
  EXPECT_EQ(AddHoursIso("2026-12-31T22:30:15Z", 4).value(), "2027-01-01T02:30:15Z");
  EXPECT_EQ(AddHoursIso("2024-02-28T23:00:00Z", 2).value(), "2024-02-29T01:00:00Z");
  EXPECT_EQ(AddHoursIso("2026-11-20T08:00:00Z", -9).value(), "2026-11-19T23:00:00Z");
  EXPECT_FALSE(AddHoursIso("9999-12-31T23:00:00Z", 2).has_value());

  for (std::string_view bad : {"2026-11-20T08:00Z", "2026-11-20T08:00:00", "2026-11-20", "now"}) {
    Result<std::string> r = AddHoursIso(bad, 1);
    ASSERT_FALSE(r.has_value()) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::kSyntax);
    EXPECT_NE(r.error().detail.find(std::string(bad)), std::string::npos);
  }

  EXPECT_EQ(SecondsUntil("2026-11-20T08:00:00Z", "2026-11-20T09:00:00Z").value(), 3600);
  EXPECT_EQ(SecondsUntil("2026-11-20T09:00:01Z", "2026-11-20T09:00:00Z").value(), -1);
  EXPECT_EQ(SecondsUntil("2026-11-20T00:00:00Z", "2026-11-21T00:00:00Z").value(), 86400);
  EXPECT_FALSE(SecondsUntil("2026-11-20T08:00:00Z", "tomorrow").has_value());
  EXPECT_FALSE(SecondsUntil("x", "2026-11-20T08:00:00Z").has_value());
}

TEST(Frequency, IdsLabelsParse) {
  using F = Frequency;
  for (F f : {F::kDaily, F::kWeekly, F::kMonthly, F::kQuarterly, F::kYearly}) {
    EXPECT_EQ(ParseFrequency(FrequencyId(f)).value(), f);
    EXPECT_EQ(ParseFrequency(FrequencyLabel(f)).value(), f);
  }
  EXPECT_EQ(FrequencyId(F::kQuarterly), "quarterly");
  EXPECT_EQ(FrequencyLabel(F::kQuarterly), "每季度");
  EXPECT_EQ(FrequencyLabel(F::kWeekly), "每周");
  EXPECT_FALSE(ParseFrequency("hourly").has_value());
}

std::string Str(const Period& p) { return FormatDate(p.first) + ".." + FormatDate(p.last); }

TEST(PeriodOf, EachFrequency) {
  // 2026-11-29 is a Sunday.
  EXPECT_EQ(Str(PeriodOf(Frequency::kDaily, kToday)), "2026-11-29..2026-11-29");
  EXPECT_EQ(Str(PeriodOf(Frequency::kWeekly, kToday)), "2026-11-23..2026-11-29");
  EXPECT_EQ(Str(PeriodOf(Frequency::kWeekly, D("2026-11-23"))), "2026-11-23..2026-11-29");
  EXPECT_EQ(Str(PeriodOf(Frequency::kWeekly, D("2026-11-30"))), "2026-11-30..2026-12-06");
  EXPECT_EQ(Str(PeriodOf(Frequency::kWeekly, D("2026-12-31"))), "2026-12-28..2027-01-03");
  EXPECT_EQ(Str(PeriodOf(Frequency::kMonthly, D("2024-02-10"))), "2024-02-01..2024-02-29");
  EXPECT_EQ(Str(PeriodOf(Frequency::kQuarterly, kToday)), "2026-10-01..2026-12-31");
  EXPECT_EQ(Str(PeriodOf(Frequency::kQuarterly, D("2026-03-31"))), "2026-01-01..2026-03-31");
  EXPECT_EQ(Str(PeriodOf(Frequency::kQuarterly, D("2026-05-01"))), "2026-04-01..2026-06-30");
  EXPECT_EQ(Str(PeriodOf(Frequency::kYearly, kToday)), "2026-01-01..2026-12-31");
}

TEST(MissedPeriods, MonthlyWithGaps) {
  std::vector<Date> runs = {D("2026-01-15"), D("2026-03-02"), D("2026-04-30"), D("2025-12-01"),
                            D("2026-11-01")};
  std::vector<Period> missed = MissedPeriods(Frequency::kMonthly, D("2026-01-10"), runs, kToday);
  std::vector<std::string> got;
  for (const Period& p : missed) got.push_back(Str(p));
  // January (started mid-month) counts; November is the current period and not yet missed.
  EXPECT_EQ(got, (std::vector<std::string>{"2026-02-01..2026-02-28", "2026-05-01..2026-05-31",
                                           "2026-06-01..2026-06-30", "2026-07-01..2026-07-31",
                                           "2026-08-01..2026-08-31", "2026-09-01..2026-09-30",
                                           "2026-10-01..2026-10-31"}));
}

TEST(MissedPeriods, NothingBeforeTheFirstPeriodEnds) {
  EXPECT_TRUE(MissedPeriods(Frequency::kQuarterly, D("2026-10-05"), {}, kToday).empty());
  EXPECT_TRUE(MissedPeriods(Frequency::kDaily, AddDays(kToday, 3), {}, kToday).empty());
  EXPECT_EQ(MissedPeriods(Frequency::kDaily, AddDays(kToday, -1), {}, kToday).size(), 1u);
  EXPECT_TRUE(MissedPeriods(Frequency::kDaily, AddDays(kToday, -1), {AddDays(kToday, -1)}, kToday).empty());
  EXPECT_TRUE(MissedPeriods(Frequency::kDaily, D("2020-01-01"), {}, kToday, 0).empty());
}

TEST(MissedPeriods, WeeklyRunsAnywhereInTheWeekCount) {
  // Weeks starting 2026-11-02, 09, 16 are complete; 23..29 is current.
  std::vector<Date> runs = {D("2026-11-08"), D("2026-11-16")};  // Sunday of week 1, Monday of week 3
  std::vector<Period> missed = MissedPeriods(Frequency::kWeekly, D("2026-11-04"), runs, kToday);
  ASSERT_EQ(missed.size(), 1u);
  EXPECT_EQ(Str(missed[0]), "2026-11-09..2026-11-15");
}

TEST(MissedPeriods, LongDailyScheduleKeepsTheLatestAndIsFast) {
  Date start = AddYears(kToday, -3);
  // Runs on every even day, unsorted, so about half of ~1,100 days are missed.
  std::vector<Date> runs;
  for (int i = DaysBetween(start, kToday); i >= 0; i -= 2) runs.push_back(AddDays(start, i));
  auto t0 = std::chrono::steady_clock::now();
  std::vector<Period> missed = MissedPeriods(Frequency::kDaily, start, runs, kToday, 100);
  std::vector<Period> none_run = MissedPeriods(Frequency::kDaily, start, {}, kToday);
  auto elapsed = std::chrono::steady_clock::now() - t0;

  ASSERT_EQ(missed.size(), 100u);
  for (size_t i = 1; i < missed.size(); ++i) EXPECT_LT(missed[i - 1].first, missed[i].first);
  // The latest missed day is the odd one closest to yesterday.
  Date yesterday = AddDays(kToday, -1);
  bool ran_yesterday = DaysBetween(start, yesterday) % 2 == 0;
  EXPECT_EQ(missed.back().first, ran_yesterday ? AddDays(kToday, -2) : yesterday);

  ASSERT_EQ(none_run.size(), 366u);  // the default limit
  EXPECT_EQ(none_run.back().first, yesterday);
  EXPECT_EQ(none_run.front().first, AddDays(kToday, -366));
  EXPECT_LT(elapsed, std::chrono::milliseconds(200));
}

TEST(MissedPeriods, DecadesOfDailyRunsStayLinear) {
  Date start = D("1950-01-01");
  std::vector<Date> runs;
  for (Date d = start; d < kToday; d = AddDays(d, 1)) runs.push_back(d);  // ~28,000 runs, none missed
  auto t0 = std::chrono::steady_clock::now();
  EXPECT_TRUE(MissedPeriods(Frequency::kDaily, start, runs, kToday).empty());
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::milliseconds(500));
}

TEST(NextDue, CurrentOrNextPeriodEnd) {
  EXPECT_EQ(FormatDate(NextDue(Frequency::kMonthly, {}, kToday)), "2026-11-30");
  EXPECT_EQ(FormatDate(NextDue(Frequency::kMonthly, {D("2026-10-31")}, kToday)), "2026-11-30");
  EXPECT_EQ(FormatDate(NextDue(Frequency::kMonthly, {D("2026-11-02")}, kToday)), "2026-12-31");
  EXPECT_EQ(FormatDate(NextDue(Frequency::kQuarterly, {D("2026-10-02")}, kToday)), "2027-03-31");
  EXPECT_EQ(FormatDate(NextDue(Frequency::kWeekly, {}, kToday)), "2026-11-29");
  EXPECT_EQ(FormatDate(NextDue(Frequency::kWeekly, {kToday}, kToday)), "2026-12-06");
  EXPECT_EQ(FormatDate(NextDue(Frequency::kDaily, {kToday}, kToday)), "2026-11-30");
  EXPECT_EQ(FormatDate(NextDue(Frequency::kYearly, {D("2026-01-01")}, kToday)), "2027-12-31");
}

}  // namespace
}  // namespace dengbao::workflow
