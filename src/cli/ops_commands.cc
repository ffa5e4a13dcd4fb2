// Store-backed operations commands (issue #5 item 5): inspection schedules and runs against the
// checklist templates, what is due or missed, the monthly report, and the hazard lifecycle.
#include <nlohmann/json.hpp>

#include "catalog/yaml_reader.h"
#include "cli/command.h"
#include "cli/output.h"
#include "cli/store_common.h"
#include "ops/answers.h"
#include "ops/checklist.h"
#include "service/inspections.h"
#include "service/ops_views.h"

namespace dengbao::cli {
namespace {

constexpr size_t kMaxAnswersBytes = 1u << 20;

Result<service::Templates> LoadTemplates(Context& ctx) {
  auto dir = ctx.args().Get("checklists");
  return ops::LoadChecklists(dir ? std::filesystem::path(*dir)
                                 : ctx.CatalogPath().parent_path() / "operations" / "checklists");
}

std::string Required(Context& ctx, std::string_view name) { return ctx.args().Get(name).value_or(""); }

Status Need(Context& ctx, std::string_view name, std::string_view what) {
  if (ctx.args().Get(name)) return {};
  return MakeError(ErrorCode::kUsage,
                   "--" + std::string(name) + " 必填 (" + std::string(what) + " required)");
}

Status WriteOrPrint(Context& ctx, const std::string& markdown, const nlohmann::json& json,
                    std::string_view what) {
  if (auto out = ctx.args().Get("output")) {
    if (auto st = WriteFileAtomic(*out, markdown); !st) return st;
    if (ctx.json()) {
      ctx.out() << json.dump(2) << "\n";
    } else {
      ctx.out() << "已写入" << what << " " << *out << " / written\n";
    }
    return {};
  }
  PrintJsonOr(ctx, json.dump(2), markdown);
  return {};
}

// ---- inspect ---------------------------------------------------------------------------------

Status RunInspectTemplates(Context& ctx) {
  auto templates = LoadTemplates(ctx);
  if (!templates) return std::unexpected(templates.error());
  std::vector<std::vector<std::string>> rows;
  for (const auto& t : *templates)
    rows.push_back({t.id, t.name, std::string(workflow::FrequencyLabel(t.frequency)), t.domain,
                    std::to_string(t.items.size())});
  if (ctx.json()) {
    ctx.out() << service::TemplatesJson(*templates).dump(2) << "\n";
  } else {
    PrintTable(ctx.out(), {"模板", "名称", "频次", "领域", "检查项"}, rows);
  }
  return {};
}

Status RunInspectSchedule(Context& ctx) {
  if (auto st = Need(ctx, "template", "template"); !st) return st;
  if (auto st = Need(ctx, "start", "start date"); !st) return st;
  auto templates = LoadTemplates(ctx);
  if (!templates) return std::unexpected(templates.error());
  auto s = OpenSession(ctx);
  if (!s) return std::unexpected(s.error());
  std::string owner = Required(ctx, "owner");
  if (owner.empty()) owner = service::LoginOf(s->sc->actor);
  service::ScheduleInput in{ctx.args().positional[0],   Required(ctx, "template"), Required(ctx, "site"),
                            Required(ctx, "frequency"), Required(ctx, "start"),    owner};
  auto rec = service::AddSchedule(*s->sc, *templates, in);
  if (!rec) return std::unexpected(rec.error());
  auto f = workflow::ParseFrequency(rec->at("frequency"));
  PrintJsonOr(ctx, RecordJson(*rec).dump(2),
              "已保存巡检计划 " + rec->at("id") + "（" + rec->at("template_id") + "，" +
                  (f ? std::string(workflow::FrequencyLabel(*f)) : rec->at("frequency")) + "，自 " +
                  rec->at("start_on") + " 起，责任人 " + rec->at("owner") + "）/ schedule saved");
  return {};
}

Result<std::vector<ops::ItemAnswer>> ReadAnswers(Context& ctx) {
  auto file = ctx.args().Get("answers");
  auto list = ctx.args().Get("answer");
  if (file.has_value() == list.has_value())
    return MakeError(ErrorCode::kUsage,
                     "请用 --answers FILE 或 --answer item=value,… 之一给出答案 (give exactly one of "
                     "--answers, --answer)");
  if (list) return ops::ParseAnswerList(*list);
  auto text = catalog::ReadTextFile(*file, kMaxAnswersBytes);
  if (!text) return std::unexpected(text.error());
  return ops::ParseAnswers(*text, *file);
}

Status RunInspectRun(Context& ctx) {
  auto answers = ReadAnswers(ctx);
  if (!answers) return std::unexpected(answers.error());
  auto templates = LoadTemplates(ctx);
  if (!templates) return std::unexpected(templates.error());
  auto s = OpenSession(ctx);
  if (!s) return std::unexpected(s.error());
  std::string inspector = Required(ctx, "inspector");
  if (inspector.empty()) inspector = service::LoginOf(s->sc->actor);
  service::RunInput in{ctx.args().positional[0],
                       ctx.args().Get("date").value_or(workflow::FormatDate(s->sc->today)), inspector,
                       std::move(*answers), Required(ctx, "note")};
  auto r = service::RecordRun(*s->sc, *templates, in);
  if (!r) return std::unexpected(r.error());
  if (ctx.json()) {
    ctx.out() << service::RunJson(*r).dump(2) << "\n";
    return {};
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& h : r->hazards)
    rows.push_back({h.at("id"), std::string(service::SeverityLabel(h.at("severity"))), h.at("nature"),
                    h.at("deadline"), h.at("responsible")});
  ctx.out() << "已记录巡检 " << r->run.at("id") << "，异常 " << r->run.at("abnormal")
            << " 项 / run recorded\n";
  if (!rows.empty()) {
    ctx.out() << "新登记隐患 / hazards raised:\n";
    PrintTable(ctx.out(), {"编号", "等级", "隐患性质", "整改期限", "责任人"}, rows);
  }
  return {};
}

std::string PeriodText(const workflow::Period& p) {
  return p.first == p.last ? workflow::FormatDate(p.first)
                           : workflow::FormatDate(p.first) + "~" + workflow::FormatDate(p.last);
}

Status RunInspectDue(Context& ctx) {
  auto s = OpenSession(ctx);
  if (!s) return std::unexpected(s.error());
  auto due = service::DueSchedules(*s->sc);
  if (!due) return std::unexpected(due.error());
  nlohmann::json arr = nlohmann::json::array();
  std::vector<std::vector<std::string>> rows;
  for (const auto& d : *due) {
    const std::string latest = d.missed.empty() ? "" : PeriodText(d.missed.back());
    arr.push_back(service::ScheduleDueJson(d));
    rows.push_back({d.schedule.at("id"), d.schedule.at("template_id"),
                    std::string(workflow::FrequencyLabel(d.frequency)),
                    d.last_run ? workflow::FormatDate(*d.last_run) : "—", workflow::FormatDate(d.next_due),
                    StateText(d.state), std::to_string(d.missed.size()), latest.empty() ? "—" : latest,
                    d.schedule.at("owner")});
  }
  if (ctx.json()) {
    ctx.out() << arr.dump(2) << "\n";
  } else if (rows.empty()) {
    ctx.out() << "（没有在用的巡检计划，先运行 dengbao inspect schedule）/ no active schedules\n";
  } else {
    PrintTable(ctx.out(),
               {"计划", "检查表", "频次", "上次巡检", "下次到期", "状态", "漏检", "最近漏检", "责任人"},
               rows);
  }
  return {};
}

Status RunInspectReport(Context& ctx) {
  auto templates = LoadTemplates(ctx);
  if (!templates) return std::unexpected(templates.error());
  auto s = OpenSession(ctx);
  if (!s) return std::unexpected(s.error());
  const std::string month = ctx.args().Get("month").value_or(workflow::FormatDate(s->sc->today).substr(0, 7));
  auto r = service::BuildMonthlyReport(*s->sc, *templates, month);
  if (!r) return std::unexpected(r.error());
  return WriteOrPrint(ctx, r->markdown, r->json, "月度安全巡检报告");
}

// ---- hazard ----------------------------------------------------------------------------------

void PrintHazards(Context& ctx, const std::vector<service::HazardView>& hazards) {
  nlohmann::json arr = nlohmann::json::array();
  std::vector<std::vector<std::string>> rows;
  for (const auto& v : hazards) {
    arr.push_back(service::HazardJson(v));
    const auto& h = v.hazard;
    rows.push_back(
        {h.at("id"), std::string(service::SeverityLabel(h.at("severity"))), Truncate(h.at("nature"), 30),
         Truncate(h.at("location"), 20), h.at("found_on"), workflow::FormatDate(v.effective_deadline),
         std::string(service::HazardStatusLabel(h.at("status"))), v.state ? StateText(*v.state) : "—",
         h.at("responsible"), v.escalate_to.empty() ? "—" : v.escalate_to});
  }
  if (ctx.json()) {
    ctx.out() << arr.dump(2) << "\n";
  } else if (rows.empty()) {
    ctx.out() << "（没有符合条件的隐患）/ no hazards\n";
  } else {
    PrintTable(ctx.out(),
               {"编号", "等级", "隐患性质", "地点", "发现日期", "整改期限", "状态", "期限状态", "责任人",
                "督办对象"},
               rows);
  }
}

Status RunHazardList(Context& ctx) {
  auto s = OpenSession(ctx);
  if (!s) return std::unexpected(s.error());
  auto list = service::ListHazards(*s->sc, Required(ctx, "status"), ctx.args().Flag("overdue"));
  if (!list) return std::unexpected(list.error());
  PrintHazards(ctx, *list);
  return {};
}

std::string HazardText(const service::HazardView& v) {
  const auto& h = v.hazard;
  std::string t = h.at("id") + " " + std::string(service::SeverityLabel(h.at("severity"))) + "：" +
                  h.at("nature") + "\n地点: " + h.at("location") + "\n检查项: " + h.at("check_item") +
                  "（巡检记录 " + h.at("run_id") + "）\n发现日期: " + h.at("found_on") +
                  "\n整改期限: " + workflow::FormatDate(v.effective_deadline);
  if (workflow::FormatDate(v.effective_deadline) != h.at("deadline"))
    t += "（原期限 " + h.at("deadline") + "）";
  t += "\n责任人: " + h.at("responsible") +
       "\n状态: " + std::string(service::HazardStatusLabel(h.at("status")));
  if (v.state) t += "，" + StateText(*v.state);
  if (!v.escalate_to.empty()) t += "，通知/督办: " + v.escalate_to;
  if (!h.at("extension_status").empty())
    t += "\n延期: " + h.at("extension_to") + "（" + h.at("extension_status") +
         (h.at("extension_approver").empty() ? "" : "，审批人 " + h.at("extension_approver")) +
         "）理由: " + h.at("extension_reason");
  if (!h.at("measures").empty()) t += "\n整改措施: " + h.at("measures");
  if (!h.at("rechecked_by").empty()) t += "\n复查人: " + h.at("rechecked_by");
  if (!h.at("closed_on").empty()) t += "\n销号日期: " + h.at("closed_on");
  return t + "\n";
}

Status RunHazardShow(Context& ctx) {
  auto s = OpenSession(ctx);
  if (!s) return std::unexpected(s.error());
  auto v = service::GetHazard(*s->sc, ctx.args().positional[0]);
  if (!v) return std::unexpected(v.error());
  PrintJsonOr(ctx, service::HazardJson(*v).dump(2), HazardText(*v));
  return {};
}

Status RunHazardNotice(Context& ctx) {
  auto s = OpenSession(ctx);
  if (!s) return std::unexpected(s.error());
  auto n = service::IssueNotice(*s->sc, ctx.args().positional[0]);
  if (!n) return std::unexpected(n.error());
  return WriteOrPrint(ctx, n->markdown, n->json, "隐患整改通知书");
}

// Prints the hazard after a lifecycle step.
Status Done(Context& ctx, service::Ctx& sc, const Result<store::Record>& rec, std::string_view what) {
  if (!rec) return std::unexpected(rec.error());
  auto v = service::GetHazard(sc, rec->at("id"));
  if (!v) return std::unexpected(v.error());
  PrintJsonOr(ctx, service::HazardJson(*v).dump(2), std::string(what) + "\n" + HazardText(*v));
  return {};
}

Status RunHazardExtend(Context& ctx) {
  if (auto st = Need(ctx, "to", "extended deadline"); !st) return st;
  if (auto st = Need(ctx, "reason", "reason"); !st) return st;
  auto s = OpenSession(ctx);
  if (!s) return std::unexpected(s.error());
  auto rec = service::RequestExtension(*s->sc, ctx.args().positional[0], Required(ctx, "to"),
                                       Required(ctx, "reason"));
  return Done(ctx, *s->sc, rec, "已提交延期申请，待他人审批 / extension requested");
}

Status Decide(Context& ctx, bool approve) {
  if (auto st = Need(ctx, "approver", "approver"); !st) return st;
  auto s = OpenSession(ctx);
  if (!s) return std::unexpected(s.error());
  auto rec = service::DecideExtension(*s->sc, ctx.args().positional[0], Required(ctx, "approver"), approve,
                                      Required(ctx, "reason"));
  return Done(ctx, *s->sc, rec,
              approve ? "已批准延期 / extension approved" : "已驳回延期 / extension rejected");
}
Status RunHazardApprove(Context& ctx) { return Decide(ctx, true); }
Status RunHazardReject(Context& ctx) { return Decide(ctx, false); }

Status RunHazardRectify(Context& ctx) {
  if (auto st = Need(ctx, "measures", "measures"); !st) return st;
  auto s = OpenSession(ctx);
  if (!s) return std::unexpected(s.error());
  auto rec = service::Rectify(*s->sc, ctx.args().positional[0], Required(ctx, "measures"));
  return Done(ctx, *s->sc, rec, "已登记整改措施，待复查 / rectification recorded");
}

Status RunHazardRecheck(Context& ctx) {
  if (auto st = Need(ctx, "by", "rechecker"); !st) return st;
  const bool pass = ctx.args().Flag("pass");
  if (pass == ctx.args().Flag("fail"))
    return MakeError(ErrorCode::kUsage, "请给出 --pass 或 --fail 之一 (exactly one of --pass, --fail)");
  auto s = OpenSession(ctx);
  if (!s) return std::unexpected(s.error());
  auto rec =
      service::Recheck(*s->sc, ctx.args().positional[0], Required(ctx, "by"), pass, Required(ctx, "note"));
  return Done(ctx, *s->sc, rec,
              pass ? "复查通过，隐患已销号 / closed" : "复查不通过，退回整改 / back to rectifying");
}

constexpr OptionSpec kAs{"as", "LOGIN", "以该用户身份记录操作 / act as this stored user"};
constexpr OptionSpec kChecklists{
    "checklists", "DIR", "检查表模板目录（默认 catalogs/operations/checklists）/ checklist templates folder"};

constexpr OptionSpec kTemplatesOptions[] = {kDbOption,
                                            kChecklists};  // --db accepted like every inspect command
constexpr OptionSpec kScheduleOptions[] = {
    kDbOption,
    kAs,
    kChecklists,
    {"template", "ID", "检查表模板（必填）/ checklist template"},
    {"start", "YYYY-MM-DD", "开始日期（必填）/ start date"},
    {"site", "ORG/SITE", "院区/校区 / site"},
    {"owner", "LOGIN", "责任人（隐患整改责任人，默认 --as 用户）/ owner"},
    {"frequency", "F", "daily|weekly|monthly|quarterly|yearly（默认取模板）/ frequency"},
};
constexpr OptionSpec kRunOptions[] = {
    kDbOption,
    kAs,
    kChecklists,
    {"date", "YYYY-MM-DD", "巡检日期（默认今天）/ run date"},
    {"inspector", "LOGIN", "巡检人（默认 --as 用户）/ inspector"},
    {"answers", "FILE", "答案文件（YAML 或 JSON：检查项: 取值 或 {value, note}）/ answers file"},
    {"answer", "ITEM=V,…", "直接给出答案 / answers inline"},
    {"note", "TEXT", "备注 / note"},
};
constexpr OptionSpec kDbOnly[] = {kDbOption};
constexpr OptionSpec kReportOptions[] = {
    kDbOption,
    kChecklists,
    {"month", "YYYY-MM", "月份（默认本月）/ month"},
    {"output", "FILE.md", "写入 Markdown 文件 / write Markdown to FILE"},
};
constexpr OptionSpec kListOptions[] = {
    kDbOption,
    {"status", "S", "open|rectifying|awaiting_recheck|closed"},
    {"overdue", "", "只列出已逾期的 / only overdue hazards"},
};
constexpr OptionSpec kNoticeOptions[] = {
    kDbOption, kAs, {"output", "FILE.md", "写入 Markdown 文件 / write Markdown to FILE"}};
constexpr OptionSpec kExtendOptions[] = {
    kDbOption,
    kAs,
    {"to", "YYYY-MM-DD", "申请延期至（必填）/ requested deadline"},
    {"reason", "TEXT", "延期理由（必填）/ reason"},
};
constexpr OptionSpec kApproveOptions[] = {
    kDbOption, kAs, {"approver", "LOGIN", "审批人（不能是责任人或申请人，必填）/ approver"}};
constexpr OptionSpec kRejectOptions[] = {
    kDbOption,
    kAs,
    {"approver", "LOGIN", "审批人（不能是责任人或申请人，必填）/ approver"},
    {"reason", "TEXT", "驳回理由（必填）/ reason"},
};
constexpr OptionSpec kRectifyOptions[] = {
    kDbOption, kAs, {"measures", "TEXT", "已采取的整改措施（必填）/ measures"}};
constexpr OptionSpec kRecheckOptions[] = {
    kDbOption,
    kAs,
    {"by", "LOGIN", "复查人（不能是责任人，必填）/ rechecker"},
    {"pass", "", "复查通过，销号 / passed: close"},
    {"fail", "", "复查不通过，退回整改 / failed: back to rectifying"},
    {"note", "TEXT", "复查意见 / note"},
};

constexpr CommandSpec kOperationsCommands[] = {
    {"inspect templates", "", "列出巡检检查表模板 / list checklist templates", kTemplatesOptions,
     RunInspectTemplates},
    {"inspect schedule", "SCHEDULE", "新增或修改巡检计划 / add or update an inspection schedule",
     kScheduleOptions, RunInspectSchedule},
    {"inspect run", "SCHEDULE", "记录一次巡检（每个检查项都要作答），异常项登记为隐患 / record a run",
     kRunOptions, RunInspectRun},
    {"inspect due", "", "巡检计划的下次到期日与漏检 / next due dates and missed periods", kDbOnly,
     RunInspectDue},
    {"inspect report", "", "月度安全巡检报告（Markdown / JSON）/ monthly inspection report", kReportOptions,
     RunInspectReport},
    {"hazard list", "", "列出隐患及期限状态、督办对象 / list hazards", kListOptions, RunHazardList},
    {"hazard show", "ID", "隐患详情 / one hazard", kDbOnly, RunHazardShow},
    {"hazard notice", "ID", "隐患整改通知书（下发后进入整改中）/ rectification notice", kNoticeOptions,
     RunHazardNotice},
    {"hazard extend", "ID", "申请延期 / request a deadline extension", kExtendOptions, RunHazardExtend},
    {"hazard approve-extension", "ID", "批准延期 / approve the extension", kApproveOptions, RunHazardApprove},
    {"hazard reject-extension", "ID", "驳回延期 / reject the extension", kRejectOptions, RunHazardReject},
    {"hazard rectify", "ID", "登记整改措施，待复查 / record the rectification", kRectifyOptions,
     RunHazardRectify},
    {"hazard recheck", "ID", "复查：通过则销号，不通过退回整改 / recheck", kRecheckOptions, RunHazardRecheck},
};

}  // namespace

std::span<const CommandSpec> OperationsCommands() { return kOperationsCommands; }

}  // namespace dengbao::cli
