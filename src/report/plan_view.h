// The plan as people and scripts read it, the same for the CLI (`dengbao plan`) and the HTTP API:
// the score before, the chosen items (all of them, the cheapest set reaching a goal, the best set
// within a budget, or a what-if set), their cost, and the score after — always an estimate.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "assess/model.h"
#include "assess/profile.h"
#include "core/error.h"
#include "plan/plan.h"

namespace dengbao::report {

struct PlanQuery {
  std::string target;                 // goal ("pass", "良", …); empty: none
  std::optional<int64_t> budget;      // 元; empty: none
  std::set<std::string> assume_done;  // what-if item ids
};

struct PlanView {
  nlohmann::json json;  // system, estimate, day_rate, before, mode, items, totals, after, score…, note
  std::vector<const plan::Item*> chosen;
  bool feasible = true;
};

// kUsage when the query mixes target, budget and what-if; kInvalidArgument for an unknown item id.
Result<PlanView> BuildPlanView(const assess::Assessment& a, const plan::Plan& plan,
                               const std::vector<assess::Profile>& profiles, const PlanQuery& q);

// Score, conclusion, 2025 rate/conclusion, open high-risk cases and risk counts for a what-if set.
Result<nlohmann::json> WhatIfOutcome(const assess::Assessment& a, const plan::Plan& plan,
                                     const std::vector<assess::Profile>& profiles,
                                     const std::set<std::string>& done);

}  // namespace dengbao::report
