#include "probes/services.h"

#include <algorithm>
#include <array>
#include <chrono>

#include "probes/text.h"

namespace dengbao::probes {

namespace {

constexpr std::array kUnitSuffixes = {".service", ".socket", ".target", ".timer", ".path", ".mount"};

// Directories whose *.wants / *.requires subdirectories hold enablement links; the vendor ones
// list units enabled by default (static wants).
constexpr std::array kUnitDirs = {"/etc/systemd/system", "/lib/systemd/system", "/usr/lib/systemd/system"};

bool IsUnitName(std::string_view name) {
  for (const char* s : kUnitSuffixes)
    if (name.ends_with(s) && name.size() > std::string_view(s).size()) return true;
  return false;
}

bool LinkMayBeUnit(host::Host& host, const std::string& path) {
  auto info = host.Stat(path);
  if (info) return info->type == host::FileType::kRegular;
  return info.error().code == ErrorCode::kNotFound;
}

// Enablement links of one unit directory; also records alias targets of /etc links.
void ScanUnitDir(SourceReader& reader, std::string_view dir, ServiceInventory& state) {
  for (const auto& sub : reader.List(dir)) {
    std::string_view name = sub.name;
    if (sub.type != host::FileType::kDirectory || !(name.ends_with(".wants") || name.ends_with(".requires")))
      continue;
    std::string subdir = host::JoinPath(dir, name);
    for (const auto& link : reader.List(subdir)) {
      if (!IsUnitName(link.name)) continue;
      // A link to a directory or a symlink loop cannot be a unit file: systemd ignores it. A
      // dangling link still counts: offline copies of /etc often lack /lib/systemd/system.
      if (!LinkMayBeUnit(reader.host(), host::JoinPath(subdir, link.name))) continue;
      state.enabled.insert(SanitizeUtf8(link.name));
      if (auto target = reader.host().ReadLink(host::JoinPath(subdir, link.name))) {
        std::string base(PathTail(*target));
        if (IsUnitName(base) && base != link.name) state.enabled.insert(SanitizeUtf8(base));  // alias
      }
      if (dir.starts_with("/etc/"))
        state.sources.push_back(MakeSource(host::JoinPath(subdir, link.name), 0, ""));
    }
  }
}

// /etc/systemd/system/<unit> links: to /dev/null = masked, to another unit = alias of it.
void ScanMasksAndAliases(SourceReader& reader, ServiceInventory& state) {
  std::vector<std::pair<std::string, std::string>> aliases;  // (alias, target unit)
  for (const auto& e : reader.List("/etc/systemd/system")) {
    if (e.type != host::FileType::kSymlink || !IsUnitName(e.name)) continue;
    std::string path = host::JoinPath("/etc/systemd/system", e.name);
    auto target = reader.host().ReadLink(path);
    if (!target) continue;
    if (*target == "/dev/null") {
      state.masked.insert(SanitizeUtf8(e.name));
      state.sources.push_back(MakeSource(path, 0, "-> /dev/null"));
    } else {
      aliases.emplace_back(SanitizeUtf8(e.name), SanitizeUtf8(PathTail(*target)));
    }
  }
  for (const auto& [alias, target] : aliases) {
    if (state.enabled.contains(target)) state.enabled.insert(alias);
    if (state.enabled.contains(alias)) state.enabled.insert(target);
  }
  for (const auto& m : state.masked) state.enabled.erase(m);
}

void ScanXinetd(SourceReader& reader, ServiceInventory& state) {
  for (const auto& e : reader.List("/etc/xinetd.d")) {
    if (e.name.starts_with('.') || e.name.ends_with('~') || e.name.find(".rpm") != std::string::npos ||
        e.name.find(".dpkg") != std::string::npos)
      continue;
    std::string path = host::JoinPath("/etc/xinetd.d", e.name);
    auto text = reader.Read(path, 1 << 20);
    if (!text) continue;
    for (const auto& svc : ParseXinetd(*text)) {
      if (!svc.enabled) continue;
      state.xinetd_enabled.insert(SanitizeUtf8(svc.name));
      state.sources.push_back(MakeSource(path, svc.line, "service " + svc.name));
    }
  }
}

void ScanSysv(SourceReader& reader, ServiceInventory& state) {
  for (const char* dir : {"/etc/rc3.d", "/etc/rc5.d", "/etc/rc.d/rc3.d", "/etc/rc.d/rc5.d"}) {
    for (const auto& e : reader.List(dir)) {
      std::string name = SysvName(e.name);
      if (name.empty()) continue;
      state.sysv_enabled.insert(SanitizeUtf8(name));
      state.sources.push_back(MakeSource(host::JoinPath(dir, e.name), 0, ""));
    }
  }
}

void ScanActive(SourceReader& reader, ServiceInventory& state) {
  auto run = reader.host().Run({"systemctl", "list-units", "--type=service,socket", "--state=active",
                                "--no-legend", "--plain", "--no-pager"},
                               std::chrono::seconds(5));
  if (run && run->exit_code == 0) {
    for (auto& unit : ParseSystemctlUnits(run->out)) state.active.insert(SanitizeUtf8(unit));
    state.active_source = "systemctl";
    return;
  }
  auto procs = reader.host().ListProcesses();
  if (!procs) {
    reader.Fail(procs.error(), "processes");
    return;
  }
  for (const auto& p : *procs)  // kernel threads have no command line and are not services
    if (!p.name.empty() && !p.cmdline.empty()) state.active.insert(SanitizeUtf8(BareServiceName(p.name)));
  state.active_source = "processes";
}

}  // namespace

std::vector<XinetdService> ParseXinetd(std::string_view text) {
  std::vector<XinetdService> out;
  bool in_block = false, pending = false;
  XinetdService current;
  for (const auto& line : ConfigLines(text)) {
    auto words = SplitWords(line.text);
    if (words.empty()) continue;
    if (!in_block && words[0] == "service" && words.size() >= 2) {
      current = XinetdService{SanitizeUtf8(words[1]), true, line.number};
      pending = true;
      if (line.text.find('{') != std::string::npos) in_block = true;
      continue;
    }
    if (!in_block && words[0] == "{" && pending) {
      in_block = true;
      continue;
    }
    if (!in_block) continue;
    if (words[0] == "}") {
      out.push_back(current);
      in_block = pending = false;
      continue;
    }
    auto eq = line.text.find('=');
    if (eq == std::string::npos) continue;
    std::string key = ToLower(Trim(std::string_view(line.text).substr(0, eq)));
    std::string value = ToLower(Trim(std::string_view(line.text).substr(eq + 1)));
    if (key == "disable") current.enabled = value != "yes";
  }
  if (in_block && pending) out.push_back(current);
  return out;
}

std::vector<std::string> ParseSystemctlUnits(std::string_view text) {
  std::vector<std::string> out;
  for (const auto& line : ConfigLines(text, LineOptions{'\0', false, false})) {
    auto words = SplitWords(line.text);
    size_t i = 0;
    if (i < words.size() && (words[i] == "\xE2\x97\x8F" || words[i] == "*")) ++i;  // "●" marker
    if (i < words.size() && IsUnitName(words[i])) out.emplace_back(words[i]);
  }
  return out;
}

std::string BareServiceName(std::string_view unit) {
  for (const char* s : kUnitSuffixes) {
    if (unit.ends_with(s)) {
      unit.remove_suffix(std::string_view(s).size());
      break;
    }
  }
  if (auto at = unit.find('@'); at != std::string_view::npos && at > 0) unit = unit.substr(0, at);
  if (unit.starts_with("in.") && unit.size() > 3) unit.remove_prefix(3);
  return std::string(unit);
}

std::string SysvName(std::string_view link) {
  if (link.size() < 2 || link[0] != 'S') return "";
  size_t i = 1;
  while (i < link.size() && link[i] >= '0' && link[i] <= '9') ++i;
  if (i == 1 || i == link.size()) return "";
  return std::string(link.substr(i));
}

std::set<std::string> ServiceInventory::RunningOrEnabledNames() const {
  std::set<std::string> out;
  for (const auto* set : {&enabled, &active})
    for (const auto& u : *set) out.insert(BareServiceName(u));
  for (const auto* set : {&xinetd_enabled, &sysv_enabled})
    for (const auto& n : *set) out.insert(n);
  out.erase("");
  return out;
}

bool ServiceInventory::AnyOf(std::initializer_list<std::string_view> bare_names) const {
  auto names = RunningOrEnabledNames();
  return std::any_of(bare_names.begin(), bare_names.end(),
                     [&](std::string_view n) { return names.contains(std::string(n)); });
}

std::optional<Error> ServiceInventory::AnyError() const {
  for (const auto* e : {&systemd_error, &xinetd_error, &sysv_error, &active_error})
    if (*e) return *e;
  return std::nullopt;
}

ServiceInventory ReadServiceState(host::Host& host, Facts& facts, std::string_view probe, bool with_active) {
  ServiceInventory state;
  SourceReader systemd(host, facts, probe), xinetd(host, facts, probe), sysv(host, facts, probe);
  for (const char* dir : kUnitDirs) ScanUnitDir(systemd, dir, state);
  ScanMasksAndAliases(systemd, state);
  ScanXinetd(xinetd, state);
  ScanSysv(sysv, state);
  state.systemd_error = systemd.error();
  state.xinetd_error = xinetd.error();
  state.sysv_error = sysv.error();
  if (with_active && host.IsLive()) {
    // Reuse what the services probe found, if it ran already: systemctl can take seconds.
    const Fact* known = facts.Find("services.active");
    const Fact* source = facts.Find("services.active_source");
    if (known != nullptr && known->value.is_array() && source != nullptr && source->value.is_string()) {
      for (const auto& u : known->value)
        if (u.is_string()) state.active.insert(u.get<std::string>());
      state.active_source = source->value.get<std::string>();
      return state;
    }
    SourceReader active(host, facts, probe);
    ScanActive(active, state);
    state.active_error = active.error();
  }
  return state;
}

void CollectServices(host::Host& host, Facts& facts) {
  ServiceInventory state = ReadServiceState(host, facts, "services", true);
  auto sources = state.sources;
  if (sources.size() > 200) sources.resize(200);
  SetOrUnknown(facts, "services.enabled", state.enabled, sources, state.systemd_error);
  SetOrUnknown(facts, "services.masked", state.masked, {}, state.systemd_error);
  SetOrUnknown(facts, "services.xinetd_enabled", state.xinetd_enabled, {}, state.xinetd_error);
  SetOrUnknown(facts, "services.sysv_enabled", state.sysv_enabled, {}, state.sysv_error);
  if (host.IsLive()) {
    SetOrUnknown(facts, "services.active", state.active, {}, state.active_error);
  } else {
    facts.SetUnknown("services.active", Error{ErrorCode::kUnsupported, "离线目录无法获知运行中的服务", {}});
  }
  facts.Set("services.active_source",
            state.active_source.empty() ? nlohmann::json() : nlohmann::json(state.active_source));
  SetOrUnknown(facts, "services.running_or_enabled_names", state.RunningOrEnabledNames(), sources,
               state.AnyError());
}

}  // namespace dengbao::probes
