// Loading and validating catalogs (docs/catalog-format.md). Every problem found is reported with
// file, line, column and what was expected; nothing is skipped silently. Functions here are
// reentrant; they share no state.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/catalog.h"
#include "catalog/yaml_reader.h"
#include "core/error.h"

namespace dengbao::catalog {

inline constexpr std::string_view kManifestFormat = "dengbao-catalog/1";
inline constexpr std::string_view kItemsFormat = "dengbao-catalog-items/1";
inline constexpr std::string_view kCasesFormat = "dengbao-high-risk-cases/1";
inline constexpr size_t kMaxCatalogFileBytes = 16u << 20;

// Loads the catalog in `path`: a folder holding catalog.yaml, or the catalog.yaml file itself.
// Returns the first error on failure; when `diagnostics` is given every error found is appended.
Result<Catalog> LoadCatalog(const std::filesystem::path& path, std::vector<Error>* diagnostics = nullptr);

// Validates one file or folder. A folder or manifest is loaded whole. A single item or
// high-risk-case file is checked on its own against the vocabulary and units of `base` (its
// unit ids must not clash with each other; cases must name units that exist in `base` or in
// the file itself). Returns the first error; all are appended to `diagnostics` when given.
Status ValidatePath(const std::filesystem::path& path, const Catalog& base,
                    std::vector<Error>* diagnostics = nullptr);

// The pieces, exposed for tests and the fuzzer. They parse text already in memory.
Manifest ParseManifestText(std::string_view text, const std::string& file, Diagnostics& diags);
void ParseItemsText(std::string_view text, const std::string& file, const Manifest& manifest,
                    std::vector<Item>& out, Diagnostics& diags);
void ParseCasesText(std::string_view text, const std::string& file, const Manifest& manifest,
                    std::vector<HighRiskCase>& out, Diagnostics& diags);
// Unique unit ids; cases name existing units at levels >= min_level. `known` may add units
// that exist outside `items` (used when validating a single file against a base catalog).
void CheckCrossReferences(const std::vector<Item>& items, const std::vector<HighRiskCase>& cases,
                          const Catalog* known, Diagnostics& diags);

// The format string of a YAML document ("" when absent or unreadable).
std::string DocumentFormat(std::string_view text);

}  // namespace dengbao::catalog
