#include "service/views.h"

namespace dengbao::service {

nlohmann::json RecordJson(const store::Record& r) {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [k, v] : r) j[k] = v;
  return j;
}

nlohmann::json StateJson(const workflow::DeadlineState& s) {
  return {{"stage", workflow::StageId(s.stage)},
          {"stage_label", workflow::StageLabel(s.stage)},
          {"days_left", s.days_left},
          {"days_overdue", s.days_overdue}};
}

std::string StateText(const workflow::DeadlineState& s) {
  std::string t(workflow::StageLabel(s.stage));
  if (s.days_overdue > 0) return t + "（逾期 " + std::to_string(s.days_overdue) + " 天）";
  return t + "（剩 " + std::to_string(s.days_left) + " 天）";
}

}  // namespace dengbao::service
