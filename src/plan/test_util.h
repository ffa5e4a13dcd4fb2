// Helpers shared by tests that build plans: the cost defaults shipped beside the catalog.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>

#include "plan/plan.h"

namespace dengbao::plan::testing {

// catalogs/gbt22239-2019/plan/cost-defaults.yaml (loaded once per test binary; aborts if broken).
inline const CostDefaults& ShippedCostDefaults() {
  static const CostDefaults c = [] {
    auto r =
        LoadCostDefaults(std::string(DENGBAO_SOURCE_DIR) + "/catalogs/gbt22239-2019/plan/cost-defaults.yaml");
    if (!r) {
      std::fprintf(stderr, "cannot load shipped cost defaults: %s\n", r.error().ToString().c_str());
      std::abort();
    }
    return std::move(*r);
  }();
  return c;
}

}  // namespace dengbao::plan::testing
