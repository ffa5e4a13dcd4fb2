#include "probes/integrity.h"

#include <array>
#include <map>

#include "probes/mac.h"
#include "probes/text.h"
#include "probes/unit_state.h"

namespace dengbao::probes {

namespace {

constexpr std::string_view kProbe = "integrity";

struct Tool {
  explicit Tool(std::string n) : name(std::move(n)) {}
  std::string name;
  bool installed = false;
  std::optional<bool> baseline;  // database / configuration present; nullopt = could not tell
  bool scheduled = false;        // cron job, timer or running daemon
  std::vector<std::string> evidence;
  bool Active() const { return installed && baseline.value_or(false) && scheduled; }
  nlohmann::json Json() const {
    nlohmann::json ev = nlohmann::json::array();
    for (const auto& e : evidence) ev.push_back(SafeUtf8(e));
    return {{"installed", installed},
            {"baseline", baseline ? nlohmann::json(*baseline) : nlohmann::json()},
            {"scheduled", scheduled},
            {"active", Active()},
            {"evidence", ev}};
  }
};

// Whether any of `paths` exists; nullopt when none does and one could not be checked (permissions).
std::optional<bool> AnyExists(host::Host& host, const std::vector<std::string>& paths, Tool& t) {
  bool denied = false;
  for (const auto& p : paths) {
    auto st = host.Lstat(p);
    if (st) {
      t.evidence.push_back(p);
      return true;
    }
    denied = denied || st.error().code == ErrorCode::kPermissionDenied;
  }
  return denied ? std::nullopt : std::optional<bool>(false);
}

bool Scheduled(const std::vector<CronLine>& cron, bool (*match)(std::string_view), Tool& t) {
  for (const auto& l : cron)
    if (match(l.text)) {
      t.evidence.push_back(l.file + ":" + std::to_string(l.line));
      return true;
    }
  return false;
}

bool HasTripwire(std::string_view s) { return s.find("tripwire") != std::string_view::npos; }

Tool Aide(host::Host& host, Facts& facts, const std::vector<CronLine>& cron) {
  Tool t{"aide"};
  constexpr std::array<std::string_view, 2> kBins = {"/usr/sbin/aide", "/usr/bin/aide"};
  auto bin = FirstExisting(host, kBins);
  t.installed = bin.has_value() || DpkgInstalled(host).contains("aide");
  if (bin) t.evidence.push_back(*bin);
  std::vector<std::string> dbs = {"/var/lib/aide/aide.db", "/var/lib/aide/aide.db.gz"};
  for (std::string_view conf : {"/etc/aide/aide.conf", "/etc/aide.conf"}) {
    if (auto text = ReadConfigOrReport(host, conf, facts, kProbe, "")) {
      t.evidence.push_back(std::string(conf));
      for (auto& d : ParseAideDatabases(*text)) dbs.push_back(std::move(d));
      break;
    }
  }
  t.baseline = AnyExists(host, dbs, t);
  constexpr std::array<std::string_view, 3> kTimers = {"dailyaidecheck.timer", "aidecheck.timer",
                                                       "aide-check.timer"};
  ServiceState timer = QueryService(host, kTimers, {});
  if (timer.enabled) t.evidence.push_back(timer.evidence);
  t.scheduled = timer.enabled || Scheduled(cron, IsAideCheckCommand, t);
  return t;
}

Tool Tripwire(host::Host& host, const std::vector<CronLine>& cron) {
  Tool t{"tripwire"};
  constexpr std::array<std::string_view, 2> kPaths = {"/usr/sbin/tripwire", "/etc/tripwire"};
  if (auto p = FirstExisting(host, kPaths)) {
    t.installed = true;
    t.evidence.push_back(*p);
  }
  auto dbs = host::Glob(host, "/var/lib/tripwire/*.twd");
  if (!dbs)
    t.baseline = std::nullopt;
  else
    t.baseline = AnyExists(host, *dbs, t);
  t.scheduled = Scheduled(cron, HasTripwire, t);
  return t;
}

Tool Samhain(host::Host& host) {
  Tool t{"samhain"};
  constexpr std::array<std::string_view, 3> kPaths = {"/usr/sbin/samhain", "/usr/local/sbin/samhain",
                                                      "/etc/samhainrc"};
  if (auto p = FirstExisting(host, kPaths)) {
    t.installed = true;
    t.evidence.push_back(*p);
  }
  t.baseline = AnyExists(host, {"/var/lib/samhain/samhain_file", "/var/lib/samhain/samhain.db"}, t);
  ServiceState svc = QueryService(host, "samhain.service", "samhain");
  t.scheduled = svc.Active();
  if (t.scheduled) t.evidence.push_back(svc.evidence);
  return t;
}

Tool Ossec(host::Host& host, Facts& facts) {
  Tool t{"wazuh-syscheck"};
  constexpr std::string_view kConf = "/var/ossec/etc/ossec.conf";
  t.installed = host::Exists(host, "/var/ossec");
  if (!t.installed) return t;
  auto text = ReadText(host, kConf);
  if (text)
    t.baseline = OssecSyscheckEnabled(*text);
  else if (text.error().code == ErrorCode::kPermissionDenied)
    t.baseline = std::nullopt;
  else
    t.baseline = false;
  if (!text && text.error().code != ErrorCode::kNotFound)
    facts.AddWarning(kProbe, "无法读取 " + std::string(kConf) + ": " + SafeUtf8(text.error().ToString()));
  t.evidence.push_back(std::string(kConf));
  constexpr std::array<std::string_view, 3> kUnits = {"wazuh-agent.service", "wazuh-manager.service",
                                                      "ossec.service"};
  constexpr std::array<std::string_view, 2> kProcs = {"wazuh-syscheckd", "ossec-syscheckd"};
  ServiceState svc = QueryService(host, kUnits, kProcs);
  t.scheduled = svc.Active();
  if (t.scheduled) t.evidence.push_back(svc.evidence);
  return t;
}

// IMA appraisal from the kernel command line: installed = a policy is set, active = appraise enforce.
Tool Ima(host::Host& host) {
  Tool t{"ima"};
  std::string path = host.IsLive() ? "/proc/cmdline" : "/etc/default/grub";
  auto text = ReadText(host, path);
  if (!text) return t;
  auto params = ParseKernelCmdline(host.IsLive() ? *text : GrubCmdline(*text));
  auto policy = CmdlineValue(params, "ima_policy");
  auto appraise = CmdlineValue(params, "ima_appraise");
  t.installed = policy.has_value() || appraise.has_value();
  if (t.installed) t.evidence.push_back(path);
  t.baseline = t.installed;
  t.scheduled = appraise == "enforce";
  return t;
}

}  // namespace

std::vector<std::string> ParseAideDatabases(std::string_view aide_conf) {
  std::map<std::string, std::string> defines;
  std::vector<std::string> out;
  for (const auto& l : ConfigLines(aide_conf)) {
    auto words = SplitWords(l.text);
    if (words.size() >= 3 && words[0] == "@@define") {
      defines[std::string(words[1])] = std::string(words[2]);
      continue;
    }
    auto eq = l.text.find('=');
    if (eq == std::string::npos) continue;
    std::string key(Trim(std::string_view(l.text).substr(0, eq)));
    if (key != "database" && key != "database_in") continue;
    std::string value(Trim(std::string_view(l.text).substr(eq + 1)));
    for (const auto& [name, v] : defines) {
      std::string token = "@@{" + name + "}";
      for (size_t pos = value.find(token); pos != std::string::npos; pos = value.find(token, pos + v.size()))
        value.replace(pos, token.size(), v);
    }
    if (value.starts_with("file:")) value = value.substr(5);
    if (value.starts_with("/") && out.size() < 16) out.push_back(value);
  }
  return out;
}

bool IsAideCheckCommand(std::string_view s) {
  if (s.ends_with("/cron.daily/aide") || s.ends_with("/cron.weekly/aide")) return true;
  if (s.find("aidecheck") != std::string_view::npos || s.find("aide.wrapper") != std::string_view::npos)
    return true;
  bool runs_aide = s.find("/aide ") != std::string_view::npos || s.starts_with("aide ") ||
                   s.find(" aide ") != std::string_view::npos;
  return runs_aide &&
         (s.find("--check") != std::string_view::npos || s.find(" -C") != std::string_view::npos);
}

bool OssecSyscheckEnabled(std::string_view conf) {
  auto open = conf.find("<syscheck>");
  if (open == std::string_view::npos) return false;
  auto close = conf.find("</syscheck>", open);
  std::string_view body =
      conf.substr(open, close == std::string_view::npos ? std::string_view::npos : close - open);
  auto d = body.find("<disabled>");
  if (d == std::string_view::npos) return true;
  return Trim(body.substr(d + 10, body.find('<', d + 10) - d - 10)) != "yes";
}

void CollectIntegrity(host::Host& host, Facts& facts) {
  std::vector<CronLine> cron = CollectCronLines(host);
  std::vector<Tool> tools = {Aide(host, facts, cron), Tripwire(host, cron), Samhain(host), Ossec(host, facts),
                             Ima(host)};
  nlohmann::json names = nlohmann::json::array();
  nlohmann::json details = nlohmann::json::object();
  std::vector<Provenance> src;
  bool active = false;
  for (const auto& t : tools) {
    details[t.name] = t.Json();
    if (!t.installed) continue;
    names.push_back(t.name);
    active = active || t.Active();
    for (const auto& e : t.evidence) src.push_back(MakeProvenance(e, 0, t.name));
  }
  const Tool& aide = tools[0];
  facts.Set("integrity.tools", names, src);
  facts.Set("integrity.details", details);
  facts.Set("integrity.aide.installed", aide.installed);
  if (aide.baseline)
    facts.Set("integrity.aide.database_present", *aide.baseline);
  else
    facts.SetUnknown("integrity.aide.database_present",
                     ProbeError(ErrorCode::kPermissionDenied, "无法查看 /var/lib/aide"));
  facts.Set("integrity.aide.scheduled", aide.scheduled);
  facts.Set("integrity.active", active, src);
}

}  // namespace dengbao::probes
