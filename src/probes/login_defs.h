// The login_defs probe: /etc/login.defs ("KEY value" lines; shadow-utils lets a later line of
// the same key win).
#pragma once

#include <string>
#include <string_view>

#include "host/host.h"
#include "probes/auth_probes.h"
#include "probes/facts.h"

namespace dengbao::probes {

// Lowercased key -> last value. A key without a value is kept with an empty value.
ConfMap ParseLoginDefs(std::string_view text, const std::string& file);

// UID_MIN from parsed login.defs, or 1000 (the shadow-utils default) when absent or malformed.
long long LoginDefsUidMin(const ConfMap& defs);

// Writes login_defs.* (see docs/facts/auth.md).
void CollectLoginDefs(host::Host& host, Facts& facts);

}  // namespace dengbao::probes
