#include "probes/ids.h"

#include <array>

#include "probes/malware.h"
#include "probes/text.h"
#include "probes/unit_state.h"

namespace dengbao::probes {

namespace {

constexpr std::string_view kProbe = "ids";

std::optional<bool> ParseBool(std::string_view v) {
  std::string s = ToLower(Trim(v));
  if (s == "true" || s == "yes" || s == "1" || s == "on") return true;
  if (s == "false" || s == "no" || s == "0" || s == "off") return false;
  return std::nullopt;
}

// fail2ban reads jail.conf, jail.d/*.conf, jail.local, jail.d/*.local in this order.
Fail2banJails ReadJails(host::Host& host, Facts& facts) {
  std::vector<std::string> files = {"/etc/fail2ban/jail.conf"};
  auto add = [&](std::string_view pattern) {
    if (auto m = host::Glob(host, pattern)) files.insert(files.end(), m->begin(), m->end());
  };
  add("/etc/fail2ban/jail.d/*.conf");
  files.push_back("/etc/fail2ban/jail.local");
  add("/etc/fail2ban/jail.d/*.local");
  Fail2banJails jails;
  for (const auto& f : files)
    if (auto text = ReadConfigOrReport(host, f, facts, kProbe, "")) ParseFail2banJails(*text, f, jails);
  return jails;
}

struct Detected {
  std::string name;
  bool active = false;
  std::string evidence;
};

void Fail2ban(host::Host& host, Facts& facts, std::vector<Detected>& out) {
  constexpr std::array<std::string_view, 2> kBins = {"/usr/bin/fail2ban-server",
                                                     "/usr/local/bin/fail2ban-server"};
  auto bin = FirstExisting(host, kBins);
  constexpr std::array<std::string_view, 1> kUnits = {"fail2ban.service"};
  constexpr std::array<std::string_view, 2> kProcs = {"fail2ban-server", "f2b/server"};
  ServiceState svc = QueryService(host, kUnits, kProcs);
  Fail2banJails jails = ReadJails(host, facts);
  bool sshd = bin && (Fail2banJailEnabled(jails, "sshd") || Fail2banJailEnabled(jails, "ssh"));
  std::vector<Provenance> src;
  for (std::string_view j : {"sshd", "ssh"})
    if (auto it = jails.where.find(std::string(j)); it != jails.where.end()) src.push_back(it->second);
  facts.Set("ids.fail2ban.installed", bin.has_value());
  facts.Set("ids.fail2ban.enabled", bin.has_value() && svc.Active(), {MakeProvenance(svc.evidence, 0, "")});
  facts.Set("ids.fail2ban.sshd_enabled", sshd, src);
  if (bin) out.push_back({"fail2ban", svc.Active() && sshd, svc.evidence.empty() ? *bin : svc.evidence});
}

struct ServiceTool {
  std::string_view name;
  std::array<std::string_view, 2> paths;
  std::array<std::string_view, 2> units;
  std::string_view process;
};

constexpr std::array<ServiceTool, 3> kServiceTools = {{
    {"psad", {"/etc/psad/psad.conf", "/usr/sbin/psad"}, {"psad.service", ""}, "psad"},
    {"suricata",
     {"/etc/suricata/suricata.yaml", "/usr/bin/suricata"},
     {"suricata.service", "suricata@*.service"},
     "Suricata-Main"},
    {"snort", {"/etc/snort/snort.conf", "/usr/sbin/snort"}, {"snort.service", "snortd.service"}, "snort"},
}};

void ServiceTools(host::Host& host, std::vector<Detected>& out) {
  for (const auto& t : kServiceTools) {
    auto p = FirstExisting(host, t.paths);
    if (!p) continue;
    std::array<std::string_view, 1> procs = {t.process};
    ServiceState svc = QueryService(host, t.units, procs);
    out.push_back({std::string(t.name), svc.Active(), svc.evidence.empty() ? *p : svc.evidence});
  }
}

}  // namespace

void ParseFail2banJails(std::string_view text, std::string_view file, Fail2banJails& jails) {
  std::string section;
  for (const auto& l : ConfigLines(text)) {
    std::string_view line = l.text;
    if (line.starts_with(";")) continue;
    if (line.starts_with("[")) {
      auto close = line.find(']');
      section = std::string(
          Trim(line.substr(1, close == std::string_view::npos ? std::string_view::npos : close - 1)));
      continue;
    }
    auto sep = line.find_first_of("=:");
    if (sep == std::string_view::npos || Trim(line.substr(0, sep)) != "enabled" || section.empty()) continue;
    auto v = ParseBool(line.substr(sep + 1));
    if (!v) continue;
    if (section == "DEFAULT") {
      jails.default_enabled = v;
    } else if (jails.enabled.size() < 1000 || jails.enabled.contains(section)) {
      jails.enabled[section] = *v;
      jails.where[section] = MakeProvenance(file, l.number, line);
    }
  }
}

bool Fail2banJailEnabled(const Fail2banJails& jails, std::string_view jail) {
  if (auto it = jails.enabled.find(std::string(jail)); it != jails.enabled.end()) return it->second;
  return jails.default_enabled.value_or(false);
}

void CollectIds(host::Host& host, Facts& facts) {
  std::vector<Detected> found;
  Fail2ban(host, facts, found);
  ServiceTools(host, found);
  for (const auto& a : FindSecurityAgents(host))
    if (a.kind != AgentKind::kAntivirus) found.push_back({a.name, true, a.evidence});
  nlohmann::json names = nlohmann::json::array();
  nlohmann::json details = nlohmann::json::array();
  std::vector<Provenance> src;
  bool active = false;
  for (const auto& d : found) {
    names.push_back(SafeUtf8(d.name));
    details.push_back({{"name", SafeUtf8(d.name)}, {"active", d.active}, {"evidence", SafeUtf8(d.evidence)}});
    src.push_back(MakeProvenance(d.evidence, 0, d.name));
    active = active || d.active;
  }
  facts.Set("ids.tools", names, src);
  facts.Set("ids.details", details);
  facts.Set("ids.active", active, src);
}

}  // namespace dengbao::probes
