// Network security incidents (网络安全事件, issue #5): the register with its reporting deadline
// under 国家网络安全事件报告管理办法 (1/2/4 hours for 较大 and above, workflow::
// ReportingDeadlineHours), a timeline of events and the 网络安全事件报告 draft. Times are UTC ISO
// 8601 instants; the draft shows them in Beijing time as well. Not thread-safe (one Store per
// thread).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "service/service.h"
#include "workflow/deadlines.h"

namespace dengbao::service {

// Status ids of an incident: open (处置中) → reported (已报告) → closed (已关闭).
std::string_view IncidentStatusLabel(std::string_view status);

struct IncidentInput {
  std::string system_id;
  std::string title;
  std::string grade;          // id or label (workflow::ParseGrade)
  std::string operator_type;  // id or label (workflow::ParseOperator)
  std::string discovered_at;  // UTC "YYYY-MM-DDTHH:MM:SSZ"; empty: ctx.now
};
// Registers an incident as INC-YYYY-NNNN (YYYY = the year of ctx.today, NNNN sequential within
// it) with its first timeline entry, in one transaction. kNotFound for an unknown system;
// kInvalidArgument for an empty title or a discovery time after ctx.now; kSyntax for a bad grade,
// operator type or instant. Returns the stored row.
Result<Record> OpenIncident(Ctx& ctx, const IncidentInput& in);

// Appends a timeline entry (seq = last + 1) at ctx.now. Refused on a closed incident.
Status LogIncident(Ctx& ctx, std::string_view id, std::string_view text);

// Marks the incident reported at `at` (empty: ctx.now) and logs it. A report after the deadline is
// recorded and flagged late, never refused. kInvalidArgument when already reported or closed, or
// when `at` precedes the discovery or follows ctx.now.
Result<Record> ReportIncident(Ctx& ctx, std::string_view id, std::string_view at);

// Closes with a summary (required). An incident with a reporting deadline must be reported first.
Result<Record> CloseIncident(Ctx& ctx, std::string_view id, std::string_view summary);

// An incident as a list or show shows it.
struct IncidentView {
  Record row;
  int system_level = 0;                   // 0 when the system is gone
  std::optional<int> deadline_hours;      // nullopt for 一般
  std::optional<long long> seconds_left;  // until the deadline while unreported; negative: overdue
  bool late = false;                      // reported after the deadline, or unreported past it
  std::vector<std::string> units;         // management units this record is evidence for
  std::vector<Record> events;             // filled by GetIncident only
};
// All incidents, by id; `open_only` drops closed ones.
Result<std::vector<IncidentView>> ListIncidents(Ctx& ctx, bool open_only);
Result<IncidentView> GetIncident(Ctx& ctx, std::string_view id);

// The 网络安全事件报告 draft in Markdown. Fields the store does not know (cause, measures,
// impact, contact) are "（待填写）", never invented.
Result<std::string> IncidentReportDraft(Ctx& ctx, std::string_view id);

// "2026-11-20 12:00:00" (Beijing time, UTC+8) of a UTC instant; kSyntax on a bad instant.
Result<std::string> BeijingTime(std::string_view utc_iso);

}  // namespace dengbao::service
