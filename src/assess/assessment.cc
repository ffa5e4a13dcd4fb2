#include "assess/assessment.h"

#include <algorithm>
#include <map>
#include <set>

#include "assess/applicability.h"

namespace dengbao::assess {

namespace {

Outcome FromScanVerdict(std::string_view v) {
  if (v == "compliant") return Outcome::kCompliant;
  if (v == "partial") return Outcome::kPartial;
  if (v == "noncompliant") return Outcome::kNoncompliant;
  if (v == "not_applicable") return Outcome::kNotApplicable;
  return Outcome::kUntested;  // manual | error: a machine could not tell
}

std::string ScanRecord(const ScanUnit& u) {
  size_t failed = 0, passed = 0;
  std::string failing;
  for (const auto& r : u.rules) {
    if (r.status == "fail") {
      ++failed;
      if (!failing.empty()) failing += "；";
      failing += (r.title.empty() ? r.id : r.title) + (r.reason.empty() ? "" : "（" + r.reason + "）");
    } else if (r.status == "pass") {
      ++passed;
    }
  }
  std::string out = "自动检查 " + std::to_string(u.rules.size()) + " 条规则：通过 " + std::to_string(passed) +
                    "，不通过 " + std::to_string(failed);
  if (!failing.empty()) out += "。不通过：" + failing;
  if (FromScanVerdict(u.verdict) == Outcome::kUntested)
    out += "。无法自动判定（" + (u.reason.empty() ? u.verdict : u.reason) + "），需人工核查";
  return out;
}

bool CaseApplies(const catalog::HighRiskCase& hc, const SystemSpec& s, std::string_view unit) {
  if (hc.min_level > s.level) return false;
  if (hc.business_continuity_only && !s.business_continuity) return false;
  if (hc.family != "general" && std::ranges::find(s.extensions, hc.family) == s.extensions.end())
    return false;
  auto lv = hc.units.find(s.level);
  return lv != hc.units.end() && std::ranges::find(lv->second, unit) != lv->second.end();
}

const ScanHit* FindHit(const ScanSummary& scan, std::string_view case_id, std::string_view unit) {
  for (const auto& h : scan.hits)
    if (h.case_id == case_id && (h.units.empty() || std::ranges::find(h.units, unit) != h.units.end()))
      return &h;
  return nullptr;
}

std::string Join(const std::vector<std::string>& v, std::string_view sep) {
  std::string out;
  for (const auto& s : v) {
    if (!out.empty()) out += sep;
    out += s;
  }
  return out;
}

}  // namespace

Risk BaseRisk(const catalog::Item& item, Outcome outcome) {
  double w = item.weight.value_or(1.0);
  if (outcome == Outcome::kNoncompliant) return w >= 0.7 - 1e-9 ? Risk::kMedium : Risk::kLow;
  if (outcome == Outcome::kPartial) return w >= 1.0 - 1e-9 ? Risk::kMedium : Risk::kLow;
  return Risk::kLow;
}

Result<Assessment> BuildAssessment(SystemSpec system, std::vector<std::optional<ScanSummary>> scans,
                                   const std::vector<Answer>& answers, const catalog::Catalog& cat) {
  Assessment a;
  a.catalog = &cat;
  auto applicable = ApplicableUnits(system, cat);
  if (!applicable) return std::unexpected(applicable.error());
  a.applicable = std::move(*applicable);
  a.system = std::move(system);
  const SystemSpec& s = a.system;
  if (scans.size() != s.targets.size())
    return MakeError(ErrorCode::kInternal, "scans must have one entry per target");

  // Targets and their cells.
  std::map<std::pair<std::string_view, std::string_view>, size_t> cell_index;
  for (size_t t = 0; t < s.targets.size(); ++t) {
    Target target;
    target.spec = s.targets[t];
    target.type = cat.manifest().FindTargetType(target.spec.type);
    target.scan = std::move(scans[t]);
    if (target.scan && target.scan->level != s.level)
      return MakeError(ErrorCode::kValidation,
                       "测评对象 " + target.spec.id + " 的检查结果按第 " +
                           std::to_string(target.scan->level) + " 级映射，而系统为第 " +
                           std::to_string(s.level) + " 级；请用 --level " + std::to_string(s.level) +
                           " 重新检查 (scan level differs from the system level)",
                       {target.scan->file});
    a.targets.push_back(std::move(target));
  }
  for (size_t t = 0; t < a.targets.size(); ++t)
    for (const auto* item : a.applicable)
      if (AppliesTo(*item, a.targets[t].spec.type)) {
        Cell c;
        c.target = t;
        c.item = item;
        a.cells.push_back(std::move(c));
      }
  for (size_t i = 0; i < a.cells.size(); ++i)
    cell_index[{a.targets[a.cells[i].target].spec.id, a.cells[i].item->unit}] = i;

  // Scans first, answers replace them.
  for (size_t t = 0; t < a.targets.size(); ++t) {
    const auto& scan = a.targets[t].scan;
    if (!scan) continue;
    for (const auto& u : scan->units) {
      auto it = cell_index.find({a.targets[t].spec.id, u.unit});
      if (it == cell_index.end()) {
        a.warnings.push_back("测评对象 " + a.targets[t].spec.id + " 的检查结果含单元 " + u.unit +
                             "，该单元不适用于本系统的定级或对象类型，已忽略 (unit not applicable, ignored)");
        continue;
      }
      Cell& c = a.cells[it->second];
      c.outcome = FromScanVerdict(u.verdict);
      c.source = Source::kScan;
      c.methods = {"测试"};
      c.record = ScanRecord(u);
      c.scan_rules = u.rules;
      c.scan_verdict = u.verdict;
    }
  }
  // Answers on a target type the unit does not list get a cell of their own, with a warning.
  std::map<std::string_view, size_t> target_index;
  for (size_t t = 0; t < a.targets.size(); ++t) target_index[a.targets[t].spec.id] = t;
  bool added = false;
  for (const auto& ans : answers) {
    if (cell_index.contains({ans.target, ans.unit})) continue;
    auto t = target_index.find(ans.target);
    auto item =
        std::ranges::find_if(a.applicable, [&](const catalog::Item* i) { return i->unit == ans.unit; });
    if (t == target_index.end() || item == a.applicable.end()) continue;  // ValidateAnswers reported it
    a.warnings.push_back("问卷对测评对象 " + ans.target + "（" + a.targets[t->second].spec.type +
                         "）作答了单元 " + ans.unit + "，该单元的适用对象类型为 " +
                         Join((*item)->objects, "/") + "；已按问卷计入 (" + ans.where.ToString() + ")");
    Cell c;
    c.target = t->second;
    c.item = *item;
    a.cells.push_back(std::move(c));
    added = true;
  }
  if (added) {
    std::map<const catalog::Item*, size_t> order;
    for (size_t i = 0; i < a.applicable.size(); ++i) order[a.applicable[i]] = i;
    // (target, unit) is unique per cell, so a plain sort is stable enough.
    std::ranges::sort(a.cells, [&](const Cell& x, const Cell& y) {
      return std::pair(x.target, order[x.item]) < std::pair(y.target, order[y.item]);
    });
    cell_index.clear();
    for (size_t i = 0; i < a.cells.size(); ++i)
      cell_index[{a.targets[a.cells[i].target].spec.id, a.cells[i].item->unit}] = i;
  }
  for (const auto& ans : answers) {
    auto it = cell_index.find({ans.target, ans.unit});
    if (it == cell_index.end()) continue;  // ValidateAnswers reported it
    Cell& c = a.cells[it->second];
    c.outcome = ans.outcome;
    c.source = Source::kQuestionnaire;
    c.methods = ans.methods;
    c.record = ans.record;
    if (!c.scan_verdict.empty())
      c.record += (c.record.empty() ? "" : "\n") + std::string("（自动检查结论为 ") + c.scan_verdict +
                  "，已由问卷答复覆盖）";
    c.confirmed_cases = ans.high_risk;
    c.not_high_risk = ans.not_high_risk;
    c.where = ans.where;
  }

  // Unit results over targets.
  std::map<std::string_view, std::vector<size_t>> by_unit;
  for (size_t i = 0; i < a.cells.size(); ++i) by_unit[a.cells[i].item->unit].push_back(i);
  for (const auto* item : a.applicable) {
    UnitResult u;
    u.item = item;
    if (auto it = by_unit.find(item->unit); it != by_unit.end()) u.cells = it->second;
    std::vector<Outcome> outcomes;
    for (size_t i : u.cells) outcomes.push_back(a.cells[i].outcome);
    u.outcome = CombineTargets(outcomes);
    if (u.cells.empty()) a.uncovered.push_back(item);
    a.units.push_back(std::move(u));
  }
  if (!a.uncovered.empty())
    a.warnings.push_back(std::to_string(a.uncovered.size()) +
                         " 个适用单元没有相应类型的测评对象，按未测计（如 " + a.uncovered.front()->unit +
                         "：适用于 " + Join(a.uncovered.front()->objects, "/") +
                         "）(units without a target count as untested)");

  // High-risk matching and findings.
  for (size_t i = 0; i < a.cells.size(); ++i) {
    const Cell& c = a.cells[i];
    if (c.outcome != Outcome::kNoncompliant && c.outcome != Outcome::kPartial) continue;
    const Target& target = a.targets[c.target];
    Finding f;
    f.id = std::string(c.item->unit) + "@" + target.spec.id;
    f.cell = i;
    for (const auto* hc : cat.CasesForUnit(c.item->unit)) {
      bool confirmed = std::ranges::find(c.confirmed_cases, hc->id) != c.confirmed_cases.end();
      if (!CaseApplies(*hc, s, c.item->unit)) {
        if (confirmed)
          a.warnings.push_back(f.id + " 确认的高风险案例 " + hc->id +
                               " 不适用于本系统（级别、扩展或业务连续性条件），已忽略");
        continue;
      }
      HighRiskMatch m;
      m.high_risk = hc;
      m.cell = i;
      if (c.source == Source::kScan) {
        const ScanHit* hit = target.scan ? FindHit(*target.scan, hc->id, c.item->unit) : nullptr;
        if (hit == nullptr) continue;
        m.basis = "自动检查规则不通过：" + Join(hit->rules, "、");
      } else if (confirmed) {
        m.basis = "问卷确认满足案例条件";
      } else if (c.outcome == Outcome::kNoncompliant && c.not_high_risk.empty()) {
        m.presumed = true;
        m.basis = "单元不符合，按案例条件成立推定（如条件不成立，请在问卷中填写 not_high_risk 及理由）";
      } else {
        continue;
      }
      for (const auto& comp : s.compensations)
        if (comp.case_id == hc->id && (comp.target.empty() || comp.target == target.spec.id)) {
          m.compensation = comp;
          break;
        }
      f.matches.push_back(a.high_risk.size());
      a.high_risk.push_back(std::move(m));
    }
    f.original = f.matches.empty() ? BaseRisk(*c.item, c.outcome) : Risk::kHigh;
    f.adjusted = f.original;
    if (!f.matches.empty() &&
        std::ranges::all_of(f.matches, [&](size_t m) { return a.high_risk[m].compensation.has_value(); }))
      f.adjusted = Risk::kMedium;
    a.findings.push_back(std::move(f));
  }
  // A compensation that matched nothing is probably a typo or an outdated entry: say so.
  for (const auto& comp : s.compensations)
    if (std::ranges::none_of(a.high_risk, [&](const HighRiskMatch& m) {
          return m.compensation && m.compensation->case_id == comp.case_id &&
                 m.compensation->target == comp.target;
        }))
      a.warnings.push_back("补偿措施 " + comp.case_id + (comp.target.empty() ? "" : "@" + comp.target) +
                           " 未对应任何已判定的高风险问题 (" + comp.where.ToString() + ")");
  return a;
}

}  // namespace dengbao::assess
