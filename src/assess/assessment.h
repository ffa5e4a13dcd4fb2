// Builds an Assessment from a system description, the scans of its servers and the
// questionnaire answers: one cell per target × applicable unit, unit results over targets
// (GB/T 28449), findings with risk levels, and the high-risk cases they match (see
// docs/assessment-format.md for the matching rules).
#pragma once

#include <optional>
#include <vector>

#include "assess/model.h"
#include "catalog/catalog.h"
#include "core/error.h"

namespace dengbao::assess {

// scans[i] belongs to system.targets[i] (nullopt: not scanned). A scan made at another level
// than the system's is an error; answers must have passed ValidateAnswers.
Result<Assessment> BuildAssessment(SystemSpec system, std::vector<std::optional<ScanSummary>> scans,
                                   const std::vector<Answer>& answers, const catalog::Catalog& catalog);

// The risk of a finding that matches no high-risk case: 中 for 不符合 on a unit weighing ≥ 0.7
// (or without a weight) and for 部分符合 on a unit weighing 1.0; otherwise 低. Our convention,
// documented in docs/scoring.md: assessors judge risk from threat and impact (GB/T 28448 §11).
Risk BaseRisk(const catalog::Item& item, Outcome outcome);

}  // namespace dengbao::assess
