// Pure parts of the logrotate probe (see logrotate.h).
#include <algorithm>

#include "host/host.h"
#include "probes/logrotate.h"
#include "probes/text.h"

namespace dengbao::probes {

namespace {

constexpr size_t kMaxItems = 5000;
constexpr size_t kMaxExpansions = 64;

bool IsScriptStart(std::string_view w) {
  return w == "postrotate" || w == "prerotate" || w == "firstaction" || w == "lastaction" || w == "preremove";
}

// Words of a path list; double- or single-quoted words may hold spaces.
std::vector<std::string> SplitQuoted(std::string_view s) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    if (i >= s.size()) break;
    if (s[i] == '"' || s[i] == '\'') {
      size_t close = s.find(s[i], i + 1);
      if (close == std::string_view::npos) close = s.size();
      out.emplace_back(s.substr(i + 1, close - i - 1));
      i = close + 1;
      continue;
    }
    size_t end = s.find_first_of(" \t", i);
    if (end == std::string_view::npos) end = s.size();
    out.emplace_back(s.substr(i, end - i));
    i = end;
  }
  return out;
}

std::vector<std::string> Words(std::string_view s) {
  std::vector<std::string> out;
  for (auto w : SplitWords(s)) out.emplace_back(w);
  return out;
}

bool LooksLikePath(std::string_view w) {
  return w.starts_with("/") || w.starts_with("\"") || w.starts_with("'") || w.starts_with("~") ||
         w.find('*') != std::string_view::npos;
}

std::optional<int> IntArg(const std::vector<std::string>& words) {
  if (words.size() < 2) return std::nullopt;
  auto v = ParseInt(words[1]);
  if (!v || *v < -1 || *v > 100000) return std::nullopt;
  return static_cast<int>(*v);
}

// The '{' that opens a block: one at the start of the line or after whitespace (a '{' inside a
// word is a brace expansion such as /var/log/{a,b}.log).
size_t BlockBrace(std::string_view line) {
  for (size_t i = 0; i < line.size(); ++i)
    if (line[i] == '{' && (i == 0 || line[i - 1] == ' ' || line[i - 1] == '\t')) return i;
  return std::string_view::npos;
}

struct BlockBuilder {
  std::vector<LogrotateItem>& out;
  LogrotateItem block;
  bool open = false;
  bool in_script = false;

  void Start(const std::vector<std::string>& patterns, int line) {
    block = LogrotateItem{LogrotateItem::Kind::kBlock, line, {}, {}, {}};
    for (const auto& p : patterns)
      for (auto& e : ExpandBraces(p)) block.paths.push_back(std::move(e));
    open = true;
  }
  // Consumes the words of one line inside a block.
  void Line(std::string_view text) {
    auto words = Words(text);
    if (words.empty()) return;
    if (in_script) {
      if (words[0] == "endscript") in_script = false;
      return;
    }
    if (IsScriptStart(words[0])) {
      in_script = true;
      return;
    }
    auto close = std::find(words.begin(), words.end(), "}");
    std::vector<std::string> directive(words.begin(), close);
    if (!directive.empty()) block.directives.push_back(std::move(directive));
    if (close != words.end()) Finish();
  }
  void Finish() {
    if (open) out.push_back(std::move(block));
    open = false;
    in_script = false;
  }
};

}  // namespace

std::vector<LogrotateItem> ParseLogrotate(std::string_view text) {
  std::vector<LogrotateItem> out;
  BlockBuilder b{out, {}, false, false};
  std::vector<std::string> pending;
  int pending_line = 0;
  for (const auto& l : ConfigLines(text)) {
    if (out.size() >= kMaxItems) break;
    std::string_view line = l.text;
    if (b.open) {
      b.Line(line);
      continue;
    }
    if (auto brace = BlockBrace(line); brace != std::string_view::npos) {
      int start = pending.empty() || pending_line == 0 ? l.number : pending_line;
      for (auto& p : SplitQuoted(line.substr(0, brace))) pending.push_back(std::move(p));
      b.Start(pending, start);
      pending.clear();
      pending_line = 0;
      b.Line(line.substr(brace + 1));
      continue;
    }
    auto first = SplitWords(line)[0];
    if (LooksLikePath(first) || !pending.empty()) {
      if (pending.empty()) pending_line = l.number;
      for (auto& p : SplitQuoted(line)) pending.push_back(std::move(p));
      continue;
    }
    LogrotateItem item{first == "include" ? LogrotateItem::Kind::kInclude : LogrotateItem::Kind::kDirective,
                       l.number,
                       Words(line),
                       {},
                       {}};
    out.push_back(std::move(item));
  }
  b.Finish();  // an unterminated block still counts; logrotate itself would reject the file
  return out;
}

void ApplyLogrotateDirective(const std::vector<std::string>& words, LogrotateSettings& s) {
  if (words.empty()) return;
  std::string w = ToLower(words[0]);
  // "size=100k" is accepted by logrotate as well as "size 100k".
  if (w.starts_with("size")) w = "size";
  static constexpr std::pair<std::string_view, int> kPeriods[] = {
      {"hourly", 1}, {"daily", 24}, {"weekly", 168}, {"monthly", 720}, {"yearly", 8760}};
  for (const auto& [name, hours] : kPeriods)
    if (w == name) {
      s.period_hours = hours;
      s.size_based = false;
      return;
    }
  if (w == "size")
    s.size_based = true;
  else if (w == "maxsize")
    s.maxsize = true;
  else if (w == "rotate")
    s.rotate = IntArg(words).value_or(s.rotate.value_or(0));
  else if (w == "maxage")
    s.maxage = IntArg(words);
  else if (w == "dateext")
    s.dateext = true;
  else if (w == "nodateext")
    s.dateext = false;
  else if (w == "compress")
    s.compress = true;
  else if (w == "nocompress")
    s.compress = false;
  else if (w == "missingok")
    s.missingok = true;
  else if (w == "nomissingok")
    s.missingok = false;
}

std::optional<int> LogrotateDaysKept(const LogrotateSettings& s) {
  if (s.size_based || s.maxsize || !s.period_hours) return std::nullopt;
  int rotate = s.rotate.value_or(0);
  std::optional<int> maxage = s.maxage && *s.maxage > 0 ? s.maxage : std::nullopt;
  if (rotate < 0) return maxage;
  long long days = static_cast<long long>(*s.period_hours) * rotate / 24;
  if (maxage && *maxage < days) days = *maxage;
  return static_cast<int>(std::min<long long>(days, 1000000));
}

std::vector<std::string> ExpandBraces(std::string_view pattern) {
  auto open = pattern.find('{');
  auto close = open == std::string_view::npos ? open : pattern.find('}', open);
  if (close == std::string_view::npos) return {std::string(pattern)};
  std::vector<std::string> out;
  const std::vector<std::string> tails = ExpandBraces(pattern.substr(close + 1));
  for (auto alt : Split(pattern.substr(open + 1, close - open - 1), ',')) {
    std::string head = std::string(pattern.substr(0, open)) + std::string(alt);
    for (const auto& tail : tails) {
      if (out.size() >= kMaxExpansions) return out;
      out.push_back(head + tail);
    }
  }
  return out;
}

bool PathGlobMatch(std::string_view pattern, std::string_view path) {
  auto p = Split(pattern, '/');
  auto n = Split(path, '/');
  if (p.size() != n.size()) return false;
  for (size_t i = 0; i < p.size(); ++i)
    if (!host::GlobMatch(p[i], n[i])) return false;
  return true;
}

}  // namespace dengbao::probes
