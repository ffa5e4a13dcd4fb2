#include "core/error.h"

#include <gtest/gtest.h>

namespace dengbao {
namespace {

TEST(ErrorTest, LocationFormatsKnownParts) {
  EXPECT_EQ((SourceLocation{"a.yaml", 3, 7}).ToString(), "a.yaml:3:7");
  EXPECT_EQ((SourceLocation{"a.yaml", 3, 0}).ToString(), "a.yaml:3");
  EXPECT_EQ((SourceLocation{"a.yaml", 0, 0}).ToString(), "a.yaml");
  EXPECT_EQ((SourceLocation{}).ToString(), "");
}

TEST(ErrorTest, ToStringCarriesLocationCategoryAndDetail) {
  Error e{ErrorCode::kDuplicate, "unit L3-CES1-01 defined twice", {"x.yaml", 12, 5}};
  EXPECT_EQ(e.ToString(), "x.yaml:12:5: 重复定义 (duplicate definition): unit L3-CES1-01 defined twice");
}

TEST(ErrorTest, ResultCarriesError) {
  auto f = []() -> Result<int> { return MakeError(ErrorCode::kNotFound, "no such unit"); };
  Result<int> r = f();
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(ErrorCodeName(r.error().code), "NotFound");
}

TEST(ErrorTest, ExitCodesAreDistinctPerClass) {
  EXPECT_EQ(ExitCodeFor(ErrorCode::kUsage), 2);
  EXPECT_EQ(ExitCodeFor(ErrorCode::kValidation), 3);
  EXPECT_EQ(ExitCodeFor(ErrorCode::kSyntax), 3);
  EXPECT_EQ(ExitCodeFor(ErrorCode::kNotFound), 4);
  EXPECT_NE(ExitCodeFor(ErrorCode::kIo), 0);
}

}  // namespace
}  // namespace dengbao
