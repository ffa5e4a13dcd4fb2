#include "probes/shell_timeout.h"

#include <set>

#include "probes/text.h"

namespace dengbao::probes {
namespace {

const std::set<std::string_view> kOpen = {"if", "case", "for", "while", "until"};
const std::set<std::string_view> kClose = {"fi", "esac", "done"};
const std::set<std::string_view> kLead = {"then", "else", "do", "{", "elif"};

// Splits a logical line into statements on ';' and '&&' / '||' outside quotes.
std::vector<std::string> Statements(std::string_view line) {
  std::vector<std::string> out;
  std::string cur;
  char quote = 0;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == ';' || ((c == '&' || c == '|') && i + 1 < line.size() && line[i + 1] == c)) {
      if (c != ';') ++i;
      out.push_back(cur);
      cur.clear();
      continue;
    }
    cur += c;
  }
  out.push_back(cur);
  return out;
}

// The TMOUT part of one statement, if it mentions TMOUT.
std::optional<TmoutSetting> Statement(std::vector<std::string_view> words, bool conditional,
                                      const Provenance& where, std::vector<ParseWarning>& warnings) {
  bool readonly = false;
  size_t i = 0;
  bool declaration = words[0] == "export" || words[0] == "readonly" || words[0] == "declare" ||
                     words[0] == "typeset" || words[0] == "local";
  if (declaration) {
    readonly = words[0] == "readonly";
    for (i = 1; i < words.size() && words[i].starts_with('-'); ++i)
      if (words[i].find('r') != std::string_view::npos) readonly = true;
  }
  // Without a declaration keyword only a leading assignment counts ("unset TMOUT" does not).
  size_t end = declaration ? words.size() : 1;
  for (; i < end; ++i) {
    std::string_view w = words[i];
    if (w != "TMOUT" && !w.starts_with("TMOUT=")) continue;
    TmoutSetting s{std::nullopt, readonly, conditional, where};
    if (w.starts_with("TMOUT=")) {
      std::string_view value = Unquote(w.substr(6));
      s.seconds = ParseInt(value);
      if (!s.seconds) warnings.push_back({"TMOUT 取值不是整数 (TMOUT value is not an integer)", where});
    }
    if (!declaration && !w.starts_with("TMOUT=")) return std::nullopt;  // "TMOUT" alone is a command
    return s;
  }
  return std::nullopt;
}

}  // namespace

TmoutScan ParseShellTimeout(std::string_view text, const std::string& file) {
  TmoutScan out;
  int depth = 0;
  for (const auto& line : ConfigLines(text, LineOptions{'#', true, true})) {
    Provenance where = Prov(file, line.number, line.text);
    for (const auto& st : Statements(line.text)) {
      auto words = SplitWords(st);
      while (!words.empty() && kLead.contains(words.front())) words.erase(words.begin());
      if (words.empty()) continue;
      if (kOpen.contains(words.front())) ++depth;
      if (kClose.contains(words.front()) && depth > 0) --depth;
      if (auto s = Statement(words, depth > 0, where, out.warnings)) out.settings.push_back(*s);
    }
  }
  return out;
}

TmoutScan ParseCshAutologout(std::string_view text, const std::string& file) {
  TmoutScan out;
  for (const auto& line : ConfigLines(text, LineOptions{'#', true, true})) {
    std::string_view t = line.text;
    if (t.find("autologout") == std::string_view::npos) continue;
    auto words = SplitWords(t);
    if (words.empty() || words.front() != "set") continue;
    std::string rest;
    for (size_t i = 1; i < words.size(); ++i) rest += words[i];
    if (!rest.starts_with("autologout")) continue;
    Provenance where = Prov(file, line.number, t);
    TmoutSetting s{std::nullopt, false, false, where};
    size_t eq = rest.find('=');
    auto minutes = eq == std::string::npos ? std::nullopt : ParseInt(Unquote(rest.substr(eq + 1)));
    if (minutes)
      s.seconds = *minutes * 60;
    else
      out.warnings.push_back({"autologout 取值无法解析 (unparsable autologout)", where});
    out.settings.push_back(s);
  }
  return out;
}

void CollectShellTimeout(host::Host& host, Facts& facts) {
  std::vector<std::pair<std::string, bool>> files;  // path, csh syntax
  for (const char* f : {"/etc/profile", "/etc/bash.bashrc", "/etc/bashrc", "/etc/environment"})
    files.emplace_back(f, false);
  for (auto [pattern, csh] :
       {std::pair{"/etc/profile.d/*.sh", false}, std::pair{"/etc/profile.d/*.csh", true}}) {
    auto found = host::Glob(host, pattern);
    if (!found) {
      facts.SetUnknown("shell_timeout", found.error());
      return;
    }
    for (const auto& p : *found) files.emplace_back(p, csh);
  }
  files.emplace_back("/etc/csh.cshrc", true);
  files.emplace_back("/etc/csh.login", true);

  std::vector<TmoutSetting> all;
  for (const auto& [path, csh] : files) {
    auto text = ReadConfigText(host, path, facts, "shell_timeout");
    if (!text) {
      if (text.error().code == ErrorCode::kNotFound || text.error().code == ErrorCode::kSyntax) continue;
      facts.SetUnknown("shell_timeout", text.error());  // the unread file may set (or unset) TMOUT
      return;
    }
    TmoutScan scan = csh ? ParseCshAutologout(*text, path) : ParseShellTimeout(*text, path);
    AddWarnings(facts, "shell_timeout", scan.warnings);
    all.insert(all.end(), scan.settings.begin(), scan.settings.end());
  }
  std::optional<long long> smallest;
  bool readonly = false;
  nlohmann::json settings = nlohmann::json::array();
  std::vector<Provenance> src, min_src, ro_src;
  for (const auto& s : all) {
    settings.push_back({{"file", s.where.file},
                        {"line", s.where.line},
                        {"value", s.seconds ? nlohmann::json(*s.seconds) : nlohmann::json(nullptr)},
                        {"readonly", s.readonly},
                        {"conditional", s.conditional}});
    src.push_back(s.where);
    if (s.readonly) readonly = true, ro_src.push_back(s.where);
    if (s.seconds && *s.seconds > 0 && (!smallest || *s.seconds < *smallest))
      smallest = s.seconds, min_src = {s.where};
  }
  facts.Set("shell_timeout.tmout", smallest ? nlohmann::json(*smallest) : nlohmann::json(nullptr), min_src);
  facts.Set("shell_timeout.readonly", readonly, ro_src);
  facts.Set("shell_timeout.settings", settings, src);
}

}  // namespace dengbao::probes
