#include "probes/tcp_wrappers.h"

#include "probes/text.h"

namespace dengbao::probes {
namespace {

// Splits on ':' outside [...] (IPv6 addresses are written "[::1]").
std::vector<std::string_view> Fields(std::string_view s) {
  std::vector<std::string_view> out;
  size_t start = 0;
  int depth = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '[') ++depth;
    if (s[i] == ']' && depth > 0) --depth;
    if (s[i] == ':' && depth == 0 && out.size() < 2) {
      out.push_back(Trim(s.substr(start, i - start)));
      start = i + 1;
    }
  }
  out.push_back(Trim(s.substr(start)));
  return out;
}

std::vector<std::string> List(std::string_view s) {
  std::vector<std::string> out;
  for (std::string_view part : Split(s, ','))
    for (std::string_view w : SplitWords(part)) out.emplace_back(w);
  return out;
}

bool Has(const std::vector<std::string>& v, std::string_view a, std::string_view b = {}) {
  for (const auto& x : v)
    if (x == a || (!b.empty() && x == b)) return true;
  return false;
}

bool Only(const std::vector<std::string>& v, std::string_view a) { return v.size() == 1 && v[0] == a; }

bool MentionsSshd(const HostsAccessRule& r) {
  for (const auto& d : r.daemons)
    if (d == "ALL" || d == "sshd" || d.starts_with("sshd@")) return true;
  return false;
}

nlohmann::json RulesJson(const std::vector<HostsAccessRule>& rules, std::vector<Provenance>& src) {
  nlohmann::json arr = nlohmann::json::array();
  for (const auto& r : rules) {
    arr.push_back({{"daemons", r.daemons},
                   {"clients", r.clients},
                   {"options", r.options},
                   {"file", r.where.file},
                   {"line", r.where.line}});
    src.push_back(r.where);
  }
  return arr;
}

}  // namespace

HostsAccessFile ParseHostsAccess(std::string_view text, const std::string& file) {
  HostsAccessFile out;
  for (const auto& line : ConfigLines(text, LineOptions{'#', true, true})) {
    Provenance where = Prov(file, line.number, line.text);
    auto f = Fields(line.text);
    if (f.size() < 2 || f[0].empty() || f[1].empty()) {
      out.warnings.push_back({"无法解析的访问控制行 (unparsable hosts access line)", where});
      continue;
    }
    out.rules.push_back(
        HostsAccessRule{List(f[0]), List(f[1]), f.size() > 2 ? std::string(f[2]) : "", where});
  }
  return out;
}

void CollectTcpWrappers(host::Host& host, Facts& facts) {
  HostsAccessFile parsed[2];
  bool present = false;
  const char* paths[2] = {"/etc/hosts.allow", "/etc/hosts.deny"};
  for (int i = 0; i < 2; ++i) {
    auto text = ReadConfigText(host, paths[i], facts, "tcp_wrappers");
    if (!text) {
      if (text.error().code == ErrorCode::kNotFound) continue;
      facts.SetUnknown("tcp_wrappers", text.error());
      return;
    }
    present = true;
    parsed[i] = ParseHostsAccess(*text, paths[i]);
    AddWarnings(facts, "tcp_wrappers", parsed[i].warnings);
  }
  const auto& allow = parsed[0].rules;
  const auto& deny = parsed[1].rules;
  facts.Set("tcp_wrappers.present", present);
  std::vector<Provenance> allow_src, deny_src, deny_all_src, sshd_src;
  facts.Set("tcp_wrappers.allow", RulesJson(allow, allow_src), allow_src);
  facts.Set("tcp_wrappers.deny", RulesJson(deny, deny_src), deny_src);
  bool deny_all = false, deny_sshd = false;
  for (const auto& r : deny) {
    if (Only(r.daemons, "ALL") && Only(r.clients, "ALL")) deny_all = true, deny_all_src.push_back(r.where);
    if (MentionsSshd(r) && Only(r.clients, "ALL")) deny_sshd = true, sshd_src.push_back(r.where);
  }
  facts.Set("tcp_wrappers.deny_all", deny_all, deny_all_src);
  // sshd is restricted when hosts.deny refuses everyone and hosts.allow names specific clients
  // for it (and never ALL clients).
  bool allowed_some = false, allowed_all = false;
  for (const auto& r : allow) {
    if (!MentionsSshd(r)) continue;
    sshd_src.push_back(r.where);
    if (Has(r.clients, "ALL"))
      allowed_all = true;
    else
      allowed_some = true;
  }
  facts.Set("tcp_wrappers.sshd_restricted", deny_sshd && allowed_some && !allowed_all, sshd_src);
}

}  // namespace dengbao::probes
