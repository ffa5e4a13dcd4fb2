// The rectification plan (整改方案): one remediation item per finding (target × unit), with the
// rule's remediation for automatic checks and the catalog requirement otherwise, its kind of fix,
// default cost (cost-defaults.yaml, editable per item in the system description), owner,
// deadline and priority (high risk first). Plus the goals the optimiser can aim for and the
// what-if evaluation (mark items done, re-score). Thread-safety: plain values.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "assess/model.h"
#include "assess/profile.h"
#include "assess/score.h"
#include "core/error.h"
#include "plan/optimizer.h"

namespace dengbao::plan {

struct CostKind {
  std::string id;  // config | policy | process | device | physical | service
  std::string zh;
  double money = 0;  // 元
  double days = 0;   // 人天
  std::string note;
};

struct CostDefaults {
  std::vector<CostKind> kinds;
  std::map<std::string, std::string> by_category;  // PES -> physical
  std::map<std::string, std::string> by_unit;      // "CES1-04" -> device (unit id without the level)

  const CostKind* Find(std::string_view id) const;
  // The kind for a finding: by unit, then config for findings from automatic checks, then by category.
  const CostKind& KindFor(const catalog::Item& item, bool from_scan) const;
};

Result<CostDefaults> ParseCostDefaultsText(std::string_view text, const std::string& file);
Result<CostDefaults> LoadCostDefaults(const std::filesystem::path& path);

struct Item {
  std::string id;  // "<unit>@<target>"
  size_t finding = 0;
  std::string unit;
  std::string target;       // target id
  std::string target_name;  // for people
  std::string title;        // zh, one line
  std::string action;       // zh: what to do
  std::vector<std::string> commands;
  std::string kind;  // CostKind id
  std::string kind_zh;
  double money = 0;
  double days = 0;
  int64_t cost = 0;  // money + days × day rate, whole 元 (what the optimiser minimises)
  std::string owner;
  std::string deadline;                    // YYYY-MM-DD
  int priority = 3;                        // 1 high risk, 2 medium, 3 low
  assess::Risk risk = assess::Risk::kLow;  // adjusted risk of the finding
  bool high_risk = false;                  // the finding matches a high-risk case (before compensation)
  bool overridden = false;                 // cost/owner/deadline edited in the system description
};

struct Plan {
  std::vector<Item> items;  // priority order, then unit, then target
  double day_rate = 0;
  std::vector<std::string> warnings;

  const Item* Find(std::string_view id) const;
};

// Builds every remediation item for the assessment's findings and applies plan overrides
// (an override naming no item is an error: it is probably a typo).
Result<Plan> BuildPlan(const assess::Assessment& a, const CostDefaults& costs);

// A goal: reach this conclusion of this profile.
struct Goal {
  const assess::Profile* profile = nullptr;
  const assess::Conclusion* conclusion = nullptr;
};

// "pass" = the lowest passing conclusion of mlps-2021 (中); otherwise a conclusion id or zh name
// (优/良/中 in mlps-2021, 符合/基本符合 in mlps-2025, or any profile's).
Result<Goal> ResolveGoal(std::string_view target, const std::vector<assess::Profile>& profiles);

struct WhatIf {
  std::set<std::string> done;  // item ids assumed done
  std::vector<assess::UnitOutcome> units;
  assess::RiskCounts risks;
  int remaining_high = 0;
  std::vector<std::string> remaining_high_risk_cases;  // case ids still matched (uncompensated)
};

// Marks the items as done (their findings become 符合) and recomputes unit results and risks.
// Unknown ids are an error.
Result<WhatIf> AssumeDone(const assess::Assessment& a, const Plan& plan, const std::set<std::string>& done);

// The optimiser's view of the assessment under a profile: units with their cells, plan items
// as the only way to change a cell, forced items for the conclusion's risk conditions.
struct Problem {
  OptProblem opt;
  std::vector<size_t> item_of_opt;  // opt item index -> Plan::items index
};
Problem MakeProblem(const assess::Assessment& a, const Plan& plan, const assess::Profile& profile,
                    const assess::Conclusion* conclusion);
// The least numerator that satisfies the conclusion's score condition for this denominator.
int64_t MinNumerator(const assess::Conclusion& c, int64_t denominator);

struct Optimised {
  bool feasible = false;
  std::vector<const Item*> items;
  int64_t total_cost = 0;
  double total_money = 0;
  double total_days = 0;
};

// Cheapest set of items reaching the goal (ties: fewest items).
Result<Optimised> CheapestFor(const assess::Assessment& a, const Plan& plan, const Goal& goal);
// Best score of `profile` for at most `budget` 元; high-risk items are done first when the
// budget covers them all.
Result<Optimised> BestWithin(const assess::Assessment& a, const Plan& plan, const assess::Profile& profile,
                             int64_t budget);

}  // namespace dengbao::plan
