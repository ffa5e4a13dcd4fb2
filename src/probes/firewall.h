// The "firewall" probe: which host firewall is enabled (firewalld, nftables, iptables
// persistence, ufw), the default policy for incoming traffic and how many rules are configured.
// Live scans as root also read the loaded ruleset (`nft list ruleset`, `iptables -S`).
// Facts: docs/facts/security.md.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "host/host.h"
#include "probes/facts.h"
#include "probes/unit_state.h"  // ShellVar

namespace dengbao::probes {

struct FirewallRules {
  int rule_count = 0;  // rules that accept, drop or reject
  std::optional<std::string>
      input_policy;  // "drop" (default deny: DROP/REJECT) | "accept"; nullopt: no input chain
  std::vector<std::string> includes;  // nftables include "..." targets
  // Ports accepted from any source address in the input path (no saddr / -s restriction).
  std::vector<int> open_ports;
};

// nftables configuration or `nft list ruleset` output.
FirewallRules ParseNftables(std::string_view text);
// iptables-save format (/etc/sysconfig/iptables, rules.v4, ufw user.rules) or `iptables -S` output.
// Only the filter table counts.
FirewallRules ParseIptables(std::string_view text);

struct FirewalldZone {
  std::string target;  // as written ("default", "DROP", "%%REJECT%%", "ACCEPT"); empty when absent
  std::vector<std::string> services;
  std::vector<std::string> ports;  // "80/tcp"
  int rich_rules = 0;
  // Services and ports open to every source: outside rich rules, or in an accepting rich rule
  // without <source>. Rich rules with a source address are restricted, not open.
  std::vector<std::string> open_services;
  std::vector<std::string> open_ports;  // "80/tcp", "5900-5903/tcp"
};

// Port numbers of a firewalld service name ("ssh" -> {22}); empty when the name is not known.
std::vector<int> FirewalldServicePorts(std::string_view service);
// Port numbers of "22", "5900-5903", "80/tcp", "ssh" (services(5) names for nftables); ranges
// longer than 1024 ports are not expanded (empty).
std::vector<int> ParsePortSpec(std::string_view spec);

// Scans a firewalld zone XML file for its target, services, ports and rich rules.
FirewalldZone ParseFirewalldZone(std::string_view xml);
// "drop" or "accept" for a zone target (firewalld rejects unmatched traffic unless ACCEPT).
std::string FirewalldInputPolicy(const FirewalldZone& zone, std::string_view zone_name);

void CollectFirewall(host::Host& host, Facts& facts);

}  // namespace dengbao::probes
