#include "probes/tcp_wrappers.h"

#include <gtest/gtest.h>

#include "host/fake_host.h"

namespace dengbao::probes {
namespace {

TEST(TcpWrappersTest, ParseLines) {
  auto f = ParseHostsAccess(
      "# c\r\nsshd, vsftpd : 10.0.0.0/8 192.168.1. : spawn echo\nALL:[::1]\n"
      "sshd : \\\n  .example.com\nnonsense\n",
      "/etc/hosts.allow");
  ASSERT_EQ(f.rules.size(), 3u);
  EXPECT_EQ(f.rules[0].daemons, (std::vector<std::string>{"sshd", "vsftpd"}));
  EXPECT_EQ(f.rules[0].clients, (std::vector<std::string>{"10.0.0.0/8", "192.168.1."}));
  EXPECT_EQ(f.rules[0].options, "spawn echo");
  EXPECT_EQ(f.rules[1].clients, (std::vector<std::string>{"[::1]"}));
  EXPECT_EQ(f.rules[2].clients, (std::vector<std::string>{".example.com"}));
  EXPECT_EQ(f.warnings.size(), 1u);
}

TEST(TcpWrappersCollectTest, Summaries) {
  struct Case {
    const char* allow;
    const char* deny;
    bool deny_all;
    bool restricted;
  } cases[] = {
      {"sshd: 10.0.0.0/8\n", "ALL: ALL\n", true, true}, {"sshd: ALL\n", "ALL: ALL\n", true, false},
      {"sshd: 10.0.0.0/8\n", "", false, false},         {"sshd: 10.0.0.0/8\n", "sshd: ALL\n", false, true},
      {"", "ALL: ALL EXCEPT 10.0.0.1\n", false, false},
  };
  for (const auto& c : cases) {
    host::FakeHost h;
    h.AddFile("/etc/hosts.allow", c.allow).AddFile("/etc/hosts.deny", c.deny);
    Facts f;
    CollectTcpWrappers(h, f);
    EXPECT_EQ(f.Find("tcp_wrappers.deny_all")->value, c.deny_all) << c.allow << "|" << c.deny;
    EXPECT_EQ(f.Find("tcp_wrappers.sshd_restricted")->value, c.restricted) << c.allow << "|" << c.deny;
  }
  host::FakeHost none;
  Facts f;
  CollectTcpWrappers(none, f);
  EXPECT_EQ(f.Find("tcp_wrappers.present")->value, false);
  EXPECT_EQ(f.Find("tcp_wrappers.deny_all")->value, false);
}

}  // namespace
}  // namespace dengbao::probes
