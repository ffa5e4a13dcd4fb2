#include "service/management_units.h"

#include <algorithm>
#include <iterator>
#include <span>

namespace dengbao::service {
namespace {

struct UnitRow {
  std::string_view kind;
  int level;
  std::span<const std::string_view> units;
};

// Found by the requirement text in catalogs/gbt22239-2019/general/level-N.yaml (the numbering
// differs between levels, so each level has its own row).
constexpr std::string_view kIncident1[] = {"L1-MMS1-12"};  // 发现安全弱点或可疑事件时第一时间报告
constexpr std::string_view kIncident2[] = {"L2-MMS1-25", "L2-MMS1-27"};  // + 查明原因、记录处置过程
constexpr std::string_view kIncident3[] = {"L3-MMS1-37", "L3-MMS1-39"};
constexpr std::string_view kIncident4[] = {"L4-MMS1-39", "L4-MMS1-41"};
constexpr std::string_view kMajor3[] = {"L3-MMS1-40"};  // 重大安全事件专门的处置和报告程序
constexpr std::string_view kMajor4[] = {"L4-MMS1-42"};
constexpr std::string_view kPlan2[] = {"L2-MMS1-28"};                // 针对重要事件制定应急预案
constexpr std::string_view kPlan3[] = {"L3-MMS1-41", "L3-MMS1-42"};  // + 统一的应急预案框架
constexpr std::string_view kPlan4[] = {"L4-MMS1-44", "L4-MMS1-45"};
constexpr std::string_view kDrill2[] = {"L2-MMS1-29"};  // 定期开展应急预案培训并组织应急演练
constexpr std::string_view kDrill3[] = {"L3-MMS1-43"};
constexpr std::string_view kDrill4[] = {"L4-MMS1-46"};
constexpr std::string_view kTraining1[] = {"L1-HRS1-03"};  // 全体人员安全意识教育和岗位技能培训
constexpr std::string_view kTraining2[] = {"L2-HRS1-04"};
constexpr std::string_view kTraining3[] = {"L3-HRS1-06"};
constexpr std::string_view kTraining4[] = {"L4-HRS1-07"};
constexpr std::string_view kScored3[] = {"L3-HRS1-08"};  // 各岗位人员的技能定期接受考核
constexpr std::string_view kScored4[] = {"L4-HRS1-09"};

constexpr UnitRow kUnits[] = {
    {"incident", 1, kIncident1},
    {"incident", 2, kIncident2},
    {"incident", 3, kIncident3},
    {"incident", 4, kIncident4},
    {"incident_major", 3, kMajor3},
    {"incident_major", 4, kMajor4},
    {"plan", 2, kPlan2},
    {"plan", 3, kPlan3},
    {"plan", 4, kPlan4},
    {"drill", 2, kDrill2},
    {"drill", 3, kDrill3},
    {"drill", 4, kDrill4},
    {"training", 1, kTraining1},
    {"training", 2, kTraining2},
    {"training", 3, kTraining3},
    {"training", 4, kTraining4},
    {"training_scored", 3, kScored3},
    {"training_scored", 4, kScored4},
};

}  // namespace

std::vector<std::string> ManagementUnits(std::string_view kind, int level) {
  auto it =
      std::ranges::find_if(kUnits, [&](const UnitRow& r) { return r.kind == kind && r.level == level; });
  if (it == std::end(kUnits)) return {};
  return {it->units.begin(), it->units.end()};
}

}  // namespace dengbao::service
