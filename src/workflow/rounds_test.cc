#include "workflow/rounds.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace dengbao::workflow {
namespace {

std::vector<std::string> Keys(const std::vector<RoundChange>& changes) {
  std::vector<std::string> out;
  for (const RoundChange& c : changes) out.push_back(c.key + ":" + c.before + ">" + c.after);
  return out;
}

using V = std::vector<std::string>;

TEST(DiffRounds, ResultsByRank) {
  RoundView older;
  RoundView newer;
  older.results = {{"a@x", "fail"},    {"b@x", "partial"}, {"c@x", "pass"}, {"d@x", "fail"},
                   {"e@x", "partial"}, {"f@x", "pass"},    {"g@x", "fail"}, {"h@x", "partial"}};
  newer.results = {{"a@x", "pass"}, {"b@x", "pass"}, {"c@x", "fail"}, {"d@x", "partial"},
                   {"e@x", "fail"}, {"f@x", "pass"}, {"g@x", "fail"}, {"h@x", "partial"}};
  RoundDiff d = DiffRounds(older, newer);
  EXPECT_EQ(Keys(d.improved), (V{"a@x:fail>pass", "b@x:partial>pass", "d@x:fail>partial"}));
  EXPECT_EQ(Keys(d.regressed), (V{"c@x:pass>fail", "e@x:partial>fail"}));
  // Still open: fail or partial on both sides, whether or not it moved between them.
  EXPECT_EQ(Keys(d.still_open),
            (V{"d@x:fail>partial", "e@x:partial>fail", "g@x:fail>fail", "h@x:partial>partial"}));
  EXPECT_TRUE(d.newly_tested.empty());
  EXPECT_TRUE(d.untested.empty());
}

TEST(DiffRounds, NotApplicable) {
  RoundView older;
  RoundView newer;
  older.results = {{"a", "na"}, {"b", "fail"},    {"c", "na"}, {"d", "pass"},
                   {"e", "na"}, {"f", "partial"}, {"g", "na"}};
  newer.results = {{"a", "fail"}, {"b", "na"}, {"c", "pass"},   {"d", "na"},
                   {"e", "na"},   {"f", "na"}, {"g", "partial"}};
  RoundDiff d = DiffRounds(older, newer);
  EXPECT_EQ(Keys(d.improved), (V{"b:fail>na", "f:partial>na"}));
  EXPECT_EQ(Keys(d.regressed), (V{"a:na>fail", "g:na>partial"}));
  EXPECT_TRUE(d.still_open.empty());
  EXPECT_TRUE(d.newly_tested.empty());
  EXPECT_TRUE(d.untested.empty());
}

TEST(DiffRounds, TestedAndUntested) {
  RoundView older;
  RoundView newer;
  older.results = {{"a", "untested"}, {"c", "fail"}, {"d", "pass"}, {"e", "untested"}, {"f", "na"}};
  newer.results = {{"a", "fail"}, {"b", "pass"}, {"c", "untested"}, {"e", "untested"}, {"g", "na"}};
  RoundDiff d = DiffRounds(older, newer);
  EXPECT_EQ(Keys(d.newly_tested), (V{"a:untested>fail", "b:>pass", "g:>na"}));
  EXPECT_EQ(Keys(d.untested), (V{"c:fail>untested", "d:pass>", "f:na>"}));
  EXPECT_TRUE(d.improved.empty());
  EXPECT_TRUE(d.regressed.empty());
  EXPECT_TRUE(d.still_open.empty());
}

TEST(DiffRounds, Items) {
  RoundView older;
  RoundView newer;
  older.items = {{"a", "open"},     {"b", "in_progress"}, {"c", "awaiting_verification"},
                 {"d", "deferred"}, {"e", "closed"},      {"f", "planned"},
                 {"g", "accepted"}};
  newer.items = {{"a", "closed"}, {"b", "awaiting_verification"},
                 {"c", "closed"}, {"d", "closed"},
                 {"e", "closed"}, {"f", "accepted"},
                 {"g", "open"},   {"h", "open"},
                 {"i", "closed"}};
  RoundDiff d = DiffRounds(older, newer);
  EXPECT_EQ(d.items_closed, (V{"a", "c"}));
  EXPECT_EQ(d.items_still_open, (V{"b", "g", "h"}));
}

TEST(DiffRounds, EmptyRounds) {
  RoundDiff d = DiffRounds({}, {});
  EXPECT_TRUE(d.improved.empty() && d.regressed.empty() && d.still_open.empty() && d.newly_tested.empty() &&
              d.untested.empty() && d.items_closed.empty() && d.items_still_open.empty());
}

}  // namespace
}  // namespace dengbao::workflow
