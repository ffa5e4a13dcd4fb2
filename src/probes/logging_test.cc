#include "probes/logging.h"

#include <gtest/gtest.h>

#include "host/fake_host.h"

namespace dengbao::probes {
namespace {

TEST(LoggingTest, RsyslogLegacyForwardsAndFiles) {
  RsyslogConfig c;
  ParseRsyslogConf(R"(# comment *.* @@commented:1
$IncludeConfig /etc/rsyslog.d/*.conf
*.info;mail.none;authpriv.none;cron.none                /var/log/messages
authpriv.*                                              /var/log/secure
*.*;auth,authpriv.none		-/var/log/syslog
*.* @10.0.0.1
*.* @@(o,z9)log.example.com:10514;RSYSLOG_ForwardFormat
& @[2001:db8::1]:601
auth.* :omrelp:relp.example.com:2514
:msg, contains, "iptables" /var/log/iptables.log
*.emerg :omusrmsg:*
)",
                   "/etc/rsyslog.conf", c);
  ASSERT_EQ(c.includes.size(), 1u);
  ASSERT_EQ(c.remotes.size(), 4u);
  EXPECT_EQ(c.remotes[0].target, "10.0.0.1");
  EXPECT_EQ(c.remotes[0].protocol, "udp");
  EXPECT_EQ(c.remotes[0].port, 514);
  EXPECT_EQ(c.remotes[0].line, 6);
  EXPECT_EQ(c.remotes[1].target, "log.example.com");
  EXPECT_EQ(c.remotes[1].protocol, "tcp");
  EXPECT_EQ(c.remotes[1].port, 10514);
  EXPECT_EQ(c.remotes[2].target, "2001:db8::1");
  EXPECT_EQ(c.remotes[2].port, 601);
  EXPECT_EQ(c.remotes[3].protocol, "relp");
  EXPECT_EQ(c.remotes[3].port, 2514);
  std::vector<std::string> files;
  for (const auto& f : c.local_files) files.push_back(f.path);
  EXPECT_EQ(files, (std::vector<std::string>{"/var/log/messages", "/var/log/secure", "/var/log/syslog",
                                             "/var/log/iptables.log"}));
}

TEST(LoggingTest, RsyslogRainerScriptAcrossLines) {
  RsyslogConfig c;
  ParseRsyslogConf(
      "module(load=\"imjournal\")\r\ninclude(file=\"/etc/rsyslog.d/*.conf\" mode=\"optional\")\r\n"
      "if $programname == 'sshd' then {\n  action(type=\"omfwd\"\n    Target=\"siem.local\" Port=\"6514\"\n"
      "    Protocol=\"tcp\" StreamDriver=\"gtls\")\n}\n"
      "*.* action(type=\"omrelp\" target=\"r\" port=\"2514\")\n"
      "local0.* action(type=\"omfile\" file=\"/var/log/local0.log\")\n"
      "action(type=\"omfwd\" target=\"unterminated\"\n",
      "f", c);
  ASSERT_EQ(c.includes, std::vector<std::string>{"/etc/rsyslog.d/*.conf"});
  ASSERT_EQ(c.remotes.size(), 3u);
  EXPECT_EQ(c.remotes[0].target, "siem.local");
  EXPECT_EQ(c.remotes[0].port, 6514);
  EXPECT_EQ(c.remotes[0].protocol, "tls");
  EXPECT_EQ(c.remotes[0].line, 4);
  EXPECT_EQ(c.remotes[1].protocol, "relp");
  EXPECT_EQ(c.remotes[2].target, "unterminated");
  ASSERT_EQ(c.local_files.size(), 1u);
  EXPECT_EQ(c.local_files[0].path, "/var/log/local0.log");
}

TEST(LoggingTest, SyslogNgOnlyUsedDestinationsCount) {
  SyslogNgConfig c;
  ParseSyslogNgConf(R"(@version: 3.38
@include "scl.conf"
source s_src { system(); internal(); };
destination d_net { network("10.1.1.1" port(1514) transport("tcp")); };
destination d_udp { udp("10.2.2.2"); };  # not used
destination d_sys { syslog("siem" transport("tls")); };
destination d_auth { file("/var/log/auth.log"); };
log { source(s_src); destination(d_net); destination(d_auth); };
log { source(s_src); destination( d_sys ); };
@include "/etc/syslog-ng/conf.d/*.conf"
)",
                    "/etc/syslog-ng/syslog-ng.conf", c);
  EXPECT_EQ(c.includes, (std::vector<std::string>{"scl.conf", "/etc/syslog-ng/conf.d/*.conf"}));
  ASSERT_EQ(c.destinations.size(), 4u);
  EXPECT_EQ(c.destinations[0].remotes[0].target, "10.1.1.1");
  EXPECT_EQ(c.destinations[0].remotes[0].port, 1514);
  EXPECT_EQ(c.destinations[0].remotes[0].line, 4);
  EXPECT_EQ(c.destinations[1].remotes[0].protocol, "udp");
  EXPECT_EQ(c.destinations[2].remotes[0].port, 6514);
  EXPECT_EQ(c.destinations[3].files[0].path, "/var/log/auth.log");
  EXPECT_TRUE(c.used.contains("d_net"));
  EXPECT_TRUE(c.used.contains("d_sys"));
  EXPECT_FALSE(c.used.contains("d_udp"));
}

TEST(LoggingTest, TimeSpans) {
  struct Case {
    const char* in;
    std::optional<long long> want;
  } cases[] = {
      {"180d", 180 * 86400LL},
      {"6month", 6 * 2629800LL},
      {"1y", 31557600LL},
      {"1 year", 31557600LL},
      {"3600", 3600},
      {"1w 2d", 9 * 86400LL},
      {"0", 0},
      {"5 fortnights", std::nullopt},
      {"", std::nullopt},
      {"99999999999999999999d", std::nullopt},
      {"1000000y", std::nullopt},
  };
  for (const auto& c : cases) EXPECT_EQ(ParseTimeSpanSeconds(c.in), c.want) << c.in;
}

TEST(LoggingTest, JournaldSectionsAndDropins) {
  JournaldConf j;
  ParseJournaldConf(
      "[Journal]\n#Storage=auto\nStorage=Persistent\nMaxRetentionSec=1month\n[Other]\nStorage=none\n", "a",
      j);
  ParseJournaldConf("[Journal]\nForwardToSyslog=yes\n", "b", j);
  EXPECT_EQ(j.storage, "persistent");
  EXPECT_EQ(j.max_retention, "1month");
  EXPECT_EQ(j.forward_to_syslog, true);
  EXPECT_EQ(j.sources.size(), 3u);
}

TEST(LoggingTest, CollectsRsyslogWithIncludes) {
  host::FakeHost h;
  h.AddFile("/usr/sbin/rsyslogd", "")
      .AddSymlink("/etc/systemd/system/multi-user.target.wants/rsyslog.service",
                  "/lib/systemd/system/rsyslog.service")
      .AddFile("/etc/rsyslog.conf", "$IncludeConfig /etc/rsyslog.d/*.conf\n*.info /var/log/messages\n")
      .AddFile("/etc/rsyslog.d/50-remote.conf", "*.* @@10.0.0.9:514\n")
      .AddFile("/etc/rsyslog.d/loop.conf", "$IncludeConfig /etc/rsyslog.conf\n")
      .AddFile("/etc/rsyslog.d/bin.conf", std::string("\0\0\0\xff", 4))
      .AddFile("/etc/systemd/journald.conf", "[Journal]\nStorage=volatile\n")
      .AddFile("/etc/systemd/journald.conf.d/90-ret.conf", "[Journal]\nMaxRetentionSec=180d\n")
      .AddFile("/lib/systemd/systemd-journald", "");
  Facts f;
  CollectLogging(h, f);
  EXPECT_EQ(f.Find("logging.rsyslog.enabled")->value, true);
  EXPECT_EQ(f.Find("logging.forwarding")->value, true);
  EXPECT_EQ(f.Find("logging.remote_targets")->value[0]["target"], "10.0.0.9");
  EXPECT_EQ(f.Find("logging.remote_targets")->value[0]["protocol"], "tcp");
  EXPECT_EQ(f.Find("logging.local_files")->value, nlohmann::json({"/var/log/messages"}));
  EXPECT_EQ(f.Find("logging.daemon")->value, "rsyslog");
  EXPECT_EQ(f.Find("logging.journald.storage")->value, "volatile");
  EXPECT_EQ(f.Find("logging.journald.max_retention_sec")->value, 180 * 86400);
  EXPECT_TRUE(f.Find("logging.journald.forward_to_syslog")->value.is_null());
  EXPECT_FALSE(f.warnings().empty());  // the binary drop-in
  EXPECT_NO_THROW(f.ToJson().dump());
}

TEST(LoggingTest, JournaldOnlyAndDisabledDaemonDoesNotForward) {
  host::FakeHost h;
  h.AddFile("/usr/lib/systemd/systemd-journald", "")
      .AddFile("/usr/sbin/rsyslogd", "")
      .AddFile("/etc/rsyslog.conf", "*.* @@10.0.0.9\n")
      .AddDir("/var/log/journal");
  Facts f;
  CollectLogging(h, f);
  EXPECT_EQ(f.Find("logging.rsyslog.enabled")->value, false);
  EXPECT_EQ(f.Find("logging.forwarding")->value, false);
  EXPECT_EQ(f.Find("logging.remote_targets")->value.size(), 1u);
  EXPECT_EQ(f.Find("logging.daemon")->value, "journald-only");
  EXPECT_EQ(f.Find("logging.journald.persistent")->value, true);
  EXPECT_TRUE(f.Find("logging.journald.max_retention_sec")->value.is_null());
}

TEST(LoggingTest, InvalidUtf8InTargetsIsSafe) {
  host::FakeHost h;
  h.AddFile("/etc/rsyslog.conf", "*.* @@h\xc3\x28st\n*.* /var/log/\xff\xfe.log\n");
  Facts f;
  CollectLogging(h, f);
  EXPECT_NO_THROW(f.ToJson().dump());
  EXPECT_FALSE(f.Find("logging.daemon")->value.is_string());
}

}  // namespace
}  // namespace dengbao::probes
