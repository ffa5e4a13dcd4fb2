// Grading per GB/T 22240-2020: the level of the business information (S) and of the system
// service (A) each follow from the harmed object and the degree of harm; the overall level is
// max(S, A). Also the sector floors (warnings) and the filing deadline. Pure functions.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace dengbao::catalog {

enum class HarmedObject { kRights, kOrder, kNational };
enum class HarmDegree { kGeneral, kSerious, kEspeciallySerious };

struct Harm {
  HarmedObject object = HarmedObject::kRights;
  HarmDegree degree = HarmDegree::kGeneral;
};

// The GB/T 22240-2020 matrix (Table 2/3): rights 1/2/2, order 2/3/4, national 3/4/5 for
// general/serious/especially serious harm.
int LevelFor(const Harm& harm);

// Parses "order:serious" (objects rights|order|national; degrees general|serious|
// especially-serious). Errors list the allowed words.
Result<Harm> ParseHarm(std::string_view text);
std::string_view ObjectName(HarmedObject o);  // code word: rights|order|national
std::string_view ObjectNameZh(HarmedObject o);
std::string_view DegreeName(HarmDegree d);
std::string_view DegreeNameZh(HarmDegree d);

// A sector rule: systems of this kind are graded no lower than `floor`.
struct SectorFloor {
  std::string_view id;
  std::string_view name_zh;
  int floor;
  std::string_view source;
};
std::vector<SectorFloor> SectorFloors();

struct GradingResult {
  int s = 0;
  int a = 0;
  int level = 0;
  std::vector<std::string> warnings;                      // zh-first messages, e.g. a sector floor not met
  bool filing_required = false;                           // level 2 and above are filed with the police
  std::optional<std::chrono::year_month_day> filing_due;  // graded_on + 30 days
};

// Grades a system. `sector` (optional) is a SectorFloor id; an unknown one is an error.
Result<GradingResult> GradeSystem(const Harm& business, const Harm& service, std::string_view sector,
                                  std::chrono::year_month_day graded_on);

// "YYYY-MM-DD" <-> date. Parsing rejects impossible dates.
Result<std::chrono::year_month_day> ParseDate(std::string_view text);
std::string FormatDate(std::chrono::year_month_day d);
// Today's date in Asia/Shanghai (UTC+8, no daylight saving).
std::chrono::year_month_day TodayShanghai();

}  // namespace dengbao::catalog
