// Loading and validating rules (docs/rule-format.md) like catalogs: every problem is reported
// with file:line:column and what was expected. Rules are checked against the catalog (units exist
// at the level given, high-risk cases exist) and the probe registry (probes exist; every fact a
// condition reads belongs to a declared probe). Reentrant.
#pragma once

#include <filesystem>
#include <string_view>
#include <vector>

#include "catalog/catalog.h"
#include "catalog/yaml_reader.h"
#include "probes/registry.h"
#include "rules/rule.h"

namespace dengbao::rules {

inline constexpr std::string_view kRuleFormat = "dengbao-rule/1";

// Parses one rule document held in memory. Problems go to `diags`.
std::optional<Rule> ParseRuleText(std::string_view text, const std::string& file,
                                  const catalog::Catalog& catalog, const probes::Registry& registry,
                                  catalog::Diagnostics& diags);

// Loads every *.yaml below `dir` (recursively, sorted) — or one file. Duplicate rule ids are
// errors. Returns the first error; all are appended to `diagnostics` when given.
Result<std::vector<Rule>> LoadRules(const std::filesystem::path& path, const catalog::Catalog& catalog,
                                    const probes::Registry& registry,
                                    std::vector<Error>* diagnostics = nullptr);

}  // namespace dengbao::rules
