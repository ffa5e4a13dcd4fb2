// Reading the files an assessment is built from (docs/assessment-format.md): the system
// description (dengbao-system/1), YAML questionnaires (dengbao-questionnaire/1) and saved scans
// (`dengbao scan --json`). Every problem is reported with file:line:column and what was
// expected; the first error is returned, all of them are appended to `diagnostics` if given.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "assess/model.h"
#include "catalog/catalog.h"
#include "core/error.h"

namespace dengbao::assess {

inline constexpr size_t kMaxInputBytes = 32u << 20;

// Parses a system description. Relative paths inside are resolved against `base_dir`.
// Validates target types, grade, extensions and compensations against the catalog.
Result<SystemSpec> ParseSystemText(std::string_view text, const std::string& file,
                                   const std::filesystem::path& base_dir, const catalog::Catalog& catalog,
                                   std::vector<Error>* diagnostics = nullptr);
Result<SystemSpec> LoadSystem(const std::filesystem::path& path, const catalog::Catalog& catalog,
                              std::vector<Error>* diagnostics = nullptr);

// Parses a YAML questionnaire for `system`: every answer's target must exist and the unit
// must apply to the target's type at the system's grade; a target × unit answered twice is an
// error.
Result<std::vector<Answer>> ParseQuestionnaireText(std::string_view text, const std::string& file,
                                                   const SystemSpec& system, const catalog::Catalog& catalog,
                                                   std::vector<Error>* diagnostics = nullptr);

// Parses a saved `dengbao scan --json` output.
Result<ScanSummary> ParseScanJson(std::string_view text, const std::string& file);

}  // namespace dengbao::assess
