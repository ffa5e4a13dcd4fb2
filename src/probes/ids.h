// The "ids" probe: host intrusion detection and prevention — fail2ban (is the sshd jail on),
// psad, Suricata/Snort, Wazuh/OSSEC and the EDR/HIDS agents of the malware probe's table.
// Facts: docs/facts/security.md.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "host/host.h"
#include "probes/facts.h"

namespace dengbao::probes {

// "enabled" settings of fail2ban jails, merged over the files in fail2ban's reading order.
struct Fail2banJails {
  std::optional<bool> default_enabled;      // [DEFAULT] enabled
  std::map<std::string, bool> enabled;      // jail -> its own enabled setting
  std::map<std::string, Provenance> where;  // jail -> the line that set it
};

// Applies one jail.conf / jail.local / jail.d file to `jails` (INI sections; later files win).
void ParseFail2banJails(std::string_view text, std::string_view file, Fail2banJails& jails);

// Effective enabled state of a jail: its own setting, else [DEFAULT], else false.
bool Fail2banJailEnabled(const Fail2banJails& jails, std::string_view jail);

void CollectIds(host::Host& host, Facts& facts);

}  // namespace dengbao::probes
