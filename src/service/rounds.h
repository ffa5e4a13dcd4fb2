// Assessment rounds (测评轮次): a year's self-check or agency assessment of one system, with its
// results (target × unit), findings and remediation items; the yearly cycle (start next year's
// round from last year's) and the diff of two rounds.
#pragma once

#include <string>
#include <vector>

#include "assess/model.h"
#include "plan/plan.h"
#include "service/service.h"
#include "workflow/rounds.h"

namespace dengbao::service {

struct StartRoundInput {
  std::string system_id;
  int year = 0;
  std::string kind = "self_check";  // self_check | agency
  std::string from;                 // previous round; empty: the system's latest earlier round
  bool carry = true;                // carry results (reset to 未测) and open items over
};
// Round id "<system>-<year>-<kind>"; kDuplicate when it exists. Carrying copies every result of
// the previous round as 未测 and every item that is not closed, with its status, owner and
// deadline (carried_from names the round it came from).
Result<Record> StartRound(Ctx& ctx, const StartRoundInput& in);

struct ImportStats {
  int results = 0;   // cells written
  int findings = 0;  // 不符合/部分符合 cells
  int items_new = 0;
  int items_updated = 0;                    // existing items whose description, risk or cost changed
  int items_reopened = 0;                   // closed items whose finding is back
  std::vector<std::string> items_resolved;  // active items whose cell is now 符合: ready to verify and close
};
// Writes an assessment of the round's system into the round: every cell as a result, every plan
// item as a remediation item (new items open with the plan's owner and deadline; existing items
// keep their status, owner and deadline). One transaction.
Result<ImportStats> ImportAssessment(Ctx& ctx, const std::string& round_id, const assess::Assessment& a,
                                     const plan::Plan& plan);

// "unit@target" views of a round, for DiffRounds.
Result<workflow::RoundView> LoadRoundView(Ctx& ctx, const std::string& round_id);
Result<workflow::RoundDiff> DiffRounds(Ctx& ctx, const std::string& older, const std::string& newer);

}  // namespace dengbao::service
