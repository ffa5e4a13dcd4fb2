// Collector half of the sudo probe: reads sudoers and its includes through the Host and writes
// the sudo.* facts.
#include <algorithm>
#include <set>

#include "probes/sudo.h"
#include "probes/text.h"

namespace dengbao::probes {
namespace {

constexpr const char* kSudoers = "/etc/sudoers";

bool Contains(const std::vector<std::string>& v, std::string_view s) {
  for (const auto& x : v)
    if (x == s) return true;
  return false;
}

// Runas omitted means root; "ALL", "root" or "#0" in the user part also reach root.
bool RunsAsRoot(std::string_view runas) {
  if (runas.empty()) return true;
  std::string_view users = runas.substr(0, runas.find(':'));
  for (std::string_view u : Split(users, ','))
    if (u == "ALL" || u == "root" || u == "#0") return true;
  return false;
}

// Adds `who` once to a list fact under construction.
void AddOnce(nlohmann::json& arr, std::set<std::string>& seen, std::vector<Provenance>& src,
             const SudoRule& r) {
  src.push_back(r.where);
  if (seen.insert(r.who).second) arr.push_back(r.who);
}

nlohmann::json Sorted(nlohmann::json arr) {
  std::sort(arr.begin(), arr.end());
  return arr;
}

void WriteDefaults(const SudoersConfig& cfg, Facts& facts) {
  nlohmann::json global = nlohmann::json::object(), scoped = nlohmann::json::array();
  std::vector<Provenance> src;
  for (const auto& d : cfg.defaults) {
    nlohmann::json value = d.op.empty() ? nlohmann::json(!d.negated) : nlohmann::json(d.value);
    if (!d.scope.empty()) {
      scoped.push_back({{"scope", d.scope},
                        {"name", d.name},
                        {"value", value},
                        {"file", d.where.file},
                        {"line", d.where.line}});
      continue;
    }
    src.push_back(d.where);
    if (d.op == "+=" && global.contains(d.name) && global[d.name].is_string())
      global[d.name] = global[d.name].get<std::string>() + " " + d.value;
    else
      global[d.name] = d.negated && !d.op.empty() ? nlohmann::json(false) : value;
  }
  facts.Set("sudo.defaults", global, src);
  facts.Set("sudo.defaults_scoped", scoped);
  auto last = [&](std::string_view name) -> const SudoDefault* {
    const SudoDefault* found = nullptr;
    for (const auto& d : cfg.defaults)
      if (d.scope.empty() && d.name == name) found = &d;
    return found;
  };
  const SudoDefault* logfile = last("logfile");
  bool has_log = logfile && !logfile->negated && !logfile->value.empty();
  facts.Set("sudo.logfile", has_log ? nlohmann::json(logfile->value) : nlohmann::json(nullptr),
            logfile ? std::vector{logfile->where} : std::vector<Provenance>{});
  const SudoDefault* pty = last("use_pty");
  facts.Set("sudo.use_pty", pty && !pty->negated, pty ? std::vector{pty->where} : std::vector<Provenance>{});
}

void WriteFacts(const SudoersConfig& cfg, Facts& facts) {
  facts.Set("sudo.present", true, {Prov(kSudoers, 0, "")});
  nlohmann::json rules = nlohmann::json::array(), nopasswd = nlohmann::json::array(),
                 full = nlohmann::json::array();
  std::set<std::string> seen_np, seen_full;
  std::vector<Provenance> src_rules, src_np, src_full;
  for (const auto& r : cfg.rules) {
    rules.push_back({{"who", r.who},
                     {"via", r.via.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.via)},
                     {"hosts", r.hosts},
                     {"runas", r.runas},
                     {"commands", r.commands},
                     {"nopasswd", r.nopasswd},
                     {"file", r.where.file},
                     {"line", r.where.line}});
    src_rules.push_back(r.where);
    bool all = Contains(r.commands, "ALL");
    if (all && r.nopasswd) AddOnce(nopasswd, seen_np, src_np, r);
    if (all && RunsAsRoot(r.runas)) AddOnce(full, seen_full, src_full, r);
  }
  facts.Set("sudo.rules", rules, src_rules);
  facts.Set("sudo.nopasswd_all", Sorted(nopasswd), src_np);
  facts.Set("sudo.full_access", Sorted(full), src_full);
  facts.Set("sudo.files", cfg.files);
  WriteDefaults(cfg, facts);
}

}  // namespace

void CollectSudo(host::Host& host, Facts& facts) {
  auto text = ReadConfigText(host, kSudoers, facts, "sudo");
  if (!text) {
    if (text.error().code == ErrorCode::kNotFound)
      facts.Set("sudo.present", false, {Prov(kSudoers, 0, "")});
    else
      facts.SetUnknown("sudo", text.error());
    return;
  }
  SudoIncludeLoader loader = [&](const std::string& path, bool dir) -> Result<std::vector<SudoSource>> {
    std::vector<std::string> paths;
    if (dir) {
      auto entries = host.ListDir(path);
      if (!entries) {
        if (entries.error().code == ErrorCode::kNotFound) return std::vector<SudoSource>{};
        return std::unexpected(entries.error());
      }
      for (const auto& e : *entries)
        if (SudoIncludedirAccepts(e.name) && e.type != host::FileType::kDirectory)
          paths.push_back(host::JoinPath(path, e.name));
    } else {
      paths.push_back(path);
    }
    std::vector<SudoSource> out;
    for (const auto& p : paths) {
      auto t = ReadConfigText(host, p, facts, "sudo");
      if (t)
        out.push_back({p, std::move(*t)});
      else if (t.error().code != ErrorCode::kNotFound && t.error().code != ErrorCode::kSyntax)
        return std::unexpected(t.error());
    }
    return out;
  };
  SudoersConfig cfg = ParseSudoers(*text, kSudoers, loader);
  AddWarnings(facts, "sudo", cfg.warnings);
  if (!cfg.include_errors.empty()) {
    facts.SetUnknown("sudo", cfg.include_errors.front());  // an unread drop-in may grant anything
    return;
  }
  WriteFacts(cfg, facts);
}

}  // namespace dengbao::probes
