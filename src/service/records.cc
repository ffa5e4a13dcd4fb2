#include "service/records.h"

#include <algorithm>

namespace dengbao::service {
namespace {

std::chrono::year_month_day Ymd(workflow::Date d) { return std::chrono::year_month_day(d.days); }

Result<workflow::Date> DateOr(std::string_view text, workflow::Date fallback, std::string_view field) {
  if (text.empty()) return fallback;
  auto d = workflow::ParseDate(text);
  if (!d) {
    Error e = d.error();
    e.detail = std::string(field) + ": " + e.detail;
    return std::unexpected(e);
  }
  return *d;
}

}  // namespace

Result<Record> RecordGrading(Ctx& ctx, const GradingInput& in) {
  auto system = Require(ctx.db, "system", {in.system_id}, "系统 (system)");
  if (!system) return std::unexpected(system.error());
  auto graded = DateOr(in.graded_on, ctx.today, "--date");
  if (!graded) return std::unexpected(graded.error());
  if (!in.expert_review_on.empty())
    if (auto d = workflow::ParseDate(in.expert_review_on); !d) return std::unexpected(d.error());
  auto r = catalog::GradeSystem(in.business, in.service, in.sector, Ymd(*graded));
  if (!r) return std::unexpected(r.error());
  Record rec{{"system_id", in.system_id},
             {"site_id", in.site_id},
             {"business_object", std::string(catalog::ObjectName(in.business.object))},
             {"business_degree", std::string(catalog::DegreeName(in.business.degree))},
             {"service_object", std::string(catalog::ObjectName(in.service.object))},
             {"service_degree", std::string(catalog::DegreeName(in.service.degree))},
             {"business_level", std::to_string(r->s)},
             {"service_level", std::to_string(r->a)},
             {"level", std::to_string(r->level)},
             {"rationale", in.rationale},
             {"graded_on", workflow::FormatDate(*graded)},
             {"expert_review_on", in.expert_review_on},
             {"approved_by", in.approved_by}};
  if (auto st = ctx.db.Put("grading", rec, ctx.actor, "grading.record"); !st)
    return std::unexpected(st.error());
  return rec;
}

Result<Record> RecordFiling(Ctx& ctx, const FilingInput& in) {
  auto grading = Require(ctx.db, "grading", {in.system_id}, "定级记录 (grading record)");
  if (!grading)
    return MakeError(
        ErrorCode::kInvalidArgument,
        "系统 " + in.system_id + " 尚未定级，请先运行 dengbao system grade (grade before filing)");
  if (in.filing_no.empty() || in.police_office.empty())
    return MakeError(ErrorCode::kUsage,
                     "备案需要 --number 备案编号 和 --police 受理公安机关 (filing number and office)");
  auto filed = workflow::ParseDate(in.filed_on);
  if (!filed) return std::unexpected(filed.error());
  auto graded = workflow::ParseDate(grading->at("graded_on"));
  if (graded && *filed < *graded)
    return MakeError(ErrorCode::kInvalidArgument, "备案日期 " + in.filed_on + " 早于定级日期 " +
                                                      grading->at("graded_on") + " (filed before graded)");
  if (*filed > ctx.today)
    return MakeError(ErrorCode::kInvalidArgument,
                     "备案日期 " + in.filed_on + " 在今天之后 (filing date in the future)");
  Record rec{{"system_id", in.system_id},
             {"filing_no", in.filing_no},
             {"police_office", in.police_office},
             {"filed_on", workflow::FormatDate(*filed)},
             {"certificate_no", in.certificate_no}};
  if (auto st = ctx.db.Put("filing", rec, ctx.actor, "filing.record"); !st)
    return std::unexpected(st.error());
  return rec;
}

Result<FilingStatus> GetFilingStatus(Ctx& ctx, std::string_view system_id) {
  FilingStatus out;
  auto system = Require(ctx.db, "system", {std::string(system_id)}, "系统 (system)");
  if (!system) return std::unexpected(system.error());
  auto grading = ctx.db.Get("grading", {std::string(system_id)});
  if (!grading) return std::unexpected(grading.error());
  auto filing = ctx.db.Get("filing", {std::string(system_id)});
  if (!filing) return std::unexpected(filing.error());
  out.grading = *grading;
  out.filing = *filing;
  if (!out.grading) {
    out.warnings.push_back("尚未定级 (not graded)");
    return out;
  }
  if (out.grading->at("level") != system->at("level"))
    out.warnings.push_back("定级记录为第" + out.grading->at("level") + "级，系统描述为第" +
                           system->at("level") + "级，请核对 (graded level differs from the system's level)");
  auto graded = workflow::ParseDate(out.grading->at("graded_on"));
  if (!graded) return std::unexpected(graded.error());
  std::optional<workflow::Date> filed;
  if (out.filing) {
    auto f = workflow::ParseDate(out.filing->at("filed_on"));
    if (!f) return std::unexpected(f.error());
    filed = *f;
  }
  out.dates = workflow::ComputeFilingDates(*graded, filed);
  if (out.grading->at("level") == "1") {
    out.warnings.push_back("第一级系统无需向公安机关备案 (level 1 systems are not filed)");
    return out;
  }
  if (!filed) out.filing_due = workflow::Evaluate(out.dates->filing_due, ctx.today);
  if (out.dates->renewal_due) {
    // Renewal is "due" on the certificate's expiry; the reminder window opens at renewal_due
    // (3 months before), so the policy's reminder is the distance between the two.
    workflow::EscalationPolicy p;
    p.remind_before_days = workflow::DaysBetween(*out.dates->renewal_due, *out.dates->certificate_expiry);
    out.renewal = workflow::Evaluate(*out.dates->certificate_expiry, ctx.today, p);
  }
  return out;
}

std::string_view RoleLabel(std::string_view role) {
  if (role == "sysadmin") return "系统管理员";
  if (role == "secadmin") return "安全管理员";
  if (role == "auditor") return "审计管理员";
  if (role == "owner") return "整改责任人";
  if (role == "viewer") return "只读用户";
  return "未知角色";
}

Result<Record> UpsertUser(Ctx& ctx, const UserInput& in) {
  if (in.id.empty() || in.id.size() > 64 || !std::ranges::all_of(in.id, [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_';
      }))
    return MakeError(ErrorCode::kInvalidArgument,
                     "用户名只能含字母、数字和 . - _，且不超过 64 字符 (invalid login): " + in.id);
  if (std::ranges::find(kRoles, in.role) == std::end(kRoles))
    return MakeError(ErrorCode::kInvalidArgument,
                     "角色应为 sysadmin|secadmin|auditor|owner|viewer (unknown role): " + in.role);
  if (!in.manager_id.empty()) {
    if (in.manager_id == in.id)
      return MakeError(ErrorCode::kInvalidArgument, "上级不能是本人 (manager is self)");
    auto m = Require(ctx.db, "user", {in.manager_id}, "上级用户 (manager)");
    if (!m) return std::unexpected(m.error());
  }
  Record rec{{"id", in.id},           {"name", in.name.empty() ? in.id : in.name},
             {"role", in.role},       {"organisation_id", in.organisation_id},
             {"site_id", in.site_id}, {"manager_id", in.manager_id},
             {"email", in.email},     {"active", "1"}};
  if (auto st = ctx.db.Put("user", rec, ctx.actor, "user.upsert"); !st) return std::unexpected(st.error());
  return rec;
}

Result<Record> UpsertSite(Ctx& ctx, const std::string& organisation_id, const std::string& id,
                          const std::string& name, const std::string& address) {
  auto org = Require(ctx.db, "organisation", {organisation_id}, "单位 (organisation)");
  if (!org) return std::unexpected(org.error());
  Record rec{{"organisation_id", organisation_id},
             {"id", id},
             {"name", name.empty() ? id : name},
             {"address", address}};
  if (auto st = ctx.db.Put("site", rec, ctx.actor, "site.upsert"); !st) return std::unexpected(st.error());
  return rec;
}

}  // namespace dengbao::service
