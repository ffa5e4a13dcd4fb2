#include "probes/registry.h"

namespace dengbao::probes {

const ProbeSpec* Registry::Find(std::string_view name) const {
  for (const auto& p : probes_)
    if (p.name == name) return &p;
  return nullptr;
}

void RegisterBuiltinProbes(Registry& registry) {
  RegisterAuthProbes(registry);
  RegisterSystemProbes(registry);
  RegisterSecurityProbes(registry);
}

}  // namespace dengbao::probes
