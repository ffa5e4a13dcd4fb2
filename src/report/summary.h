// JSON views of an assessment, its scores and its plan: what `assess --json`, `plan --json` and
// the OSCAL/HTML writers build on. Field names are the API (docs/cli.md); Chinese names of
// results and risks ride along (`*_zh`).
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "assess/model.h"
#include "assess/profile.h"
#include "assess/score.h"
#include "plan/plan.h"

namespace dengbao::report {

nlohmann::json ScoreJson(const assess::ScoreReport& r, bool details);
nlohmann::json ItemJson(const plan::Item& item);
// Unique case ids of matched, uncompensated high-risk findings.
std::vector<std::string> OpenHighRiskCases(const assess::Assessment& a);
std::vector<std::string> CompensatedHighRiskCases(const assess::Assessment& a);
nlohmann::json HighRiskJson(const assess::Assessment& a);
nlohmann::json FindingsJson(const assess::Assessment& a);
nlohmann::json SystemJson(const assess::Assessment& a);

// The whole `dengbao assess --json` document: score and conclusion of mlps-2021 at the top
// (`score`, `conclusion`), the 2025 rate and conclusion (`rate_2025`, `conclusion_2025`), the
// open high-risk case ids (`high_risk`), findings, unit results and every profile's arithmetic.
nlohmann::json AssessmentJson(const assess::Assessment& a, const std::vector<assess::Profile>& profiles,
                              bool details);

}  // namespace dengbao::report
