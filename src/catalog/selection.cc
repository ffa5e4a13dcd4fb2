#include "catalog/selection.h"

#include <algorithm>
#include <cctype>

namespace dengbao::catalog {

std::string Grade::Label() const { return "S" + std::to_string(s) + "A" + std::to_string(a); }

std::vector<std::string> AllowedCombinations(int level) {
  std::vector<std::string> out;
  if (level < 1 || level > 5) return out;
  // Order as assessors list them: S rising with A at the level, then A falling with S at it.
  for (int s = 1; s <= level; ++s) out.push_back(Grade{s, level, level}.Label());
  for (int a = level - 1; a >= 1; --a) out.push_back(Grade{level, a, level}.Label());
  return out;
}

Grade FullGrade(int level) { return Grade{level, level, level}; }

Result<Grade> ParseGrade(std::string_view sa, int level) {
  std::string up(sa);
  std::transform(up.begin(), up.end(), up.begin(), [](unsigned char c) { return std::toupper(c); });
  auto digit = [](char c) { return c >= '1' && c <= '5'; };
  if (up.size() != 4 || up[0] != 'S' || up[2] != 'A' || !digit(up[1]) || !digit(up[3]))
    return MakeError(ErrorCode::kInvalidArgument,
                     "S/A 组合应形如 S3A2 (expected S<n>A<n>), got '" + std::string(sa) + "'");
  Grade g{up[1] - '0', up[3] - '0', 0};
  g.level = std::max(g.s, g.a);
  if (level != 0 && g.level != level) {
    std::string allowed;
    for (const auto& c : AllowedCombinations(level)) allowed += (allowed.empty() ? "" : ", ") + c;
    return MakeError(ErrorCode::kInvalidArgument,
                     "第" + std::to_string(level) + "级不允许 " + g.Label() + "，允许的组合: " + allowed +
                         " (combination not allowed at this level; allowed: " + allowed + ")");
  }
  return g;
}

Result<std::vector<const Item*>> SelectApplicable(const Catalog& catalog, const Grade& grade,
                                                  const std::vector<std::string>& scopes) {
  if (grade.level < 1 || grade.level > 4)
    return MakeError(ErrorCode::kInvalidArgument,
                     "目录仅覆盖第1–4级，第" + std::to_string(grade.level) +
                         "级需按国家另行规定执行 (the catalog covers levels 1-4)");
  for (const auto& s : scopes)
    if (catalog.manifest().FindScope(s) == nullptr)
      return MakeError(ErrorCode::kInvalidArgument, "未知范围 '" + s + "' (unknown scope)");
  std::vector<const Item*> out;
  for (const auto& item : catalog.items()) {
    if (!scopes.empty() && std::find(scopes.begin(), scopes.end(), item.scope) == scopes.end()) continue;
    int wanted = grade.level;
    if (item.sag == Sag::kS) wanted = grade.s;
    if (item.sag == Sag::kA) wanted = grade.a;
    if (item.level == wanted) out.push_back(&item);
  }
  return out;
}

}  // namespace dengbao::catalog
