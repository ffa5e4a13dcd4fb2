#include "probes/files_io.h"

#include <gtest/gtest.h>

#include "host/fake_host.h"

namespace dengbao::probes {
namespace {

TEST(SysFilesIoTest, SanitizeUtf8ReplacesEveryInvalidSequence) {
  struct Case {
    std::string in, want;
  };
  const std::vector<Case> cases = {
      {"plain ascii", "plain ascii"},
      {"中文", "中文"},
      {"a\xff"
       "b",
       "a\xEF\xBF\xBD"
       "b"},
      {"\xC0\xAF", "\xEF\xBF\xBD\xEF\xBF\xBD"},                                  // overlong '/'
      {"\xED\xA0\x80", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"},                  // surrogate
      {"\xF4\x90\x80\x80", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"},  // > U+10FFFF
      {"\xE4\xB8", "\xEF\xBF\xBD\xEF\xBF\xBD"},                                  // truncated
      {"\xF0\x9F\x98\x80", "\xF0\x9F\x98\x80"},                                  // emoji
  };
  for (const auto& c : cases) {
    EXPECT_EQ(SanitizeUtf8(c.in), c.want) << c.in;
    EXPECT_NO_THROW(nlohmann::json(SanitizeUtf8(c.in)).dump());
  }
}

TEST(SysFilesIoTest, OverlayFilesFirstDirectoryWinsSortedByName) {
  auto files = OverlayFiles({"/etc/d", "/usr/lib/d"},
                            {{"50-a.conf", "10-x.conf", "notes.txt"}, {"50-a.conf", "20-b.conf"}}, ".conf");
  EXPECT_EQ(files,
            (std::vector<std::string>{"/etc/d/10-x.conf", "/usr/lib/d/20-b.conf", "/etc/d/50-a.conf"}));
}

TEST(SysFilesIoTest, ReaderRecordsErrorsButNotMissingFiles) {
  host::FakeHost h;
  h.AddFile("/etc/ok", "x=1\n").AddFile("/etc/secret", "x").Deny("/etc/secret");
  h.AddFile("/etc/bin", std::string("\0\1\2\3", 4)).AddSymlink("/etc/loop", "/etc/loop");
  Facts facts;
  SourceReader r(h, facts, "t");
  EXPECT_EQ(r.Read("/etc/ok"), "x=1\n");
  EXPECT_FALSE(r.Read("/etc/missing"));
  EXPECT_FALSE(r.error());
  EXPECT_FALSE(r.Read("/etc/secret"));
  ASSERT_TRUE(r.error());
  EXPECT_EQ(r.error()->code, ErrorCode::kPermissionDenied);
  EXPECT_FALSE(r.Read("/etc/bin"));
  EXPECT_FALSE(r.Read("/etc/loop"));
  EXPECT_EQ(r.error()->code, ErrorCode::kPermissionDenied);  // the first error is kept
  EXPECT_EQ(facts.warnings().size(), 3u);
}

TEST(SysFilesIoTest, ReaderTooLargeAndMaskedOverlay) {
  host::FakeHost h;
  h.AddFile("/etc/big", std::string(100, 'a'));
  h.AddFile("/usr/lib/d/a.conf", "1")
      .AddSymlink("/etc/d/a.conf", "/dev/null")
      .AddFile("/usr/lib/d/b.conf", "2");
  Facts facts;
  SourceReader r(h, facts, "t");
  EXPECT_FALSE(r.Read("/etc/big", 10));
  EXPECT_EQ(r.error()->code, ErrorCode::kTooLarge);
  EXPECT_EQ(OverlayFilesOnHost(r, {"/etc/d", "/usr/lib/d"}, ".conf"),
            (std::vector<std::string>{"/usr/lib/d/b.conf"}));
  EXPECT_EQ(PathTail("/a/b/c.service"), "c.service");
  EXPECT_EQ(PathTail("c"), "c");
}

}  // namespace
}  // namespace dengbao::probes
