// Placeholder registration file for the system probes (filled in by issue #3 work).
#include "probes/registry.h"

namespace dengbao::probes {
void RegisterSystemProbes(Registry&) {}
}  // namespace dengbao::probes
