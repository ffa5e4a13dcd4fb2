// The auth_extra probe: root terminal logins (/etc/securetty with pam_securetty) and whether
// su is limited to a group through pam_wheel in /etc/pam.d/su.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "host/host.h"
#include "probes/facts.h"
#include "probes/pam.h"

namespace dengbao::probes {

// Terminal names of /etc/securetty (comments and blank lines dropped).
std::vector<std::string> ParseSecuretty(std::string_view text);

struct SuWheel {
  bool wheel_only = false;  // a required/requisite pam_wheel line without "deny" in the auth stack
  std::string group;        // group= option, else "wheel"; "" when not wheel_only
  Provenance where;
};
// Looks at the auth lines of the expanded su stack.
SuWheel AnalyzeSuStack(const PamStack& su);

// Writes auth_extra.* (see docs/facts/auth.md).
void CollectAuthExtra(host::Host& host, Facts& facts);

}  // namespace dengbao::probes
