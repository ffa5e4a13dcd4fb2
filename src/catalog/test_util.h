// Helpers shared by catalog tests.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>

#include "catalog/catalog.h"
#include "catalog/loader.h"

namespace dengbao::catalog::testing {

// The catalog shipped in the source tree (loaded once per test binary).
inline const Catalog& ShippedCatalog() {
  static const Catalog cat = [] {
    auto r = LoadCatalog(std::string(DENGBAO_SOURCE_DIR) + "/catalogs/gbt22239-2019");
    if (!r) {
      fprintf(stderr, "cannot load shipped catalog: %s\n", r.error().ToString().c_str());
      std::abort();
    }
    return std::move(*r);
  }();
  return cat;
}

}  // namespace dengbao::catalog::testing
