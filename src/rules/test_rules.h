// Shared pieces for rules tests: the shipped catalog and a tiny registry with test probes.
#pragma once

#include <string>

#include "catalog/loader.h"
#include "probes/registry.h"
#include "probes/text.h"

namespace dengbao::rules::testing {

inline const catalog::Catalog& Catalog() {
  static const catalog::Catalog cat = [] {
    auto r = catalog::LoadCatalog(std::string(DENGBAO_SOURCE_DIR) + "/catalogs/gbt22239-2019");
    if (!r) std::abort();
    return std::move(*r);
  }();
  return cat;
}

// Probe "os": family from /etc/family. Probe "t": key=value lines of /etc/t.conf as t.<key>
// (integers as numbers); an unreadable file makes "t" unknown.
inline void CollectTestOs(host::Host& h, probes::Facts& f) {
  auto text = h.ReadFile("/etc/family");
  f.Set("os.family", text ? std::string(probes::Trim(*text)) : "unknown");
}
inline void CollectTestT(host::Host& h, probes::Facts& f) {
  auto text = h.ReadFile("/etc/t.conf");
  if (!text) {
    f.SetUnknown("t", text.error());
    return;
  }
  f.Set("t.present", true);
  for (const auto& line : probes::ConfigLines(*text)) {
    auto eq = line.text.find('=');
    if (eq == std::string::npos) continue;
    std::string key = line.text.substr(0, eq), value = line.text.substr(eq + 1);
    auto n = probes::ParseInt(value);
    f.Set("t." + key, n ? nlohmann::json(*n) : nlohmann::json(value),
          {{"/etc/t.conf", line.number, line.text}});
  }
}

inline const probes::Registry& Registry() {
  static const probes::Registry reg = [] {
    probes::Registry r;
    r.Add({"os", "测试", &CollectTestOs});
    r.Add({"t", "测试", &CollectTestT});
    return r;
  }();
  return reg;
}

}  // namespace dengbao::rules::testing
