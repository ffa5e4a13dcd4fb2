// Placeholder registration file for the security probes (filled in by issue #3 work).
#include "probes/registry.h"

namespace dengbao::probes {
void RegisterSecurityProbes(Registry&) {}
}  // namespace dengbao::probes
