#include "report/oscal.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <sstream>

#include "assess/score.h"
#include "report/summary.h"
#include "report/uuid.h"

namespace dengbao::report {

using nlohmann::json;

std::string OscalUuid(std::string_view system_id, std::string_view kind, std::string_view id) {
  static const UuidBytes kDengbao = UuidV5(kUrlNamespace, kOscalNamespace);
  std::string name;
  name.append(system_id).append("/").append(kind).append("/").append(id);
  return UuidString(UuidV5(kDengbao, name));
}

namespace {

// Dates in a system description are local dates in China.
constexpr std::string_view kDayStart = "T00:00:00+08:00";
constexpr std::string_view kDayEnd = "T23:59:59+08:00";

bool IsDigits(std::string_view s) {
  return std::ranges::all_of(s, [](char c) { return c >= '0' && c <= '9'; });
}

bool IsDate(std::string_view s) {
  return s.size() == 10 && s[4] == '-' && s[7] == '-' && IsDigits(s.substr(0, 4)) &&
         IsDigits(s.substr(5, 2)) && IsDigits(s.substr(8, 2));
}

// "YYYY-MM-DDTHH:MM:SS" followed by Z or ±HH:MM (OSCAL's date-time-with-timezone).
bool IsDateTime(std::string_view s) {
  if (s.size() < 20 || !IsDate(s.substr(0, 10)) || s[10] != 'T' || s[13] != ':' || s[16] != ':') return false;
  if (!IsDigits(s.substr(11, 2)) || !IsDigits(s.substr(14, 2)) || !IsDigits(s.substr(17, 2))) return false;
  std::string_view zone = s.substr(19);
  if (zone == "Z") return true;
  return zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':' &&
         IsDigits(zone.substr(1, 2)) && IsDigits(zone.substr(4, 2));
}

std::string DateTime(std::string_view date, std::string_view time, std::string_view fallback) {
  return IsDate(date) ? std::string(date) + std::string(time) : std::string(fallback);
}

// OSCAL strings and markup lines may not be empty, start or end with whitespace, or (lines)
// break: runs of ASCII whitespace become one space.
std::string Clean(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (std::isspace(static_cast<unsigned char>(c)) != 0) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

std::string Number(double v) {
  std::ostringstream s;
  s << v;
  return s.str();
}

void AddProp(json& props, std::string_view name, std::string_view value, std::string_view cls = {}) {
  std::string v = Clean(value);
  if (v.empty()) return;
  json p = {{"name", name}, {"ns", kOscalNamespace}, {"value", v}};
  if (!cls.empty()) p["class"] = cls;
  props.push_back(std::move(p));
}

void SetIfAny(json& j, const char* key, json value) {
  if (!value.empty()) j[key] = std::move(value);
}

// The document being built: the assessment and the id scheme.
struct Doc {
  const assess::Assessment& a;
  std::string generated_at;
  std::string start;  // when the assessment started (assessed_on, else generated_at)

  std::string Id(std::string_view kind, std::string_view id) const {
    return OscalUuid(a.system.id, kind, id);
  }
  std::string ToolUuid() const { return Id("component", "dengbao"); }
  std::string OrgUuid() const { return Id("party", "organisation"); }
  json ToolOrigin() const { return {{"actors", {{{"type", "tool"}, {"actor-uuid", ToolUuid()}}}}}; }
  static std::string CellKey(const assess::Assessment& a, const assess::Cell& c) {
    return c.item->unit + "@" + a.TargetOf(c).spec.id;
  }
  std::string ObservationUuid(const assess::Cell& c) const { return Id("observation", CellKey(a, c)); }
};

Doc MakeDoc(const assess::Assessment& a, std::string_view generated_at) {
  return {a, std::string(generated_at), DateTime(a.system.assessed_on, kDayStart, generated_at)};
}

json Metadata(const Doc& d, std::string_view title) {
  const auto& s = d.a.system;
  json party = {{"uuid", d.OrgUuid()}, {"type", "organization"}};
  std::string org = Clean(s.organisation.empty() ? s.name : s.organisation);
  if (!org.empty()) party["name"] = org;
  json props = json::array();
  AddProp(props, "system-id", s.id);
  AddProp(props, "level", std::to_string(s.level));
  AddProp(props, "grade", s.grade.Label());
  AddProp(props, "assessment-kind", s.kind);
  return {{"title", Clean(s.name + std::string(title))},
          {"last-modified", d.generated_at},
          {"version", IsDate(s.assessed_on) ? s.assessed_on : std::string("1.0")},
          {"oscal-version", kOscalVersion},
          {"props", props},
          {"parties", {party}}};
}

// OSCAL asks for a new document uuid whenever the content changes: derive it from the content.
std::string DocumentUuid(const Doc& d, std::string_view kind, const json& body) {
  return d.Id(kind, body.dump());
}

json ToolComponent(const Doc& d) {
  return {{"uuid", d.ToolUuid()},
          {"type", "software"},
          {"title", "Dengbao"},
          {"description", "Dengbao 网络安全等级保护自查工具：汇总自动检查与问卷结果，按评分口径估算得分。"},
          {"status", {{"state", "operational"}}}};
}

json InventoryItems(const Doc& d) {
  json items = json::array();
  for (const auto& t : d.a.targets) {
    std::string desc = t.spec.name.empty() ? t.spec.id : t.spec.name;
    if (!t.spec.note.empty()) desc += "：" + t.spec.note;
    json props = {{{"name", "asset-id"}, {"value", t.spec.id}}};  // OSCAL's own property
    AddProp(props, "target-type", t.spec.type);
    if (t.type != nullptr) AddProp(props, "target-type-zh", t.type->name.zh);
    if (t.scan) {
      AddProp(props, "scanned-host", t.scan->host);
      AddProp(props, "scanned-at", t.scan->scanned_at);
    }
    items.push_back({{"uuid", d.Id("target", t.spec.id)}, {"description", desc}, {"props", props}});
  }
  return items;
}

json Methods(const assess::Cell& c) {
  static const std::pair<std::string_view, std::string_view> kMethods[] = {
      {"核查", "EXAMINE"}, {"访谈", "INTERVIEW"}, {"测试", "TEST"}};
  json out = json::array();
  for (const auto& [zh, oscal] : kMethods) {
    bool used = std::ranges::find(c.methods, zh) != c.methods.end() ||
                (oscal == "TEST" && c.source == assess::Source::kScan);
    if (used) out.push_back(oscal);
  }
  if (out.empty()) out.push_back("UNKNOWN");
  return out;
}

json Observation(const Doc& d, const assess::Cell& c) {
  const auto& t = d.a.TargetOf(c);
  json props = json::array();
  AddProp(props, "result", assess::OutcomeNameZh(c.outcome));
  AddProp(props, "result-en", assess::OutcomeName(c.outcome));
  AddProp(props, "source", assess::SourceNameZh(c.source));
  AddProp(props, "unit", c.item->unit);
  AddProp(props, "scan-verdict", c.scan_verdict);
  for (const auto& id : c.confirmed_cases) AddProp(props, "high-risk-case", id);
  bool scanned = c.source == assess::Source::kScan && t.scan && IsDateTime(t.scan->scanned_at);
  json origin = c.source == assess::Source::kScan
                    ? d.ToolOrigin()
                    : json{{"actors", {{{"type", "party"}, {"actor-uuid", d.OrgUuid()}}}}};
  json evidence = json::array();
  for (const auto& r : c.scan_rules) {
    std::string text = "规则 " + r.id + "（" + r.status + "）：" + r.title;
    if (!r.reason.empty()) text += "。" + r.reason;
    evidence.push_back({{"description", text}});
  }
  json j = {{"uuid", d.ObservationUuid(c)},
            {"title", Clean(c.item->unit + " @ " + (t.spec.name.empty() ? t.spec.id : t.spec.name))},
            {"description", c.item->control_point.zh + "：" + c.item->text.zh},
            {"props", props},
            {"methods", Methods(c)},
            {"origins", {origin}},
            {"subjects",
             {{{"subject-uuid", d.Id("target", t.spec.id)},
               {"type", "inventory-item"},
               {"title", Clean(t.spec.id)}}}},
            {"collected", scanned ? t.scan->scanned_at : d.start}};
  SetIfAny(j, "relevant-evidence", std::move(evidence));
  if (!Clean(c.record).empty()) j["remarks"] = c.record;
  return j;
}

json Remediation(const Doc& d, const plan::Item& item, std::string_view lifecycle) {
  std::string desc = item.action.empty() ? item.title : item.action;
  for (const auto& cmd : item.commands) desc += "\n\n    " + cmd;
  json props = json::array();
  AddProp(props, "kind", item.kind);
  AddProp(props, "kind-zh", item.kind_zh);
  AddProp(props, "money", Number(item.money));
  AddProp(props, "person-days", Number(item.days));
  AddProp(props, "cost", std::to_string(item.cost));
  AddProp(props, "owner", item.owner);
  AddProp(props, "priority", std::to_string(item.priority));
  if (item.overridden) AddProp(props, "overridden", "true");
  json r = {{"uuid", d.Id("remediation", item.id)},
            {"lifecycle", lifecycle},
            {"title", Clean(item.title)},
            {"description", desc},
            {"props", props}};
  std::string plan_start = DateTime(d.a.system.plan.start, kDayStart, d.start);
  if (IsDate(item.deadline))
    r["tasks"] = {
        {{"uuid", d.Id("task", item.id)},
         {"type", "milestone"},
         {"title", Clean("整改完成：" + item.title)},
         {"timing",
          {{"within-date-range", {{"start", plan_start}, {"end", item.deadline + std::string(kDayEnd)}}}}}}};
  return r;
}

json Risk(const Doc& d, const assess::Finding& f, const plan::Item* item, std::string_view lifecycle) {
  const auto& a = d.a;
  const auto& c = a.cells[f.cell];
  json props = json::array();
  AddProp(props, "risk-level", assess::RiskNameZh(f.adjusted));
  AddProp(props, "risk-level-original", assess::RiskNameZh(f.original));
  AddProp(props, "risk-level-en", assess::RiskName(f.adjusted));
  AddProp(props, "result", assess::OutcomeNameZh(c.outcome));
  AddProp(props, "unit", c.item->unit);
  AddProp(props, "target", a.TargetOf(c).spec.id);
  json mitigating = json::array();
  for (size_t m : f.matches) {
    const auto& match = a.high_risk[m];
    AddProp(props, "high-risk-case", match.high_risk->id, match.compensation ? "compensated" : "open");
    if (match.presumed) AddProp(props, "high-risk-presumed", match.high_risk->id);
    if (match.compensation)
      mitigating.push_back({{"uuid", d.Id("mitigating-factor", f.id + "/" + match.high_risk->id)},
                            {"description", "补偿措施：" + match.compensation->measure + "（理由：" +
                                                match.compensation->reason + "）"}});
  }
  json facets = {
      {{"name", "risk-level"}, {"system", kOscalNamespace}, {"value", assess::RiskNameZh(f.adjusted)}},
      {{"name", "risk-level-original"},
       {"system", kOscalNamespace},
       {"value", assess::RiskNameZh(f.original)}}};
  std::string statement = Clean(c.record).empty()
                              ? "测评结果为" + std::string(assess::OutcomeNameZh(c.outcome)) + "。"
                              : c.record;
  json r = {{"uuid", d.Id("risk", f.id)},
            {"title", Clean(f.id + " " + c.item->control_point.zh + "：" +
                            std::string(assess::OutcomeNameZh(c.outcome)))},
            {"description", c.item->text.zh},
            {"statement", statement},
            {"props", props},
            {"status", "open"},
            {"characterizations", {{{"origin", d.ToolOrigin()}, {"facets", facets}}}}};
  SetIfAny(r, "mitigating-factors", std::move(mitigating));
  if (item != nullptr) {
    if (lifecycle == "planned" && IsDate(item->deadline))
      r["deadline"] = item->deadline + std::string(kDayEnd);
    r["remediations"] = {Remediation(d, *item, lifecycle)};
  }
  r["related-observations"] = {{{"observation-uuid", d.ObservationUuid(c)}}};
  return r;
}

const plan::Item* ItemFor(const plan::Plan& plan, size_t finding) {
  auto it = std::ranges::find(plan.items, finding, &plan::Item::finding);
  return it == plan.items.end() ? nullptr : &*it;
}

// The assessment plan the results import: a back-matter resource in the same document.
json PlanResource(const Doc& d) {
  const auto& s = d.a.system;
  std::string desc = "被测系统：" + s.name + "（" + s.id + "），安全保护等级第" + std::to_string(s.level) +
                     "级（" + s.grade.Label() + "）。测评对象：";
  json props = json::array();
  AddProp(props, "system-id", s.id);
  AddProp(props, "level", std::to_string(s.level));
  AddProp(props, "grade", s.grade.Label());
  AddProp(props, "assessed-on", s.assessed_on);
  for (const auto& t : d.a.targets) {
    desc += "\n- " + t.spec.id + " " + t.spec.name + "（" + (t.type ? t.type->name.zh : t.spec.type) + "）";
    AddProp(props, "target", t.spec.id);
  }
  return {{"uuid", d.Id("resource", "assessment-plan")},
          {"title", Clean(s.name + " 测评方案")},
          {"description", desc},
          {"props", props}};
}

json Finding(const Doc& d, const assess::UnitResult& u, const std::map<size_t, size_t>& finding_of_cell) {
  using enum assess::Outcome;
  bool satisfied = u.outcome == kCompliant || u.outcome == kNotApplicable;
  std::string_view reason = u.outcome == kCompliant                                 ? "pass"
                            : (u.outcome == kPartial || u.outcome == kNoncompliant) ? "fail"
                                                                                    : "other";
  json observations = json::array(), risks = json::array();
  for (size_t c : u.cells) {
    observations.push_back({{"observation-uuid", d.ObservationUuid(d.a.cells[c])}});
    if (auto it = finding_of_cell.find(c); it != finding_of_cell.end())
      risks.push_back({{"risk-uuid", d.Id("risk", d.a.findings[it->second].id)}});
  }
  json props = json::array();
  AddProp(props, "result", assess::OutcomeNameZh(u.outcome));
  AddProp(props, "result-en", assess::OutcomeName(u.outcome));
  AddProp(props, "category", u.item->category);
  std::string result = "测评结果：" + std::string(assess::OutcomeNameZh(u.outcome));
  json target = {
      {"type", "objective-id"},
      {"target-id", u.item->unit},
      {"status",
       {{"state", satisfied ? "satisfied" : "not-satisfied"}, {"reason", reason}, {"remarks", result}}},
      {"remarks", result}};
  if (u.outcome == kNotApplicable) target["implementation-status"] = {{"state", "not-applicable"}};
  json f = {{"uuid", d.Id("finding", u.item->unit)},
            {"title", Clean(u.item->unit + " " + u.item->control_point.zh)},
            {"description", u.item->text.zh},
            {"props", props},
            {"target", target}};
  SetIfAny(f, "related-observations", std::move(observations));
  SetIfAny(f, "related-risks", std::move(risks));
  return f;
}

json ResultProps(const assess::Assessment& a, const std::vector<assess::Profile>& profiles) {
  json props = json::array();
  AddProp(props, "estimate", "true");
  for (const auto& p : profiles) {
    auto r = assess::ScoreAssessment(p, a);
    std::ostringstream score;
    score.setf(std::ios::fixed);
    score.precision(2);
    score << r.score;
    AddProp(props, "score", score.str(), p.id);
    AddProp(props, "score-measure", p.measure, p.id);
    if (r.conclusion != nullptr) {
      AddProp(props, "conclusion", r.conclusion->zh, p.id);
      AddProp(props, "conclusion-id", r.conclusion->id, p.id);
      AddProp(props, "pass", r.conclusion->pass ? "true" : "false", p.id);
    }
  }
  auto risks = assess::CountRisks(a);
  AddProp(props, "high-risk-count", std::to_string(risks.high));
  AddProp(props, "medium-risk-count", std::to_string(risks.medium));
  AddProp(props, "low-risk-count", std::to_string(risks.low));
  for (const auto& id : OpenHighRiskCases(a)) AddProp(props, "high-risk-case", id, "open");
  for (const auto& id : CompensatedHighRiskCases(a)) AddProp(props, "high-risk-case", id, "compensated");
  return props;
}

json ReviewedControls(const assess::Assessment& a) {
  json selection = {
      {"description", "GB/T 28448-2019 第" + std::to_string(a.system.level) + "级适用测评单元"}};
  json controls = json::array();
  for (const auto& u : a.units) controls.push_back({{"control-id", u.item->unit}});
  if (controls.empty())
    selection["include-all"] = json::object();
  else
    selection["include-controls"] = std::move(controls);
  return {{"control-selections", {selection}}};
}

}  // namespace

json OscalAssessmentResults(const assess::Assessment& a, const std::vector<assess::Profile>& profiles,
                            const plan::Plan& plan, std::string_view generated_at) {
  Doc d = MakeDoc(a, generated_at);
  json observations = json::array(), risks = json::array(), findings = json::array();
  for (const auto& c : a.cells) observations.push_back(Observation(d, c));
  std::map<size_t, size_t> finding_of_cell;
  for (size_t i = 0; i < a.findings.size(); ++i) {
    finding_of_cell[a.findings[i].cell] = i;
    risks.push_back(Risk(d, a.findings[i], ItemFor(plan, i), "recommendation"));
  }
  for (const auto& u : a.units) findings.push_back(Finding(d, u, finding_of_cell));

  json result = {{"uuid", d.Id("result", a.system.assessed_on)},
                 {"title", Clean(a.system.name + " 测评结果（" + a.system.assessed_on + "）")},
                 {"description", "按 GB/T 28448-2019 对 " + std::to_string(a.targets.size()) +
                                     " 个测评对象、" + std::to_string(a.units.size()) +
                                     " 个测评单元的测评结果（" + a.system.kind + "）。"},
                 {"start", d.start},
                 {"props", ResultProps(a, profiles)},
                 {"local-definitions",
                  {{"inventory-items", InventoryItems(d)},
                   {"assessment-assets",
                    {{"components", {ToolComponent(d)}},
                     {"assessment-platforms",
                      {{{"uuid", d.Id("assessment-platform", "dengbao")},
                        {"title", "Dengbao"},
                        {"uses-components", {{{"component-uuid", d.ToolUuid()}}}}}}}}}}},
                 {"reviewed-controls", ReviewedControls(a)},
                 {"remarks",
                  "得分（score）与结论（conclusion）为按评分口径的估算，非测评机构正式结论；高风险按《高风险"
                  "判定指引》案例匹配，"
                  "推定项需人工确认。"}};
  if (IsDateTime(d.generated_at)) result["end"] = d.generated_at;
  SetIfAny(result, "observations", std::move(observations));
  SetIfAny(result, "risks", std::move(risks));
  SetIfAny(result, "findings", std::move(findings));

  json resource = PlanResource(d);
  std::string resource_uuid = resource["uuid"];
  json doc = {{"metadata", Metadata(d, "测评结果")},
              {"import-ap", {{"href", "#" + resource_uuid}}},
              {"results", {result}},
              {"back-matter", {{"resources", {resource}}}}};
  doc["uuid"] = DocumentUuid(d, "assessment-results", doc);
  return {{"assessment-results", doc}};
}

json OscalPoam(const assess::Assessment& a, const plan::Plan& plan,
               const std::vector<std::string>& recommended, std::string_view generated_at) {
  Doc d = MakeDoc(a, generated_at);
  std::set<std::string_view> chosen(recommended.begin(), recommended.end());
  json observations = json::array(), risks = json::array(), items = json::array();
  for (const auto& item : plan.items) {
    if (item.finding >= a.findings.size()) continue;  // a plan built for another assessment
    const auto& f = a.findings[item.finding];
    observations.push_back(Observation(d, a.cells[f.cell]));
    risks.push_back(Risk(d, f, &item, "planned"));
    json props = json::array();
    AddProp(props, "priority", std::to_string(item.priority));
    AddProp(props, "risk-level", assess::RiskNameZh(item.risk));
    if (item.high_risk) AddProp(props, "high-risk", "true");
    if (chosen.contains(item.id)) AddProp(props, "recommended", "true");
    items.push_back({{"uuid", d.Id("poam-item", item.id)},
                     {"title", Clean(item.title)},
                     {"description", item.action.empty() ? item.title : item.action},
                     {"props", props},
                     {"related-observations", {{{"observation-uuid", d.ObservationUuid(a.cells[f.cell])}}}},
                     {"related-risks", {{{"risk-uuid", d.Id("risk", f.id)}}}}});
  }
  json poam = {
      {"metadata", Metadata(d, "整改计划")},
      {"system-id", {{"identifier-type", kOscalNamespace}, {"id", a.system.id}}},
      {"local-definitions", {{"components", {ToolComponent(d)}}, {"inventory-items", InventoryItems(d)}}}};
  SetIfAny(poam, "observations", std::move(observations));
  SetIfAny(poam, "risks", std::move(risks));
  poam["poam-items"] = std::move(items);
  poam["uuid"] = DocumentUuid(d, "poam", poam);
  return {{"plan-of-action-and-milestones", poam}};
}

}  // namespace dengbao::report
