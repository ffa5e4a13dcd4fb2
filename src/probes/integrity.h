// The "integrity" probe: file integrity monitoring — AIDE (database, scheduled checks),
// Tripwire, Samhain, Wazuh/OSSEC syscheck and IMA appraisal on the kernel command line.
// Facts: docs/facts/security.md.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "host/host.h"
#include "probes/facts.h"

namespace dengbao::probes {

// Database paths named by an aide.conf (database_in=, database=), with @@define'd variables
// substituted and the "file:" scheme removed.
std::vector<std::string> ParseAideDatabases(std::string_view aide_conf);

// True when a scheduled command line runs an AIDE check ("aide --check", "aide -C",
// "aide.wrapper", "aidecheck", or the /etc/cron.daily/aide script itself).
bool IsAideCheckCommand(std::string_view cron_text);

// True when an ossec.conf has a <syscheck> section that is not <disabled>yes</disabled>.
bool OssecSyscheckEnabled(std::string_view ossec_conf);

void CollectIntegrity(host::Host& host, Facts& facts);

}  // namespace dengbao::probes
