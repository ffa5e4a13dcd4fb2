// Pure parsers of the firewall probe (see firewall.h).
#include <algorithm>

#include "probes/firewall.h"
#include "probes/text.h"

namespace dengbao::probes {

namespace {

constexpr size_t kMaxDepth = 16;

bool HasWord(const std::vector<std::string_view>& words, std::string_view w) {
  return std::find(words.begin(), words.end(), w) != words.end();
}

bool IsVerdictRule(const std::vector<std::string_view>& words) {
  return HasWord(words, "accept") || HasWord(words, "drop") || HasWord(words, "reject");
}

// A rule that drops everything: "drop", "counter drop", "reject with icmpx type ...".
bool IsCatchAllDeny(const std::vector<std::string_view>& words) {
  if (words.empty()) return false;
  size_t i = 0;
  if (words[i] == "counter") ++i;
  if (i < words.size() && words[i] == "log") return false;
  return i < words.size() && (words[i] == "drop" || words[i] == "reject");
}

bool SetPortIsSorted(std::vector<int>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  return true;
}

void AddPorts(std::vector<int>& out, std::string_view spec) {
  for (int p : ParsePortSpec(spec)) out.push_back(p);
}

// "tcp dport 22 accept", "tcp dport { 22, 80 } ct state new accept", "meta l4proto tcp th dport 8080
// accept": the destination ports of an accepting rule without a source-address match.
void NftOpenPorts(std::string_view stmt, std::vector<int>& out) {
  auto words = SplitWords(stmt);
  if (words.empty() || words.back() != "accept") return;
  for (auto w : words)
    if (w.find("saddr") != std::string_view::npos) return;
  for (size_t i = 0; i + 1 < words.size(); ++i) {
    if (words[i] != "dport") continue;
    if (words[i + 1] == "{") {  // the parser spaces out set braces: "{ 80, 443,ftp }"
      for (size_t j = i + 2; j < words.size() && words[j] != "}"; ++j) {
        std::string_view w = words[j];
        while (!w.empty()) {
          auto comma = w.find(',');
          if (comma != 0) AddPorts(out, w.substr(0, comma));
          if (comma == std::string_view::npos) break;
          w.remove_prefix(comma + 1);
        }
      }
    } else {
      AddPorts(out, words[i + 1]);
    }
  }
}

struct NftState {
  FirewallRules out;
  std::vector<std::string> stack;  // headers of the open blocks ("table inet filter", "chain input")
  bool chain_is_input = false;
  bool chain_policy_drop = false;
  bool chain_policy_seen = false;
  bool chain_last_denies = false;

  bool chain_has_hook = false;

  bool InChain() const { return !stack.empty() && stack.back().starts_with("chain"); }

  // The input hook chain, or a regular chain (reached by jump/goto) that is not named for
  // outbound or forwarded traffic: conservative, so accepts behind a jump are not missed.
  bool ChainMayAcceptInbound() const {
    if (chain_is_input) return true;
    if (chain_has_hook) return false;
    std::string name = ToLower(stack.back());
    for (std::string_view w : {"output", "forward", "postrouting", "prerouting"})
      if (name.find(w) != std::string::npos) return false;
    return true;
  }

  void Statement(std::string_view stmt) {
    stmt = Trim(stmt);
    if (stmt.empty()) return;
    auto words = SplitWords(stmt);
    if (stack.empty() && words[0] == "include" && words.size() > 1) {
      std::string_view target = words[1];
      if (target.size() >= 2 && target.front() == '"') target = target.substr(1, target.size() - 2);
      out.includes.emplace_back(target);
      return;
    }
    if (!InChain()) return;
    if (words[0] == "type") {
      chain_has_hook = chain_has_hook || HasWord(words, "hook");
      chain_is_input = chain_is_input || (HasWord(words, "hook") && HasWord(words, "input"));
      return;
    }
    if (words[0] == "policy") {
      chain_policy_seen = true;
      chain_policy_drop = words.size() > 1 && words[1].starts_with("drop");
      return;
    }
    if (IsVerdictRule(words)) ++out.rule_count;
    if (ChainMayAcceptInbound()) NftOpenPorts(stmt, out.open_ports);
    chain_last_denies = IsCatchAllDeny(words);
  }

  void Open(std::string header) {
    if (stack.size() >= kMaxDepth) return;
    stack.push_back(std::move(header));
    if (InChain())
      chain_is_input = chain_has_hook = chain_policy_drop = chain_policy_seen = chain_last_denies = false;
  }

  void Close() {
    if (stack.empty()) return;
    if (InChain() && chain_is_input) {
      bool drop = chain_policy_drop || chain_last_denies;
      if (drop || out.input_policy != "drop") out.input_policy = drop ? "drop" : "accept";
    }
    stack.pop_back();
  }
};

}  // namespace

FirewallRules ParseNftables(std::string_view text) {
  NftState st;
  std::string current;
  int set_depth = 0;  // inside "{ ... }" of an anonymous set or map in a rule
  for (const auto& l : ConfigLines(text)) {
    for (char c : l.text) {
      if (set_depth > 0 || (c == '{' && st.InChain())) {
        if (c == '{') ++set_depth;
        if (c == '}') --set_depth;
        current += c == '{' || c == '}' ? std::string(" ") + c + " " : std::string(1, c);
        continue;
      }
      if (c == '{') {
        st.Open(std::string(Trim(current)));
        current.clear();
      } else if (c == '}') {
        st.Statement(current);
        current.clear();
        st.Close();
      } else if (c == ';') {
        st.Statement(current);
        current.clear();
      } else {
        current += c;
      }
    }
    st.Statement(current);
    current.clear();
  }
  while (!st.stack.empty()) st.Close();
  SetPortIsSorted(st.out.open_ports);
  return st.out;
}

FirewallRules ParseIptables(std::string_view text) {
  FirewallRules out;
  bool filter = true;      // `iptables -S` output has no table header and is the filter table
  bool catch_all = false;  // the last INPUT rule denies everything ("-A INPUT -j REJECT ...")
  std::optional<std::string> policy;
  for (const auto& l : ConfigLines(text)) {
    auto words = SplitWords(l.text);
    if (words[0].starts_with("*")) {
      filter = words[0] == "*filter";
      continue;
    }
    if (!filter) continue;
    if (words[0] == ":INPUT" && words.size() > 1) policy = words[1] == "ACCEPT" ? "accept" : "drop";
    if (words[0] == "-P" && words.size() > 2 && words[1] == "INPUT")
      policy = words[2] == "ACCEPT" ? "accept" : "drop";
    if (words[0] != "-A" || words.size() < 2) continue;
    ++out.rule_count;
    // INPUT and any user chain it may jump to (ufw-user-input, IN_public_allow …), but not the
    // outbound/forwarding ones: conservative, so accepts behind a jump are not missed.
    std::string chain = ToLower(words[1]);
    bool input = chain.find("output") == std::string::npos && chain.find("forward") == std::string::npos &&
                 chain.find("routing") == std::string::npos;
    if (input && HasWord(words, "-j") && words.back() == "ACCEPT") {
      bool restricted = false;
      for (auto w : words)
        restricted = restricted || w == "-s" || w == "--source" || w == "--src-range" || w == "--match-set";
      for (size_t i = 0; !restricted && i + 1 < words.size(); ++i) {
        if (words[i] != "--dport" && words[i] != "--dports" && words[i] != "--destination-port" &&
            words[i] != "--destination-ports")
          continue;
        std::string_view list = words[i + 1];
        while (!list.empty()) {
          auto comma = list.find(',');
          std::string_view one = list.substr(0, comma);
          std::string spec(one);
          std::replace(spec.begin(), spec.end(), ':', '-');  // iptables ranges are a:b
          AddPorts(out.open_ports, spec);
          if (comma == std::string_view::npos) break;
          list.remove_prefix(comma + 1);
        }
      }
    }
    if (words[1] == "INPUT")
      catch_all = words.size() >= 4 && words[2] == "-j" && (words[3] == "DROP" || words[3] == "REJECT");
  }
  if (policy || catch_all) out.input_policy = catch_all ? "drop" : *policy;
  SetPortIsSorted(out.open_ports);
  return out;
}

FirewalldZone ParseFirewalldZone(std::string_view xml) {
  FirewalldZone z;
  auto attr = [](std::string_view tag, std::string_view name) -> std::string {
    std::string key = " " + std::string(name) + "=";
    auto pos = tag.find(key);
    if (pos == std::string_view::npos) return {};
    pos += key.size();
    if (pos >= tag.size() || (tag[pos] != '"' && tag[pos] != '\'')) return {};
    auto close = tag.find(tag[pos], pos + 1);
    return std::string(
        tag.substr(pos + 1, close == std::string_view::npos ? std::string_view::npos : close - pos - 1));
  };
  bool in_rule = false, rule_source = false, rule_accept = false;
  std::vector<std::string> rule_services, rule_ports;
  for (size_t pos = xml.find('<'); pos != std::string_view::npos; pos = xml.find('<', pos + 1)) {
    auto end = xml.find('>', pos);
    if (end == std::string_view::npos) break;
    std::string_view tag = xml.substr(pos, end - pos);
    std::string norm(tag);
    std::replace(norm.begin(), norm.end(), '\t', ' ');
    std::replace(norm.begin(), norm.end(), '\n', ' ');
    bool self_closing = !norm.empty() && norm.back() == '/';
    if (norm.starts_with("<zone")) {
      z.target = attr(norm, "target");
    } else if (norm.starts_with("<service ")) {
      z.services.push_back(attr(norm, "name"));
      (in_rule ? rule_services : z.open_services).push_back(attr(norm, "name"));
    } else if (norm.starts_with("<port ")) {
      std::string port = attr(norm, "port") + "/" + attr(norm, "protocol");
      z.ports.push_back(port);
      (in_rule ? rule_ports : z.open_ports).push_back(port);
    } else if (norm.starts_with("<rule") && (norm.size() == 5 || norm[5] == ' ' || norm[5] == '/')) {
      ++z.rich_rules;
      in_rule = !self_closing;
      rule_source = rule_accept = false;
      rule_services.clear();
      rule_ports.clear();
    } else if (in_rule && norm.starts_with("<source")) {
      rule_source = true;
    } else if (in_rule && norm.starts_with("<accept")) {
      rule_accept = true;
    } else if (in_rule && norm.starts_with("</rule")) {
      in_rule = false;
      if (rule_accept && !rule_source) {
        z.open_services.insert(z.open_services.end(), rule_services.begin(), rule_services.end());
        z.open_ports.insert(z.open_ports.end(), rule_ports.begin(), rule_ports.end());
      }
    }
  }
  return z;
}

std::vector<int> ParsePortSpec(std::string_view spec) {
  spec = Trim(spec);
  if (auto slash = spec.find('/'); slash != std::string_view::npos) spec = spec.substr(0, slash);
  static constexpr std::pair<std::string_view, int> kNames[] = {
      {"ftp", 21},           {"ssh", 22},          {"telnet", 23},
      {"smtp", 25},          {"domain", 53},       {"tftp", 69},
      {"http", 80},          {"sunrpc", 111},      {"netbios-ns", 137},
      {"netbios-dgm", 138},  {"netbios-ssn", 139}, {"https", 443},
      {"microsoft-ds", 445}, {"exec", 512},        {"login", 513},
      {"shell", 514},        {"printer", 515},     {"rsync", 873},
      {"nfs", 2049},         {"mysql", 3306},      {"ms-wbt-server", 3389}};
  for (const auto& [name, port] : kNames)
    if (spec == name) return {port};
  auto dash = spec.find('-');
  auto lo = ParseInt(spec.substr(0, dash));
  auto hi = dash == std::string_view::npos ? lo : ParseInt(spec.substr(dash + 1));
  if (!lo || !hi || *lo < 0 || *hi > 65535 || *lo > *hi || *hi - *lo > 1024) return {};
  std::vector<int> out;
  for (auto p = *lo; p <= *hi; ++p) out.push_back(static_cast<int>(p));
  return out;
}

std::vector<int> FirewalldServicePorts(std::string_view service) {
  // /usr/lib/firewalld/services/*.xml of firewalld 1.x (the commonly used and the high-risk ones).
  static const std::pair<std::string_view, std::vector<int>> kServices[] = {
      {"ssh", {22}},
      {"telnet", {23}},
      {"ftp", {21}},
      {"tftp", {69}},
      {"rpc-bind", {111}},
      {"samba", {137, 138, 139, 445}},
      {"samba-client", {137, 138}},
      {"nfs", {2049}},
      {"nfs3", {2049}},
      {"mountd", {20048}},
      {"mysql", {3306}},
      {"postgresql", {5432}},
      {"redis", {6379}},
      {"memcache", {11211}},
      {"mongodb", {27017}},
      {"rsyncd", {873}},
      {"rdp", {3389}},
      {"vnc-server", {5900, 5901, 5902, 5903}},
      {"http", {80}},
      {"https", {443}},
      {"cockpit", {9090}},
      {"dhcpv6-client", {546}},
      {"dns", {53}},
      {"ntp", {123}},
      {"snmp", {161}},
      {"ldap", {389}},
      {"ldaps", {636}},
      {"smtp", {25}},
      {"imap", {143}},
      {"pop3", {110}},
      {"kerberos", {88}},
      {"ipp", {631}},
      {"mdns", {5353}},
      {"zabbix-agent", {10050}},
      {"zabbix-server", {10051}},
      {"mssql", {1433}},
      {"oracle", {1521}},
      {"elasticsearch", {9200, 9300}},
      {"kibana", {5601}}};
  for (const auto& [name, ports] : kServices)
    if (service == name) return ports;
  return {};
}

std::string FirewalldInputPolicy(const FirewalldZone& zone, std::string_view zone_name) {
  if (zone.target == "ACCEPT") return "accept";
  if (zone.target.empty() && zone_name == "trusted") return "accept";
  return "drop";
}

}  // namespace dengbao::probes
