#include "rules/evaluate.h"

#include <gtest/gtest.h>

#include "catalog/yaml_reader.h"
#include "rules/rule_loader.h"
#include "rules/test_rules.h"

namespace dengbao::rules {
namespace {

// Builds a condition from YAML through the real loader (probe "t").
Condition Cond(const std::string& yaml) {
  std::string doc =
      "format: dengbao-rule/1\nid: x\ntitle: {zh: x, en: x}\nunits: {L3: [L3-CES1-01]}\n"
      "platforms: [any]\nprobes: [t]\nremediation: {zh: x, en: x}\ncheck: " +
      yaml + "\n";
  catalog::Diagnostics d;
  auto r = ParseRuleText(doc, "c.yaml", testing::Catalog(), testing::Registry(), d);
  EXPECT_TRUE(d.empty()) << (d.empty() ? "" : d.errors().front().ToString());
  return r ? r->check : Condition{};
}

probes::Facts Sample() {
  probes::Facts f;
  f.Set("t.n", 5, {{"/etc/t.conf", 3, "n=5"}});
  f.Set("t.s", "prohibit-password");
  f.Set("t.list", nlohmann::json::array({22, 80}));
  f.Set("t.empty", nlohmann::json::array());
  f.Set("t.null", nullptr);
  f.SetUnknown("t.secret", Error{ErrorCode::kPermissionDenied, "shadow", {"/etc/shadow"}});
  return f;
}

struct Case {
  const char* yaml;
  Tri want;
};

class EvaluateTest : public ::testing::TestWithParam<Case> {};

TEST_P(EvaluateTest, Table) {
  probes::Facts f = Sample();
  Evaluation e = Evaluate(Cond(GetParam().yaml), f);
  EXPECT_EQ(e.value, GetParam().want) << GetParam().yaml;
}

INSTANTIATE_TEST_SUITE_P(
    Ops, EvaluateTest,
    ::testing::Values(Case{"{fact: t.n, le: 5}", Tri::kTrue}, Case{"{fact: t.n, lt: 5}", Tri::kFalse},
                      Case{"{fact: t.n, ge: 5.0}", Tri::kTrue}, Case{"{fact: t.n, eq: 5}", Tri::kTrue},
                      Case{"{fact: t.missing, le: 5}", Tri::kFalse},  // not configured never meets a limit
                      Case{"{fact: t.missing, exists: false}", Tri::kTrue},
                      Case{"{fact: t.null, exists: true}", Tri::kFalse},
                      Case{"{fact: t.s, in: [\"no\", \"prohibit-password\"]}", Tri::kTrue},
                      Case{"{fact: t.s, not_in: [\"yes\"]}", Tri::kTrue},
                      Case{"{fact: t.s, matches: \"^prohibit\"}", Tri::kTrue},
                      Case{"{fact: t.s, not_matches: \"^yes$\"}", Tri::kTrue},
                      Case{"{fact: t.list, contains: 22}", Tri::kTrue},
                      Case{"{fact: t.list, disjoint_with: [21, 23]}", Tri::kTrue},
                      Case{"{fact: t.list, disjoint_with: [23, 80]}", Tri::kFalse},
                      Case{"{fact: t.list, intersects: [80]}", Tri::kTrue},
                      Case{"{fact: t.list, subset_of: [22, 80, 443]}", Tri::kTrue},
                      Case{"{fact: t.empty, empty: true}", Tri::kTrue},
                      Case{"{fact: t.list, size_le: 1}", Tri::kFalse},
                      Case{"{fact: t.secret, empty: true}", Tri::kUnknown},
                      // three-valued combinators
                      Case{"{all: [{fact: t.n, le: 5}, {fact: t.secret, empty: true}]}", Tri::kUnknown},
                      Case{"{all: [{fact: t.n, gt: 5}, {fact: t.secret, empty: true}]}", Tri::kFalse},
                      Case{"{any: [{fact: t.n, le: 5}, {fact: t.secret, empty: true}]}", Tri::kTrue},
                      Case{"{any: [{fact: t.n, gt: 5}, {fact: t.secret, empty: true}]}", Tri::kUnknown},
                      Case{"{none: [{fact: t.n, gt: 5}, {fact: t.s, eq: \"yes\"}]}", Tri::kTrue},
                      Case{"{not: {fact: t.n, le: 5}}", Tri::kFalse},
                      Case{"{not: {fact: t.secret, empty: true}}", Tri::kUnknown}));

TEST(EvaluateObservationsTest, LeavesCarryValuesSourcesAndUnknownReasons) {
  probes::Facts f = Sample();
  Evaluation e = Evaluate(Cond("{all: [{fact: t.n, le: 5}, {fact: t.secret, empty: true}]}"), f);
  ASSERT_EQ(e.observations.size(), 2u);
  EXPECT_EQ(e.observations[0].value, 5);
  ASSERT_EQ(e.observations[0].sources.size(), 1u);
  EXPECT_EQ(e.observations[0].sources[0].line, 3);
  EXPECT_EQ(e.observations[0].expectation, "le 5");
  ASSERT_TRUE(e.observations[1].unknown.has_value());
  ASSERT_TRUE(e.unknown.has_value());
  EXPECT_EQ(e.unknown->code, ErrorCode::kPermissionDenied);
}

}  // namespace
}  // namespace dengbao::rules
