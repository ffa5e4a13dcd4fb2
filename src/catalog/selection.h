// Which units apply to a system of a given grade (GB/T 22239 Appendix A): S-tagged items at the
// business-information grade S, A-tagged items at the service grade A, G-tagged items at the
// overall level, extension scopes only as chosen. Pure functions over an immutable Catalog.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "catalog/catalog.h"
#include "core/error.h"

namespace dengbao::catalog {

struct Grade {
  int s = 0;      // business information security protection grade
  int a = 0;      // system service security protection grade
  int level = 0;  // overall level = max(s, a)

  std::string Label() const;  // "S3A2"
};

// The S×A combinations allowed at an overall level (max(S, A) == level), e.g. level 3 ->
// S1A3, S2A3, S3A3, S3A2, S3A1. Empty for levels outside 1..5.
std::vector<std::string> AllowedCombinations(int level);

// Parses "S3A2" (case-insensitive) for the given overall level. Errors name the allowed
// combinations. level == 0 means "derive it": level = max(S, A).
Result<Grade> ParseGrade(std::string_view sa, int level);

// The grade that selects every unit of a level (SnAn).
Grade FullGrade(int level);

// Applicable items, in catalog order. `scopes` lists the scope ids to include; empty = all.
// Fails (kInvalidArgument) on a level the catalog does not cover or an unknown scope.
Result<std::vector<const Item*>> SelectApplicable(const Catalog& catalog, const Grade& grade,
                                                  const std::vector<std::string>& scopes);

}  // namespace dengbao::catalog
