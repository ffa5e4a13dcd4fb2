// The `sysctl` probe: kernel parameters as configured (sysctl.conf and sysctl.d with systemd
// precedence) and, on a live host, as currently set in /proc/sys.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "host/host.h"
#include "probes/facts.h"

namespace dengbao::probes {

struct SysctlAssignment {
  std::string key;  // dotted form, e.g. "net.ipv4.ip_forward"
  std::string value;
  int line = 0;
  std::string text;
};

// "net/ipv4/ip_forward" -> "net.ipv4.ip_forward": when the first separator is '/', '/' and '.'
// swap (so "net/ipv4/conf/eth0.100/rp_filter" keeps the VLAN dot as '/'), like sysctl(8).
std::string NormalizeSysctlKey(std::string_view key);

// Lines "key = value" ('#' and ';' comments, a leading '-' ignored); later lines win at the
// caller. Lines without '=' are skipped.
std::vector<SysctlAssignment> ParseSysctlConf(std::string_view text);

// The keys with their own fact sysctl.<key with '.' -> '_'>.
const std::vector<std::string_view>& SysctlKeysOfInterest();

// Writes sysctl.configured, sysctl.live (live only) and one fact per key of interest.
void CollectSysctl(host::Host& host, Facts& facts);

}  // namespace dengbao::probes
