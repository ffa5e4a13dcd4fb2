// What the API handlers read but never change, loaded once when `dengbao serve` starts: the
// catalog, the host-check rules and probes, the scoring profiles, the cost defaults and the
// inspection checklist templates. Shared read-only by every worker thread.
#pragma once

#include <memory>
#include <vector>

#include "assess/profile.h"
#include "catalog/catalog.h"
#include "ops/checklist.h"
#include "plan/plan.h"
#include "probes/registry.h"
#include "rules/rule.h"

namespace dengbao::http {

struct Resources {
  catalog::Catalog catalog;
  std::vector<rules::Rule> rules;
  probes::Registry probes;
  std::vector<assess::Profile> profiles;
  plan::CostDefaults costs;
  std::vector<ops::ChecklistTemplate> checklists;
};

}  // namespace dengbao::http
