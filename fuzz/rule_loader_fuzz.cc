// libFuzzer target for the rule loader: any bytes as a rule file yield a rule or diagnostics.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "catalog/loader.h"
#include "rules/rule_loader.h"

#ifndef DENGBAO_FUZZ_CATALOG
#define DENGBAO_FUZZ_CATALOG "catalogs/gbt22239-2019"
#endif

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace dengbao;
  static const catalog::Catalog cat = [] {
    auto r = catalog::LoadCatalog(DENGBAO_FUZZ_CATALOG);
    if (!r) std::abort();
    return std::move(*r);
  }();
  static const probes::Registry registry = [] {
    probes::Registry r;
    probes::RegisterBuiltinProbes(r);
    return r;
  }();
  catalog::Diagnostics diags;
  (void)rules::ParseRuleText(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.yaml", cat,
                             registry, diags);
  return 0;
}
