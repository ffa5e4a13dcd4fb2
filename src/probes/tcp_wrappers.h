// The tcp_wrappers probe: /etc/hosts.allow and /etc/hosts.deny ("daemons : clients [: options]").
// Lists keep EXCEPT clauses verbatim; the summary facts only treat plain ALL as "everything".
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "host/host.h"
#include "probes/auth_probes.h"
#include "probes/facts.h"

namespace dengbao::probes {

struct HostsAccessRule {
  std::vector<std::string> daemons;  // "sshd", "ALL", "vsftpd"... (comma/space separated in the file)
  std::vector<std::string> clients;
  std::string options;  // everything after the second ':', as written
  Provenance where;
};

struct HostsAccessFile {
  std::vector<HostsAccessRule> rules;
  std::vector<ParseWarning> warnings;
};

HostsAccessFile ParseHostsAccess(std::string_view text, const std::string& file);

// Writes tcp_wrappers.* (see docs/facts/auth.md).
void CollectTcpWrappers(host::Host& host, Facts& facts);

}  // namespace dengbao::probes
