// The `os` probe: distribution identity from /etc/os-release (fallbacks /usr/lib/os-release,
// /etc/redhat-release, /etc/kylin-release, /etc/openEuler-release) and the family that decides
// which other probes apply (dpkg vs rpm, Debian vs RHEL paths).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "host/host.h"
#include "probes/facts.h"

namespace dengbao::probes {

struct OsRelease {
  std::string id;  // lower case, e.g. "ubuntu", "kylin"
  std::vector<std::string> id_like;
  std::string version_id;
  std::string name;
  std::string pretty_name;
  std::map<std::string, int, std::less<>> line_of;  // KEY -> 1-based line, for provenance
};

// Parses os-release(5): KEY=value with shell quoting ("...", '...', backslash escapes); later
// keys win, junk lines are skipped. Never fails; missing keys stay empty.
OsRelease ParseOsRelease(std::string_view text);

// Parses a one-line release file such as "CentOS Linux release 7.9.2009 (Core)" or
// "Kylin Linux Advanced Server release V10 (Sword)": name, id guessed from the name, version.
OsRelease ParseReleaseLine(std::string_view text);

// "debian", "rhel" or "unknown" from ID and ID_LIKE. IDs used by both families (kylin: server
// V10 is RHEL-like, desktop is Debian-like; uos: desktop Debian-like, server rpm-based) follow
// ID_LIKE, then `package_db` ("dpkg" | "rpm" | ""), then default to rhel (kylin) / debian (uos).
std::string OsFamily(std::string_view id, const std::vector<std::string>& id_like,
                     std::string_view package_db = "");

// Writes os.id, os.id_like, os.version_id, os.name, os.pretty_name, os.family, os.live.
void CollectOs(host::Host& host, Facts& facts);

}  // namespace dengbao::probes
