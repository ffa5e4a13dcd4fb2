#include "probes/unit_state.h"

#include <array>

#include "probes/text.h"

namespace dengbao::probes {

namespace {

// Length of the valid UTF-8 sequence at s[i], or 0 (strict: no overlongs, no surrogates).
size_t Utf8SequenceLength(std::string_view s, size_t i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = byte(i);
  size_t len = 0;
  unsigned char lo = 0x80, hi = 0xBF;
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF)
    len = 2;
  else if (c >= 0xE0 && c <= 0xEF)
    len = 3;
  else if (c >= 0xF0 && c <= 0xF4)
    len = 4;
  else
    return 0;
  if (c == 0xE0) lo = 0xA0;
  if (c == 0xED) hi = 0x9F;
  if (c == 0xF0) lo = 0x90;
  if (c == 0xF4) hi = 0x8F;
  if (i + len > s.size()) return 0;
  if (byte(i + 1) < lo || byte(i + 1) > hi) return 0;
  for (size_t k = 2; k < len; ++k)
    if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
  return len;
}

constexpr std::array<std::string_view, 3> kSystemdRoots = {"/etc/systemd/system", "/lib/systemd/system",
                                                           "/usr/lib/systemd/system"};

bool IsWantsDir(std::string_view name) { return name.ends_with(".wants") || name.ends_with(".requires"); }

// Path of the first wants/requires link naming a unit that matches `pattern`, or empty.
std::string FindWantsLink(host::Host& host, std::string_view pattern) {
  for (std::string_view root : kSystemdRoots) {
    auto entries = host.ListDir(root);
    if (!entries) continue;
    for (const auto& e : *entries) {
      if (!IsWantsDir(e.name)) continue;
      std::string dir = host::JoinPath(root, e.name);
      auto links = host.ListDir(dir);
      if (!links) continue;
      for (const auto& l : *links) {
        if (!host::GlobMatch(pattern, l.name)) continue;
        // A link to a directory or a symlink loop cannot be a unit file (systemd ignores it); a
        // dangling link still counts: offline copies of /etc often lack /lib/systemd/system.
        std::string path = host::JoinPath(dir, l.name);
        auto info = host.Stat(path);
        if (info ? info->type == host::FileType::kRegular : info.error().code == ErrorCode::kNotFound)
          return path;
      }
    }
  }
  return {};
}

bool IsMasked(host::Host& host, std::string_view unit) {
  if (unit.find_first_of("*?") != std::string_view::npos) return false;
  for (std::string_view dir : {"/etc/systemd/system", "/run/systemd/system"}) {
    auto target = host.ReadLink(host::JoinPath(dir, unit));
    if (target && *target == "/dev/null") return true;
  }
  return false;
}

constexpr size_t kMaxCronFiles = 200;
constexpr size_t kMaxCronBytes = 2u << 20;

void AddCronFile(host::Host& host, const std::string& path, bool script, std::vector<CronLine>& out) {
  auto text = ReadText(host, path, kMaxCronBytes);
  if (!text) return;
  // A script in cron.daily runs by being there: its own path is a scheduled "line" too.
  if (script) out.push_back(CronLine{path, 0, path});
  for (const auto& l : ConfigLines(*text)) out.push_back(CronLine{path, l.number, SafeUtf8(l.text)});
}

}  // namespace

std::string SafeUtf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    size_t len = Utf8SequenceLength(s, i);
    if (len == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
      continue;
    }
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (len == 1 && (c < 0x20 || c == 0x7F) && c != '\t') {
      ++i;
      continue;
    }
    out.append(s.substr(i, len));
    i += len;
  }
  return out;
}

Provenance MakeProvenance(std::string_view file, int line, std::string_view text) {
  constexpr size_t kMaxText = 300;
  if (text.size() > kMaxText) text = text.substr(0, kMaxText);
  return Provenance{SafeUtf8(file), line, SafeUtf8(text)};
}

Result<std::string> ReadText(host::Host& host, std::string_view path, size_t max_bytes) {
  auto text = host.ReadFile(path, max_bytes);
  if (!text) return text;
  if (LooksBinary(*text))
    return MakeError(ErrorCode::kSyntax, "内容像二进制数据，不是文本配置", {std::string(path)});
  return text;
}

std::optional<std::string> ReadConfigOrReport(host::Host& host, std::string_view path, Facts& facts,
                                              std::string_view probe, std::string_view unknown_fact) {
  auto text = ReadText(host, path);
  if (text) return std::move(*text);
  if (text.error().code == ErrorCode::kNotFound) return std::nullopt;
  facts.AddWarning(probe, "无法读取 " + SafeUtf8(path) + ": " + SafeUtf8(text.error().ToString()),
                   MakeProvenance(path, 0, ""));
  if (!unknown_fact.empty()) facts.SetUnknown(unknown_fact, text.error());
  return std::nullopt;
}

std::optional<std::string> FirstExisting(host::Host& host, std::span<const std::string_view> paths) {
  for (std::string_view p : paths)
    if (host::Exists(host, p)) return std::string(p);
  return std::nullopt;
}

std::optional<bool> ProcessRunning(host::Host& host, std::span<const std::string_view> names) {
  if (!host.IsLive() || names.empty()) return std::nullopt;
  auto procs = host.ListProcesses();
  if (!procs) return std::nullopt;
  for (const auto& p : *procs)
    for (std::string_view n : names)
      if (p.name == n) return true;
  return false;
}

ServiceState QueryService(host::Host& host, std::span<const std::string_view> unit_patterns,
                          std::span<const std::string_view> process_names) {
  ServiceState s;
  for (std::string_view unit : unit_patterns) {
    if (unit.empty()) continue;
    if (IsMasked(host, unit)) {
      s.masked = true;
      continue;
    }
    std::string link = FindWantsLink(host, unit);
    if (!link.empty()) {
      s.enabled = true;
      s.evidence = link;
      break;
    }
  }
  s.running = ProcessRunning(host, process_names);
  if (s.evidence.empty() && s.running.value_or(false)) {
    for (std::string_view n : process_names) {
      if (ProcessRunning(host, std::span<const std::string_view>(&n, 1)).value_or(false)) {
        s.evidence = "进程 " + std::string(n);
        break;
      }
    }
  }
  return s;
}

ServiceState QueryService(host::Host& host, std::string_view unit, std::string_view process_name) {
  std::array<std::string_view, 1> units = {unit};
  std::array<std::string_view, 1> procs = {process_name};
  return QueryService(host, units, process_name.empty() ? std::span<const std::string_view>() : procs);
}

std::vector<CronLine> CollectCronLines(host::Host& host) {
  std::vector<CronLine> out;
  std::vector<std::pair<std::string, bool>> files = {{"/etc/crontab", false}, {"/etc/anacrontab", false}};
  auto add_glob = [&](std::string_view pattern, bool script) {
    auto matches = host::Glob(host, pattern);
    if (!matches) return;
    for (auto& m : *matches) files.emplace_back(std::move(m), script);
  };
  add_glob("/etc/cron.d/*", false);
  for (std::string_view d :
       {"/etc/cron.hourly/*", "/etc/cron.daily/*", "/etc/cron.weekly/*", "/etc/cron.monthly/*"})
    add_glob(d, true);
  add_glob("/var/spool/cron/crontabs/*", false);
  add_glob("/var/spool/cron/*", false);
  size_t count = 0;
  for (const auto& [path, script] : files) {
    if (++count > kMaxCronFiles) break;
    auto info = host.Stat(path);
    if (!info || info->type != host::FileType::kRegular) continue;
    AddCronFile(host, path, script, out);
  }
  return out;
}

std::set<std::string, std::less<>> ParseDpkgInstalled(std::string_view status_text) {
  std::set<std::string, std::less<>> out;
  std::string package;
  bool installed = false;
  auto flush = [&] {
    if (!package.empty() && installed) out.insert(package);
    package.clear();
    installed = false;
  };
  for (std::string_view line : Split(status_text, '\n')) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (Trim(line).empty()) {
      flush();
      continue;
    }
    if (line.starts_with("Package:")) package = std::string(Trim(line.substr(8)));
    if (line.starts_with("Status:")) {
      auto words = SplitWords(Trim(line.substr(7)));
      installed = !words.empty() && (words.back() == "installed" || words.back() == "half-configured");
    }
  }
  flush();
  return out;
}

std::set<std::string, std::less<>> DpkgInstalled(host::Host& host) {
  constexpr size_t kMaxStatus = 64u << 20;
  auto text = host.ReadFile("/var/lib/dpkg/status", kMaxStatus);
  if (!text) return {};
  return ParseDpkgInstalled(*text);
}

std::optional<std::string> ShellVar(std::string_view text, std::string_view key) {
  std::optional<std::string> value;
  for (const auto& l : ConfigLines(text)) {
    std::string_view line = l.text;
    auto eq = line.find('=');
    if (eq == std::string_view::npos || Trim(line.substr(0, eq)) != key) continue;
    std::string_view v = Trim(line.substr(eq + 1));
    if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'') && v.back() == v.front())
      v = v.substr(1, v.size() - 2);
    value = std::string(v);
  }
  return value;
}

std::string_view BaseName(std::string_view path) {
  while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  auto slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

std::string_view DirName(std::string_view path) {
  auto slash = path.rfind('/');
  if (slash == std::string_view::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

}  // namespace dengbao::probes
