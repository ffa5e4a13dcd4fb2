// Remediation planning at scale: 1,000 level-3-sized systems (211 units: 39/107/65 of weight
// 1000/700/400, × 20 targets, 10–30% of cells not compliant), values full=2 partial=1 none=0.
// One iteration computes the current score numerator of every system and the cheapest plan
// reaching 70% of its maximum, spread over Arg(threads) threads.
// Run: build/<release dir>/bench/plan_bench
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <thread>
#include <vector>

#include "plan/optimizer.h"

namespace dengbao::plan {
namespace {

constexpr int kSystems = 1000;
constexpr int kTargets = 20;

// SplitMix64, so every run plans the same systems.
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

OptProblem System(uint64_t seed) {
  Rng rng{seed};
  OptProblem p;
  p.values = {2, 1, 0};
  const int open_percent = 10 + rng.Below(21);
  for (int u = 0; u < 211; ++u) {
    OptUnit unit;
    unit.weight = u < 39 ? 1000 : (u < 146 ? 700 : 400);
    unit.frozen = rng.Below(100) == 0;  // an untested target
    std::vector<int> open;
    for (int t = 0; t < kTargets; ++t) {
      OptCell cell{CellState::kCompliant, -1};
      if (rng.Below(100) < open_percent) {
        cell.state = rng.Below(3) == 0 ? CellState::kPartial : CellState::kNoncompliant;
        if (rng.Below(20) != 0) open.push_back(t);  // 5% of findings have no remediation item
      }
      unit.cells.push_back(cell);
    }
    for (size_t i = 0; i < open.size();) {  // items fix 1–3 findings of one unit
      const size_t take = std::min<size_t>(open.size() - i, 1 + rng.Below(3));
      p.items.push_back({1 + rng.Below(20), rng.Below(30) == 0});
      for (size_t k = 0; k < take; ++k) unit.cells[open[i + k]].item = static_cast<int>(p.items.size()) - 1;
      i += take;
    }
    p.units.push_back(std::move(unit));
  }
  return p;
}

const std::vector<OptProblem>& Systems() {
  static const std::vector<OptProblem> systems = [] {
    std::vector<OptProblem> v;
    for (int s = 0; s < kSystems; ++s) v.push_back(System(static_cast<uint64_t>(s)));
    return v;
  }();
  return systems;
}

struct Tally {
  int64_t feasible = 0;
  int64_t cost = 0;
  int64_t errors = 0;
};

void PlanRange(const std::vector<OptProblem>& systems, size_t begin, size_t end, Tally& tally) {
  for (size_t i = begin; i < end; ++i) {
    const OptProblem& p = systems[i];
    int64_t max = 0;
    for (const OptUnit& u : p.units) max += u.weight * p.values.full;
    benchmark::DoNotOptimize(ScoreNumerator(p, std::vector<bool>(p.items.size(), false)));
    auto s = MinCostReaching(p, max * 7 / 10, false);
    if (!s) {
      ++tally.errors;
      continue;
    }
    tally.feasible += s->feasible ? 1 : 0;
    tally.cost += s->cost;
  }
}

void BM_PlanThousandSystems(benchmark::State& state) {
  const auto& systems = Systems();
  const auto threads = static_cast<size_t>(state.range(0));
  Tally total;
  // The loop variable is Google Benchmark's iteration token, unused by design.
  for (auto _ : state) {  // NOLINT(clang-analyzer-deadcode.DeadStores)
    std::vector<Tally> tallies(threads);
    std::vector<std::thread> pool;
    for (size_t t = 0; t < threads; ++t) {
      pool.emplace_back(PlanRange, std::cref(systems), systems.size() * t / threads,
                        systems.size() * (t + 1) / threads, std::ref(tallies[t]));
    }
    for (auto& th : pool) th.join();
    total = {};
    for (const Tally& t : tallies) {
      total.feasible += t.feasible;
      total.cost += t.cost;
      total.errors += t.errors;
    }
  }
  state.counters["systems"] = static_cast<double>(systems.size());
  state.counters["feasible"] = static_cast<double>(total.feasible);
  state.counters["errors"] = static_cast<double>(total.errors);
  state.counters["mean_cost"] = static_cast<double>(total.cost) / static_cast<double>(systems.size());
}
BENCHMARK(BM_PlanThousandSystems)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace dengbao::plan

BENCHMARK_MAIN();
