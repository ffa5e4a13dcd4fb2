// A host-check rule (docs/rule-format.md): which units it evidences at which level, the facts it
// reads, a declarative condition over those facts, what it yields, its evidence, remediation,
// the high-risk cases its failure can trigger, and references to the same check elsewhere.
// Rules are immutable after loading; safe to share between threads.
#pragma once

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "core/error.h"

namespace dengbao::rules {

enum class Op {
  kAll,
  kAny,
  kNone,
  kNot,  // combinators
  kEq,
  kNe,
  kLt,
  kLe,
  kGt,
  kGe,  // comparisons
  kIn,
  kNotIn,  // membership of the fact in a list
  kMatches,
  kNotMatches,  // regex (ECMAScript) on a string fact
  kExists,
  kEmpty,  // presence / emptiness (operand true|false)
  kContains,
  kNotContains,  // array has element / string has substring
  kSubsetOf,
  kDisjointWith,
  kIntersects,  // set operations on arrays
  kSizeLe,
  kSizeGe,  // array/object/string size
};

// Name of an operator as written in YAML ("eq", "disjoint_with", ...).
std::string_view OpName(Op op);

struct Condition {
  Op op = Op::kAll;
  std::string fact;                         // leaves only
  nlohmann::json operand;                   // leaves only
  std::vector<Condition> children;          // all/any/none (several) and not (one)
  std::shared_ptr<const std::regex> regex;  // shared: Condition is copied, the regex is immutable
  SourceLocation where;
};

struct Remediation {
  catalog::Text text;
  std::map<std::string, std::string> commands;  // os family -> shell commands
};

struct Rule {
  std::string id;
  catalog::Text title;
  std::map<int, std::vector<std::string>> units;  // level -> unit ids
  std::vector<std::string> platforms;             // os.family values, or "any"
  std::vector<std::string> probes;                // probe names whose facts it reads
  std::optional<Condition> applies_if;            // false -> not_applicable
  Condition check;                                // true -> pass, false -> fail
  std::vector<std::string> evidence;              // extra fact paths to show
  Remediation remediation;
  std::vector<std::string> high_risk;                          // case ids its failure can trigger
  std::map<std::string, std::vector<std::string>> references;  // e.g. cac -> [rule ids]
  bool deep = false;                                           // needs the --deep filesystem walk
  SourceLocation where;
};

}  // namespace dengbao::rules
