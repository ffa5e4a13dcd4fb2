#include "probes/firewall.h"

#include <algorithm>
#include <array>
#include <chrono>

#include "probes/text.h"
#include "probes/unit_state.h"

namespace dengbao::probes {

namespace {

constexpr std::string_view kProbe = "firewall";

struct ToolResult {
  std::string name;
  bool enabled = false;
  FirewallRules rules;
  nlohmann::json detail = nlohmann::json::object();
  std::vector<Provenance> sources;
};

// Reads the first existing file of `paths` and parses it; the detail records which file.
template <typename Parse>
void ReadRules(host::Host& host, Facts& facts, std::span<const std::string_view> paths, Parse parse,
               ToolResult& t) {
  for (std::string_view p : paths) {
    auto text = ReadConfigOrReport(host, p, facts, kProbe, "");
    if (!text) continue;
    FirewallRules r = parse(*text);
    t.rules.rule_count += r.rule_count;
    if (r.input_policy && t.rules.input_policy != "drop") t.rules.input_policy = r.input_policy;
    for (auto& inc : r.includes) t.rules.includes.push_back(std::move(inc));
    t.rules.open_ports.insert(t.rules.open_ports.end(), r.open_ports.begin(), r.open_ports.end());
    t.detail["files"].push_back(std::string(p));
    t.sources.push_back(MakeProvenance(p, 0, ""));
  }
}

void Finish(ToolResult& t, const ServiceState& svc) {
  t.detail["enabled"] = t.enabled;
  if (!svc.evidence.empty()) t.detail["evidence"] = SafeUtf8(svc.evidence);
  t.detail["rules_count"] = t.rules.rule_count;
  t.detail["input_policy"] = t.rules.input_policy ? nlohmann::json(*t.rules.input_policy) : nlohmann::json();
  std::sort(t.rules.open_ports.begin(), t.rules.open_ports.end());
  t.rules.open_ports.erase(std::unique(t.rules.open_ports.begin(), t.rules.open_ports.end()),
                           t.rules.open_ports.end());
  t.detail["open_ports"] = t.rules.open_ports;
}

ToolResult Nftables(host::Host& host, Facts& facts) {
  ToolResult t;
  t.name = "nftables";
  ServiceState svc = QueryService(host, "nftables.service", "");
  t.enabled = svc.Active();
  constexpr std::array<std::string_view, 2> kFiles = {"/etc/nftables.conf", "/etc/sysconfig/nftables.conf"};
  ReadRules(host, facts, kFiles, ParseNftables, t);
  std::vector<std::string> included;
  for (const auto& inc : t.rules.includes) {
    auto matches = host::Glob(host, inc);
    if (matches) included.insert(included.end(), matches->begin(), matches->end());
  }
  if (included.size() > 64) included.resize(64);
  std::vector<std::string_view> views(included.begin(), included.end());
  ReadRules(host, facts, views, ParseNftables, t);
  Finish(t, svc);
  return t;
}

ToolResult Iptables(host::Host& host, Facts& facts) {
  ToolResult t;
  t.name = "iptables";
  constexpr std::array<std::string_view, 3> kUnits = {"iptables.service", "netfilter-persistent.service",
                                                      "iptables-persistent.service"};
  ServiceState svc = QueryService(host, kUnits, {});
  t.enabled = svc.Active();
  constexpr std::array<std::string_view, 3> kFiles = {"/etc/sysconfig/iptables", "/etc/iptables/rules.v4",
                                                      "/etc/iptables.rules"};
  ReadRules(host, facts, kFiles, ParseIptables, t);
  Finish(t, svc);
  return t;
}

ToolResult Firewalld(host::Host& host, Facts& facts) {
  ToolResult t;
  t.name = "firewalld";
  ServiceState svc = QueryService(host, "firewalld.service", "firewalld");
  t.enabled = svc.Active();
  std::string zone = "public";
  if (auto conf = ReadConfigOrReport(host, "/etc/firewalld/firewalld.conf", facts, kProbe, ""))
    zone = ShellVar(*conf, "DefaultZone").value_or(zone);
  t.detail["default_zone"] = SafeUtf8(zone);
  FirewalldZone z;
  for (std::string_view dir : {"/etc/firewalld/zones", "/usr/lib/firewalld/zones"}) {
    std::string path = host::JoinPath(dir, zone + ".xml");
    if (auto xml = ReadConfigOrReport(host, path, facts, kProbe, "")) {
      z = ParseFirewalldZone(*xml);
      t.sources.push_back(MakeProvenance(path, 0, ""));
      t.detail["zone_file"] = SafeUtf8(path);
      break;
    }
  }
  nlohmann::json services = nlohmann::json::array(), ports = nlohmann::json::array();
  for (const auto& s : z.services) services.push_back(SafeUtf8(s));
  for (const auto& p : z.ports) ports.push_back(SafeUtf8(p));
  t.detail["services"] = services;
  t.detail["ports"] = ports;
  t.detail["target"] = SafeUtf8(z.target);
  t.rules.rule_count = static_cast<int>(z.services.size() + z.ports.size()) + z.rich_rules;
  nlohmann::json unknown_services = nlohmann::json::array();
  for (const auto& s : z.open_services) {
    auto p = FirewalldServicePorts(s);
    if (p.empty()) unknown_services.push_back(SafeUtf8(s));
    t.rules.open_ports.insert(t.rules.open_ports.end(), p.begin(), p.end());
  }
  for (const auto& p : z.open_ports) {
    auto parsed = ParsePortSpec(p);
    t.rules.open_ports.insert(t.rules.open_ports.end(), parsed.begin(), parsed.end());
  }
  if (!unknown_services.empty()) t.detail["open_services_unmapped"] = unknown_services;
  t.rules.input_policy = FirewalldInputPolicy(z, zone);
  Finish(t, svc);
  return t;
}

ToolResult Ufw(host::Host& host, Facts& facts) {
  ToolResult t;
  t.name = "ufw";
  ServiceState svc;
  if (auto conf = ReadConfigOrReport(host, "/etc/ufw/ufw.conf", facts, kProbe, "")) {
    t.enabled = ToLower(ShellVar(*conf, "ENABLED").value_or("no")) == "yes";
    t.sources.push_back(MakeProvenance("/etc/ufw/ufw.conf", 0, t.enabled ? "ENABLED=yes" : "ENABLED=no"));
  }
  if (auto def = ReadConfigOrReport(host, "/etc/default/ufw", facts, kProbe, "")) {
    std::string p = ToLower(ShellVar(*def, "DEFAULT_INPUT_POLICY").value_or("drop"));
    t.rules.input_policy = p == "accept" ? "accept" : "drop";
  }
  if (auto rules = ReadConfigOrReport(host, "/etc/ufw/user.rules", facts, kProbe, "")) {
    FirewallRules r = ParseIptables(*rules);
    t.rules.rule_count = r.rule_count;
    t.rules.open_ports = r.open_ports;
  }
  Finish(t, svc);
  return t;
}

// The loaded ruleset on a live host, as root; null when not available.
nlohmann::json LiveRules(host::Host& host, std::vector<FirewallRules>& live) {
  if (!host.IsLive() || !host.IsPrivileged()) return nullptr;
  nlohmann::json out = nlohmann::json::object();
  struct Cmd {
    std::vector<std::string> argv;
    std::string_view key;
    FirewallRules (*parse)(std::string_view);
  };
  const Cmd cmds[] = {{{"nft", "list", "ruleset"}, "nft", ParseNftables},
                      {{"iptables", "-S"}, "iptables", ParseIptables}};
  for (const auto& c : cmds) {
    auto r = host.Run(c.argv, std::chrono::seconds(5));
    if (!r || r->exit_code != 0) continue;
    FirewallRules rules = c.parse(r->out);
    out[std::string(c.key)] = {
        {"rules_count", rules.rule_count},
        {"input_policy", rules.input_policy ? nlohmann::json(*rules.input_policy) : nlohmann::json()}};
    live.push_back(std::move(rules));
  }
  return out.empty() ? nlohmann::json() : out;
}

}  // namespace

void CollectFirewall(host::Host& host, Facts& facts) {
  std::vector<ToolResult> tools = {Firewalld(host, facts), Nftables(host, facts), Iptables(host, facts),
                                   Ufw(host, facts)};
  nlohmann::json names = nlohmann::json::array();
  nlohmann::json details = nlohmann::json::object();
  std::vector<Provenance> src;
  int rules = 0;
  bool any_drop = false, any_accept = false;
  std::vector<int> open_ports;
  for (auto& t : tools) {
    details[t.name] = t.detail;
    if (!t.enabled) continue;
    names.push_back(t.name);
    open_ports.insert(open_ports.end(), t.rules.open_ports.begin(), t.rules.open_ports.end());
    rules += t.rules.rule_count;
    any_drop = any_drop || t.rules.input_policy == "drop";
    any_accept = any_accept || t.rules.input_policy == "accept";
    src.insert(src.end(), t.sources.begin(), t.sources.end());
  }
  std::vector<FirewallRules> live;
  nlohmann::json live_json = LiveRules(host, live);
  bool live_active = false;
  for (const auto& l : live) {
    open_ports.insert(open_ports.end(), l.open_ports.begin(), l.open_ports.end());
    rules = std::max(rules, l.rule_count);
    any_drop = any_drop || l.input_policy == "drop";
    any_accept = any_accept || l.input_policy == "accept";
    live_active = live_active || l.rule_count > 0 || l.input_policy == "drop";
  }
  if (!live_json.is_null()) details["live"] = live_json;
  facts.Set("firewall.tools", names, src);
  facts.Set("firewall.enabled", !names.empty() || live_active, src);
  nlohmann::json policy;
  if (any_drop)
    policy = "drop";
  else if (any_accept)
    policy = "accept";
  facts.Set("firewall.input_policy", policy, src);
  facts.Set("firewall.rules_count", rules, src);
  std::sort(open_ports.begin(), open_ports.end());
  open_ports.erase(std::unique(open_ports.begin(), open_ports.end()), open_ports.end());
  facts.Set("firewall.open_ports", open_ports, src);
  facts.Set("firewall.details", details);
}

}  // namespace dengbao::probes
