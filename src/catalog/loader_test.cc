#include "catalog/loader.h"

#include <gtest/gtest.h>

namespace dengbao::catalog {
namespace {

constexpr std::string_view kManifest = R"yaml(format: dengbao-catalog/1
id: test
title: {zh: 测试, en: Test}
source: unit test
categories:
  - {code: CES, zh: 安全计算环境, en: Computing environment, kind: technical}
scopes:
  - {id: general, digit: 1, zh: 通用, en: General}
  - {id: cloud, digit: 2, zh: 云, en: Cloud}
target_types:
  - {id: server_os, zh: 服务器操作系统, en: Server OS}
include: []
)yaml";

Manifest TestManifest() {
  Diagnostics d;
  Manifest m = ParseManifestText(kManifest, "catalog.yaml", d);
  EXPECT_TRUE(d.empty()) << d.errors().front().ToString();
  return m;
}

constexpr std::string_view kGoodItem = R"yaml(format: dengbao-catalog-items/1
items:
  - unit: L3-CES1-01
    level: 3
    scope: general
    clause: "8.1.4.1 a)"
    category: CES
    control_point: {zh: 身份鉴别, en: Identification and authentication}
    sag: S
    objects: [server_os]
    text: {zh: 应对登录用户进行身份鉴别。, en: Authenticate users.}
    weight: 0.7
    evidence: [host]
)yaml";

std::vector<Error> ParseItems(std::string text, std::vector<Item>* out = nullptr) {
  Diagnostics d;
  std::vector<Item> items;
  ParseItemsText(text, "items.yaml", TestManifest(), items, d);
  CheckCrossReferences(items, {}, nullptr, d);
  if (out) *out = items;
  return d.errors();
}

// Replaces the first occurrence of `from` in the good item; several replacements may be given
// separated by '|' in both strings.
std::string Mutate(std::string_view from, std::string_view to) {
  std::string s(kGoodItem);
  while (!from.empty()) {
    auto fbar = std::min(from.find('|'), from.size());
    auto tbar = std::min(to.find('|'), to.size());
    auto pos = s.find(from.substr(0, fbar));
    EXPECT_NE(pos, std::string::npos) << from;
    if (pos == std::string::npos) break;
    s.replace(pos, fbar, to.substr(0, tbar));
    from.remove_prefix(std::min(fbar + 1, from.size()));
    to.remove_prefix(std::min(tbar + 1, to.size()));
  }
  return s;
}

TEST(LoaderTest, ParsesAGoodItem) {
  std::vector<Item> items;
  auto errors = ParseItems(std::string(kGoodItem), &items);
  ASSERT_TRUE(errors.empty()) << errors.front().ToString();
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].unit, "L3-CES1-01");
  EXPECT_EQ(items[0].sag, Sag::kS);
  EXPECT_EQ(items[0].clause, "8.1.4.1 a)");
  EXPECT_DOUBLE_EQ(*items[0].weight, 0.7);
  EXPECT_EQ(items[0].where.line, 3);
}

struct BadCase {
  const char* name;
  std::string_view from;
  std::string_view to;
  int line;                 // expected error line
  std::string_view needle;  // expected substring of the detail
};

class BadItemTest : public ::testing::TestWithParam<BadCase> {};

TEST_P(BadItemTest, IsRejectedWithLocation) {
  const BadCase& c = GetParam();
  auto errors = ParseItems(Mutate(c.from, c.to));
  ASSERT_FALSE(errors.empty()) << c.name;
  EXPECT_EQ(errors[0].where.file, "items.yaml");
  EXPECT_EQ(errors[0].where.line, c.line) << errors[0].ToString();
  EXPECT_NE(errors[0].detail.find(c.needle), std::string::npos) << errors[0].ToString();
}

INSTANTIATE_TEST_SUITE_P(
    Table, BadItemTest,
    ::testing::Values(
        BadCase{"missing_text", "    text: {zh: 应对登录用户进行身份鉴别。, en: Authenticate users.}\n", "",
                3, "'text'"},
        BadCase{"unknown_field", "    weight: 0.7", "    wieght: 0.7", 12, "wieght"},
        BadCase{"level_mismatch", "level: 3", "level: 2", 3, "level"},
        BadCase{"level_out_of_range", "level: 3", "level: 7", 4, "1–4"},
        BadCase{"unknown_category", "category: CES", "category: XYZ", 3, "XYZ"},
        BadCase{"unknown_scope", "scope: general", "scope: space", 3, "space"},
        BadCase{"scope_digit", "scope: general|sag: S", "scope: cloud|sag: G", 3, "scope digit"},
        BadCase{"bad_sag", "sag: S", "sag: Q", 3, "S、A 或 G"},
        BadCase{"bad_id", "unit: L3-CES1-01", "unit: L3-CES-01", 3, "L3-CES1-01"},
        BadCase{"unknown_object", "objects: [server_os]", "objects: [toaster]", 3, "toaster"},
        BadCase{"bad_evidence", "evidence: [host]", "evidence: [telepathy]", 3, "telepathy"},
        BadCase{"weight_range", "weight: 0.7", "weight: 1.5", 12, "weight"},
        BadCase{"null_clause", "clause: \"8.1.4.1 a)\"", "clause: null", 3, "extra_in_28448"},
        BadCase{"duplicate_key", "    sag: S\n", "    sag: S\n    sag: A\n", 10, "重复"},
        BadCase{"syntax", "control_point: {zh", "control_point: [zh", 8, "YAML"}),
    [](const auto& param_info) { return param_info.param.name; });

TEST(LoaderTest, DuplicateUnitAcrossItemsNamesBothPlaces) {
  std::string text(kGoodItem);
  text += text.substr(text.find("  - unit"));
  auto errors = ParseItems(text);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].code, ErrorCode::kDuplicate);
  EXPECT_EQ(errors[0].where.line, 14);
  EXPECT_NE(errors[0].detail.find("items.yaml:3"), std::string::npos) << errors[0].detail;
}

TEST(LoaderTest, WrongFormatIsAnError) {
  auto errors = ParseItems(Mutate("dengbao-catalog-items/1", "something-else/2"));
  ASSERT_FALSE(errors.empty());
  EXPECT_NE(errors[0].detail.find("dengbao-catalog-items/1"), std::string::npos);
}

TEST(LoaderTest, CaseMustNameExistingUnitsAtTheirLevel) {
  std::vector<Item> items;
  ASSERT_TRUE(ParseItems(std::string(kGoodItem), &items).empty());
  constexpr std::string_view kCases = R"yaml(format: dengbao-high-risk-cases/1
source: test
cases:
  - id: "6.4.1.1"
    family: general
    title: {zh: 空口令, en: Empty password}
    control_point: 身份鉴别
    min_level: 3
    units: {L3: [L3-CES1-01, L3-CES1-99], L4: [L3-CES1-01]}
    business_continuity_only: false
    detectable: [host]
    condition: {zh: 存在空口令。, en: Empty password exists.}
    compensation: null
)yaml";
  Diagnostics d;
  std::vector<HighRiskCase> cases;
  ParseCasesText(kCases, "cases.yaml", TestManifest(), cases, d);
  ASSERT_TRUE(d.empty()) << d.errors().front().ToString();
  ASSERT_EQ(cases.size(), 1u);
  EXPECT_FALSE(cases[0].compensation.has_value());
  CheckCrossReferences(items, cases, nullptr, d);
  ASSERT_EQ(d.size(), 2u);
  EXPECT_NE(d.errors()[0].detail.find("L3-CES1-99"), std::string::npos);
  EXPECT_NE(d.errors()[1].detail.find("L4"), std::string::npos);
}

TEST(LoaderTest, MissingCatalogIsNotFound) {
  auto r = LoadCatalog("/nonexistent/catalog");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kNotFound);
}

TEST(LoaderTest, IncludeMayNotEscapeTheCatalog) {
  Diagnostics d;
  std::string m(kManifest);
  m.replace(m.find("include: []"), 11, "include: [../../etc/passwd]");
  ParseManifestText(m, "catalog.yaml", d);
  ASSERT_FALSE(d.empty());
  EXPECT_NE(d.errors()[0].detail.find(".."), std::string::npos);
}

}  // namespace
}  // namespace dengbao::catalog
