// The remediation item lifecycle (issue #5): which status may follow which, and what each move
// requires. Pure rules, no storage; the store applies them. Thread-safe.
//
//   open → planned → in_progress → awaiting_verification → closed
//   awaiting_verification → in_progress        (verification failed)
//   open|planned|in_progress|awaiting_verification → deferred | accepted
//                                              (approver, reason and expiry required)
//   deferred → planned | in_progress           (work resumes)
//   deferred|accepted → open                   (expired or revoked)
//   closed → open                              (reopened, e.g. a later round found it again)
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "workflow/dates.h"

namespace dengbao::workflow {

enum class ItemStatus { kOpen, kPlanned, kInProgress, kAwaitingVerification, kClosed, kDeferred, kAccepted };

std::string_view StatusId(ItemStatus s);     // "open", "planned", "in_progress", "awaiting_verification",
                                             // "closed", "deferred", "accepted"
std::string_view StatusLabel(ItemStatus s);  // 待整改, 已计划, 整改中, 待验证, 已销号, 已延期, 已接受风险
// Accepts the id or the Chinese label; kInvalidArgument listing the allowed ids otherwise.
Result<ItemStatus> ParseStatus(std::string_view text);
// Still needs work (counts as open in reports, burn-down and escalation): open, planned,
// in_progress, awaiting_verification.
bool IsActive(ItemStatus s);

// What accompanies a transition. Which fields are required depends on the move.
struct TransitionInput {
  std::string actor;                  // who asks (required)
  std::string note;                   // free text
  std::string approver;               // deferred/accepted: required, must differ from the item's owner
  std::string reason;                 // deferred/accepted/reopen: required
  std::optional<Date> expiry;         // deferred/accepted: required, after `today`, at most 1 year ahead
  std::optional<Date> new_deadline;   // deferred: optional later deadline (defaults to expiry)
  std::string verifier;               // closed: required, must differ from the item's owner
  std::vector<std::string> evidence;  // closed without an automatic check: at least one digest
  bool automatic_check = false;       // the item comes from a rule (re-verified by re-running it)
  bool check_passed = false;          // closed with automatic_check: the re-run passed
};

// kInvalidArgument when the move is not in the graph above or a required field is missing or
// wrong, with a zh-first message naming the field. `owner` is the item's owner.
Status CheckTransition(ItemStatus from, ItemStatus to, const TransitionInput& in, std::string_view owner,
                       Date today);

// Statuses reachable from `from` (for help text and the UI).
std::vector<ItemStatus> NextStatuses(ItemStatus from);

}  // namespace dengbao::workflow
