#include "report/summary.h"

#include <cmath>
#include <set>

namespace dengbao::report {

using nlohmann::json;

namespace {

double Round2(double v) { return std::round(v * 100.0) / 100.0; }

json LineJson(const assess::ScoreLine& l) {
  return {{"key", l.key},
          {"name", l.name},
          {"score", Round2(l.score)},
          {"weighted", Round2(static_cast<double>(l.numerator) / (assess::kMilli * assess::kMilli))},
          {"weight_total", Round2(static_cast<double>(l.denominator) / (assess::kMilli * assess::kMilli))},
          {"compliant", l.counts[0]},
          {"partial", l.counts[1]},
          {"noncompliant", l.counts[2]},
          {"not_applicable", l.counts[3]},
          {"untested", l.counts[4]}};
}

}  // namespace

json ScoreJson(const assess::ScoreReport& r, bool details) {
  json j = {{"profile", r.profile->id},
            {"profile_name", r.profile->name.zh},
            {"measure", r.profile->measure},
            {"estimate", true},
            {"score", Round2(r.score)},
            {"weighted", Round2(static_cast<double>(r.numerator) / (assess::kMilli * assess::kMilli))},
            {"weight_total", Round2(static_cast<double>(r.denominator) / (assess::kMilli * assess::kMilli))},
            {"conclusion", r.conclusion != nullptr ? r.conclusion->zh : ""},
            {"conclusion_id", r.conclusion != nullptr ? r.conclusion->id : ""},
            {"pass", r.conclusion != nullptr && r.conclusion->pass},
            {"units",
             {{"compliant", r.counts[0]},
              {"partial", r.counts[1]},
              {"noncompliant", r.counts[2]},
              {"not_applicable", r.counts[3]},
              {"untested", r.counts[4]}}},
            {"risks", {{"high", r.risks.high}, {"medium", r.risks.medium}, {"low", r.risks.low}}},
            {"arithmetic", r.arithmetic}};
  if (details) {
    json cats = json::array(), cps = json::array();
    for (const auto& l : r.categories) cats.push_back(LineJson(l));
    for (const auto& l : r.control_points) cps.push_back(LineJson(l));
    j["categories"] = cats;
    j["control_points"] = cps;
    json sources = json::object();
    for (const auto& [k, v] : r.profile->sources) sources[k] = v;
    j["sources"] = sources;
  }
  return j;
}

json ItemJson(const plan::Item& item) {
  return {{"id", item.id},
          {"unit", item.unit},
          {"target", item.target},
          {"target_name", item.target_name},
          {"title", item.title},
          {"action", item.action},
          {"commands", item.commands},
          {"kind", item.kind},
          {"kind_zh", item.kind_zh},
          {"money", item.money},
          {"days", item.days},
          {"cost", item.cost},
          {"owner", item.owner},
          {"deadline", item.deadline},
          {"priority", item.priority},
          {"risk", assess::RiskName(item.risk)},
          {"risk_zh", assess::RiskNameZh(item.risk)},
          {"high_risk", item.high_risk},
          {"overridden", item.overridden}};
}

std::vector<std::string> OpenHighRiskCases(const assess::Assessment& a) {
  std::set<std::string> ids;
  for (const auto& m : a.high_risk)
    if (!m.compensation) ids.insert(m.high_risk->id);
  return {ids.begin(), ids.end()};
}

std::vector<std::string> CompensatedHighRiskCases(const assess::Assessment& a) {
  std::set<std::string> ids;
  for (const auto& m : a.high_risk)
    if (m.compensation) ids.insert(m.high_risk->id);
  return {ids.begin(), ids.end()};
}

json HighRiskJson(const assess::Assessment& a) {
  json arr = json::array();
  for (const auto& m : a.high_risk) {
    const auto& cell = a.cells[m.cell];
    json j = {{"case", m.high_risk->id},
              {"title", m.high_risk->title.zh},
              {"condition", m.high_risk->condition.zh},
              {"target", a.TargetOf(cell).spec.id},
              {"unit", cell.item->unit},
              {"presumed", m.presumed},
              {"basis", m.basis},
              {"original_risk", "high"},
              {"adjusted_risk", m.compensation ? "medium" : "high"},
              {"compensated", m.compensation.has_value()}};
    if (m.compensation)
      j["compensation"] = {{"measure", m.compensation->measure}, {"reason", m.compensation->reason}};
    arr.push_back(std::move(j));
  }
  return arr;
}

json FindingsJson(const assess::Assessment& a) {
  json arr = json::array();
  for (const auto& f : a.findings) {
    const auto& cell = a.cells[f.cell];
    json cases = json::array();
    for (size_t m : f.matches) cases.push_back(a.high_risk[m].high_risk->id);
    arr.push_back({{"id", f.id},
                   {"unit", cell.item->unit},
                   {"target", a.TargetOf(cell).spec.id},
                   {"category", cell.item->category},
                   {"control_point", cell.item->control_point.zh},
                   {"requirement", cell.item->text.zh},
                   {"result", assess::OutcomeName(cell.outcome)},
                   {"result_zh", assess::OutcomeNameZh(cell.outcome)},
                   {"risk", assess::RiskName(f.adjusted)},
                   {"risk_zh", assess::RiskNameZh(f.adjusted)},
                   {"original_risk", assess::RiskName(f.original)},
                   {"source", assess::SourceName(cell.source)},
                   {"record", cell.record},
                   {"high_risk", cases}});
  }
  return arr;
}

json SystemJson(const assess::Assessment& a) {
  const auto& s = a.system;
  json targets = json::array();
  for (const auto& t : a.targets) {
    json j = {{"id", t.spec.id},
              {"name", t.spec.name},
              {"type", t.spec.type},
              {"type_zh", t.type ? t.type->name.zh : ""}};
    if (t.scan) j["scan"] = {{"host", t.scan->host}, {"os", t.scan->os}, {"scanned_at", t.scan->scanned_at}};
    targets.push_back(std::move(j));
  }
  return {{"id", s.id},
          {"name", s.name},
          {"organisation", s.organisation},
          {"level", s.level},
          {"grade", s.grade.Label()},
          {"extensions", s.extensions},
          {"business_continuity", s.business_continuity},
          {"assessed_on", s.assessed_on},
          {"kind", s.kind},
          {"targets", targets}};
}

json AssessmentJson(const assess::Assessment& a, const std::vector<assess::Profile>& profiles, bool details) {
  json scores = json::array();
  json j = {{"system", SystemJson(a)}, {"estimate", true}};
  for (const auto& p : profiles) {
    auto r = assess::ScoreAssessment(p, a);
    if (p.id == "mlps-2021") {
      j["score"] = Round2(r.score);
      j["conclusion"] = r.conclusion ? r.conclusion->zh : "";
      j["pass"] = r.conclusion != nullptr && r.conclusion->pass;
    }
    if (p.id == "mlps-2025") {
      j["rate_2025"] = Round2(r.score);
      j["conclusion_2025"] = r.conclusion ? r.conclusion->zh : "";
    }
    scores.push_back(ScoreJson(r, details));
  }
  j["high_risk"] = OpenHighRiskCases(a);
  j["high_risk_compensated"] = CompensatedHighRiskCases(a);
  j["high_risk_details"] = HighRiskJson(a);
  j["findings"] = FindingsJson(a);
  j["scores"] = scores;
  json units = json::array();
  for (const auto& u : a.units) {
    json per_target = json::object();
    for (size_t c : u.cells)
      per_target[a.TargetOf(a.cells[c]).spec.id] = assess::OutcomeName(a.cells[c].outcome);
    units.push_back({{"unit", u.item->unit},
                     {"control_point", u.item->control_point.zh},
                     {"result", assess::OutcomeName(u.outcome)},
                     {"result_zh", assess::OutcomeNameZh(u.outcome)},
                     {"targets", per_target}});
  }
  j["units"] = units;
  json uncovered = json::array();
  for (const auto* i : a.uncovered) uncovered.push_back(i->unit);
  j["uncovered_units"] = uncovered;
  j["warnings"] = a.warnings;
  j["note"] =
      "得分与结论为按评分口径的估算，非测评机构正式结论；高风险按《高风险判定指引》案例匹配，推定项需人工确认"
      "。";
  return j;
}

}  // namespace dengbao::report
