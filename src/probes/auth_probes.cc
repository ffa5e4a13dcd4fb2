// Placeholder registration file for the authentication probes (filled in by issue #3 work).
#include "probes/registry.h"

namespace dengbao::probes {
void RegisterAuthProbes(Registry&) {}
}  // namespace dengbao::probes
