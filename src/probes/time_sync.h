// The `time_sync` probe: which time synchronisation daemon is enabled (chrony, ntpd or
// systemd-timesyncd) and which servers it is configured with.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "host/host.h"
#include "probes/facts.h"

namespace dengbao::probes {

struct NtpConfig {
  std::vector<std::string> servers;   // server / pool / peer hosts, in file order
  std::vector<std::string> includes;  // chrony confdir / sourcedir / include arguments
};

// chrony.conf (and conf.d/*.conf, sources.d/*.sources): server, pool, peer; confdir,
// sourcedir and include are returned so the collector can follow them.
NtpConfig ParseChronyConf(std::string_view text);
// ntp.conf: server, pool, peer (ntpd and ntpsec share the syntax).
NtpConfig ParseNtpConf(std::string_view text);
// timesyncd.conf: NTP= in the [Time] section (space separated; a later NTP= replaces, an empty
// one resets).
NtpConfig ParseTimesyncdConf(std::string_view text);

// Writes time_sync.service, time_sync.servers, time_sync.enabled.
void CollectTimeSync(host::Host& host, Facts& facts);

}  // namespace dengbao::probes
