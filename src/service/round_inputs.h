// What a round's verdict was computed from, kept with the round (issue #5, used by the HTTP API
// of #6): the system description (YAML), the saved scan of each target and the questionnaires,
// stored as evidence (content-addressed, audited) and linked to "round-input:<round>" under the
// names "system.yaml", "scan/<target>.json" and "questionnaire/<name>". AssessRound rebuilds the
// assessment and plan from exactly those inputs, so a score shown later can be reproduced.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "assess/model.h"
#include "assess/profile.h"
#include "catalog/catalog.h"
#include "plan/plan.h"
#include "service/service.h"

namespace dengbao::service {

// The system description must parse against the catalog and describe the round's system. Paths
// inside it (scan:, root:, questionnaires:) are not followed: a stored round uses only stored
// inputs.
Status PutRoundSystem(Ctx& ctx, const std::string& round_id, std::string_view yaml,
                      const catalog::Catalog& cat);
// A `dengbao scan --json` result for one of the system's targets.
Status PutRoundScan(Ctx& ctx, const std::string& round_id, const std::string& target, std::string_view json,
                    const catalog::Catalog& cat);
// A questionnaire, YAML or XLSX (by `name`'s extension), validated against the stored system.
Status PutRoundQuestionnaire(Ctx& ctx, const std::string& round_id, const std::string& name,
                             std::string_view bytes, const catalog::Catalog& cat);

struct RoundInputs {
  std::string system_sha;                                           // empty: none yet
  std::vector<std::pair<std::string, std::string>> scans;           // target -> evidence sha256
  std::vector<std::pair<std::string, std::string>> questionnaires;  // name -> sha256
};
Result<RoundInputs> GetRoundInputs(Ctx& ctx, const std::string& round_id);

struct RoundAssessment {
  assess::Assessment assessment;
  plan::Plan plan;
};
// Rebuilds the assessment from the stored inputs (the latest of each kind); kNotFound when the
// round has no system description yet.
Result<RoundAssessment> AssessRound(Ctx& ctx, const std::string& round_id, const catalog::Catalog& cat,
                                    const plan::CostDefaults& costs);

}  // namespace dengbao::service
