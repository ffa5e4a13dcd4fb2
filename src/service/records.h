// Grading (定级) and filing (备案) records, users and sites.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "catalog/grading.h"
#include "service/service.h"
#include "workflow/deadlines.h"

namespace dengbao::service {

struct GradingInput {
  std::string system_id;
  catalog::Harm business;
  catalog::Harm service;
  std::string sector;     // optional sector floor (catalog::GradeSystem)
  std::string graded_on;  // YYYY-MM-DD; empty: today
  std::string rationale;
  std::string expert_review_on;  // YYYY-MM-DD or empty
  std::string approved_by;
  std::string site_id;
};
// Grades with GB/T 22240 (catalog::GradeSystem) and stores the record. Returns it.
Result<Record> RecordGrading(Ctx& ctx, const GradingInput& in);

struct FilingInput {
  std::string system_id;
  std::string filing_no;
  std::string police_office;
  std::string filed_on;  // YYYY-MM-DD
  std::string certificate_no;
};
// Needs a grading record; the filing date may not precede the grading date.
Result<Record> RecordFiling(Ctx& ctx, const FilingInput& in);

// Where a system stands on grading and filing today.
struct FilingStatus {
  std::optional<Record> grading;
  std::optional<Record> filing;
  std::optional<workflow::FilingDates> dates;         // when graded
  std::optional<workflow::DeadlineState> filing_due;  // while not filed
  std::optional<workflow::DeadlineState> renewal;     // when filed
  std::vector<std::string> warnings;                  // e.g. graded level differs from the system's
};
Result<FilingStatus> GetFilingStatus(Ctx& ctx, std::string_view system_id);

// Users and their roles (issue #6 adds credentials). Roles: sysadmin (系统管理员), secadmin
// (安全管理员), auditor (审计管理员), owner (整改责任人), viewer (只读). `manager_id` is who an
// escalation (督办) goes to.
inline constexpr std::string_view kRoles[] = {"sysadmin", "secadmin", "auditor", "owner", "viewer"};
std::string_view RoleLabel(std::string_view role);
struct UserInput {
  std::string id;
  std::string name;
  std::string role;
  std::string organisation_id;
  std::string site_id;
  std::string manager_id;
  std::string email;
};
Result<Record> UpsertUser(Ctx& ctx, const UserInput& in);

Result<Record> UpsertSite(Ctx& ctx, const std::string& organisation_id, const std::string& id,
                          const std::string& name, const std::string& address);

}  // namespace dengbao::service
