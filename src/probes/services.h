// The `services` probe: which services are enabled, masked or running, from systemd unit links
// (works offline), SysV rc links, xinetd.d files and, on a live host, systemctl or the process
// list. Other probes (ports, cron, time_sync, usb_storage) call ReadServiceState themselves
// instead of depending on probe order.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "host/host.h"
#include "probes/facts.h"
#include "probes/files_io.h"

namespace dengbao::probes {

struct XinetdService {
  std::string name;
  bool enabled = true;  // xinetd runs a service unless it says "disable = yes"
  int line = 0;         // line of the "service" keyword
};

// Parses an xinetd configuration file (one or more "service NAME { key = value ... }" blocks).
// Unterminated blocks end at end of file; "defaults" blocks are skipped.
std::vector<XinetdService> ParseXinetd(std::string_view text);

// Unit names (first column) from `systemctl list-units --no-legend --plain`; tolerates the
// "●" marker some versions print for failed units.
std::vector<std::string> ParseSystemctlUnits(std::string_view text);

// "telnet@0-1.2.3.4:23.service" -> "telnet", "ssh.service" -> "ssh", "in.telnetd" -> "telnetd",
// "S20rpcbind" is not handled here (see SysvName).
std::string BareServiceName(std::string_view unit);
// "S20rpcbind" -> "rpcbind"; "" when the name is not a start link.
std::string SysvName(std::string_view link);

struct ServiceInventory {
  std::set<std::string> enabled;  // unit names with suffix, masked ones removed
  std::set<std::string> masked;
  std::set<std::string> active;  // live only (units, or bare process names in the fallback)
  std::string active_source;     // "systemctl" | "processes" | "" (offline or failed)
  std::set<std::string> xinetd_enabled;
  std::set<std::string> sysv_enabled;
  std::vector<Provenance> sources;
  // First read error of each part; a part with an error must not be trusted as complete.
  std::optional<Error> systemd_error, xinetd_error, sysv_error, active_error;

  // The first error of any part, if any.
  std::optional<Error> AnyError() const;

  // Bare names of everything enabled or active (the set rules test for forbidden services).
  std::set<std::string> RunningOrEnabledNames() const;
  // True if any of the bare names is enabled or active.
  bool AnyOf(std::initializer_list<std::string_view> bare_names) const;
};

// Reads the service state through the host; warnings go to `facts` under `probe`. Active units
// are only looked up when `with_active` and the host is live; services.active and
// services.active_source already in `facts` are reused instead of running systemctl again.
// Never fails: errors are kept per part in the returned state.
ServiceInventory ReadServiceState(host::Host& host, Facts& facts, std::string_view probe, bool with_active);

// Writes services.enabled, services.masked, services.active, services.active_source,
// services.xinetd_enabled, services.sysv_enabled, services.running_or_enabled_names.
void CollectServices(host::Host& host, Facts& facts);

}  // namespace dengbao::probes
