#include "catalog/selection.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "catalog/test_util.h"

namespace dengbao::catalog {
namespace {

TEST(SelectionTest, AllowedCombinationsPerLevel) {
  EXPECT_EQ(AllowedCombinations(1), (std::vector<std::string>{"S1A1"}));
  EXPECT_EQ(AllowedCombinations(2), (std::vector<std::string>{"S1A2", "S2A2", "S2A1"}));
  EXPECT_EQ(AllowedCombinations(3), (std::vector<std::string>{"S1A3", "S2A3", "S3A3", "S3A2", "S3A1"}));
  EXPECT_EQ(AllowedCombinations(4).size(), 7u);
  EXPECT_TRUE(AllowedCombinations(0).empty());
}

TEST(SelectionTest, ParseGradeRejectsDisallowedCombinationAndListsAllowed) {
  auto bad = ParseGrade("S1A1", 3);
  ASSERT_FALSE(bad.has_value());
  EXPECT_NE(bad.error().detail.find("S1A3, S2A3, S3A3, S3A2, S3A1"), std::string::npos) << bad.error().detail;
  EXPECT_FALSE(ParseGrade("S3B2", 3).has_value());
  EXPECT_FALSE(ParseGrade("S3A2x", 3).has_value());
  auto good = ParseGrade("s3a2", 3);
  ASSERT_TRUE(good.has_value());
  EXPECT_EQ(good->s, 3);
  EXPECT_EQ(good->a, 2);
  auto derived = ParseGrade("S2A4", 0);
  ASSERT_TRUE(derived.has_value());
  EXPECT_EQ(derived->level, 4);
}

TEST(SelectionTest, FullGradeSelectsTheWholeLevel) {
  const Catalog& cat = testing::ShippedCatalog();
  for (auto [level, expected] : {std::pair{1, 55}, {2, 135}, {3, 211}, {4, 228}}) {
    auto items = SelectApplicable(cat, FullGrade(level), {"general"});
    ASSERT_TRUE(items.has_value());
    EXPECT_EQ(items->size(), static_cast<size_t>(expected)) << "level " << level;
  }
}

// S3A1: S and G items from level 3, A items from level 1.
TEST(SelectionTest, SAndAGradesPickTheirOwnLevels) {
  const Catalog& cat = testing::ShippedCatalog();
  auto items = SelectApplicable(cat, Grade{3, 1, 3}, {"general"});
  ASSERT_TRUE(items.has_value());
  size_t s3 = 0, g3 = 0, a1 = 0;
  for (const Item* item : *items) {
    switch (item->sag) {
      case Sag::kS:
        EXPECT_EQ(item->level, 3) << item->unit;
        ++s3;
        break;
      case Sag::kG:
        EXPECT_EQ(item->level, 3) << item->unit;
        ++g3;
        break;
      case Sag::kA:
        EXPECT_EQ(item->level, 1) << item->unit;
        ++a1;
        break;
    }
  }
  size_t want_a1 = std::count_if(cat.items().begin(), cat.items().end(), [](const Item& i) {
    return i.scope == "general" && i.level == 1 && i.sag == Sag::kA;
  });
  size_t l3_a = std::count_if(cat.items().begin(), cat.items().end(), [](const Item& i) {
    return i.scope == "general" && i.level == 3 && i.sag == Sag::kA;
  });
  EXPECT_GT(want_a1, 0u);
  EXPECT_GT(l3_a, want_a1);  // level 3 asks more of service availability than level 1
  EXPECT_EQ(a1, want_a1);
  EXPECT_EQ(s3 + g3 + l3_a, 211u);
  // Power supply is A-tagged: at S3A1 the level-1 unit applies, not the level-3 ones.
  auto has = [&](std::string_view unit) {
    return std::any_of(items->begin(), items->end(), [&](const Item* i) { return i->unit == unit; });
  };
  EXPECT_TRUE(has("L1-PES1-07"));
  EXPECT_FALSE(has("L3-PES1-19"));
  EXPECT_TRUE(has("L3-CES1-01"));  // identification is S-tagged
}

TEST(SelectionTest, ExtensionsOnlyAsChosen) {
  const Catalog& cat = testing::ShippedCatalog();
  auto general = SelectApplicable(cat, FullGrade(3), {"general"});
  auto with_cloud = SelectApplicable(cat, FullGrade(3), {"general", "cloud"});
  ASSERT_TRUE(general && with_cloud);
  EXPECT_EQ(with_cloud->size(), general->size() + 46);
  EXPECT_FALSE(SelectApplicable(cat, FullGrade(3), {"space"}).has_value());
  EXPECT_FALSE(SelectApplicable(cat, FullGrade(5), {}).has_value());
}

}  // namespace
}  // namespace dengbao::catalog
