// Inspections (巡检) and hazards (隐患) (issue #5 item 5): schedules of checklist templates
// (ops/checklist.h), runs that answer every item, the hazards abnormal answers raise and their
// lifecycle open → rectifying → awaiting_recheck → closed, with deadline extensions approved by
// someone else and escalation computed from dates only (workflow::Evaluate). Every write goes
// through Store::Put/Insert, so it lands in the audit chain. Not thread-safe (one Store per
// thread).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ops/checklist.h"
#include "service/service.h"
#include "workflow/deadlines.h"

namespace dengbao::service {

using Templates = std::vector<ops::ChecklistTemplate>;

// ---- Schedules -------------------------------------------------------------------------------

struct ScheduleInput {
  std::string id;           // ASCII letters, digits, . - _ (≤ 64)
  std::string template_id;  // must be one of the loaded templates
  std::string site;         // optional: "ORG/SITE" or a site id unique across organisations
  std::string frequency;    // optional: daily|weekly|… or 每日…; default the template's
  std::string start_on;     // YYYY-MM-DD
  std::string owner;        // non-empty; a stored user's id lets escalations find the manager
};
// Adds or updates a schedule (active). The site is stored as "ORG/SITE". Changing the template of
// a schedule that already has runs is refused (its runs answer the old template's items).
Result<Record> AddSchedule(Ctx& ctx, const Templates& templates, const ScheduleInput& in);

// ---- Runs ------------------------------------------------------------------------------------

struct RunInput {
  std::string schedule_id;
  std::string run_on;  // YYYY-MM-DD, not after today nor before the schedule's start
  std::string inspector;
  std::vector<ops::ItemAnswer> answers;  // exactly one per template item
  std::string note;
};
struct RunResult {
  Record run;
  std::vector<Record> hazards;  // one per abnormal answer, in template order
};
// Records a run and its hazards in one transaction. Every item of the template must be answered
// once: missing, unknown and duplicate items and unfit values are reported together
// (kInvalidArgument) and nothing is written. Hazard ids are HZ-<year of the run>-NNNN, sequential
// per year.
Result<RunResult> RecordRun(Ctx& ctx, const Templates& templates, const RunInput& in);

// Hazard deadlines: 重大隐患 (major) 7 days from discovery, 一般隐患 (general) 30 days. Major
// hazards (fire suppression, power, water) must not wait a month; 30 days matches the shortest
// remediation window used elsewhere (workflow::DefaultItemDeadline, high risk).
inline constexpr int kMajorHazardDays = 7;
inline constexpr int kGeneralHazardDays = 30;
int HazardDeadlineDays(std::string_view severity);

// ---- Due and missed --------------------------------------------------------------------------

struct ScheduleDue {
  Record schedule;
  workflow::Frequency frequency = workflow::Frequency::kDaily;
  std::optional<workflow::Date> last_run;
  workflow::Date next_due;               // workflow::NextDue (the first period's end if not started)
  workflow::DeadlineState state;         // of next_due; 提醒 on the due day when not yet run
  std::vector<workflow::Period> missed;  // workflow::MissedPeriods since start, oldest first
};
// Every active schedule, ordered by id.
Result<std::vector<ScheduleDue>> DueSchedules(Ctx& ctx);

// ---- Hazards ---------------------------------------------------------------------------------

inline constexpr std::string_view kHazardStatuses[] = {"open", "rectifying", "awaiting_recheck", "closed"};
std::string_view HazardStatusLabel(std::string_view status);  // 待下发 整改中 待复查 已销号
std::string_view SeverityLabel(std::string_view severity);    // 重大隐患 / 一般隐患

// Escalation of open hazards: 提醒 3 days before the effective deadline, 逾期 from the day after,
// 督办 (to the responsible person's manager) after 7 days overdue, 挂牌督办 after 30.
inline constexpr workflow::EscalationPolicy kHazardPolicy{3, 7, 30};

struct HazardView {
  Record hazard;
  workflow::Date effective_deadline;             // extension_to once approved, else deadline
  std::optional<workflow::DeadlineState> state;  // absent once closed
  std::string escalate_to;  // who the stage goes to: the responsible person, the manager, leadership
};
Result<HazardView> GetHazard(Ctx& ctx, std::string_view id);
// Hazards ordered by id; `status` filters when non-empty (kInvalidArgument when unknown);
// `overdue_only` keeps open hazards past their effective deadline.
Result<std::vector<HazardView>> ListHazards(Ctx& ctx, std::string_view status, bool overdue_only);

// 隐患整改通知书. Issuing it moves an open hazard to rectifying (the notice starts the
// rectification); printing it again changes nothing. Its date (下发日期) is the discovery date,
// from which the deadline counts.
struct HazardNotice {
  std::string markdown;
  nlohmann::json json;
};
Result<HazardNotice> IssueNotice(Ctx& ctx, std::string_view id);

// Asks to move the effective deadline to `to` (after the current one), with a reason;
// extension_status becomes "requested". The requester is ctx.actor (its login, see LoginOf).
// An earlier approved extension becomes the hazard's deadline first, so it is not lost.
Result<Record> RequestExtension(Ctx& ctx, std::string_view id, std::string_view to, std::string_view reason);
// Approves or rejects the pending request. The approver must differ from the responsible person
// and from whoever asked (the actor of the latest hazard.extend audit entry); kInvalidArgument
// otherwise. A rejection needs a reason.
Result<Record> DecideExtension(Ctx& ctx, std::string_view id, std::string_view approver, bool approve,
                               std::string_view reason);
// Records the measures taken: open or rectifying → awaiting_recheck.
Result<Record> Rectify(Ctx& ctx, std::string_view id, std::string_view measures);
// The recheck (复查) of a rectified hazard by someone other than the responsible person: pass →
// closed (closed_on today), fail → rectifying (the note is appended to the measures).
Result<Record> Recheck(Ctx& ctx, std::string_view id, std::string_view by, bool pass, std::string_view note);

// The login in an audit actor: "cli:os/login" → "login", "cli:os" → "" (no stored user),
// "web:login" (the HTTP API) → "login", a bare actor (service callers) is its own login.
std::string LoginOf(std::string_view actor);

// ---- Monthly report --------------------------------------------------------------------------

// 月度安全巡检报告 for `month` ("YYYY-MM"): per schedule the periods due in the month, runs done
// and missed dates; abnormal answers; hazards found and closed in the month, still open and
// overdue (with stage). kInvalidArgument on a malformed month.
struct MonthlyReport {
  std::string markdown;
  nlohmann::json json;
};
Result<MonthlyReport> BuildMonthlyReport(Ctx& ctx, const Templates& templates, std::string_view month);

}  // namespace dengbao::service
