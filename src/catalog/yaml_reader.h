// Small adapter over yaml-cpp used by every YAML loader (catalogs, later rules): parsing with
// file:line:column errors, and a MapReader that reads the fields of one mapping, records every
// problem (missing field, wrong type, duplicate or unknown key) and never throws.
// Thread-safety: a Diagnostics or MapReader is used by one thread at a time.
#pragma once

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/catalog.h"
#include "core/error.h"

namespace dengbao::catalog {

// Collects errors so that one validation run reports as many problems as it can.
class Diagnostics {
 public:
  static constexpr size_t kMaxRecorded = 500;

  void Add(ErrorCode code, std::string detail, SourceLocation where);
  bool empty() const { return errors_.empty(); }
  size_t size() const { return errors_.size(); }
  const std::vector<Error>& errors() const { return errors_; }

 private:
  std::vector<Error> errors_;
};

// Reads a whole file; files larger than max_bytes are refused (kValidation) rather than read.
Result<std::string> ReadTextFile(const std::filesystem::path& path, size_t max_bytes);

// Parses one YAML document. Syntax errors become kSyntax with the file, line and column.
Result<YAML::Node> ParseYaml(std::string_view text, const std::string& file);

// 1-based position of a node in its file.
SourceLocation LocationOf(const YAML::Node& node, const std::string& file);

// Reads the fields of one mapping. Every accessor records the key as known; Finish() reports
// keys that no accessor asked for (typos must not pass silently). Accessors return a default
// value after recording an error, so callers can keep validating the rest.
class MapReader {
 public:
  MapReader(const YAML::Node& node, std::string file, std::string what, Diagnostics& diags);

  bool is_map() const { return is_map_; }
  SourceLocation where() const { return LocationOf(node_, file_); }

  bool Has(std::string_view key) const;
  std::string String(std::string_view key);                         // required, non-empty
  std::string OptionalString(std::string_view key);                 // absent -> ""
  std::optional<std::string> NullableString(std::string_view key);  // required; null allowed
  int Int(std::string_view key, int min, int max);                  // required
  std::optional<double> OptionalDouble(std::string_view key, double min_exclusive, double max);
  bool OptionalBool(std::string_view key, bool default_value);
  bool Bool(std::string_view key);                            // required
  std::vector<std::string> StringList(std::string_view key);  // required, non-empty
  Text LocalizedText(std::string_view key);                   // required {zh, en}
  std::optional<Text> NullableText(std::string_view key);     // required; null allowed
  YAML::Node Sequence(std::string_view key);                  // required sequence (may be empty)
  YAML::Node Map(std::string_view key);                       // required mapping
  YAML::Node Raw(std::string_view key);                       // optional, any type (the caller validates)

  // Reports unknown keys. Call once after reading all fields.
  void Finish();

 private:
  YAML::Node Get(std::string_view key, bool required);
  void Fail(const YAML::Node& at, std::string detail, ErrorCode code = ErrorCode::kValidation);
  std::optional<std::string> ScalarOf(const YAML::Node& value, std::string_view key);

  YAML::Node node_;
  std::string file_;
  std::string what_;
  Diagnostics& diags_;
  bool is_map_ = false;
  std::set<std::string, std::less<>> asked_;
};

}  // namespace dengbao::catalog
