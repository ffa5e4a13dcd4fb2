#include "rules/rule_loader.h"

#include <gtest/gtest.h>

#include "rules/test_rules.h"

namespace dengbao::rules {
namespace {

constexpr std::string_view kGood = R"yaml(format: dengbao-rule/1
id: t-max-days
title: {zh: 口令最长使用期限不超过90天, en: Password max age at most 90 days}
units: {L3: [L3-CES1-01], L4: [L4-CES1-01]}
platforms: [debian, rhel]
probes: [t]
applies_if: {fact: t.present, eq: true}
check:
  all:
    - {fact: t.max_days, le: 90}
    - {fact: t.method, in: ["SHA512", "YESCRYPT"]}
evidence: [t.max_days]
remediation:
  zh: 在 /etc/login.defs 中设置 PASS_MAX_DAYS 90。
  en: Set PASS_MAX_DAYS 90 in /etc/login.defs.
  commands: {debian: "sed -i 's/^PASS_MAX_DAYS.*/PASS_MAX_DAYS 90/' /etc/login.defs"}
high_risk: ["6.4.1.1"]
references: {cac: [accounts_maximum_age_login_defs]}
)yaml";

std::vector<Error> Parse(std::string text, std::optional<Rule>* out = nullptr) {
  catalog::Diagnostics d;
  auto r = ParseRuleText(text, "rule.yaml", testing::Catalog(), testing::Registry(), d);
  if (out) *out = r;
  return d.errors();
}

std::string Replace(std::string_view from, std::string_view to) {
  std::string s(kGood);
  auto p = s.find(from);
  EXPECT_NE(p, std::string::npos) << from;
  if (p != std::string::npos) s.replace(p, from.size(), to);
  return s;
}

TEST(RuleLoaderTest, ParsesAGoodRule) {
  std::optional<Rule> rule;
  auto errors = Parse(std::string(kGood), &rule);
  ASSERT_TRUE(errors.empty()) << errors.front().ToString();
  ASSERT_TRUE(rule.has_value());
  EXPECT_EQ(rule->id, "t-max-days");
  EXPECT_EQ(rule->units.at(3), std::vector<std::string>{"L3-CES1-01"});
  EXPECT_EQ(rule->check.op, Op::kAll);
  ASSERT_EQ(rule->check.children.size(), 2u);
  EXPECT_EQ(rule->check.children[0].operand, 90);
  EXPECT_EQ(rule->remediation.commands.at("debian").substr(0, 6), "sed -i");
  EXPECT_EQ(rule->references.at("cac").front(), "accounts_maximum_age_login_defs");
}

struct Bad {
  const char* name;
  std::string_view from, to;
  int line;
  std::string_view needle;
};

class BadRuleTest : public ::testing::TestWithParam<Bad> {};

TEST_P(BadRuleTest, RejectedWithLocation) {
  const Bad& b = GetParam();
  auto errors = Parse(Replace(b.from, b.to));
  ASSERT_FALSE(errors.empty()) << b.name;
  EXPECT_EQ(errors[0].where.line, b.line) << errors[0].ToString();
  EXPECT_NE(errors[0].ToString().find(b.needle), std::string::npos) << errors[0].ToString();
}

INSTANTIATE_TEST_SUITE_P(
    Table, BadRuleTest,
    ::testing::Values(Bad{"unknown_unit", "L3-CES1-01]", "L3-CES1-16]", 4, "L3-CES1-16"},
                      Bad{"unit_wrong_level", "L4: [L4-CES1-01]", "L4: [L3-CES1-02]", 4, "第 4 级"},
                      Bad{"unknown_op", "le: 90", "lte: 90", 10, "lte"},
                      Bad{"two_ops", "le: 90}", "le: 90, ge: 1}", 10, "一个运算符"},
                      Bad{"fact_outside_probes", "fact: t.method", "fact: sshd.method", 11, "sshd.method"},
                      Bad{"bad_operand", "le: 90", "le: ninety", 10, "数字"},
                      Bad{"bad_regex", "in: [\"SHA512\", \"YESCRYPT\"]", "matches: \"(\"", 11, "正则"},
                      Bad{"unknown_probe", "probes: [t]", "probes: [t, nosuch]", 1, "nosuch"},
                      Bad{"unknown_case", "\"6.4.1.1\"", "\"9.9.9\"", 1, "9.9.9"},
                      Bad{"unknown_field", "evidence:", "evidense:", 12, "evidense"},
                      Bad{"bad_platform", "[debian, rhel]", "[debian, windows]", 1, "windows"}),
    [](const auto& param_info) { return param_info.param.name; });

TEST(RuleLoaderTest, MissingCheckAndSyntaxErrors) {
  std::string no_check = Replace(
      "check:\n  all:\n    - {fact: t.max_days, le: 90}\n    - {fact: t.method, in: [\"SHA512\", "
      "\"YESCRYPT\"]}\n",
      "");
  auto e1 = Parse(no_check);
  ASSERT_FALSE(e1.empty());
  EXPECT_NE(e1[0].detail.find("check"), std::string::npos);
  auto e2 = Parse("format: dengbao-rule/1\nid: [unclosed\n");
  ASSERT_FALSE(e2.empty());
  EXPECT_EQ(e2[0].code, ErrorCode::kSyntax);
}

}  // namespace
}  // namespace dengbao::rules
