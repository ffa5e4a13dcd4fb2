#include "host/host.h"

#include <gtest/gtest.h>

#include "host/fake_host.h"
#include "host/fs_host.h"

namespace dengbao::host {
namespace {

TEST(GlobTest, MatchesShellPatterns) {
  EXPECT_TRUE(GlobMatch("*.conf", "a.conf"));
  EXPECT_FALSE(GlobMatch("*.conf", "a.conf.bak"));
  EXPECT_TRUE(GlobMatch("*", ".hidden"));
  EXPECT_TRUE(GlobMatch("a?c", "abc"));
  EXPECT_FALSE(GlobMatch("a?c", "ac"));
  EXPECT_TRUE(GlobMatch("*a*b*", "xxaxxbxx"));
  EXPECT_FALSE(GlobMatch("*a*b*", "xxbxxaxx"));
}

TEST(GlobTest, ExpandsLastComponentOnFakeHost) {
  FakeHost h;
  h.AddFile("/etc/ssh/sshd_config.d/10-a.conf", "")
      .AddFile("/etc/ssh/sshd_config.d/20-b.conf", "")
      .AddFile("/etc/ssh/sshd_config.d/readme", "");
  auto g = Glob(h, "/etc/ssh/sshd_config.d/*.conf");
  ASSERT_TRUE(g.has_value());
  EXPECT_EQ(
      *g, (std::vector<std::string>{"/etc/ssh/sshd_config.d/10-a.conf", "/etc/ssh/sshd_config.d/20-b.conf"}));
  auto none = Glob(h, "/etc/missing.d/*");
  ASSERT_TRUE(none.has_value());
  EXPECT_TRUE(none->empty());
}

TEST(FakeHostTest, SymlinksDeniedAndLoops) {
  FakeHost h;
  h.AddFile("/etc/real", "x").AddSymlink("/etc/link", "real").AddSymlink("/a", "/b").AddSymlink("/b", "/a");
  h.AddFile("/etc/shadow", "root:!:1::::::", 0640).Deny("/etc/shadow");
  EXPECT_EQ(*h.ReadFile("/etc/link"), "x");
  EXPECT_EQ(h.ReadFile("/a").error().code, ErrorCode::kIo);
  EXPECT_EQ(h.ReadFile("/etc/shadow").error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(h.ReadFile("/nope").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(h.ListProcesses().error().code, ErrorCode::kUnsupported);
  EXPECT_EQ(h.ReadFile("/etc/real", 0).error().code, ErrorCode::kTooLarge);
}

TEST(ProcNetTest, ParsesListeningSockets) {
  const char* tcp =
      "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
      "   0: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1\n"
      "   1: 0100007F:0CEA 00000000:0000 0A 00000000:00000000 00:00000000 00000000   112        0 2 1\n"
      "   2: 0F02000A:0016 0202000A:C5A2 01 00000000:00000000 02:0004A2DA 00000000     0        0 3 1\n"
      "garbage line\n";
  auto s = ParseProcNet(tcp, "tcp");
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0].address, "0.0.0.0");
  EXPECT_EQ(s[0].port, 22);
  EXPECT_EQ(s[1].address, "127.0.0.1");
  EXPECT_EQ(s[1].port, 3306);
  const char* tcp6 =
      "  sl  local_address                         remote_address                        st\n"
      "   0: 00000000000000000000000000000000:0016 00000000000000000000000000000000:0000 0A 0\n";
  auto s6 = ParseProcNet(tcp6, "tcp6");
  ASSERT_EQ(s6.size(), 1u);
  EXPECT_EQ(s6[0].address, "::");
}

TEST(LocalHostTest, ReadsProcAndRunsCommands) {
  auto h = NewLocalHost();
  EXPECT_TRUE(h->IsLive());
  auto procs = h->ListProcesses();
  ASSERT_TRUE(procs.has_value());
  EXPECT_FALSE(procs->empty());
  auto r = h->Run({"sh", "-c", "echo out; echo err >&2; exit 3"}, std::chrono::seconds(5));
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->out, "out\n");
  EXPECT_EQ(r->err, "err\n");
  EXPECT_EQ(r->exit_code, 3);
  auto slow = h->Run({"sleep", "5"}, std::chrono::milliseconds(200));
  ASSERT_FALSE(slow.has_value());
  EXPECT_EQ(h->Run({"no-such-program-xyz"}, std::chrono::seconds(1)).error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace dengbao::host
