#include "service/drills.h"

#include <charconv>

#include "service/management_units.h"

namespace dengbao::service {
namespace {

Result<workflow::Date> PastDate(const std::string& text, workflow::Date today, std::string_view field) {
  auto d = workflow::ParseDate(text);
  if (!d) {
    Error e = d.error();
    e.detail = std::string(field) + ": " + e.detail;
    return std::unexpected(e);
  }
  if (*d > today)
    return MakeError(ErrorCode::kInvalidArgument,
                     std::string(field) + " " + text + " 在今天之后 (date in the future)");
  return *d;
}

Result<std::string> ParseKind(std::string_view text) {
  for (auto k : kDrillKinds)
    if (text == k || text == DrillKindLabel(k)) return std::string(k);
  return MakeError(
      ErrorCode::kInvalidArgument,
      "演练形式应为 tabletop（桌面推演）|functional（功能演练）|full（实战演练） (unknown drill kind): " +
          std::string(text));
}

}  // namespace

std::string_view DrillKindLabel(std::string_view kind) {
  if (kind == "tabletop") return "桌面推演";
  if (kind == "functional") return "功能演练";
  if (kind == "full") return "实战演练";
  return "未知形式";
}

Result<Record> UpsertPlan(Ctx& ctx, const PlanInput& in) {
  if (in.id.empty() || in.name.empty())
    return MakeError(ErrorCode::kInvalidArgument, "预案编号和名称不能为空 (plan id and name required)");
  auto system = Require(ctx.db, "system", {in.system_id}, "系统 (system)");
  if (!system) return std::unexpected(system.error());
  const std::string version = in.version.empty() ? "1" : in.version;
  int v = 0;
  if (auto [p, ec] = std::from_chars(version.data(), version.data() + version.size(), v);
      ec != std::errc() || p != version.data() + version.size() || v < 1)
    return MakeError(ErrorCode::kInvalidArgument,
                     "--version 应为正整数 (version must be a positive integer): " + version);
  const std::string approved_text = in.approved_on.empty() ? workflow::FormatDate(ctx.today) : in.approved_on;
  auto approved = PastDate(approved_text, ctx.today, "--approved");
  if (!approved) return std::unexpected(approved.error());
  Record rec{{"id", in.id},
             {"system_id", in.system_id},
             {"name", in.name},
             {"version", std::to_string(v)},
             {"approved_on", workflow::FormatDate(*approved)},
             {"owner", in.owner}};
  if (auto st = ctx.db.Put("emergency_plan", rec, ctx.actor, "plan.upsert"); !st)
    return std::unexpected(st.error());
  return rec;
}

Result<Record> RecordDrill(Ctx& ctx, const DrillInput& in) {
  if (in.id.empty()) return MakeError(ErrorCode::kInvalidArgument, "演练编号不能为空 (drill id required)");
  auto plan = Require(ctx.db, "emergency_plan", {in.plan_id}, "应急预案 (emergency plan)");
  if (!plan) return std::unexpected(plan.error());
  auto held = PastDate(in.held_on, ctx.today, "--date");
  if (!held) return std::unexpected(held.error());
  auto kind = ParseKind(in.kind);
  if (!kind) return std::unexpected(kind.error());
  Record rec{{"id", in.id},
             {"plan_id", in.plan_id},
             {"held_on", workflow::FormatDate(*held)},
             {"kind", *kind},
             {"participants", in.participants},
             {"result", in.result},
             {"findings", in.findings}};
  if (auto st = ctx.db.Put("drill", rec, ctx.actor, "drill.record"); !st) return std::unexpected(st.error());
  return rec;
}

Result<std::vector<DrillDue>> DrillsDue(Ctx& ctx) {
  auto plans = ctx.db.Find("emergency_plan");
  if (!plans) return std::unexpected(plans.error());
  std::vector<DrillDue> out;
  for (auto& plan : *plans) {
    DrillDue d;
    auto sys = ctx.db.Get("system", {plan.at("system_id")});
    if (!sys) return std::unexpected(sys.error());
    if (*sys) d.system_level = std::stoi((**sys).at("level"));  // an integer column (the store checks)
    d.required = d.system_level >= 3;
    auto drills = ctx.db.Find("drill", {{"plan_id", plan.at("id")}});
    if (!drills) return std::unexpected(drills.error());
    // Find orders by plan_id, held_on, id: the last row is the latest drill.
    if (!drills->empty()) d.last_drill = drills->back();
    const std::string& base = d.last_drill ? d.last_drill->at("held_on") : plan.at("approved_on");
    d.due = ctx.today;  // neither drilled nor approved: due now
    if (!base.empty()) {
      auto b = workflow::ParseDate(base);
      if (!b) return std::unexpected(b.error());
      d.due = workflow::AddYears(*b, 1);
    }
    d.state = workflow::Evaluate(d.due, ctx.today, kDrillPolicy);
    d.units = ManagementUnits("plan", d.system_level);
    for (auto& u : ManagementUnits("drill", d.system_level)) d.units.push_back(std::move(u));
    d.plan = std::move(plan);
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace dengbao::service
