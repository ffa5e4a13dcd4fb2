#include "plan/optimizer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <iostream>
#include <limits>
#include <tuple>
#include <vector>

namespace dengbao::plan {
namespace {

constexpr CellState kC = CellState::kCompliant;
constexpr CellState kP = CellState::kPartial;
constexpr CellState kN = CellState::kNoncompliant;

OptUnit Unit(int64_t weight, std::vector<OptCell> cells) {
  OptUnit u;
  u.weight = weight;
  u.cells = std::move(cells);
  return u;
}

OptProblem Problem(std::vector<OptUnit> units, std::vector<OptItem> items, OptValues values = {2, 1, 0}) {
  return OptProblem{std::move(units), std::move(items), values};
}

std::vector<bool> Done(const OptProblem& p, const std::vector<int>& items) {
  std::vector<bool> done(p.items.size(), false);
  for (int i : items) done[i] = true;
  return done;
}

// Checks the invariants every feasible solution must hold: ascending items, every forced item,
// cost and numerator consistent with the chosen items.
void ExpectConsistent(const OptProblem& p, const OptSolution& s) {
  ASSERT_TRUE(s.feasible);
  EXPECT_TRUE(std::is_sorted(s.items.begin(), s.items.end()));
  EXPECT_TRUE(std::adjacent_find(s.items.begin(), s.items.end()) == s.items.end());
  int64_t cost = 0;
  for (int i : s.items) cost += p.items[i].cost;
  EXPECT_EQ(s.cost, cost);
  const auto done = Done(p, s.items);
  for (size_t i = 0; i < p.items.size(); ++i) {
    if (p.items[i].forced) {
      EXPECT_TRUE(done[i]) << "forced item " << i << " missing";
    }
  }
  EXPECT_EQ(s.numerator, ScoreNumerator(p, done));
}

TEST(OptimizerTest, ForcedItemsAreAlwaysDone) {
  // Unit 0: two noncompliant cells; item 0 (forced, cost 5) fixes one. Unit 1: one of two fixed by item 2.
  auto p = Problem({Unit(1, {{kN, 0}, {kN, 1}}), Unit(1, {{kC, -1}, {kN, 2}})},
                   {{5, true}, {1, false}, {1, false}});
  auto s = MinCostReaching(p, 0, false);
  ASSERT_TRUE(s.has_value()) << s.error().ToString();
  ExpectConsistent(p, *s);
  EXPECT_EQ(s->items, (std::vector<int>{0}));
  EXPECT_EQ(s->cost, 5);
  EXPECT_EQ(s->numerator, 2);  // both units PARTIAL

  auto tight = MaxScoreWithin(p, 4);
  ASSERT_TRUE(tight.has_value());
  EXPECT_FALSE(tight->feasible);

  auto all = MaxScoreWithin(p, 100);
  ASSERT_TRUE(all.has_value());
  ExpectConsistent(p, *all);
  EXPECT_EQ(all->items, (std::vector<int>{0, 1, 2}));
  EXPECT_EQ(all->numerator, 4);
}

TEST(OptimizerTest, OneCheapItemLiftsAnAllNoncompliantUnitToPartial) {
  auto p = Problem({Unit(10, {{kN, 0}, {kN, 1}})}, {{5, false}, {3, false}});
  EXPECT_EQ(ScoreNumerator(p, {false, false}), 0);
  auto partial = MinCostReaching(p, 10, false);
  ASSERT_TRUE(partial.has_value());
  ExpectConsistent(p, *partial);
  EXPECT_EQ(partial->items, (std::vector<int>{1}));
  EXPECT_EQ(partial->numerator, 10);

  auto full = MinCostReaching(p, 10, /*strict=*/true);
  ASSERT_TRUE(full.has_value());
  ExpectConsistent(p, *full);
  EXPECT_EQ(full->items, (std::vector<int>{0, 1}));
  EXPECT_EQ(full->cost, 8);
  EXPECT_EQ(full->numerator, 20);

  auto within = MaxScoreWithin(p, 7);
  ASSERT_TRUE(within.has_value());
  EXPECT_EQ(within->items, (std::vector<int>{1}));
}

TEST(OptimizerTest, PartialCellsNeedTheirItemForFull) {
  auto p = Problem({Unit(3, {{kP, 0}, {kC, -1}})}, {{2, false}});
  EXPECT_EQ(ScoreNumerator(p, {false}), 3);
  auto s = MinCostReaching(p, 6, false);
  ASSERT_TRUE(s.has_value());
  ExpectConsistent(p, *s);
  EXPECT_EQ(s->items, (std::vector<int>{0}));
}

TEST(OptimizerTest, FrozenUnitsKeepTheirValue) {
  OptUnit frozen = Unit(10, {{kN, 0}});
  frozen.frozen = true;
  frozen.frozen_value = 1;
  auto p = Problem({frozen, Unit(1, {{kN, 1}})}, {{1, false}, {1, false}});
  EXPECT_EQ(ScoreNumerator(p, {true, true}), 12);
  EXPECT_EQ(ScoreNumerator(p, {true, false}), 10);

  auto s = MinCostReaching(p, 11, false);
  ASSERT_TRUE(s.has_value());
  ExpectConsistent(p, *s);
  EXPECT_EQ(s->items, (std::vector<int>{1}));

  auto beyond = MinCostReaching(p, 13, false);
  ASSERT_TRUE(beyond.has_value());
  EXPECT_FALSE(beyond->feasible);

  auto best = MaxScoreWithin(p, 100);
  ASSERT_TRUE(best.has_value());
  EXPECT_EQ(best->items, (std::vector<int>{1}));  // item 0 is useless: its unit is frozen
  EXPECT_EQ(best->numerator, 12);
}

TEST(OptimizerTest, UnreachableTargetIsInfeasibleNotAnError) {
  // The second cell has no item, so the unit can never be FULL.
  auto p = Problem({Unit(1, {{kN, 0}, {kN, -1}})}, {{1, false}});
  auto s = MinCostReaching(p, 2, false);
  ASSERT_TRUE(s.has_value());
  EXPECT_FALSE(s->feasible);
  auto reachable = MinCostReaching(p, 1, false);
  ASSERT_TRUE(reachable.has_value());
  EXPECT_TRUE(reachable->feasible);
  auto max_target = MinCostReaching(p, std::numeric_limits<int64_t>::max(), true);
  ASSERT_TRUE(max_target.has_value());
  EXPECT_FALSE(max_target->feasible);
}

TEST(OptimizerTest, ZeroCostItemsAndFewestItemsTieBreak) {
  // Unit 0 needs two free items for FULL, unit 1 one free item; both gains are 2.
  auto p = Problem({Unit(1, {{kN, 0}, {kN, 1}}), Unit(1, {{kN, 2}})}, {{0, false}, {0, false}, {0, false}});
  auto none = MinCostReaching(p, 0, false);
  ASSERT_TRUE(none.has_value());
  EXPECT_TRUE(none->items.empty());  // free but useless items are not done

  auto two = MinCostReaching(p, 2, false);
  ASSERT_TRUE(two.has_value());
  ExpectConsistent(p, *two);
  EXPECT_EQ(two->items, (std::vector<int>{2}));

  auto all = MaxScoreWithin(p, 0);
  ASSERT_TRUE(all.has_value());
  ExpectConsistent(p, *all);
  EXPECT_EQ(all->items, (std::vector<int>{0, 1, 2}));
  EXPECT_EQ(all->numerator, 4);
}

TEST(OptimizerTest, StrictAndNonStrictThresholds) {
  auto p = Problem({Unit(1, {{kC, -1}}), Unit(1, {{kN, 0}})}, {{4, false}});
  auto at = MinCostReaching(p, 2, false);
  ASSERT_TRUE(at.has_value());
  EXPECT_TRUE(at->items.empty());
  EXPECT_EQ(at->numerator, 2);
  auto above = MinCostReaching(p, 2, true);
  ASSERT_TRUE(above.has_value());
  EXPECT_EQ(above->items, (std::vector<int>{0}));
  EXPECT_EQ(above->numerator, 4);
}

TEST(OptimizerTest, OrphanItemsAndItemsOnCompliantCells) {
  // Item 1 resolves no cell; item 2 "resolves" an already compliant cell.
  auto p = Problem({Unit(1, {{kN, 0}, {kC, 2}})}, {{1, false}, {7, true}, {1, false}});
  auto s = MaxScoreWithin(p, 8);
  ASSERT_TRUE(s.has_value());
  ExpectConsistent(p, *s);
  EXPECT_EQ(s->items, (std::vector<int>{0, 1}));
  EXPECT_EQ(s->numerator, 2);
}

TEST(OptimizerTest, HugeCostsStayExact) {
  // Σ cost × (items + 1) overflows int64, so the solver compares (cost, count) pairs.
  const int64_t big = int64_t{1} << 61;
  auto p =
      Problem({Unit(1, {{kN, 0}, {kN, 1}}), Unit(1, {{kN, 2}})}, {{big, false}, {1, false}, {big, false}});
  auto s = MinCostReaching(p, 3, false);
  ASSERT_TRUE(s.has_value()) << s.error().ToString();
  ExpectConsistent(p, *s);
  EXPECT_EQ(s->items, (std::vector<int>{1, 2}));
  auto w = MaxScoreWithin(p, big + 1);
  ASSERT_TRUE(w.has_value());
  EXPECT_EQ(w->items, (std::vector<int>{1, 2}));
  EXPECT_EQ(w->numerator, 3);
}

TEST(OptimizerTest, TooLargeTableIsAnErrorNotAGuess) {
  // Two prime weights: the gcd of the gains is 1, so the gain range is ~4e9 states.
  auto p = Problem({Unit(1'000'000'007, {{kN, 0}}), Unit(998'244'353, {{kN, 1}})}, {{1, false}, {1, false}});
  auto s = MaxScoreWithin(p, 1);
  ASSERT_FALSE(s.has_value());
  EXPECT_EQ(s.error().code, ErrorCode::kUnsupported);
  auto m = MinCostReaching(p, 3'000'000'000, false);
  ASSERT_FALSE(m.has_value());
  EXPECT_EQ(m.error().code, ErrorCode::kUnsupported);
  // A small threshold keeps the table small and is answered.
  auto small = MinCostReaching(p, 10, false);
  ASSERT_TRUE(small.has_value());
  EXPECT_TRUE(small->feasible);
}

TEST(OptimizerTest, ValidationErrors) {
  struct Case {
    const char* name;
    OptProblem problem;
    ErrorCode code;
  };
  OptUnit bad_weight = Unit(-1, {{kN, -1}});
  OptUnit bad_frozen = Unit(1, {});
  bad_frozen.frozen = true;
  bad_frozen.frozen_value = -1;
  OptUnit frozen_empty = Unit(1, {});
  frozen_empty.frozen = true;
  const Case cases[] = {
      {"item spans two units", Problem({Unit(1, {{kN, 0}}), Unit(1, {{kN, 0}})}, {{1, false}}),
       ErrorCode::kValidation},
      {"missing item", Problem({Unit(1, {{kN, 1}})}, {{1, false}}), ErrorCode::kValidation},
      {"item below -1", Problem({Unit(1, {{kN, -2}})}, {}), ErrorCode::kValidation},
      {"negative cost", Problem({Unit(1, {{kN, 0}})}, {{-1, false}}), ErrorCode::kValidation},
      {"partial above full", Problem({Unit(1, {{kN, -1}})}, {}, {1, 2, 0}), ErrorCode::kValidation},
      {"none above partial", Problem({Unit(1, {{kN, -1}})}, {}, {2, 1, 2}), ErrorCode::kValidation},
      {"negative none", Problem({Unit(1, {{kN, -1}})}, {}, {2, 1, -1}), ErrorCode::kValidation},
      {"negative weight", Problem({bad_weight}, {}), ErrorCode::kValidation},
      {"negative frozen value", Problem({bad_frozen}, {}), ErrorCode::kValidation},
      {"unfrozen unit without cells", Problem({Unit(1, {})}, {}), ErrorCode::kValidation},
      {"numerator overflow", Problem({Unit(std::numeric_limits<int64_t>::max(), {{kN, -1}})}, {}),
       ErrorCode::kTooLarge},
      {"cost overflow",
       Problem({Unit(1, {{kN, 0}, {kN, 1}})}, {{std::numeric_limits<int64_t>::max(), false}, {1, false}}),
       ErrorCode::kTooLarge},
  };
  for (const auto& c : cases) {
    auto v = Validate(c.problem);
    ASSERT_FALSE(v.has_value()) << c.name;
    EXPECT_EQ(v.error().code, c.code) << c.name << ": " << v.error().ToString();
    auto m = MinCostReaching(c.problem, 0, false);
    ASSERT_FALSE(m.has_value()) << c.name;
    EXPECT_EQ(m.error().code, c.code) << c.name;
    auto w = MaxScoreWithin(c.problem, 0);
    ASSERT_FALSE(w.has_value()) << c.name;
  }
  EXPECT_TRUE(Validate(Problem({frozen_empty}, {})).has_value());
  EXPECT_TRUE(Validate(Problem({}, {})).has_value());
}

// SplitMix64: deterministic on every platform, unlike the std distributions.
struct Rng {
  uint64_t state;
  uint64_t Next() {
    uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  int Below(int n) { return static_cast<int>(Next() % static_cast<uint64_t>(n)); }
};

OptProblem RandomProblem(Rng& rng) {
  constexpr size_t kMaxItems = 12;
  OptProblem p;
  p.values.none = rng.Below(3);
  p.values.partial = p.values.none + rng.Below(4);
  p.values.full = p.values.partial + rng.Below(4);
  auto new_item = [&] {
    p.items.push_back({rng.Below(6), rng.Below(7) == 0});
    return static_cast<int>(p.items.size()) - 1;
  };
  const int units = 1 + rng.Below(6);
  for (int u = 0; u < units; ++u) {
    OptUnit unit;
    unit.weight = rng.Below(6);
    unit.frozen = rng.Below(7) == 0;
    unit.frozen_value = rng.Below(5);
    std::vector<int> unit_items;
    const int cells = 1 + rng.Below(4);
    for (int c = 0; c < cells; ++c) {
      const int roll = rng.Below(10);
      OptCell cell{roll < 4 ? kC : (roll < 6 ? kP : kN), -1};
      const bool wants_item = cell.state != kC ? rng.Below(4) != 0 : rng.Below(8) == 0;
      if (wants_item) {
        if (!unit_items.empty() && rng.Below(3) == 0) {
          cell.item = unit_items[rng.Below(static_cast<int>(unit_items.size()))];
        } else if (p.items.size() < kMaxItems) {
          cell.item = new_item();
          unit_items.push_back(cell.item);
        }
      }
      unit.cells.push_back(cell);
    }
    p.units.push_back(std::move(unit));
  }
  if (p.items.size() < kMaxItems && rng.Below(5) == 0) new_item();  // an item resolving no cell
  return p;
}

struct Outcome {
  int64_t cost;
  int64_t count;
  int64_t numerator;
};

// Every subset of the non-forced items, together with all forced items.
std::vector<Outcome> Enumerate(const OptProblem& p) {
  std::vector<int> free_items;
  std::vector<bool> done(p.items.size(), false);
  int64_t forced_cost = 0;
  int64_t forced_count = 0;
  for (size_t i = 0; i < p.items.size(); ++i) {
    if (p.items[i].forced) {
      done[i] = true;
      forced_cost += p.items[i].cost;
      ++forced_count;
    } else {
      free_items.push_back(static_cast<int>(i));
    }
  }
  std::vector<Outcome> out;
  for (uint32_t mask = 0; mask < (1U << free_items.size()); ++mask) {
    Outcome o{forced_cost, forced_count, 0};
    for (size_t b = 0; b < free_items.size(); ++b) {
      const bool on = (mask >> b) & 1U;
      done[free_items[b]] = on;
      if (!on) continue;
      o.cost += p.items[free_items[b]].cost;
      ++o.count;
    }
    o.numerator = ScoreNumerator(p, done);
    out.push_back(o);
  }
  return out;
}

void CheckMinCost(const OptProblem& p, const std::vector<Outcome>& all, int64_t target, bool strict) {
  SCOPED_TRACE(testing::Message() << "MinCostReaching target " << target << (strict ? " strict" : ""));
  const Outcome* best = nullptr;
  for (const Outcome& o : all) {
    if (strict ? o.numerator <= target : o.numerator < target) continue;
    if (best == nullptr || std::tie(o.cost, o.count) < std::tie(best->cost, best->count)) best = &o;
  }
  auto s = MinCostReaching(p, target, strict);
  ASSERT_TRUE(s.has_value()) << s.error().ToString();
  ASSERT_EQ(s->feasible, best != nullptr);
  if (best == nullptr) return;
  ExpectConsistent(p, *s);
  EXPECT_EQ(s->cost, best->cost);
  EXPECT_EQ(static_cast<int64_t>(s->items.size()), best->count);
  EXPECT_TRUE(strict ? s->numerator > target : s->numerator >= target);
  // Minimality: dropping any non-forced item misses the target (else it would be cheaper or,
  // at cost 0, have fewer items).
  auto done = Done(p, s->items);
  for (int i : s->items) {
    if (p.items[i].forced) continue;
    done[i] = false;
    const int64_t n = ScoreNumerator(p, done);
    EXPECT_TRUE(strict ? n <= target : n < target) << "item " << i << " is not needed";
    done[i] = true;
  }
}

void CheckMaxScore(const OptProblem& p, const std::vector<Outcome>& all, int64_t budget) {
  SCOPED_TRACE(testing::Message() << "MaxScoreWithin budget " << budget);
  const Outcome* best = nullptr;
  for (const Outcome& o : all) {
    if (o.cost > budget) continue;
    if (best == nullptr ||
        std::tuple(-o.numerator, o.cost, o.count) < std::tuple(-best->numerator, best->cost, best->count)) {
      best = &o;
    }
  }
  auto s = MaxScoreWithin(p, budget);
  ASSERT_TRUE(s.has_value()) << s.error().ToString();
  ASSERT_EQ(s->feasible, best != nullptr);
  if (best == nullptr) return;
  ExpectConsistent(p, *s);
  EXPECT_EQ(s->numerator, best->numerator);
  EXPECT_EQ(s->cost, best->cost);
  EXPECT_EQ(static_cast<int64_t>(s->items.size()), best->count);
  EXPECT_LE(s->cost, budget);
}

TEST(OptimizerTest, MatchesBruteForceOnRandomProblems) {
  constexpr int kSeeds = 3000;
  int64_t queries = 0;
  for (int seed = 0; seed < kSeeds; ++seed) {
    SCOPED_TRACE(testing::Message() << "seed " << seed);
    Rng rng{static_cast<uint64_t>(seed)};
    const OptProblem p = RandomProblem(rng);
    ASSERT_TRUE(Validate(p).has_value());
    const auto all = Enumerate(p);
    std::vector<int64_t> targets{std::numeric_limits<int64_t>::min(), -1};
    std::vector<int64_t> budgets{-1, 0, std::numeric_limits<int64_t>::max()};
    for (const Outcome& o : all) {
      targets.push_back(o.numerator);
      targets.push_back(o.numerator + 1);
      budgets.push_back(o.cost);
      budgets.push_back(o.cost - 1);
    }
    for (auto* v : {&targets, &budgets}) {
      std::sort(v->begin(), v->end());
      v->erase(std::unique(v->begin(), v->end()), v->end());
    }
    for (int64_t t : targets) {
      CheckMinCost(p, all, t, false);
      CheckMinCost(p, all, t, true);
      queries += 2;
    }
    for (int64_t b : budgets) {
      CheckMaxScore(p, all, b);
      ++queries;
    }
    if (HasFailure()) return;
  }
  std::cout << "brute force: " << kSeeds << " random problems, " << queries << " queries\n";
}

// A level-3-sized system: 211 units (39/107/65 of weight 1000/700/400) × 20 targets.
OptProblem RealisticProblem(uint64_t seed) {
  Rng rng{seed};
  OptProblem p;
  p.values = {2, 1, 0};
  for (int u = 0; u < 211; ++u) {
    OptUnit unit;
    unit.weight = u < 39 ? 1000 : (u < 146 ? 700 : 400);
    unit.frozen = u % 97 == 5;  // two units with an untested target
    std::vector<int> open;
    for (int t = 0; t < 20; ++t) {
      const int roll = rng.Below(100);
      unit.cells.push_back({roll < 80 ? kC : (roll < 88 ? kP : kN), -1});
      if (roll >= 80 && rng.Below(20) != 0) open.push_back(t);  // 5% of findings have no item
    }
    // Findings are fixed by items of one or two cells.
    for (size_t i = 0; i < open.size();) {
      const size_t take = std::min<size_t>(open.size() - i, 1 + rng.Below(2));
      p.items.push_back({1 + rng.Below(20), rng.Below(40) == 0});
      for (size_t k = 0; k < take; ++k) unit.cells[open[i + k]].item = static_cast<int>(p.items.size()) - 1;
      i += take;
    }
    p.units.push_back(std::move(unit));
  }
  return p;
}

TEST(OptimizerTest, RealisticSystemIsSolvedExactly) {
  const OptProblem p = RealisticProblem(42);
  ASSERT_TRUE(Validate(p).has_value());
  EXPECT_GT(p.items.size(), 450U);
  EXPECT_LT(p.items.size(), 800U);
  const int64_t max = (39 * 1000 + 107 * 700 + 65 * 400) * 2;
  for (int percent : {60, 70, 80, 90}) {
    SCOPED_TRACE(testing::Message() << percent << "% of the maximum");
    const int64_t target = max * percent / 100;
    auto s = MinCostReaching(p, target, false);
    ASSERT_TRUE(s.has_value()) << s.error().ToString();
    if (!s->feasible) {
      auto best = MaxScoreWithin(p, std::numeric_limits<int64_t>::max());
      ASSERT_TRUE(best.has_value());
      EXPECT_LT(best->numerator, target);
      continue;
    }
    ExpectConsistent(p, *s);
    EXPECT_GE(s->numerator, target);
    auto done = Done(p, s->items);
    for (int i : s->items) {
      if (p.items[i].forced) continue;
      done[i] = false;
      EXPECT_LT(ScoreNumerator(p, done), target) << "item " << i << " is not needed";
      done[i] = true;
    }
    // Duality: the best score for that budget reaches the target, and anything higher costs more.
    auto within = MaxScoreWithin(p, s->cost);
    ASSERT_TRUE(within.has_value()) << within.error().ToString();
    ExpectConsistent(p, *within);
    EXPECT_GE(within->numerator, target);
    EXPECT_LE(within->cost, s->cost);
    auto higher = MinCostReaching(p, within->numerator, true);
    ASSERT_TRUE(higher.has_value());
    if (higher->feasible) {
      EXPECT_GT(higher->cost, s->cost);
    }
  }
}

}  // namespace
}  // namespace dengbao::plan
