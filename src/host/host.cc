#include "host/host.h"

#include <algorithm>

namespace dengbao::host {

bool Exists(Host& host, std::string_view path) { return host.Lstat(path).has_value(); }

bool GlobMatch(std::string_view pattern, std::string_view name) {
  // Iterative matcher with single-star backtracking: linear in practice, no recursion.
  size_t p = 0, n = 0, star = std::string_view::npos, mark = 0;
  while (n < name.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == name[n])) {
      ++p;
      ++n;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = n;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      n = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

std::string JoinPath(std::string_view dir, std::string_view rel) {
  std::string out(dir);
  while (!out.empty() && out.back() == '/') out.pop_back();
  while (!rel.empty() && rel.front() == '/') rel.remove_prefix(1);
  out += '/';
  out += rel;
  return out;
}

Result<std::vector<std::string>> Glob(Host& host, std::string_view pattern) {
  std::vector<std::string> out;
  auto slash = pattern.rfind('/');
  if (slash == std::string_view::npos)
    return MakeError(ErrorCode::kInvalidArgument, "glob pattern must be absolute: " + std::string(pattern));
  std::string_view dir = slash == 0 ? std::string_view("/") : pattern.substr(0, slash);
  std::string_view last = pattern.substr(slash + 1);
  if (last.find_first_of("*?") == std::string_view::npos) {
    if (Exists(host, pattern)) out.emplace_back(pattern);
    return out;
  }
  auto entries = host.ListDir(dir);
  if (!entries) {
    if (entries.error().code == ErrorCode::kNotFound) return out;
    return std::unexpected(entries.error());
  }
  for (const auto& e : *entries)
    if (GlobMatch(last, e.name)) out.push_back(JoinPath(dir, e.name));
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace dengbao::host
