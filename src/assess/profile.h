// Scoring profiles as data (dengbao-scoring-profile/1, catalogs/<catalog>/scoring/*.yaml): the
// per-result values, where weights come from, the conclusions with their thresholds, and the
// source of every constant. The report templates' exact formulas are not public text we have,
// so every score computed from a profile is an estimate and is shown with its arithmetic.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "core/error.h"

namespace dengbao::assess {

// Fixed-point scale for weights and values: 0.7 → 700.
inline constexpr int64_t kMilli = 1000;

struct Conclusion {
  std::string id;  // excellent | good | fair | poor | compliant | basic | noncompliant ...
  std::string zh;
  std::string en;
  std::optional<double> min_score;    // score ≥ this (0–100)
  std::optional<double> above_score;  // score > this
  std::optional<int> max_high;        // at most this many high-risk findings (after compensation)
  std::optional<int> max_medium;      // at most this many medium-risk findings
  bool pass = false;
};

struct Profile {
  std::string id;  // mlps-2021
  catalog::Text name;
  std::string measure;  // score | rate
  int64_t value_compliant = kMilli, value_partial = kMilli / 2, value_noncompliant = 0, value_untested = 0;
  bool weights_from_catalog = true;
  int64_t missing_weight = kMilli;
  std::vector<Conclusion> conclusions;  // first satisfied wins; the last must have no conditions
  std::vector<std::pair<std::string, std::string>> sources;
  std::string file;

  // The unit's weight in milli-units.
  int64_t WeightOf(const catalog::Item& item) const;
  const Conclusion* FindConclusion(std::string_view id_or_zh) const;
};

Result<Profile> ParseProfileText(std::string_view text, const std::string& file);
// Loads every *.yaml in `dir`, sorted by file name.
Result<std::vector<Profile>> LoadProfiles(const std::filesystem::path& dir);

}  // namespace dengbao::assess
