// Parser half of the sudo probe: lines, includes, Defaults, aliases and user specifications.
#include "probes/sudo.h"

#include <cctype>
#include <set>

#include "probes/text.h"

namespace dengbao::probes {
namespace {

const std::set<std::string, std::less<>> kAliasKinds = {"User_Alias", "Runas_Alias", "Host_Alias",
                                                        "Cmnd_Alias", "Cmd_Alias"};
// Command options of sudo 1.9 that may precede a command ("CWD=/tmp /bin/ls").
const std::set<std::string, std::less<>> kCmndOptions = {
    "ROLE",  "TYPE",      "CWD", "CHROOT", "TIMEOUT", "NOTBEFORE", "NOTAFTER", "APPARMOR_PROFILE",
    "PRIVS", "LIMITPRIVS"};

// Splits on `sep` outside quotes and parentheses.
std::vector<std::string> SplitTop(std::string_view s, char sep) {
  std::vector<std::string> out;
  std::string cur;
  int depth = 0;
  bool quoted = false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '\\' && i + 1 < s.size()) {
      cur += c;
      cur += s[++i];
      continue;
    }
    if (c == '"') quoted = !quoted;
    if (!quoted && c == '(') ++depth;
    if (!quoted && c == ')' && depth > 0) --depth;
    if (!quoted && depth == 0 && c == sep) {
      out.emplace_back(Trim(cur));
      cur.clear();
      continue;
    }
    cur += c;
  }
  out.emplace_back(Trim(cur));
  return out;
}

// Removes a comment: '#' starting a word, unless followed by a digit (then it is a uid, "#0").
std::string_view StripComment(std::string_view line) {
  for (size_t i = 0; i < line.size(); ++i) {
    if (line[i] != '#') continue;
    bool word_start = i == 0 || line[i - 1] == ' ' || line[i - 1] == '\t';
    bool uid = i + 1 < line.size() && std::isdigit(static_cast<unsigned char>(line[i + 1]));
    if (word_start && !uid) return Trim(line.substr(0, i));
  }
  return Trim(line);
}

class Parser {
 public:
  Parser(SudoersConfig& cfg, const SudoIncludeLoader& loader) : cfg_(cfg), loader_(loader) {}

  void ParseFile(std::string_view text, const std::string& file, int depth) {
    cfg_.files.push_back(file);
    // No comment stripping here: "#include" lines are directives, StripComment decides below.
    for (const auto& line : ConfigLines(text, LineOptions{'\0', true, false})) {
      Provenance where = Prov(file, line.number, line.text);
      auto words = SplitWords(line.text);
      std::string_view first = words.front();
      if (first == "#include" || first == "@include" || first == "#includedir" || first == "@includedir") {
        Include(first.ends_with("dir"), words.size() > 1 ? std::string(Unquote(words[1])) : "", file, depth,
                where);
        continue;
      }
      std::string_view body = StripComment(line.text);
      if (body.empty()) continue;
      if (body.starts_with("Defaults"))
        Defaults(body, where);
      else if (kAliasKinds.contains(SplitWords(body).front()))
        Alias(body, where);
      else
        UserSpec(body, where);
    }
  }

 private:
  void Include(bool dir, const std::string& target, const std::string& file, int depth,
               const Provenance& where) {
    if (target.empty() || !loader_) {
      cfg_.warnings.push_back({"未跟随 include (include not followed)", where});
      return;
    }
    if (depth + 1 > kSudoMaxIncludeDepth) {
      cfg_.warnings.push_back({"include 嵌套过深 (include depth limit reached)", where});
      return;
    }
    std::string path = target;
    if (!path.starts_with('/')) path = host::JoinPath(file.substr(0, file.rfind('/')), target);
    auto sources = loader_(path, dir);
    if (!sources) {
      cfg_.include_errors.push_back(sources.error());
      return;
    }
    if (!dir && sources->empty())
      cfg_.warnings.push_back({"include 文件不存在 (included file missing)", where});
    for (const auto& s : *sources) ParseFile(s.text, s.file, depth + 1);
  }

  void Defaults(std::string_view body, const Provenance& where) {
    auto words = SplitWords(body);
    std::string scope(words.front().substr(8));
    std::string_view rest = Trim(body.substr(words.front().size()));
    if (!scope.empty() && scope.size() == 1 && words.size() > 1) {  // "Defaults: user x" style spacing
      scope += words[1];
      rest = Trim(rest.substr(words[1].size()));
    }
    for (const auto& param : SplitTop(rest, ',')) {
      if (param.empty()) continue;
      SudoDefault d{scope, "", "", "", false, where};
      size_t eq = param.find('=');
      std::string_view name = Trim(std::string_view(param).substr(0, eq));
      if (eq != std::string::npos) {
        d.op = "=";
        if (name.ends_with('+') || name.ends_with('-'))
          d.op.insert(d.op.begin(), name.back()), name.remove_suffix(1);
        d.value = std::string(Unquote(Trim(std::string_view(param).substr(eq + 1))));
      }
      name = Trim(name);
      while (name.starts_with('!')) d.negated = !d.negated, name.remove_prefix(1);
      d.name = std::string(name);
      cfg_.defaults.push_back(std::move(d));
    }
  }

  void Alias(std::string_view body, const Provenance& where) {
    auto kind = SplitWords(body).front();
    for (const auto& def : SplitTop(Trim(body.substr(kind.size())), ':')) {
      size_t eq = def.find('=');
      if (eq == std::string::npos) {
        cfg_.warnings.push_back({"别名定义缺少 '=' (alias without '=')", where});
        continue;
      }
      auto& members = cfg_.aliases[std::string(Trim(std::string_view(def).substr(0, eq)))];
      for (const auto& m : SplitTop(std::string_view(def).substr(eq + 1), ','))
        if (!m.empty()) members.push_back(m);
    }
  }

  void UserSpec(std::string_view body, const Provenance& where);

  SudoersConfig& cfg_;
  const SudoIncludeLoader& loader_;
};

// "users hosts = (runas) TAG: cmnd, cmnd". Multiple "host = cmnds" groups joined by ':' are
// not split (rare); their text then ends up in the commands.
void Parser::UserSpec(std::string_view body, const Provenance& where) {
  size_t eq = body.find('=');
  std::string left;
  for (char c : body.substr(0, eq == std::string_view::npos ? 0 : eq)) left += c;
  // "alice, bob ALL" -> "alice,bob ALL"
  std::string compact;
  for (const auto& part : SplitTop(left, ',')) compact += (compact.empty() ? "" : ",") + part;
  auto lw = SplitWords(compact);
  if (eq == std::string_view::npos || lw.size() != 2) {
    cfg_.warnings.push_back({"无法解析的 sudoers 行 (unparsable sudoers line)", where});
    return;
  }
  std::vector<std::string> users, hosts;
  for (const auto& u : SplitTop(lw[0], ',')) users.push_back(u);
  for (const auto& h : SplitTop(lw[1], ',')) hosts.push_back(h);
  std::string runas;
  bool nopasswd = false;
  std::vector<SudoRule> groups;
  for (const std::string& item : SplitTop(body.substr(eq + 1), ',')) {
    std::string_view s = Trim(item);
    if (s.starts_with('(')) {
      size_t close = s.find(')');
      std::string_view inner =
          s.substr(1, close == std::string_view::npos ? std::string_view::npos : close - 1);
      runas.clear();
      for (char c : inner)
        if (c != ' ' && c != '\t') runas += c;
      s = close == std::string_view::npos ? std::string_view() : Trim(s.substr(close + 1));
    }
    while (true) {  // tags ("NOPASSWD:"), digests ("sha256:..."), options ("CWD=/")
      auto w = SplitWords(s);
      if (w.empty()) break;
      std::string_view tok = w.front();
      size_t colon = tok.find(':'), eqpos = tok.find('=');
      if (colon != std::string_view::npos && colon > 0 &&
          (eqpos == std::string_view::npos || colon < eqpos) && tok.find('/') > colon) {
        std::string_view tag = tok.substr(0, colon);
        if (tag == "NOPASSWD") nopasswd = true;
        if (tag == "PASSWD") nopasswd = false;
        bool digest = tag == "sha224" || tag == "sha256" || tag == "sha384" || tag == "sha512";
        s = Trim(s.substr(digest ? tok.size() : colon + 1));
      } else if (eqpos != std::string_view::npos && kCmndOptions.contains(tok.substr(0, eqpos))) {
        s = Trim(s.substr(tok.size()));
      } else {
        break;
      }
    }
    if (s.empty()) continue;
    if (groups.empty() || groups.back().runas != runas || groups.back().nopasswd != nopasswd)
      groups.push_back(SudoRule{"", "", hosts, runas, {}, nopasswd, where});
    groups.back().commands.emplace_back(s);
  }
  for (const auto& user : users)
    for (const auto& g : groups) {
      SudoRule r = g;
      r.who = user;
      cfg_.rules.push_back(std::move(r));
    }
}

// Replaces alias names in a list by their members (recursively, bounded), keeping negations.
std::vector<std::string> ExpandList(const std::vector<std::string>& items, const SudoersConfig& cfg,
                                    int depth = 0) {
  std::vector<std::string> out;
  for (const auto& item : items) {
    bool neg = item.starts_with('!');
    std::string name = neg ? item.substr(1) : item;
    auto it = cfg.aliases.find(name);
    if (it == cfg.aliases.end() || depth > 8) {
      out.push_back(item);
      continue;
    }
    for (const auto& m : ExpandList(it->second, cfg, depth + 1)) out.push_back(neg ? "!" + m : m);
  }
  return out;
}

}  // namespace

SudoersConfig ParseSudoers(std::string_view text, const std::string& file, const SudoIncludeLoader& loader) {
  SudoersConfig cfg;
  Parser(cfg, loader).ParseFile(text, file, 0);
  // Aliases may be defined after use across included files: expand once everything is read.
  std::vector<SudoRule> expanded;
  for (auto& r : cfg.rules) {
    r.hosts = ExpandList(r.hosts, cfg);
    r.commands = ExpandList(r.commands, cfg);
    auto who = ExpandList({r.who}, cfg);
    std::string via = who.size() == 1 && who.front() == r.who ? "" : r.who;
    for (const auto& w : who) {
      if (w.starts_with('!')) continue;  // an exclusion grants nothing
      SudoRule copy = r;
      copy.who = w;
      copy.via = via;
      expanded.push_back(std::move(copy));
    }
  }
  cfg.rules = std::move(expanded);
  return cfg;
}

bool SudoIncludedirAccepts(std::string_view name) {
  return !name.empty() && name.find('.') == std::string_view::npos && !name.ends_with('~');
}

}  // namespace dengbao::probes
