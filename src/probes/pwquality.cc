#include "probes/pwquality.h"

namespace dengbao::probes {

void ParsePwqualityConf(std::string_view text, const std::string& file, ConfMap& out) {
  ParseKeyValueConf(text, file, out);
}

Status ReadPwqualityConf(host::Host& host, Facts& facts, std::string_view probe, ConfMap& out) {
  std::vector<std::string> files;
  auto dropins = host::Glob(host, "/etc/security/pwquality.conf.d/*.conf");
  if (!dropins) return std::unexpected(dropins.error());
  files = *dropins;
  files.push_back("/etc/security/pwquality.conf");
  for (const auto& f : files) {
    auto text = ReadConfigText(host, f, facts, probe);
    if (text) {
      ParsePwqualityConf(*text, f, out);
      continue;
    }
    if (text.error().code != ErrorCode::kNotFound && text.error().code != ErrorCode::kSyntax)
      return std::unexpected(text.error());
  }
  return {};
}

void CollectPwquality(host::Host& host, Facts& facts) {
  ConfMap conf;
  if (auto st = ReadPwqualityConf(host, facts, "pwquality", conf); !st) {
    facts.SetUnknown("pwquality", st.error());
    return;
  }
  bool present = host::Exists(host, "/etc/security/pwquality.conf") || !conf.empty();
  facts.Set("pwquality.present", present, {Prov("/etc/security/pwquality.conf", 0, "")});
  for (const auto& [key, v] : conf) {
    std::string path = "pwquality." + FactKey(key);
    if (FactKey(key) == "present") continue;  // never shadow the presence fact
    facts.Set(path, v.flag ? nlohmann::json(true) : IntOrString(v.value), {v.where});
  }
}

}  // namespace dengbao::probes
