// Three-valued evaluation of a rule condition over collected facts. A leaf whose fact is
// unknown (unreadable, unsupported offline, unparsable) is Unknown, never true or false:
// all() is false if any child is false, else unknown if any is unknown; any() is true if any child
// is true, else unknown if any is unknown. Every leaf evaluated leaves an Observation — the
// evidence shown to the user. Pure functions.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "probes/facts.h"
#include "rules/rule.h"

namespace dengbao::rules {

enum class Tri { kFalse, kTrue, kUnknown };

struct Observation {
  std::string fact;
  nlohmann::json value;     // null when the fact is absent or unknown
  std::string expectation;  // e.g. "le 5", "in [\"no\"]"
  Tri held = Tri::kUnknown;
  std::optional<Error> unknown;  // why the fact is unknown
  std::vector<probes::Provenance> sources;
};

struct Evaluation {
  Tri value = Tri::kUnknown;
  std::vector<Observation> observations;
  std::optional<Error> unknown;  // the first cause of an Unknown result
};

Evaluation Evaluate(const Condition& condition, const probes::Facts& facts);

// Human-readable form of a leaf's test ("le 5"); combinators give "all"/"any"/...
std::string DescribeExpectation(const Condition& condition);

}  // namespace dengbao::rules
