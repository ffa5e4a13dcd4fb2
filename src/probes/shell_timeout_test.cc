#include "probes/shell_timeout.h"

#include <gtest/gtest.h>

#include "host/fake_host.h"

namespace dengbao::probes {
namespace {

TEST(ShellTimeoutTest, AssignmentForms) {
  struct Case {
    const char* line;
    std::optional<long long> seconds;
    bool readonly;
  } cases[] = {
      {"TMOUT=600", 600, false},
      {"export TMOUT=300", 300, false},
      {"readonly TMOUT=900", 900, true},
      {"declare -r TMOUT=120", 120, true},
      {"declare -xr TMOUT=\"180\"", 180, true},
      {"typeset -r TMOUT", std::nullopt, true},
      {"readonly TMOUT", std::nullopt, true},
      {"export TMOUT", std::nullopt, false},
      {"  TMOUT='450'  # comment", 450, false},
  };
  for (const auto& c : cases) {
    auto scan = ParseShellTimeout(c.line, "/etc/profile");
    ASSERT_EQ(scan.settings.size(), 1u) << c.line;
    EXPECT_EQ(scan.settings[0].seconds, c.seconds) << c.line;
    EXPECT_EQ(scan.settings[0].readonly, c.readonly) << c.line;
  }
  for (const char* none : {"unset TMOUT", "echo $TMOUT", "# TMOUT=5", "MYTMOUT=5", "TMOUT"})
    EXPECT_TRUE(ParseShellTimeout(none, "f").settings.empty()) << none;
}

TEST(ShellTimeoutTest, StatementsConditionalsAndCsh) {
  auto scan = ParseShellTimeout(
      "TMOUT=600; readonly TMOUT; export TMOUT\r\nif [ \"$UID\" -ne 0 ]; then\n  TMOUT=300\nfi\n"
      "[ -z \"$TMOUT\" ] && TMOUT=abc\nTMOUT=1200 \\\n",
      "/etc/profile.d/tmout.sh");
  ASSERT_EQ(scan.settings.size(), 6u);
  EXPECT_EQ(scan.settings[0].seconds, 600);
  EXPECT_TRUE(scan.settings[1].readonly);
  EXPECT_TRUE(scan.settings[3].conditional);
  EXPECT_EQ(scan.settings[3].where.line, 3);
  EXPECT_FALSE(scan.settings[4].conditional);
  EXPECT_FALSE(scan.settings[4].seconds.has_value());
  EXPECT_EQ(scan.warnings.size(), 1u);
  auto csh =
      ParseCshAutologout("set autologout=30\nset autologout = 10\nset autologout\nset history=5\n", "c");
  ASSERT_EQ(csh.settings.size(), 3u);
  EXPECT_EQ(csh.settings[0].seconds, 1800);
  EXPECT_EQ(csh.settings[1].seconds, 600);
  EXPECT_FALSE(csh.settings[2].seconds.has_value());
}

TEST(ShellTimeoutCollectTest, SmallestPositiveAcrossFiles) {
  host::FakeHost h;
  h.AddFile("/etc/profile", "TMOUT=0\n");
  h.AddFile("/etc/profile.d/a.sh", "readonly TMOUT=900\n");
  h.AddFile("/etc/profile.d/b.sh", "export TMOUT=600\n");
  h.AddFile("/etc/profile.d/c.txt", "TMOUT=5\n");  // not *.sh: not sourced
  h.AddFile("/etc/csh.cshrc", "set autologout=20\n");
  Facts f;
  CollectShellTimeout(h, f);
  EXPECT_EQ(f.Find("shell_timeout.tmout")->value, 600);
  EXPECT_EQ(f.Find("shell_timeout.tmout")->sources[0].file, "/etc/profile.d/b.sh");
  EXPECT_EQ(f.Find("shell_timeout.readonly")->value, true);
  EXPECT_EQ(f.Find("shell_timeout.settings")->value.size(), 4u);

  host::FakeHost empty;
  Facts g;
  CollectShellTimeout(empty, g);
  EXPECT_EQ(g.Find("shell_timeout.tmout")->value, nullptr);
  EXPECT_EQ(g.Find("shell_timeout.readonly")->value, false);

  host::FakeHost denied;
  denied.AddFile("/etc/profile", "TMOUT=600\n").Deny("/etc/profile");
  Facts d;
  CollectShellTimeout(denied, d);
  EXPECT_EQ(d.UnknownOf("shell_timeout.tmout")->code, ErrorCode::kPermissionDenied);
}

}  // namespace
}  // namespace dengbao::probes
