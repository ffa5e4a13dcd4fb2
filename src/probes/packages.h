// The `packages` probe: installed packages from the dpkg status file (offline and live) or
// `rpm -qa` (live only; the offline rpm database is sqlite/BerkeleyDB, not parsed yet), plus a
// fixed table of well-known binaries checked by existence, which works on every host.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "host/host.h"
#include "probes/facts.h"

namespace dengbao::probes {

using PackageMap = std::map<std::string, std::string, std::less<>>;  // name -> version

// Installed packages of /var/lib/dpkg/status: stanzas whose Status ends in "installed".
// Several versions of one name (multi-arch) are joined with ", ".
PackageMap ParseDpkgStatus(std::string_view text);

// Lines "NAME VERSION-RELEASE" as printed by rpm -qa --qf '%{NAME} %{VERSION}-%{RELEASE}\n'.
PackageMap ParseRpmQa(std::string_view text);

struct KnownBinary {
  const char* name;                // key in packages.binaries
  std::vector<const char*> paths;  // present if any exists
};
const std::vector<KnownBinary>& KnownBinaries();

// Writes packages.manager, packages.installed, packages.count, packages.binaries.
void CollectPackages(host::Host& host, Facts& facts);

}  // namespace dengbao::probes
