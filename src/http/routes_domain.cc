// API routes for the catalog, systems (grading, filing), rounds (inputs, assessment, score, plan,
// what-if, documents), remediation items, evidence and finalised reports. Handlers translate
// between HTTP and the services; every rule lives in src/service.
#include <set>

#include "assess/inputs.h"
#include "catalog/selection.h"
#include "host/fs_host.h"
#include "http/handler_util.h"
#include "http/routes.h"
#include "report/plan_view.h"
#include "report/questionnaire.h"
#include "report/reports.h"
#include "report/summary.h"
#include "rules/scan_json.h"
#include "service/evidence.h"
#include "service/items.h"
#include "service/records.h"
#include "service/round_inputs.h"
#include "service/rounds.h"
#include "service/views.h"

namespace dengbao::http {
namespace {

using nlohmann::json;

// ---- catalog ----

Result<Response> ListUnits(const Request& req, HandlerContext& hc) {
  auto res = Res(hc);
  if (!res) return std::unexpected(res.error());
  const auto& cat = (*res)->catalog;
  const std::string level = req.Query("level").value_or("");
  const std::string category = req.Query("category").value_or("");
  const std::string target_type = req.Query("target_type").value_or("");
  json all = json::array();
  for (const auto& item : cat.items()) {
    if (!level.empty() && std::to_string(item.level) != level) continue;
    if (!category.empty() && item.category != category) continue;
    if (!target_type.empty() && std::ranges::find(item.objects, target_type) == item.objects.end()) continue;
    all.push_back({{"unit", item.unit},
                   {"level", item.level},
                   {"scope", item.scope},
                   {"category", item.category},
                   {"control_point", item.control_point.zh},
                   {"requirement", item.text.zh},
                   {"objects", item.objects}});
  }
  return JsonOk(Page(req, all));
}

Result<Response> GetUnit(const Request& req, HandlerContext& hc) {
  auto res = Res(hc);
  if (!res) return std::unexpected(res.error());
  const auto* item = (*res)->catalog.FindItem(req.path_params.at("unit"));
  if (item == nullptr) return MakeError(ErrorCode::kNotFound, "没有这个测评单元 (no such unit)");
  return Response::JsonBody({{"unit", item->unit},
                             {"level", item->level},
                             {"scope", item->scope},
                             {"category", item->category},
                             {"clause", item->clause},
                             {"control_point", item->control_point.zh},
                             {"requirement", item->text.zh},
                             {"objects", item->objects}});
}

// ---- systems ----

Result<json> SystemJson(service::Ctx& sc, const std::string& id) {
  auto sys = sc.db.GetSystem(id);
  if (!sys) return std::unexpected(sys.error());
  auto filing = service::GetFilingStatus(sc, id);
  if (!filing) return std::unexpected(filing.error());
  json targets = json::array();
  for (const auto& t : sys->targets)
    targets.push_back({{"id", t.id}, {"name", t.name}, {"type", t.type}, {"note", t.note}});
  json j = {{"id", sys->id},       {"name", sys->name},           {"organisation", sys->organisation},
            {"level", sys->level}, {"grade", sys->grade},         {"extensions", sys->extensions},
            {"targets", targets},  {"warnings", filing->warnings}};
  j["grading"] = filing->grading ? service::RecordJson(*filing->grading) : json(nullptr);
  j["filing"] = filing->filing ? service::RecordJson(*filing->filing) : json(nullptr);
  if (filing->dates) j["filing_due"] = workflow::FormatDate(filing->dates->filing_due);
  if (filing->dates && filing->dates->certificate_expiry)
    j["certificate_expiry"] = workflow::FormatDate(*filing->dates->certificate_expiry);
  if (filing->filing_due) j["filing_state"] = service::StateJson(*filing->filing_due);
  if (filing->renewal) j["renewal_state"] = service::StateJson(*filing->renewal);
  return j;
}

Result<Response> ListSystems(const Request& req, HandlerContext& hc) {
  auto systems = hc.db.ListSystems();
  if (!systems) return std::unexpected(systems.error());
  json all = json::array();
  for (const auto& s : *systems)
    all.push_back({{"id", s.id},
                   {"name", s.name},
                   {"organisation", s.organisation},
                   {"level", s.level},
                   {"grade", s.grade},
                   {"extensions", s.extensions}});
  return JsonOk(Page(req, all));
}

Result<Response> GetSystem(const Request& req, HandlerContext& hc) {
  auto sc = ServiceCtx(hc);
  if (!sc) return std::unexpected(sc.error());
  return JsonOk(SystemJson(*sc, req.path_params.at("system")));
}

// Body: the system description YAML (Content-Type text/yaml or application/yaml), or JSON
// {"yaml": "…"}.
Result<std::string> YamlBody(const Request& req) {
  auto ct = req.headers.find("content-type");
  if (ct != req.headers.end() && ct->second.starts_with("application/json")) {
    auto body = ObjectBody(req);
    if (!body) return std::unexpected(body.error());
    return Str(*body, "yaml", true);
  }
  return req.body;
}

Result<Response> PutSystem(const Request& req, HandlerContext& hc) {
  auto res = Res(hc);
  if (!res) return std::unexpected(res.error());
  auto yaml = YamlBody(req);
  if (!yaml) return std::unexpected(yaml.error());
  auto spec = assess::ParseSystemText(*yaml, "system.yaml", "/nonexistent", (*res)->catalog);
  if (!spec) return std::unexpected(spec.error());
  if (auto st = hc.db.UpsertSystem(*spec, hc.actor); !st) return std::unexpected(st.error());
  auto sc = ServiceCtx(hc);
  if (!sc) return std::unexpected(sc.error());
  return JsonOk(SystemJson(*sc, spec->id), 201);
}

Result<Response> GradeSystem(const Request& req, HandlerContext& hc) {
  auto body = ObjectBody(req);
  if (!body) return std::unexpected(body.error());
  auto business = Str(*body, "business", true);
  auto service_harm = Str(*body, "service", true);
  if (!business || !service_harm) return std::unexpected(!business ? business.error() : service_harm.error());
  auto b = catalog::ParseHarm(*business);
  if (!b) return std::unexpected(b.error());
  auto s = catalog::ParseHarm(*service_harm);
  if (!s) return std::unexpected(s.error());
  auto sc = ServiceCtx(hc);
  if (!sc) return std::unexpected(sc.error());
  service::GradingInput in;
  in.system_id = req.path_params.at("system");
  in.business = *b;
  in.service = *s;
  for (auto [field, target] :
       {std::pair{"sector", &in.sector}, std::pair{"date", &in.graded_on},
        std::pair{"rationale", &in.rationale}, std::pair{"expert_review", &in.expert_review_on},
        std::pair{"approved_by", &in.approved_by}, std::pair{"site", &in.site_id}}) {
    auto v = Str(*body, field, false);
    if (!v) return std::unexpected(v.error());
    *target = *v;
  }
  auto rec = service::RecordGrading(*sc, in);
  if (!rec) return std::unexpected(rec.error());
  return JsonOk(SystemJson(*sc, in.system_id));
}

Result<Response> FileSystem(const Request& req, HandlerContext& hc) {
  auto body = ObjectBody(req);
  if (!body) return std::unexpected(body.error());
  auto sc = ServiceCtx(hc);
  if (!sc) return std::unexpected(sc.error());
  service::FilingInput in;
  in.system_id = req.path_params.at("system");
  for (auto [field, target] :
       {std::pair{"number", &in.filing_no}, std::pair{"police", &in.police_office},
        std::pair{"date", &in.filed_on}, std::pair{"certificate", &in.certificate_no}}) {
    auto v = Str(*body, field, std::string_view(field) == "number" || std::string_view(field) == "police");
    if (!v) return std::unexpected(v.error());
    *target = *v;
  }
  if (in.filed_on.empty()) in.filed_on = workflow::FormatDate(sc->today);
  auto rec = service::RecordFiling(*sc, in);
  if (!rec) return std::unexpected(rec.error());
  return JsonOk(SystemJson(*sc, in.system_id));
}

// ---- rounds ----

Result<json> RoundJson(service::Ctx& sc, const service::Record& round) {
  json j = service::RecordJson(round);
  service::ItemFilter filter;
  filter.round_id = round.at("id");
  auto items = service::ListItems(sc, filter);
  if (!items) return std::unexpected(items.error());
  std::map<std::string, int> by_status;
  int overdue = 0;
  for (const auto& v : *items) {
    ++by_status[std::string(workflow::StatusId(v.status))];
    if (workflow::IsActive(v.status) && v.deadline && v.deadline->days_overdue > 0) ++overdue;
  }
  j["items_by_status"] = by_status;
  j["overdue_items"] = overdue;
  auto inputs = service::GetRoundInputs(sc, round.at("id"));
  if (!inputs) return std::unexpected(inputs.error());
  json scans = json::array(), questionnaires = json::array();
  for (const auto& [target, sha] : inputs->scans) scans.push_back({{"target", target}, {"sha256", sha}});
  for (const auto& [name, sha] : inputs->questionnaires)
    questionnaires.push_back({{"name", name}, {"sha256", sha}});
  j["inputs"] = {{"system", inputs->system_sha}, {"scans", scans}, {"questionnaires", questionnaires}};
  return j;
}

Result<Response> ListRounds(const Request& req, HandlerContext& hc) {
  store::Record eq;
  if (auto s = req.Query("system")) eq["system_id"] = *s;
  auto rounds = hc.db.Find("round", eq);
  if (!rounds) return std::unexpected(rounds.error());
  json all = json::array();
  for (const auto& r : *rounds) all.push_back(service::RecordJson(r));
  return JsonOk(Page(req, all));
}

Result<Response> StartRound(const Request& req, HandlerContext& hc) {
  auto body = ObjectBody(req);
  if (!body) return std::unexpected(body.error());
  auto sc = ServiceCtx(hc);
  if (!sc) return std::unexpected(sc.error());
  service::StartRoundInput in;
  auto system = Str(*body, "system", true);
  if (!system) return std::unexpected(system.error());
  in.system_id = *system;
  auto year = Int(*body, "year", false, std::stoi(workflow::FormatDate(sc->today).substr(0, 4)));
  if (!year) return std::unexpected(year.error());
  in.year = *year;
  auto kind = Str(*body, "kind", false, "self_check");
  auto from = Str(*body, "from", false);
  if (!kind || !from) return std::unexpected(!kind ? kind.error() : from.error());
  in.kind = *kind;
  in.from = *from;
  if (auto c = body->find("carry"); c != body->end() && c->is_boolean()) in.carry = c->get<bool>();
  auto r = service::StartRound(*sc, in);
  if (!r) return std::unexpected(r.error());
  return JsonOk(RoundJson(*sc, *r), 201);
}

Result<Response> GetRound(const Request& req, HandlerContext& hc) {
  auto sc = ServiceCtx(hc);
  if (!sc) return std::unexpected(sc.error());
  auto round = service::Require(hc.db, "round", {req.path_params.at("round")}, "测评轮次 (round)");
  if (!round) return std::unexpected(round.error());
  return JsonOk(RoundJson(*sc, *round));
}

Result<Response> ListResults(const Request& req, HandlerContext& hc) {
  store::Record eq{{"round_id", req.path_params.at("round")}};
  for (auto [q, col] :
       {std::pair{"target", "target_id"}, std::pair{"unit", "unit_id"}, std::pair{"result", "result"}})
    if (auto v = req.Query(q)) eq[col] = *v;
  auto rows = hc.db.Find("result", eq);
  if (!rows) return std::unexpected(rows.error());
  const std::string category = req.Query("category").value_or("");
  json all = json::array();
  for (const auto& r : *rows) {
    // Unit ids name their category: L3-CES1-01 is in CES.
    if (!category.empty() && r.at("unit_id").find("-" + category) == std::string::npos) continue;
    all.push_back(service::RecordJson(r));
  }
  return JsonOk(Page(req, all));
}

Result<Response> PutSystemInput(const Request& req, HandlerContext& hc) {
  auto res = Res(hc);
  if (!res) return std::unexpected(res.error());
  auto sc = ServiceCtx(hc);
  if (!sc) return std::unexpected(sc.error());
  auto yaml = YamlBody(req);
  if (!yaml) return std::unexpected(yaml.error());
  if (auto st = service::PutRoundSystem(*sc, req.path_params.at("round"), *yaml, (*res)->catalog); !st)
    return std::unexpected(st.error());
  return Response::JsonBody({{"stored", "system.yaml"}});
}

Result<Response> PutScanInput(const Request& req, HandlerContext& hc) {
  auto res = Res(hc);
  if (!res) return std::unexpected(res.error());
  auto sc = ServiceCtx(hc);
  if (!sc) return std::unexpected(sc.error());
  const std::string target = req.path_params.at("target");
  if (auto st = service::PutRoundScan(*sc, req.path_params.at("round"), target, req.body, (*res)->catalog);
      !st)
    return std::unexpected(st.error());
  return Response::JsonBody({{"stored", "scan/" + target + ".json"}});
}

// Scans the machine the server runs on as one of the round's targets (only meaningful when the
// target is this server; the stored scan names the host it came from).
Result<Response> RunScanInput(const Request& req, HandlerContext& hc) {
  auto res = Res(hc);
  if (!res) return std::unexpected(res.error());
  auto sc = ServiceCtx(hc);
  if (!sc) return std::unexpected(sc.error());
  auto local = host::NewLocalHost();
  rules::ScanReport report =
      rules::Scan(*local, (*res)->catalog, (*res)->rules, (*res)->probes, {.level = 3, .deep = false});
  const std::string text = rules::ScanJson(report, false).dump();
  const std::string target = req.path_params.at("target");
  if (auto st = service::PutRoundScan(*sc, req.path_params.at("round"), target, text, (*res)->catalog); !st)
    return std::unexpected(st.error());
  return Response::JsonBody({{"stored", "scan/" + target + ".json"},
                             {"host", report.host},
                             {"summary", rules::CountVerdicts(report)}});
}

Result<Response> PutQuestionnaireInput(const Request& req, HandlerContext& hc) {
  auto res = Res(hc);
  if (!res) return std::unexpected(res.error());
  auto sc = ServiceCtx(hc);
  if (!sc) return std::unexpected(sc.error());
  const std::string name = req.path_params.at("name");
  if (auto st =
          service::PutRoundQuestionnaire(*sc, req.path_params.at("round"), name, req.body, (*res)->catalog);
      !st)
    return std::unexpected(st.error());
  return Response::JsonBody({{"stored", "questionnaire/" + name}});
}

Result<service::RoundAssessment> Assessed(const Request& req, HandlerContext& hc) {
  auto res = Res(hc);
  if (!res) return std::unexpected(res.error());
  auto sc = ServiceCtx(hc);
  if (!sc) return std::unexpected(sc.error());
  return service::AssessRound(*sc, req.path_params.at("round"), (*res)->catalog, (*res)->costs);
}

Result<Response> DownloadQuestionnaire(const Request& req, HandlerContext& hc) {
  auto a = Assessed(req, hc);
  if (!a) return std::unexpected(a.error());
  auto bytes = report::QuestionnaireXlsxBytes(a->assessment, req.Query("all").value_or("") == "1");
  if (!bytes) return std::unexpected(bytes.error());
  return Response::File(std::move(*bytes), std::string(report::DocumentMediaType("xlsx")),
                        req.path_params.at("round") + "-问卷.xlsx");
}

Result<Response> AssessAndImport(const Request& req, HandlerContext& hc) {
  auto a = Assessed(req, hc);
  if (!a) return std::unexpected(a.error());
  auto sc = ServiceCtx(hc);
  if (!sc) return std::unexpected(sc.error());
  auto stats = service::ImportAssessment(*sc, req.path_params.at("round"), a->assessment, a->plan);
  if (!stats) return std::unexpected(stats.error());
  auto res = Res(hc);
  if (!res) return std::unexpected(res.error());
  json j = report::AssessmentJson(a->assessment, (*res)->profiles, false);
  j["import"] = {{"results", stats->results},
                 {"findings", stats->findings},
                 {"items_new", stats->items_new},
                 {"items_updated", stats->items_updated},
                 {"items_reopened", stats->items_reopened},
                 {"items_resolved", stats->items_resolved}};
  return Response::JsonBody(j);
}

Result<Response> Score(const Request& req, HandlerContext& hc) {
  auto a = Assessed(req, hc);
  if (!a) return std::unexpected(a.error());
  auto res = Res(hc);
  if (!res) return std::unexpected(res.error());
  return Response::JsonBody(
      report::AssessmentJson(a->assessment, (*res)->profiles, req.Query("details") == "1"));
}

Result<Response> Plan(const Request& req, HandlerContext& hc) {
  auto a = Assessed(req, hc);
  if (!a) return std::unexpected(a.error());
  auto res = Res(hc);
  if (!res) return std::unexpected(res.error());
  report::PlanQuery q;
  q.target = req.Query("target").value_or("");
  if (auto b = req.Query("budget")) {
    try {
      size_t used = 0;
      long long v = std::stoll(*b, &used);
      if (used != b->size() || v < 0) throw std::invalid_argument("budget");
      q.budget = v;
    } catch (const std::exception&) {
      return MakeError(ErrorCode::kInvalidArgument,
                       "budget 应为非负整数（元）(expected a whole amount in 元)", {"budget", 0, 0});
    }
  }
  auto view = report::BuildPlanView(a->assessment, a->plan, (*res)->profiles, q);
  if (!view) return std::unexpected(view.error());
  return Response::JsonBody(view->json);
}

Result<Response> WhatIf(const Request& req, HandlerContext& hc) {
  auto body = ObjectBody(req);
  if (!body) return std::unexpected(body.error());
  auto done = StrList(*body, "done");
  if (!done) return std::unexpected(done.error());
  auto a = Assessed(req, hc);
  if (!a) return std::unexpected(a.error());
  auto res = Res(hc);
  if (!res) return std::unexpected(res.error());
  report::PlanQuery q;
  q.assume_done.insert(done->begin(), done->end());
  auto view = report::BuildPlanView(a->assessment, a->plan, (*res)->profiles, q);
  if (!view) return std::unexpected(view.error());
  return Response::JsonBody(view->json);
}

std::string GeneratedAt(const HandlerContext& hc) {
  return workflow::FormatUtcInstant(std::chrono::sys_seconds(std::chrono::seconds(hc.now)));
}

Result<std::string> Render(const Request& req, HandlerContext& hc, const service::RoundAssessment& a,
                           const std::string& format) {
  auto res = Res(hc);
  if (!res) return std::unexpected(res.error());
  return report::RenderDocument(a.assessment, (*res)->profiles, a.plan,
                                {.format = format,
                                 .kind = req.Query("kind").value_or("full"),
                                 .goal = req.Query("target").value_or("pass"),
                                 .generated_at = GeneratedAt(hc)});
}

Result<Response> DownloadReport(const Request& req, HandlerContext& hc) {
  const std::string format = req.Query("format").value_or("docx");
  auto a = Assessed(req, hc);
  if (!a) return std::unexpected(a.error());
  auto bytes = Render(req, hc, *a, format);
  if (!bytes) return std::unexpected(bytes.error());
  const std::string ext = format == "oscal" ? "json" : format;
  return Response::File(std::move(*bytes), std::string(report::DocumentMediaType(format)),
                        req.path_params.at("round") + "-" + req.Query("kind").value_or("full") + "." + ext);
}

Result<Response> FinaliseReport(const Request& req, HandlerContext& hc) {
  auto body = ObjectBody(req);
  if (!body) return std::unexpected(body.error());
  auto format = Str(*body, "format", false, "docx");
  auto kind = Str(*body, "kind", false, "full");
  if (!format || !kind) return std::unexpected(!format ? format.error() : kind.error());
  auto a = Assessed(req, hc);
  if (!a) return std::unexpected(a.error());
  Request r = req;
  r.query = {{"kind", *kind}};
  auto bytes = Render(r, hc, *a, *format);
  if (!bytes) return std::unexpected(bytes.error());
  auto sc = ServiceCtx(hc);
  if (!sc) return std::unexpected(sc.error());
  const std::string round = req.path_params.at("round");
  auto id = Str(*body, "id", false, round + "-" + *kind + "-" + *format);
  if (!id) return std::unexpected(id.error());
  auto rec = service::FinaliseReport(*sc, *id, round, *kind, *format, *bytes);
  if (!rec) return std::unexpected(rec.error());
  return Response::JsonBody(service::RecordJson(*rec), 201);
}

Result<Response> DiffRounds(const Request& req, HandlerContext& hc) {
  auto older = req.Query("older");
  auto newer = req.Query("newer");
  if (!older || !newer)
    return MakeError(ErrorCode::kInvalidArgument, "需要 older 与 newer 两个轮次 (older and newer required)");
  auto sc = ServiceCtx(hc);
  if (!sc) return std::unexpected(sc.error());
  auto d = service::DiffRounds(*sc, *older, *newer);
  if (!d) return std::unexpected(d.error());
  auto changes = [](const std::vector<workflow::RoundChange>& v) {
    json a = json::array();
    for (const auto& c : v) a.push_back({{"key", c.key}, {"before", c.before}, {"after", c.after}});
    return a;
  };
  return Response::JsonBody({{"improved", changes(d->improved)},
                             {"regressed", changes(d->regressed)},
                             {"still_open", changes(d->still_open)},
                             {"newly_tested", changes(d->newly_tested)},
                             {"untested", changes(d->untested)},
                             {"items_closed", d->items_closed},
                             {"items_still_open", d->items_still_open}});
}

// ---- items ----

json ItemViewJson(const service::ItemView& v) {
  json j = service::RecordJson(v.item);
  j["status_label"] = workflow::StatusLabel(v.status);
  if (v.deadline) j["deadline_state"] = service::StateJson(*v.deadline);
  if (!v.escalate_to.empty()) j["escalate_to"] = v.escalate_to;
  return j;
}

// A remediation owner sees and changes only the items assigned to them.
Status OwnerMayTouch(const Request& req, const service::Record& item) {
  if (IsRole(req, auth::Role::kOwner) && item.at("owner") != Login(req))
    return MakeError(ErrorCode::kNotFound,
                     "整改项不存在 (no such item)");  // not 403: do not confirm it exists
  return {};
}

Result<Response> ListItems(const Request& req, HandlerContext& hc) {
  auto sc = ServiceCtx(hc);
  if (!sc) return std::unexpected(sc.error());
  service::ItemFilter f;
  f.round_id = req.Query("round").value_or("");
  f.system_id = req.Query("system").value_or("");
  f.owner = IsRole(req, auth::Role::kOwner) ? Login(req) : req.Query("owner").value_or("");
  f.status = req.Query("status").value_or("");
  f.overdue_only = req.Query("overdue").value_or("") == "1";
  f.active_only = req.Query("open").value_or("") == "1";
  auto items = service::ListItems(*sc, f);
  if (!items) return std::unexpected(items.error());
  if (f.overdue_only)
    std::ranges::sort(*items, std::greater<>{},
                      [](const service::ItemView& v) { return v.deadline->days_overdue; });
  json all = json::array();
  for (const auto& v : *items) all.push_back(ItemViewJson(v));
  return JsonOk(Page(req, all));
}

Result<Response> GetItem(const Request& req, HandlerContext& hc) {
  auto sc = ServiceCtx(hc);
  if (!sc) return std::unexpected(sc.error());
  const auto& round = req.path_params.at("round");
  const auto& id = req.path_params.at("item");
  auto v = service::GetItem(*sc, round, id);
  if (!v) return std::unexpected(v.error());
  if (auto st = OwnerMayTouch(req, v->item); !st) return std::unexpected(st.error());
  auto events = service::ItemEvents(*sc, round, id);
  if (!events) return std::unexpected(events.error());
  auto evidence = service::LinkedEvidence(*sc, service::ItemOwnerKey(v->item));
  if (!evidence) return std::unexpected(evidence.error());
  json j = ItemViewJson(*v);
  j["events"] = json::array();
  for (const auto& e : *events) j["events"].push_back(service::RecordJson(e));
  j["evidence"] = json::array();
  for (const auto& e : *evidence) j["evidence"].push_back(service::RecordJson(e));
  j["next"] = json::array();
  for (auto n : workflow::NextStatuses(v->status)) j["next"].push_back(workflow::StatusId(n));
  return Response::JsonBody(j);
}

Result<Response> AssignItem(const Request& req, HandlerContext& hc) {
  auto body = ObjectBody(req);
  if (!body) return std::unexpected(body.error());
  auto owner = Str(*body, "owner", false);
  auto deadline = Str(*body, "deadline", false);
  if (!owner || !deadline) return std::unexpected(!owner ? owner.error() : deadline.error());
  auto sc = ServiceCtx(hc);
  if (!sc) return std::unexpected(sc.error());
  auto r =
      service::AssignItem(*sc, req.path_params.at("round"), req.path_params.at("item"), *owner, *deadline);
  if (!r) return std::unexpected(r.error());
  return Response::JsonBody(service::RecordJson(*r));
}

// Re-verification over HTTP uses the latest scan stored for the item's target in its round
// (upload a fresh one, or have the server scan itself, before closing).
Result<service::Reverification> ReverifyFromStoredScan(service::Ctx& sc, const service::Record& item) {
  auto links = sc.db.Find("evidence_link", {{"owner", "round-input:" + item.at("round_id")},
                                            {"name", "scan/" + item.at("target_id") + ".json"}});
  if (!links) return std::unexpected(links.error());
  service::Reverification rv;
  if (links->empty()) {
    rv.summary = "该测评对象没有已上传的检查结果 (no stored scan for the target)";
    rv.evidence_json = json{{"item", item.at("id")}, {"outcome", "no scan"}}.dump();
    return rv;
  }
  auto bytes = service::EvidenceBytes(sc, links->back().at("sha256"));
  if (!bytes) return std::unexpected(bytes.error());
  auto summary = assess::ParseScanJson(*bytes, "stored scan");
  if (!summary) return std::unexpected(summary.error());
  std::map<std::string, std::string> status, reason;
  for (const auto& u : summary->units)
    for (const auto& r : u.rules) {
      status[r.id] = r.status;
      reason[r.id] = r.reason;
    }
  const std::vector<std::string> ids = service::ItemRuleIds(item);
  rv = service::JudgeReverification(item, status, reason);
  json ev = {{"item", item.at("id")},
             {"target", item.at("target_id")},
             {"scan_sha256", links->back().at("sha256")},
             {"host", summary->host},
             {"scanned_at", summary->scanned_at},
             {"rules", ids}};
  ev["outcome"] = {{"passed", rv.passed}, {"conclusive", rv.conclusive}, {"summary", rv.summary}};
  rv.evidence_json = ev.dump(2);
  return rv;
}

Result<Response> TransitionItem(const Request& req, HandlerContext& hc) {
  auto body = ObjectBody(req);
  if (!body) return std::unexpected(body.error());
  auto sc = ServiceCtx(hc);
  if (!sc) return std::unexpected(sc.error());
  const auto& round = req.path_params.at("round");
  const auto& id = req.path_params.at("item");
  auto item = service::Require(hc.db, "item", {round, id}, "整改项 (item)");
  if (!item) return std::unexpected(item.error());
  if (auto st = OwnerMayTouch(req, *item); !st) return std::unexpected(st.error());
  auto to_text = Str(*body, "to", true);
  if (!to_text) return std::unexpected(to_text.error());
  auto to = workflow::ParseStatus(*to_text);
  if (!to) return std::unexpected(to.error());
  // Owners do the work; approving, verifying and closing belong to the security administrator.
  if (IsRole(req, auth::Role::kOwner) && *to != workflow::ItemStatus::kPlanned &&
      *to != workflow::ItemStatus::kInProgress && *to != workflow::ItemStatus::kAwaitingVerification)
    return MakeError(ErrorCode::kPermissionDenied,
                     "整改责任人只能推进到整改中或待验证 (owners move items up to awaiting verification)");
  workflow::TransitionInput in;
  in.actor = hc.actor;
  for (auto [field, target] : {std::pair{"note", &in.note}, std::pair{"approver", &in.approver},
                               std::pair{"reason", &in.reason}, std::pair{"verifier", &in.verifier}}) {
    auto v = Str(*body, field, false);
    if (!v) return std::unexpected(v.error());
    *target = *v;
  }
  for (auto [field, target] :
       {std::pair{"expiry", &in.expiry}, std::pair{"new_deadline", &in.new_deadline}}) {
    auto v = Str(*body, field, false);
    if (!v) return std::unexpected(v.error());
    if (v->empty()) continue;
    auto d = workflow::ParseDate(*v);
    if (!d) return std::unexpected(d.error());
    *target = *d;
  }
  auto evidence = StrList(*body, "evidence");
  if (!evidence) return std::unexpected(evidence.error());
  in.evidence = *evidence;
  service::Reverifier reverify = [&](const service::Record& it) { return ReverifyFromStoredScan(*sc, it); };
  auto r = service::MoveItem(*sc, round, id, *to, in, &reverify);
  if (!r) return std::unexpected(r.error());
  return Response::JsonBody(service::RecordJson(*r));
}

// ---- evidence and reports ----

bool IsSha256(std::string_view s) {
  return s.size() == 64 &&
         std::ranges::all_of(s, [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

Result<Response> UploadEvidence(const Request& req, HandlerContext& hc) {
  auto name = req.Query("name");
  if (!name || name->empty())
    return MakeError(ErrorCode::kInvalidArgument, "需要 name（文件名）(name required)", {"name", 0, 0});
  auto sc = ServiceCtx(hc);
  if (!sc) return std::unexpected(sc.error());
  auto attach = req.Query("attach");
  if (attach && attach->starts_with("item:") && IsRole(req, auth::Role::kOwner)) {
    const std::string key = attach->substr(5);
    const size_t slash = key.find('/');
    if (slash == std::string::npos)
      return MakeError(ErrorCode::kInvalidArgument, "attach 应为 item:ROUND/ITEM");
    auto item =
        service::Require(hc.db, "item", {key.substr(0, slash), key.substr(slash + 1)}, "整改项 (item)");
    if (!item) return std::unexpected(item.error());
    if (auto st = OwnerMayTouch(req, *item); !st) return std::unexpected(st.error());
  } else if (attach && IsRole(req, auth::Role::kOwner) && !attach->starts_with("hazard:")) {
    return MakeError(ErrorCode::kPermissionDenied,
                     "整改责任人只能把证据关联到自己的整改项或隐患 (owners attach to their own items)");
  }
  service::Record ev;
  auto st = hc.db.WithTransaction([&]() -> Status {
    auto added = service::AddEvidence(*sc, req.body, *name);
    if (!added) return std::unexpected(added.error());
    ev = *added;
    if (attach) return service::LinkEvidence(*sc, *attach, ev.at("sha256"), *name);
    return {};
  });
  if (!st) return std::unexpected(st.error());
  ev.erase("content_b64");
  return Response::JsonBody(service::RecordJson(ev), 201);
}

// Evidence is addressed by its SHA-256 only: nothing from the request becomes a file path.
Result<Response> DownloadEvidence(const Request& req, HandlerContext& hc) {
  const std::string& sha = req.path_params.at("sha256");
  if (!IsSha256(sha))
    return MakeError(ErrorCode::kInvalidArgument, "证据编号应为 64 位十六进制 SHA-256 (expected a SHA-256)");
  auto sc = ServiceCtx(hc);
  if (!sc) return std::unexpected(sc.error());
  auto rec = service::Require(hc.db, "evidence", {sha}, "证据 (evidence)");
  if (!rec) return std::unexpected(rec.error());
  if (IsRole(req, auth::Role::kOwner)) {  // an owner downloads only evidence of their own items
    auto links = hc.db.Find("evidence_link", {{"sha256", sha}});
    if (!links) return std::unexpected(links.error());
    bool mine = false;
    for (const auto& l : *links) {
      if (!l.at("owner").starts_with("item:")) continue;
      const std::string key = l.at("owner").substr(5);
      const size_t slash = key.find('/');
      auto item = hc.db.Get("item", {key.substr(0, slash), key.substr(slash + 1)});
      mine = mine || (item && *item && (**item).at("owner") == Login(req));
    }
    if (!mine) return MakeError(ErrorCode::kNotFound, "证据不存在 (no such evidence)");
  }
  auto bytes = service::EvidenceBytes(*sc, sha);
  if (!bytes) return std::unexpected(bytes.error());
  return Response::File(std::move(*bytes), rec->at("media_type"), rec->at("name"));
}

Result<Response> ListEvidence(const Request& req, HandlerContext& hc) {
  store::Record eq;
  if (auto owner = req.Query("owner")) eq["owner"] = *owner;
  auto links = hc.db.Find("evidence_link", eq);
  if (!links) return std::unexpected(links.error());
  json all = json::array();
  for (const auto& l : *links) all.push_back(service::RecordJson(l));
  return JsonOk(Page(req, all));
}

Result<Response> ListReports(const Request& req, HandlerContext& hc) {
  auto sc = ServiceCtx(hc);
  if (!sc) return std::unexpected(sc.error());
  auto rows = service::ListReports(*sc, req.Query("id").value_or(""));
  if (!rows) return std::unexpected(rows.error());
  json all = json::array();
  for (const auto& r : *rows) all.push_back(service::RecordJson(r));
  return JsonOk(Page(req, all));
}

Result<Response> GetFinalReport(const Request& req, HandlerContext& hc) {
  auto sc = ServiceCtx(hc);
  if (!sc) return std::unexpected(sc.error());
  const std::string& id = req.path_params.at("id");
  int version = 0;
  try {
    version = std::stoi(req.path_params.at("version"));
  } catch (const std::exception&) {
    return MakeError(ErrorCode::kInvalidArgument, "版本应为整数 (version must be an integer)");
  }
  auto rec = hc.db.Get("report", {id, std::to_string(version)});
  if (!rec) return std::unexpected(rec.error());
  if (!*rec) return MakeError(ErrorCode::kNotFound, "报告不存在 (no such report)");
  auto bytes = service::ReportBytes(*sc, id, version);
  if (!bytes) return std::unexpected(bytes.error());
  const std::string format = (**rec).at("format");
  return Response::File(std::move(*bytes), std::string(report::DocumentMediaType(format)),
                        id + "-v" + std::to_string(version) + "." + (format == "oscal" ? "json" : format));
}

}  // namespace

std::vector<Route> CatalogRoutes() {
  return {
      {"GET",
       "/api/v1/catalog/units",
       "测评单元（可按级别、安全类、测评对象类型筛选）/ assessment units",
       "catalog",
       Access::kSession,
       auth::kAnyRole,
       ListUnits,
       {},
       {},
       {"level", "category", "target_type", "limit", "offset"}},
      {"GET",
       "/api/v1/catalog/units/{unit}",
       "一个测评单元 / one unit",
       "catalog",
       Access::kSession,
       auth::kAnyRole,
       GetUnit,
       {},
       {},
       {}},
  };
}

std::vector<Route> SystemRoutes() {
  return {
      {"GET",
       "/api/v1/systems",
       "系统列表 / systems",
       "systems",
       Access::kSession,
       kSecViewOwner,
       ListSystems,
       {},
       {},
       {"limit", "offset"}},
      {"POST",
       "/api/v1/systems",
       "导入或更新系统描述（dengbao-system/1 YAML）/ import a system description",
       "systems",
       Access::kSession,
       kSec,
       PutSystem,
       SchemaObject({{"yaml", "string"}}, {"yaml"}),
       {},
       {}},
      {"GET",
       "/api/v1/systems/{system}",
       "系统详情：测评对象、定级、备案与期限 / one system",
       "systems",
       Access::kSession,
       kSecViewOwner,
       GetSystem,
       {},
       {},
       {}},
      {"POST",
       "/api/v1/systems/{system}/grading",
       "记录定级 / record the grading",
       "systems",
       Access::kSession,
       kSec,
       GradeSystem,
       SchemaObject({{"business", "string"},
                     {"service", "string"},
                     {"date", "string"},
                     {"rationale", "string"},
                     {"expert_review", "string"},
                     {"approved_by", "string"},
                     {"sector", "string"},
                     {"site", "string"}},
                    {"business", "service"}),
       {},
       {}},
      {"POST",
       "/api/v1/systems/{system}/filing",
       "记录备案 / record the filing",
       "systems",
       Access::kSession,
       kSec,
       FileSystem,
       SchemaObject(
           {{"number", "string"}, {"police", "string"}, {"date", "string"}, {"certificate", "string"}},
           {"number", "police"}),
       {},
       {}},
  };
}

std::vector<Route> RoundRoutes() {
  return {
      {"GET",
       "/api/v1/rounds",
       "测评轮次 / rounds",
       "rounds",
       Access::kSession,
       kSecView,
       ListRounds,
       {},
       {},
       {"system", "limit", "offset"}},
      {"POST",
       "/api/v1/rounds",
       "开始测评轮次（默认结转上一轮）/ start a round",
       "rounds",
       Access::kSession,
       kSec,
       StartRound,
       SchemaObject({{"system", "string"},
                     {"year", "integer"},
                     {"kind", "string"},
                     {"from", "string"},
                     {"carry", "boolean"}},
                    {"system"}),
       {},
       {}},
      {"GET",
       "/api/v1/rounds/diff",
       "比较两轮 / compare two rounds",
       "rounds",
       Access::kSession,
       kSecView,
       DiffRounds,
       {},
       {},
       {"older", "newer"}},
      {"GET",
       "/api/v1/rounds/{round}",
       "轮次概况与输入 / one round",
       "rounds",
       Access::kSession,
       kSecView,
       GetRound,
       {},
       {},
       {}},
      {"GET",
       "/api/v1/rounds/{round}/results",
       "测评结果（测评对象 × 单元）/ results grid",
       "rounds",
       Access::kSession,
       kSecView,
       ListResults,
       {},
       {},
       {"target", "unit", "result", "category", "limit", "offset"}},
      {"PUT",
       "/api/v1/rounds/{round}/inputs/system",
       "上传系统描述 / store the system description",
       "rounds",
       Access::kSession,
       kSec,
       PutSystemInput,
       {},
       {},
       {}},
      {"PUT",
       "/api/v1/rounds/{round}/inputs/scans/{target}",
       "上传测评对象的检查结果（scan --json）/ store a scan",
       "rounds",
       Access::kSession,
       kSec,
       PutScanInput,
       {},
       {},
       {}},
      {"POST",
       "/api/v1/rounds/{round}/inputs/scans/{target}/run",
       "在服务器本机执行检查并作为该测评对象的结果 / scan this server",
       "rounds",
       Access::kSession,
       kSec,
       RunScanInput,
       {},
       {},
       {}},
      {"PUT",
       "/api/v1/rounds/{round}/inputs/questionnaires/{name}",
       "上传问卷（.xlsx 或 .yaml）/ store a questionnaire",
       "rounds",
       Access::kSession,
       kSec,
       PutQuestionnaireInput,
       {},
       {},
       {}},
      {"GET",
       "/api/v1/rounds/{round}/questionnaire",
       "下载待填问卷 XLSX / download the questionnaire",
       "rounds",
       Access::kSession,
       kSec,
       DownloadQuestionnaire,
       {},
       {},
       {"all"}},
      {"POST",
       "/api/v1/rounds/{round}/assess",
       "按已存输入测评并写入结果与整改项 / assess and store",
       "rounds",
       Access::kSession,
       kSec,
       AssessAndImport,
       {},
       {},
       {}},
      {"GET",
       "/api/v1/rounds/{round}/score",
       "得分、结论与高风险（估算）/ score",
       "rounds",
       Access::kSession,
       kSecView,
       Score,
       {},
       {},
       {"details"}},
      {"GET",
       "/api/v1/rounds/{round}/plan",
       "整改方案：最省钱达标或预算内最优 / plan",
       "rounds",
       Access::kSession,
       kSecView,
       Plan,
       {},
       {},
       {"target", "budget"}},
      {"POST",
       "/api/v1/rounds/{round}/whatif",
       "假设完成若干整改项后的得分 / what-if",
       "rounds",
       Access::kSession,
       kSecView,
       WhatIf,
       {{"type", "object"}, {"properties", {{"done", {{"type", "array"}, {"items", {{"type", "string"}}}}}}}},
       {},
       {}},
      {"GET",
       "/api/v1/rounds/{round}/report",
       "生成文档（docx/xlsx/html/md/oscal）/ download a document",
       "rounds",
       Access::kSession,
       kSec,
       DownloadReport,
       {},
       {},
       {"format", "kind", "target"}},
      {"POST",
       "/api/v1/rounds/{round}/reports",
       "报告定稿（存档锁定）/ finalise a report",
       "rounds",
       Access::kSession,
       kSec,
       FinaliseReport,
       SchemaObject({{"format", "string"}, {"kind", "string"}, {"id", "string"}}, {}),
       {},
       {}},
  };
}

std::vector<Route> ItemRoutes() {
  return {
      {"GET",
       "/api/v1/items",
       "整改项（责任人只看到自己的）/ remediation items",
       "items",
       Access::kSession,
       kSecViewOwner,
       ListItems,
       {},
       {},
       {"round", "system", "owner", "status", "open", "overdue", "limit", "offset"}},
      {"GET",
       "/api/v1/items/{round}/{item}",
       "整改项详情、记录与证据 / one item",
       "items",
       Access::kSession,
       kSecViewOwner,
       GetItem,
       {},
       {},
       {}},
      {"POST",
       "/api/v1/items/{round}/{item}/assign",
       "分派责任人与期限 / assign",
       "items",
       Access::kSession,
       kSec,
       AssignItem,
       SchemaObject({{"owner", "string"}, {"deadline", "string"}}, {}),
       {},
       {}},
      {"POST",
       "/api/v1/items/{round}/{item}/transition",
       "状态流转（销号前复验）/ move through the lifecycle",
       "items",
       Access::kSession,
       kSecOwner,
       TransitionItem,
       SchemaObject({{"to", "string"},
                     {"note", "string"},
                     {"approver", "string"},
                     {"reason", "string"},
                     {"expiry", "string"},
                     {"new_deadline", "string"},
                     {"verifier", "string"}},
                    {"to"}),
       {},
       {}},
  };
}

std::vector<Route> EvidenceRoutes() {
  return {
      {"POST",
       "/api/v1/evidence",
       "上传证据（请求体为文件内容）/ upload evidence",
       "evidence",
       Access::kSession,
       kSecOwner,
       UploadEvidence,
       {},
       {},
       {"name", "attach"}},
      {"GET",
       "/api/v1/evidence",
       "证据关联 / evidence links",
       "evidence",
       Access::kSession,
       kSec,
       ListEvidence,
       {},
       {},
       {"owner", "limit", "offset"}},
      {"GET",
       "/api/v1/evidence/{sha256}",
       "下载证据 / download evidence",
       "evidence",
       Access::kSession,
       kSecOwner,
       DownloadEvidence,
       {},
       {},
       {}},
      {"GET",
       "/api/v1/reports",
       "已定稿报告 / finalised reports",
       "reports",
       Access::kSession,
       kSec,
       ListReports,
       {},
       {},
       {"id", "limit", "offset"}},
      {"GET",
       "/api/v1/reports/{id}/{version}",
       "下载已定稿报告（校验摘要）/ download a finalised report",
       "reports",
       Access::kSession,
       kSec,
       GetFinalReport,
       {},
       {},
       {}},
  };
}

}  // namespace dengbao::http
