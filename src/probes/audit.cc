#include "probes/audit.h"

#include <array>
#include <chrono>
#include <cstdio>

#include "probes/text.h"
#include "probes/unit_state.h"

namespace dengbao::probes {

namespace {

constexpr std::string_view kProbe = "audit";
constexpr std::string_view kConfPath = "/etc/audit/auditd.conf";
constexpr std::string_view kRulesPath = "/etc/audit/audit.rules";
constexpr std::string_view kRulesDirGlob = "/etc/audit/rules.d/*.rules";

// auditd's compiled-in defaults (auditd.conf(5)), used when a key is absent from the file.
constexpr std::array<std::pair<std::string_view, std::string_view>, 5> kConfDefaults = {{
    {"log_file", "/var/log/audit/audit.log"},
    {"max_log_file", "8"},
    {"num_logs", "5"},
    {"max_log_file_action", "rotate"},
    {"log_format", "enriched"},
}};

constexpr std::array<std::string_view, 5> kIdentityFiles = {"/etc/passwd", "/etc/shadow", "/etc/group",
                                                            "/etc/gshadow", "/etc/security/opasswd"};
constexpr std::array<std::string_view, 2> kSudoersPaths = {"/etc/sudoers", "/etc/sudoers.d"};
constexpr std::array<std::string_view, 7> kLoginLogs = {
    "/var/log/lastlog", "/var/log/faillog", "/var/log/faillock", "/var/run/faillock",
    "/run/faillock",    "/var/log/wtmp",    "/var/log/btmp"};

// Value of "-F name=value" fields; empty when absent.
struct RuleFields {
  std::string path, dir, perm, key;
};

void ParseField(std::string_view field, RuleFields& f) {
  auto eq = field.find('=');
  if (eq == std::string_view::npos) return;
  std::string_view name = field.substr(0, eq), value = field.substr(eq + 1);
  if (name == "path") f.path = value;
  if (name == "dir") f.dir = value;
  if (name == "perm") f.perm = value;
  if (name == "key") f.key = value;
}

void ParseRuleLine(const std::vector<std::string_view>& w, std::string_view file, int line,
                   AuditRules& rules) {
  std::string_view first = w[0];
  auto arg = [&](size_t i) { return i + 1 < w.size() ? w[i + 1] : std::string_view(); };
  if (first == "-D") {
    rules.watches.clear();
    rules.rule_count = 0;
    return;
  }
  if (first == "-e" || first == "-b" || first == "-f") {
    auto v = ParseInt(arg(0));
    if (!v) return;
    if (first == "-e") {
      rules.enable = static_cast<int>(*v);
      rules.enable_file = file;
      rules.enable_line = line;
    }
    if (first == "-b") rules.backlog = static_cast<int>(*v);
    if (first == "-f") rules.failure = static_cast<int>(*v);
    return;
  }
  if (first == "-W") {
    std::erase_if(rules.watches, [&](const AuditWatch& x) { return !x.from_syscall && x.path == arg(0); });
    return;
  }
  if (first != "-w" && first != "-a" && first != "-A") return;
  AuditWatch watch;
  watch.file = file;
  watch.line = line;
  RuleFields fields;
  bool never = false;
  for (size_t i = 0; i < w.size(); ++i) {
    if (w[i] == "-w") watch.path = arg(i);
    if (w[i] == "-p") watch.perms = arg(i);
    if (w[i] == "-k") watch.key = arg(i);
    if (w[i] == "-F") ParseField(arg(i), fields);
    if ((w[i] == "-a" || w[i] == "-A") && arg(i).find("never") != std::string_view::npos) never = true;
  }
  ++rules.rule_count;
  if (first != "-w") {
    if (never) return;
    watch.from_syscall = true;
    watch.path = !fields.path.empty() ? fields.path : fields.dir;
    watch.perms = fields.perm;
    if (watch.key.empty()) watch.key = fields.key;
  }
  if (!watch.path.empty()) rules.watches.push_back(std::move(watch));
}

std::string ConfValue(const AuditConf& conf, std::string_view key) {
  if (auto it = conf.values.find(std::string(key)); it != conf.values.end()) return it->second;
  for (const auto& [k, v] : kConfDefaults)
    if (k == key) return std::string(v);
  return {};
}

std::vector<Provenance> ConfSource(const AuditConf& conf, std::string_view key) {
  auto it = conf.lines.find(std::string(key));
  if (it == conf.lines.end()) return {MakeProvenance(kConfPath, 0, "(未设置，使用 auditd 默认值)")};
  return {MakeProvenance(kConfPath, it->second, std::string(key) + " = " + conf.values.at(std::string(key)))};
}

void SetConfInt(Facts& facts, const AuditConf& conf, std::string_view fact, std::string_view key) {
  std::string raw = ConfValue(conf, key);
  auto v = ParseInt(raw);
  if (!v) {
    facts.SetUnknown(fact, ProbeError(ErrorCode::kSyntax, std::string(key) + " 不是整数: " + SafeUtf8(raw)));
    return;
  }
  facts.Set(fact, *v, ConfSource(conf, key));
}

void CollectConf(host::Host& host, Facts& facts) {
  auto text = ReadConfigOrReport(host, kConfPath, facts, kProbe, "audit.conf");
  if (!text) {
    if (!facts.UnknownOf("audit.conf"))
      facts.SetUnknown("audit.conf", ProbeError(ErrorCode::kNotFound, "没有 /etc/audit/auditd.conf"));
    for (std::string_view f :
         {"audit.num_logs", "audit.max_log_file_mb", "audit.max_log_file_action", "audit.log_file",
          "audit.log_dir_mode", "audit.space_left_action", "audit.admin_space_left_action",
          "audit.disk_full_action", "audit.disk_error_action"})
      facts.SetUnknown(f, *facts.UnknownOf("audit.conf"));
    return;
  }
  AuditConf conf = ParseAuditdConf(*text);
  nlohmann::json obj = nlohmann::json::object();
  for (const auto& [k, v] : conf.values) obj[SafeUtf8(k)] = SafeUtf8(v);
  facts.Set("audit.conf", obj, {MakeProvenance(kConfPath, 0, "")});
  SetConfInt(facts, conf, "audit.num_logs", "num_logs");
  SetConfInt(facts, conf, "audit.max_log_file_mb", "max_log_file");
  facts.Set("audit.max_log_file_action", SafeUtf8(ToLower(ConfValue(conf, "max_log_file_action"))),
            ConfSource(conf, "max_log_file_action"));
  // Space/disk actions as flat facts (rules cannot look inside audit.conf); null when not set.
  for (std::string_view key :
       {"space_left_action", "admin_space_left_action", "disk_full_action", "disk_error_action"}) {
    std::string fact = "audit." + std::string(key);
    auto it = conf.values.find(std::string(key));
    if (it == conf.values.end())
      facts.Set(fact, nullptr, ConfSource(conf, key));
    else
      facts.Set(fact, SafeUtf8(ToLower(it->second)), ConfSource(conf, key));
  }
  std::string log_file = ConfValue(conf, "log_file");
  facts.Set("audit.log_file", SafeUtf8(log_file), ConfSource(conf, "log_file"));
  std::string dir(DirName(log_file));
  auto info = host.Stat(dir);
  if (!info) {
    facts.SetUnknown("audit.log_dir_mode", info.error());
    return;
  }
  char mode[8];
  std::snprintf(mode, sizeof mode, "%04o", info->mode & 07777);
  facts.Set("audit.log_dir_mode", std::string(mode), {MakeProvenance(dir, 0, mode)});
}

// `text` with its "-D" lines blanked (line numbers kept).
std::string WithoutDeleteAll(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    std::string_view line =
        text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    auto words = SplitWords(line);
    if (words.empty() || words[0] != "-D") out += line;
    if (nl == std::string_view::npos) break;
    out += '\n';
    pos = nl + 1;
  }
  return out;
}

// Rules as augenrules builds them: rules.d/*.rules in name order; audit.rules when rules.d has none.
// Returns the error that made the rules unreadable, if any.
std::optional<Error> ReadRuleFiles(host::Host& host, AuditRules& rules) {
  auto files = host::Glob(host, kRulesDirGlob);
  if (!files) return files.error();
  for (const auto& f : *files) {
    auto text = ReadText(host, f);
    if (!text) return text.error();
    // augenrules moves every "-D" to the top of the merged file (and the last "-e" to the end),
    // so a "-D" in a later file (the stock rules.d/audit.rules) does not delete earlier rules.
    ParseAuditRules(WithoutDeleteAll(*text), f, rules);
  }
  if (rules.rule_count > 0 || rules.enable) return std::nullopt;
  auto text = ReadText(host, kRulesPath);
  if (!text) return text.error().code == ErrorCode::kNotFound ? std::nullopt : std::optional(text.error());
  ParseAuditRules(*text, kRulesPath, rules);
  return std::nullopt;
}

// Loaded rules from `auditctl -l` (live, root). nullopt when not available.
std::optional<AuditRules> ReadLiveRules(host::Host& host, Facts& facts) {
  if (!host.IsLive() || !host.IsPrivileged()) return std::nullopt;
  auto listed = host.Run({"auditctl", "-l"}, std::chrono::seconds(5));
  if (!listed || listed->exit_code != 0) return std::nullopt;
  AuditRules rules;
  ParseAuditRules(listed->out, "auditctl -l", rules);
  nlohmann::json live = {{"rule_count", rules.rule_count}, {"watch_count", rules.watches.size()}};
  auto status = host.Run({"auditctl", "-s"}, std::chrono::seconds(5));
  if (status && status->exit_code == 0) {
    for (const auto& l : ConfigLines(status->out)) {
      auto w = SplitWords(l.text);
      if (w.size() >= 2 && w[0] == "enabled") {
        if (auto v = ParseInt(w[1])) live["enabled"] = *v;
      }
    }
  }
  facts.Set("audit.live", live, {MakeProvenance("auditctl -l / auditctl -s", 0, "")});
  return rules;
}

void SetRuleFacts(const AuditRules& rules, std::string_view source, Facts& facts) {
  nlohmann::json watches = nlohmann::json::array();
  std::vector<Provenance> sources;
  for (const auto& w : rules.watches) {
    watches.push_back({{"path", SafeUtf8(w.path)},
                       {"perms", SafeUtf8(w.perms)},
                       {"key", SafeUtf8(w.key)},
                       {"file", SafeUtf8(w.file)},
                       {"line", w.line}});
    if (sources.size() < 50) sources.push_back(MakeProvenance(w.file, w.line, w.path));
  }
  facts.Set("audit.rules_source", std::string(source));
  facts.Set("audit.watches", watches, sources);
  facts.Set("audit.rule_count", rules.rule_count);
  auto covered = [&](std::string_view path, bool writes_only, std::vector<Provenance>& src) {
    for (const auto& w : rules.watches)
      if (WatchCovers(w, path, writes_only)) {
        src.push_back(MakeProvenance(w.file, w.line, w.path + " -p " + w.perms));
        return true;
      }
    return false;
  };
  auto covered_list = [&](std::span<const std::string_view> paths, bool writes_only, std::string_view fact) {
    nlohmann::json out = nlohmann::json::array();
    std::vector<Provenance> src;
    for (std::string_view p : paths)
      if (covered(p, writes_only, src)) out.push_back(std::string(p));
    facts.Set(fact, out, src);
  };
  covered_list(kIdentityFiles, true, "audit.identity_files_watched");
  covered_list(kLoginLogs, false, "audit.login_logs_watched");
  std::vector<Provenance> sudo_src;
  bool sudoers = false;
  for (std::string_view p : kSudoersPaths) sudoers = covered(p, true, sudo_src) || sudoers;
  facts.Set("audit.sudoers_watched", sudoers, sudo_src);
  std::vector<Provenance> e_src;
  if (rules.enable)
    e_src.push_back(
        MakeProvenance(rules.enable_file, rules.enable_line, "-e " + std::to_string(*rules.enable)));
  facts.Set("audit.immutable", rules.enable == 2, e_src);
}

void CollectRules(host::Host& host, Facts& facts) {
  if (auto live = ReadLiveRules(host, facts); live && live->rule_count > 0) {
    SetRuleFacts(*live, "auditctl", facts);
    return;
  }
  AuditRules rules;
  if (auto err = ReadRuleFiles(host, rules)) {
    facts.AddWarning(kProbe, "无法读取审计规则: " + SafeUtf8(err->ToString()));
    for (std::string_view f : {"audit.watches", "audit.rule_count", "audit.identity_files_watched",
                               "audit.sudoers_watched", "audit.login_logs_watched", "audit.immutable"})
      facts.SetUnknown(f, *err);
    return;
  }
  SetRuleFacts(rules, "files", facts);
}

}  // namespace

AuditConf ParseAuditdConf(std::string_view text) {
  AuditConf conf;
  for (const auto& l : ConfigLines(text)) {
    auto eq = l.text.find('=');
    if (eq == std::string::npos) continue;
    std::string key = ToLower(Trim(std::string_view(l.text).substr(0, eq)));
    if (key.empty()) continue;
    conf.values[key] = std::string(Trim(std::string_view(l.text).substr(eq + 1)));
    conf.lines[key] = l.number;
  }
  return conf;
}

void ParseAuditRules(std::string_view text, std::string_view file, AuditRules& rules) {
  constexpr int kMaxRules = 100000;  // bounded work on hostile input
  for (const auto& l : ConfigLines(text)) {
    if (rules.rule_count >= kMaxRules) return;
    auto words = SplitWords(l.text);
    if (!words.empty()) ParseRuleLine(words, file, l.number, rules);
  }
}

bool WatchCovers(const AuditWatch& watch, std::string_view path, bool writes_only) {
  std::string_view wp = watch.path;
  while (wp.size() > 1 && wp.back() == '/') wp.remove_suffix(1);
  bool same = wp == path;
  bool parent = !same && path.starts_with(wp) && (wp == "/" || path.substr(wp.size()).starts_with("/"));
  if (!same && !parent) return false;
  if (!writes_only || watch.perms.empty()) return true;
  return watch.perms.find_first_of("wa") != std::string::npos;
}

void CollectAudit(host::Host& host, Facts& facts) {
  constexpr std::array<std::string_view, 2> kBinaries = {"/sbin/auditd", "/usr/sbin/auditd"};
  auto binary = FirstExisting(host, kBinaries);
  bool dpkg = !binary && DpkgInstalled(host).contains("auditd");
  facts.Set("audit.installed", binary.has_value() || dpkg,
            {MakeProvenance(binary ? *binary : "/var/lib/dpkg/status", 0, binary || dpkg ? "auditd" : "")});
  ServiceState svc = QueryService(host, "auditd.service", "auditd");
  facts.Set("audit.enabled", svc.enabled, {MakeProvenance(svc.evidence, 0, svc.masked ? "masked" : "")});
  if (svc.running)
    facts.Set("audit.running", *svc.running);
  else
    facts.SetUnknown("audit.running",
                     ProbeError(ErrorCode::kUnsupported, "离线目录或无法列出进程，不能判断是否运行"));
  CollectConf(host, facts);
  CollectRules(host, facts);
}

}  // namespace dengbao::probes
