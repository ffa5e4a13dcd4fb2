#include "ops/checklist.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "catalog/loader.h"

namespace dengbao::ops {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kGood = R"yaml(format: dengbao-checklist/1
id: room
name: 机房日常巡检
frequency: 每日
domain: it
units: [L3-PES1-17]
items:
  - id: temp
    text: 机房温度
    kind: number
    min: 18
    max: 27
    hazard: 温度异常
  - id: ups
    text: UPS 正常
    hazard: UPS 告警
    severity: major
  - id: note
    text: 其他
    kind: text
)yaml";

TEST(Checklist, ParsesAllFields) {
  auto t = ParseChecklist(kGood, "room.yaml");
  ASSERT_TRUE(t) << t.error().ToString();
  EXPECT_EQ(t->id, "room");
  EXPECT_EQ(t->name, "机房日常巡检");
  EXPECT_EQ(t->frequency, workflow::Frequency::kDaily);
  EXPECT_EQ(t->domain, "it");
  EXPECT_EQ(t->units, std::vector<std::string>{"L3-PES1-17"});
  EXPECT_EQ(t->source, "room.yaml");
  ASSERT_EQ(t->items.size(), 3u);
  EXPECT_EQ(t->items[0].kind, ItemKind::kNumber);
  EXPECT_EQ(t->items[0].min, 18);
  EXPECT_EQ(t->items[0].max, 27);
  EXPECT_EQ(t->items[0].severity, "general");  // the default
  EXPECT_EQ(t->items[1].kind, ItemKind::kCheck);
  EXPECT_EQ(t->items[1].severity, "major");
  EXPECT_EQ(t->items[2].kind, ItemKind::kText);
}

TEST(Checklist, FrequenciesByIdAndLabel) {
  const std::pair<std::string_view, workflow::Frequency> cases[] = {
      {"weekly", workflow::Frequency::kWeekly},       {"每周", workflow::Frequency::kWeekly},
      {"monthly", workflow::Frequency::kMonthly},     {"每月", workflow::Frequency::kMonthly},
      {"quarterly", workflow::Frequency::kQuarterly}, {"每季度", workflow::Frequency::kQuarterly},
      {"yearly", workflow::Frequency::kYearly},       {"每年", workflow::Frequency::kYearly},
      {"daily", workflow::Frequency::kDaily},
  };
  for (const auto& [text, want] : cases) {
    std::string yaml(kGood);
    yaml.replace(yaml.find("每日"), std::string_view("每日").size(), text);
    auto t = ParseChecklist(yaml, "f.yaml");
    ASSERT_TRUE(t) << text << ": " << t.error().ToString();
    EXPECT_EQ(t->frequency, want) << text;
  }
}

// Replaces the first occurrence of `from` in the good template.
std::string Mutate(std::string_view from, std::string_view to) {
  std::string yaml(kGood);
  const size_t at = yaml.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  yaml.replace(at, from.size(), to);
  return yaml;
}

struct BadCase {
  std::string name;
  std::string yaml;
  ErrorCode code;
  int line;
  std::string needle;  // part of the message that says what was expected
};

TEST(Checklist, BadInputsNameLineAndExpectation) {
  const BadCase cases[] = {
      {"syntax", "format: [unclosed\n", ErrorCode::kSyntax, 2, "YAML"},
      {"not a map", "- a\n- b\n", ErrorCode::kValidation, 1, "expected a mapping"},
      {"wrong format", Mutate("dengbao-checklist/1", "dengbao-checklist/2"), ErrorCode::kValidation, 1,
       "dengbao-checklist/1"},
      {"unknown key", Mutate("domain: it", "domain: it\ncolour: red"), ErrorCode::kValidation, 6, "colour"},
      {"missing name", Mutate("name: 机房日常巡检\n", ""), ErrorCode::kValidation, 1, "'name'"},
      {"unknown frequency", Mutate("每日", "hourly"), ErrorCode::kValidation, 4, "daily/weekly"},
      {"unknown domain", Mutate("domain: it", "domain: hospital"), ErrorCode::kValidation, 5, "it 或 school"},
      {"units not a list", Mutate("[L3-PES1-17]", "L3-PES1-17"), ErrorCode::kValidation, 6,
       "list of unit ids"},
      {"empty items",
       "format: dengbao-checklist/1\nid: x\nname: X\nfrequency: daily\ndomain: it\nitems: []\n",
       ErrorCode::kValidation, 6, "at least one item"},
      {"missing items", "format: dengbao-checklist/1\nid: x\nname: X\nfrequency: daily\ndomain: it\n",
       ErrorCode::kValidation, 1, "'items'"},
      {"duplicate item id", Mutate("id: ups", "id: temp"), ErrorCode::kDuplicate, 14, "temp.yaml:8:9"},
      {"min > max", Mutate("min: 18", "min: 30"), ErrorCode::kValidation, 11, "min > max"},
      {"bound not a number", Mutate("max: 27", "max: warm"), ErrorCode::kValidation, 12, "finite number"},
      {"bounds on check item", Mutate("hazard: UPS 告警", "hazard: UPS 告警\n    min: 1"),
       ErrorCode::kValidation, 17, "kind: number"},
      {"unknown kind", Mutate("kind: text", "kind: photo"), ErrorCode::kValidation, 20,
       "check、number 或 text"},
      {"unknown severity", Mutate("severity: major", "severity: critical"), ErrorCode::kValidation, 17,
       "major（重大隐患）或 general"},
      {"missing hazard", Mutate("    hazard: UPS 告警\n", ""), ErrorCode::kValidation, 14, "'hazard'"},
      {"unknown item key", Mutate("severity: major", "severity: major\n    owner: 张三"),
       ErrorCode::kValidation, 18, "owner"},
      {"bad template id", Mutate("id: room", "id: 机房"), ErrorCode::kValidation, 2, "invalid template id"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto t = ParseChecklist(c.yaml, c.name == "duplicate item id" ? "temp.yaml" : "bad.yaml");
    ASSERT_FALSE(t);
    EXPECT_EQ(t.error().code, c.code) << t.error().ToString();
    EXPECT_EQ(t.error().where.line, c.line) << t.error().ToString();
    EXPECT_NE(t.error().ToString().find(c.needle), std::string::npos) << t.error().ToString();
  }
}

TEST(Checklist, HugeInputIsRefused) {
  auto t = ParseChecklist(std::string(2 << 20, '#'), "big.yaml");
  ASSERT_FALSE(t);
  EXPECT_EQ(t.error().code, ErrorCode::kTooLarge);
}

TEST(Checklist, IsAbnormalJudgesEachKind) {
  auto t = ParseChecklist(kGood, "room.yaml");
  ASSERT_TRUE(t);
  auto judge = [&](std::string item, std::string value) {
    return IsAbnormal(*t, ItemAnswer{item, value, ""});
  };
  EXPECT_EQ(judge("temp", "22.5"), false);
  EXPECT_EQ(judge("temp", "18"), false);
  EXPECT_EQ(judge("temp", " 27 "), false);
  EXPECT_EQ(judge("temp", "27.1"), true);
  EXPECT_EQ(judge("temp", "-3"), true);
  EXPECT_EQ(judge("ups", "正常"), false);
  EXPECT_EQ(judge("ups", "OK"), false);
  EXPECT_EQ(judge("ups", "异常"), true);
  EXPECT_EQ(judge("ups", "abnormal"), true);
  EXPECT_EQ(judge("note", "空调滴水，已报修"), false);

  auto unknown = judge("nope", "正常");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, ErrorCode::kInvalidArgument);
  auto not_number = judge("temp", "warm");
  ASSERT_FALSE(not_number);
  EXPECT_EQ(not_number.error().code, ErrorCode::kInvalidArgument);
  auto not_check = judge("ups", "maybe");
  ASSERT_FALSE(not_check);
  EXPECT_NE(not_check.error().detail.find("正常/异常"), std::string::npos);
  EXPECT_FALSE(judge("temp", "nan"));
  EXPECT_FALSE(judge("temp", ""));
}

class TempDir {
 public:
  TempDir()
      : path_(fs::temp_directory_path() / ("dengbao-ops-" + std::to_string(::getpid()) + "-" +
                                           ::testing::UnitTest::GetInstance()->current_test_info()->name())) {
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  const fs::path& path() const { return path_; }
  void Write(const std::string& name, std::string_view text) const {
    std::ofstream(path_ / name, std::ios::binary) << text;
  }

 private:
  fs::path path_;
};

TEST(Checklist, LoadSortsByIdAndRejectsDuplicateIds) {
  TempDir dir;
  std::string b(kGood);
  b.replace(b.find("id: room"), 8, "id: aaa");
  dir.Write("z.yaml", b);
  dir.Write("a.yaml", kGood);
  dir.Write("readme.txt", "not a template");
  auto all = LoadChecklists(dir.path());
  ASSERT_TRUE(all) << all.error().ToString();
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].id, "aaa");
  EXPECT_EQ((*all)[1].id, "room");

  dir.Write("m.yaml", kGood);
  auto dup = LoadChecklists(dir.path());
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code, ErrorCode::kDuplicate);
  EXPECT_NE(dup.error().ToString().find("a.yaml"), std::string::npos) << dup.error().ToString();
  EXPECT_NE(dup.error().ToString().find("m.yaml"), std::string::npos) << dup.error().ToString();

  auto missing = LoadChecklists(dir.path() / "nope");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

TEST(Checklist, ShippedTemplatesLoadAndNameRealUnits) {
  const fs::path source(DENGBAO_SOURCE_DIR);
  auto all = LoadChecklists(source / "catalogs/operations/checklists");
  ASSERT_TRUE(all) << all.error().ToString();
  std::vector<std::string> ids;
  for (const auto& t : *all) ids.push_back(t.id);
  for (const char* want : {"account-review-monthly", "backup-weekly", "machine-room-daily", "school-safety"})
    EXPECT_NE(std::ranges::find(ids, want), ids.end()) << want;

  auto cat = catalog::LoadCatalog(source / "catalogs/gbt22239-2019");
  ASSERT_TRUE(cat) << cat.error().ToString();
  for (const auto& t : *all) {
    SCOPED_TRACE(t.id);
    if (t.domain == "it") {
      EXPECT_FALSE(t.units.empty());
    }
    for (const auto& u : t.units) {
      EXPECT_NE(cat->FindItem(u), nullptr) << "unknown unit " << u;
    }
    for (const auto& item : t.items) {
      if (item.kind != ItemKind::kText) {
        EXPECT_FALSE(item.hazard.empty()) << item.id;
      }
    }
  }
}

}  // namespace
}  // namespace dengbao::ops
