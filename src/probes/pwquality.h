// The pwquality probe: /etc/security/pwquality.conf.d/*.conf (read first, in name order) and then
// /etc/security/pwquality.conf, as libpwquality does: a later setting of a key overrides.
#pragma once

#include <string>
#include <string_view>

#include "host/host.h"
#include "probes/auth_probes.h"
#include "probes/facts.h"

namespace dengbao::probes {

// Key -> value of one pwquality configuration file, merged into `out` (later wins).
void ParsePwqualityConf(std::string_view text, const std::string& file, ConfMap& out);

// Reads the drop-ins and the main file through `host`. Missing files are skipped. Returns the
// first read error other than kNotFound (binary files are warned about under `probe` and skipped).
Status ReadPwqualityConf(host::Host& host, Facts& facts, std::string_view probe, ConfMap& out);

// Writes pwquality.present and pwquality.<key> (see docs/facts/auth.md).
void CollectPwquality(host::Host& host, Facts& facts);

}  // namespace dengbao::probes
