// Scoring and planning real assessments at scale (issue #4: 1,000 systems × 211 units × 20
// targets in < 1 s). Setup (not timed) builds 1,000 level-3 assessments from the shipped catalog
// with 20 targets each (4 servers, 2 databases, 3 network and 3 security devices, application,
// middleware, terminal, management platform, data, whole system, room, documents, personnel),
// 10–30 % of cells partial or noncompliant, some presumed high risk. One iteration scores every
// system under both profiles, builds its remediation items and finds the cheapest passing plan,
// spread over Arg(threads) threads.
// Run: build/<release dir>/bench/assess_bench
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <memory>
#include <random>
#include <thread>
#include <vector>

#include "assess/applicability.h"
#include "assess/assessment.h"
#include "assess/score.h"
#include "catalog/loader.h"
#include "plan/plan.h"

namespace dengbao {
namespace {

constexpr int kSystems = 1000;

struct World {
  catalog::Catalog catalog;
  std::vector<assess::Profile> profiles;
  plan::CostDefaults costs;
  std::vector<assess::Assessment> systems;
  size_t cells = 0;
};

// On the heap and never moved: assessments point into the catalog.
std::unique_ptr<World> Make() {
  {
    const std::string dir = std::string(DENGBAO_SOURCE_DIR) + "/catalogs/gbt22239-2019";
    auto cat = catalog::LoadCatalog(dir);
    auto profiles = assess::LoadProfiles(dir + "/scoring");
    auto costs = plan::LoadCostDefaults(dir + "/plan/cost-defaults.yaml");
    if (!cat || !profiles || !costs) std::abort();
    auto w = std::make_unique<World>(World{std::move(*cat), std::move(*profiles), std::move(*costs), {}, 0});
    World* world = w.get();
    const std::vector<std::pair<const char*, int>> kinds = {
        {"server_os", 4},   {"database", 2},    {"network_device", 3}, {"security_device", 3},
        {"application", 1}, {"middleware", 1},  {"terminal", 1},       {"management_platform", 1},
        {"data", 1},        {"system_wide", 1}, {"physical_room", 1},  {"management_doc", 1},
        {"personnel", 1}};
    std::mt19937 rng(42);
    for (int s = 0; s < kSystems; ++s) {
      assess::SystemSpec spec;
      spec.id = "s" + std::to_string(s);
      spec.name = spec.id;
      spec.level = 3;
      spec.grade = catalog::FullGrade(3);
      spec.assessed_on = "2026-11-20";
      for (const auto& [type, n] : kinds)
        for (int i = 0; i < n; ++i)
          spec.targets.push_back({.id = std::string(type) + std::to_string(i), .name = type, .type = type});
      auto units = assess::ApplicableUnits(spec, world->catalog);
      if (!units) std::abort();
      const int open = 10 + static_cast<int>(rng() % 21);
      std::vector<assess::Answer> answers;
      for (const auto* item : *units)
        for (const auto& t : spec.targets)
          if (assess::AppliesTo(*item, t.type)) {
            assess::Answer a{.target = t.id, .unit = item->unit, .outcome = assess::Outcome::kCompliant};
            if (static_cast<int>(rng() % 100) < open) {
              a.outcome = rng() % 3 == 0 ? assess::Outcome::kPartial : assess::Outcome::kNoncompliant;
              if (rng() % 4 != 0) a.not_high_risk = "条件不成立";
            }
            answers.push_back(std::move(a));
          }
      std::vector<std::optional<assess::ScanSummary>> scans(spec.targets.size());
      auto built = assess::BuildAssessment(std::move(spec), std::move(scans), answers, world->catalog);
      if (!built) std::abort();
      world->cells += built->cells.size();
      world->systems.push_back(std::move(*built));
    }
    return w;
  }
}

const World& Get() {
  static const std::unique_ptr<World> w = Make();
  return *w;
}

void BM_ScoreAndPlan(benchmark::State& state) {
  const World& w = Get();
  const int threads = static_cast<int>(state.range(0));
  auto goal = plan::ResolveGoal("pass", w.profiles);
  if (!goal) std::abort();
  for (auto _ : state) {
    std::vector<int> feasible(static_cast<size_t>(threads), 0);
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t)
      pool.emplace_back([&, t] {
        for (size_t s = static_cast<size_t>(t); s < w.systems.size(); s += static_cast<size_t>(threads)) {
          const auto& a = w.systems[s];
          for (const auto& p : w.profiles) benchmark::DoNotOptimize(assess::ScoreAssessment(p, a));
          auto plan = plan::BuildPlan(a, w.costs);
          if (!plan) std::abort();
          auto opt = plan::CheapestFor(a, *plan, *goal);
          if (!opt) std::abort();
          feasible[static_cast<size_t>(t)] += opt->feasible ? 1 : 0;
        }
      });
    for (auto& th : pool) th.join();
    int total = 0;
    for (int f : feasible) total += f;
    state.counters["feasible"] = total;
  }
  state.counters["systems"] = static_cast<double>(w.systems.size());
  state.counters["cells"] = static_cast<double>(w.cells);
}

BENCHMARK(BM_ScoreAndPlan)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace dengbao

BENCHMARK_MAIN();
