// Civil dates for deadlines (issue #5). Deadlines are days in Asia/Shanghai (UTC+8, no DST): a
// rectification item due 2026-12-01 is overdue from 2026-12-02 00:00 Beijing time. Plain values,
// thread-safe.
#pragma once

#include <chrono>
#include <compare>
#include <string>
#include <string_view>

#include "core/error.h"

namespace dengbao::workflow {

struct Date {
  std::chrono::sys_days days{};  // days since 1970-01-01

  auto operator<=>(const Date&) const = default;
};

// Strict "YYYY-MM-DD" (a real calendar date, years 1900–9999); kSyntax naming the text otherwise.
Result<Date> ParseDate(std::string_view text);
std::string FormatDate(Date d);  // "2026-11-29"

Date AddDays(Date d, int days);
// Calendar months/years; a day past the end of the target month clamps to its last day
// (2026-01-31 + 1 month = 2026-02-28; 2024-02-29 + 1 year = 2025-02-28).
Date AddMonths(Date d, int months);
Date AddYears(Date d, int years);
// to - from, in days (negative when `to` is earlier).
int DaysBetween(Date from, Date to);

// Today in Asia/Shanghai. `DENGBAO_TODAY=YYYY-MM-DD` in the environment overrides it (tests, and
// "what will be overdue next week"); a malformed override is an error, never silently ignored.
Result<Date> TodayShanghai();

// The Beijing-time date of a UTC ISO 8601 instant ("2026-11-20T17:30:00Z" -> 2026-11-21).
Result<Date> ShanghaiDateOf(std::string_view utc_iso);

// Strict "YYYY-MM-DDTHH:MM:SSZ" (UTC, seconds and the Z required, years 1900–9999); kSyntax naming
// the text otherwise. Shared by the instant helpers in deadlines.h.
Result<std::chrono::sys_seconds> ParseUtcInstant(std::string_view utc_iso);
std::string FormatUtcInstant(std::chrono::sys_seconds t);  // "2026-11-20T09:00:00Z"

}  // namespace dengbao::workflow
