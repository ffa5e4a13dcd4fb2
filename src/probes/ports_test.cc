#include "probes/ports.h"

#include <gtest/gtest.h>

#include "host/fake_host.h"

namespace dengbao::probes {
namespace {

TEST(SysPortsTest, Loopback) {
  for (const char* a : {"127.0.0.1", "127.0.0.53", "::1", "[::1]", "::ffff:127.0.0.1", "localhost", "::1%lo"})
    EXPECT_TRUE(IsLoopbackAddress(a)) << a;
  for (const char* a : {"0.0.0.0", "::", "10.0.0.1", "", "fe80::1%eth0", "128.0.0.1"})
    EXPECT_FALSE(IsLoopbackAddress(a)) << a;
}

TEST(SysPortsTest, Summary) {
  auto sum = SummarizeSockets({{"tcp", "0.0.0.0", 22},
                               {"tcp6", "::", 22},
                               {"tcp", "127.0.0.1", 631},
                               {"udp", "127.0.0.53", 53},
                               {"udp6", "::", 161},
                               {"raw", "0.0.0.0", 1},
                               {"tcp", "0.0.0.0", 0}});
  EXPECT_EQ(sum.tcp, (std::set<int>{22, 631}));
  EXPECT_EQ(sum.remote_tcp, (std::set<int>{22}));
  EXPECT_EQ(sum.udp, (std::set<int>{53, 161}));
  EXPECT_EQ(sum.remote_udp, (std::set<int>{161}));
  EXPECT_EQ(PortsForServices({"telnet", "smb", "unknown"}), (std::set<int>{23, 139, 445}));
}

TEST(SysPortsTest, CollectLive) {
  host::FakeHost h;
  h.SetLive(true).AddSocket({"tcp", "0.0.0.0", 23}).AddSocket({"tcp", "127.0.0.1", 6379});
  Facts facts;
  CollectPorts(h, facts);
  EXPECT_EQ(facts.Find("ports.listening_tcp")->value, (std::vector<int>{23, 6379}));
  EXPECT_EQ(facts.Find("ports.remote_listening_tcp")->value, (std::vector<int>{23}));
  EXPECT_EQ(facts.Find("ports.listening")->value.size(), 2u);
  EXPECT_EQ(facts.Find("ports.listening")->value[0]["port"], 23);
}

TEST(SysPortsTest, CollectOfflineFromServices) {
  host::FakeHost h;
  h.AddSymlink("/etc/systemd/system/sockets.target.wants/telnet.socket", "/lib/systemd/system/telnet.socket");
  h.AddSymlink("/etc/systemd/system/multi-user.target.wants/vsftpd.service",
               "/lib/systemd/system/vsftpd.service");
  h.AddFile("/etc/xinetd.d/tftp", "service tftp\n{\ndisable = no\n}\n");
  Facts facts;
  CollectPorts(h, facts);
  EXPECT_EQ(facts.UnknownOf("ports.listening_tcp")->code, ErrorCode::kUnsupported);
  EXPECT_EQ(facts.UnknownOf("ports.remote_listening_udp")->code, ErrorCode::kUnsupported);
  EXPECT_EQ(facts.Find("ports.from_enabled_services")->value, (std::vector<int>{21, 23, 69}));
}

}  // namespace
}  // namespace dengbao::probes
