// The MLPS control catalog in memory: categories, scopes (general + extensions), target types,
// items (one per GB/T 28448 unit) and the high-risk cases linked to them. Built once by the
// loader (loader.h) and immutable afterwards, so a `const Catalog&` is safe to share between
// threads without locking.
#pragma once

#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/error.h"

namespace dengbao::catalog {

struct Text {
  std::string zh;
  std::string en;
};

enum class Sag { kS, kA, kG };
char SagLetter(Sag sag);

struct Category {
  std::string code;  // PES, CNS, ...
  Text name;
  std::string kind;  // technical | management
};

struct Scope {
  std::string id;  // general, cloud, mobile, iot, ics
  int digit = 0;   // the digit after the category code in a unit id
  Text name;
};

struct TargetType {
  std::string id;  // server_os, database, ...
  Text name;
};

// One GB/T 28448 assessment unit (= one GB/T 22239 requirement item, except the two IoT units
// that 28448 adds, flagged extra_in_28448).
struct Item {
  std::string unit;          // L3-CES1-01
  int level = 0;             // 1..4
  std::string scope;         // Scope::id
  std::string clause;        // GB/T 22239 clause; empty only when extra_in_28448
  std::string clause_28448;  // may be empty
  std::string category;      // Category::code
  Text control_point;
  Sag sag = Sag::kG;
  std::vector<std::string> objects;  // TargetType ids
  Text text;
  std::optional<double> weight;
  std::vector<std::string> evidence;  // host|device|app|doc|physical|interview
  bool optional = false;              // a "may" requirement (可信验证)
  bool extra_in_28448 = false;
  std::string note;
  SourceLocation where;
};

struct HighRiskCase {
  std::string id;      // "6.4.1.1"
  std::string family;  // general|cloud|mobile|iot|ics
  Text title;
  std::string control_point;
  int min_level = 0;
  std::map<int, std::vector<std::string>> units;  // level -> unit ids
  bool business_continuity_only = false;
  std::vector<std::string> detectable;
  Text condition;
  std::optional<Text> compensation;  // nullopt: no compensating measure allowed
  std::string note;
  SourceLocation where;
};

// The vocabulary part of a catalog, read from catalog.yaml.
struct Manifest {
  std::string id;
  Text title;
  std::string source;
  std::vector<Category> categories;
  std::vector<Scope> scopes;
  std::vector<TargetType> target_types;
  std::vector<std::string> includes;  // relative file names
  SourceLocation where;

  const Category* FindCategory(std::string_view code) const;
  const Scope* FindScope(std::string_view id) const;
  const TargetType* FindTargetType(std::string_view id) const;
};

class Catalog {
 public:
  Catalog(Manifest manifest, std::vector<Item> items, std::vector<HighRiskCase> cases);

  const Manifest& manifest() const { return manifest_; }
  std::span<const Item> items() const { return items_; }
  std::span<const HighRiskCase> high_risk_cases() const { return cases_; }

  // nullptr when the unit id is unknown.
  const Item* FindItem(std::string_view unit) const;
  const HighRiskCase* FindCase(std::string_view id) const;
  // The high-risk cases that name this unit (any level), in catalog order.
  std::vector<const HighRiskCase*> CasesForUnit(std::string_view unit) const;

 private:
  Manifest manifest_;
  std::vector<Item> items_;
  std::vector<HighRiskCase> cases_;
  std::unordered_map<std::string, size_t> item_index_;
  std::unordered_map<std::string, std::vector<size_t>> cases_by_unit_;
};

// Evidence kinds an item may name, in canonical order.
std::span<const std::string_view> EvidenceKinds();
// Ways a high-risk case may be detected.
std::span<const std::string_view> DetectionKinds();

}  // namespace dengbao::catalog
