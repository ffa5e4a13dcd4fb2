#include "probes/registry.h"

namespace dengbao::probes {

void RegisterBuiltinProbes(Registry& registry) {
  RegisterAuthProbes(registry);
  RegisterSystemProbes(registry);
  RegisterSecurityProbes(registry);
}

}  // namespace dengbao::probes
