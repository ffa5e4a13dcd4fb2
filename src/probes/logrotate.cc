#include "probes/logrotate.h"

#include <array>
#include <set>

#include "probes/text.h"
#include "probes/unit_state.h"

namespace dengbao::probes {

namespace {

constexpr std::string_view kProbe = "logrotate";
constexpr std::string_view kMainConf = "/etc/logrotate.conf";
constexpr size_t kMaxFiles = 200;
constexpr size_t kMaxEntries = 2000;
constexpr int kMaxDepth = 4;

// The main system and security logs whose retention MLPS asks about (system and authentication
// logs, and the audit log when logrotate handles it). The cron log is not an audit record of
// important operations: a short cron-log rotation must not hide a 180-day messages/secure setup.
constexpr std::array<std::string_view, 5> kSystemLogs = {"/var/log/messages", "/var/log/secure",
                                                         "/var/log/syslog", "/var/log/auth.log",
                                                         "/var/log/audit/audit.log"};

// logrotate's default "tabooext" list: files in an included directory with these endings are skipped.
constexpr std::array<std::string_view, 17> kTabooSuffixes = {
    ",v",        ".cfsaved",  ".disabled", ".dpkg-bak", ".dpkg-del", ".dpkg-dist",
    ".dpkg-new", ".dpkg-old", ".dpkg-tmp", ".rpmnew",   ".rpmorig",  ".rpmsave",
    ".swp",      ".ucf-dist", ".ucf-new",  ".ucf-old",  "~"};

struct Entry {
  std::string pattern;
  LogrotateSettings settings;
  std::string file;
  int line = 0;
};

struct Walk {
  host::Host& host;
  Facts& facts;
  LogrotateSettings globals;
  std::vector<Entry> entries;
  std::set<std::string, std::less<>> seen_patterns;
  std::set<std::string, std::less<>> read_files;
  std::optional<Error> incomplete;  // why some included file could not be read
};

bool Taboo(std::string_view name) {
  for (std::string_view s : kTabooSuffixes)
    if (name.ends_with(s)) return true;
  return name.starts_with(".");
}

std::vector<std::string> IncludeTargets(host::Host& host, std::string_view target) {
  auto info = host.Stat(target);
  std::vector<std::string> out;
  if (info && info->type == host::FileType::kDirectory) {
    auto entries = host.ListDir(target);
    if (!entries) return out;
    for (const auto& e : *entries)
      if (!Taboo(e.name)) out.push_back(host::JoinPath(target, e.name));
    return out;
  }
  auto matches = host::Glob(host, target);
  return matches ? *matches : out;
}

void ReadConf(Walk& w, const std::string& path, int depth);

void Process(Walk& w, const std::vector<LogrotateItem>& items, const std::string& path, int depth) {
  for (const auto& item : items) {
    switch (item.kind) {
      case LogrotateItem::Kind::kDirective:
        ApplyLogrotateDirective(item.words, w.globals);
        break;
      case LogrotateItem::Kind::kInclude:
        if (item.words.size() < 2 || depth >= kMaxDepth) break;
        for (const auto& target : IncludeTargets(w.host, item.words[1])) ReadConf(w, target, depth + 1);
        break;
      case LogrotateItem::Kind::kBlock: {
        LogrotateSettings s = w.globals;
        for (const auto& d : item.directives) ApplyLogrotateDirective(d, s);
        for (const auto& p : item.paths)  // logrotate keeps the first block naming a path
          if (w.entries.size() < kMaxEntries && w.seen_patterns.insert(p).second)
            w.entries.push_back(Entry{p, s, path, item.line});
        break;
      }
    }
  }
}

void ReadConf(Walk& w, const std::string& path, int depth) {
  if (w.read_files.size() >= kMaxFiles || !w.read_files.insert(path).second) return;
  auto info = w.host.Stat(path);
  if (info && info->type != host::FileType::kRegular) return;
  auto text = ReadText(w.host, path);
  if (!text) {
    if (text.error().code == ErrorCode::kNotFound && depth > 0) return;
    if (!w.incomplete) w.incomplete = text.error();
    w.facts.AddWarning(kProbe, "无法读取 " + SafeUtf8(path) + ": " + SafeUtf8(text.error().ToString()),
                       MakeProvenance(path, 0, ""));
    if (depth == 0) w.facts.SetUnknown("logrotate", text.error());
    return;
  }
  Process(w, ParseLogrotate(*text), path, depth);
}

std::string PeriodName(const LogrotateSettings& s) {
  if (s.size_based) return "size";
  switch (s.period_hours.value_or(-1)) {
    case 1:
      return "hourly";
    case 24:
      return "daily";
    case 168:
      return "weekly";
    case 720:
      return "monthly";
    case 8760:
      return "yearly";
    default:
      return "";
  }
}

nlohmann::json EntryJson(const Entry& e) {
  auto opt = [](const std::optional<int>& v) { return v ? nlohmann::json(*v) : nlohmann::json(); };
  std::string period = PeriodName(e.settings);
  std::optional<int> period_days;
  if (!e.settings.size_based && e.settings.period_hours) period_days = *e.settings.period_hours / 24;
  return {{"period", period.empty() ? nlohmann::json() : nlohmann::json(period)},
          {"period_days", opt(period_days)},
          {"rotate", e.settings.rotate.value_or(0)},
          {"days_kept", opt(LogrotateDaysKept(e.settings))},
          {"maxage", opt(e.settings.maxage)},
          {"maxsize", e.settings.maxsize},
          {"dateext", e.settings.dateext},
          {"compress", e.settings.compress},
          {"missingok", e.settings.missingok},
          {"file", SafeUtf8(e.file)},
          {"line", e.line}};
}

// The block for `log`: one naming it exactly, else a glob matching it when the log exists (a
// catch-all "/var/log/*.log" says nothing about a log this host does not write).
const Entry* FindEntry(host::Host& host, const std::vector<Entry>& entries, std::string_view log) {
  for (const auto& e : entries)
    if (e.pattern == log) return &e;
  if (!host::Exists(host, log)) return nullptr;
  for (const auto& e : entries)
    if (PathGlobMatch(e.pattern, log)) return &e;
  return nullptr;
}

void SetSystemLogFacts(const Walk& w) {
  nlohmann::json logs = nlohmann::json::object();
  std::vector<Provenance> src;
  std::optional<int> min_days;
  bool indeterminate = false;
  for (std::string_view log : kSystemLogs) {
    const Entry* e = FindEntry(w.host, w.entries, log);
    if (!e) continue;
    nlohmann::json j = EntryJson(*e);
    j["pattern"] = SafeUtf8(e->pattern);
    logs[std::string(log)] = j;
    src.push_back(MakeProvenance(e->file, e->line, e->pattern));
    auto days = LogrotateDaysKept(e->settings);
    if (!days)
      indeterminate = true;
    else if (!min_days || *days < *min_days)
      min_days = days;
  }
  w.facts.Set("logrotate.system_logs", logs, src);
  if (logs.empty() && w.incomplete) {
    w.facts.SetUnknown("logrotate.system_log_days", *w.incomplete);
  } else if (logs.empty()) {
    w.facts.SetUnknown("logrotate.system_log_days",
                       ProbeError(ErrorCode::kNotFound,
                                  "logrotate 配置中没有主要系统日志（messages/secure/syslog/auth.log 等）"));
  } else if (indeterminate) {
    w.facts.SetUnknown("logrotate.system_log_days",
                       ProbeError(ErrorCode::kUnsupported,
                                  "部分系统日志按大小轮转或周期未知，无法换算保留天数，需人工确认"));
  } else {
    w.facts.Set("logrotate.system_log_days", *min_days, src);
  }
}

}  // namespace

void CollectLogrotate(host::Host& host, Facts& facts) {
  Walk w{host, facts, {}, {}, {}, {}, std::nullopt};
  ReadConf(w, std::string(kMainConf), 0);
  if (facts.UnknownOf("logrotate")) return;
  nlohmann::json files = nlohmann::json::object();
  for (const auto& e : w.entries) files[SafeUtf8(e.pattern)] = EntryJson(e);
  facts.Set("logrotate.files", files, {MakeProvenance(kMainConf, 0, "")});
  facts.Set("logrotate.complete", !w.incomplete.has_value());
  SetSystemLogFacts(w);
}

}  // namespace dengbao::probes
