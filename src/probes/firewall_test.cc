#include "probes/firewall.h"

#include <gtest/gtest.h>

#include "host/fake_host.h"

namespace dengbao::probes {
namespace {

TEST(FirewallTest, NftablesPolicyRulesAndIncludes) {
  auto r = ParseNftables(R"(#!/usr/sbin/nft -f
flush ruleset
include "/etc/nftables/*.nft"
table inet filter {
	set allowed { type ipv4_addr; elements = { 10.0.0.1 } }
	chain input {
		type filter hook input priority filter; policy drop;
		ct state established,related accept  # comment with drop
		iif lo accept
		tcp dport { 22, 443 } accept
	}
	chain forward { type filter hook forward priority 0; policy drop; }
	chain output { type filter hook output priority 0; }
}
)");
  EXPECT_EQ(r.rule_count, 3);
  EXPECT_EQ(r.input_policy, "drop");
  EXPECT_EQ(r.includes, std::vector<std::string>{"/etc/nftables/*.nft"});

  auto debian_default =
      ParseNftables("table inet filter {\n chain input {\n type filter hook input priority 0;\n }\n}\n");
  EXPECT_EQ(debian_default.input_policy, "accept");
  EXPECT_EQ(debian_default.rule_count, 0);

  auto final_reject = ParseNftables(
      "table inet t { chain i { type filter hook input priority 0; tcp dport 22 accept; counter reject with "
      "icmpx type admin-prohibited } }");
  EXPECT_EQ(final_reject.input_policy, "drop");
  EXPECT_FALSE(ParseNftables("}}}{{{ garbage ;;; \xff").input_policy.has_value());
}

TEST(FirewallTest, IptablesSaveAndDashS) {
  auto rhel = ParseIptables(R"(*nat
:PREROUTING ACCEPT [0:0]
-A PREROUTING -p tcp -j DNAT --to 1.2.3.4
COMMIT
*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
-A INPUT -m state --state RELATED,ESTABLISHED -j ACCEPT
-A INPUT -p tcp -m state --state NEW -m tcp --dport 22 -j ACCEPT
-A INPUT -j REJECT --reject-with icmp-host-prohibited
-A FORWARD -j REJECT --reject-with icmp-host-prohibited
COMMIT
)");
  EXPECT_EQ(rhel.rule_count, 4);
  EXPECT_EQ(rhel.input_policy, "drop");
  auto dash_s = ParseIptables("-P INPUT ACCEPT\r\n-P FORWARD DROP\r\n-A INPUT -i lo -j ACCEPT\r\n");
  EXPECT_EQ(dash_s.input_policy, "accept");
  EXPECT_EQ(dash_s.rule_count, 1);
  EXPECT_EQ(ParseIptables("*filter\n:INPUT DROP [0:0]\nCOMMIT\n").input_policy, "drop");
}

TEST(FirewallTest, FirewalldZonesAndShellVars) {
  auto z = ParseFirewalldZone(R"(<?xml version="1.0" encoding="utf-8"?>
<zone target="DROP">
  <short>Public</short>
  <service name="ssh"/>
  <service	name="https"/>
  <port protocol="tcp" port="8080"/>
  <rule family="ipv4"><source address="10.0.0.0/8"/><accept/></rule>
</zone>)");
  EXPECT_EQ(z.target, "DROP");
  EXPECT_EQ(z.services, (std::vector<std::string>{"ssh", "https"}));
  EXPECT_EQ(z.ports, std::vector<std::string>{"8080/tcp"});
  EXPECT_EQ(z.rich_rules, 1);
  EXPECT_EQ(FirewalldInputPolicy(z, "public"), "drop");
  EXPECT_EQ(FirewalldInputPolicy(FirewalldZone{}, "trusted"), "accept");
  EXPECT_EQ(FirewalldInputPolicy(FirewalldZone{"ACCEPT", {}, {}, 0}, "x"), "accept");
  EXPECT_EQ(ShellVar("# DefaultZone=x\nDefaultZone=public\nDefaultZone = \"work\"\n", "DefaultZone"), "work");
  EXPECT_FALSE(ShellVar("X=1", "Y").has_value());
}

TEST(FirewallTest, CollectsRhelFirewalld) {
  host::FakeHost h;
  h.AddSymlink("/etc/systemd/system/multi-user.target.wants/firewalld.service",
               "/usr/lib/systemd/system/firewalld.service")
      .AddFile("/etc/firewalld/firewalld.conf", "DefaultZone=public\n")
      .AddFile("/usr/lib/firewalld/zones/public.xml",
               "<zone><service name=\"ssh\"/><service name=\"cockpit\"/></zone>")
      .AddFile("/etc/sysconfig/iptables", "*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -j ACCEPT\nCOMMIT\n");
  Facts f;
  CollectFirewall(h, f);
  EXPECT_EQ(f.Find("firewall.tools")->value, nlohmann::json({"firewalld"}));
  EXPECT_EQ(f.Find("firewall.enabled")->value, true);
  EXPECT_EQ(f.Find("firewall.input_policy")->value, "drop");
  EXPECT_EQ(f.Find("firewall.rules_count")->value, 2);
  EXPECT_EQ(f.Find("firewall.details")->value["iptables"]["enabled"], false);
  EXPECT_NO_THROW(f.ToJson().dump());
}

TEST(FirewallTest, UfwAndNothing) {
  host::FakeHost h;
  h.AddFile("/etc/ufw/ufw.conf", "ENABLED=yes\n")
      .AddFile("/etc/default/ufw", "DEFAULT_INPUT_POLICY=\"DROP\"\n")
      .AddFile("/etc/ufw/user.rules",
               "*filter\n:ufw-user-input - [0:0]\n### tuple ### allow tcp 22\n-A ufw-user-input -p tcp "
               "--dport 22 -j ACCEPT\nCOMMIT\n");
  Facts f;
  CollectFirewall(h, f);
  EXPECT_EQ(f.Find("firewall.tools")->value, nlohmann::json({"ufw"}));
  EXPECT_EQ(f.Find("firewall.input_policy")->value, "drop");
  EXPECT_EQ(f.Find("firewall.rules_count")->value, 1);

  host::FakeHost none;
  none.AddFile("/etc/nftables.conf", "\0\0\0", 0600).Deny("/etc/sysconfig/nftables.conf");
  Facts g;
  CollectFirewall(none, g);
  EXPECT_EQ(g.Find("firewall.enabled")->value, false);
  EXPECT_TRUE(g.Find("firewall.input_policy")->value.is_null());
}

TEST(FirewallTest, LiveRulesetCounts) {
  host::FakeHost h;
  h.SetLive(true).SetPrivileged(true);
  h.AddCommand("iptables -S", {0, "-P INPUT DROP\n-A INPUT -p tcp --dport 22 -j ACCEPT\n", ""});
  h.AddCommand("nft list ruleset", {1, "", "permission"});
  Facts f;
  CollectFirewall(h, f);
  EXPECT_EQ(f.Find("firewall.enabled")->value, true);
  EXPECT_EQ(f.Find("firewall.input_policy")->value, "drop");
  EXPECT_EQ(f.Find("firewall.details")->value["live"]["iptables"]["rules_count"], 1);
  EXPECT_TRUE(f.Find("firewall.tools")->value.empty());
}

TEST(FirewallTest, OpenPortsExcludeSourceRestrictedRules) {
  // nftables: sets, ranges and names; rules matching a source address are restricted.
  auto nft = ParseNftables(
      "table inet filter {\n chain input {\n  type filter hook input priority 0; policy drop;\n"
      "  ip saddr 10.0.0.0/24 tcp dport 22 accept\n  tcp dport { 80, 443,ftp } ct state new accept\n"
      "  udp dport 5900-5901 accept\n  tcp dport 25 drop\n  icmp type { echo-request } accept\n }\n"
      " chain output {\n  type filter hook output priority 0;\n  tcp dport 3306 accept\n }\n"
      " chain svc_in {\n  tcp dport 6379 accept\n }\n chain forward_extra {\n  tcp dport 873 accept\n "
      "}\n}\n");
  EXPECT_EQ(nft.open_ports, (std::vector<int>{21, 80, 443, 5900, 5901, 6379}));  // svc_in: reached by jump
  EXPECT_EQ(nft.input_policy, "drop");
  // iptables / ufw user.rules
  auto ipt = ParseIptables(
      "*filter\n:INPUT DROP [0:0]\n-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT\n"
      "-A INPUT -s 10.1.2.0/24 -p tcp --dport 3306 -j ACCEPT\n-A ufw-user-input -p tcp -m multiport --dports "
      "80,443,6000:6001 -j ACCEPT\n-A INPUT -p tcp --dport 23 -j DROP\n-A OUTPUT -p tcp --dport 25 -j "
      "ACCEPT\n"
      "-A FORWARD -p tcp --dport 873 -j ACCEPT\nCOMMIT\n");
  EXPECT_EQ(ipt.open_ports, (std::vector<int>{22, 80, 443, 6000, 6001}));
  // firewalld: zone services/ports are open; rich rules with a source are not
  auto z = ParseFirewalldZone(
      "<zone target=\"DROP\">\n <service name=\"mysql\"/>\n <port port=\"23\" protocol=\"tcp\"/>\n"
      " <rule family=\"ipv4\">\n  <source address=\"10.1.2.0/24\"/>\n  <port port=\"6379\" "
      "protocol=\"tcp\"/>\n"
      "  <accept/>\n </rule>\n <rule>\n  <service name=\"ftp\"/>\n  <accept/>\n </rule>\n"
      " <rule>\n  <service name=\"telnet\"/>\n  <reject/>\n </rule>\n</zone>\n");
  EXPECT_EQ(z.open_services, (std::vector<std::string>{"mysql", "ftp"}));
  EXPECT_EQ(z.open_ports, (std::vector<std::string>{"23/tcp"}));
  EXPECT_EQ(z.rich_rules, 3);
  EXPECT_EQ(FirewalldServicePorts("samba"), (std::vector<int>{137, 138, 139, 445}));
  EXPECT_TRUE(FirewalldServicePorts("no-such-service").empty());
  EXPECT_TRUE(ParsePortSpec("1-65535").empty());  // not expanded
  EXPECT_EQ(ParsePortSpec("3306/tcp"), std::vector<int>{3306});
}

TEST(FirewallTest, OpenPortsFactFromEnabledTools) {
  host::FakeHost h;
  h.AddSymlink("/etc/systemd/system/multi-user.target.wants/firewalld.service",
               "/usr/lib/systemd/system/firewalld.service")
      .AddFile("/etc/firewalld/firewalld.conf", "DefaultZone=public\n")
      .AddFile("/etc/firewalld/zones/public.xml",
               "<zone target=\"DROP\"><rule family=\"ipv4\"><source address=\"10.1.2.0/24\"/>"
               "<port port=\"3306\" protocol=\"tcp\"/><accept/></rule><service name=\"ssh\"/></zone>\n")
      // ufw is installed but not enabled: its rules do not count
      .AddFile("/etc/ufw/ufw.conf", "ENABLED=no\n")
      .AddFile("/etc/ufw/user.rules", "*filter\n-A ufw-user-input -p tcp --dport 21 -j ACCEPT\nCOMMIT\n");
  Facts f;
  CollectFirewall(h, f);
  EXPECT_EQ(f.Find("firewall.open_ports")->value, nlohmann::json({22}));
  EXPECT_EQ(f.Find("firewall.details")->value["ufw"]["open_ports"], nlohmann::json({21}));
}

}  // namespace
}  // namespace dengbao::probes
