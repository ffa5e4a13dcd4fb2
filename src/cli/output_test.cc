#include "cli/output.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace dengbao::cli {
namespace {

TEST(OutputTest, DisplayWidthCountsCjkAsTwo) {
  EXPECT_EQ(DisplayWidth("abc"), 3);
  EXPECT_EQ(DisplayWidth("身份鉴别"), 8);
  EXPECT_EQ(DisplayWidth("L3-CES1-01 身份"), 15);
  EXPECT_EQ(DisplayWidth("\xff\xfe"), 2);  // invalid bytes still count, never crash
}

TEST(OutputTest, TruncateKeepsWholeCharacters) {
  EXPECT_EQ(Truncate("身份鉴别要求", 7), "身份鉴…");
  EXPECT_EQ(Truncate("short", 10), "short");
}

TEST(OutputTest, TableAlignsWideCharacters) {
  std::ostringstream os;
  PrintTable(os, {"编号", "x"}, {{"L3", "a"}, {"身份鉴别", "b"}});
  EXPECT_EQ(os.str(), "编号      x\nL3        a\n身份鉴别  b\n");
}

TEST(OutputTest, CsvQuotesOnlyWhenNeeded) {
  EXPECT_EQ(CsvField("plain"), "plain");
  EXPECT_EQ(CsvField("a,b"), "\"a,b\"");
  EXPECT_EQ(CsvField("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(CsvField("two\nlines"), "\"two\nlines\"");
}

TEST(OutputTest, AtomicWriteReplacesAndFailsCleanly) {
  auto dir = std::filesystem::temp_directory_path() / "dengbao_output_test";
  std::filesystem::create_directories(dir);
  auto path = dir / "out.txt";
  ASSERT_TRUE(WriteFileAtomic(path, "first").has_value());
  ASSERT_TRUE(WriteFileAtomic(path, "second").has_value());
  std::ifstream in(path);
  std::string s((std::istreambuf_iterator<char>(in)), {});
  EXPECT_EQ(s, "second");
  auto bad = WriteFileAtomic(dir / "missing-dir" / "x.txt", "x");
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().code, ErrorCode::kIo);
  for (const auto& e : std::filesystem::directory_iterator(dir))
    EXPECT_EQ(e.path().filename(), "out.txt") << "leftover temp file";
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace dengbao::cli
