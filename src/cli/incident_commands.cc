// Store-backed commands for incidents (网络安全事件), emergency plans and drills (应急预案与演练)
// and training (培训与钓鱼演练), issue #5 item 6. The rules live in src/service; these handlers
// parse options, call the service and print.
#include <cmath>
#include <nlohmann/json.hpp>

#include "catalog/yaml_reader.h"
#include "cli/command.h"
#include "cli/output.h"
#include "cli/store_common.h"
#include "service/drills.h"
#include "service/incidents.h"
#include "service/ops_views.h"
#include "service/training.h"

namespace dengbao::cli {
namespace {

constexpr size_t kMaxCsvBytes = 64u << 20;  // a roster of a large hospital is a few MiB at most

std::string Opt(Context& ctx, std::string_view name) { return ctx.args().Get(name).value_or(""); }

Result<std::string> RequiredOpt(Context& ctx, std::string_view name, std::string_view what) {
  auto v = ctx.args().Get(name);
  if (!v || v->empty())
    return MakeError(ErrorCode::kUsage,
                     "--" + std::string(name) + " 必填 (" + std::string(what) + " required)");
  return *v;
}

// "剩 0 小时 35 分" / "超时 1 小时 30 分".
std::string Countdown(long long seconds) {
  const long long m = (seconds < 0 ? -seconds : seconds) / 60;
  const std::string hm = std::to_string(m / 60) + " 小时 " + std::to_string(m % 60) + " 分";
  return seconds < 0 ? "超时 " + hm : "剩 " + hm;
}

// "82.5" for a non-negative value, one decimal.
std::string OneDecimal(double x) {
  const long long tenths = std::llround(x * 10);
  return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10);
}

std::string Percent(double rate) { return OneDecimal(rate * 100) + "%"; }

// ---- incidents ----

std::string DeadlineText(const service::IncidentView& v) {
  if (!v.deadline_hours) return "无小时时限";
  if (v.seconds_left) return Countdown(*v.seconds_left);
  return v.late ? "迟报" : "按时报告";
}

std::vector<std::string> IncidentRow(const service::IncidentView& v) {
  auto grade = workflow::ParseGrade(v.row.at("grade"));
  return {v.row.at("id"),
          v.row.at("system_id"),
          grade ? std::string(workflow::GradeLabel(*grade)) : v.row.at("grade"),
          std::string(service::IncidentStatusLabel(v.row.at("status"))),
          v.row.at("deadline_at").empty() ? "—" : v.row.at("deadline_at"),
          DeadlineText(v),
          Truncate(v.row.at("title"), 40)};
}

const std::vector<std::string> kIncidentHeader = {"编号",          "系统",   "级别", "状态",
                                                  "报告时限(UTC)", "倒计时", "标题"};

Status PrintIncident(Context& ctx, service::Ctx& sc, std::string_view id, const std::string& lead) {
  auto v = service::GetIncident(sc, id);
  if (!v) return std::unexpected(v.error());
  if (ctx.json()) {
    ctx.out() << service::IncidentJson(*v).dump(2) << "\n";
    return {};
  }
  if (!lead.empty()) ctx.out() << lead << "\n";
  PrintTable(ctx.out(), kIncidentHeader, {IncidentRow(*v)});
  if (!v->units.empty()) {
    std::string units;
    for (const auto& u : v->units) units += (units.empty() ? "" : ", ") + u;
    ctx.out() << "可作为测评证据 / evidence for: " << units << "\n";
  }
  std::vector<std::vector<std::string>> events;
  for (const auto& e : v->events) events.push_back({e.at("seq"), e.at("at"), e.at("actor"), e.at("text")});
  if (!events.empty()) PrintTable(ctx.out(), {"序号", "时间(UTC)", "记录人", "内容"}, events);
  if (!v->row.at("summary").empty()) ctx.out() << "处置总结: " << v->row.at("summary") << "\n";
  return {};
}

Status RunIncidentOpen(Context& ctx) {
  service::IncidentInput in{Opt(ctx, "system"), Opt(ctx, "title"), Opt(ctx, "grade"), Opt(ctx, "operator"),
                            Opt(ctx, "discovered")};
  if (in.system_id.empty() || in.title.empty() || in.grade.empty() || in.operator_type.empty())
    return MakeError(ErrorCode::kUsage,
                     "--system、--title、--grade 和 --operator 必填 "
                     "(system, title, grade and operator required)");
  auto db = OpenDb(ctx);
  if (!db) return std::unexpected(db.error());
  auto sc = ServiceCtx(ctx, **db);
  if (!sc) return std::unexpected(sc.error());
  auto rec = service::OpenIncident(*sc, in);
  if (!rec) return std::unexpected(rec.error());
  return PrintIncident(ctx, *sc, rec->at("id"), "已登记事件 " + rec->at("id") + " / incident opened");
}

Status RunIncidentLog(Context& ctx) {
  auto text = RequiredOpt(ctx, "text", "text");
  if (!text) return std::unexpected(text.error());
  auto db = OpenDb(ctx);
  if (!db) return std::unexpected(db.error());
  auto sc = ServiceCtx(ctx, **db);
  if (!sc) return std::unexpected(sc.error());
  const std::string& id = ctx.args().positional[0];
  if (auto st = service::LogIncident(*sc, id, *text); !st) return st;
  return PrintIncident(ctx, *sc, id, "已记录 / logged");
}

Status RunIncidentReport(Context& ctx) {
  auto db = OpenDb(ctx);
  if (!db) return std::unexpected(db.error());
  auto sc = ServiceCtx(ctx, **db);
  if (!sc) return std::unexpected(sc.error());
  const std::string& id = ctx.args().positional[0];
  auto rec = service::ReportIncident(*sc, id, Opt(ctx, "at"));
  if (!rec) return std::unexpected(rec.error());
  auto v = service::GetIncident(*sc, id);
  if (!v) return std::unexpected(v.error());
  return PrintIncident(
      ctx, *sc, id,
      v->late ? "已记录报告，但已超过报告时限 " + rec->at("deadline_at") + "（迟报）/ reported LATE"
              : "已记录报告 / reported");
}

Status RunIncidentClose(Context& ctx) {
  auto summary = RequiredOpt(ctx, "summary", "closing summary");
  if (!summary) return std::unexpected(summary.error());
  auto db = OpenDb(ctx);
  if (!db) return std::unexpected(db.error());
  auto sc = ServiceCtx(ctx, **db);
  if (!sc) return std::unexpected(sc.error());
  auto rec = service::CloseIncident(*sc, ctx.args().positional[0], *summary);
  if (!rec) return std::unexpected(rec.error());
  return PrintIncident(ctx, *sc, rec->at("id"), "已关闭事件 / incident closed");
}

Status RunIncidentList(Context& ctx) {
  auto db = OpenDb(ctx);
  if (!db) return std::unexpected(db.error());
  auto sc = ServiceCtx(ctx, **db);
  if (!sc) return std::unexpected(sc.error());
  auto list = service::ListIncidents(*sc, ctx.args().Flag("open"));
  if (!list) return std::unexpected(list.error());
  if (ctx.json()) {
    nlohmann::json arr = nlohmann::json::array();
    for (const auto& v : *list) arr.push_back(service::IncidentJson(v));
    ctx.out() << arr.dump(2) << "\n";
    return {};
  }
  if (list->empty()) {
    ctx.out() << "（没有事件）/ no incidents\n";
    return {};
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& v : *list) rows.push_back(IncidentRow(v));
  PrintTable(ctx.out(), kIncidentHeader, rows);
  return {};
}

Status RunIncidentShow(Context& ctx) {
  auto db = OpenDb(ctx);
  if (!db) return std::unexpected(db.error());
  auto sc = ServiceCtx(ctx, **db);
  if (!sc) return std::unexpected(sc.error());
  return PrintIncident(ctx, *sc, ctx.args().positional[0], "");
}

Status RunIncidentDraft(Context& ctx) {
  auto db = OpenDb(ctx);
  if (!db) return std::unexpected(db.error());
  auto sc = ServiceCtx(ctx, **db);
  if (!sc) return std::unexpected(sc.error());
  const std::string& id = ctx.args().positional[0];
  auto md = service::IncidentReportDraft(*sc, id);
  if (!md) return std::unexpected(md.error());
  auto output = ctx.args().Get("output");
  if (output)
    if (auto st = WriteFileAtomic(*output, *md); !st) return st;
  if (ctx.json()) {
    nlohmann::json j = {{"id", id}, {"markdown", *md}};
    if (output) j["output"] = *output;
    ctx.out() << j.dump(2) << "\n";
  } else if (output) {
    ctx.out() << "已写入事件报告草稿 " << *output << " / draft written\n";
  } else {
    ctx.out() << *md;
  }
  return {};
}

// ---- emergency plans and drills ----

Status RunDrillPlan(Context& ctx) {
  service::PlanInput in{ctx.args().positional[0], Opt(ctx, "system"),   Opt(ctx, "name"),
                        Opt(ctx, "version"),      Opt(ctx, "approved"), Opt(ctx, "owner")};
  if (in.system_id.empty() || in.name.empty())
    return MakeError(ErrorCode::kUsage, "--system 和 --name 必填 (system and name required)");
  auto db = OpenDb(ctx);
  if (!db) return std::unexpected(db.error());
  auto sc = ServiceCtx(ctx, **db);
  if (!sc) return std::unexpected(sc.error());
  auto rec = service::UpsertPlan(*sc, in);
  if (!rec) return std::unexpected(rec.error());
  PrintJsonOr(ctx, RecordJson(*rec).dump(2),
              "已保存应急预案 " + rec->at("id") + "（第 " + rec->at("version") + " 版，批准于 " +
                  rec->at("approved_on") + "）/ plan saved");
  return {};
}

Status RunDrillRecord(Context& ctx) {
  service::DrillInput in{ctx.args().positional[0], Opt(ctx, "plan"),   Opt(ctx, "date"),    Opt(ctx, "kind"),
                         Opt(ctx, "participants"), Opt(ctx, "result"), Opt(ctx, "findings")};
  if (in.plan_id.empty() || in.held_on.empty() || in.kind.empty())
    return MakeError(ErrorCode::kUsage, "--plan、--date 和 --kind 必填 (plan, date and kind required)");
  auto db = OpenDb(ctx);
  if (!db) return std::unexpected(db.error());
  auto sc = ServiceCtx(ctx, **db);
  if (!sc) return std::unexpected(sc.error());
  auto rec = service::RecordDrill(*sc, in);
  if (!rec) return std::unexpected(rec.error());
  PrintJsonOr(ctx, RecordJson(*rec).dump(2),
              "已记录演练 " + rec->at("id") + "（" + std::string(service::DrillKindLabel(rec->at("kind"))) +
                  "，" + rec->at("held_on") + "）/ drill recorded");
  return {};
}

std::string DueStateText(const service::DrillDue& d) {
  if (d.required) return StateText(d.state);
  return d.state.days_left < 0 ? "建议（已超过一年未演练）" : "建议";
}

Status RunDrillDue(Context& ctx) {
  auto db = OpenDb(ctx);
  if (!db) return std::unexpected(db.error());
  auto sc = ServiceCtx(ctx, **db);
  if (!sc) return std::unexpected(sc.error());
  auto due = service::DrillsDue(*sc);
  if (!due) return std::unexpected(due.error());
  if (ctx.json()) {
    nlohmann::json arr = nlohmann::json::array();
    for (const auto& d : *due) arr.push_back(service::DrillDueJson(d));
    ctx.out() << arr.dump(2) << "\n";
    return {};
  }
  if (due->empty()) {
    ctx.out() << "（没有应急预案，先运行 dengbao drill plan）/ no emergency plans\n";
    return {};
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& d : *due)
    rows.push_back({d.plan.at("id"), d.plan.at("system_id"), "第" + std::to_string(d.system_level) + "级",
                    d.last_drill ? d.last_drill->at("held_on") : "从未演练", workflow::FormatDate(d.due),
                    DueStateText(d), Truncate(d.plan.at("name"), 30)});
  PrintTable(ctx.out(), {"预案", "系统", "等级", "上次演练", "应演练日期", "状态", "名称"}, rows);
  ctx.out()
      << "第三级及以上系统每个预案每年至少演练一次；第一、二级为建议。/ level 3+: yearly drill required\n";
  return {};
}

// ---- training ----

std::string SummaryText(const service::SessionView& v) {
  const auto& s = v.summary;
  if (s.people == 0) return "未导入名单";
  if (v.session.at("kind") == "phishing")
    return std::to_string(s.people) + " 人，点击率 " + Percent(s.click_rate) + "，提交率 " +
           Percent(s.submit_rate) + "，上报率 " + Percent(s.report_rate);
  std::string t = std::to_string(s.people) + " 人，签到率 " + Percent(s.attendance_rate);
  if (s.average_score) t += "，平均成绩 " + OneDecimal(*s.average_score);
  return t;
}

std::string YesNo(const std::string& bit) { return bit == "1" ? "是" : bit == "0" ? "否" : bit; }

std::vector<std::string> SessionRow(const service::SessionView& v) {
  return {v.session.at("id"), v.session.at("held_on"),
          std::string(service::TrainingKindLabel(v.session.at("kind"))), Truncate(v.session.at("title"), 30),
          SummaryText(v)};
}

Status RunTrainingAdd(Context& ctx) {
  service::SessionInput in{ctx.args().positional[0], Opt(ctx, "org"),     Opt(ctx, "title"), Opt(ctx, "date"),
                           Opt(ctx, "kind"),         Opt(ctx, "trainer"), Opt(ctx, "topic")};
  if (in.title.empty() || in.held_on.empty())
    return MakeError(ErrorCode::kUsage, "--title 和 --date 必填 (title and date required)");
  auto db = OpenDb(ctx);
  if (!db) return std::unexpected(db.error());
  auto sc = ServiceCtx(ctx, **db);
  if (!sc) return std::unexpected(sc.error());
  auto rec = service::UpsertSession(*sc, in);
  if (!rec) return std::unexpected(rec.error());
  PrintJsonOr(ctx, RecordJson(*rec).dump(2),
              "已保存" + std::string(service::TrainingKindLabel(rec->at("kind"))) + " " + rec->at("id") +
                  "（" + rec->at("held_on") + "）/ session saved");
  return {};
}

Status RunTrainingImport(Context& ctx) {
  auto attendance = ctx.args().Get("attendance");
  auto phishing = ctx.args().Get("phishing");
  if (attendance.has_value() == phishing.has_value())
    return MakeError(
        ErrorCode::kUsage,
        "请给出 --attendance FILE 或 --phishing FILE 之一 (exactly one of --attendance, --phishing)");
  const std::string& file = attendance ? *attendance : *phishing;
  auto text = catalog::ReadTextFile(file, kMaxCsvBytes);
  if (!text) return std::unexpected(text.error());
  auto db = OpenDb(ctx);
  if (!db) return std::unexpected(db.error());
  auto sc = ServiceCtx(ctx, **db);
  if (!sc) return std::unexpected(sc.error());
  const std::string& id = ctx.args().positional[0];
  auto out = service::ImportTrainingCsv(*sc, id, *text, file, ctx.args().Flag("replace"),
                                        attendance ? "attendance" : "phishing");
  if (!out) return std::unexpected(out.error());
  auto v = service::GetSession(*sc, id);
  if (!v) return std::unexpected(v.error());
  if (ctx.json()) {
    nlohmann::json j = service::SessionJson(*v);
    j["import"] = service::ImportOutcomeJson(*out);
    ctx.out() << j.dump(2) << "\n";
    return {};
  }
  ctx.out() << "已导入 " << out->rows << " 行"
            << (out->removed > 0 ? "，删除 " + std::to_string(out->removed) + " 行" : "") << " / imported\n"
            << SummaryText(*v) << "\n";
  return {};
}

Status RunTrainingList(Context& ctx) {
  auto db = OpenDb(ctx);
  if (!db) return std::unexpected(db.error());
  auto sc = ServiceCtx(ctx, **db);
  if (!sc) return std::unexpected(sc.error());
  auto list = service::ListSessions(*sc);
  if (!list) return std::unexpected(list.error());
  if (ctx.json()) {
    nlohmann::json arr = nlohmann::json::array();
    for (const auto& v : *list) arr.push_back(service::SessionJson(v));
    ctx.out() << arr.dump(2) << "\n";
    return {};
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& v : *list) rows.push_back(SessionRow(v));
  if (rows.empty())
    ctx.out() << "（没有培训记录）/ no sessions\n";
  else
    PrintTable(ctx.out(), {"编号", "日期", "类型", "标题", "汇总"}, rows);
  return {};
}

Status RunTrainingShow(Context& ctx) {
  auto db = OpenDb(ctx);
  if (!db) return std::unexpected(db.error());
  auto sc = ServiceCtx(ctx, **db);
  if (!sc) return std::unexpected(sc.error());
  auto v = service::GetSession(*sc, ctx.args().positional[0]);
  if (!v) return std::unexpected(v.error());
  if (ctx.json()) {
    ctx.out() << service::SessionJson(*v).dump(2) << "\n";
    return {};
  }
  PrintTable(ctx.out(), {"编号", "日期", "类型", "标题", "汇总"}, {SessionRow(*v)});
  const bool phishing = v->session.at("kind") == "phishing";
  std::vector<std::vector<std::string>> rows;
  for (const auto& r : v->records) {
    if (phishing)
      rows.push_back({r.at("line"), r.at("name"), r.at("department"), r.at("employee_id"),
                      YesNo(r.at("clicked")), YesNo(r.at("submitted")), YesNo(r.at("reported"))});
    else
      rows.push_back({r.at("line"), r.at("name"), r.at("department"), r.at("employee_id"),
                      YesNo(r.at("attended")), r.at("score")});
  }
  if (!rows.empty())
    PrintTable(ctx.out(),
               phishing ? std::vector<std::string>{"行", "姓名", "部门", "邮箱", "点击", "提交凭据", "上报"}
                        : std::vector<std::string>{"行", "姓名", "部门", "工号", "签到", "成绩"},
               rows);
  return {};
}

// ---- tables ----

constexpr OptionSpec kAs{"as", "LOGIN", "以该用户身份记录操作 / act as this stored user"};
constexpr OptionSpec kReadOptions[] = {kDbOption};
constexpr OptionSpec kListOptions[] = {kDbOption,
                                       {"open", "", "只列出未关闭的事件 / only incidents not closed"}};
constexpr OptionSpec kOpenOptions[] = {
    kDbOption,
    kAs,
    {"system", "SYSTEM", "涉事系统（必填）/ system"},
    {"title", "TEXT", "事件标题（必填）/ title"},
    {"grade", "GRADE", "事件级别：特别重大|重大|较大|一般（或 id）（必填）/ incident grade"},
    {"operator", "TYPE", "运营者类型：cii|state_organ|other（必填）/ operator type"},
    {"discovered", "UTC", "发现时间 YYYY-MM-DDTHH:MM:SSZ（默认当前时间）/ discovery instant"},
};
constexpr OptionSpec kLogOptions[] = {kDbOption, kAs, {"text", "TEXT", "记录内容（必填）/ what happened"}};
constexpr OptionSpec kReportOptions[] = {
    kDbOption, kAs, {"at", "UTC", "报告时间 YYYY-MM-DDTHH:MM:SSZ（默认当前时间）/ when reported"}};
constexpr OptionSpec kCloseOptions[] = {
    kDbOption, kAs, {"summary", "TEXT", "处置总结（必填）/ closing summary"}};
constexpr OptionSpec kDraftOptions[] = {kDbOption, {"output", "FILE.md", "写入文件 / write to FILE"}};
constexpr OptionSpec kPlanOptions[] = {
    kDbOption,
    kAs,
    {"system", "SYSTEM", "所属系统（必填）/ system"},
    {"name", "NAME", "预案名称（必填）/ plan name"},
    {"version", "N", "版本号（默认 1）/ version"},
    {"approved", "YYYY-MM-DD", "批准日期（默认今天）/ approval date"},
    {"owner", "NAME", "负责人 / owner"},
};
constexpr OptionSpec kDrillOptions[] = {
    kDbOption,
    kAs,
    {"plan", "PLAN", "应急预案（必填）/ emergency plan"},
    {"date", "YYYY-MM-DD", "演练日期（必填）/ date held"},
    {"kind", "KIND", "tabletop（桌面推演）|functional（功能演练）|full（实战演练）（必填）/ kind"},
    {"participants", "N", "参演人数 / participants"},
    {"result", "TEXT", "演练结果 / result"},
    {"findings", "TEXT", "发现的问题 / findings"},
};
constexpr OptionSpec kTrainingAddOptions[] = {
    kDbOption,
    kAs,
    {"title", "TEXT", "标题（必填）/ title"},
    {"date", "YYYY-MM-DD", "日期（必填）/ date held"},
    {"kind", "KIND", "training（培训，默认）|phishing（钓鱼演练）/ kind"},
    {"trainer", "NAME", "讲师或组织者 / trainer"},
    {"topic", "TEXT", "主题 / topic"},
    {"org", "ORG", "单位（数据库只有一个单位时可省略）/ organisation"},
};
constexpr OptionSpec kImportOptions[] = {
    kDbOption,
    kAs,
    {"attendance", "FILE", "签到表 CSV（姓名、部门、工号、签到、成绩）/ attendance CSV"},
    {"phishing", "FILE", "钓鱼演练结果 CSV（姓名、部门、邮箱、点击、提交凭据、上报）/ phishing CSV"},
    {"replace", "", "替换已导入的名单 / replace rows already imported"},
};

constexpr CommandSpec kIncidentCommands[] = {
    {"incident open", "", "登记网络安全事件，计算报告时限 / open an incident", kOpenOptions, RunIncidentOpen},
    {"incident log", "ID", "为事件追加处置记录 / add a timeline entry", kLogOptions, RunIncidentLog},
    {"incident report", "ID", "记录已向主管部门报告（超时标记迟报）/ mark reported", kReportOptions,
     RunIncidentReport},
    {"incident close", "ID", "关闭事件并填写处置总结 / close with a summary", kCloseOptions,
     RunIncidentClose},
    {"incident list", "", "列出事件及报告倒计时 / list incidents with countdown", kListOptions,
     RunIncidentList},
    {"incident show", "ID", "事件详情与时间线 / one incident with its timeline", kReadOptions,
     RunIncidentShow},
    {"incident draft", "ID", "生成网络安全事件报告草稿（Markdown）/ report draft", kDraftOptions,
     RunIncidentDraft},
    {"drill plan", "PLAN", "新增或修改应急预案 / add or update an emergency plan", kPlanOptions,
     RunDrillPlan},
    {"drill record", "DRILL", "记录一次应急演练 / record a drill", kDrillOptions, RunDrillRecord},
    {"drill due", "", "各预案下次应演练日期与状态 / when each plan must next be drilled", kReadOptions,
     RunDrillDue},
    {"training add", "SESSION", "新增或修改培训/钓鱼演练 / add or update a session", kTrainingAddOptions,
     RunTrainingAdd},
    {"training import", "SESSION", "导入签到表或钓鱼演练结果 CSV（一个事务）/ import a CSV", kImportOptions,
     RunTrainingImport},
    {"training list", "", "列出培训及签到率、成绩、点击率 / list sessions with summaries", kReadOptions,
     RunTrainingList},
    {"training show", "SESSION", "培训详情与名单 / one session with its rows", kReadOptions, RunTrainingShow},
};

}  // namespace

std::span<const CommandSpec> IncidentCommands() { return kIncidentCommands; }

}  // namespace dengbao::cli
