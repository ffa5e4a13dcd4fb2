#include "service/incidents.h"

#include <algorithm>
#include <charconv>
#include <chrono>

#include "service/management_units.h"

namespace dengbao::service {
namespace {

constexpr size_t kIdDigits = 4;  // INC-2026-0001

template <typename T>
Status Fail(const Result<T>& r) {
  return std::unexpected(r.error());
}

Result<std::chrono::sys_seconds> Instant(std::string_view text, std::string_view field) {
  auto t = workflow::ParseUtcInstant(text);
  if (!t) {
    Error e = t.error();
    e.detail = std::string(field) + ": " + e.detail;
    return std::unexpected(e);
  }
  return *t;
}

// The next INC-YYYY-NNNN for the year of ctx.today; call inside the transaction that inserts it.
Result<std::string> NextIncidentId(Ctx& ctx) {
  const auto year = static_cast<int>(std::chrono::year_month_day(ctx.today.days).year());
  const std::string prefix = "INC-" + std::to_string(year) + "-";  // ParseDate keeps years to 1900–9999
  auto rows = ctx.db.Find("incident");
  if (!rows) return std::unexpected(rows.error());
  int last = 0;
  for (const auto& r : *rows) {
    const std::string& id = r.at("id");
    if (!id.starts_with(prefix)) continue;
    int n = 0;
    const char* first = id.data() + prefix.size();
    const char* end = id.data() + id.size();
    if (auto [p, ec] = std::from_chars(first, end, n); ec == std::errc() && p == end)
      last = std::max(last, n);
  }
  std::string n = std::to_string(last + 1);
  if (n.size() < kIdDigits) n.insert(0, kIdDigits - n.size(), '0');
  return prefix + n;
}

Result<int64_t> NextEventSeq(Ctx& ctx, const std::string& id) {
  auto events = ctx.db.Find("incident_event", {{"incident_id", id}});
  if (!events) return std::unexpected(events.error());
  int64_t last = 0;
  // seq and level are integer columns: the store refuses anything else, so stoll/stoi cannot throw.
  for (const auto& e : *events) last = std::max<int64_t>(last, std::stoll(e.at("seq")));
  return last + 1;
}

Status AppendEvent(Ctx& ctx, const std::string& id, const std::string& at, const std::string& text) {
  auto seq = NextEventSeq(ctx, id);
  if (!seq) return Fail(seq);
  Record ev{
      {"incident_id", id}, {"seq", std::to_string(*seq)}, {"at", at}, {"actor", ctx.actor}, {"text", text}};
  return ctx.db.Insert("incident_event", ev, ctx.actor, "incident.event");
}

Result<Record> RequireIncident(Ctx& ctx, std::string_view id) {
  return Require(ctx.db, "incident", {std::string(id)}, "事件 (incident)");
}

// Both instants are validated on write; a row edited behind the store's back fails loudly here.
Result<bool> ReportedLate(const Record& r) {
  if (r.at("deadline_at").empty() || r.at("reported_at").empty()) return false;
  auto s = workflow::SecondsUntil(r.at("reported_at"), r.at("deadline_at"));
  if (!s) return std::unexpected(s.error());
  return *s < 0;
}

Result<IncidentView> View(Ctx& ctx, Record row) {
  IncidentView v;
  auto sys = ctx.db.Get("system", {row.at("system_id")});
  if (!sys) return std::unexpected(sys.error());
  if (*sys) v.system_level = std::stoi((**sys).at("level"));
  auto grade = workflow::ParseGrade(row.at("grade"));
  auto op = workflow::ParseOperator(row.at("operator_type"));
  if (!grade) return std::unexpected(grade.error());
  if (!op) return std::unexpected(op.error());
  v.deadline_hours = workflow::ReportingDeadlineHours(*grade, *op);
  if (!row.at("deadline_at").empty() && row.at("reported_at").empty()) {
    auto s = workflow::SecondsUntil(ctx.now, row.at("deadline_at"));
    if (!s) return std::unexpected(s.error());
    v.seconds_left = *s;
    v.late = *s < 0;
  }
  auto late = ReportedLate(row);
  if (!late) return std::unexpected(late.error());
  v.late = v.late || *late;
  v.units = ManagementUnits("incident", v.system_level);
  if (v.deadline_hours)
    for (auto& u : ManagementUnits("incident_major", v.system_level)) v.units.push_back(std::move(u));
  v.row = std::move(row);
  return v;
}

}  // namespace

std::string_view IncidentStatusLabel(std::string_view status) {
  if (status == "open") return "处置中";
  if (status == "reported") return "已报告";
  if (status == "closed") return "已关闭";
  return "未知状态";
}

Result<std::string> BeijingTime(std::string_view utc_iso) {
  auto t = workflow::ParseUtcInstant(utc_iso);
  if (!t) return std::unexpected(t.error());
  std::string s = workflow::FormatUtcInstant(*t + std::chrono::hours(8));  // no DST in China
  s[10] = ' ';
  s.pop_back();  // the Z
  return s;
}

Result<Record> OpenIncident(Ctx& ctx, const IncidentInput& in) {
  auto system = Require(ctx.db, "system", {in.system_id}, "系统 (system)");
  if (!system) return std::unexpected(system.error());
  if (in.title.empty()) return MakeError(ErrorCode::kInvalidArgument, "事件标题不能为空 (title required)");
  auto grade = workflow::ParseGrade(in.grade);
  if (!grade) return std::unexpected(grade.error());
  auto op = workflow::ParseOperator(in.operator_type);
  if (!op) return std::unexpected(op.error());
  const std::string discovered = in.discovered_at.empty() ? ctx.now : in.discovered_at;
  auto t = Instant(discovered, "--discovered");
  if (!t) return std::unexpected(t.error());
  auto ahead = workflow::SecondsUntil(ctx.now, discovered);
  if (!ahead) return std::unexpected(ahead.error());
  if (*ahead > 0)
    return MakeError(ErrorCode::kInvalidArgument,
                     "发现时间 " + discovered + " 晚于当前时间 " + ctx.now + " (discovery in the future)");
  std::string deadline;
  if (auto hours = workflow::ReportingDeadlineHours(*grade, *op)) {
    auto d = workflow::AddHoursIso(discovered, *hours);
    if (!d) return std::unexpected(d.error());
    deadline = *d;
  }
  Record rec;
  auto st = ctx.db.WithTransaction([&]() -> Status {
    auto id = NextIncidentId(ctx);
    if (!id) return Fail(id);
    rec = Record{{"id", *id},
                 {"system_id", in.system_id},
                 {"title", in.title},
                 {"grade", std::string(workflow::GradeId(*grade))},
                 {"operator_type", std::string(workflow::OperatorId(*op))},
                 {"discovered_at", workflow::FormatUtcInstant(*t)},
                 {"deadline_at", deadline},
                 {"reported_at", ""},
                 {"status", "open"},
                 {"summary", ""},
                 {"reporter", ""}};
    if (auto s = ctx.db.Insert("incident", rec, ctx.actor, "incident.open"); !s) return s;
    std::string text = "登记事件：" + in.title + "（" + std::string(workflow::GradeLabel(*grade)) +
                       "，发现于 " + rec.at("discovered_at") + "）";
    return AppendEvent(ctx, *id, ctx.now, text);
  });
  if (!st) return std::unexpected(st.error());
  return rec;
}

Status LogIncident(Ctx& ctx, std::string_view id, std::string_view text) {
  if (text.empty()) return MakeError(ErrorCode::kInvalidArgument, "记录内容不能为空 (text required)");
  return ctx.db.WithTransaction([&]() -> Status {
    auto rec = RequireIncident(ctx, id);
    if (!rec) return Fail(rec);
    if (rec->at("status") == "closed")
      return MakeError(ErrorCode::kInvalidArgument, "事件 " + std::string(id) + " 已关闭 (incident closed)");
    return AppendEvent(ctx, rec->at("id"), ctx.now, std::string(text));
  });
}

Result<Record> ReportIncident(Ctx& ctx, std::string_view id, std::string_view at) {
  Record rec;
  auto st = ctx.db.WithTransaction([&]() -> Status {
    auto cur = RequireIncident(ctx, id);
    if (!cur) return Fail(cur);
    rec = *cur;
    if (rec.at("status") != "open" || !rec.at("reported_at").empty())
      return MakeError(ErrorCode::kInvalidArgument,
                       "事件 " + rec.at("id") + " 已报告或已关闭 (already reported)");
    const std::string when = at.empty() ? ctx.now : std::string(at);
    auto t = Instant(when, "--at");
    if (!t) return Fail(t);
    auto after_discovery = workflow::SecondsUntil(rec.at("discovered_at"), when);
    auto ahead = workflow::SecondsUntil(ctx.now, when);
    if (!after_discovery) return Fail(after_discovery);
    if (!ahead) return Fail(ahead);
    if (*after_discovery < 0)
      return MakeError(
          ErrorCode::kInvalidArgument,
          "报告时间 " + when + " 早于发现时间 " + rec.at("discovered_at") + " (report before discovery)");
    if (*ahead > 0)
      return MakeError(ErrorCode::kInvalidArgument,
                       "报告时间 " + when + " 晚于当前时间 (report in the future)");
    rec["reported_at"] = workflow::FormatUtcInstant(*t);
    rec["reporter"] = ctx.actor;
    rec["status"] = "reported";
    auto late = ReportedLate(rec);
    if (!late) return Fail(late);
    if (auto s = ctx.db.Put("incident", rec, ctx.actor, "incident.report"); !s) return s;
    std::string text = "已向主管部门/公安机关报告";
    if (*late) text += "（超过报告时限 " + rec.at("deadline_at") + "，迟报）";
    return AppendEvent(ctx, rec.at("id"), rec.at("reported_at"), text);
  });
  if (!st) return std::unexpected(st.error());
  return rec;
}

Result<Record> CloseIncident(Ctx& ctx, std::string_view id, std::string_view summary) {
  if (summary.empty()) return MakeError(ErrorCode::kUsage, "--summary 必填 (closing summary required)");
  Record rec;
  auto st = ctx.db.WithTransaction([&]() -> Status {
    auto cur = RequireIncident(ctx, id);
    if (!cur) return Fail(cur);
    rec = *cur;
    if (rec.at("status") == "closed")
      return MakeError(ErrorCode::kInvalidArgument, "事件 " + rec.at("id") + " 已关闭 (already closed)");
    if (!rec.at("deadline_at").empty() && rec.at("reported_at").empty())
      return MakeError(ErrorCode::kInvalidArgument, "事件 " + rec.at("id") +
                                                        " 须在报告后关闭，请先运行 dengbao incident report "
                                                        "(report before closing)");
    rec["status"] = "closed";
    rec["summary"] = std::string(summary);
    if (auto s = ctx.db.Put("incident", rec, ctx.actor, "incident.close"); !s) return s;
    return AppendEvent(ctx, rec.at("id"), ctx.now, "关闭事件：" + std::string(summary));
  });
  if (!st) return std::unexpected(st.error());
  return rec;
}

Result<std::vector<IncidentView>> ListIncidents(Ctx& ctx, bool open_only) {
  auto rows = ctx.db.Find("incident");
  if (!rows) return std::unexpected(rows.error());
  std::vector<IncidentView> out;
  for (auto& r : *rows) {
    if (open_only && r.at("status") == "closed") continue;
    auto v = View(ctx, std::move(r));
    if (!v) return std::unexpected(v.error());
    out.push_back(std::move(*v));
  }
  return out;
}

Result<IncidentView> GetIncident(Ctx& ctx, std::string_view id) {
  auto rec = RequireIncident(ctx, id);
  if (!rec) return std::unexpected(rec.error());
  auto v = View(ctx, std::move(*rec));
  if (!v) return std::unexpected(v.error());
  auto events = ctx.db.Find("incident_event", {{"incident_id", v->row.at("id")}});
  if (!events) return std::unexpected(events.error());
  v->events = std::move(*events);
  return v;
}

}  // namespace dengbao::service
