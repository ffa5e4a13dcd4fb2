#include "ops/training_csv.h"

#include <gtest/gtest.h>

#include <string>

namespace dengbao::ops {
namespace {

using Rows = std::vector<std::vector<std::string>>;

TEST(Csv, Rfc4180Quoting) {
  auto rows = ParseCsv("a,\"b,c\",\"say \"\"hi\"\"\"\r\n\"multi\nline\",,end\n", "t.csv");
  ASSERT_TRUE(rows) << rows.error().ToString();
  EXPECT_EQ(*rows, (Rows{{"a", "b,c", "say \"hi\""}, {"multi\nline", "", "end"}}));
}

TEST(Csv, BomLineEndingsAndBlankLines) {
  auto rows = ParseCsv("\xEF\xBB\xBFx,y\r\n\r\n1,2\r3,4\n\n5,\n", "t.csv");
  ASSERT_TRUE(rows) << rows.error().ToString();
  EXPECT_EQ(*rows, (Rows{{"x", "y"}, {"1", "2"}, {"3", "4"}, {"5", ""}}));
  auto no_newline = ParseCsv("a,b", "t.csv");
  ASSERT_TRUE(no_newline);
  EXPECT_EQ(*no_newline, (Rows{{"a", "b"}}));
  auto quoted_empty = ParseCsv("\"\"\n", "t.csv");  // a quoted empty field is a row, not a blank line
  ASSERT_TRUE(quoted_empty);
  EXPECT_EQ(*quoted_empty, (Rows{{""}}));
  auto empty = ParseCsv("", "t.csv");
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->empty());
}

TEST(Csv, LiteralQuoteInsideUnquotedField) {
  auto rows = ParseCsv("5\" disk,ok\n", "t.csv");
  ASSERT_TRUE(rows);
  EXPECT_EQ(*rows, (Rows{{"5\" disk", "ok"}}));
}

TEST(Csv, SyntaxErrorsCarryLineAndColumn) {
  auto unterminated = ParseCsv("a,b\n张三,\"open\n", "t.csv");
  ASSERT_FALSE(unterminated);
  EXPECT_EQ(unterminated.error().code, ErrorCode::kSyntax);
  EXPECT_EQ(unterminated.error().where.line, 2);
  EXPECT_EQ(unterminated.error().where.column, 4);  // columns count characters: 张 三 , "
  EXPECT_EQ(unterminated.error().where.ToString(), "t.csv:2:4");

  auto trailing = ParseCsv("a,\"b\"x,c\n", "t.csv");
  ASSERT_FALSE(trailing);
  EXPECT_EQ(trailing.error().code, ErrorCode::kSyntax);
  EXPECT_EQ(trailing.error().where.line, 1);
  EXPECT_EQ(trailing.error().where.column, 6);
}

TEST(Csv, Limits) {
  auto rows = ParseCsv("1\n2\n3\n", "t.csv", 2);
  ASSERT_FALSE(rows);
  EXPECT_EQ(rows.error().code, ErrorCode::kTooLarge);
  EXPECT_EQ(rows.error().where.line, 3);

  auto wide = ParseCsv(std::string(kMaxCsvColumns + 5, ','), "t.csv");
  ASSERT_FALSE(wide);
  EXPECT_EQ(wide.error().code, ErrorCode::kTooLarge);

  auto big = ParseCsv("\"" + std::string(kMaxCsvFieldBytes + 1, 'x') + "\"", "t.csv");
  ASSERT_FALSE(big);
  EXPECT_EQ(big.error().code, ErrorCode::kTooLarge);
  auto big_plain = ParseCsv(std::string(kMaxCsvFieldBytes + 1, 'x'), "t.csv");
  ASSERT_FALSE(big_plain);
  EXPECT_EQ(big_plain.error().code, ErrorCode::kTooLarge);
}

TEST(Attendance, ChineseHeadersAnyOrderAndYesNoSpellings) {
  auto rows = ParseAttendanceCsv(
      "\xEF\xBB\xBF签到,姓名,部门,工号,成绩,备注\n"
      "是,张三,信息中心,A001,95,\n"
      "否,李四,财务处,,,请假\n"
      "√,\"王五\",总务处,A003,60,\n"
      ",,,,,\n"
      "✓,赵六,,,100,\n"
      "×,钱七,,,0,\n",
      "a.csv");
  ASSERT_TRUE(rows) << rows.error().ToString();
  ASSERT_EQ(rows->size(), 5u);
  EXPECT_EQ((*rows)[0].name, "张三");
  EXPECT_EQ((*rows)[0].department, "信息中心");
  EXPECT_EQ((*rows)[0].employee_id, "A001");
  EXPECT_TRUE((*rows)[0].attended);
  EXPECT_EQ((*rows)[0].score, 95);
  EXPECT_EQ((*rows)[0].line, 2);
  EXPECT_FALSE((*rows)[1].attended);
  EXPECT_EQ((*rows)[1].score, std::nullopt);
  EXPECT_TRUE((*rows)[2].attended);
  EXPECT_EQ((*rows)[3].name, "赵六");
  EXPECT_EQ((*rows)[3].line, 6);  // the blank ",,,,," row is skipped but still counted
  EXPECT_EQ((*rows)[3].score, 100);
  EXPECT_FALSE((*rows)[4].attended);
  EXPECT_EQ((*rows)[4].score, 0);
}

TEST(Attendance, EnglishHeadersAndValues) {
  auto rows = ParseAttendanceCsv(
      "Name, Attended ,Score\r\nAlice,YES,88\r\nBob,n,\r\nCarol,True,\r\nDan,0,\r\n", "a.csv");
  ASSERT_TRUE(rows) << rows.error().ToString();
  ASSERT_EQ(rows->size(), 4u);
  EXPECT_TRUE((*rows)[0].attended);
  EXPECT_FALSE((*rows)[1].attended);
  EXPECT_TRUE((*rows)[2].attended);
  EXPECT_FALSE((*rows)[3].attended);
  EXPECT_TRUE((*rows)[3].department.empty());
}

struct BadCsv {
  std::string name;
  std::string csv;
  int line;
  int column;
  std::string needle;
};

TEST(Attendance, BadInputsNameColumnAndAllowedValues) {
  const BadCsv cases[] = {
      {"empty", "", 0, 0, "header row"},
      {"missing columns", "部门,工号\n信息中心,A1\n", 1, 0, "姓名|name、签到|attended"},
      {"duplicate column", "姓名,name,签到\n", 1, 4, "duplicate column"},
      {"bad yes/no", "姓名,签到\n张三,也许\n", 2, 4, "是/否/yes/no/y/n/1/0/true/false/✓/✗/√/×"},
      {"empty attended", "姓名,签到\n张三,\n", 2, 4, "签到|attended"},
      {"empty name", "姓名,签到\n ,是\n", 2, 1, "姓名|name"},
      {"short row", "姓名,签到\n张三\n", 2, 0, "签到|attended"},
      {"score too high", "姓名,签到,成绩\n张三,是,101\n", 2, 6, "0–100"},
      {"score negative", "姓名,签到,成绩\n张三,是,-1\n", 2, 6, "0–100"},
      {"score not a number", "姓名,签到,成绩\n张三,是,优秀\n", 2, 6, "成绩|score"},
      {"syntax", "姓名,签到\n\"张三,是\n", 2, 1, "unterminated"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto r = ParseAttendanceCsv(c.csv, "a.csv");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().where.file, "a.csv");
    EXPECT_EQ(r.error().where.line, c.line) << r.error().ToString();
    EXPECT_EQ(r.error().where.column, c.column) << r.error().ToString();
    EXPECT_NE(r.error().ToString().find(c.needle), std::string::npos) << r.error().ToString();
  }
}

TEST(Phishing, ParsesWithDefaultsAndSummarises) {
  auto rows = ParsePhishingCsv(
      "姓名,邮箱,点击,提交凭据,上报\n"
      "张三,zhang@example.cn,是,是,否\n"
      "李四,li@example.cn,否,,是\n"
      "王五,wang@example.cn,1,0,1\n",
      "p.csv");
  ASSERT_TRUE(rows) << rows.error().ToString();
  ASSERT_EQ(rows->size(), 3u);
  EXPECT_EQ((*rows)[0].email, "zhang@example.cn");
  EXPECT_TRUE((*rows)[0].submitted);
  EXPECT_FALSE((*rows)[1].submitted);  // empty -> 否
  PhishingSummary s = Summarise(*rows);
  EXPECT_EQ(s.recipients, 3);
  EXPECT_EQ(s.clicked, 2);
  EXPECT_EQ(s.submitted, 1);
  EXPECT_EQ(s.reported, 2);

  auto minimal = ParsePhishingCsv("name,clicked\nAlice,no\n", "p.csv");  // optional columns absent
  ASSERT_TRUE(minimal) << minimal.error().ToString();
  EXPECT_FALSE((*minimal)[0].submitted);
  EXPECT_FALSE((*minimal)[0].reported);
}

TEST(Phishing, BadInputs) {
  const BadCsv cases[] = {
      {"missing clicked", "姓名,邮箱\n张三,a@b.cn\n", 1, 0, "点击|clicked"},
      {"bad reported", "name,clicked,reported\nA,yes,sometimes\n", 2, 7, "上报|reported"},
      {"empty clicked", "name,clicked\nA,\n", 2, 3, "点击|clicked"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto r = ParsePhishingCsv(c.csv, "p.csv");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::kValidation);
    EXPECT_EQ(r.error().where.line, c.line) << r.error().ToString();
    EXPECT_EQ(r.error().where.column, c.column) << r.error().ToString();
    EXPECT_NE(r.error().ToString().find(c.needle), std::string::npos) << r.error().ToString();
  }
  EXPECT_EQ(Summarise({}).recipients, 0);
}

}  // namespace
}  // namespace dengbao::ops
