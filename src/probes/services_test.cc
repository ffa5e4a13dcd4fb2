#include "probes/services.h"

#include <gtest/gtest.h>

#include "host/fake_host.h"

namespace dengbao::probes {
namespace {

using Names = std::set<std::string>;

Names Strings(const nlohmann::json& j) { return j.get<Names>(); }

TEST(SysServicesTest, ParseXinetdBlocks) {
  auto svcs = ParseXinetd(
      "# default: on\r\nservice telnet\n{\n  flags = REUSE\n  disable\t=  no\n}\n"
      "service tftp {\n disable = yes\n}\n"
      "service rsh\n{\n socket_type = stream\n}\n"
      "defaults\n{\n}\nservice broken\n{\n disable = no\n");
  ASSERT_EQ(svcs.size(), 4u);
  EXPECT_EQ(svcs[0].name, "telnet");
  EXPECT_TRUE(svcs[0].enabled);
  EXPECT_EQ(svcs[0].line, 2);
  EXPECT_FALSE(svcs[1].enabled);
  EXPECT_TRUE(svcs[2].enabled);  // no disable key: xinetd runs it
  EXPECT_EQ(svcs[3].name, "broken");
}

TEST(SysServicesTest, NamesAndSystemctlOutput) {
  EXPECT_EQ(BareServiceName("ssh.service"), "ssh");
  EXPECT_EQ(BareServiceName("telnet@0-10.0.0.1:23-10.0.0.2:5555.service"), "telnet");
  EXPECT_EQ(BareServiceName("in.telnetd"), "telnetd");
  EXPECT_EQ(BareServiceName("rpcbind.socket"), "rpcbind");
  EXPECT_EQ(SysvName("S20rpcbind"), "rpcbind");
  EXPECT_EQ(SysvName("K01ssh"), "");
  EXPECT_EQ(SysvName("S99"), "");
  EXPECT_EQ(SysvName("README"), "");
  auto units = ParseSystemctlUnits(
      "cron.service loaded active running Regular background program processing daemon\n"
      "\xE2\x97\x8F bad.service loaded active failed x\n  \nnot a unit line\r\nsshd.socket loaded active "
      "listening x\n");
  EXPECT_EQ(units, (std::vector<std::string>{"cron.service", "bad.service", "sshd.socket"}));
}

host::FakeHost DebianHost() {
  host::FakeHost h;
  h.AddFile("/lib/systemd/system/ssh.service", "[Unit]\n");
  h.AddFile("/lib/systemd/system/telnet.socket", "[Socket]\n");
  h.AddFile("/lib/systemd/system/rpcbind.service", "[Unit]\n");
  h.AddFile("/usr/lib/systemd/system/systemd-logind.service", "[Unit]\n");
  h.AddSymlink("/etc/systemd/system/multi-user.target.wants/ssh.service", "/lib/systemd/system/ssh.service");
  h.AddSymlink("/etc/systemd/system/sshd.service", "/lib/systemd/system/ssh.service");
  h.AddSymlink("/etc/systemd/system/sockets.target.wants/telnet.socket", "/lib/systemd/system/telnet.socket");
  h.AddSymlink("/etc/systemd/system/multi-user.target.wants/rpcbind.service",
               "/lib/systemd/system/rpcbind.service");
  h.AddSymlink("/etc/systemd/system/rpcbind.service", "/dev/null");
  h.AddSymlink("/usr/lib/systemd/system/multi-user.target.wants/systemd-logind.service",
               "../systemd-logind.service");
  h.AddFile("/etc/xinetd.d/rsh", "service rsh\n{\n disable = no\n}\n");
  h.AddFile("/etc/xinetd.d/tftp", "service tftp\n{\n disable = yes\n}\n");
  h.AddFile("/etc/xinetd.d/tftp.rpmsave", "service tftp\n{\n disable = no\n}\n");
  h.AddSymlink("/etc/rc3.d/S01vsftpd", "../init.d/vsftpd").AddSymlink("/etc/rc3.d/K01nfs", "../init.d/nfs");
  return h;
}

TEST(SysServicesTest, CollectOfflineDebian) {
  auto h = DebianHost();
  Facts facts;
  CollectServices(h, facts);
  EXPECT_EQ(Strings(facts.Find("services.enabled")->value),
            (Names{"ssh.service", "sshd.service", "systemd-logind.service", "telnet.socket"}));
  EXPECT_EQ(Strings(facts.Find("services.masked")->value), Names{"rpcbind.service"});
  EXPECT_EQ(Strings(facts.Find("services.xinetd_enabled")->value), Names{"rsh"});
  EXPECT_EQ(Strings(facts.Find("services.sysv_enabled")->value), Names{"vsftpd"});
  EXPECT_EQ(facts.UnknownOf("services.active")->code, ErrorCode::kUnsupported);
  EXPECT_EQ(Strings(facts.Find("services.running_or_enabled_names")->value),
            (Names{"rsh", "ssh", "sshd", "systemd-logind", "telnet", "vsftpd"}));
  EXPECT_NO_THROW(facts.ToJson().dump());
}

TEST(SysServicesTest, CollectLiveSystemctlAndProcessFallback) {
  auto h = DebianHost();
  h.SetLive(true).AddCommand(
      "systemctl list-units --type=service,socket --state=active --no-legend --plain --no-pager",
      {0, "cron.service loaded active running x\nsmbd.service loaded active running y\n", ""});
  Facts facts;
  CollectServices(h, facts);
  EXPECT_EQ(Strings(facts.Find("services.active")->value), (Names{"cron.service", "smbd.service"}));
  EXPECT_EQ(facts.Find("services.active_source")->value, "systemctl");
  EXPECT_TRUE(Strings(facts.Find("services.running_or_enabled_names")->value).contains("smbd"));

  host::FakeHost nosystemd;
  nosystemd.SetLive(true)
      .AddProcess({1, 0, "init", "init"})
      .AddProcess({7, 0, "in.telnetd", "in.telnetd -h"});
  nosystemd.AddProcess({2, 0, "kthreadd", ""});
  Facts f2;
  CollectServices(nosystemd, f2);
  EXPECT_EQ(f2.Find("services.active_source")->value, "processes");
  EXPECT_EQ(Strings(f2.Find("services.active")->value), (Names{"init", "telnetd"}));
}

TEST(SysServicesTest, ActiveUnitsAreReusedFromFacts) {
  host::FakeHost h;  // no systemctl answer and no processes: only the facts can say smbd runs
  h.SetLive(true);
  Facts facts;
  facts.Set("services.active", nlohmann::json::array({"smbd.service"}));
  facts.Set("services.active_source", "systemctl");
  auto state = ReadServiceState(h, facts, "t", true);
  EXPECT_TRUE(state.AnyOf({"smbd"}));
  EXPECT_FALSE(state.active_error);
}

TEST(SysServicesTest, UnreadableXinetdMakesNamesUnknown) {
  auto h = DebianHost();
  h.AddFile("/etc/xinetd.d/secret", "service x\n{\n}\n").Deny("/etc/xinetd.d/secret");
  Facts facts;
  CollectServices(h, facts);
  EXPECT_NE(facts.Find("services.enabled"), nullptr);  // systemd part is still complete
  EXPECT_EQ(facts.UnknownOf("services.xinetd_enabled")->code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(facts.UnknownOf("services.running_or_enabled_names")->code, ErrorCode::kPermissionDenied);
}

TEST(SysServicesTest, SymlinkLoopsAndJunkNames) {
  host::FakeHost h;
  h.AddSymlink("/etc/systemd/system/loop.service", "/etc/systemd/system/loop.service");
  h.AddSymlink("/etc/systemd/system/multi-user.target.wants/bad\xff.service", "/nowhere");
  h.AddSymlink("/etc/systemd/system/multi-user.target.wants/README", "/nowhere");
  // Links that do not lead to a unit file are not enabled units (tests/fixtures/hosts/broken).
  h.AddSymlink("/etc/systemd/system/multi-user.target.wants/self.service", "self.service");
  h.AddDir("/lib/systemd/system/auditd.service");
  h.AddSymlink("/etc/systemd/system/multi-user.target.wants/auditd.service",
               "/lib/systemd/system/auditd.service");
  h.AddFile("/lib/systemd/system/cron.service", "[Unit]\n");
  h.AddSymlink("/etc/systemd/system/multi-user.target.wants/cron.service",
               "/lib/systemd/system/cron.service");
  Facts facts;
  CollectServices(h, facts);
  EXPECT_NO_THROW(facts.ToJson().dump());
  // the dangling one still counts (offline copies of /etc lack the vendor unit files)
  EXPECT_EQ(Strings(facts.Find("services.enabled")->value), (Names{"bad\uFFFD.service", "cron.service"}));
}

}  // namespace
}  // namespace dengbao::probes
