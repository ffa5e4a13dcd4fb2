#include "probes/text.h"

#include <gtest/gtest.h>

namespace dengbao::probes {
namespace {

TEST(TextTest, ConfigLinesStripCommentsAndJoinContinuations) {
  auto lines = ConfigLines("# head\r\nKey value # tail\n\n  \tIndented\tx  \nurl http://a#b\nA \\\n  B\n",
                           LineOptions{'#', true, true});
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0].number, 2);
  EXPECT_EQ(lines[0].text, "Key value");
  EXPECT_EQ(lines[1].text, "Indented\tx");
  EXPECT_EQ(lines[2].text, "url http://a#b");  // '#' not after whitespace is not a comment
  EXPECT_EQ(lines[3].number, 6);
  EXPECT_EQ(lines[3].text, "A B");
}

TEST(TextTest, WordsNumbersAndBinary) {
  EXPECT_EQ(SplitWords(" a\t b  c "), (std::vector<std::string_view>{"a", "b", "c"}));
  EXPECT_EQ(Split("a::b", ':'), (std::vector<std::string_view>{"a", "", "b"}));
  EXPECT_EQ(ParseInt(" 42 "), 42);
  EXPECT_EQ(ParseInt("-1"), -1);
  EXPECT_FALSE(ParseInt("4x").has_value());
  EXPECT_FALSE(ParseInt("99999999999999999999").has_value());
  EXPECT_TRUE(LooksBinary(std::string_view("ab\0cd", 5)));
  EXPECT_TRUE(LooksBinary("\xff\xfe\xfd\xfc\xfb"));
  EXPECT_FALSE(LooksBinary("普通的中文配置 key=value\n"));
}

}  // namespace
}  // namespace dengbao::probes
