#include "plan/optimizer.h"

#include <algorithm>
#include <cstddef>
#include <limits>
#include <numeric>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>

namespace dengbao::plan {
namespace {

enum class Level : uint8_t { kNone, kPartial, kFull };

int64_t ValueOf(const OptValues& v, Level level) {
  switch (level) {
    case Level::kFull:
      return v.full;
    case Level::kPartial:
      return v.partial;
    case Level::kNone:
      break;
  }
  return v.none;
}

// GB/T 28449: all cells compliant → FULL, all noncompliant → NONE, otherwise PARTIAL.
Level LevelOf(size_t cells, size_t compliant, size_t noncompliant) {
  if (compliant == cells) return Level::kFull;
  if (noncompliant == cells) return Level::kNone;
  return Level::kPartial;
}

std::string UnitName(size_t u) { return "单元 " + std::to_string(u) + " (unit " + std::to_string(u) + ")"; }
std::string ItemName(size_t i) { return "整改项 " + std::to_string(i) + " (item " + std::to_string(i) + ")"; }

// One way to handle a unit beyond its forced items: the extra items, what they cost and the
// gain in numerator over doing the forced items only.
struct Option {
  int64_t gain = 0;
  int64_t cost = 0;
  int64_t count = 0;
  std::vector<int> items;
};

bool Dominates(const Option& a, const Option& b) {
  return a.gain >= b.gain && std::pair(a.cost, a.count) <= std::pair(b.cost, b.count);
}

// A unit with a real choice; options[0] is "forced items only" (all zeros).
struct Layer {
  std::vector<Option> options;
  int64_t max_gain = 0;
};

// The problem reduced to a multiple-choice knapsack over gains (see the header).
struct Reduced {
  std::vector<int> forced;  // ascending
  int64_t forced_cost = 0;
  int64_t base = 0;        // numerator with the forced items only
  int64_t total_cost = 0;  // Σ cost of all items (bounds every DP cost)
  int64_t scale = 1;       // gcd of all option gains; Layer gains are divided by it
  int64_t max_gain = 0;    // Σ max scaled gain of the layers
  std::vector<Layer> layers;
};

// Options (a), (b), (c) of the header for one unfrozen unit, dominated ones dropped.
// `seen` stamps items already collected for this unit; `cells_of_item` counts each item's cells.
std::vector<Option> UnitOptions(const OptProblem& p, size_t u, Level& base_level, std::vector<size_t>& seen,
                                const std::vector<size_t>& cells_of_item) {
  const OptUnit& unit = p.units[u];
  const size_t n = unit.cells.size();
  size_t compliant = 0;
  size_t noncompliant = 0;
  bool full_reachable = true;
  Option full;  // (c): the items of every cell not compliant after the forced items
  for (const OptCell& c : unit.cells) {
    if (c.state == CellState::kCompliant || (c.item >= 0 && p.items[c.item].forced)) {
      ++compliant;
      continue;
    }
    if (c.state == CellState::kNoncompliant) ++noncompliant;
    if (c.item < 0) {
      full_reachable = false;
    } else if (seen[c.item] != u) {
      seen[c.item] = u;
      full.items.push_back(c.item);
      full.cost += p.items[c.item].cost;
    }
  }
  base_level = LevelOf(n, compliant, noncompliant);
  const int64_t base_value = ValueOf(p.values, base_level);
  std::vector<Option> options(1);
  if (base_level == Level::kFull) return options;

  if (base_level == Level::kNone && !full.items.empty()) {
    // (b): every cell is noncompliant, so every item of the unit is in full.items and any one
    // of them lifts the unit; the cheapest wins, an item covering every cell first, then the
    // lowest index.
    const auto key = [&](int x) { return std::tuple(p.items[x].cost, cells_of_item[x] == n ? 0 : 1, x); };
    int best = full.items.front();
    for (int i : full.items) {
      if (key(i) < key(best)) best = i;
    }
    const Level reached = cells_of_item[best] == n ? Level::kFull : Level::kPartial;
    options.push_back(
        {unit.weight * (ValueOf(p.values, reached) - base_value), p.items[best].cost, 1, {best}});
  }
  if (full_reachable) {
    std::sort(full.items.begin(), full.items.end());
    full.count = static_cast<int64_t>(full.items.size());
    full.gain = unit.weight * (p.values.full - base_value);
    options.push_back(std::move(full));
  }

  // Keep an option only if no other kept option is at least as good in gain and (cost, count);
  // among equal options the earlier (the base first) survives.
  std::vector<Option> kept;
  for (size_t i = 0; i < options.size(); ++i) {
    bool dominated = false;
    for (size_t j = 0; j < options.size() && !dominated; ++j) {
      if (j == i || !Dominates(options[j], options[i])) continue;
      dominated = j < i || !Dominates(options[i], options[j]);
    }
    if (!dominated) kept.push_back(std::move(options[i]));
  }
  return kept;
}

// Validates and reduces the problem.
Result<Reduced> Reduce(const OptProblem& p) {
  if (auto ok = Validate(p); !ok) return std::unexpected(ok.error());
  Reduced r;
  std::vector<size_t> cells_of_item(p.items.size(), 0);
  for (const OptUnit& unit : p.units) {
    for (const OptCell& c : unit.cells) {
      if (c.item >= 0) ++cells_of_item[c.item];
    }
  }
  for (size_t i = 0; i < p.items.size(); ++i) {
    r.total_cost += p.items[i].cost;  // Validate checked that Σ cost fits
    if (!p.items[i].forced) continue;
    r.forced.push_back(static_cast<int>(i));
    r.forced_cost += p.items[i].cost;
  }
  std::vector<size_t> seen(p.items.size(), std::numeric_limits<size_t>::max());
  int64_t scale = 0;
  for (size_t u = 0; u < p.units.size(); ++u) {
    const OptUnit& unit = p.units[u];
    if (unit.frozen) {
      r.base += unit.weight * unit.frozen_value;
      continue;
    }
    Level base_level = Level::kNone;
    std::vector<Option> options = UnitOptions(p, u, base_level, seen, cells_of_item);
    r.base += unit.weight * ValueOf(p.values, base_level);
    if (options.size() < 2) continue;
    Layer layer{std::move(options), 0};
    for (const Option& o : layer.options) scale = std::gcd(scale, o.gain);
    r.layers.push_back(std::move(layer));
  }
  // Dominance pruning leaves every non-base option with a positive gain, so scale > 0 here.
  r.scale = scale > 0 ? scale : 1;
  for (Layer& layer : r.layers) {
    for (Option& o : layer.options) {
      o.gain /= r.scale;
      layer.max_gain = std::max(layer.max_gain, o.gain);
    }
    r.max_gain += layer.max_gain;  // ≤ Σ weight × full, which Validate bounded
  }
  return r;
}

// Keys order partial plans lexicographically by (cost, item count). When the costs allow, the
// pair is packed into one int64 (cost × (items + 1) + count) for speed; otherwise kept as a pair.
struct PackedKeys {
  using Key = int64_t;
  int64_t radix;
  Key Make(int64_t cost, int64_t count) const { return cost * radix + count; }
  int64_t Cost(Key k) const { return k / radix; }
  static constexpr Key kInf = std::numeric_limits<int64_t>::max();
};

struct PairKeys {
  using Key = std::pair<int64_t, int64_t>;
  static Key Make(int64_t cost, int64_t count) { return {cost, count}; }
  static int64_t Cost(const Key& k) { return k.first; }
  static Key Add(const Key& a, const Key& b) { return {a.first + b.first, a.second + b.second}; }
  static constexpr Key kInf = {std::numeric_limits<int64_t>::max(), std::numeric_limits<int64_t>::max()};
};

template <typename Keys>
typename Keys::Key AddKeys(const typename Keys::Key& a, const typename Keys::Key& b) {
  if constexpr (std::is_same_v<Keys, PairKeys>) {
    return PairKeys::Add(a, b);
  } else {
    return a + b;
  }
}

// The knapsack over gain states 0..cap (gains above cap clamp to cap). Returns the best key per
// final state and fills `chosen` with the option picked per layer for `pick(best)`, the final
// state chosen by the caller (or -1 for none).
template <typename Keys, typename Pick>
int64_t SolveDp(const Reduced& r, int64_t cap, const Keys& keys, Pick pick, std::vector<size_t>& chosen) {
  using Key = typename Keys::Key;
  const auto width = static_cast<size_t>(cap) + 1;
  std::vector<Key> cur(width, Keys::kInf);
  std::vector<Key> next(width, Keys::kInf);
  // Back-pointers: the option that produced each state per layer. A state below cap has a unique
  // predecessor (state − gain); the clamped cap state records its predecessor separately.
  std::vector<uint8_t> choice(r.layers.size() * width, 0);
  std::vector<int64_t> cap_from(r.layers.size(), 0);
  cur[0] = keys.Make(0, 0);
  int64_t reach = 0;  // states above reach are still infinite
  for (size_t l = 0; l < r.layers.size(); ++l) {
    const Layer& layer = r.layers[l];
    const int64_t new_reach = std::min(cap, reach + layer.max_gain);
    std::fill(next.begin(), next.begin() + new_reach + 1, Keys::kInf);
    uint8_t* ch = &choice[l * width];
    for (size_t o = 0; o < layer.options.size(); ++o) {
      const Key add = keys.Make(layer.options[o].cost, layer.options[o].count);
      const int64_t g = layer.options[o].gain;
      for (int64_t s = 0; s <= reach; ++s) {
        if (cur[s] == Keys::kInf) continue;
        const Key k = AddKeys<Keys>(cur[s], add);
        const int64_t t = std::min(s + g, cap);
        if (!(k < next[t])) continue;
        next[t] = k;
        ch[t] = static_cast<uint8_t>(o);
        if (t == cap) cap_from[l] = s;
      }
    }
    std::swap(cur, next);
    reach = new_reach;
  }
  int64_t state = pick(cur, keys);
  if (state < 0) return state;
  const int64_t final_state = state;
  chosen.assign(r.layers.size(), 0);
  for (size_t l = r.layers.size(); l-- > 0;) {
    const size_t o = choice[l * width + state];
    chosen[l] = o;
    state = state == cap ? cap_from[l] : state - r.layers[l].options[o].gain;
  }
  return final_state;
}

// Runs the DP with packed keys when Σ cost × (items + 1) fits in int64, else with pairs.
// Errors with kUnsupported when the table would be too large to be exact within kMaxDpCells.
template <typename Pick>
Result<int64_t> RunDp(const OptProblem& p, const Reduced& r, int64_t cap, Pick pick,
                      std::vector<size_t>& chosen) {
  // Each layer costs one byte per state, and the two rows of keys about 16 more.
  const auto rows = static_cast<int64_t>(r.layers.size()) + 16;
  if (cap >= kMaxDpCells / rows) {
    return MakeError(
        ErrorCode::kUnsupported,
        "整改方案的动态规划表过大 (planning table too large: " + std::to_string(r.layers.size()) +
            " units × " + std::to_string(cap) + "+1 gain states > " + std::to_string(kMaxDpCells) +
            " cells; the gcd of the score gains is " + std::to_string(r.scale) +
            ", coarser weights/values make it smaller)");
  }
  const auto items = static_cast<int64_t>(p.items.size());
  int64_t radix = items + 1;
  int64_t top = 0;
  if (!__builtin_mul_overflow(r.total_cost, radix, &top) && !__builtin_add_overflow(top, items, &top) &&
      top < PackedKeys::kInf) {
    return SolveDp(r, cap, PackedKeys{radix}, pick, chosen);
  }
  return SolveDp(r, cap, PairKeys{}, pick, chosen);
}

// Builds the solution: forced items plus the extra items of the chosen options.
Result<OptSolution> Assemble(const OptProblem& p, const Reduced& r, const std::vector<size_t>& chosen) {
  OptSolution s;
  s.feasible = true;
  s.items = r.forced;
  for (size_t l = 0; l < r.layers.size(); ++l) {
    const auto& extra = r.layers[l].options[chosen[l]].items;
    s.items.insert(s.items.end(), extra.begin(), extra.end());
  }
  std::sort(s.items.begin(), s.items.end());
  std::vector<bool> done(p.items.size(), false);
  for (int i : s.items) {
    done[i] = true;
    s.cost += p.items[i].cost;
  }
  s.numerator = ScoreNumerator(p, done);
  return s;
}

}  // namespace

int64_t ScoreNumerator(const OptProblem& p, const std::vector<bool>& done) {
  int64_t sum = 0;
  for (const OptUnit& unit : p.units) {
    if (unit.frozen) {
      sum += unit.weight * unit.frozen_value;
      continue;
    }
    size_t compliant = 0;
    size_t noncompliant = 0;
    for (const OptCell& c : unit.cells) {
      const bool resolved = c.item >= 0 && static_cast<size_t>(c.item) < done.size() && done[c.item];
      if (c.state == CellState::kCompliant || resolved) {
        ++compliant;
      } else if (c.state == CellState::kNoncompliant) {
        ++noncompliant;
      }
    }
    sum += unit.weight * ValueOf(p.values, LevelOf(unit.cells.size(), compliant, noncompliant));
  }
  return sum;
}

Status Validate(const OptProblem& p) {
  const OptValues& v = p.values;
  if (v.none < 0 || v.partial < v.none || v.full < v.partial) {
    return MakeError(ErrorCode::kValidation,
                     "分值须满足 full ≥ partial ≥ none ≥ 0 (values must satisfy full ≥ partial ≥ none ≥ 0)");
  }
  int64_t total_cost = 0;
  for (size_t i = 0; i < p.items.size(); ++i) {
    if (p.items[i].cost < 0)
      return MakeError(ErrorCode::kValidation, ItemName(i) + ": 成本为负 (negative cost)");
    if (__builtin_add_overflow(total_cost, p.items[i].cost, &total_cost)) {
      return MakeError(ErrorCode::kTooLarge, "整改项成本总和溢出 int64 (total item cost overflows int64)");
    }
  }
  constexpr size_t kNoUnit = std::numeric_limits<size_t>::max();
  std::vector<size_t> unit_of_item(p.items.size(), kNoUnit);
  int64_t max_numerator = 0;
  for (size_t u = 0; u < p.units.size(); ++u) {
    const OptUnit& unit = p.units[u];
    if (unit.weight < 0)
      return MakeError(ErrorCode::kValidation, UnitName(u) + ": 权重为负 (negative weight)");
    if (unit.frozen && unit.frozen_value < 0) {
      return MakeError(ErrorCode::kValidation, UnitName(u) + ": 冻结分值为负 (negative frozen_value)");
    }
    if (!unit.frozen && unit.cells.empty()) {
      return MakeError(
          ErrorCode::kValidation,
          UnitName(u) + ": 没有测评对象且未冻结 (no cells and not frozen; its result is undefined)");
    }
    for (size_t c = 0; c < unit.cells.size(); ++c) {
      const OptCell& cell = unit.cells[c];
      // Built only on error: this loop runs over every cell.
      const auto where = [&] {
        return UnitName(u) + " 单元格 " + std::to_string(c) + " (cell " + std::to_string(c) + ")";
      };
      if (static_cast<uint8_t>(cell.state) > static_cast<uint8_t>(CellState::kNoncompliant)) {
        return MakeError(ErrorCode::kValidation, where() + ": 状态无效 (invalid state)");
      }
      if (cell.item < -1 || (cell.item >= 0 && static_cast<size_t>(cell.item) >= p.items.size())) {
        return MakeError(ErrorCode::kValidation, where() + ": 整改项 " + std::to_string(cell.item) +
                                                     " 不存在 (refers to missing item " +
                                                     std::to_string(cell.item) + ")");
      }
      if (cell.item < 0) continue;
      size_t& owner = unit_of_item[cell.item];
      if (owner != kNoUnit && owner != u) {
        return MakeError(ErrorCode::kValidation, ItemName(cell.item) + ": 跨越" + UnitName(owner) + "与" +
                                                     UnitName(u) + " (an item must lie within one unit)");
      }
      owner = u;
    }
    // Every term is ≥ 0, so if the largest possible sum fits, every partial sum does.
    const int64_t top = unit.frozen ? unit.frozen_value : v.full;
    int64_t term = 0;
    if (__builtin_mul_overflow(unit.weight, top, &term) ||
        __builtin_add_overflow(max_numerator, term, &max_numerator)) {
      return MakeError(ErrorCode::kTooLarge, "得分分子可能溢出 int64 (score numerator may overflow int64)");
    }
  }
  return {};
}

Result<OptSolution> MinCostReaching(const OptProblem& p, int64_t min_numerator, bool strict) {
  auto reduced = Reduce(p);
  if (!reduced) return std::unexpected(reduced.error());
  const Reduced& r = *reduced;
  std::vector<size_t> chosen(r.layers.size(), 0);
  if (strict) {
    if (min_numerator == std::numeric_limits<int64_t>::max()) return OptSolution{};
    ++min_numerator;
  }
  // Forced items alone suffice: any other set includes them, so costs and counts at least as much.
  if (min_numerator <= r.base) return Assemble(p, r, chosen);
  const int64_t needed = min_numerator - r.base;  // > 0; no overflow since base ≥ 0
  const int64_t cap = needed / r.scale + (needed % r.scale != 0 ? 1 : 0);
  if (cap > r.max_gain) return OptSolution{};
  auto pick = [cap](const auto& best, const auto& keys) -> int64_t {
    return best[cap] == std::decay_t<decltype(keys)>::kInf ? -1 : cap;
  };
  auto state = RunDp(p, r, cap, pick, chosen);
  if (!state) return std::unexpected(state.error());
  if (*state < 0)
    return MakeError(ErrorCode::kInternal, "可达增益未被动态规划找到 (reachable gain not found)");
  return Assemble(p, r, chosen);
}

Result<OptSolution> MaxScoreWithin(const OptProblem& p, int64_t budget) {
  auto reduced = Reduce(p);
  if (!reduced) return std::unexpected(reduced.error());
  const Reduced& r = *reduced;
  if (r.forced_cost > budget) return OptSolution{};
  const int64_t spare = budget - r.forced_cost;  // ≥ 0
  std::vector<size_t> chosen(r.layers.size(), 0);
  // The largest gain whose cheapest plan fits; that plan is also the fewest-items one.
  auto pick = [&](const auto& best, const auto& keys) -> int64_t {
    for (auto s = static_cast<int64_t>(best.size()) - 1; s >= 0; --s) {
      if (best[s] != std::decay_t<decltype(keys)>::kInf && keys.Cost(best[s]) <= spare) return s;
    }
    return -1;
  };
  auto state = RunDp(p, r, r.max_gain, pick, chosen);
  if (!state) return std::unexpected(state.error());
  if (*state < 0) return MakeError(ErrorCode::kInternal, "零增益状态不可达 (gain 0 unreachable)");
  return Assemble(p, r, chosen);
}

}  // namespace dengbao::plan
