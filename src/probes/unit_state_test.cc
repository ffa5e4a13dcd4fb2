#include "probes/unit_state.h"

#include <gtest/gtest.h>

#include "host/fake_host.h"

namespace dengbao::probes {
namespace {

TEST(UnitStateTest, SafeUtf8) {
  struct Case {
    std::string in, want;
  } cases[] = {
      {"plain", "plain"},
      {"中文", "中文"},
      {"a\xff"
       "b",
       "a\xEF\xBF\xBD"
       "b"},
      {"\xC0\xAF", "\xEF\xBF\xBD\xEF\xBF\xBD"},                  // overlong
      {"\xED\xA0\x80", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"},  // surrogate
      {"\xE4\xB8", "\xEF\xBF\xBD\xEF\xBF\xBD"},                  // truncated
      {std::string("a\0b\r\n\tc", 7), "ab\tc"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(SafeUtf8(c.in), c.want);
    EXPECT_NO_THROW(nlohmann::json(SafeUtf8(c.in)).dump());
  }
}

TEST(UnitStateTest, ServiceStateFromWantsLinksMasksAndProcesses) {
  host::FakeHost h;
  h.AddSymlink("/etc/systemd/system/multi-user.target.wants/clamd@scan.service",
               "/usr/lib/systemd/system/clamd@.service")
      .AddSymlink("/usr/lib/systemd/system/sysinit.target.wants/auditd.service", "../auditd.service")
      .AddSymlink("/etc/systemd/system/rsyslog.service", "/dev/null")
      .AddSymlink("/etc/systemd/system/multi-user.target.wants/rsyslog.service", "/lib/x");
  std::array<std::string_view, 1> clamd = {"clamd@*.service"};
  EXPECT_TRUE(QueryService(h, clamd, {}).enabled);
  EXPECT_TRUE(QueryService(h, "auditd.service", "auditd").enabled);
  EXPECT_FALSE(QueryService(h, "auditd.service", "auditd").running.has_value());
  auto rs = QueryService(h, "rsyslog.service", "");
  EXPECT_TRUE(rs.masked);
  EXPECT_FALSE(rs.enabled);
  h.SetLive(true).AddProcess({7, 0, "rsyslogd", "/usr/sbin/rsyslogd -n"});
  auto live = QueryService(h, "rsyslog.service", "rsyslogd");
  EXPECT_TRUE(live.Active());
  EXPECT_EQ(live.evidence, "进程 rsyslogd");
}

TEST(UnitStateTest, LinksToDirectoriesOrLoopsDoNotEnable) {  // tests/fixtures/hosts/broken
  host::FakeHost h;
  h.AddDir("/lib/systemd/system/auditd.service")
      .AddSymlink("/etc/systemd/system/multi-user.target.wants/auditd.service",
                  "/lib/systemd/system/auditd.service")
      .AddSymlink("/etc/systemd/system/multi-user.target.wants/loop.service", "loop.service")
      .AddSymlink("/etc/systemd/system/multi-user.target.wants/dangling.service",
                  "/lib/systemd/system/missing");
  EXPECT_FALSE(QueryService(h, "auditd.service", "auditd").enabled);
  EXPECT_FALSE(QueryService(h, "loop.service", "").enabled);
  EXPECT_TRUE(QueryService(h, "dangling.service", "").enabled);  // partial copies of /etc
}

TEST(UnitStateTest, CronDpkgAndPaths) {
  host::FakeHost h;
  h.AddFile("/etc/crontab", "# m h\nSHELL=/bin/sh\n0 1 * * * root run-parts /etc/cron.daily\n")
      .AddFile("/etc/cron.daily/aide", "#!/bin/sh\naide --check\n", 0755)
      .AddFile("/var/spool/cron/crontabs/root", "5 * * * * /usr/bin/clamscan /tmp\n")
      .AddFile("/etc/cron.d/bin", std::string("\0\xff", 2));
  auto lines = CollectCronLines(h);
  ASSERT_EQ(lines.size(), 5u);  // comments and the shebang are dropped
  EXPECT_EQ(lines[2].file, "/etc/cron.daily/aide");
  EXPECT_EQ(lines[2].line, 0);
  EXPECT_EQ(lines[4].text, "5 * * * * /usr/bin/clamscan /tmp");

  auto pkgs = ParseDpkgInstalled(
      "Package: a\nStatus: install ok installed\n\nPackage: b\nStatus: deinstall ok config-files\n\n"
      "Package: c\r\nStatus: hold ok installed\r\n");
  EXPECT_EQ(pkgs, (std::set<std::string, std::less<>>{"a", "c"}));
  EXPECT_EQ(BaseName("/etc/a/b.conf"), "b.conf");
  EXPECT_EQ(DirName("/etc/a/b.conf"), "/etc/a");
  EXPECT_EQ(DirName("/x"), "/");
}

TEST(UnitStateTest, ReadTextReportsErrors) {
  host::FakeHost h;
  h.AddFile("/big", std::string(100, 'x'))
      .AddFile("/bin", std::string("\0\0", 2))
      .AddSymlink("/loop", "/loop");
  EXPECT_EQ(ReadText(h, "/big", 10).error().code, ErrorCode::kTooLarge);
  EXPECT_EQ(ReadText(h, "/bin").error().code, ErrorCode::kSyntax);
  EXPECT_EQ(ReadText(h, "/loop").error().code, ErrorCode::kIo);
  Facts f;
  EXPECT_FALSE(ReadConfigOrReport(h, "/missing", f, "p", "p.x").has_value());
  EXPECT_EQ(f.UnknownOf("p.x"), nullptr);
  EXPECT_FALSE(ReadConfigOrReport(h, "/loop", f, "p", "p.x").has_value());
  EXPECT_EQ(f.UnknownOf("p.x")->code, ErrorCode::kIo);
  EXPECT_EQ(f.warnings().size(), 1u);
}

}  // namespace
}  // namespace dengbao::probes
