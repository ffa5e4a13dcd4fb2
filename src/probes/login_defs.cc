#include "probes/login_defs.h"

#include "probes/text.h"

namespace dengbao::probes {
namespace {

struct KeySpec {
  const char* key;  // lowercased login.defs key, also the fact name
  bool numeric;     // int fact when the value is a decimal integer
};

const KeySpec kKeys[] = {
    {"pass_max_days", true},
    {"pass_min_days", true},
    {"pass_warn_age", true},
    {"pass_min_len", true},
    {"encrypt_method", false},
    {"umask", false},
    {"uid_min", true},
    {"uid_max", true},
    {"sys_uid_min", true},
    {"sys_uid_max", true},
    {"gid_min", true},
    {"login_retries", true},
    {"login_timeout", true},
    {"fail_delay", true},
    {"sha_crypt_min_rounds", true},
    {"sha_crypt_max_rounds", true},
    {"yescrypt_cost_factor", true},
};

}  // namespace

ConfMap ParseLoginDefs(std::string_view text, const std::string& file) {
  ConfMap out;
  for (const auto& line : ConfigLines(text)) {
    auto words = SplitWords(line.text);
    std::string value = words.size() > 1
                            ? std::string(Unquote(Trim(line.text.substr(words[1].data() - line.text.data()))))
                            : "";
    out[ToLower(words[0])] = ConfValue{value, Prov(file, line.number, line.text), words.size() == 1};
  }
  return out;
}

long long LoginDefsUidMin(const ConfMap& defs) {
  if (auto it = defs.find("uid_min"); it != defs.end())
    if (auto n = ParseInt(it->second.value); n && *n > 0) return *n;
  return 1000;
}

void CollectLoginDefs(host::Host& host, Facts& facts) {
  const std::string file = "/etc/login.defs";
  auto text = ReadConfigText(host, file, facts, "login_defs");
  if (!text) {
    if (text.error().code == ErrorCode::kNotFound)
      facts.Set("login_defs.present", false, {Prov(file, 0, "")});
    else
      facts.SetUnknown("login_defs", text.error());
    return;
  }
  ConfMap defs = ParseLoginDefs(*text, file);
  facts.Set("login_defs.present", true, {Prov(file, 0, "")});
  nlohmann::json all = nlohmann::json::object();
  for (const auto& [key, v] : defs) all[key] = v.value;
  facts.Set("login_defs.settings", all);
  for (const auto& spec : kKeys) {
    auto it = defs.find(spec.key);
    if (it == defs.end()) continue;  // absent: not set (rules apply the shadow-utils default)
    nlohmann::json value = spec.numeric ? IntOrString(it->second.value) : nlohmann::json(it->second.value);
    if (spec.numeric && value.is_string())
      facts.AddWarning("login_defs", "数值无法解析 (not a number)", it->second.where);
    facts.Set(std::string("login_defs.") + spec.key, value, {it->second.where});
  }
}

}  // namespace dengbao::probes
