// Parsers for rsyslog and syslog-ng configuration (see logging.h).
#include <algorithm>
#include <cctype>

#include "probes/logging.h"
#include "probes/text.h"

namespace dengbao::probes {

namespace {

constexpr size_t kMaxStatementLines = 200;  // an unterminated "action(" must not swallow the file

// Net parenthesis depth of `s`, ignoring parentheses inside double or single quotes.
int ParenDepth(std::string_view s) {
  int depth = 0;
  char quote = 0;
  for (char c : s) {
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '(') {
      ++depth;
    } else if (c == ')') {
      --depth;
    }
  }
  return depth;
}

// The text between the '(' at `open` and its matching ')' (or the end).
std::string_view ParenBody(std::string_view s, size_t open) {
  int depth = 0;
  char quote = 0;
  for (size_t i = open; i < s.size(); ++i) {
    char c = s[i];
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '(') {
      ++depth;
    } else if (c == ')' && --depth == 0) {
      return s.substr(open + 1, i - open - 1);
    }
  }
  return s.substr(std::min(open + 1, s.size()));
}

// name="value" parameters of a RainerScript object, names lower-cased.
std::vector<std::pair<std::string, std::string>> Params(std::string_view body) {
  std::vector<std::pair<std::string, std::string>> out;
  size_t i = 0;
  while (i < body.size()) {
    size_t eq = body.find('=', i);
    if (eq == std::string_view::npos) break;
    size_t name_start = eq;
    while (name_start > i && (std::isalnum(static_cast<unsigned char>(body[name_start - 1])) ||
                              body[name_start - 1] == '.' || body[name_start - 1] == '_'))
      --name_start;
    std::string name = ToLower(body.substr(name_start, eq - name_start));
    size_t v = eq + 1;
    while (v < body.size() && body[v] == ' ') ++v;
    std::string value;
    if (v < body.size() && (body[v] == '"' || body[v] == '\'')) {
      size_t close = body.find(body[v], v + 1);
      if (close == std::string_view::npos) close = body.size();
      value = body.substr(v + 1, close - v - 1);
      i = close + 1;
    } else {
      size_t end = body.find_first_of(" \t)", v);
      if (end == std::string_view::npos) end = body.size();
      value = body.substr(v, end - v);
      i = end;
    }
    out.emplace_back(std::move(name), std::move(value));
  }
  return out;
}

std::string ParamOr(const std::vector<std::pair<std::string, std::string>>& params, std::string_view name,
                    std::string_view fallback) {
  for (const auto& [k, v] : params)
    if (k == name) return v;
  return std::string(fallback);
}

int PortOr(std::string_view s, int fallback) {
  auto v = ParseInt(s);
  return v && *v > 0 && *v < 65536 ? static_cast<int>(*v) : fallback;
}

void AddRainerActions(std::string_view stmt, std::string_view file, int line, RsyslogConfig& out) {
  for (size_t pos = stmt.find("action("); pos != std::string_view::npos;
       pos = stmt.find("action(", pos + 1)) {
    auto params = Params(ParenBody(stmt, pos + 6));
    std::string type = ToLower(ParamOr(params, "type", ""));
    if (type == "omfwd" || type == "omrelp") {
      std::string target = ParamOr(params, "target", "");
      if (target.empty()) continue;
      std::string proto = type == "omrelp" ? "relp" : ToLower(ParamOr(params, "protocol", "udp"));
      if (type == "omfwd" && ToLower(ParamOr(params, "streamdriver", "")).find("tls") != std::string::npos)
        proto = "tls";
      out.remotes.push_back(
          {"rsyslog", target, PortOr(ParamOr(params, "port", "514"), 514), proto, std::string(file), line});
    } else if (type == "omfile") {
      std::string path = ParamOr(params, "file", "");
      if (!path.empty()) out.local_files.push_back({path, std::string(file), line});
    }
  }
}

// "@@(o,z9)host:port;Template" and friends; false when `action` is not a forwarding action.
bool ParseLegacyForward(std::string_view action, RemoteTarget& t) {
  if (action.starts_with(":omrelp:")) {
    action.remove_prefix(8);
    t.protocol = "relp";
  } else if (action.starts_with("@@")) {
    action.remove_prefix(2);
    t.protocol = "tcp";
  } else if (action.starts_with("@")) {
    action.remove_prefix(1);
    t.protocol = "udp";
  } else {
    return false;
  }
  if (action.starts_with("(")) {
    auto close = action.find(')');
    action = close == std::string_view::npos ? std::string_view() : action.substr(close + 1);
  }
  action = action.substr(0, action.find(';'));
  std::string_view port;
  if (action.starts_with("[")) {
    auto close = action.find(']');
    if (close == std::string_view::npos) return false;
    if (action.substr(close + 1).starts_with(":")) port = action.substr(close + 2);
    action = action.substr(1, close - 1);
  } else if (auto colon = action.find(':'); colon != std::string_view::npos && action.rfind(':') == colon) {
    port = action.substr(colon + 1);
    action = action.substr(0, colon);
  }
  if (action.empty()) return false;
  t.target = action;
  t.port = PortOr(port, 514);
  return true;
}

void AddLegacyAction(std::string_view action, std::string_view file, int line, RsyslogConfig& out) {
  action = Trim(action);
  RemoteTarget t{"rsyslog", "", 514, "", std::string(file), line};
  if (ParseLegacyForward(action, t)) {
    out.remotes.push_back(std::move(t));
    return;
  }
  if (action.starts_with("-")) action.remove_prefix(1);
  if (action.starts_with("/"))
    out.local_files.push_back({std::string(action.substr(0, action.find(';'))), std::string(file), line});
}

bool IsSelector(std::string_view word) {
  if (word.find('.') == std::string_view::npos) return false;
  return std::all_of(word.begin(), word.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) ||
           std::string_view("*.,;!=_-").find(c) != std::string_view::npos;
  });
}

// "module(load=...)", "template(", "ruleset(": a RainerScript object rather than a selector.
bool IsObject(std::string_view word) {
  auto open = word.find('(');
  if (open == std::string_view::npos || open == 0) return false;
  return std::all_of(word.begin(), word.begin() + open,
                     [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
}

void ProcessRsyslogStatement(std::string_view stmt, std::string_view file, int line, RsyslogConfig& out) {
  auto words = SplitWords(stmt);
  if (words.empty()) return;
  if (ToLower(words[0]) == "$includeconfig" && words.size() > 1) {
    out.includes.emplace_back(words[1]);
    return;
  }
  if (auto pos = stmt.find("include("); pos != std::string_view::npos) {
    std::string f = ParamOr(Params(ParenBody(stmt, pos + 7)), "file", "");
    if (!f.empty()) out.includes.push_back(f);
    return;
  }
  if (stmt.find("action(") != std::string_view::npos) {
    AddRainerActions(stmt, file, line, out);
    return;
  }
  if (words[0].starts_with("$") || IsObject(words[0])) return;  // legacy directives, module(...) etc.
  if (words[0] == "&") return AddLegacyAction(stmt.substr(1), file, line, out);
  if (auto then = stmt.find(" then "); words[0] == "if" && then != std::string_view::npos)
    return AddLegacyAction(stmt.substr(then + 6), file, line, out);
  if (stmt.starts_with(":")) return AddLegacyAction(words.back(), file, line, out);  // property filter
  if (IsSelector(words[0]) && words.size() > 1)
    AddLegacyAction(stmt.substr(words[1].data() - stmt.data()), file, line, out);
}

// `text` with '#' comments blanked (outside quotes), line breaks kept so offsets map to lines.
std::string StripHashComments(std::string_view text) {
  std::string out(text);
  char quote = 0;
  for (size_t i = 0; i < out.size(); ++i) {
    char c = out[i];
    if (c == '\n') quote = 0;
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '#') {
      while (i < out.size() && out[i] != '\n') out[i++] = ' ';
      --i;
    }
  }
  return out;
}

int LineAt(std::string_view text, size_t offset) {
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + std::min(offset, text.size()), '\n'));
}

// First argument of a driver: a quoted string or a bare word.
std::string FirstArg(std::string_view body) {
  body = Trim(body);
  if (body.empty()) return {};
  if (body[0] == '"' || body[0] == '\'') {
    auto close = body.find(body[0], 1);
    return std::string(body.substr(1, close == std::string_view::npos ? std::string_view::npos : close - 1));
  }
  auto end = body.find_first_of(" \t\n(),;");
  std::string_view w = body.substr(0, end);
  return w.empty() || w.find('(') != std::string_view::npos ? std::string() : std::string(w);
}

std::string OptionArg(std::string_view body, std::string_view option) {
  for (size_t pos = body.find(option); pos != std::string_view::npos; pos = body.find(option, pos + 1)) {
    bool starts_word = pos == 0 || !(std::isalnum(static_cast<unsigned char>(body[pos - 1])) ||
                                     body[pos - 1] == '-' || body[pos - 1] == '_');
    size_t after = pos + option.size();
    while (after < body.size() && (body[after] == ' ' || body[after] == '\t')) ++after;
    if (starts_word && after < body.size() && body[after] == '(') return FirstArg(ParenBody(body, after));
  }
  return {};
}

void ParseDestinationBody(std::string_view body, std::string_view file, std::string_view whole, size_t base,
                          SyslogNgDestination& d) {
  static constexpr std::string_view kDrivers[] = {"network", "tcp6", "udp6", "tcp", "udp", "syslog", "file"};
  size_t i = 0;
  while (i < body.size()) {
    if (!std::isalpha(static_cast<unsigned char>(body[i]))) {
      ++i;
      continue;
    }
    size_t start = i;
    while (i < body.size() &&
           (std::isalnum(static_cast<unsigned char>(body[i])) || body[i] == '_' || body[i] == '-'))
      ++i;
    std::string_view word = body.substr(start, i - start);
    size_t open = i;
    while (open < body.size() && (body[open] == ' ' || body[open] == '\t' || body[open] == '\n')) ++open;
    if (open >= body.size() || body[open] != '(') continue;
    std::string_view args = ParenBody(body, open);
    i = open + args.size() + 2;
    if (std::find(std::begin(kDrivers), std::end(kDrivers), word) == std::end(kDrivers)) continue;
    int line = LineAt(whole, base + start);
    std::string first = FirstArg(args);
    if (first.empty()) continue;
    if (word == "file") {
      d.files.push_back({first, std::string(file), line});
      continue;
    }
    std::string transport = ToLower(OptionArg(args, "transport"));
    if (transport.empty()) transport = word.starts_with("udp") ? "udp" : "tcp";
    int fallback = word == "syslog" ? (transport == "tls" ? 6514 : 601) : 514;
    d.remotes.push_back(
        {"syslog-ng", first, PortOr(OptionArg(args, "port"), fallback), transport, std::string(file), line});
  }
}

}  // namespace

void ParseRsyslogConf(std::string_view text, std::string_view file, RsyslogConfig& out) {
  std::string pending;
  int start = 0;
  size_t joined = 0;
  for (const auto& l : ConfigLines(text)) {
    if (pending.empty()) start = l.number;
    if (!pending.empty()) pending += ' ';
    pending += l.text;
    if (ParenDepth(pending) > 0 && ++joined < kMaxStatementLines) continue;
    ProcessRsyslogStatement(pending, file, start, out);
    pending.clear();
    joined = 0;
  }
  if (!pending.empty()) ProcessRsyslogStatement(pending, file, start, out);
}

void ParseSyslogNgConf(std::string_view text, std::string_view file, SyslogNgConfig& out) {
  std::string clean = StripHashComments(text);
  std::string_view s = clean;
  for (const auto& l : ConfigLines(text)) {
    if (l.text.starts_with("@include")) {
      std::string arg = FirstArg(std::string_view(l.text).substr(8));
      if (!arg.empty()) out.includes.push_back(arg);
    }
  }
  for (size_t pos = s.find("destination"); pos != std::string_view::npos;
       pos = s.find("destination", pos + 1)) {
    if (pos > 0 && (std::isalnum(static_cast<unsigned char>(s[pos - 1])) || s[pos - 1] == '_')) continue;
    size_t i = pos + 11;
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    if (i < s.size() && s[i] == '(') {  // reference inside a log path
      std::string name(Trim(ParenBody(s, i)));
      if (!name.empty() && name.find('(') == std::string::npos) out.used.insert(name);
      continue;
    }
    size_t name_start = i;
    while (i < s.size() &&
           (std::isalnum(static_cast<unsigned char>(s[i])) || s[i] == '_' || s[i] == '-' || s[i] == '.'))
      ++i;
    std::string name(s.substr(name_start, i - name_start));
    size_t brace = s.find_first_not_of(" \t\r\n", i);
    if (name.empty() || brace == std::string_view::npos || s[brace] != '{') continue;
    size_t close = s.find("};", brace);
    if (close == std::string_view::npos) close = s.size();
    SyslogNgDestination d{name, {}, {}};
    ParseDestinationBody(s.substr(brace + 1, close - brace - 1), file, s, brace + 1, d);
    out.destinations.push_back(std::move(d));
  }
}

}  // namespace dengbao::probes
