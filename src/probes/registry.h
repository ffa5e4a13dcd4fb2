// The table of probes. Each probe is a free function that reads facts from a Host into Facts
// under its own name ("sshd" writes "sshd.*"). Built-ins are registered explicitly
// (STYLE.md 12). Rules name the probes they need; the scanner runs each needed probe once.
// A Registry is immutable after registration and safe to share.
#pragma once

#include <span>
#include <string_view>
#include <vector>

#include "host/host.h"
#include "probes/facts.h"

namespace dengbao::probes {

using CollectFn = void (*)(host::Host& host, Facts& facts);

struct ProbeSpec {
  std::string_view name;     // fact namespace, e.g. "sshd"
  std::string_view summary;  // zh-first one line
  CollectFn collect;
  // Further namespaces this probe writes, comma-separated (e.g. pam also derives the effective
  // "password_policy"); rules that declare the probe may read them.
  std::string_view also_writes = {};

  // True when facts under `ns` come from this probe.
  bool Writes(std::string_view ns) const {
    if (ns == name) return true;
    std::string_view rest = also_writes;
    while (!rest.empty()) {
      size_t comma = rest.find(',');
      if (rest.substr(0, comma) == ns) return true;
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
    return false;
  }
};

class Registry {
 public:
  void Add(ProbeSpec spec) { probes_.push_back(spec); }
  const ProbeSpec* Find(std::string_view name) const {
    for (const auto& p : probes_)
      if (p.name == name) return &p;
    return nullptr;
  }
  std::span<const ProbeSpec> all() const { return probes_; }

 private:
  std::vector<ProbeSpec> probes_;
};

// Registers every built-in probe (calls the per-family functions below).
void RegisterBuiltinProbes(Registry& registry);
void RegisterAuthProbes(Registry& registry);      // auth_probes.cc: accounts, PAM, ssh, sudo, login.defs...
void RegisterSystemProbes(Registry& registry);    // system_probes.cc: os, services, packages, ports, files...
void RegisterSecurityProbes(Registry& registry);  // security_probes.cc: audit, logs, AV, firewall, MAC...

}  // namespace dengbao::probes
