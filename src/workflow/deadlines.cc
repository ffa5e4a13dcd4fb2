#include "workflow/deadlines.h"

#include <algorithm>
#include <array>

namespace dengbao::workflow {
namespace {

struct Named {
  std::string_view id;
  std::string_view label;
};

constexpr std::array<Named, 5> kStages = {{
    {"none", "正常"},
    {"reminder", "提醒"},
    {"overdue", "逾期"},
    {"escalated", "督办"},
    {"leadership", "挂牌督办"},
}};

constexpr std::array<Named, 4> kGrades = {{
    {"particularly_serious", "特别重大"},
    {"serious", "重大"},
    {"larger", "较大"},
    {"general", "一般"},
}};

constexpr std::array<Named, 3> kOperators = {{
    {"cii", "关键信息基础设施运营者"},
    {"state_organ", "中央和国家机关"},
    {"other", "其他网络运营者"},
}};
// Short forms people type (and the header's own shorthand) for the operator types.
constexpr std::array<Named, 2> kOperatorAliases = {{{"cii", "关基"}, {"other", "其他"}}};

constexpr std::array<Named, 5> kFrequencies = {{
    {"daily", "每日"},
    {"weekly", "每周"},
    {"monthly", "每月"},
    {"quarterly", "每季度"},
    {"yearly", "每年"},
}};

// 《信息安全等级保护管理办法》第十五条: file within 30 days of grading; certificates run 3 years and
// are renewed 3 months ahead.
constexpr int kFilingDays = 30;
constexpr int kCertificateYears = 3;
constexpr int kRenewalMonthsBefore = 3;

// Index of `text` among the ids or labels of `table`, or -1.
template <size_t N>
int Find(const std::array<Named, N>& table, std::string_view text) {
  for (size_t i = 0; i < N; ++i) {
    if (text == table[i].id || text == table[i].label) return static_cast<int>(i);
  }
  return -1;
}

template <size_t N>
std::unexpected<Error> Unknown(std::string_view what, const std::array<Named, N>& table,
                               std::string_view text) {
  std::string allowed;
  for (const Named& n : table) {
    if (!allowed.empty()) allowed += ", ";
    allowed += std::string(n.id) + "/" + std::string(n.label);
  }
  return MakeError(ErrorCode::kInvalidArgument,
                   std::string(what) + ": " + std::string(text) + "；可选 (allowed): " + allowed);
}

Period NextPeriod(Frequency f, const Period& p) { return PeriodOf(f, AddDays(p.last, 1)); }
Period PreviousPeriod(Frequency f, const Period& p) { return PeriodOf(f, AddDays(p.first, -1)); }

}  // namespace

std::string_view StageId(Stage s) { return kStages[static_cast<size_t>(s)].id; }
std::string_view StageLabel(Stage s) { return kStages[static_cast<size_t>(s)].label; }

DeadlineState Evaluate(Date due, Date today, const EscalationPolicy& policy) {
  DeadlineState st;
  st.days_left = DaysBetween(today, due);
  st.days_overdue = std::max(0, -st.days_left);
  if (st.days_left > policy.remind_before_days) {
    st.stage = Stage::kNone;
  } else if (st.days_left >= 0) {
    st.stage = Stage::kReminder;
  } else if (st.days_overdue <= policy.escalate_after_days) {
    st.stage = Stage::kOverdue;
  } else if (st.days_overdue <= policy.leadership_after_days) {
    st.stage = Stage::kEscalated;
  } else {
    st.stage = Stage::kLeadership;
  }
  return st;
}

Date DefaultItemDeadline(Date from, std::string_view risk) {
  if (risk == "high" || risk == "高") return AddDays(from, 30);
  if (risk == "medium" || risk == "中") return AddDays(from, 60);
  return AddDays(from, 90);  // low, and anything unrecognised gets the longest default
}

FilingDates ComputeFilingDates(Date graded_on, std::optional<Date> filed_on) {
  FilingDates out;
  out.filing_due = AddDays(graded_on, kFilingDays);
  if (filed_on) {
    out.certificate_expiry = AddYears(*filed_on, kCertificateYears);
    out.renewal_due = AddMonths(*out.certificate_expiry, -kRenewalMonthsBefore);
  }
  return out;
}

std::string_view GradeId(IncidentGrade g) { return kGrades[static_cast<size_t>(g)].id; }
std::string_view GradeLabel(IncidentGrade g) { return kGrades[static_cast<size_t>(g)].label; }

Result<IncidentGrade> ParseGrade(std::string_view text) {
  int i = Find(kGrades, text);
  if (i < 0) return Unknown("未知的事件级别 (unknown incident grade)", kGrades, text);
  return static_cast<IncidentGrade>(i);
}

std::string_view OperatorId(OperatorType o) { return kOperators[static_cast<size_t>(o)].id; }
std::string_view OperatorLabel(OperatorType o) { return kOperators[static_cast<size_t>(o)].label; }

Result<OperatorType> ParseOperator(std::string_view text) {
  int i = Find(kOperators, text);
  if (i >= 0) return static_cast<OperatorType>(i);
  if (int a = Find(kOperatorAliases, text); a >= 0) return ParseOperator(kOperatorAliases[a].id);
  return Unknown("未知的运营者类型 (unknown operator type)", kOperators, text);
}

std::optional<int> ReportingDeadlineHours(IncidentGrade g, OperatorType o) {
  if (g == IncidentGrade::kGeneral) return std::nullopt;
  switch (o) {
    case OperatorType::kCriticalInfrastructure:
      return 1;
    case OperatorType::kStateOrgan:
      return 2;
    case OperatorType::kOther:
      return 4;
  }
  return 4;
}

Result<std::string> AddHoursIso(std::string_view utc_iso, int hours) {
  Result<std::chrono::sys_seconds> t = ParseUtcInstant(utc_iso);
  if (!t) return std::unexpected(t.error());
  std::chrono::sys_seconds out = *t + std::chrono::hours{hours};
  // Keep the result parseable again: the same 1900–9999 range as the input.
  Date day{std::chrono::floor<std::chrono::days>(out)};
  if (day < Date{std::chrono::sys_days{std::chrono::year{1900} / 1 / 1}} ||
      day > Date{std::chrono::sys_days{std::chrono::year{9999} / 12 / 31}}) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "时间超出 1900–9999 年 (instant out of range): " + std::string(utc_iso) + " + " +
                         std::to_string(hours) + "h");
  }
  return FormatUtcInstant(out);
}

Result<long long> SecondsUntil(std::string_view now_iso, std::string_view deadline_iso) {
  Result<std::chrono::sys_seconds> now = ParseUtcInstant(now_iso);
  if (!now) return std::unexpected(now.error());
  Result<std::chrono::sys_seconds> deadline = ParseUtcInstant(deadline_iso);
  if (!deadline) return std::unexpected(deadline.error());
  return static_cast<long long>((*deadline - *now).count());
}

std::string_view FrequencyId(Frequency f) { return kFrequencies[static_cast<size_t>(f)].id; }
std::string_view FrequencyLabel(Frequency f) { return kFrequencies[static_cast<size_t>(f)].label; }

Result<Frequency> ParseFrequency(std::string_view text) {
  int i = Find(kFrequencies, text);
  if (i < 0) return Unknown("未知的频率 (unknown frequency)", kFrequencies, text);
  return static_cast<Frequency>(i);
}

Period PeriodOf(Frequency f, Date d) {
  using namespace std::chrono;
  year_month_day ymd{d.days};
  auto span = [](year y, month first, month last) {
    return Period{Date{sys_days{y / first / 1}},
                  Date{sys_days{year_month_day_last{y / last / std::chrono::last}}}};
  };
  switch (f) {
    case Frequency::kDaily:
      return Period{d, d};
    case Frequency::kWeekly: {
      // iso_encoding: Monday 1 .. Sunday 7.
      int back = static_cast<int>(weekday{d.days}.iso_encoding()) - 1;
      return Period{AddDays(d, -back), AddDays(d, 6 - back)};
    }
    case Frequency::kMonthly:
      return span(ymd.year(), ymd.month(), ymd.month());
    case Frequency::kQuarterly: {
      unsigned first = (static_cast<unsigned>(ymd.month()) - 1) / 3 * 3 + 1;
      return span(ymd.year(), month{first}, month{first + 2});
    }
    case Frequency::kYearly:
      return span(ymd.year(), January, December);
  }
  return Period{d, d};
}

std::vector<Period> MissedPeriods(Frequency f, Date start, const std::vector<Date>& runs, Date today,
                                  size_t limit) {
  std::vector<Period> missed;
  Period first = PeriodOf(f, start);
  Period current = PeriodOf(f, today);
  if (limit == 0 || first.first >= current.first) return missed;

  // Walk back from the latest closed period so the limit keeps the newest ones and a schedule
  // started long ago costs O(periods + runs log runs): runs are sorted once and consumed by a
  // cursor moving the same way.
  std::vector<Date> sorted;
  sorted.reserve(runs.size());
  for (const Date& r : runs) {
    if (r >= first.first && r < current.first) sorted.push_back(r);
  }
  std::sort(sorted.begin(), sorted.end());
  auto cursor = sorted.rbegin();

  for (Period p = PreviousPeriod(f, current); p.first >= first.first; p = PreviousPeriod(f, p)) {
    while (cursor != sorted.rend() && *cursor > p.last) ++cursor;
    bool ran = cursor != sorted.rend() && *cursor >= p.first;
    if (!ran) {
      missed.push_back(p);
      if (missed.size() == limit) break;
    }
  }
  std::reverse(missed.begin(), missed.end());
  return missed;
}

Date NextDue(Frequency f, const std::vector<Date>& runs, Date today) {
  Period current = PeriodOf(f, today);
  bool ran = std::any_of(runs.begin(), runs.end(),
                         [&](const Date& r) { return r >= current.first && r <= current.last; });
  return ran ? NextPeriod(f, current).last : current.last;
}

}  // namespace dengbao::workflow
