// Pins the shipped catalog against the verified counts of DESIGN.md §1 (GB/T 22239-2019 /
// GB/T 28448-2019). A conversion slip (a lost, doubled or mis-levelled unit) fails here.
#include <gtest/gtest.h>

#include <map>

#include "catalog/test_util.h"

namespace dengbao::catalog {
namespace {

using Counts = std::map<std::string, std::map<std::string, std::map<int, int>>>;  // scope/category/level

Counts Count(bool include_extra) {
  Counts c;
  for (const auto& item : testing::ShippedCatalog().items())
    if (include_extra || !item.extra_in_28448) ++c[item.scope][item.category][item.level];
  return c;
}

int Total(const Counts& c, const std::string& scope, int level) {
  int n = 0;
  if (!c.contains(scope)) return 0;
  for (const auto& [cat, by_level] : c.at(scope))
    if (by_level.contains(level)) n += by_level.at(level);
  return n;
}

TEST(CatalogCountsTest, GeneralRequirementsPerCategoryAndLevel) {
  const std::map<std::string, std::array<int, 4>> expected = {
      {"PES", {7, 15, 22, 24}},  {"CNS", {2, 4, 8, 11}},  {"ABS", {5, 11, 20, 21}},
      {"CES", {11, 23, 34, 36}}, {"SMC", {0, 4, 12, 13}}, {"PSS", {1, 6, 7, 7}},
      {"ORS", {3, 9, 14, 15}},   {"HRS", {4, 7, 12, 14}}, {"CMS", {9, 25, 34, 35}},
      {"MMS", {13, 31, 48, 52}},
  };
  Counts c = Count(true);
  for (const auto& [cat, levels] : expected)
    for (int l = 1; l <= 4; ++l) EXPECT_EQ(c["general"][cat][l], levels[l - 1]) << cat << " L" << l;
  EXPECT_EQ(Total(c, "general", 1), 55);
  EXPECT_EQ(Total(c, "general", 2), 135);
  EXPECT_EQ(Total(c, "general", 3), 211);
  EXPECT_EQ(Total(c, "general", 4), 228);
}

TEST(CatalogCountsTest, ExtensionsPerLevel) {
  Counts with_extra = Count(true), items_only = Count(false);
  const std::map<std::string, std::array<int, 4>> items = {{"cloud", {11, 29, 46, 49}},
                                                           {"mobile", {5, 14, 19, 21}},
                                                           {"iot", {4, 7, 20, 21}},
                                                           {"ics", {9, 15, 21, 22}}};
  for (const auto& [scope, levels] : items)
    for (int l = 1; l <= 4; ++l) EXPECT_EQ(Total(items_only, scope, l), levels[l - 1]) << scope << " L" << l;
  // GB/T 28448 adds one IoT gateway unit at levels 3 and 4.
  EXPECT_EQ(Total(with_extra, "iot", 3), 21);
  EXPECT_EQ(Total(with_extra, "iot", 4), 22);
}

TEST(CatalogCountsTest, NumberingGapsOf28448AreKept) {
  const Catalog& cat = testing::ShippedCatalog();
  EXPECT_EQ(cat.FindItem("L3-CES1-16"), nullptr);
  EXPECT_NE(cat.FindItem("L3-CES1-15"), nullptr);
  EXPECT_NE(cat.FindItem("L3-CES1-17"), nullptr);
  EXPECT_NE(cat.FindItem("L3-CES1-35"), nullptr);
  EXPECT_EQ(cat.FindItem("L3-CES1-36"), nullptr);
  EXPECT_EQ(cat.FindItem("L3-CMS2-06"), nullptr);
  EXPECT_NE(cat.FindItem("L3-CMS2-07"), nullptr);
  ASSERT_NE(cat.FindItem("L3-CES4-04"), nullptr);
  EXPECT_TRUE(cat.FindItem("L3-CES4-04")->extra_in_28448);
  EXPECT_TRUE(cat.FindItem("L3-CES4-04")->clause.empty());
}

TEST(CatalogCountsTest, Level3WeightsFromTheAssessmentRecord) {
  std::map<double, int> by_weight;
  int unweighted = 0;
  for (const auto& item : testing::ShippedCatalog().items()) {
    if (item.scope != "general" || item.level != 3) continue;
    if (item.weight)
      ++by_weight[*item.weight];
    else
      ++unweighted;
  }
  EXPECT_EQ(unweighted, 0);
  EXPECT_EQ(by_weight[1.0], 39);
  EXPECT_EQ(by_weight[0.7], 107);
  EXPECT_EQ(by_weight[0.4], 65);
}

TEST(CatalogCountsTest, SagTagsOfKnownControlPoints) {
  const Catalog& cat = testing::ShippedCatalog();
  for (const auto& item : cat.items()) {
    if (item.scope != "general") {
      EXPECT_EQ(item.sag, Sag::kG) << item.unit;
      continue;
    }
    const std::string& cp = item.control_point.zh;
    bool a_point = cp == "电力供应" || cp == "数据备份恢复";
    bool s_point = cp == "电磁防护" || (cp == "访问控制" && item.category == "CES") || cp == "身份鉴别" ||
                   cp == "数据完整性" || cp == "数据保密性" || cp == "剩余信息保护" || cp == "个人信息保护";
    bool management = cat.manifest().FindCategory(item.category)->kind == "management";
    if (a_point) {
      EXPECT_EQ(item.sag, Sag::kA) << item.unit;
    }
    if (s_point) {
      EXPECT_EQ(item.sag, Sag::kS) << item.unit;
    }
    if (management) {
      EXPECT_EQ(item.sag, Sag::kG) << item.unit;
    }
  }
}

TEST(CatalogCountsTest, HighRiskCases) {
  const Catalog& cat = testing::ShippedCatalog();
  EXPECT_EQ(cat.high_risk_cases().size(), 81u);
  std::map<std::string, int> by_family;
  for (const auto& c : cat.high_risk_cases()) ++by_family[c.family];
  EXPECT_EQ(by_family["general"], 42);
  EXPECT_EQ(by_family["cloud"], 16);
  EXPECT_EQ(by_family["mobile"], 10);
  EXPECT_EQ(by_family["iot"], 4);
  EXPECT_EQ(by_family["ics"], 9);
  const HighRiskCase* empty_password = cat.FindCase("6.4.1.1");
  ASSERT_NE(empty_password, nullptr);
  EXPECT_EQ(empty_password->min_level, 2);
  auto cases = cat.CasesForUnit("L3-CES1-01");
  EXPECT_TRUE(
      std::any_of(cases.begin(), cases.end(), [](const HighRiskCase* c) { return c->id == "6.4.1.1"; }));
}

}  // namespace
}  // namespace dengbao::catalog
