// Deadlines computed from dates, never from a cron job (issue #5): reminders before a due date,
// escalation stages after it, filing and certificate dates, incident reporting deadlines, drill
// and inspection due dates. Pure functions of their inputs and "today". Thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "workflow/dates.h"

namespace dengbao::workflow {

// Stage of a dated obligation relative to today.
enum class Stage {
  kNone,       // 正常: due later than the reminder window
  kReminder,   // 提醒: due within remind_before_days (today included)
  kOverdue,    // 逾期: past due, up to escalate_after_days — the owner is told
  kEscalated,  // 督办: past due longer — the owner's manager is told
  kLeadership  // 挂牌督办: past due longer than leadership_after_days — leadership is told
};
std::string_view StageId(Stage s);     // none, reminder, overdue, escalated, leadership
std::string_view StageLabel(Stage s);  // 正常, 提醒, 逾期, 督办, 挂牌督办

struct EscalationPolicy {
  int remind_before_days = 7;
  int escalate_after_days = 7;     // overdue more than this many days -> kEscalated
  int leadership_after_days = 30;  // overdue more than this many days -> kLeadership
};

struct DeadlineState {
  Stage stage = Stage::kNone;
  int days_left = 0;     // due - today; negative when overdue (due yesterday -> -1)
  int days_overdue = 0;  // max(0, -days_left)
};

// Due date d, today t: days_left = d - t. days_left < 0 is overdue (due yesterday is overdue by 1
// day today). Stage: days_left > remind_before -> kNone; 0 <= days_left <= remind_before ->
// kReminder; 1 <= overdue <= escalate_after -> kOverdue; escalate_after < overdue <=
// leadership_after -> kEscalated; beyond -> kLeadership.
DeadlineState Evaluate(Date due, Date today, const EscalationPolicy& policy = {});

// Default remediation deadline by risk: 高 30 days, 中 60, 低 90 from `from`.
Date DefaultItemDeadline(Date from, std::string_view risk /* high|medium|low */);

// 备案 (filing) dates. Filing is due 30 days after grading; the certificate is valid 3 years from
// the filing date; renewal is due 3 months before it expires.
struct FilingDates {
  Date filing_due;                         // grading + 30 days
  std::optional<Date> certificate_expiry;  // filed + 3 years (when filed)
  std::optional<Date> renewal_due;         // expiry - 3 months
};
FilingDates ComputeFilingDates(Date graded_on, std::optional<Date> filed_on);

// Incidents (国家网络安全事件报告管理办法, in force 2025-11-01).
enum class IncidentGrade { kParticularlySerious, kSerious, kLarger, kGeneral };  // 特别重大/重大/较大/一般
enum class OperatorType { kCriticalInfrastructure, kStateOrgan, kOther };  // 关基 / 中央和国家机关 / 其他
std::string_view GradeId(IncidentGrade g);  // particularly_serious, serious, larger, general
std::string_view GradeLabel(IncidentGrade g);
Result<IncidentGrade> ParseGrade(std::string_view text);  // id or label
std::string_view OperatorId(OperatorType o);              // cii, state_organ, other
std::string_view OperatorLabel(OperatorType o);
Result<OperatorType> ParseOperator(std::string_view text);  // id or label
// Hours from discovery to the report for 较大 and above: CII 1, state organ 2, other 4.
// nullopt for 一般 (no statutory hour limit; reported through the normal channel).
std::optional<int> ReportingDeadlineHours(IncidentGrade g, OperatorType o);
// discovered_at + hours, as UTC ISO 8601 ("2026-11-20T09:00:00Z"); kSyntax on a bad instant.
Result<std::string> AddHoursIso(std::string_view utc_iso, int hours);
// Seconds from `now_iso` until `deadline_iso` (negative when past).
Result<long long> SecondsUntil(std::string_view now_iso, std::string_view deadline_iso);

// Recurring obligations (inspections, drills, reviews).
enum class Frequency { kDaily, kWeekly, kMonthly, kQuarterly, kYearly };
std::string_view FrequencyId(Frequency f);                // daily, weekly, monthly, quarterly, yearly
std::string_view FrequencyLabel(Frequency f);             // 每日, 每周, 每月, 每季度, 每年
Result<Frequency> ParseFrequency(std::string_view text);  // id or label

// The period containing `d`: daily = the day; weekly = Monday..Sunday; monthly = calendar month;
// quarterly = calendar quarter; yearly = calendar year.
struct Period {
  Date first;
  Date last;
};
Period PeriodOf(Frequency f, Date d);

// Periods from the one containing `start` up to the one before the period containing `today`
// that have no run date inside them (missed inspections). Runs outside that span are ignored.
// At most `limit` periods are returned, the latest ones, in order (a daily schedule started years
// ago must not make an unbounded list).
std::vector<Period> MissedPeriods(Frequency f, Date start, const std::vector<Date>& runs, Date today,
                                  size_t limit = 366);

// The next due date: the last day of the current period when it has no run yet, else the last day
// of the next period.
Date NextDue(Frequency f, const std::vector<Date>& runs, Date today);

}  // namespace dengbao::workflow
