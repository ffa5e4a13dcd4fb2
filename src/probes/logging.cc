#include "probes/logging.h"

#include <array>
#include <cctype>
#include <limits>
#include <map>

#include "probes/text.h"
#include "probes/unit_state.h"

namespace dengbao::probes {

namespace {

constexpr std::string_view kProbe = "logging";
constexpr size_t kMaxIncludedFiles = 64;

std::optional<bool> ParseBool(std::string_view v) {
  std::string s = ToLower(Trim(v));
  if (s == "yes" || s == "true" || s == "on" || s == "1") return true;
  if (s == "no" || s == "false" || s == "off" || s == "0") return false;
  return std::nullopt;
}

struct Unit {
  std::string_view name;
  long long seconds;
};
// systemd.time(7); month and year are the average lengths systemd uses.
constexpr std::array<Unit, 28> kTimeUnits = {{
    {"seconds", 1},   {"second", 1},       {"sec", 1},          {"s", 1},
    {"minutes", 60},  {"minute", 60},      {"min", 60},         {"m", 60},
    {"hours", 3600},  {"hour", 3600},      {"hr", 3600},        {"h", 3600},
    {"days", 86400},  {"day", 86400},      {"d", 86400},        {"weeks", 604800},
    {"week", 604800}, {"w", 604800},       {"months", 2629800}, {"month", 2629800},
    {"M", 2629800},   {"years", 31557600}, {"year", 31557600},  {"y", 31557600},
    {"msec", 0},      {"ms", 0},           {"usec", 0},         {"us", 0},
}};

// Resolves include patterns relative to `base_dir`; a pattern naming a directory means its files.
std::vector<std::string> ExpandIncludes(host::Host& host, std::string_view pattern, std::string_view base_dir,
                                        std::string_view only_suffix) {
  std::string p = pattern.starts_with("/") ? std::string(pattern) : host::JoinPath(base_dir, pattern);
  auto info = host.Stat(p);
  if (info && info->type == host::FileType::kDirectory)
    p = host::JoinPath(p, only_suffix.empty() ? "*" : "*" + std::string(only_suffix));
  auto matches = host::Glob(host, p);
  if (!matches) return {};
  std::vector<std::string> out;
  for (auto& m : *matches)
    if (auto st = host.Stat(m); st && st->type == host::FileType::kRegular) out.push_back(std::move(m));
  return out;
}

// Reads a main file and its includes breadth-first, bounded; calls parse(text, file) for each.
template <typename IncludesOf, typename Parse>
void ReadWithIncludes(host::Host& host, Facts& facts, std::string_view main, std::string_view base_dir,
                      std::string_view suffix, IncludesOf includes_of, Parse parse) {
  std::vector<std::string> queue = {std::string(main)};
  std::set<std::string, std::less<>> seen;
  for (size_t i = 0; i < queue.size() && seen.size() < kMaxIncludedFiles; ++i) {
    if (!seen.insert(queue[i]).second) continue;
    auto text = ReadConfigOrReport(host, queue[i], facts, kProbe, "");
    if (!text) continue;
    size_t before = includes_of().size();
    parse(*text, queue[i]);
    std::vector<std::string> added(includes_of().begin() + before, includes_of().end());
    for (const auto& inc : added)
      for (auto& f : ExpandIncludes(host, inc, base_dir, suffix)) queue.push_back(std::move(f));
  }
}

nlohmann::json TargetsJson(const std::vector<RemoteTarget>& targets, std::vector<Provenance>& src) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& t : targets) {
    out.push_back({{"daemon", t.daemon},
                   {"target", SafeUtf8(t.target)},
                   {"port", t.port},
                   {"protocol", SafeUtf8(t.protocol)},
                   {"file", SafeUtf8(t.file)},
                   {"line", t.line}});
    src.push_back(MakeProvenance(t.file, t.line, t.target));
  }
  return out;
}

struct DaemonResult {
  bool installed = false;
  bool enabled = false;
  std::vector<RemoteTarget> remotes;
  std::vector<LocalLogFile> files;
};

DaemonResult CollectRsyslog(host::Host& host, Facts& facts) {
  DaemonResult r;
  constexpr std::array<std::string_view, 2> kBins = {"/usr/sbin/rsyslogd", "/sbin/rsyslogd"};
  constexpr std::array<std::string_view, 2> kUnits = {"rsyslog.service", "syslog.service"};
  constexpr std::array<std::string_view, 1> kProcs = {"rsyslogd"};
  r.installed = FirstExisting(host, kBins).has_value();
  r.enabled = QueryService(host, kUnits, kProcs).Active();
  RsyslogConfig conf;
  ReadWithIncludes(
      host, facts, "/etc/rsyslog.conf", "/etc", "",
      [&]() -> const std::vector<std::string>& { return conf.includes; },
      [&](std::string_view text, std::string_view file) { ParseRsyslogConf(text, file, conf); });
  r.remotes = std::move(conf.remotes);
  r.files = std::move(conf.local_files);
  return r;
}

DaemonResult CollectSyslogNg(host::Host& host, Facts& facts) {
  DaemonResult r;
  constexpr std::array<std::string_view, 2> kBins = {"/usr/sbin/syslog-ng", "/sbin/syslog-ng"};
  r.installed = FirstExisting(host, kBins).has_value();
  r.enabled = QueryService(host, "syslog-ng.service", "syslog-ng").Active();
  SyslogNgConfig conf;
  ReadWithIncludes(
      host, facts, "/etc/syslog-ng/syslog-ng.conf", "/etc/syslog-ng", "",
      [&]() -> const std::vector<std::string>& { return conf.includes; },
      [&](std::string_view text, std::string_view file) { ParseSyslogNgConf(text, file, conf); });
  for (auto& d : conf.destinations) {
    if (!conf.used.contains(d.name)) continue;
    for (auto& t : d.remotes) r.remotes.push_back(std::move(t));
    for (auto& f : d.files) r.files.push_back(std::move(f));
  }
  return r;
}

void CollectJournald(host::Host& host, Facts& facts) {
  JournaldConf conf;
  if (auto text = ReadConfigOrReport(host, "/etc/systemd/journald.conf", facts, kProbe, ""))
    ParseJournaldConf(*text, "/etc/systemd/journald.conf", conf);
  // Drop-ins sort by file name across directories; /etc overrides a same-named vendor file.
  std::map<std::string, std::string> dropins;
  for (std::string_view dir : {"/usr/lib/systemd/journald.conf.d", "/etc/systemd/journald.conf.d"}) {
    auto files = host::Glob(host, host::JoinPath(dir, "*.conf"));
    if (!files) continue;
    for (const auto& f : *files) dropins[std::string(BaseName(f))] = f;
  }
  for (const auto& [name, path] : dropins)
    if (auto text = ReadConfigOrReport(host, path, facts, kProbe, "")) ParseJournaldConf(*text, path, conf);
  std::string storage = conf.storage.value_or("auto");
  facts.Set("logging.journald.storage", SafeUtf8(storage), conf.sources);
  bool persistent = storage == "persistent" || (storage == "auto" && host::Exists(host, "/var/log/journal"));
  facts.Set("logging.journald.persistent", persistent);
  std::optional<long long> retention =
      conf.max_retention ? ParseTimeSpanSeconds(*conf.max_retention) : std::nullopt;
  if (conf.max_retention && !retention)
    facts.AddWarning(kProbe, "无法解析 MaxRetentionSec=" + SafeUtf8(*conf.max_retention));
  facts.Set("logging.journald.max_retention_sec",
            retention && *retention > 0 ? nlohmann::json(*retention) : nlohmann::json(), conf.sources);
  facts.Set("logging.journald.system_max_use",
            conf.system_max_use ? nlohmann::json(SafeUtf8(*conf.system_max_use)) : nlohmann::json());
  facts.Set("logging.journald.forward_to_syslog",
            conf.forward_to_syslog ? nlohmann::json(*conf.forward_to_syslog) : nlohmann::json(),
            conf.sources);
}

}  // namespace

void ParseJournaldConf(std::string_view text, std::string_view file, JournaldConf& conf) {
  bool in_journal = false;
  for (const auto& l : ConfigLines(text)) {
    if (l.text.starts_with(";")) continue;
    if (l.text.starts_with("[")) {
      in_journal = l.text == "[Journal]";
      continue;
    }
    auto eq = l.text.find('=');
    if (!in_journal || eq == std::string::npos) continue;
    std::string_view key = Trim(std::string_view(l.text).substr(0, eq));
    std::string value(Trim(std::string_view(l.text).substr(eq + 1)));
    bool known = true;
    if (key == "Storage")
      conf.storage = ToLower(value);
    else if (key == "MaxRetentionSec")
      conf.max_retention = value;
    else if (key == "SystemMaxUse")
      conf.system_max_use = value;
    else if (key == "ForwardToSyslog")
      conf.forward_to_syslog = ParseBool(value);
    else
      known = false;
    if (known) conf.sources.push_back(MakeProvenance(file, l.number, l.text));
  }
}

std::optional<long long> ParseTimeSpanSeconds(std::string_view span) {
  span = Trim(span);
  if (span.empty()) return std::nullopt;
  long long total = 0;
  size_t i = 0;
  constexpr long long kMax = 1000LL * 31557600;  // a thousand years
  while (i < span.size()) {
    while (i < span.size() && (span[i] == ' ' || span[i] == '\t')) ++i;
    if (i == span.size()) break;
    size_t num_start = i;
    while (i < span.size() && std::isdigit(static_cast<unsigned char>(span[i]))) ++i;
    auto number = ParseInt(span.substr(num_start, i - num_start));
    if (!number || *number > kMax) return std::nullopt;
    while (i < span.size() && span[i] == ' ') ++i;
    size_t unit_start = i;
    while (i < span.size() && std::isalpha(static_cast<unsigned char>(span[i]))) ++i;
    std::string_view unit = span.substr(unit_start, i - unit_start);
    long long factor = unit.empty() ? 1 : -1;
    for (const auto& u : kTimeUnits)
      if (u.name == unit) factor = u.seconds;
    if (factor < 0) return std::nullopt;
    total += *number * factor;
    if (total > kMax) return std::nullopt;
  }
  return total;
}

void CollectLogging(host::Host& host, Facts& facts) {
  DaemonResult rsyslog = CollectRsyslog(host, facts);
  DaemonResult syslog_ng = CollectSyslogNg(host, facts);
  facts.Set("logging.rsyslog.installed", rsyslog.installed);
  facts.Set("logging.rsyslog.enabled", rsyslog.enabled);
  facts.Set("logging.syslog_ng.installed", syslog_ng.installed);
  facts.Set("logging.syslog_ng.enabled", syslog_ng.enabled);
  std::vector<RemoteTarget> all = rsyslog.remotes;
  all.insert(all.end(), syslog_ng.remotes.begin(), syslog_ng.remotes.end());
  std::vector<Provenance> src;
  facts.Set("logging.remote_targets", TargetsJson(all, src), src);
  bool forwarding =
      (rsyslog.enabled && !rsyslog.remotes.empty()) || (syslog_ng.enabled && !syslog_ng.remotes.empty());
  facts.Set("logging.forwarding", forwarding, src);
  nlohmann::json files = nlohmann::json::array();
  std::set<std::string, std::less<>> seen;
  std::vector<Provenance> file_src;
  for (const auto* r : {&rsyslog, &syslog_ng})
    for (const auto& f : r->files)
      if (seen.insert(f.path).second && seen.size() <= 500) {
        files.push_back(SafeUtf8(f.path));
        file_src.push_back(MakeProvenance(f.file, f.line, f.path));
      }
  facts.Set("logging.local_files", files, file_src);
  CollectJournald(host, facts);
  constexpr std::array<std::string_view, 2> kJournald = {"/lib/systemd/systemd-journald",
                                                         "/usr/lib/systemd/systemd-journald"};
  nlohmann::json daemon;
  if (rsyslog.enabled)
    daemon = "rsyslog";
  else if (syslog_ng.enabled)
    daemon = "syslog-ng";
  else if (FirstExisting(host, kJournald))
    daemon = "journald-only";
  facts.Set("logging.daemon", daemon);
}

}  // namespace dengbao::probes
