#include "workflow/dates.h"

#include <cstdio>
#include <cstdlib>

namespace dengbao::workflow {
namespace {

using std::chrono::days;
using std::chrono::sys_days;
using std::chrono::year_month_day;

constexpr int kMinYear = 1900;
constexpr int kMaxYear = 9999;
// Asia/Shanghai has had no DST since 1991, so a fixed offset is exact for every date we handle.
constexpr std::chrono::hours kShanghaiOffset{8};

// Error messages quote user text; cap it so a pasted file does not become the message, cutting on
// a UTF-8 character boundary.
std::string Quote(std::string_view text) {
  constexpr size_t kMax = 64;
  if (text.size() <= kMax) return std::string(text);
  size_t cut = kMax;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return std::string(text.substr(0, cut)) + "…";
}

// Reads `width` ASCII digits at `pos`; false if any is not a digit.
bool Digits(std::string_view s, size_t pos, size_t width, int& out) {
  out = 0;
  for (size_t i = pos; i < pos + width; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

// "YYYY-MM-DD" at the start of `s` (which has at least 10 characters): a real calendar date.
bool ParseYmd(std::string_view s, year_month_day& out) {
  int y = 0;
  int m = 0;
  int d = 0;
  if (s[4] != '-' || s[7] != '-') return false;
  if (!Digits(s, 0, 4, y) || !Digits(s, 5, 2, m) || !Digits(s, 8, 2, d)) return false;
  if (y < kMinYear || y > kMaxYear) return false;
  out = year_month_day{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(m)},
                       std::chrono::day{static_cast<unsigned>(d)}};
  return out.ok();
}

}  // namespace

Result<Date> ParseDate(std::string_view text) {
  year_month_day ymd;
  if (text.size() != 10 || !ParseYmd(text, ymd)) {
    return MakeError(ErrorCode::kSyntax, "日期应为 YYYY-MM-DD (expected YYYY-MM-DD): " + Quote(text));
  }
  return Date{sys_days{ymd}};
}

std::string FormatDate(Date d) {
  year_month_day ymd{d.days};
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

Date AddDays(Date d, int n) { return Date{d.days + days{n}}; }

Date AddMonths(Date d, int months) {
  year_month_day ymd{d.days};
  std::chrono::year_month ym = ymd.year() / ymd.month() + std::chrono::months{months};
  year_month_day target = ym / ymd.day();
  if (!target.ok()) target = year_month_day{ym / std::chrono::last};  // clamp to the month's end
  return Date{sys_days{target}};
}

Date AddYears(Date d, int years) { return AddMonths(d, years * 12); }

int DaysBetween(Date from, Date to) { return static_cast<int>((to.days - from.days).count()); }

Result<Date> TodayShanghai() {
  // An empty value counts as unset, so `DENGBAO_TODAY= dengbao ...` clears an override in a shell.
  if (const char* env = std::getenv("DENGBAO_TODAY"); env != nullptr && *env != '\0') {
    Result<Date> d = ParseDate(env);
    if (!d) {
      return MakeError(ErrorCode::kSyntax,
                       "环境变量 DENGBAO_TODAY 无效 (invalid DENGBAO_TODAY): " + d.error().detail);
    }
    return d;
  }
  auto now = std::chrono::system_clock::now() + kShanghaiOffset;
  return Date{std::chrono::floor<days>(now)};
}

Result<std::chrono::sys_seconds> ParseUtcInstant(std::string_view s) {
  year_month_day ymd;
  int hh = 0;
  int mm = 0;
  int ss = 0;
  bool ok = s.size() == 20 && ParseYmd(s, ymd) && s[10] == 'T' && s[13] == ':' && s[16] == ':' &&
            s[19] == 'Z' && Digits(s, 11, 2, hh) && Digits(s, 14, 2, mm) && Digits(s, 17, 2, ss) &&
            hh <= 23 && mm <= 59 && ss <= 59;
  if (!ok) {
    return MakeError(ErrorCode::kSyntax,
                     "时间应为 UTC 格式 YYYY-MM-DDTHH:MM:SSZ (expected YYYY-MM-DDTHH:MM:SSZ): " + Quote(s));
  }
  return std::chrono::sys_seconds{sys_days{ymd}} + std::chrono::hours{hh} + std::chrono::minutes{mm} +
         std::chrono::seconds{ss};
}

std::string FormatUtcInstant(std::chrono::sys_seconds t) {
  sys_days day = std::chrono::floor<days>(t);
  std::chrono::hh_mm_ss hms{t - day};
  char buf[48];
  std::snprintf(buf, sizeof buf, "%sT%02d:%02d:%02dZ", FormatDate(Date{day}).c_str(),
                static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                static_cast<int>(hms.seconds().count()));
  return buf;
}

Result<Date> ShanghaiDateOf(std::string_view utc_iso) {
  Result<std::chrono::sys_seconds> t = ParseUtcInstant(utc_iso);
  if (!t) return std::unexpected(t.error());
  return Date{std::chrono::floor<days>(*t + kShanghaiOffset)};
}

}  // namespace dengbao::workflow
