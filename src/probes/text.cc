#include "probes/text.h"

#include <cctype>
#include <charconv>

namespace dengbao::probes {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n' ||
                        s.front() == '\f' || s.front() == '\v'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n' ||
                        s.back() == '\f' || s.back() == '\v'))
    s.remove_suffix(1);
  return s;
}

std::vector<LogicalLine> ConfigLines(std::string_view text, LineOptions options) {
  std::vector<LogicalLine> out;
  std::string pending;
  int pending_start = 0;
  int number = 0;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view raw = text.substr(pos, nl - pos);
    ++number;
    pos = nl + 1;
    std::string_view line = Trim(raw);
    if (options.strip_inline_comments) {
      for (size_t i = 0; i < line.size(); ++i) {
        if (line[i] == options.comment && (i == 0 || line[i - 1] == ' ' || line[i - 1] == '\t')) {
          line = Trim(line.substr(0, i));
          break;
        }
      }
    } else if (!line.empty() && line.front() == options.comment) {
      line = {};
    }
    bool continues = options.continuation && !line.empty() && line.back() == '\\';
    if (continues) line = Trim(line.substr(0, line.size() - 1));
    if (pending.empty() && !line.empty()) pending_start = number;
    if (!line.empty()) {
      if (!pending.empty()) pending += ' ';
      pending += line;
    }
    if (!continues && !pending.empty()) {
      out.push_back(LogicalLine{pending_start, pending});
      pending.clear();
    }
    if (nl == text.size()) break;
  }
  if (!pending.empty()) out.push_back(LogicalLine{pending_start, pending});
  return out;
}

std::vector<std::string_view> SplitWords(std::string_view s) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    size_t start = i;
    while (i < s.size() && s[i] != ' ' && s[i] != '\t') ++i;
    if (i > start) out.push_back(s.substr(start, i - start));
  }
  return out;
}

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    size_t p = s.find(sep, start);
    if (p == std::string_view::npos) {
      out.push_back(s.substr(start));
      return out;
    }
    out.push_back(s.substr(start, p - start));
    start = p + 1;
  }
}

std::string ToLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::optional<long long> ParseInt(std::string_view s) {
  s = Trim(s);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  long long v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

bool LooksBinary(std::string_view text) {
  if (text.find('\0') != std::string_view::npos) return true;
  size_t bad = 0, i = 0;
  while (i < text.size()) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    int len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (len == 0 || i + len > text.size()) {
      ++bad;
      ++i;
      continue;
    }
    bool ok = true;
    for (int k = 1; k < len; ++k) ok = ok && (static_cast<unsigned char>(text[i + k]) >> 6) == 0x2;
    if (!ok) ++bad;
    i += ok ? len : 1;
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') ++bad;
  }
  return bad * 10 > text.size();  // more than 10% garbage
}

}  // namespace dengbao::probes
