// A host scan: run the probes the rules need, evaluate every rule mapped at the chosen level,
// and judge each unit from its rules per GB/T 28449 (all pass → compliant, all fail →
// noncompliant, a mix → partial, none applicable → not_applicable; anything a machine cannot
// decide → manual or error, never a guessed pass). Not thread-safe (uses one Host).
#pragma once

#include <span>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "host/host.h"
#include "probes/registry.h"
#include "rules/evaluate.h"
#include "rules/rule.h"

namespace dengbao::rules {

enum class RuleStatus { kPass, kFail, kNotApplicable, kManual, kError };
enum class Verdict { kCompliant, kPartial, kNoncompliant, kNotApplicable, kManual, kError };

std::string_view RuleStatusName(RuleStatus s);    // pass | fail | not_applicable | manual | error
std::string_view RuleStatusNameZh(RuleStatus s);  // 通过 | 不通过 | 不适用 | 需人工 | 出错
std::string_view VerdictName(Verdict v);          // compliant | partial | noncompliant | ...
std::string_view VerdictNameZh(Verdict v);        // 符合 | 部分符合 | 不符合 | 不适用 | 需人工核查 | 检查出错

struct RuleResult {
  const Rule* rule = nullptr;
  RuleStatus status = RuleStatus::kManual;
  std::string reason;                 // zh-first explanation
  std::vector<Observation> evidence;  // condition leaves + the rule's evidence facts
};

struct UnitResult {
  const catalog::Item* item = nullptr;
  Verdict verdict = Verdict::kManual;
  std::string reason;
  std::vector<size_t> rules;  // indexes into ScanReport::rules
};

struct HighRiskHit {
  const catalog::HighRiskCase* high_risk = nullptr;
  std::vector<std::string> rules;  // failing rules that trigger it
  std::vector<std::string> units;
};

struct ScanOptions {
  int level = 3;
  bool deep = false;  // run whole-filesystem probes
};

struct ScanReport {
  std::string host;
  std::string os_family;
  std::string os_name;
  bool live = false;
  bool privileged = false;
  int level = 3;
  std::string scanned_at;  // ISO 8601, UTC
  double duration_ms = 0;
  std::vector<RuleResult> rules;
  std::vector<UnitResult> units;
  std::vector<HighRiskHit> high_risk;
  std::vector<std::string> skipped_rules;  // whole-filesystem rules not run without --deep
  probes::Facts facts;
};

// Combines the statuses of a unit's rules into its verdict (GB/T 28449 §8.2 applied to rules).
Verdict CombineUnit(std::span<const RuleStatus> statuses);

ScanReport Scan(host::Host& host, const catalog::Catalog& catalog, std::span<const Rule> rules,
                const probes::Registry& registry, const ScanOptions& options);

}  // namespace dengbao::rules
