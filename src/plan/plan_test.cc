// The plan over real assessments: the optimiser's answer, checked through the what-if path
// (AssumeDone + ComputeScore), is passing, minimal, and on small cases the cheapest passing
// subset found by brute force.
#include "plan/plan.h"

#include <gtest/gtest.h>

#include <random>
#include <set>

#include "assess/applicability.h"
#include "assess/assessment.h"
#include "assess/test_util.h"
#include "catalog/test_util.h"
#include "plan/test_util.h"

namespace dengbao::plan {
namespace {

using assess::Outcome;
using catalog::testing::ShippedCatalog;

const std::vector<assess::Profile>& Profiles() { return assess::testing::ShippedProfiles(); }

const CostDefaults& Costs() { return testing::ShippedCostDefaults(); }

assess::SystemSpec System() {
  assess::SystemSpec s;
  s.id = "t";
  s.name = "测试";
  s.level = 3;
  s.grade = catalog::FullGrade(3);
  s.assessed_on = "2026-11-20";
  std::set<std::string> types;
  auto units = assess::ApplicableUnits(s, ShippedCatalog());
  for (const auto* item : *units)
    for (const auto& o : item->objects) types.insert(o);
  for (const auto& t : types)
    s.targets.push_back({.id = "t" + std::to_string(s.targets.size()), .name = t, .type = t});
  // A second server so units can be partial across targets.
  s.targets.push_back({.id = "srv2", .name = "server 2", .type = "server_os"});
  return s;
}

// Every pair answered; `bad` of them (chosen by the seed) partial or noncompliant.
assess::Assessment Build(const assess::SystemSpec& s, int bad, unsigned seed) {
  std::vector<assess::Answer> answers;
  auto units = assess::ApplicableUnits(s, ShippedCatalog());
  for (const auto* item : *units)
    for (const auto& t : s.targets)
      if (assess::AppliesTo(*item, t.type))
        answers.push_back({.target = t.id, .unit = item->unit, .outcome = Outcome::kCompliant});
  std::mt19937 rng(seed);
  for (int i = 0; i < bad; ++i) {
    auto& a = answers[rng() % answers.size()];
    a.outcome = rng() % 2 ? Outcome::kNoncompliant : Outcome::kPartial;
    a.not_high_risk = rng() % 3 ? "条件不成立" : "";  // most gaps are not high risk
  }
  std::vector<std::optional<assess::ScanSummary>> scans(s.targets.size());
  auto a = assess::BuildAssessment(s, scans, answers, ShippedCatalog());
  EXPECT_TRUE(a) << a.error().ToString();
  return std::move(*a);
}

bool Passes(const assess::Assessment& a, const Plan& plan, const Goal& goal,
            const std::set<std::string>& done) {
  auto w = AssumeDone(a, plan, done);
  EXPECT_TRUE(w);
  auto r = assess::ComputeScore(*goal.profile, w->units, w->risks, ShippedCatalog());
  return assess::Satisfies(*goal.conclusion, r.numerator, r.denominator, w->risks);
}

TEST(Plan, ItemsPerFindingWithDefaultsAndOverrides) {
  auto s = System();
  auto a = Build(s, 30, 1);
  s.plan.items.push_back({.id = a.findings[0].id, .cost = 1234, .days = 0, .owner = "张工"});
  a.system.plan = s.plan;
  auto plan = BuildPlan(a, Costs());
  ASSERT_TRUE(plan) << plan.error().ToString();
  EXPECT_EQ(plan->items.size(), a.findings.size());
  const Item* o = plan->Find(a.findings[0].id);
  ASSERT_NE(o, nullptr);
  EXPECT_EQ(o->cost, 1234);
  EXPECT_EQ(o->owner, "张工");
  for (const auto& i : plan->items) {
    EXPECT_FALSE(i.deadline.empty());
    EXPECT_FALSE(i.action.empty());
  }
  // An override naming no item is an error, not silently ignored.
  a.system.plan.items.push_back({.id = "L3-PES1-01@nope"});
  EXPECT_FALSE(BuildPlan(a, Costs()));
}

TEST(Plan, PassPlanPassesAndEveryItemIsNeeded) {
  auto s = System();
  for (unsigned seed = 1; seed <= 6; ++seed) {
    auto a = Build(s, 60, seed);
    ASSERT_GE(a.findings.size(), 24u);
    auto plan = BuildPlan(a, Costs());
    ASSERT_TRUE(plan);
    for (const char* target : {"pass", "良", "优", "基本符合", "符合"}) {
      auto goal = ResolveGoal(target, Profiles());
      ASSERT_TRUE(goal) << target;
      auto opt = CheapestFor(a, *plan, *goal);
      ASSERT_TRUE(opt) << opt.error().ToString();
      if (!opt->feasible) continue;
      std::set<std::string> done;
      for (const auto* i : opt->items) done.insert(i->id);
      EXPECT_TRUE(Passes(a, *plan, *goal, done)) << target << " seed " << seed;
      for (const auto* i : opt->items) {
        if (i->cost == 0) continue;  // a free item may be kept by the fewest-items tie-break only if needed
        auto without = done;
        without.erase(i->id);
        EXPECT_FALSE(Passes(a, *plan, *goal, without)) << target << " seed " << seed << " item " << i->id;
      }
    }
  }
}

TEST(Plan, NoCheaperPassingSubsetOnSmallCases) {
  auto s = System();
  int checked = 0;
  for (unsigned seed = 1; seed <= 40; ++seed) {
    auto a = Build(s, 10, seed);
    auto plan = BuildPlan(a, Costs());
    ASSERT_TRUE(plan);
    // Distinct costs make "cheapest" meaningful.
    for (size_t i = 0; i < plan->items.size(); ++i)
      plan->items[i].cost = 1000 + static_cast<int64_t>((i * 7919) % 5000);
    size_t n = plan->items.size();
    if (n > 10) continue;
    for (const char* target : {"pass", "优", "符合"}) {
      auto goal = ResolveGoal(target, Profiles());
      ASSERT_TRUE(goal);
      auto opt = CheapestFor(a, *plan, *goal);
      ASSERT_TRUE(opt);
      int64_t best = -1;
      for (uint32_t mask = 0; mask < (1u << n); ++mask) {
        std::set<std::string> done;
        int64_t cost = 0;
        for (size_t i = 0; i < n; ++i)
          if (mask & (1u << i)) {
            done.insert(plan->items[i].id);
            cost += plan->items[i].cost;
          }
        if ((best < 0 || cost < best) && Passes(a, *plan, *goal, done)) best = cost;
      }
      EXPECT_EQ(opt->feasible, best >= 0) << target << " seed " << seed;
      if (best >= 0) EXPECT_EQ(opt->total_cost, best) << target << " seed " << seed;
      ++checked;
    }
  }
  EXPECT_GT(checked, 60);
}

TEST(Plan, BudgetNeverExceededAndHighRiskFirst) {
  auto s = System();
  auto a = Build(s, 40, 7);
  auto plan = BuildPlan(a, Costs());
  ASSERT_TRUE(plan);
  for (int64_t budget : {0, 5000, 50000, 500000}) {
    auto opt = BestWithin(a, *plan, Profiles().front(), budget);
    ASSERT_TRUE(opt);
    EXPECT_LE(opt->total_cost, budget);
  }
}

TEST(Plan, UnknownWhatIfItemIsAnError) {
  auto s = System();
  auto a = Build(s, 5, 3);
  auto plan = BuildPlan(a, Costs());
  ASSERT_TRUE(plan);
  EXPECT_FALSE(AssumeDone(a, *plan, {"L3-XXX1-01@nope"}));
}

}  // namespace
}  // namespace dengbao::plan
