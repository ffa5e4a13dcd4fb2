// Remediation items (整改项) through their lifecycle (workflow/lifecycle.h): assignment,
// transitions with their requirements, deadlines and escalation computed from dates, and
// re-verification — an item found by an automatic check is closed only when the check, re-run
// on the target, passes.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "service/service.h"
#include "workflow/deadlines.h"
#include "workflow/lifecycle.h"

namespace dengbao::service {

struct ItemFilter {
  std::string round_id;  // empty: every round
  std::string system_id;
  std::string owner;
  std::string status;  // status id; empty: any
  bool overdue_only = false;
  bool active_only = false;
};

struct ItemView {
  Record item;
  workflow::ItemStatus status = workflow::ItemStatus::kOpen;
  // For items still needing work: against the deadline. For accepted risks: against the
  // acceptance expiry. Absent for closed items.
  std::optional<workflow::DeadlineState> deadline;
  std::string escalate_to;  // the owner's manager when the stage is 督办 or beyond (from users)
};
std::string ItemOwnerKey(const Record& item);  // "item:<round>/<id>", the evidence owner key

Result<std::vector<ItemView>> ListItems(Ctx& ctx, const ItemFilter& f);
Result<ItemView> GetItem(Ctx& ctx, const std::string& round_id, const std::string& item_id);
// Item history, oldest first.
Result<std::vector<Record>> ItemEvents(Ctx& ctx, const std::string& round_id, const std::string& item_id);

Result<Record> AssignItem(Ctx& ctx, const std::string& round_id, const std::string& item_id,
                          const std::string& owner, const std::string& deadline);

// The outcome of re-running an item's automatic checks on its target.
struct Reverification {
  bool conclusive = false;    // every rule gave pass or fail (manual/error/missing: cannot tell)
  bool passed = false;        // conclusive and every rule passed
  std::string summary;        // zh, one line per rule
  std::string evidence_json;  // the re-run's results with their evidence, stored as evidence
};
using Reverifier = std::function<Result<Reverification>(const Record& item)>;

// The item's failing rule ids (its `rule_ids` column).
std::vector<std::string> ItemRuleIds(const Record& item);
// The verdict of a re-run: every rule of the item must now be "pass"; "fail" keeps it failing;
// anything else (manual, error, missing from the re-run) makes it inconclusive. `statuses` and
// `reasons` are by rule id. Fills conclusive, passed and summary (evidence_json is the caller's).
Reverification JudgeReverification(const Record& item, const std::map<std::string, std::string>& statuses,
                                   const std::map<std::string, std::string>& reasons);

// Moves an item to `to`. Closing an automatic item runs `reverify` (required for such items);
// the attempt is recorded (event + evidence) even when it fails, and a failing or inconclusive
// re-check refuses the close. Closing any other item needs evidence linked to it (or given in
// `in.evidence`) and a verifier other than the owner.
Result<Record> MoveItem(Ctx& ctx, const std::string& round_id, const std::string& item_id,
                        workflow::ItemStatus to, workflow::TransitionInput in, const Reverifier* reverify);

}  // namespace dengbao::service
