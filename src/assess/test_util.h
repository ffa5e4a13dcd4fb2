// Helpers shared by tests that score assessments: the scoring profiles shipped beside the catalog.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "assess/profile.h"

namespace dengbao::assess::testing {

// catalogs/gbt22239-2019/scoring/*.yaml (loaded once per test binary; aborts if broken).
inline const std::vector<Profile>& ShippedProfiles() {
  static const std::vector<Profile> p = [] {
    auto r = LoadProfiles(std::string(DENGBAO_SOURCE_DIR) + "/catalogs/gbt22239-2019/scoring");
    if (!r) {
      std::fprintf(stderr, "cannot load shipped profiles: %s\n", r.error().ToString().c_str());
      std::abort();
    }
    return std::move(*r);
  }();
  return p;
}

}  // namespace dengbao::assess::testing
