// Analysis half of the pam probe: from expanded stacks and the module configuration files to
// pam.* and password_policy.* facts. Pure: writes only into Facts.
#include <algorithm>
#include <optional>
#include <set>

#include "probes/pam.h"
#include "probes/text.h"

namespace dengbao::probes {
namespace {

using Stacks = std::map<std::string, PamStack>;
using Lines = std::vector<const PamLine*>;

// Stacks that change passwords (Debian / RHEL family) and stacks that log users in.
const std::vector<std::string> kPasswordStacks = {"common-password", "system-auth", "password-auth"};
const std::vector<std::string> kLoginStacks = {"common-auth", "system-auth", "password-auth", "sshd",
                                               "login"};
const std::set<std::string, std::less<>> kMfaModules = {
    "pam_google_authenticator",
    "pam_oath",
    "pam_radius_auth",
    "pam_duo",
    "pam_yubico",
    "pam_u2f",
    "pam_pkcs11",
    "pam_otpw",
};
const std::set<std::string, std::less<>> kHashes = {"md5",      "bigcrypt", "sha256",       "sha512",
                                                    "blowfish", "yescrypt", "gost_yescrypt"};

// Active lines of `type` whose module satisfies `pred`, from the named stacks, each once.
template <typename Pred>
Lines Find(const Stacks& stacks, const std::vector<std::string>& names, std::string_view type, Pred pred) {
  Lines out;
  std::set<std::pair<std::string, int>> seen;
  for (const auto& name : names) {
    auto it = stacks.find(name);
    if (it == stacks.end()) continue;
    for (const auto& l : it->second.lines)
      if (l.type == type && pred(l) && seen.insert({l.where.file, l.where.line}).second) out.push_back(&l);
  }
  return out;
}

Lines FindModule(const Stacks& s, const std::vector<std::string>& names, std::string_view type,
                 std::string_view module) {
  return Find(s, names, type, [&](const PamLine& l) { return l.module == module; });
}

std::vector<Provenance> Where(const Lines& lines) {
  std::vector<Provenance> out;
  for (const auto* l : lines) out.push_back(l->where);
  return out;
}

// One effective setting and where it came from.
struct Setting {
  std::optional<std::string> value;
  std::string source;  // "pam" | conf file kind | "default"
  Provenance where;
};

// The first module line that sets `key`, else the configuration file, else the default.
Setting Effective(const Lines& lines, const ConfMap* conf, std::string_view conf_name, std::string_view key,
                  std::optional<std::string> fallback) {
  for (const auto* l : lines) {
    auto opts = PamOptions(l->args);
    if (auto it = opts.find(key); it != opts.end()) return {it->second, "pam", l->where};
  }
  if (conf)
    if (auto it = conf->find(key); it != conf->end())
      return {it->second.value, std::string(conf_name), it->second.where};
  if (!fallback) return {std::nullopt, "", {}};
  return {fallback, "default", DefaultProv(std::string(key) + "=" + *fallback + " (模块缺省值)")};
}

nlohmann::json IntOrNull(const std::optional<std::string>& v) {
  if (!v) return nullptr;
  if (ToLower(*v) == "never") return 0;  // faillock unlock_time=never: only an admin unlocks
  auto n = ParseInt(*v);
  return n ? nlohmann::json(*n) : nlohmann::json(nullptr);
}

bool HasFlag(const Lines& lines, std::string_view flag) {
  return std::any_of(lines.begin(), lines.end(),
                     [&](const PamLine* l) { return PamOptions(l->args).contains(flag); });
}

const std::vector<std::string> kQualityKeys = {"minlen",  "dcredit",  "ucredit", "lcredit",
                                               "ocredit", "minclass", "retry"};

void ModuleFacts(const std::string& prefix, const Lines& lines, Facts& facts) {
  facts.Set(prefix + ".present", !lines.empty(), Where(lines));
  for (const auto& key : kQualityKeys) {
    Setting s = Effective(lines, nullptr, "", key, std::nullopt);
    facts.Set(prefix + "." + key, IntOrNull(s.value),
              s.value ? std::vector{s.where} : std::vector<Provenance>{});
  }
  facts.Set(prefix + ".enforce_for_root", HasFlag(lines, "enforce_for_root"), Where(lines));
}

void PasswordPolicy(const Lines& pwq, const Lines& crack, const Lines& unix_pw, const ConfMap& conf,
                    Facts& facts) {
  bool use_pwq = !pwq.empty();
  const Lines& lines = use_pwq ? pwq : crack;
  nlohmann::json source = nlohmann::json::object();
  if (lines.empty()) {
    Setting s = Effective(unix_pw, nullptr, "", "minlen", std::nullopt);
    facts.Set("password_policy.module", nullptr);
    facts.Set("password_policy.minlen", IntOrNull(s.value),
              s.value ? std::vector{s.where} : std::vector<Provenance>{});
    if (s.value) source["minlen"] = "pam";
    facts.Set("password_policy.min_classes", nullptr);
    facts.Set("password_policy.enforce_for_root", false);
    facts.Set("password_policy.source", source);
    return;
  }
  facts.Set("password_policy.module", use_pwq ? "pam_pwquality" : "pam_cracklib", Where(lines));
  const ConfMap* c = use_pwq ? &conf : nullptr;  // pam_cracklib has no configuration file
  const std::string credit_default = use_pwq ? "0" : "1";
  long long minclass = 0, negative = 0;
  std::vector<Provenance> class_src;
  for (const std::string key : {"minlen", "dcredit", "ucredit", "lcredit", "ocredit", "minclass"}) {
    std::string def = key == "minlen" ? (use_pwq ? "8" : "9") : key == "minclass" ? "0" : credit_default;
    Setting s = Effective(lines, c, "pwquality.conf", key, def);
    nlohmann::json v = IntOrNull(s.value);
    if (v.is_null()) facts.AddWarning("pam", "取值无法解析: " + key + " (unparsable value)", s.where);
    facts.Set("password_policy." + key, v, {s.where});
    source[key] = s.source;
    if (key == "minclass" && v.is_number()) minclass = v.get<long long>();
    if (key != "minlen" && key != "minclass" && v.is_number() && v.get<long long>() < 0) ++negative;
    if (key != "minlen") class_src.push_back(s.where);
  }
  facts.Set("password_policy.min_classes", std::max(minclass, negative), class_src);
  bool enforce = HasFlag(lines, "enforce_for_root") || (c && c->contains("enforce_for_root"));
  facts.Set("password_policy.enforce_for_root", enforce, Where(lines));
  facts.Set("password_policy.source", source);
}

void LockoutFacts(const Stacks& stacks, const ConfMap& faillock_conf, Facts& facts) {
  Lines faillock = FindModule(stacks, kLoginStacks, "auth", "pam_faillock");
  Lines tally = Find(stacks, kLoginStacks, "auth",
                     [](const PamLine& l) { return l.module == "pam_tally2" || l.module == "pam_tally"; });
  const std::string p = "pam.lockout.";
  if (faillock.empty() && tally.empty()) {
    for (const char* k :
         {"module", "deny", "unlock_time", "fail_interval", "root_unlock_time", "even_deny_root"})
      facts.Set(p + k, nullptr);
    return;
  }
  bool fl = !faillock.empty();
  const Lines& lines = fl ? faillock : tally;
  const ConfMap* conf = fl ? &faillock_conf : nullptr;
  facts.Set(p + "module", fl ? "faillock" : "tally2", Where(lines));
  // pam_faillock defaults: deny=3 unlock_time=600 fail_interval=900; pam_tally2 has none.
  auto set = [&](const std::string& key, std::optional<std::string> def) {
    Setting s = Effective(lines, conf, "faillock.conf", key, fl ? std::move(def) : std::nullopt);
    facts.Set(p + key, IntOrNull(s.value), s.value ? std::vector{s.where} : Where(lines));
    return s.value.has_value();
  };
  bool deny = set("deny", "3");
  if (!set("unlock_time", "600") && !fl && deny)
    facts.Set(p + "unlock_time", 0, Where(lines));  // admin unlock
  set("fail_interval", "900");
  set("root_unlock_time", std::nullopt);
  bool even = HasFlag(lines, "even_deny_root") || (conf && conf->contains("even_deny_root"));
  facts.Set(p + "even_deny_root", even, Where(lines));
}

void RememberFact(const Stacks& stacks, const ConfMap& pwhistory, Facts& facts) {
  Lines hist = FindModule(stacks, kPasswordStacks, "password", "pam_pwhistory");
  Setting s = hist.empty() ? Setting{} : Effective(hist, &pwhistory, "pwhistory.conf", "remember", "10");
  if (!s.value)
    s = Effective(FindModule(stacks, kPasswordStacks, "password", "pam_unix"), nullptr, "", "remember",
                  std::nullopt);
  facts.Set("pam.remember", IntOrNull(s.value), s.value ? std::vector{s.where} : std::vector<Provenance>{});
}

void LoginFacts(const Stacks& stacks, Facts& facts) {
  Lines nullok = Find(stacks, kLoginStacks, "auth", [](const PamLine& l) {
    auto o = PamOptions(l.args);
    return o.contains("nullok") || o.contains("nullok_secure");
  });
  facts.Set("pam.nullok", !nullok.empty(), Where(nullok));
  Lines mfa =
      Find(stacks, kLoginStacks, "auth", [](const PamLine& l) { return kMfaModules.contains(l.module); });
  std::set<std::string> names;
  for (const auto* l : mfa) names.insert(l->module);
  facts.Set("pam.mfa_modules", names, Where(mfa));
  Lines unix_pw = FindModule(stacks, kPasswordStacks, "password", "pam_unix");
  for (const auto* l : unix_pw)
    for (const auto& a : l->args)
      if (kHashes.contains(ToLower(a))) {
        facts.Set("pam.password_hash", ToLower(a), {l->where});
        return;
      }
  facts.Set("pam.password_hash", nullptr);
}

nlohmann::json StacksObject(const Stacks& stacks) {
  nlohmann::json obj = nlohmann::json::object();
  for (const auto& [name, stack] : stacks) {
    nlohmann::json arr = nlohmann::json::array();
    for (const auto& l : stack.lines)
      arr.push_back({{"type", l.type},
                     {"control", l.control},
                     {"module", l.module},
                     {"args", l.args},
                     {"file", l.where.file},
                     {"line", l.where.line}});
    obj[name] = arr;
  }
  return obj;
}

}  // namespace

void AnalyzePam(const Stacks& stacks, const PamConfigs& configs, Facts& facts) {
  facts.Set("pam.present", !stacks.empty());
  facts.Set("pam.stacks", StacksObject(stacks));
  Lines pwq = FindModule(stacks, kPasswordStacks, "password", "pam_pwquality");
  Lines crack = FindModule(stacks, kPasswordStacks, "password", "pam_cracklib");
  ModuleFacts("pam.pwquality", pwq, facts);
  ModuleFacts("pam.cracklib", crack, facts);
  if (configs.pwquality_error)
    facts.SetUnknown("password_policy", *configs.pwquality_error);
  else
    PasswordPolicy(pwq, crack, FindModule(stacks, kPasswordStacks, "password", "pam_unix"), configs.pwquality,
                   facts);
  if (configs.faillock_error)
    facts.SetUnknown("pam.lockout", *configs.faillock_error);
  else
    LockoutFacts(stacks, configs.faillock, facts);
  if (configs.pwhistory_error)
    facts.SetUnknown("pam.remember", *configs.pwhistory_error);
  else
    RememberFact(stacks, configs.pwhistory, facts);
  LoginFacts(stacks, facts);
}

}  // namespace dengbao::probes
