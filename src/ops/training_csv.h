// Training attendance and phishing-test results imported from CSV (issue #5). RFC 4180 CSV in
// UTF-8 (a BOM is accepted), header row required; headers in Chinese or English. Errors carry
// line:column and say what was expected. Thread-safe.
//
// Attendance columns (order free; * required):
//   姓名|name *, 部门|department, 工号|employee_id, 签到|attended * (是/否, yes/no, 1/0, ✓),
//   成绩|score (0–100, optional)
// Phishing columns:
//   姓名|name *, 部门|department, 邮箱|email, 点击|clicked * (是/否…), 提交凭据|submitted
//   (是/否…, default 否), 上报|reported (是/否…, default 否)
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace dengbao::ops {

inline constexpr size_t kMaxCsvFieldBytes = 1u << 20;
inline constexpr size_t kMaxCsvColumns = 1024;  // a row of a million empty fields must not cost a GiB

// Generic CSV: rows of fields. Quoted fields may hold commas, quotes ("") and newlines. At most
// `max_rows` rows, kMaxCsvColumns fields a row and kMaxCsvFieldBytes per field; kTooLarge beyond.
// Blank lines are skipped. kSyntax on an unterminated quote or text after a closing quote
// (line:column).
Result<std::vector<std::vector<std::string>>> ParseCsv(std::string_view text, const std::string& source_name,
                                                       size_t max_rows = 100000);

struct Attendance {
  std::string name;
  std::string department;
  std::string employee_id;
  bool attended = false;
  std::optional<int> score;
  int line = 0;  // CSV line, for messages
};

struct PhishingResult {
  std::string name;
  std::string department;
  std::string email;
  bool clicked = false;
  bool submitted = false;
  bool reported = false;
  int line = 0;
};

Result<std::vector<Attendance>> ParseAttendanceCsv(std::string_view text, const std::string& source_name);
Result<std::vector<PhishingResult>> ParsePhishingCsv(std::string_view text, const std::string& source_name);

struct PhishingSummary {
  int recipients = 0;
  int clicked = 0;
  int submitted = 0;
  int reported = 0;
};
PhishingSummary Summarise(const std::vector<PhishingResult>& results);

}  // namespace dengbao::ops
