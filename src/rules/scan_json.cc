#include "rules/scan_json.h"

#include <map>

namespace dengbao::rules {
namespace {

using nlohmann::json;

// Invalid UTF-8 from a hostile file must not make json::dump throw.
std::string DumpJson(const json& j, int indent) {
  return j.dump(indent, ' ', false, json::error_handler_t::replace);
}

json ObservationJson(const Observation& o) {
  json j = {{"fact", o.fact},
            {"value", o.value},
            {"expected", o.expectation},
            {"held", o.held == Tri::kTrue    ? json(true)
                     : o.held == Tri::kFalse ? json(false)
                                             : json(nullptr)}};
  json sources = json::array();
  for (const auto& s : o.sources) sources.push_back({{"file", s.file}, {"line", s.line}, {"text", s.text}});
  j["sources"] = sources;
  if (o.unknown) j["unknown"] = o.unknown->ToString();
  return j;
}

json RuleJson(const RuleResult& r, const std::string& family) {
  json evidence = json::array();
  for (const auto& o : r.evidence) evidence.push_back(ObservationJson(o));
  json units = json::object();
  for (const auto& [level, ids] : r.rule->units) units["L" + std::to_string(level)] = ids;
  json j = {{"id", r.rule->id},
            {"title", r.rule->title.zh},
            {"title_en", r.rule->title.en},
            {"status", RuleStatusName(r.status)},
            {"status_name", RuleStatusNameZh(r.status)},
            {"reason", r.reason},
            {"units", units},
            {"evidence", evidence},
            {"high_risk", r.rule->high_risk},
            {"references", r.rule->references}};
  json rem = {{"zh", r.rule->remediation.text.zh}, {"en", r.rule->remediation.text.en}};
  if (auto it = r.rule->remediation.commands.find(family); it != r.rule->remediation.commands.end())
    rem["command"] = it->second;
  rem["commands"] = r.rule->remediation.commands;
  j["remediation"] = rem;
  return j;
}

}  // namespace

std::string ValueText(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  return DumpJson(v, -1);
}

std::map<std::string, int> CountVerdicts(const ScanReport& r) {
  std::map<std::string, int> c;
  for (const auto& u : r.units) ++c[std::string(VerdictName(u.verdict))];
  return c;
}

json ScanJson(const ScanReport& r, bool include_facts) {
  json units = json::array();
  for (const auto& u : r.units) {
    json rule_ids = json::array(), evidence = json::array();
    for (size_t i : u.rules) {
      const auto& rr = r.rules[i];
      rule_ids.push_back(rr.rule->id);
      for (const auto& o : rr.evidence) {
        json e = ObservationJson(o);
        e["rule"] = rr.rule->id;
        e["status"] = RuleStatusName(rr.status);
        evidence.push_back(std::move(e));
      }
    }
    units.push_back({{"unit", u.item->unit},
                     {"control_point", u.item->control_point.zh},
                     {"requirement", u.item->text.zh},
                     {"result", VerdictName(u.verdict)},
                     {"result_name", VerdictNameZh(u.verdict)},
                     {"reason", u.reason},
                     {"rules", rule_ids},
                     {"evidence", evidence}});
  }
  json rule_list = json::array();
  std::map<std::string, int> rule_counts;
  for (const auto& rr : r.rules) {
    rule_list.push_back(RuleJson(rr, r.os_family));
    ++rule_counts[std::string(RuleStatusName(rr.status))];
  }
  json hr = json::array(), hr_details = json::array();
  for (const auto& h : r.high_risk) {
    hr.push_back(h.high_risk->id);
    hr_details.push_back(
        {{"id", h.high_risk->id},
         {"title", h.high_risk->title.zh},
         {"rules", h.rules},
         {"units", h.units},
         {"condition", h.high_risk->condition.zh},
         {"compensation", h.high_risk->compensation ? json(h.high_risk->compensation->zh) : json(nullptr)}});
  }
  json j = {{"tool", "dengbao"},
            {"host", r.host},
            {"os", {{"family", r.os_family}, {"name", r.os_name}}},
            {"live", r.live},
            {"privileged", r.privileged},
            {"level", r.level},
            {"scanned_at", r.scanned_at},
            {"duration_ms", r.duration_ms},
            {"summary", {{"units", CountVerdicts(r)}, {"rules", rule_counts}, {"high_risk", hr.size()}}},
            {"units", units},
            {"rules", rule_list},
            {"high_risk", hr},
            {"high_risk_details", hr_details},
            {"note", "高风险判定未考虑补偿措施；补偿措施需在整体测评中人工确认。"}};
  json warnings = json::array();
  for (const auto& w : r.facts.warnings())
    warnings.push_back(
        {{"probe", w.probe}, {"message", w.message}, {"file", w.where.file}, {"line", w.where.line}});
  j["warnings"] = warnings;
  json unknown = json::object();
  for (const auto& [path, err] : r.facts.unknown()) unknown[path] = err.ToString();
  j["unknown_facts"] = unknown;
  j["skipped_rules"] = r.skipped_rules;
  if (include_facts) j["facts"] = r.facts.ToJson();
  return json::parse(DumpJson(j, -1));  // normalise invalid UTF-8 once, here
}

}  // namespace dengbao::rules
