#include "probes/auth_extra.h"

#include "probes/text.h"

namespace dengbao::probes {
namespace {

// Reads and expands one /etc/pam.d stack; the first read error other than "missing" is kept.
std::optional<PamStack> LoadStack(host::Host& host, Facts& facts, std::string_view name,
                                  std::optional<Error>& err) {
  std::map<std::string, PamFile, std::less<>> cache;
  PamLoader loader = [&](std::string_view n) -> const PamFile* {
    std::string path = n.starts_with('/') ? std::string(n) : host::JoinPath("/etc/pam.d", n);
    if (auto it = cache.find(path); it != cache.end()) return &it->second;
    auto text = ReadConfigText(host, path, facts, "auth_extra");
    if (!text) {
      if (text.error().code != ErrorCode::kNotFound && text.error().code != ErrorCode::kSyntax && !err)
        err = text.error();
      return nullptr;
    }
    return &cache.emplace(path, ParsePamFile(*text, path)).first->second;
  };
  if (!loader(name)) return std::nullopt;
  return ExpandPamStack(name, loader);
}

void SecurettyFacts(host::Host& host, Facts& facts) {
  const std::string file = "/etc/securetty";
  auto text = ReadConfigText(host, file, facts, "auth_extra");
  if (!text && text.error().code != ErrorCode::kNotFound) {
    facts.SetUnknown("auth_extra.securetty_present", text.error());
    facts.SetUnknown("auth_extra.securetty_ttys", text.error());
  } else {
    facts.Set("auth_extra.securetty_present", text.has_value(), {Prov(file, 0, "")});
    facts.Set("auth_extra.securetty_ttys", text ? ParseSecuretty(*text) : std::vector<std::string>{});
  }
  std::optional<Error> err;
  auto login = LoadStack(host, facts, "login", err);
  if (err) {
    facts.SetUnknown("auth_extra.securetty_enforced", *err);
    return;
  }
  std::vector<Provenance> src;
  if (login)
    for (const auto& l : login->lines)
      if (l.type == "auth" && l.module == "pam_securetty") src.push_back(l.where);
  facts.Set("auth_extra.securetty_enforced", !src.empty(), src);
}

}  // namespace

std::vector<std::string> ParseSecuretty(std::string_view text) {
  std::vector<std::string> out;
  for (const auto& line : ConfigLines(text))
    for (std::string_view w : SplitWords(line.text)) out.emplace_back(w);
  return out;
}

SuWheel AnalyzeSuStack(const PamStack& su) {
  for (const auto& l : su.lines) {
    if (l.type != "auth" || l.module != "pam_wheel") continue;
    if (l.control != "required" && l.control != "requisite") continue;  // "sufficient" lets others pass
    auto opts = PamOptions(l.args);
    if (opts.contains("deny")) continue;  // deny: members of the group are refused, the opposite
    auto g = opts.find("group");
    return SuWheel{true, g != opts.end() && !g->second.empty() ? g->second : "wheel", l.where};
  }
  return SuWheel{};
}

void CollectAuthExtra(host::Host& host, Facts& facts) {
  SecurettyFacts(host, facts);
  std::optional<Error> err;
  auto su = LoadStack(host, facts, "su", err);
  if (err) {
    facts.SetUnknown("auth_extra.su_wheel_only", *err);
    facts.SetUnknown("auth_extra.su_wheel_group", *err);
    return;
  }
  SuWheel w = su ? AnalyzeSuStack(*su) : SuWheel{};
  std::vector<Provenance> src;
  if (w.wheel_only) src.push_back(w.where);
  facts.Set("auth_extra.su_wheel_only", w.wheel_only, src);
  facts.Set("auth_extra.su_wheel_group", w.wheel_only ? nlohmann::json(w.group) : nlohmann::json(nullptr),
            src);
}

}  // namespace dengbao::probes
