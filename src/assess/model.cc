#include "assess/model.h"

#include <algorithm>

namespace dengbao::assess {

std::string_view OutcomeName(Outcome o) {
  switch (o) {
    case Outcome::kCompliant:
      return "compliant";
    case Outcome::kPartial:
      return "partial";
    case Outcome::kNoncompliant:
      return "noncompliant";
    case Outcome::kNotApplicable:
      return "not_applicable";
    case Outcome::kUntested:
      return "untested";
  }
  return "untested";
}

std::string_view OutcomeNameZh(Outcome o) {
  switch (o) {
    case Outcome::kCompliant:
      return "符合";
    case Outcome::kPartial:
      return "部分符合";
    case Outcome::kNoncompliant:
      return "不符合";
    case Outcome::kNotApplicable:
      return "不适用";
    case Outcome::kUntested:
      return "未测";
  }
  return "未测";
}

std::optional<Outcome> ParseOutcome(std::string_view text) {
  for (Outcome o : {Outcome::kCompliant, Outcome::kPartial, Outcome::kNoncompliant, Outcome::kNotApplicable,
                    Outcome::kUntested})
    if (text == OutcomeName(o) || text == OutcomeNameZh(o)) return o;
  return std::nullopt;
}

Outcome CombineTargets(const std::vector<Outcome>& outcomes) {
  size_t applicable = 0, compliant = 0, noncompliant = 0;
  for (Outcome o : outcomes) {
    if (o == Outcome::kNotApplicable) continue;
    if (o == Outcome::kUntested) return Outcome::kUntested;
    ++applicable;
    if (o == Outcome::kCompliant) ++compliant;
    if (o == Outcome::kNoncompliant) ++noncompliant;
  }
  if (applicable == 0) return outcomes.empty() ? Outcome::kUntested : Outcome::kNotApplicable;
  if (compliant == applicable) return Outcome::kCompliant;
  if (noncompliant == applicable) return Outcome::kNoncompliant;
  return Outcome::kPartial;
}

std::string_view RiskName(Risk r) {
  switch (r) {
    case Risk::kLow:
      return "low";
    case Risk::kMedium:
      return "medium";
    case Risk::kHigh:
      return "high";
  }
  return "low";
}

std::string_view RiskNameZh(Risk r) {
  switch (r) {
    case Risk::kLow:
      return "低";
    case Risk::kMedium:
      return "中";
    case Risk::kHigh:
      return "高";
  }
  return "低";
}

std::string_view SourceName(Source s) {
  switch (s) {
    case Source::kNone:
      return "none";
    case Source::kScan:
      return "scan";
    case Source::kQuestionnaire:
      return "questionnaire";
  }
  return "none";
}

std::string_view SourceNameZh(Source s) {
  switch (s) {
    case Source::kNone:
      return "无";
    case Source::kScan:
      return "自动检查";
    case Source::kQuestionnaire:
      return "问卷";
  }
  return "无";
}

const Cell* Assessment::FindCell(std::string_view target, std::string_view unit) const {
  auto it = std::ranges::find_if(
      cells, [&](const Cell& c) { return targets[c.target].spec.id == target && c.item->unit == unit; });
  return it == cells.end() ? nullptr : &*it;
}

}  // namespace dengbao::assess
