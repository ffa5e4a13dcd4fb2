#include "ops/answers.h"

#include <gtest/gtest.h>

namespace dengbao::ops {
namespace {

TEST(Answers, ScalarsAndValueNoteMappings) {
  auto a =
      ParseAnswers("temperature: 29.5\nups-status: {value: 异常, note: 2 号机柜}\nremarks: 无\n", "a.yaml");
  ASSERT_TRUE(a) << a.error().ToString();
  ASSERT_EQ(a->size(), 3U);
  EXPECT_EQ((*a)[0].item_id, "temperature");
  EXPECT_EQ((*a)[0].value, "29.5");
  EXPECT_EQ((*a)[1].value, "异常");
  EXPECT_EQ((*a)[1].note, "2 号机柜");
  EXPECT_EQ((*a)[2].value, "无");
}

TEST(Answers, JsonIsAccepted) {
  auto a = ParseAnswers(R"({"temperature": 30, "door-locked": {"value": "ok"}})", "a.json");
  ASSERT_TRUE(a) << a.error().ToString();
  ASSERT_EQ(a->size(), 2U);
  EXPECT_EQ((*a)[0].value, "30");
  EXPECT_EQ((*a)[1].value, "ok");
}

TEST(Answers, BadShapesNameThePlace) {
  const struct {
    std::string_view text;
    ErrorCode code;
  } cases[] = {
      {"- a\n- b\n", ErrorCode::kValidation},
      {"a: [1, 2]\n", ErrorCode::kValidation},
      {"a: {value: 1, extra: 2}\n", ErrorCode::kValidation},
      {"a: {note: x}\n", ErrorCode::kValidation},
      {"a: 1\na: 2\n", ErrorCode::kValidation},
      {"a: [1\n", ErrorCode::kSyntax},
  };
  for (const auto& c : cases) {
    auto a = ParseAnswers(c.text, "bad.yaml");
    ASSERT_FALSE(a) << c.text;
    EXPECT_EQ(a.error().code, c.code) << c.text;
    EXPECT_EQ(a.error().where.file, "bad.yaml");
  }
}

TEST(Answers, ShortList) {
  auto a = ParseAnswerList("temperature=30,ups-status=ok,remarks=");
  ASSERT_TRUE(a);
  ASSERT_EQ(a->size(), 3U);
  EXPECT_EQ((*a)[2].item_id, "remarks");
  EXPECT_EQ((*a)[2].value, "");
  EXPECT_FALSE(ParseAnswerList("temperature"));
  EXPECT_FALSE(ParseAnswerList("=1"));
  EXPECT_FALSE(ParseAnswerList("a=1,"));
}

}  // namespace
}  // namespace dengbao::ops
