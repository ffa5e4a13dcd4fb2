// Collector half of the sshd probe: reads sshd_config (and what it includes) through the Host,
// applies the OpenSSH defaults and writes the sshd.* facts.
#include <nlohmann/json.hpp>

#include "probes/sshd.h"
#include "probes/text.h"

namespace dengbao::probes {
namespace {

constexpr const char* kConfig = "/etc/ssh/sshd_config";

enum class Kind {
  kLower,     // one word, lowercased (yes/no and other enumerations)
  kUpper,     // one word, uppercased (LogLevel)
  kRaw,       // all arguments joined, as written; null when absent
  kInt,       // integer
  kTime,      // OpenSSH time format -> seconds
  kList,      // comma separated list in the first argument -> array; null when absent
  kWords,     // every argument of every line -> array; [] when absent
  kPorts,     // every argument of every line -> array of int
  kNoneNull,  // like kRaw, but "none" is null (Banner)
};

struct KeywordSpec {
  const char* keyword;  // lowercased sshd keyword
  const char* fact;     // under sshd.
  Kind kind;
  const char* fallback;  // OpenSSH built-in default as text; nullptr = null / empty
};

// PermitRootLogin and the keyboard-interactive aliases are handled separately.
const KeywordSpec kKeywords[] = {
    {"passwordauthentication", "password_authentication", Kind::kLower, "yes"},
    {"permitemptypasswords", "permit_empty_passwords", Kind::kLower, "no"},
    {"maxauthtries", "max_auth_tries", Kind::kInt, "6"},
    {"clientaliveinterval", "client_alive_interval", Kind::kTime, "0"},
    {"clientalivecountmax", "client_alive_count_max", Kind::kInt, "3"},
    {"logingracetime", "login_grace_time", Kind::kTime, "120"},
    {"x11forwarding", "x11_forwarding", Kind::kLower, "no"},
    {"protocol", "protocol", Kind::kLower, "2"},
    {"usepam", "use_pam", Kind::kLower, "no"},
    {"pubkeyauthentication", "pubkey_authentication", Kind::kLower, "yes"},
    {"hostbasedauthentication", "hostbased_authentication", Kind::kLower, "no"},
    {"ignorerhosts", "ignore_rhosts", Kind::kLower, "yes"},
    {"permituserenvironment", "permit_user_environment", Kind::kLower, "no"},
    {"strictmodes", "strict_modes", Kind::kLower, "yes"},
    {"allowtcpforwarding", "allow_tcp_forwarding", Kind::kLower, "yes"},
    {"maxsessions", "max_sessions", Kind::kInt, "10"},
    {"maxstartups", "max_startups", Kind::kRaw, "10:30:100"},
    {"loglevel", "log_level", Kind::kUpper, "INFO"},
    {"syslogfacility", "syslog_facility", Kind::kUpper, "AUTH"},
    {"ciphers", "ciphers", Kind::kList, nullptr},
    {"macs", "macs", Kind::kList, nullptr},
    {"kexalgorithms", "kex_algorithms", Kind::kList, nullptr},
    {"allowusers", "allow_users", Kind::kWords, nullptr},
    {"allowgroups", "allow_groups", Kind::kWords, nullptr},
    {"denyusers", "deny_users", Kind::kWords, nullptr},
    {"denygroups", "deny_groups", Kind::kWords, nullptr},
    {"listenaddress", "listen_address", Kind::kWords, nullptr},
    {"port", "port", Kind::kPorts, "22"},
    {"banner", "banner", Kind::kNoneNull, nullptr},
    {"authenticationmethods", "authentication_methods", Kind::kRaw, nullptr},
};

std::string Joined(const std::vector<std::string>& args) {
  std::string out;
  for (const auto& a : args) out += (out.empty() ? "" : " ") + a;
  return out;
}

std::vector<Provenance> Sources(const std::vector<SshdDirective>& ds) {
  std::vector<Provenance> out;
  for (const auto& d : ds) out.push_back(d.where);
  return out;
}

// The JSON value of one keyword from its deciding directives (never empty here).
nlohmann::json Convert(const KeywordSpec& spec, const std::vector<SshdDirective>& ds, Facts& facts) {
  const auto& first = ds.front();
  const std::string& a0 = first.args.front();
  auto bad = [&]() {
    facts.AddWarning("sshd", "取值无法解析 (unparsable value)", first.where);
    return nlohmann::json(nullptr);
  };
  switch (spec.kind) {
    case Kind::kLower:
      return ToLower(a0);
    case Kind::kUpper: {
      std::string up = a0;
      for (char& c : up) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      return up;
    }
    case Kind::kRaw:
      return Joined(first.args);
    case Kind::kNoneNull:
      return ToLower(a0) == "none" ? nlohmann::json(nullptr) : nlohmann::json(Joined(first.args));
    case Kind::kInt: {
      auto n = ParseInt(a0);
      return n ? nlohmann::json(*n) : bad();
    }
    case Kind::kTime: {
      auto n = ParseSshTime(a0);
      return n ? nlohmann::json(*n) : bad();
    }
    case Kind::kList: {
      nlohmann::json arr = nlohmann::json::array();
      for (std::string_view item : Split(a0, ','))
        if (!Trim(item).empty()) arr.push_back(std::string(Trim(item)));
      return arr;
    }
    case Kind::kWords: {
      nlohmann::json arr = nlohmann::json::array();
      for (const auto& d : ds)
        for (const auto& a : d.args) arr.push_back(a);
      return arr;
    }
    case Kind::kPorts: {
      nlohmann::json arr = nlohmann::json::array();
      for (const auto& d : ds)
        for (const auto& a : d.args) {
          auto n = ParseInt(a);
          if (n && *n > 0 && *n < 65536)
            arr.push_back(*n);
          else
            facts.AddWarning("sshd", "端口号无效 (invalid port)", d.where);
        }
      return arr;
    }
  }
  return nullptr;
}

nlohmann::json DefaultValue(const KeywordSpec& spec) {
  if (spec.kind == Kind::kWords) return nlohmann::json::array();
  if (!spec.fallback) return nullptr;
  if (spec.kind == Kind::kPorts) return nlohmann::json::array({std::stoi(spec.fallback)});
  if (spec.kind == Kind::kInt || spec.kind == Kind::kTime) return std::stoll(spec.fallback);
  return spec.fallback;
}

std::optional<std::string> InstalledVersion(host::Host& host) {
  auto status = host.ReadFile("/var/lib/dpkg/status", 64u << 20);
  if (!status) return std::nullopt;
  return DpkgInstalledVersion(ValidUtf8(*status), "openssh-server");
}

void SetPermitRootLogin(const SshdConfig& cfg, const std::optional<std::string>& version, Facts& facts) {
  if (auto it = cfg.global.find("permitrootlogin"); it != cfg.global.end()) {
    facts.Set("sshd.permit_root_login", ToLower(it->second.front().args.front()), Sources(it->second));
    facts.Set("sshd.permit_root_login_is_default", false);
    return;
  }
  std::string value = !version || SshVersionAtLeast7(*version) ? "prohibit-password" : "yes";
  facts.Set("sshd.permit_root_login", value,
            {DefaultProv("PermitRootLogin " + value + " (OpenSSH 缺省值; version " +
                         version.value_or("unknown") + ")")});
  facts.Set("sshd.permit_root_login_is_default", true);
}

// ChallengeResponseAuthentication is an alias of KbdInteractiveAuthentication: the first of
// either decides both facts.
void SetKbdInteractive(const SshdConfig& cfg, Facts& facts) {
  const SshdDirective* pick = nullptr;
  for (const char* kw : {"kbdinteractiveauthentication", "challengeresponseauthentication"}) {
    auto it = cfg.global.find(kw);
    if (it == cfg.global.end()) continue;
    const auto& d = it->second.front();
    if (!pick || d.order < pick->order) pick = &d;
  }
  nlohmann::json v = pick ? nlohmann::json(ToLower(pick->args.front())) : nlohmann::json("yes");
  std::vector<Provenance> src = {pick ? pick->where
                                      : DefaultProv("KbdInteractiveAuthentication yes (OpenSSH 缺省值)")};
  facts.Set("sshd.kbd_interactive_authentication", v, src);
  facts.Set("sshd.challenge_response_authentication", v, src);
}

nlohmann::json SettingsObject(const std::map<std::string, std::vector<SshdDirective>>& settings) {
  nlohmann::json obj = nlohmann::json::object();
  for (const auto& [kw, ds] : settings) {
    if (ds.size() == 1) {
      obj[kw] = Joined(ds.front().args);
      continue;
    }
    nlohmann::json arr = nlohmann::json::array();
    for (const auto& d : ds) arr.push_back(Joined(d.args));
    obj[kw] = arr;
  }
  return obj;
}

void WriteFacts(const SshdConfig& cfg, const std::optional<std::string>& version, Facts& facts) {
  facts.Set("sshd.present", true, {Prov(kConfig, 0, "")});
  facts.Set("sshd.version", version ? nlohmann::json(*version) : nlohmann::json(nullptr),
            {Prov("/var/lib/dpkg/status", 0, "openssh-server")});
  SetPermitRootLogin(cfg, version, facts);
  SetKbdInteractive(cfg, facts);
  for (const auto& spec : kKeywords) {
    std::string path = std::string("sshd.") + spec.fact;
    auto it = cfg.global.find(spec.keyword);
    if (it == cfg.global.end()) {
      facts.Set(path, DefaultValue(spec), {DefaultProv(std::string(spec.keyword) + " (OpenSSH 缺省值)")});
      continue;
    }
    facts.Set(path, Convert(spec, it->second, facts), Sources(it->second));
  }
  std::vector<Provenance> all;
  for (const auto& [kw, ds] : cfg.global)
    for (const auto& d : ds) all.push_back(d.where);
  facts.Set("sshd.settings", SettingsObject(cfg.global), all);
  nlohmann::json blocks = nlohmann::json::array();
  std::vector<Provenance> block_src;
  for (const auto& b : cfg.match_blocks) {
    blocks.push_back({{"criteria", b.criteria},
                      {"settings", SettingsObject(b.settings)},
                      {"file", b.where.file},
                      {"line", b.where.line}});
    block_src.push_back(b.where);
  }
  facts.Set("sshd.match_blocks", blocks, block_src);
  facts.Set("sshd.files", cfg.files);
}

}  // namespace

void CollectSshd(host::Host& host, Facts& facts) {
  auto text = ReadConfigText(host, kConfig, facts, "sshd");
  if (!text) {
    if (text.error().code == ErrorCode::kNotFound)
      facts.Set("sshd.present", false, {Prov(kConfig, 0, "")});
    else
      facts.SetUnknown("sshd", text.error());
    return;
  }
  SshdIncludeLoader loader = [&](std::string_view pattern) -> Result<std::vector<SshdSource>> {
    auto paths = host::Glob(host, pattern);
    if (!paths) return std::unexpected(paths.error());
    std::vector<SshdSource> out;
    for (const auto& p : *paths) {
      auto t = ReadConfigText(host, p, facts, "sshd");
      if (t)
        out.push_back({p, std::move(*t)});
      else if (t.error().code != ErrorCode::kSyntax && t.error().code != ErrorCode::kNotFound)
        return std::unexpected(t.error());  // binary junk was warned about; unreadable is fatal
    }
    return out;
  };
  SshdConfig cfg = ParseSshdConfig(*text, kConfig, loader);
  AddWarnings(facts, "sshd", cfg.warnings);
  if (!cfg.include_errors.empty()) {
    // An unread drop-in may hold the deciding value: better "unknown" than a wrong pass.
    facts.SetUnknown("sshd", cfg.include_errors.front());
    return;
  }
  WriteFacts(cfg, InstalledVersion(host), facts);
}

}  // namespace dengbao::probes
