// Shared by `assess`, `plan` and `report`: load the system description, scan the targets that
// name an offline root, read saved scans and questionnaires, build the assessment, and load the
// scoring profiles and cost defaults that sit beside the catalog.
#pragma once

#include <vector>

#include "assess/assessment.h"
#include "assess/profile.h"
#include "cli/command.h"
#include "plan/plan.h"

namespace dengbao::cli {

struct Loaded {
  assess::Assessment assessment;
  std::vector<assess::Profile> profiles;
  plan::CostDefaults costs;
  plan::Plan plan;
  std::vector<std::string> scan_json;            // per target: the scan's JSON text ("" when none)
  std::vector<std::string> questionnaire_files;  // absolute paths, in reading order

  const assess::Profile& Profile(std::string_view id) const;  // falls back to the first
};

// Reads --system (required), --scan TARGET=FILE[,…] and --questionnaire FILE[,…] (added to those
// the description names). Errors name the file, line and what was expected.
Result<Loaded> LoadForCommand(Context& ctx);

}  // namespace dengbao::cli
