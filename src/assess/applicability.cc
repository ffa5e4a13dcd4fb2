#include "assess/applicability.h"

#include <algorithm>
#include <map>
#include <set>

namespace dengbao::assess {

Result<std::vector<const catalog::Item*>> ApplicableUnits(const SystemSpec& system,
                                                          const catalog::Catalog& cat) {
  std::vector<std::string> scopes = {"general"};
  scopes.insert(scopes.end(), system.extensions.begin(), system.extensions.end());
  return catalog::SelectApplicable(cat, system.grade, scopes);
}

bool AppliesTo(const catalog::Item& item, std::string_view target_type) {
  return std::ranges::find(item.objects, target_type) != item.objects.end();
}

void ValidateAnswers(const std::vector<Answer>& answers, const SystemSpec& system,
                     const catalog::Catalog& cat, catalog::Diagnostics& diags) {
  auto applicable = ApplicableUnits(system, cat);
  if (!applicable) {
    diags.Add(applicable.error().code, applicable.error().detail, applicable.error().where);
    return;
  }
  std::set<std::string_view> units;
  for (const auto* item : *applicable) units.insert(item->unit);
  std::map<std::string_view, const TargetSpec*> targets;
  for (const auto& t : system.targets) targets[t.id] = &t;
  std::map<std::pair<std::string, std::string>, SourceLocation> seen;
  for (const auto& a : answers) {
    auto t = targets.find(a.target);
    if (t == targets.end()) {
      diags.Add(ErrorCode::kValidation, "未知测评对象 '" + a.target + "'（系统描述中没有）(unknown target)",
                a.where);
      continue;
    }
    const auto* item = cat.FindItem(a.unit);
    if (item == nullptr || !units.contains(item->unit)) {
      diags.Add(ErrorCode::kValidation,
                "测评单元 '" + a.unit + "' 不适用于本系统（" + system.grade.Label() +
                    "，须为该级别适用的单元编号）(unit not applicable to the system)",
                a.where);
      continue;
    }
    // A unit whose objects do not list the target's type is accepted: the objects come from the
    // reference outline and an assessor may judge otherwise. BuildAssessment records a warning.
    auto [it, inserted] = seen.emplace(std::pair{a.target, a.unit}, a.where);
    if (!inserted)
      diags.Add(
          ErrorCode::kDuplicate,
          a.target + " × " + a.unit + " 重复作答，首次出现于 " + it->second.ToString() + " (answered twice)",
          a.where);
    for (const auto& id : a.high_risk) {
      const auto* hc = cat.FindCase(id);
      auto lv = hc != nullptr ? hc->units.find(system.level) : decltype(hc->units.end()){};
      if (hc == nullptr || lv == hc->units.end() || std::ranges::find(lv->second, a.unit) == lv->second.end())
        diags.Add(ErrorCode::kValidation,
                  "高风险案例 '" + id + "' 不存在或不涉及单元 " + a.unit +
                      " (unknown case or case does not list the unit)",
                  a.where);
    }
    for (const auto& m : a.methods)
      if (m != "访谈" && m != "核查" && m != "测试" && m != "interview" && m != "inspect" && m != "test")
        diags.Add(ErrorCode::kValidation,
                  "测评方法 '" + m + "' 无效，可选：访谈、核查、测试 (invalid method)", a.where);
  }
}

}  // namespace dengbao::assess
