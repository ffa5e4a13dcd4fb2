#include "rules/scan.h"

#include <gtest/gtest.h>

#include "host/fake_host.h"
#include "rules/rule_loader.h"
#include "rules/test_rules.h"

namespace dengbao::rules {
namespace {

TEST(CombineUnitTest, FollowsGbt28449) {
  using S = RuleStatus;
  auto v = [](std::initializer_list<S> s) { return CombineUnit(std::vector<S>(s)); };
  EXPECT_EQ(v({S::kPass, S::kPass}), Verdict::kCompliant);
  EXPECT_EQ(v({S::kFail, S::kFail}), Verdict::kNoncompliant);
  EXPECT_EQ(v({S::kPass, S::kFail}), Verdict::kPartial);
  EXPECT_EQ(v({S::kPass, S::kFail, S::kManual}), Verdict::kPartial);
  EXPECT_EQ(v({S::kPass, S::kNotApplicable}), Verdict::kCompliant);
  EXPECT_EQ(v({S::kNotApplicable}), Verdict::kNotApplicable);
  EXPECT_EQ(v({}), Verdict::kManual);                      // no rule: a person must judge
  EXPECT_EQ(v({S::kPass, S::kManual}), Verdict::kManual);  // never a guessed pass
  EXPECT_EQ(v({S::kFail, S::kManual}), Verdict::kManual);
  EXPECT_EQ(v({S::kPass, S::kError}), Verdict::kError);
}

std::vector<Rule> LoadTestRules() {
  const char* kRules[] = {
      R"yaml(format: dengbao-rule/1
id: t-limit
title: {zh: 上限, en: Limit}
units: {L3: [L3-CES1-01]}
platforms: [debian]
probes: [t]
check: {fact: t.limit, le: 5}
remediation: {zh: 改小, en: Lower it}
high_risk: ["6.4.1.1"]
)yaml",
      R"yaml(format: dengbao-rule/1
id: t-name
title: {zh: 名称, en: Name}
units: {L3: [L3-CES1-01, L3-CES1-02]}
platforms: [any]
probes: [t]
check: {fact: t.name, eq: "ok"}
remediation: {zh: 改名, en: Rename}
)yaml"};
  std::vector<Rule> out;
  for (const char* text : kRules) {
    catalog::Diagnostics d;
    auto r = ParseRuleText(text, "r.yaml", testing::Catalog(), testing::Registry(), d);
    EXPECT_TRUE(r.has_value()) << (d.empty() ? "" : d.errors().front().ToString());
    if (r) out.push_back(std::move(*r));
  }
  return out;
}

const UnitResult& Unit(const ScanReport& r, std::string_view id) {
  for (const auto& u : r.units)
    if (u.item->unit == id) return u;
  static UnitResult none;
  ADD_FAILURE() << "unit not reported: " << id;
  return none;
}

TEST(ScanTest, VerdictsEvidenceAndHighRisk) {
  auto rules = LoadTestRules();
  host::FakeHost h;
  h.AddFile("/etc/family", "debian").AddFile("/etc/t.conf", "limit=9\nname=ok\n");
  ScanReport r = Scan(h, testing::Catalog(), rules, testing::Registry(), {.level = 3});
  ASSERT_EQ(r.rules.size(), 2u);
  EXPECT_EQ(r.rules[0].status, RuleStatus::kFail);
  EXPECT_EQ(r.rules[1].status, RuleStatus::kPass);
  EXPECT_EQ(Unit(r, "L3-CES1-01").verdict, Verdict::kPartial);
  EXPECT_EQ(Unit(r, "L3-CES1-02").verdict, Verdict::kCompliant);
  EXPECT_EQ(Unit(r, "L3-CES1-03").verdict, Verdict::kManual);  // server_os unit without rules
  ASSERT_EQ(r.high_risk.size(), 1u);
  EXPECT_EQ(r.high_risk[0].high_risk->id, "6.4.1.1");
  ASSERT_FALSE(r.rules[0].evidence.empty());
  EXPECT_EQ(r.rules[0].evidence[0].value, 9);
  EXPECT_EQ(r.rules[0].evidence[0].sources[0].file, "/etc/t.conf");
}

TEST(ScanTest, PlatformMismatchIsNotApplicable) {
  auto rules = LoadTestRules();
  host::FakeHost h;
  h.AddFile("/etc/family", "rhel").AddFile("/etc/t.conf", "limit=1\nname=ok\n");
  ScanReport r = Scan(h, testing::Catalog(), rules, testing::Registry(), {.level = 3});
  EXPECT_EQ(r.rules[0].status, RuleStatus::kNotApplicable);
  EXPECT_EQ(Unit(r, "L3-CES1-01").verdict, Verdict::kCompliant);
}

TEST(ScanTest, UnreadableIsManualGarbageIsError) {
  auto rules = LoadTestRules();
  host::FakeHost denied;
  denied.AddFile("/etc/family", "debian").AddFile("/etc/t.conf", "limit=1").Deny("/etc/t.conf");
  ScanReport r1 = Scan(denied, testing::Catalog(), rules, testing::Registry(), {.level = 3});
  EXPECT_EQ(r1.rules[0].status, RuleStatus::kManual);
  EXPECT_EQ(Unit(r1, "L3-CES1-01").verdict, Verdict::kManual);
  EXPECT_TRUE(r1.high_risk.empty());

  host::FakeHost missing;  // the configuration file does not exist: a person must look
  missing.AddFile("/etc/family", "debian");
  ScanReport r3 = Scan(missing, testing::Catalog(), rules, testing::Registry(), {.level = 3});
  EXPECT_EQ(r3.rules[0].status, RuleStatus::kManual);

  host::FakeHost loop;
  loop.AddFile("/etc/family", "debian").AddSymlink("/etc/t.conf", "/etc/t.conf");
  ScanReport r2 = Scan(loop, testing::Catalog(), rules, testing::Registry(), {.level = 3});
  EXPECT_EQ(r2.rules[0].status, RuleStatus::kError);
  EXPECT_EQ(Unit(r2, "L3-CES1-01").verdict, Verdict::kError);
}

TEST(ScanTest, DeepRulesRunOnlyWithDeep) {
  catalog::Diagnostics d;
  auto rule = ParseRuleText(R"yaml(format: dengbao-rule/1
id: t-deep
title: {zh: 全盘, en: Deep}
units: {L3: [L3-CES1-10]}
platforms: [any]
probes: [t]
deep: true
check: {fact: t.limit, le: 5}
remediation: {zh: 改, en: Fix}
)yaml",
                            "deep.yaml", testing::Catalog(), testing::Registry(), d);
  ASSERT_TRUE(rule.has_value());
  std::vector<Rule> rules = {*rule};
  host::FakeHost h;
  h.AddFile("/etc/family", "debian").AddFile("/etc/t.conf", "limit=9\n");
  ScanReport shallow = Scan(h, testing::Catalog(), rules, testing::Registry(), {.level = 3});
  EXPECT_TRUE(shallow.rules.empty());
  EXPECT_EQ(shallow.skipped_rules, std::vector<std::string>{"t-deep"});
  EXPECT_EQ(Unit(shallow, "L3-CES1-10").verdict, Verdict::kManual);  // no rule ran: a person judges
  ScanReport deep = Scan(h, testing::Catalog(), rules, testing::Registry(), {.level = 3, .deep = true});
  ASSERT_EQ(deep.rules.size(), 1u);
  EXPECT_EQ(deep.rules[0].status, RuleStatus::kFail);
  EXPECT_TRUE(deep.skipped_rules.empty());
}

TEST(ScanTest, OnlyRulesOfTheLevelRun) {
  auto rules = LoadTestRules();
  host::FakeHost h;
  h.AddFile("/etc/family", "debian").AddFile("/etc/t.conf", "limit=1\nname=ok\n");
  ScanReport r = Scan(h, testing::Catalog(), rules, testing::Registry(), {.level = 2});
  EXPECT_TRUE(r.rules.empty());
  for (const auto& u : r.units) EXPECT_EQ(u.item->level, 2);
}

}  // namespace
}  // namespace dengbao::rules
