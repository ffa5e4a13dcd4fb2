#include "store/tables.h"

#include <algorithm>

namespace dengbao::store {
namespace {

constexpr std::string_view kOrganisationColumns[] = {"id", "name"};
constexpr std::string_view kSystemColumns[] = {
    "id",         "organisation_id",     "name",        "level", "grade",
    "extensions", "business_continuity", "assessed_on", "kind"};
constexpr std::string_view kTargetColumns[] = {"system_id", "id", "position", "name", "type", "note"};
constexpr std::string_view kSiteColumns[] = {"organisation_id", "id", "name", "address"};
constexpr std::string_view kUserColumns[] = {"id",      "name",       "role",  "organisation_id",
                                             "site_id", "manager_id", "email", "active"};
constexpr std::string_view kGradingColumns[] = {
    "system_id",      "site_id",          "business_object", "business_degree", "service_object",
    "service_degree", "business_level",   "service_level",   "level",           "rationale",
    "graded_on",      "expert_review_on", "approved_by"};
constexpr std::string_view kFilingColumns[] = {"system_id", "filing_no", "police_office", "filed_on",
                                               "certificate_no"};
constexpr std::string_view kRoundColumns[] = {"id",         "system_id", "year",        "kind",
                                              "started_on", "status",    "previous_id", "profile"};
constexpr std::string_view kResultColumns[] = {"round_id", "unit_id",        "target_id",  "result",
                                               "method",   "source",         "record",     "rule_ids",
                                               "risk",     "high_risk_case", "compensated"};
constexpr std::string_view kItemColumns[] = {
    "round_id",       "id",        "unit_id",  "target_id", "title",       "risk",
    "high_risk_case", "owner",     "deadline", "status",    "priority",    "fix_kind",
    "cost_money",     "cost_days", "rule_ids", "automatic", "remediation", "approver",
    "reason",         "expiry",    "verifier", "closed_on", "carried_from"};
constexpr std::string_view kItemEventColumns[] = {"round_id", "item_id",     "seq",       "at",
                                                  "actor",    "from_status", "to_status", "note"};
constexpr std::string_view kEvidenceColumns[] = {"sha256", "size",        "media_type", "extension",
                                                 "name",   "content_b64", "added_at",   "added_by"};
constexpr std::string_view kEvidenceLinkColumns[] = {"owner", "sha256", "name", "added_at", "added_by"};
constexpr std::string_view kInspectionScheduleColumns[] = {"id",       "template_id", "site_id", "frequency",
                                                           "start_on", "owner",       "active"};
constexpr std::string_view kInspectionRunColumns[] = {"id",      "schedule_id", "run_on", "inspector",
                                                      "answers", "abnormal",    "note"};
constexpr std::string_view kHazardColumns[] = {
    "id",           "site_id",          "run_id",           "check_item",
    "location",     "nature",           "severity",         "measures",
    "found_on",     "deadline",         "responsible",      "status",
    "extension_to", "extension_reason", "extension_status", "extension_approver",
    "rechecked_by", "closed_on"};
constexpr std::string_view kIncidentColumns[] = {
    "id",          "system_id",   "title",  "grade",   "operator_type", "discovered_at",
    "deadline_at", "reported_at", "status", "summary", "reporter"};
constexpr std::string_view kIncidentEventColumns[] = {"incident_id", "seq", "at", "actor", "text"};
constexpr std::string_view kEmergencyPlanColumns[] = {"id",      "system_id",   "name",
                                                      "version", "approved_on", "owner"};
constexpr std::string_view kDrillColumns[] = {"id",           "plan_id", "held_on", "kind",
                                              "participants", "result",  "findings"};
constexpr std::string_view kTrainingColumns[] = {"id",   "organisation_id", "title", "held_on",
                                                 "kind", "trainer",         "topic"};
constexpr std::string_view kTrainingRecordColumns[] = {"session_id",  "line",     "name",  "department",
                                                       "employee_id", "attended", "score", "clicked",
                                                       "submitted",   "reported"};
constexpr std::string_view kReportColumns[] = {"id",          "version",    "system_id", "round_id",
                                               "kind",        "format",     "digest",    "size",
                                               "content_b64", "created_at", "created_by"};
constexpr std::string_view kCredentialColumns[] = {"user_id",       "password_hash", "changed_at",
                                                   "history",       "totp_secret",   "totp_pending",
                                                   "totp_enrolled", "must_change"};
constexpr std::string_view kLoginStateColumns[] = {"user_id", "failed_count", "locked_until_unix",
                                                   "last_failure_at", "last_login_at"};
constexpr std::string_view kSessionColumns[] = {
    "id", "user_id", "csrf", "created_unix", "last_seen_unix", "expires_unix", "second_factor", "remote"};
constexpr std::string_view kSetupTokenColumns[] = {"id", "token_hash", "created_unix"};

constexpr TableDef kTables[] = {
    {"organisation", "organisations", kOrganisationColumns, 1, "id", false},
    {"system", "systems", kSystemColumns, 1, "id", false},
    {"target", "targets", kTargetColumns, 2, "system_id, position, id", false},
    {"site", "sites", kSiteColumns, 2, "organisation_id, id", false},
    {"user", "users", kUserColumns, 1, "id", false},
    {"grading", "gradings", kGradingColumns, 1, "system_id", false},
    {"filing", "filings", kFilingColumns, 1, "system_id", false},
    {"round", "rounds", kRoundColumns, 1, "system_id, year, id", false},
    {"result", "results", kResultColumns, 3, "round_id, target_id, unit_id", false},
    {"item", "items", kItemColumns, 2, "round_id, id", false},
    {"item_event", "item_events", kItemEventColumns, 3, "round_id, item_id, seq", false},
    {"evidence", "evidence", kEvidenceColumns, 1, "sha256", true},
    {"evidence_link", "evidence_links", kEvidenceLinkColumns, 2, "owner, added_at, sha256", false},
    {"inspection_schedule", "inspection_schedules", kInspectionScheduleColumns, 1, "id", false},
    {"inspection_run", "inspection_runs", kInspectionRunColumns, 1, "schedule_id, run_on, id", false},
    {"hazard", "hazards", kHazardColumns, 1, "id", false},
    {"incident", "incidents", kIncidentColumns, 1, "id", false},
    {"incident_event", "incident_events", kIncidentEventColumns, 2, "incident_id, seq", false},
    {"emergency_plan", "emergency_plans", kEmergencyPlanColumns, 1, "id", false},
    {"drill", "drills", kDrillColumns, 1, "plan_id, held_on, id", false},
    {"training", "training_sessions", kTrainingColumns, 1, "held_on, id", false},
    {"training_record", "training_records", kTrainingRecordColumns, 2, "session_id, line", false},
    {"report", "reports", kReportColumns, 2, "id, version", true},
    {"credential", "credentials", kCredentialColumns, 1, "user_id", false},
    {"login_state", "login_state", kLoginStateColumns, 1, "user_id", false, true},
    {"session", "sessions", kSessionColumns, 1, "id", false, true},
    {"setup_token", "setup_tokens", kSetupTokenColumns, 1, "id", false, true},
};

}  // namespace

std::span<const TableDef> Tables() { return kTables; }

const TableDef* FindTable(std::string_view kind) {
  auto it = std::ranges::find(kTables, kind, &TableDef::kind);
  return it == std::end(kTables) ? nullptr : &*it;
}

}  // namespace dengbao::store
