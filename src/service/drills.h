// Emergency plans (应急预案) and their drills (应急演练), and when each plan must next be drilled.
// GB/T 22239 asks every level from 2 up to "定期…组织应急演练"; for level 3 and above Dengbao takes
// that as at least once a year and escalates a plan that misses it (workflow::Evaluate). For
// levels 1–2 there is no yearly statutory requirement: the same date is shown as a suggestion
// (建议) without escalation. Not thread-safe (one Store per thread).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "service/service.h"
#include "workflow/deadlines.h"

namespace dengbao::service {

// Drill kinds: tabletop (桌面推演), functional (功能演练), full (实战演练).
inline constexpr std::string_view kDrillKinds[] = {"tabletop", "functional", "full"};
std::string_view DrillKindLabel(std::string_view kind);

struct PlanInput {
  std::string id;
  std::string system_id;
  std::string name;
  std::string version;      // integer; empty: 1
  std::string approved_on;  // YYYY-MM-DD; empty: today
  std::string owner;
};
// Inserts or updates a plan. kNotFound for an unknown system; kInvalidArgument for an empty id or
// name, a non-integer version or an approval date after today.
Result<Record> UpsertPlan(Ctx& ctx, const PlanInput& in);

struct DrillInput {
  std::string id;
  std::string plan_id;
  std::string held_on;  // YYYY-MM-DD, not after today
  std::string kind;     // id or label
  std::string participants;
  std::string result;
  std::string findings;
};
// Inserts or updates a drill of an existing plan.
Result<Record> RecordDrill(Ctx& ctx, const DrillInput& in);

// The reminder window for a yearly drill: a month, since one needs preparing.
inline constexpr workflow::EscalationPolicy kDrillPolicy{30, 30, 90};

struct DrillDue {
  Record plan;
  int system_level = 0;              // 0 when the system is gone
  bool required = false;             // level 3 and above
  std::optional<Record> last_drill;  // latest by held_on
  workflow::Date due;                // last drill + 1 year, else approved_on + 1 year, else today
  workflow::DeadlineState state;     // kDrillPolicy; for !required only days_left is meaningful
  std::vector<std::string> units;    // management units the plan and its drills are evidence for
};
// One row per plan, in plan id order.
Result<std::vector<DrillDue>> DrillsDue(Ctx& ctx);

}  // namespace dengbao::service
