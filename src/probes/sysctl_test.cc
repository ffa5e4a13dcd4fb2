#include "probes/sysctl.h"

#include <gtest/gtest.h>

#include "host/fake_host.h"

namespace dengbao::probes {
namespace {

TEST(SysSysctlTest, NormalizeKey) {
  EXPECT_EQ(NormalizeSysctlKey("net.ipv4.ip_forward"), "net.ipv4.ip_forward");
  EXPECT_EQ(NormalizeSysctlKey("net/ipv4/ip_forward"), "net.ipv4.ip_forward");
  EXPECT_EQ(NormalizeSysctlKey("net/ipv4/conf/eth0.100/rp_filter"), "net.ipv4.conf.eth0/100.rp_filter");
  EXPECT_EQ(NormalizeSysctlKey(" kernel.pid_max "), "kernel.pid_max");
}

TEST(SysSysctlTest, ParseConf) {
  auto a = ParseSysctlConf(
      "# c\r\n; also comment\nnet.ipv4.ip_forward=1\r\n  net/ipv4/tcp_syncookies   =   1  \n"
      "-kernel.yama.ptrace_scope = 2\nnovalue\n= 5\nkernel.core_pattern = |/usr/bin/x %p\n");
  ASSERT_EQ(a.size(), 4u);
  EXPECT_EQ(a[0].key, "net.ipv4.ip_forward");
  EXPECT_EQ(a[0].value, "1");
  EXPECT_EQ(a[0].line, 3);
  EXPECT_EQ(a[1].key, "net.ipv4.tcp_syncookies");
  EXPECT_EQ(a[2].key, "kernel.yama.ptrace_scope");
  EXPECT_EQ(a[3].value, "|/usr/bin/x %p");
}

TEST(SysSysctlTest, CollectPrecedenceOffline) {
  host::FakeHost h;
  h.AddFile("/usr/lib/sysctl.d/50-default.conf",
            "net.ipv4.conf.all.rp_filter = 2\nkernel.kptr_restrict = 1\n");
  h.AddFile("/usr/lib/sysctl.d/10-shadowed.conf", "net.ipv4.ip_forward = 1\n");
  h.AddFile("/etc/sysctl.d/10-shadowed.conf", "net.ipv4.ip_forward = 0\n");
  h.AddFile("/etc/sysctl.d/60-mine.conf", "net.ipv4.conf.all.rp_filter = 1\nkernel.randomize_va_space=2\n");
  h.AddFile("/etc/sysctl.d/README", "net.ipv4.ip_forward = 1\n");
  h.AddFile("/etc/sysctl.conf", "kernel.kptr_restrict = 2\nfs.suid_dumpable = abc\n");
  Facts facts;
  CollectSysctl(h, facts);
  const auto& conf = facts.Find("sysctl.configured")->value;
  EXPECT_EQ(conf["net.ipv4.ip_forward"], "0");
  EXPECT_EQ(conf["net.ipv4.conf.all.rp_filter"], "1");
  EXPECT_EQ(facts.Find("sysctl.net_ipv4_ip_forward")->value, 0);
  EXPECT_EQ(facts.Find("sysctl.kernel_kptr_restrict")->value, 2);  // sysctl.conf last
  EXPECT_EQ(facts.Find("sysctl.kernel_kptr_restrict")->sources.at(0).file, "/etc/sysctl.conf");
  EXPECT_EQ(facts.Find("sysctl.fs_suid_dumpable")->value, "abc");
  EXPECT_EQ(facts.UnknownOf("sysctl.kernel_dmesg_restrict")->code, ErrorCode::kNotFound);
  EXPECT_EQ(facts.UnknownOf("sysctl.live")->code, ErrorCode::kUnsupported);
}

TEST(SysSysctlTest, CollectLivePrefersProc) {
  host::FakeHost h;
  h.SetLive(true).AddFile("/etc/sysctl.conf", "net.ipv4.ip_forward = 0\n");
  h.AddFile("/proc/sys/net/ipv4/ip_forward", "1\n").AddFile("/proc/sys/kernel/yama/ptrace_scope", "1\n");
  Facts facts;
  CollectSysctl(h, facts);
  EXPECT_EQ(facts.Find("sysctl.net_ipv4_ip_forward")->value, 1);
  EXPECT_EQ(facts.Find("sysctl.live")->value["kernel.yama.ptrace_scope"], "1");
  EXPECT_EQ(facts.Find("sysctl.kernel_yama_ptrace_scope")->value, 1);
}

TEST(SysSysctlTest, UnreadableAndBinaryFilesMakeValuesUnknown) {
  host::FakeHost h;
  h.AddFile("/etc/sysctl.d/99-x.conf", "x").Deny("/etc/sysctl.d/99-x.conf");
  h.AddFile("/etc/sysctl.conf", "net.ipv4.ip_forward = 0\n");
  Facts facts;
  CollectSysctl(h, facts);
  EXPECT_EQ(facts.UnknownOf("sysctl.configured")->code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(facts.UnknownOf("sysctl.net_ipv4_ip_forward")->code, ErrorCode::kPermissionDenied);

  host::FakeHost b;
  b.AddFile("/etc/sysctl.conf", std::string("\0\0\0\xff", 4));
  Facts f2;
  CollectSysctl(b, f2);
  EXPECT_EQ(f2.UnknownOf("sysctl.configured")->code, ErrorCode::kSyntax);
  EXPECT_NO_THROW(f2.ToJson().dump());
}

}  // namespace
}  // namespace dengbao::probes
