// Remediation planning: which remediation items to do so that the score of an assessed system
// reaches a target at the least cost, or rises as far as a budget allows. Pure functions, no I/O;
// thread-safe (no shared state), so many systems can be planned in parallel.
//
// Model. A system has units (测评单元), each with a weight, judged on several targets; a cell
// (unit × target) is compliant, partial or noncompliant. Per GB/T 28449 a unit whose cells are all
// compliant is FULL, all noncompliant is NONE, anything else PARTIAL; its value is values.full /
// .partial / .none. A frozen unit (e.g. one with an untested target) is worth `frozen_value`
// whatever is done. Score numerator = Σ weight × value. A remediation item sets the cells it
// resolves to compliant; all cells of one item lie in one unit, and a cell has at most one item.
//
// Algorithm (exact). Because items never span units, a plan is a choice of item subset per unit,
// and cost, item count and numerator are sums over units. Fix a unit with forced items F and
// level L0 after doing F. Its value is monotone in the set of resolved cells (resolving a cell
// never turns a compliant cell back, so FULL stays FULL and "not all noncompliant" stays so) and
// takes three levels. Hence in any optimal plan the unit's subset S can be replaced by the
// (cost, count)-cheapest superset of F that reaches at least level(S): the numerator does not
// drop and (cost, count) does not rise (a sum of lexicographically smaller pairs is
// lexicographically smaller). Those cheapest sets are:
//   (a) F itself, for every level ≤ L0;
//   (b) if L0 is NONE: F + the single cheapest non-forced item of the unit. L0 = NONE means every
//       cell is noncompliant, so resolving any one cell already gives PARTIAL (FULL if the item
//       covers every cell), and any set reaching PARTIAL contains at least one such item, so it
//       costs at least as much and has at least as many items. Ties prefer an item reaching FULL;
//   (c) FULL, if every not-yet-compliant cell has an item: F + exactly the items of those cells
//       (each of them is required; any other item only adds cost or count). This also covers
//       "one item covers every cell". If some such cell has no item, FULL is unreachable.
// Non-forced items of frozen units and items resolving no cell never help, so are never chosen.
// Options dominated by another (no more gain, no less (cost, count)) are dropped. What remains
// is a multiple-choice knapsack: a dynamic programme over units whose state is the score gain
// over the forced-only plan, divided by the gcd of all option gains, and whose entry is the
// lexicographically least (cost, item count). MinCostReaching clamps gains at the gain needed
// (states beyond the threshold are all "enough"); MaxScoreWithin runs over the full gain range
// and takes the largest gain whose cost fits the budget. Time and memory are
// O(units × gain states); when the table would exceed kMaxDpCells the functions return
// kUnsupported rather than a possibly non-optimal answer.
#pragma once

#include <cstdint>
#include <vector>

#include "core/error.h"

namespace dengbao::plan {

enum class CellState : uint8_t { kCompliant, kPartial, kNoncompliant };

struct OptCell {
  CellState state = CellState::kNoncompliant;
  int item = -1;  // index of the item that resolves this cell, -1 = none
};

struct OptUnit {
  int64_t weight = 0;  // ≥ 0
  bool frozen = false;
  int64_t frozen_value = 0;    // the unit's value when frozen, whatever is done
  std::vector<OptCell> cells;  // at least one unless frozen
};

struct OptItem {
  int64_t cost = 0;     // ≥ 0
  bool forced = false;  // must be done (e.g. it fixes a high-risk finding)
};

// Scaled values of a unit's three results; full ≥ partial ≥ none ≥ 0.
struct OptValues {
  int64_t full = 0, partial = 0, none = 0;
};

struct OptProblem {
  std::vector<OptUnit> units;
  std::vector<OptItem> items;
  OptValues values;
};

struct OptSolution {
  bool feasible = false;   // a set meeting the goal exists
  std::vector<int> items;  // chosen item indexes, ascending (includes forced ones)
  int64_t cost = 0;        // Σ cost of chosen
  int64_t numerator = 0;   // score numerator after doing them
};

// Largest dynamic-programming table the solvers build, in cells of about one byte:
// (units with a choice + 16) × gain states. Beyond it they return kUnsupported.
inline constexpr int64_t kMaxDpCells = 50'000'000;

// Σ weight × value with the given items done (done[i] for item i; missing entries count as not
// done). The problem must pass Validate, which guarantees the sum cannot overflow.
int64_t ScoreNumerator(const OptProblem& p, const std::vector<bool>& done);

// kValidation naming the first offending unit, cell or item: negative weight, cost or
// frozen_value, values not full ≥ partial ≥ none ≥ 0, an unfrozen unit without cells, a cell
// naming a missing item, an item whose cells span two units; kTooLarge if Σ cost or a numerator could overflow int64.
Status Validate(const OptProblem& p);

// Cheapest set (ties: fewest items) that includes every forced item and whose numerator is
// ≥ min_numerator (> when strict). No such set → feasible = false (not an error). Errors:
// Validate's, or kUnsupported when the gain table would exceed kMaxDpCells.
Result<OptSolution> MinCostReaching(const OptProblem& p, int64_t min_numerator, bool strict);

// Highest numerator (ties: lowest cost, then fewest items) with cost ≤ budget, including every
// forced item; if the forced items alone exceed the budget → feasible = false. Errors as for
// MinCostReaching.
Result<OptSolution> MaxScoreWithin(const OptProblem& p, int64_t budget);

}  // namespace dengbao::plan
