#include "catalog/grading.h"

#include <array>
#include <charconv>
#include <cstdio>

namespace dengbao::catalog {
namespace {

struct ObjectRow {
  HarmedObject object;
  std::string_view name;
  std::string_view zh;
  std::array<int, 3> levels;  // general, serious, especially serious
};

constexpr std::array kMatrix = {
    ObjectRow{HarmedObject::kRights, "rights", "公民、法人和其他组织的合法权益", {1, 2, 2}},
    ObjectRow{HarmedObject::kOrder, "order", "社会秩序、公共利益", {2, 3, 4}},
    ObjectRow{HarmedObject::kNational, "national", "国家安全", {3, 4, 5}},
};

struct DegreeRow {
  HarmDegree degree;
  std::string_view name;
  std::string_view zh;
};

constexpr std::array kDegrees = {
    DegreeRow{HarmDegree::kGeneral, "general", "一般损害"},
    DegreeRow{HarmDegree::kSerious, "serious", "严重损害"},
    DegreeRow{HarmDegree::kEspeciallySerious, "especially-serious", "特别严重损害"},
};

constexpr int kFilingDays = 30;  // 《信息安全等级保护管理办法》第十五条: within 30 days of grading

}  // namespace

int LevelFor(const Harm& harm) {
  return kMatrix[static_cast<size_t>(harm.object)].levels[static_cast<size_t>(harm.degree)];
}

std::string_view ObjectName(HarmedObject o) { return kMatrix[static_cast<size_t>(o)].name; }
std::string_view ObjectNameZh(HarmedObject o) { return kMatrix[static_cast<size_t>(o)].zh; }
std::string_view DegreeName(HarmDegree d) { return kDegrees[static_cast<size_t>(d)].name; }
std::string_view DegreeNameZh(HarmDegree d) { return kDegrees[static_cast<size_t>(d)].zh; }

Result<Harm> ParseHarm(std::string_view text) {
  auto colon = text.find(':');
  std::string_view obj = text.substr(0, colon);
  std::string_view deg = colon == std::string_view::npos ? std::string_view() : text.substr(colon + 1);
  Harm h;
  bool obj_ok = false, deg_ok = false;
  for (const auto& row : kMatrix)
    if (row.name == obj) {
      h.object = row.object;
      obj_ok = true;
    }
  for (const auto& row : kDegrees)
    if (row.name == deg) {
      h.degree = row.degree;
      deg_ok = true;
    }
  if (!obj_ok || !deg_ok)
    return MakeError(ErrorCode::kInvalidArgument,
                     "'" + std::string(text) +
                         "' 应为 <受侵害客体>:<侵害程度>，客体: rights|order|national，程度: "
                         "general|serious|especially-serious (expected object:degree)");
  return h;
}

std::vector<SectorFloor> SectorFloors() {
  return {
      {"tertiary-hospital-core", "三级医院核心业务信息系统", 3,
       "原卫生部《卫生行业信息安全等级保护工作的指导意见》（卫办发〔2011〕85号）"},
  };
}

Result<GradingResult> GradeSystem(const Harm& business, const Harm& service, std::string_view sector,
                                  std::chrono::year_month_day graded_on) {
  GradingResult r;
  r.s = LevelFor(business);
  r.a = LevelFor(service);
  r.level = std::max(r.s, r.a);
  if (!sector.empty()) {
    const SectorFloor* found = nullptr;
    auto floors = SectorFloors();
    for (const auto& f : floors)
      if (f.id == sector) found = &f;
    if (found == nullptr) {
      std::string known;
      for (const auto& f : floors) known += (known.empty() ? "" : ", ") + std::string(f.id);
      return MakeError(ErrorCode::kInvalidArgument,
                       "未知行业 '" + std::string(sector) + "'，可选: " + known + " (unknown sector)");
    }
    if (r.level < found->floor)
      r.warnings.push_back(std::string(found->name_zh) + "定级不应低于第" + std::to_string(found->floor) +
                           "级，当前为第" + std::to_string(r.level) + "级（依据：" +
                           std::string(found->source) + "）");
  }
  if (r.level == 5) r.warnings.push_back("第五级系统按国家另行规定管理，本工具的测评目录只覆盖第一至四级");
  r.filing_required = r.level >= 2;
  if (r.filing_required)
    r.filing_due =
        std::chrono::year_month_day(std::chrono::sys_days(graded_on) + std::chrono::days(kFilingDays));
  return r;
}

Result<std::chrono::year_month_day> ParseDate(std::string_view text) {
  int y = 0;
  unsigned m = 0, d = 0;
  auto bad = [&] {
    return MakeError(ErrorCode::kInvalidArgument,
                     "日期应为 YYYY-MM-DD (expected YYYY-MM-DD), got '" + std::string(text) + "'");
  };
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return bad();
  auto num = [](std::string_view s, auto& out) {
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && p == s.data() + s.size();
  };
  if (!num(text.substr(0, 4), y) || !num(text.substr(5, 2), m) || !num(text.substr(8, 2), d)) return bad();
  std::chrono::year_month_day ymd{std::chrono::year(y), std::chrono::month(m), std::chrono::day(d)};
  if (!ymd.ok()) return bad();
  return ymd;
}

std::string FormatDate(std::chrono::year_month_day d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(d.year()),
                static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()));
  return buf;
}

std::chrono::year_month_day TodayShanghai() {
  auto now = std::chrono::system_clock::now() + std::chrono::hours(8);
  return std::chrono::year_month_day(std::chrono::floor<std::chrono::days>(now));
}

}  // namespace dengbao::catalog
