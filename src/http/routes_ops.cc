// API routes for inspections (巡检), hazards (隐患), incidents (网络安全事件), emergency plans and
// drills (应急预案与演练) and training (培训与钓鱼演练). Handlers translate between HTTP and the
// services; the JSON objects come from service/ops_views.h, the same as the CLI's --json. Where a
// service records a person (approver, rechecker, inspector, schedule owner by default) it is the
// logged-in user, never a name taken from the body, so nobody acts in another's name.
#include "http/handler_util.h"
#include "http/routes.h"
#include "ops/answers.h"
#include "service/drills.h"
#include "service/incidents.h"
#include "service/inspections.h"
#include "service/ops_views.h"
#include "service/training.h"
#include "service/views.h"

namespace dengbao::http {
namespace {

using nlohmann::json;

constexpr std::string_view kMarkdown = "text/markdown; charset=utf-8";

// Reads the string members `fields` of `body` into `targets`; the first error wins.
Status ReadStrings(const json& body, std::initializer_list<std::pair<const char*, std::string*>> targets,
                   std::initializer_list<std::string_view> required = {}) {
  for (auto [field, target] : targets) {
    const bool must = std::ranges::find(required, std::string_view(field)) != required.end();
    auto v = Str(body, field, must);
    if (!v) return std::unexpected(v.error());
    *target = *v;
  }
  return {};
}

// A member that may be a string or an integer (participants: "12" or 12).
Result<std::string> StrOrInt(const json& body, std::string_view field) {
  auto it = body.find(field);
  if (it != body.end() && it->is_number_integer()) return std::to_string(it->get<long long>());
  return Str(body, field, false);
}

// A body whose members are all optional may be left out.
Result<json> OptionalBody(const Request& req) {
  if (req.body.empty()) return json::object();
  return ObjectBody(req);
}

// ---- inspections ----

Result<Response> ListTemplates(const Request& req, HandlerContext& hc) {
  auto res = Res(hc);
  if (!res) return std::unexpected(res.error());
  return JsonOk(Page(req, service::TemplatesJson((*res)->checklists)));
}

Result<Response> ListSchedules(const Request& req, HandlerContext& hc) {
  auto rows = hc.db.Find("inspection_schedule");
  if (!rows) return std::unexpected(rows.error());
  json all = json::array();
  for (const auto& r : *rows) all.push_back(service::RecordJson(r));
  return JsonOk(Page(req, all));
}

Result<Response> AddSchedule(const Request& req, HandlerContext& hc) {
  auto res = Res(hc);
  if (!res) return std::unexpected(res.error());
  auto body = ObjectBody(req);
  if (!body) return std::unexpected(body.error());
  service::ScheduleInput in;
  if (auto st = ReadStrings(*body,
                            {{"id", &in.id},
                             {"template", &in.template_id},
                             {"start", &in.start_on},
                             {"site", &in.site},
                             {"owner", &in.owner},
                             {"frequency", &in.frequency}},
                            {"id", "template", "start"});
      !st)
    return std::unexpected(st.error());
  if (in.owner.empty()) in.owner = Login(req);
  auto sc = ServiceCtx(hc);
  if (!sc) return std::unexpected(sc.error());
  auto rec = service::AddSchedule(*sc, (*res)->checklists, in);
  if (!rec) return std::unexpected(rec.error());
  return Response::JsonBody(service::RecordJson(*rec), 201);
}

// {item: value | {value, note}}, through the same parser as the CLI's answers file (JSON is YAML).
Result<std::vector<ops::ItemAnswer>> Answers(const json& body) {
  auto it = body.find("answers");
  if (it == body.end() || !it->is_object())
    return MakeError(ErrorCode::kInvalidArgument,
                     "answers 须为对象 {检查项: 取值 或 {value, note}} (answers object required)",
                     {"answers", 0, 0});
  return ops::ParseAnswers(it->dump(), "answers");
}

// An owner records runs of the schedules they own, as themselves.
Result<Response> RecordRun(const Request& req, HandlerContext& hc) {
  auto res = Res(hc);
  if (!res) return std::unexpected(res.error());
  auto body = ObjectBody(req);
  if (!body) return std::unexpected(body.error());
  service::RunInput in;
  if (auto st = ReadStrings(*body,
                            {{"schedule", &in.schedule_id},
                             {"date", &in.run_on},
                             {"inspector", &in.inspector},
                             {"note", &in.note}},
                            {"schedule"});
      !st)
    return std::unexpected(st.error());
  auto answers = Answers(*body);
  if (!answers) return std::unexpected(answers.error());
  in.answers = std::move(*answers);
  auto schedule = service::Require(hc.db, "inspection_schedule", {in.schedule_id}, "巡检计划 (schedule)");
  if (!schedule) return std::unexpected(schedule.error());
  if (IsRole(req, auth::Role::kOwner)) {
    if (schedule->at("owner") != Login(req))
      return MakeError(ErrorCode::kNotFound, "巡检计划不存在 (no such schedule)");
    if (!in.inspector.empty() && in.inspector != Login(req))
      return MakeError(ErrorCode::kPermissionDenied,
                       "整改责任人只能以本人名义记录巡检 (owners record runs as themselves)");
  }
  if (in.inspector.empty()) in.inspector = Login(req);
  auto sc = ServiceCtx(hc);
  if (!sc) return std::unexpected(sc.error());
  if (in.run_on.empty()) in.run_on = workflow::FormatDate(sc->today);
  auto r = service::RecordRun(*sc, (*res)->checklists, in);
  if (!r) return std::unexpected(r.error());
  return Response::JsonBody(service::RunJson(*r), 201);
}

Result<Response> InspectionsDue(const Request& req, HandlerContext& hc) {
  auto sc = ServiceCtx(hc);
  if (!sc) return std::unexpected(sc.error());
  auto due = service::DueSchedules(*sc);
  if (!due) return std::unexpected(due.error());
  json all = json::array();
  for (const auto& d : *due) all.push_back(service::ScheduleDueJson(d));
  return JsonOk(Page(req, all));
}

Result<Response> MonthlyReport(const Request& req, HandlerContext& hc) {
  auto res = Res(hc);
  if (!res) return std::unexpected(res.error());
  auto sc = ServiceCtx(hc);
  if (!sc) return std::unexpected(sc.error());
  const std::string month = req.Query("month").value_or(workflow::FormatDate(sc->today).substr(0, 7));
  auto r = service::BuildMonthlyReport(*sc, (*res)->checklists, month);
  if (!r) return std::unexpected(r.error());
  if (req.Query("format").value_or("") == "md")
    return Response::File(std::move(r->markdown), std::string(kMarkdown),
                          "月度安全巡检报告-" + month + ".md");
  return Response::JsonBody(r->json);
}

// ---- hazards ----

// A remediation owner sees and acts on only the hazards they are responsible for; others' are
// reported as missing (not 403: do not confirm they exist).
Result<service::HazardView> VisibleHazard(const Request& req, service::Ctx& sc) {
  auto v = service::GetHazard(sc, req.path_params.at("hazard"));
  if (!v) return std::unexpected(v.error());
  if (IsRole(req, auth::Role::kOwner) && v->hazard.at("responsible") != Login(req))
    return MakeError(ErrorCode::kNotFound, "隐患不存在 (no such hazard)");
  return v;
}

Result<Response> ListHazards(const Request& req, HandlerContext& hc) {
  auto sc = ServiceCtx(hc);
  if (!sc) return std::unexpected(sc.error());
  auto list = service::ListHazards(*sc, req.Query("status").value_or(""), req.Query("overdue") == "1");
  if (!list) return std::unexpected(list.error());
  json all = json::array();
  for (const auto& v : *list)
    if (!IsRole(req, auth::Role::kOwner) || v.hazard.at("responsible") == Login(req))
      all.push_back(service::HazardJson(v));
  return JsonOk(Page(req, all));
}

Result<Response> GetHazard(const Request& req, HandlerContext& hc) {
  auto sc = ServiceCtx(hc);
  if (!sc) return std::unexpected(sc.error());
  auto v = VisibleHazard(req, *sc);
  if (!v) return std::unexpected(v.error());
  return Response::JsonBody(service::HazardJson(*v));
}

Result<Response> IssueNotice(const Request& req, HandlerContext& hc) {
  auto sc = ServiceCtx(hc);
  if (!sc) return std::unexpected(sc.error());
  const std::string& id = req.path_params.at("hazard");
  auto n = service::IssueNotice(*sc, id);
  if (!n) return std::unexpected(n.error());
  if (req.Query("format").value_or("") == "md")
    return Response::File(std::move(n->markdown), std::string(kMarkdown), id + "-隐患整改通知书.md");
  return Response::JsonBody(n->json);
}

// The hazard after a lifecycle step.
Result<Response> HazardAfter(service::Ctx& sc, const Result<service::Record>& rec) {
  if (!rec) return std::unexpected(rec.error());
  auto v = service::GetHazard(sc, rec->at("id"));
  if (!v) return std::unexpected(v.error());
  return Response::JsonBody(service::HazardJson(*v));
}

Result<Response> RequestExtension(const Request& req, HandlerContext& hc) {
  auto body = ObjectBody(req);
  if (!body) return std::unexpected(body.error());
  std::string to, reason;
  if (auto st = ReadStrings(*body, {{"to", &to}, {"reason", &reason}}, {"to", "reason"}); !st)
    return std::unexpected(st.error());
  auto sc = ServiceCtx(hc);
  if (!sc) return std::unexpected(sc.error());
  auto v = VisibleHazard(req, *sc);
  if (!v) return std::unexpected(v.error());
  return HazardAfter(*sc, service::RequestExtension(*sc, v->hazard.at("id"), to, reason));
}

Result<Response> DecideExtension(const Request& req, HandlerContext& hc, bool approve) {
  auto body = OptionalBody(req);
  if (!body) return std::unexpected(body.error());
  auto reason = Str(*body, "reason", !approve);
  if (!reason) return std::unexpected(reason.error());
  auto sc = ServiceCtx(hc);
  if (!sc) return std::unexpected(sc.error());
  return HazardAfter(
      *sc, service::DecideExtension(*sc, req.path_params.at("hazard"), Login(req), approve, *reason));
}
Result<Response> ApproveExtension(const Request& req, HandlerContext& hc) {
  return DecideExtension(req, hc, true);
}
Result<Response> RejectExtension(const Request& req, HandlerContext& hc) {
  return DecideExtension(req, hc, false);
}

Result<Response> Rectify(const Request& req, HandlerContext& hc) {
  auto body = ObjectBody(req);
  if (!body) return std::unexpected(body.error());
  auto measures = Str(*body, "measures", true);
  if (!measures) return std::unexpected(measures.error());
  auto sc = ServiceCtx(hc);
  if (!sc) return std::unexpected(sc.error());
  auto v = VisibleHazard(req, *sc);
  if (!v) return std::unexpected(v.error());
  return HazardAfter(*sc, service::Rectify(*sc, v->hazard.at("id"), *measures));
}

Result<Response> Recheck(const Request& req, HandlerContext& hc) {
  auto body = ObjectBody(req);
  if (!body) return std::unexpected(body.error());
  auto pass = body->find("pass");
  if (pass == body->end() || !pass->is_boolean())
    return MakeError(ErrorCode::kInvalidArgument, "pass 须为 true 或 false (boolean pass required)",
                     {"pass", 0, 0});
  auto note = Str(*body, "note", false);
  if (!note) return std::unexpected(note.error());
  auto sc = ServiceCtx(hc);
  if (!sc) return std::unexpected(sc.error());
  return HazardAfter(
      *sc, service::Recheck(*sc, req.path_params.at("hazard"), Login(req), pass->get<bool>(), *note));
}

// ---- incidents ----

Result<Response> IncidentResponse(service::Ctx& sc, std::string_view id, int status = 200) {
  auto v = service::GetIncident(sc, id);
  if (!v) return std::unexpected(v.error());
  return Response::JsonBody(service::IncidentJson(*v), status);
}

Result<Response> ListIncidents(const Request& req, HandlerContext& hc) {
  auto sc = ServiceCtx(hc);
  if (!sc) return std::unexpected(sc.error());
  auto list = service::ListIncidents(*sc, req.Query("open") == "1");
  if (!list) return std::unexpected(list.error());
  json all = json::array();
  for (const auto& v : *list) all.push_back(service::IncidentJson(v));
  return JsonOk(Page(req, all));
}

Result<Response> OpenIncident(const Request& req, HandlerContext& hc) {
  auto body = ObjectBody(req);
  if (!body) return std::unexpected(body.error());
  service::IncidentInput in;
  if (auto st = ReadStrings(*body,
                            {{"system", &in.system_id},
                             {"title", &in.title},
                             {"grade", &in.grade},
                             {"operator", &in.operator_type},
                             {"discovered", &in.discovered_at}},
                            {"system", "title", "grade", "operator"});
      !st)
    return std::unexpected(st.error());
  auto sc = ServiceCtx(hc);
  if (!sc) return std::unexpected(sc.error());
  auto rec = service::OpenIncident(*sc, in);
  if (!rec) return std::unexpected(rec.error());
  return IncidentResponse(*sc, rec->at("id"), 201);
}

Result<Response> GetIncident(const Request& req, HandlerContext& hc) {
  auto sc = ServiceCtx(hc);
  if (!sc) return std::unexpected(sc.error());
  return IncidentResponse(*sc, req.path_params.at("incident"));
}

Result<Response> LogIncident(const Request& req, HandlerContext& hc) {
  auto body = ObjectBody(req);
  if (!body) return std::unexpected(body.error());
  auto text = Str(*body, "text", true);
  if (!text) return std::unexpected(text.error());
  auto sc = ServiceCtx(hc);
  if (!sc) return std::unexpected(sc.error());
  const std::string& id = req.path_params.at("incident");
  if (auto st = service::LogIncident(*sc, id, *text); !st) return std::unexpected(st.error());
  return IncidentResponse(*sc, id);
}

Result<Response> ReportIncident(const Request& req, HandlerContext& hc) {
  auto body = OptionalBody(req);
  if (!body) return std::unexpected(body.error());
  auto at = Str(*body, "at", false);
  if (!at) return std::unexpected(at.error());
  auto sc = ServiceCtx(hc);
  if (!sc) return std::unexpected(sc.error());
  const std::string& id = req.path_params.at("incident");
  if (auto rec = service::ReportIncident(*sc, id, *at); !rec) return std::unexpected(rec.error());
  return IncidentResponse(*sc, id);
}

Result<Response> CloseIncident(const Request& req, HandlerContext& hc) {
  auto body = ObjectBody(req);
  if (!body) return std::unexpected(body.error());
  auto summary = Str(*body, "summary", true);
  if (!summary) return std::unexpected(summary.error());
  auto sc = ServiceCtx(hc);
  if (!sc) return std::unexpected(sc.error());
  const std::string& id = req.path_params.at("incident");
  if (auto rec = service::CloseIncident(*sc, id, *summary); !rec) return std::unexpected(rec.error());
  return IncidentResponse(*sc, id);
}

Result<Response> IncidentDraft(const Request& req, HandlerContext& hc) {
  auto sc = ServiceCtx(hc);
  if (!sc) return std::unexpected(sc.error());
  const std::string& id = req.path_params.at("incident");
  auto md = service::IncidentReportDraft(*sc, id);
  if (!md) return std::unexpected(md.error());
  return Response::File(std::move(*md), std::string(kMarkdown), id + "-网络安全事件报告.md");
}

// ---- emergency plans and drills ----

Result<Response> DrillsDue(const Request& req, HandlerContext& hc) {
  auto sc = ServiceCtx(hc);
  if (!sc) return std::unexpected(sc.error());
  auto due = service::DrillsDue(*sc);
  if (!due) return std::unexpected(due.error());
  json all = json::array();
  for (const auto& d : *due) all.push_back(service::DrillDueJson(d));
  return JsonOk(Page(req, all));
}

Result<Response> UpsertPlan(const Request& req, HandlerContext& hc) {
  auto body = ObjectBody(req);
  if (!body) return std::unexpected(body.error());
  service::PlanInput in;
  if (auto st = ReadStrings(*body,
                            {{"id", &in.id},
                             {"system", &in.system_id},
                             {"name", &in.name},
                             {"approved", &in.approved_on},
                             {"owner", &in.owner}},
                            {"id", "system", "name"});
      !st)
    return std::unexpected(st.error());
  auto version = StrOrInt(*body, "version");
  if (!version) return std::unexpected(version.error());
  in.version = *version;
  auto sc = ServiceCtx(hc);
  if (!sc) return std::unexpected(sc.error());
  auto rec = service::UpsertPlan(*sc, in);
  if (!rec) return std::unexpected(rec.error());
  return Response::JsonBody(service::RecordJson(*rec), 201);
}

Result<Response> RecordDrill(const Request& req, HandlerContext& hc) {
  auto body = ObjectBody(req);
  if (!body) return std::unexpected(body.error());
  service::DrillInput in;
  if (auto st = ReadStrings(*body,
                            {{"id", &in.id},
                             {"plan", &in.plan_id},
                             {"date", &in.held_on},
                             {"kind", &in.kind},
                             {"result", &in.result},
                             {"findings", &in.findings}},
                            {"id", "plan", "date", "kind"});
      !st)
    return std::unexpected(st.error());
  auto participants = StrOrInt(*body, "participants");
  if (!participants) return std::unexpected(participants.error());
  in.participants = *participants;
  auto sc = ServiceCtx(hc);
  if (!sc) return std::unexpected(sc.error());
  auto rec = service::RecordDrill(*sc, in);
  if (!rec) return std::unexpected(rec.error());
  return Response::JsonBody(service::RecordJson(*rec), 201);
}

// ---- training ----

Result<Response> SessionResponse(service::Ctx& sc, std::string_view id, int status = 200) {
  auto v = service::GetSession(sc, id);
  if (!v) return std::unexpected(v.error());
  return Response::JsonBody(service::SessionJson(*v), status);
}

Result<Response> ListSessions(const Request& req, HandlerContext& hc) {
  auto sc = ServiceCtx(hc);
  if (!sc) return std::unexpected(sc.error());
  auto list = service::ListSessions(*sc);
  if (!list) return std::unexpected(list.error());
  json all = json::array();
  for (const auto& v : *list) all.push_back(service::SessionJson(v));
  return JsonOk(Page(req, all));
}

Result<Response> GetSession(const Request& req, HandlerContext& hc) {
  auto sc = ServiceCtx(hc);
  if (!sc) return std::unexpected(sc.error());
  return SessionResponse(*sc, req.path_params.at("session"));
}

Result<Response> UpsertSession(const Request& req, HandlerContext& hc) {
  auto body = ObjectBody(req);
  if (!body) return std::unexpected(body.error());
  service::SessionInput in;
  if (auto st = ReadStrings(*body,
                            {{"id", &in.id},
                             {"title", &in.title},
                             {"date", &in.held_on},
                             {"kind", &in.kind},
                             {"trainer", &in.trainer},
                             {"topic", &in.topic},
                             {"organisation", &in.organisation_id}},
                            {"id", "title"});
      !st)
    return std::unexpected(st.error());
  auto sc = ServiceCtx(hc);
  if (!sc) return std::unexpected(sc.error());
  auto rec = service::UpsertSession(*sc, in);
  if (!rec) return std::unexpected(rec.error());
  return SessionResponse(*sc, rec->at("id"), 201);
}

// The request body is the CSV text itself (text/csv).
Result<Response> ImportCsv(const Request& req, HandlerContext& hc) {
  const std::string kind = req.Query("kind").value_or("");
  if (!kind.empty() && kind != "attendance" && kind != "phishing")
    return MakeError(ErrorCode::kInvalidArgument, "kind 应为 attendance 或 phishing (kind)", {"kind", 0, 0});
  auto sc = ServiceCtx(hc);
  if (!sc) return std::unexpected(sc.error());
  const std::string& id = req.path_params.at("session");
  auto out = service::ImportTrainingCsv(*sc, id, req.body, kind.empty() ? "upload.csv" : kind + ".csv",
                                        req.Query("replace") == "1", kind);
  if (!out) return std::unexpected(out.error());
  auto v = service::GetSession(*sc, id);
  if (!v) return std::unexpected(v.error());
  json j = service::SessionJson(*v);
  j["import"] = service::ImportOutcomeJson(*out);
  return Response::JsonBody(j);
}

Route R(std::string_view method, std::string_view pattern, std::string_view summary, std::string_view tag,
        auth::RoleSet roles, Handler handler, json request_schema = {},
        std::vector<std::string_view> query = {}) {
  return {method,
          pattern,
          summary,
          tag,
          Access::kSession,
          roles,
          std::move(handler),
          std::move(request_schema),
          {},
          std::move(query)};
}

json RunSchema() {
  json s =
      SchemaObject({{"schedule", "string"}, {"date", "string"}, {"inspector", "string"}, {"note", "string"}},
                   {"schedule", "answers"});
  s["properties"]["answers"] = {
      {"type", "object"},
      {"description", "检查项: 取值 或 {value, note} / item: value or {value, note}"},
      {"additionalProperties", true}};
  return s;
}

}  // namespace

std::vector<Route> OperationsRoutes() {
  const std::vector<std::string_view> page = {"limit", "offset"};
  return {
      R("GET", "/api/v1/inspections/templates", "巡检检查表模板 / checklist templates", "inspections",
        auth::kAnyRole, ListTemplates, {}, page),
      R("GET", "/api/v1/inspections/schedules", "巡检计划 / inspection schedules", "inspections", kSecView,
        ListSchedules, {}, page),
      R("POST", "/api/v1/inspections/schedules", "新增或修改巡检计划 / add or update a schedule",
        "inspections", kSec, AddSchedule,
        SchemaObject({{"id", "string"},
                      {"template", "string"},
                      {"start", "string"},
                      {"site", "string"},
                      {"owner", "string"},
                      {"frequency", "string"}},
                     {"id", "template", "start"})),
      R("POST", "/api/v1/inspections/runs",
        "记录一次巡检，异常项登记为隐患（责任人只能记录自己的计划）/ record a run", "inspections", kSecOwner,
        RecordRun, RunSchema()),
      R("GET", "/api/v1/inspections/due", "巡检计划的下次到期日与漏检 / next due dates and missed periods",
        "inspections", kSecView, InspectionsDue, {}, page),
      R("GET", "/api/v1/inspections/report", "月度安全巡检报告（JSON 或 format=md）/ monthly report",
        "inspections", kSecView, MonthlyReport, {}, {"month", "format"}),
      R("GET", "/api/v1/hazards", "隐患（责任人只看到自己的）/ hazards", "hazards", kSecViewOwner,
        ListHazards, {}, {"status", "overdue", "limit", "offset"}),
      R("GET", "/api/v1/hazards/{hazard}", "隐患详情 / one hazard", "hazards", kSecViewOwner, GetHazard),
      R("POST", "/api/v1/hazards/{hazard}/notice", "下发隐患整改通知书 / rectification notice", "hazards",
        kSec, IssueNotice, {}, {"format"}),
      R("POST", "/api/v1/hazards/{hazard}/extend", "申请延期 / request a deadline extension", "hazards",
        kSecOwner, RequestExtension,
        SchemaObject({{"to", "string"}, {"reason", "string"}}, {"to", "reason"})),
      R("POST", "/api/v1/hazards/{hazard}/approve-extension", "批准延期（审批人为当前用户）/ approve",
        "hazards", kSec, ApproveExtension, SchemaObject({{"reason", "string"}}, {})),
      R("POST", "/api/v1/hazards/{hazard}/reject-extension", "驳回延期（审批人为当前用户）/ reject",
        "hazards", kSec, RejectExtension, SchemaObject({{"reason", "string"}}, {"reason"})),
      R("POST", "/api/v1/hazards/{hazard}/rectify", "登记整改措施，待复查 / record the rectification",
        "hazards", kSecOwner, Rectify, SchemaObject({{"measures", "string"}}, {"measures"})),
      R("POST", "/api/v1/hazards/{hazard}/recheck", "复查（复查人为当前用户）/ recheck", "hazards", kSec,
        Recheck, SchemaObject({{"pass", "boolean"}, {"note", "string"}}, {"pass"})),
      R("GET", "/api/v1/incidents", "网络安全事件及报告倒计时 / incidents", "incidents", kSecView,
        ListIncidents, {}, {"open", "limit", "offset"}),
      R("POST", "/api/v1/incidents", "登记网络安全事件，计算报告时限 / open an incident", "incidents", kSec,
        OpenIncident,
        SchemaObject({{"system", "string"},
                      {"title", "string"},
                      {"grade", "string"},
                      {"operator", "string"},
                      {"discovered", "string"}},
                     {"system", "title", "grade", "operator"})),
      R("GET", "/api/v1/incidents/{incident}", "事件详情、倒计时与时间线 / one incident", "incidents",
        kSecView, GetIncident),
      R("POST", "/api/v1/incidents/{incident}/events", "追加处置记录 / add a timeline entry", "incidents",
        kSec, LogIncident, SchemaObject({{"text", "string"}}, {"text"})),
      R("POST", "/api/v1/incidents/{incident}/report", "记录已向主管部门报告 / mark reported", "incidents",
        kSec, ReportIncident, SchemaObject({{"at", "string"}}, {})),
      R("POST", "/api/v1/incidents/{incident}/close", "关闭事件并填写处置总结 / close", "incidents", kSec,
        CloseIncident, SchemaObject({{"summary", "string"}}, {"summary"})),
      R("GET", "/api/v1/incidents/{incident}/draft", "网络安全事件报告草稿（Markdown）/ report draft",
        "incidents", kSec, IncidentDraft),
      R("GET", "/api/v1/drills/due", "各预案下次应演练日期 / when each plan must next be drilled", "drills",
        kSecView, DrillsDue, {}, page),
      R("POST", "/api/v1/plans", "新增或修改应急预案 / add or update an emergency plan", "drills", kSec,
        UpsertPlan,
        SchemaObject({{"id", "string"},
                      {"system", "string"},
                      {"name", "string"},
                      {"version", "string"},
                      {"approved", "string"},
                      {"owner", "string"}},
                     {"id", "system", "name"})),
      R("POST", "/api/v1/drills", "记录一次应急演练 / record a drill", "drills", kSec, RecordDrill,
        SchemaObject({{"id", "string"},
                      {"plan", "string"},
                      {"date", "string"},
                      {"kind", "string"},
                      {"participants", "string"},
                      {"result", "string"},
                      {"findings", "string"}},
                     {"id", "plan", "date", "kind"})),
      R("GET", "/api/v1/training", "培训与钓鱼演练及汇总 / training sessions", "training", kSecView,
        ListSessions, {}, page),
      R("GET", "/api/v1/training/{session}", "培训详情与名单 / one session", "training", kSecView,
        GetSession),
      R("POST", "/api/v1/training", "新增或修改培训/钓鱼演练 / add or update a session", "training", kSec,
        UpsertSession,
        SchemaObject({{"id", "string"},
                      {"title", "string"},
                      {"date", "string"},
                      {"kind", "string"},
                      {"trainer", "string"},
                      {"topic", "string"},
                      {"organisation", "string"}},
                     {"id", "title"})),
      R("POST", "/api/v1/training/{session}/import",
        "导入签到表或钓鱼演练结果（请求体为 CSV）/ import a CSV (body: the CSV text)", "training", kSec,
        ImportCsv, {}, {"kind", "replace"}),
  };
}

}  // namespace dengbao::http
