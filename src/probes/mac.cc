#include "probes/mac.h"

#include <array>

#include "probes/text.h"
#include "probes/unit_state.h"

namespace dengbao::probes {

namespace {

constexpr std::string_view kProbe = "mac";
constexpr size_t kMaxProfiles = 100000;

struct Cmdline {
  std::vector<std::pair<std::string, std::string>> params;
  std::vector<Provenance> sources;
  bool readable = false;
};

// Live: /proc/cmdline (what the running kernel got). Offline: the boot loader defaults.
Cmdline ReadCmdline(host::Host& host, Facts& facts) {
  Cmdline c;
  auto add = [&](std::string_view path, const std::string& line) {
    for (auto& p : ParseKernelCmdline(line)) c.params.push_back(std::move(p));
    c.sources.push_back(MakeProvenance(path, 0, line));
    c.readable = true;
  };
  if (host.IsLive()) {
    if (auto text = ReadConfigOrReport(host, "/proc/cmdline", facts, kProbe, "")) add("/proc/cmdline", *text);
    if (c.readable) return c;
  }
  std::vector<std::string> files = {"/etc/default/grub"};
  if (auto d = host::Glob(host, "/etc/default/grub.d/*.cfg")) files.insert(files.end(), d->begin(), d->end());
  for (const auto& f : files)
    if (auto text = ReadConfigOrReport(host, f, facts, kProbe, "")) add(f, GrubCmdline(*text));
  if (auto text = ReadConfigOrReport(host, "/etc/kernel/cmdline", facts, kProbe, ""))
    add("/etc/kernel/cmdline", *text);
  return c;
}

void CollectSelinux(host::Host& host, Facts& facts, const Cmdline& cmd) {
  std::optional<SelinuxConfig> conf;
  if (auto text = ReadConfigOrReport(host, "/etc/selinux/config", facts, kProbe, "mac.selinux")) {
    conf = ParseSelinuxConfig(*text);
  }
  if (facts.UnknownOf("mac.selinux")) return;
  std::vector<Provenance> src;
  if (conf && conf->mode)
    src.push_back(MakeProvenance("/etc/selinux/config", conf->mode_line, "SELINUX=" + *conf->mode));
  nlohmann::json mode;
  if (conf && conf->mode) mode = SafeUtf8(*conf->mode);
  if (CmdlineValue(cmd.params, "selinux") == "0") {
    mode = "disabled";
    src.insert(src.end(), cmd.sources.begin(), cmd.sources.end());
  } else if (host.IsLive()) {
    auto enforce = host.ReadFile("/sys/fs/selinux/enforce", 64);
    if (enforce) {
      mode = Trim(*enforce) == "1" ? "enforcing" : "permissive";
      src.push_back(MakeProvenance("/sys/fs/selinux/enforce", 0, Trim(*enforce)));
    } else if (enforce.error().code == ErrorCode::kNotFound && conf) {
      mode = "disabled";  // configured, but selinuxfs is not mounted: not running
      src.push_back(MakeProvenance("/sys/fs/selinux/enforce", 0, "(不存在)"));
    }
  }
  facts.Set("mac.selinux.mode", mode, src);
  facts.Set("mac.selinux.config_mode",
            conf && conf->mode ? nlohmann::json(SafeUtf8(*conf->mode)) : nlohmann::json());
  facts.Set("mac.selinux.type",
            conf && conf->type ? nlohmann::json(SafeUtf8(*conf->type)) : nlohmann::json());
}

// Profiles in /etc/apparmor.d (files, not subdirectories) minus those linked in disable/.
int CountProfileFiles(host::Host& host) {
  auto entries = host.ListDir("/etc/apparmor.d");
  if (!entries) return 0;
  int n = 0;
  for (const auto& e : *entries) {
    if (e.type != host::FileType::kRegular || e.name.starts_with(".") || e.name.ends_with(".dpkg-dist"))
      continue;
    if (!host::Exists(host, host::JoinPath("/etc/apparmor.d/disable", e.name))) ++n;
  }
  return n;
}

void CollectApparmor(host::Host& host, Facts& facts, const Cmdline& cmd) {
  bool kernel_off = CmdlineValue(cmd.params, "apparmor") == "0";
  if (host.IsLive()) {
    auto param = host.ReadFile("/sys/module/apparmor/parameters/enabled", 64);
    bool enabled = param && Trim(*param) == "Y" && !kernel_off;
    facts.Set(
        "mac.apparmor.enabled", enabled,
        {MakeProvenance("/sys/module/apparmor/parameters/enabled", 0, param ? Trim(*param) : "(不存在)")});
    auto profiles = host.ReadFile("/sys/kernel/security/apparmor/profiles");
    if (profiles) {
      size_t lines = std::min(ConfigLines(*profiles).size(), kMaxProfiles);
      facts.Set("mac.apparmor.profiles", static_cast<int>(lines),
                {MakeProvenance("/sys/kernel/security/apparmor/profiles", 0, "")});
      return;
    }
    if (!enabled) {
      facts.Set("mac.apparmor.profiles", 0);
      return;
    }
    facts.AddWarning(kProbe, "无法读取已加载的 AppArmor 配置文件列表，改为统计 /etc/apparmor.d");
  }
  constexpr std::array<std::string_view, 2> kParsers = {"/sbin/apparmor_parser", "/usr/sbin/apparmor_parser"};
  bool installed = FirstExisting(host, kParsers).has_value();
  int count = installed ? CountProfileFiles(host) : 0;
  if (!host.IsLive()) {
    ServiceState svc = QueryService(host, "apparmor.service", "");
    facts.Set("mac.apparmor.enabled", installed && svc.enabled && !kernel_off,
              {MakeProvenance(svc.evidence.empty() ? "apparmor.service" : svc.evidence, 0,
                              svc.enabled ? "enabled" : "")});
  }
  facts.Set("mac.apparmor.profiles", count, {MakeProvenance("/etc/apparmor.d", 0, "")});
}

void CollectKysec(host::Host& host, Facts& facts) {
  constexpr std::array<std::string_view, 3> kPaths = {"/etc/kysec", "/usr/sbin/kysec_set",
                                                      "/usr/bin/kysec_set"};
  std::string evidence = FirstExisting(host, kPaths).value_or("");
  if (evidence.empty()) {
    constexpr std::array<std::string_view, 1> kUnits = {"kysec*.service"};
    evidence = QueryService(host, kUnits, {}).evidence;
  }
  facts.Set("mac.kysec.present", !evidence.empty(), {MakeProvenance(evidence, 0, "")});
}

}  // namespace

SelinuxConfig ParseSelinuxConfig(std::string_view text) {
  SelinuxConfig c;
  for (const auto& l : ConfigLines(text)) {
    auto eq = l.text.find('=');
    if (eq == std::string::npos) continue;
    std::string key(Trim(std::string_view(l.text).substr(0, eq)));
    std::string value = ToLower(Trim(std::string_view(l.text).substr(eq + 1)));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
      value = value.substr(1, value.size() - 2);
    if (key == "SELINUX") {
      c.mode = value;
      c.mode_line = l.number;
    } else if (key == "SELINUXTYPE") {
      c.type = value;
    }
  }
  return c;
}

std::vector<std::pair<std::string, std::string>> ParseKernelCmdline(std::string_view cmdline) {
  std::vector<std::pair<std::string, std::string>> out;
  std::string word;
  bool quoted = false;
  auto flush = [&] {
    if (word.empty()) return;
    auto eq = word.find('=');
    out.emplace_back(word.substr(0, eq), eq == std::string::npos ? "" : word.substr(eq + 1));
    word.clear();
  };
  for (char c : cmdline) {
    if (c == '"') {
      quoted = !quoted;
    } else if (!quoted && (c == ' ' || c == '\t' || c == '\n' || c == '\r')) {
      flush();
    } else if (word.size() < 4096) {
      word += c;
    }
  }
  flush();
  return out;
}

std::string GrubCmdline(std::string_view default_grub) {
  std::string out = ShellVar(default_grub, "GRUB_CMDLINE_LINUX").value_or("");
  if (auto d = ShellVar(default_grub, "GRUB_CMDLINE_LINUX_DEFAULT")) out += (out.empty() ? "" : " ") + *d;
  return out;
}

std::optional<std::string> CmdlineValue(const std::vector<std::pair<std::string, std::string>>& params,
                                        std::string_view key) {
  std::optional<std::string> v;
  for (const auto& [k, val] : params)
    if (k == key) v = val;
  return v;
}

void CollectMac(host::Host& host, Facts& facts) {
  Cmdline cmd = ReadCmdline(host, facts);
  CollectSelinux(host, facts, cmd);
  CollectApparmor(host, facts, cmd);
  CollectKysec(host, facts);
  bool kernel_off = CmdlineValue(cmd.params, "selinux") == "0" || CmdlineValue(cmd.params, "apparmor") == "0";
  if (cmd.readable)
    facts.Set("mac.kernel_disabled", kernel_off, cmd.sources);
  else
    facts.Set("mac.kernel_disabled", nullptr);
  const Fact* mode = facts.Find("mac.selinux.mode");
  const Fact* aa = facts.Find("mac.apparmor.enabled");
  const Fact* profiles = facts.Find("mac.apparmor.profiles");
  bool selinux = mode && mode->value == "enforcing";
  bool apparmor =
      aa && aa->value == true && profiles && profiles->value.is_number() && profiles->value.get<int>() >= 1;
  if (!selinux && !apparmor && facts.UnknownOf("mac.selinux.mode"))
    facts.SetUnknown("mac.active", *facts.UnknownOf("mac.selinux.mode"));
  else
    facts.Set("mac.active", selinux || apparmor);
}

}  // namespace dengbao::probes
