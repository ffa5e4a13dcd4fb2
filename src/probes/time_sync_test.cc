#include "probes/time_sync.h"

#include <gtest/gtest.h>

#include "host/fake_host.h"

namespace dengbao::probes {
namespace {

using Strings = std::vector<std::string>;

TEST(SysTimeSyncTest, Parsers) {
  auto chrony = ParseChronyConf(
      "# c\n! c2\n; c3\npool 2.debian.pool.ntp.org iburst\r\nserver ntp.example.cn iburst prefer\n"
      "confdir /etc/chrony/conf.d\nsourcedir /run/chrony-dhcp /etc/chrony/sources.d\nserver\n");
  EXPECT_EQ(chrony.servers, (Strings{"2.debian.pool.ntp.org", "ntp.example.cn"}));
  EXPECT_EQ(chrony.includes, (Strings{"/etc/chrony/conf.d", "/run/chrony-dhcp", "/etc/chrony/sources.d"}));
  auto ntp =
      ParseNtpConf("server 0.centos.pool.ntp.org iburst # x\nrestrict default nomodify\npeer 10.0.0.2\n");
  EXPECT_EQ(ntp.servers, (Strings{"0.centos.pool.ntp.org", "10.0.0.2"}));
  auto ts = ParseTimesyncdConf("[Time]\nNTP=a.example b.example\n#NTP=c\n[Other]\nNTP=z\n");
  EXPECT_EQ(ts.servers, (Strings{"a.example", "b.example"}));
  EXPECT_TRUE(ParseTimesyncdConf("[Time]\nNTP=a\nNTP=\n").servers.empty());
}

TEST(SysTimeSyncTest, CollectChronyWithConfdir) {
  host::FakeHost h;
  h.AddFile("/etc/chrony/chrony.conf", "confdir /etc/chrony/conf.d\nsourcedir /etc/chrony/sources.d\n");
  h.AddFile("/etc/chrony/conf.d/10-site.conf", "server ntp1.example.cn iburst\n");
  h.AddFile("/etc/chrony/sources.d/x.sources", "server ntp2.example.cn\n");
  h.AddFile("/etc/chrony/sources.d/readme.txt", "server ignored\n");
  h.AddSymlink("/etc/systemd/system/multi-user.target.wants/chrony.service",
               "/lib/systemd/system/chrony.service");
  h.AddSymlink("/etc/systemd/system/chronyd.service", "/lib/systemd/system/chrony.service");
  Facts facts;
  CollectTimeSync(h, facts);
  EXPECT_EQ(facts.Find("time_sync.service")->value, "chronyd");
  EXPECT_EQ(facts.Find("time_sync.enabled")->value, true);
  EXPECT_EQ(facts.Find("time_sync.servers")->value, (Strings{"ntp1.example.cn", "ntp2.example.cn"}));
}

TEST(SysTimeSyncTest, CollectTimesyncdAndNothing) {
  host::FakeHost h;
  h.AddFile("/etc/systemd/timesyncd.conf", "[Time]\n#NTP=\n");
  h.AddFile("/etc/systemd/timesyncd.conf.d/cn.conf", "[Time]\nNTP=ntp.aliyun.com\n");
  h.AddSymlink("/etc/systemd/system/sysinit.target.wants/systemd-timesyncd.service", "/lib/x");
  Facts facts;
  CollectTimeSync(h, facts);
  EXPECT_EQ(facts.Find("time_sync.service")->value, "systemd-timesyncd");
  EXPECT_EQ(facts.Find("time_sync.servers")->value, (Strings{"ntp.aliyun.com"}));

  host::FakeHost none;
  none.AddFile("/etc/ntp.conf", "server 1.2.3.4\n");
  Facts f2;
  CollectTimeSync(none, f2);
  EXPECT_TRUE(f2.Find("time_sync.service")->value.is_null());
  EXPECT_EQ(f2.Find("time_sync.enabled")->value, false);
  EXPECT_EQ(f2.Find("time_sync.servers")->value, (Strings{"1.2.3.4"}));
}

TEST(SysTimeSyncTest, UnreadableConfig) {
  host::FakeHost h;
  h.AddFile("/etc/chrony.conf", "server x\n").Deny("/etc/chrony.conf");
  h.AddSymlink("/etc/systemd/system/multi-user.target.wants/chronyd.service",
               "/usr/lib/systemd/system/chronyd.service");
  Facts facts;
  CollectTimeSync(h, facts);
  EXPECT_EQ(facts.Find("time_sync.service")->value, "chronyd");
  EXPECT_EQ(facts.UnknownOf("time_sync.servers")->code, ErrorCode::kPermissionDenied);
}

}  // namespace
}  // namespace dengbao::probes
