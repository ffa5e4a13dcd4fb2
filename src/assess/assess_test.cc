#include <gtest/gtest.h>

#include <set>

#include "assess/applicability.h"
#include "assess/assessment.h"
#include "assess/inputs.h"
#include "assess/profile.h"
#include "assess/score.h"
#include "assess/test_util.h"
#include "catalog/test_util.h"

namespace dengbao::assess {
namespace {

using catalog::testing::ShippedCatalog;

const std::vector<Profile>& Profiles() { return testing::ShippedProfiles(); }

const Profile& P(std::string_view id) {
  for (const auto& p : Profiles())
    if (p.id == id) return p;
  std::abort();
}

// A level-3 system with one target of every type a general level-3 unit names.
SystemSpec FullSystem(bool business_continuity = true) {
  SystemSpec s;
  s.id = "t";
  s.name = "测试系统";
  s.level = 3;
  s.grade = catalog::FullGrade(3);
  s.business_continuity = business_continuity;
  std::set<std::string> types;
  auto units = ApplicableUnits(s, ShippedCatalog());
  for (const auto* item : *units)
    for (const auto& o : item->objects) types.insert(o);
  for (const auto& t : types)
    s.targets.push_back(
        {.id = "x-" + std::string(t.size() > 0 ? t.substr(0, 3) : t) + std::to_string(s.targets.size()),
         .name = t,
         .type = t});
  return s;
}

std::vector<Answer> AnswerAll(const SystemSpec& s, Outcome o) {
  std::vector<Answer> out;
  auto units = ApplicableUnits(s, ShippedCatalog());
  for (const auto* item : *units)
    for (const auto& t : s.targets)
      if (AppliesTo(*item, t.type)) out.push_back({.target = t.id, .unit = item->unit, .outcome = o});
  return out;
}

Assessment Build(const SystemSpec& s, const std::vector<Answer>& answers) {
  std::vector<std::optional<ScanSummary>> scans(s.targets.size());
  auto a = BuildAssessment(s, scans, answers, ShippedCatalog());
  EXPECT_TRUE(a.has_value()) << a.error().ToString();
  return std::move(*a);
}

void Set(std::vector<Answer>& answers, std::string_view unit, Outcome o, std::string_view target_type = "",
         const SystemSpec* s = nullptr) {
  for (auto& a : answers)
    if (a.unit == unit) {
      if (s != nullptr && !target_type.empty()) {
        auto it = std::ranges::find_if(s->targets, [&](const TargetSpec& t) { return t.id == a.target; });
        if (it->type != target_type) continue;
      }
      a.outcome = o;
    }
}

TEST(CombineTargets, FollowsGbt28449) {
  using enum Outcome;
  EXPECT_EQ(CombineTargets({kCompliant, kCompliant}), kCompliant);
  EXPECT_EQ(CombineTargets({kNoncompliant, kNoncompliant}), kNoncompliant);
  EXPECT_EQ(CombineTargets({kCompliant, kNoncompliant}), kPartial);
  EXPECT_EQ(CombineTargets({kPartial}), kPartial);
  EXPECT_EQ(CombineTargets({kNotApplicable, kCompliant}), kCompliant);
  EXPECT_EQ(CombineTargets({kNotApplicable, kNotApplicable}), kNotApplicable);
  EXPECT_EQ(CombineTargets({kCompliant, kUntested}), kUntested);
  EXPECT_EQ(CombineTargets({}), kUntested);
}

TEST(Profiles, ShippedProfilesLoadWithSources) {
  ASSERT_EQ(Profiles().size(), 2u);
  for (const auto& p : Profiles()) {
    EXPECT_FALSE(p.sources.empty());
    EXPECT_FALSE(p.conclusions.back().pass);
  }
  EXPECT_EQ(P("mlps-2021").value_partial, 500);
}

TEST(Profiles, RejectsNonMonotoneValuesAndMissingSources) {
  auto bad = ParseProfileText(R"(format: dengbao-scoring-profile/1
id: x
name: {zh: x, en: x}
measure: score
values: {compliant: 0.5, partial: 0.8, noncompliant: 0, untested: 0}
weights: {from: catalog}
conclusions:
  - {id: a, zh: 差, en: poor, pass: false}
sources: {values: v, weights: w, thresholds: t}
)",
                              "p.yaml");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().detail.find("monotone"), std::string::npos);
  auto nosrc = ParseProfileText(R"(format: dengbao-scoring-profile/1
id: x
name: {zh: x, en: x}
measure: score
values: {compliant: 1, partial: 0.5, noncompliant: 0, untested: 0}
weights: {from: catalog}
conclusions:
  - {id: a, zh: 差, en: poor, pass: false}
sources: {values: v}
)",
                                "p.yaml");
  ASSERT_FALSE(nosrc);
  EXPECT_NE(nosrc.error().detail.find("weights"), std::string::npos);
}

TEST(Score, AllCompliantLevel3Scores100AndBest) {
  SystemSpec s = FullSystem();
  Assessment a = Build(s, AnswerAll(s, Outcome::kCompliant));
  EXPECT_TRUE(a.uncovered.empty());
  EXPECT_EQ(a.units.size(), 211u);
  auto r21 = ScoreAssessment(P("mlps-2021"), a);
  EXPECT_DOUBLE_EQ(r21.score, 100.0);
  ASSERT_NE(r21.conclusion, nullptr);
  EXPECT_EQ(r21.conclusion->zh, "优");
  auto r25 = ScoreAssessment(P("mlps-2025"), a);
  EXPECT_EQ(r25.conclusion->zh, "符合");
  // Level-3 weights: 39 × 1.0 + 107 × 0.7 + 65 × 0.4 = 139.9.
  EXPECT_EQ(r21.denominator, 139900 * kMilli);
}

TEST(Score, UntestedCountsAsZeroAndKeepsUnitFromCompliant) {
  SystemSpec s = FullSystem();
  auto answers = AnswerAll(s, Outcome::kCompliant);
  answers.pop_back();  // one pair left untested
  Assessment a = Build(s, answers);
  auto r = ScoreAssessment(P("mlps-2021"), a);
  EXPECT_EQ(r.counts[static_cast<size_t>(Outcome::kUntested)], 1);
  EXPECT_LT(r.score, 100.0);
}

TEST(HighRisk, OneUncompensatedCaseFailsWhateverTheScore) {
  SystemSpec s = FullSystem();
  auto answers = AnswerAll(s, Outcome::kCompliant);
  // 6.1.1.1: no access control at the server-room entrance (L3-PES1-03).
  Set(answers, "L3-PES1-03", Outcome::kNoncompliant);
  Assessment a = Build(s, answers);
  ASSERT_EQ(a.high_risk.size(), 1u);
  EXPECT_EQ(a.high_risk[0].high_risk->id, "6.1.1.1");
  EXPECT_TRUE(a.high_risk[0].presumed);
  auto r = ScoreAssessment(P("mlps-2021"), a);
  EXPECT_GT(r.score, 99.0);
  EXPECT_EQ(r.conclusion->zh, "差");
  EXPECT_EQ(ScoreAssessment(P("mlps-2025"), a).conclusion->zh, "不符合");

  // Compensated with a reason: 中 risk, no longer 差 (but not 优 either: a medium risk remains).
  s.compensations.push_back(
      {.case_id = "6.1.1.1", .measure = "楼宇受控，视频专人监看", .reason = "已核查监控记录"});
  Assessment b = Build(s, answers);
  ASSERT_EQ(b.findings.size(), 1u);
  EXPECT_EQ(b.findings[0].original, Risk::kHigh);
  EXPECT_EQ(b.findings[0].adjusted, Risk::kMedium);
  auto rb = ScoreAssessment(P("mlps-2021"), b);
  EXPECT_EQ(rb.conclusion->zh, "良");
  EXPECT_EQ(ScoreAssessment(P("mlps-2025"), b).conclusion->zh, "符合");
}

TEST(HighRisk, NotHighRiskWithReasonAndPartialNeedsConfirmation) {
  SystemSpec s = FullSystem();
  auto answers = AnswerAll(s, Outcome::kCompliant);
  for (auto& a : answers)
    if (a.unit == "L3-PES1-03") {
      a.outcome = Outcome::kNoncompliant;
      a.not_high_risk = "有机械锁并专人值守";
    }
  EXPECT_TRUE(Build(s, answers).high_risk.empty());
  for (auto& a : answers)
    if (a.unit == "L3-PES1-03") {
      a.outcome = Outcome::kPartial;
      a.not_high_risk.clear();
    }
  EXPECT_TRUE(Build(s, answers).high_risk.empty());
  for (auto& a : answers)
    if (a.unit == "L3-PES1-03") a.high_risk = {"6.1.1.1"};
  EXPECT_EQ(Build(s, answers).high_risk.size(), 1u);
}

TEST(HighRisk, BusinessContinuityCasesNeedTheFlag) {
  // 6.1.3.1 (no short-term backup power, L3-PES1-19) is business-continuity only.
  for (bool bc : {false, true}) {
    SystemSpec s = FullSystem(bc);
    auto answers = AnswerAll(s, Outcome::kCompliant);
    Set(answers, "L3-PES1-19", Outcome::kNoncompliant);
    Assessment a = Build(s, answers);
    bool found = std::ranges::any_of(a.high_risk, [](const auto& m) { return m.high_risk->id == "6.1.3.1"; });
    EXPECT_EQ(found, bc);
  }
}

TEST(HighRisk, ScanHitsMatchOnlyTheirTarget) {
  SystemSpec s = FullSystem();
  auto answers = AnswerAll(s, Outcome::kCompliant);
  const TargetSpec* server = nullptr;
  for (const auto& t : s.targets)
    if (t.type == "server_os") server = &t;
  ASSERT_NE(server, nullptr);
  std::erase_if(answers, [&](const Answer& a) { return a.target == server->id && a.unit == "L3-CES1-04"; });
  ScanSummary scan;
  scan.level = 3;
  scan.units.push_back(
      {.unit = "L3-CES1-04",
       .verdict = "noncompliant",
       .rules = {{.id = "ssh-multi-factor-auth", .status = "fail", .remediation = "启用双因素"}}});
  scan.hits.push_back({.case_id = "6.4.1.3", .rules = {"ssh-multi-factor-auth"}, .units = {"L3-CES1-04"}});
  std::vector<std::optional<ScanSummary>> scans(s.targets.size());
  scans[static_cast<size_t>(server - s.targets.data())] = scan;
  auto a = BuildAssessment(s, scans, answers, ShippedCatalog());
  ASSERT_TRUE(a);
  ASSERT_EQ(a->high_risk.size(), 1u);
  EXPECT_FALSE(a->high_risk[0].presumed);
  EXPECT_EQ(a->findings[0].id, "L3-CES1-04@" + server->id);
  const Cell* c = a->FindCell(server->id, "L3-CES1-04");
  EXPECT_EQ(c->source, Source::kScan);
  EXPECT_NE(c->record.find("不通过 1"), std::string::npos);

  scan.level = 2;
  scans[static_cast<size_t>(server - s.targets.data())] = scan;
  EXPECT_FALSE(BuildAssessment(s, scans, answers, ShippedCatalog()));
}

TEST(Inputs, SystemErrorsCarryLocations) {
  const auto& cat = ShippedCatalog();
  auto bad = ParseSystemText(R"(format: dengbao-system/1
system: {id: his, name: HIS, level: 3}
targets:
  - {id: a, name: A, type: toaster}
)",
                             "s.yaml", "/tmp", cat);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().where.line, 4);
  EXPECT_NE(bad.error().detail.find("toaster"), std::string::npos);

  auto typo = ParseSystemText(R"(format: dengbao-system/1
system: {id: his, name: HIS, level: 3, levle: 2}
targets: [{id: a, name: A, type: server_os}]
)",
                              "s.yaml", "/tmp", cat);
  ASSERT_FALSE(typo);
  EXPECT_NE(typo.error().detail.find("levle"), std::string::npos);

  auto nocomp = ParseSystemText(R"(format: dengbao-system/1
system: {id: his, name: HIS, level: 3}
targets: [{id: a, name: A, type: server_os}]
compensations: [{case: "6.4.1.1", measure: m, reason: r}]
)",
                                "s.yaml", "/tmp", cat);
  // 6.4.1.1 (empty/weak passwords) allows no compensation in the guideline.
  if (cat.FindCase("6.4.1.1") != nullptr && !cat.FindCase("6.4.1.1")->compensation) {
    ASSERT_FALSE(nocomp);
    EXPECT_EQ(nocomp.error().where.line, 4);
  }

  auto ok = ParseSystemText(R"(format: dengbao-system/1
system: {id: his, name: HIS, level: 3, grade: S3A2, business_continuity: true}
targets: [{id: a, name: A, type: server_os, scan: scans/a.json}]
plan: {day_rate: 1000, items: {"L3-CES1-01@a": {cost: 100, days: 1}}}
)",
                            "s.yaml", "/base", cat);
  ASSERT_TRUE(ok) << ok.error().ToString();
  EXPECT_EQ(ok->targets[0].scan, "/base/scans/a.json");
  EXPECT_EQ(ok->grade.Label(), "S3A2");
  EXPECT_EQ(ok->plan.items.size(), 1u);
}

TEST(Inputs, QuestionnaireRejectsBadCells) {
  const auto& cat = ShippedCatalog();
  SystemSpec s = FullSystem();
  std::string room;
  for (const auto& t : s.targets)
    if (t.type == "physical_room") room = t.id;
  auto parse = [&](const std::string& answers) {
    return ParseQuestionnaireText("format: dengbao-questionnaire/1\nsystem: t\nanswers:\n" + answers,
                                  "q.yaml", s, cat);
  };
  auto ok = parse("  - {target: " + room + ", unit: L3-PES1-01, result: 符合, record: 已核查}\n");
  ASSERT_TRUE(ok) << ok.error().ToString();
  auto bad_value = parse("  - {target: " + room + ", unit: L3-PES1-01, result: 还行}\n");
  ASSERT_FALSE(bad_value);
  EXPECT_EQ(bad_value.error().where.line, 4);
  EXPECT_NE(bad_value.error().detail.find("部分符合"), std::string::npos);
  // A unit on a target type it does not list is accepted (the assessment warns, see below).
  auto other_type = parse("  - {target: " + room + ", unit: L3-CES1-01, result: 符合}\n");
  ASSERT_TRUE(other_type) << other_type.error().ToString();
  auto unknown_unit = parse("  - {target: " + room + ", unit: L3-XYZ1-01, result: 符合}\n");
  ASSERT_FALSE(unknown_unit);
  auto twice = parse("  - {target: " + room + ", unit: L3-PES1-01, result: 符合}\n  - {target: " + room +
                     ", unit: L3-PES1-01, result: 不符合}\n");
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().where.line, 5);
}

TEST(Inputs, AnswerOnAnUnlistedTargetTypeCountsWithAWarning) {
  SystemSpec s = FullSystem();
  auto answers = AnswerAll(s, Outcome::kCompliant);
  std::string room;
  for (const auto& t : s.targets)
    if (t.type == "physical_room") room = t.id;
  answers.push_back({.target = room, .unit = "L3-CES1-01", .outcome = Outcome::kNoncompliant});
  Assessment a = Build(s, answers);
  const Cell* c = a.FindCell(room, "L3-CES1-01");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->outcome, Outcome::kNoncompliant);
  EXPECT_TRUE(std::ranges::any_of(
      a.warnings, [](const std::string& w) { return w.find("L3-CES1-01") != std::string::npos; }));
  // Cells stay target-major in catalog order.
  for (size_t i = 1; i < a.cells.size(); ++i) EXPECT_LE(a.cells[i - 1].target, a.cells[i].target);
}

TEST(Inputs, ScanJsonMustBeOurs) {
  EXPECT_FALSE(ParseScanJson("{", "x.json"));
  EXPECT_FALSE(ParseScanJson(R"({"units": []})", "x.json"));
  auto ok = ParseScanJson(
      R"({"tool":"dengbao","level":3,"units":[{"unit":"L3-CES1-01","result":"partial","rules":["r1","r2"]}],
          "rules":[{"id":"r1","status":"pass","title":"t1"},{"id":"r2","status":"fail","title":"t2",
          "remediation":{"zh":"修","command":"cmd"}}],"high_risk_details":[]})",
      "x.json");
  ASSERT_TRUE(ok) << ok.error().ToString();
  ASSERT_EQ(ok->units[0].rules.size(), 2u);
  EXPECT_EQ(ok->units[0].rules[0].id, "r2");  // failing first
  EXPECT_EQ(ok->units[0].rules[0].command, "cmd");
}

}  // namespace
}  // namespace dengbao::assess
