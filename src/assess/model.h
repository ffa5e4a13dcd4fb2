// The assessment model: a system (level, S/A grade, extensions) with its targets (测评对象), one
// cell per target × applicable unit holding its result (符合/部分符合/不符合/不适用/未测) with method,
// source and evidence; the unit results combined over targets per GB/T 28449 §8.2; the
// findings (安全问题) with their risk level; and the high-risk cases they match, with any
// compensating measure (整体测评). Built by BuildAssessment (assessment.h), read by scoring,
// planning and reports. Plain values: safe to share read-only between threads.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/catalog.h"
#include "catalog/selection.h"
#include "core/error.h"

namespace dengbao::assess {

// The result of one unit on one target, or of one unit over the whole system.
enum class Outcome { kCompliant, kPartial, kNoncompliant, kNotApplicable, kUntested };

std::string_view OutcomeName(Outcome o);    // compliant | partial | noncompliant | not_applicable | untested
std::string_view OutcomeNameZh(Outcome o);  // 符合 | 部分符合 | 不符合 | 不适用 | 未测
// Accepts both the Chinese and the English names.
std::optional<Outcome> ParseOutcome(std::string_view text);

// GB/T 28449 §8.2 over targets: not-applicable targets are ignored; none left → 不适用; any
// untested target → 未测 (an untested target keeps the unit from any verdict); all 符合 → 符合;
// all 不符合 → 不符合; otherwise 部分符合.
Outcome CombineTargets(const std::vector<Outcome>& outcomes);

enum class Risk { kLow, kMedium, kHigh };
std::string_view RiskName(Risk r);    // low | medium | high
std::string_view RiskNameZh(Risk r);  // 低 | 中 | 高

enum class Source { kNone, kScan, kQuestionnaire };
std::string_view SourceName(Source s);    // none | scan | questionnaire
std::string_view SourceNameZh(Source s);  // 无 | 自动检查 | 问卷

struct TargetSpec {
  std::string id;
  std::string name;
  std::string type;  // catalog target type id
  std::string note;
  std::string scan;  // path of a saved scan (absolute after loading)
  std::string root;  // offline root tree to scan (absolute after loading)
  SourceLocation where;
};

struct CompensationSpec {
  std::string case_id;
  std::string target;  // empty: every target where the case matched
  std::string measure;
  std::string reason;
  SourceLocation where;
};

struct ItemOverride {
  std::string id;  // remediation item id
  std::optional<double> cost;
  std::optional<double> days;
  std::string owner;
  std::string deadline;  // YYYY-MM-DD
  SourceLocation where;
};

struct PlanSettings {
  double day_rate = 1500;  // 元 per person-day
  std::string default_owner = "信息安全负责人";
  std::string start;  // YYYY-MM-DD; empty: the assessment date
  std::vector<ItemOverride> items;
};

// A parsed dengbao-system/1 file.
struct SystemSpec {
  std::string id;
  std::string name;
  std::string organisation;
  int level = 3;
  catalog::Grade grade;
  std::vector<std::string> extensions;
  bool business_continuity = false;
  std::string assessed_on;  // YYYY-MM-DD
  std::string kind = "self_check";
  std::vector<TargetSpec> targets;
  std::vector<std::string> questionnaires;  // absolute paths
  std::vector<CompensationSpec> compensations;
  PlanSettings plan;
  std::string file;  // where it was read from
};

// One answer from a questionnaire (YAML or workbook).
struct Answer {
  std::string target;
  std::string unit;
  Outcome outcome = Outcome::kUntested;
  std::string record;
  std::vector<std::string> methods;  // 访谈 | 核查 | 测试
  std::vector<std::string> high_risk;
  std::string not_high_risk;
  SourceLocation where;
};

// What a saved or fresh host scan says about one unit on one target.
struct ScanRule {
  std::string id;
  std::string title;
  std::string status;  // pass | fail | not_applicable | manual | error
  std::string reason;
  std::string remediation;  // zh text
  std::string command;      // for the scanned platform, may be empty
};

struct ScanUnit {
  std::string unit;
  std::string verdict;  // compliant | partial | noncompliant | not_applicable | manual | error
  std::string reason;
  std::vector<ScanRule> rules;
};

struct ScanHit {
  std::string case_id;
  std::vector<std::string> rules;
  std::vector<std::string> units;
};

struct ScanSummary {
  std::string file;  // where it came from ("" when scanned in-process)
  std::string host;
  std::string os;
  std::string scanned_at;
  int level = 0;
  std::vector<ScanUnit> units;
  std::vector<ScanHit> hits;
};

struct Target {
  TargetSpec spec;
  const catalog::TargetType* type = nullptr;
  std::optional<ScanSummary> scan;
};

struct Cell {
  size_t target = 0;  // index into Assessment::targets
  const catalog::Item* item = nullptr;
  Outcome outcome = Outcome::kUntested;
  Source source = Source::kNone;
  std::vector<std::string> methods;
  std::string record;                // 结果记录
  std::vector<ScanRule> scan_rules;  // the scan's rules for this unit (failing first)
  std::string scan_verdict;          // the scan's own verdict when a questionnaire replaced it
  std::vector<std::string> confirmed_cases;
  std::string not_high_risk;
  SourceLocation where;
};

struct UnitResult {
  const catalog::Item* item = nullptr;
  Outcome outcome = Outcome::kUntested;
  std::vector<size_t> cells;  // indexes into Assessment::cells
};

struct HighRiskMatch {
  const catalog::HighRiskCase* high_risk = nullptr;
  size_t cell = 0;
  bool presumed = false;  // from 不符合 on a listed unit, not confirmed by a rule or an answer
  std::string basis;      // why it matched (rules or answer)
  std::optional<CompensationSpec> compensation;
};

struct Finding {
  std::string id;  // "<unit>@<target id>": also the default remediation item id
  size_t cell = 0;
  Risk original = Risk::kLow;   // before compensation
  Risk adjusted = Risk::kLow;   // after compensation (整体测评)
  std::vector<size_t> matches;  // indexes into Assessment::high_risk
};

struct Assessment {
  SystemSpec system;
  const catalog::Catalog* catalog = nullptr;
  std::vector<Target> targets;
  std::vector<const catalog::Item*> applicable;  // units applicable at the grade, catalog order
  std::vector<Cell> cells;                       // target-major, catalog order within a target
  std::vector<UnitResult> units;                 // one per applicable unit with ≥ 1 cell
  std::vector<const catalog::Item*> uncovered;   // applicable units no target answers for
  std::vector<HighRiskMatch> high_risk;
  std::vector<Finding> findings;
  std::vector<std::string> warnings;  // zh-first

  const Cell* FindCell(std::string_view target, std::string_view unit) const;
  const Target& TargetOf(const Cell& c) const { return targets[c.target]; }
};

}  // namespace dengbao::assess
