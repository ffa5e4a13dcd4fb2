// OSCAL output on a small assessment built in code: determinism, identifiers, one observation per
// cell, one finding per unit, risk levels (with a compensated high-risk case), one POA&M item per
// plan item.
#include "report/oscal.h"

#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <tuple>

#include "assess/applicability.h"
#include "assess/assessment.h"
#include "assess/test_util.h"
#include "catalog/test_util.h"
#include "plan/test_util.h"
#include "report/uuid.h"

namespace dengbao::report {
namespace {

using assess::Outcome;
using catalog::testing::ShippedCatalog;
using nlohmann::json;

constexpr std::string_view kAt = "2026-11-29T12:00:00Z";

const std::vector<assess::Profile>& Profiles() { return assess::testing::ShippedProfiles(); }

const plan::CostDefaults& Costs() { return plan::testing::ShippedCostDefaults(); }

// Two servers and a machine room at level 3: the room's access control (L3-PES1-03, high-risk
// case 6.1.1.1) fails and is compensated; one server's identification unit is partial.
struct Fixture {
  assess::Assessment a;
  plan::Plan plan;
};

Fixture Small() {
  assess::SystemSpec s;
  s.id = "small";
  s.name = "小系统";
  s.organisation = "测试单位";
  s.level = 3;
  s.grade = catalog::FullGrade(3);
  s.assessed_on = "2026-11-20";
  for (auto [id, name, type] :
       {std::tuple{"srv1", "服务器 1", "server_os"}, std::tuple{"srv2", "服务器 2", "server_os"},
        std::tuple{"room", "机房", "physical_room"}}) {
    auto& t = s.targets.emplace_back();
    t.id = id;
    t.name = name;
    t.type = type;
  }
  auto& comp = s.compensations.emplace_back();
  comp.case_id = "6.1.1.1";
  comp.measure = "楼宇门禁，视频专人监看";
  comp.reason = "已核查监控记录";
  s.plan.start = "2026-12-01";
  auto& item_override = s.plan.items.emplace_back();
  item_override.id = "L3-PES1-03@room";
  item_override.owner = "行政科";
  item_override.deadline = "2026-12-31";
  std::vector<assess::Answer> answers;
  auto units = assess::ApplicableUnits(s, ShippedCatalog());
  EXPECT_TRUE(units.has_value());
  for (const auto* item : *units)
    for (const auto& t : s.targets)
      if (assess::AppliesTo(*item, t.type)) {
        auto& ans = answers.emplace_back();
        ans.target = t.id;
        ans.unit = item->unit;
        ans.outcome = Outcome::kCompliant;
        ans.methods = {"核查"};
      }
  for (auto& ans : answers) {
    if (ans.unit == "L3-PES1-03") ans.outcome = Outcome::kNoncompliant;
    if (ans.unit == "L3-CES1-01" && ans.target == "srv2") {
      ans.outcome = Outcome::kPartial;
      ans.methods = {"访谈", "测试"};
      ans.record = "口令无复杂度要求";
    }
  }
  std::vector<std::optional<assess::ScanSummary>> scans(s.targets.size());
  auto a = assess::BuildAssessment(s, scans, answers, ShippedCatalog());
  EXPECT_TRUE(a.has_value()) << a.error().ToString();
  auto p = plan::BuildPlan(*a, Costs());
  EXPECT_TRUE(p.has_value()) << p.error().ToString();
  return {std::move(*a), std::move(*p)};
}

const Fixture& F() {
  static const Fixture f = Small();
  return f;
}

bool IsUuid(const json& v) {
  static const std::regex kUuid("^[0-9a-f]{8}-[0-9a-f]{4}-[45][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");
  return v.is_string() && std::regex_match(v.get<std::string>(), kUuid);
}

// Every "uuid" and "*-uuid" value in the document.
void CollectUuids(const json& j, std::vector<std::string>& defined, std::vector<std::string>& refs) {
  if (j.is_object()) {
    for (const auto& [k, v] : j.items()) {
      if (k == "uuid")
        defined.push_back(v.get<std::string>());
      else if (k.ends_with("-uuid"))
        refs.push_back(v.get<std::string>());
      CollectUuids(v, defined, refs);
    }
  } else if (j.is_array()) {
    for (const auto& v : j) CollectUuids(v, defined, refs);
  }
}

std::string Prop(const json& obj, std::string_view name, std::string_view cls = {}) {
  for (const auto& p : obj.value("props", json::array()))
    if (p["name"] == name && (cls.empty() || p.value("class", "") == cls)) return p["value"];
  return "";
}

TEST(Uuid, MatchesRfc4122VersionFiveVectors) {
  // Python: uuid.uuid5(uuid.NAMESPACE_DNS, "python.org") and uuid.uuid5(uuid.NAMESPACE_URL, ...).
  EXPECT_EQ(UuidString(UuidV5(kDnsNamespace, "python.org")), "886313e1-3b8a-5372-9b90-0c9aee199e5d");
  EXPECT_EQ(UuidString(UuidV5(kUrlNamespace, "https://dengbao.example/ns/oscal")),
            "bada35bb-2918-5043-9dca-c93c09239eb9");
  EXPECT_EQ(OscalUuid("small", "risk", "x"), "e44401bf-e17e-5b10-a94c-d9c253b51f50");
  EXPECT_NE(OscalUuid("a", "risk", "x"), OscalUuid("b", "risk", "x"));
  EXPECT_EQ(OscalUuid("a", "risk", "x"), OscalUuid("a", "risk", "x"));
}

TEST(OscalAssessmentResults, IsDeterministicWithValidUniqueResolvingUuids) {
  json ar = OscalAssessmentResults(F().a, Profiles(), F().plan, kAt);
  EXPECT_EQ(ar, OscalAssessmentResults(F().a, Profiles(), F().plan, kAt));
  // A revised document gets a new uuid; the objects in it keep theirs.
  json later = OscalAssessmentResults(F().a, Profiles(), F().plan, "2026-11-30T08:00:00Z");
  EXPECT_NE(later["assessment-results"]["uuid"], ar["assessment-results"]["uuid"]);
  EXPECT_EQ(later["assessment-results"]["results"][0]["observations"],
            ar["assessment-results"]["results"][0]["observations"]);
  std::vector<std::string> defined, refs;
  CollectUuids(ar, defined, refs);
  for (const auto& u : defined) EXPECT_TRUE(IsUuid(u)) << u;
  std::set<std::string> unique(defined.begin(), defined.end());
  EXPECT_EQ(unique.size(), defined.size());
  for (const auto& r : refs) EXPECT_TRUE(unique.contains(r)) << "dangling reference " << r;
  const auto& doc = ar["assessment-results"];
  std::string href = doc["import-ap"]["href"];
  ASSERT_TRUE(href.starts_with("#"));
  EXPECT_EQ(doc["back-matter"]["resources"][0]["uuid"], href.substr(1));
  EXPECT_EQ(doc["metadata"]["oscal-version"], "1.1.2");
  EXPECT_EQ(doc["metadata"]["last-modified"], kAt);
  EXPECT_EQ(doc["metadata"]["parties"][0]["name"], "测试单位");
}

TEST(OscalAssessmentResults, OneObservationPerCellAndOneFindingPerUnit) {
  const auto& a = F().a;
  json result = OscalAssessmentResults(a, Profiles(), F().plan, kAt)["assessment-results"]["results"][0];
  ASSERT_EQ(result["observations"].size(), a.cells.size());
  ASSERT_EQ(result["findings"].size(), a.units.size());
  EXPECT_EQ(result["reviewed-controls"]["control-selections"][0]["include-controls"].size(), a.units.size());
  int partial = 0;
  for (const auto& o : result["observations"]) {
    EXPECT_FALSE(o["methods"].empty());
    if (Prop(o, "result") == "部分符合") {
      ++partial;
      EXPECT_EQ(o["methods"], json({"INTERVIEW", "TEST"}));
      EXPECT_EQ(o["remarks"], "口令无复杂度要求");
    }
  }
  EXPECT_EQ(partial, 1);
  std::map<std::string, std::string> state;
  for (const auto& f : result["findings"]) {
    EXPECT_EQ(f["target"]["type"], "objective-id");
    state[f["target"]["target-id"]] = f["target"]["status"]["state"];
  }
  EXPECT_EQ(state["L3-CES1-01"], "not-satisfied");
  EXPECT_EQ(state["L3-PES1-03"], "not-satisfied");
  EXPECT_EQ(state["L3-CES1-02"], "satisfied");
  // Both profiles' score and conclusion, marked as estimates.
  EXPECT_EQ(Prop(result, "estimate"), "true");
  EXPECT_FALSE(Prop(result, "score", "mlps-2021").empty());
  EXPECT_FALSE(Prop(result, "conclusion", "mlps-2025").empty());
  EXPECT_EQ(Prop(result, "high-risk-case", "compensated"), "6.1.1.1");
  EXPECT_NE(result["remarks"].get<std::string>().find("估算"), std::string::npos);
}

TEST(OscalAssessmentResults, RisksCarryOriginalAndAdjustedLevels) {
  const auto& a = F().a;
  json result = OscalAssessmentResults(a, Profiles(), F().plan, kAt)["assessment-results"]["results"][0];
  ASSERT_EQ(result["risks"].size(), a.findings.size());
  bool compensated = false;
  for (const auto& r : result["risks"]) {
    const auto& facets = r["characterizations"][0]["facets"];
    ASSERT_EQ(facets.size(), 2u);
    EXPECT_EQ(facets[0]["value"], Prop(r, "risk-level"));
    EXPECT_EQ(facets[1]["value"], Prop(r, "risk-level-original"));
    EXPECT_EQ(r["remediations"][0]["lifecycle"], "recommendation");
    if (Prop(r, "unit") == "L3-PES1-03") {
      compensated = true;
      EXPECT_EQ(Prop(r, "risk-level-original"), "高");
      EXPECT_EQ(Prop(r, "risk-level"), "中");
      EXPECT_EQ(Prop(r, "high-risk-case", "compensated"), "6.1.1.1");
      ASSERT_EQ(r["mitigating-factors"].size(), 1u);
      EXPECT_NE(r["mitigating-factors"][0]["description"].get<std::string>().find("视频专人监看"),
                std::string::npos);
    }
  }
  EXPECT_TRUE(compensated);
}

TEST(OscalPoam, OneItemPerPlanItemWithPlannedRemediation) {
  const auto& plan = F().plan;
  ASSERT_FALSE(plan.items.empty());
  json poam = OscalPoam(F().a, plan, {"L3-PES1-03@room", "no-such-item"}, kAt);
  EXPECT_EQ(poam, OscalPoam(F().a, plan, {"L3-PES1-03@room", "no-such-item"}, kAt));
  const auto& doc = poam["plan-of-action-and-milestones"];
  ASSERT_EQ(doc["poam-items"].size(), plan.items.size());
  ASSERT_EQ(doc["risks"].size(), plan.items.size());
  std::vector<std::string> defined, refs;
  CollectUuids(poam, defined, refs);
  std::set<std::string> unique(defined.begin(), defined.end());
  EXPECT_EQ(unique.size(), defined.size());
  for (const auto& u : defined) EXPECT_TRUE(IsUuid(u)) << u;
  for (const auto& r : refs) EXPECT_TRUE(unique.contains(r)) << "dangling reference " << r;
  int recommended = 0;
  for (const auto& item : doc["poam-items"]) {
    if (Prop(item, "recommended") == "true") ++recommended;
  }
  EXPECT_EQ(recommended, 1);
  for (const auto& r : doc["risks"]) {
    const auto& rem = r["remediations"][0];
    EXPECT_EQ(rem["lifecycle"], "planned");
    if (Prop(r, "unit") != "L3-PES1-03") continue;
    EXPECT_EQ(Prop(rem, "owner"), "行政科");
    EXPECT_EQ(r["deadline"], "2026-12-31T23:59:59+08:00");
    const auto& range = rem["tasks"][0]["timing"]["within-date-range"];
    EXPECT_EQ(range["start"], "2026-12-01T00:00:00+08:00");
    EXPECT_EQ(range["end"], "2026-12-31T23:59:59+08:00");
    EXPECT_FALSE(Prop(rem, "person-days").empty());
    EXPECT_FALSE(Prop(rem, "cost").empty());
  }
}

}  // namespace
}  // namespace dengbao::report
