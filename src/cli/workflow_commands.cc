// Store-backed assessment workflow (issue #5): rounds, remediation items with their lifecycle and
// re-verification, evidence, finalised reports, and `due` — everything with a date that needs
// attention today.
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "assess/inputs.h"
#include "catalog/yaml_reader.h"
#include "cli/assess_common.h"
#include "cli/command.h"
#include "cli/output.h"
#include "cli/scan_output.h"
#include "cli/store_common.h"
#include "host/fs_host.h"
#include "ops/evidence_type.h"
#include "rules/scan.h"
#include "service/evidence.h"
#include "service/items.h"
#include "service/records.h"
#include "service/round_inputs.h"
#include "service/rounds.h"

namespace dengbao::cli {
namespace {

namespace fs = std::filesystem;

Status NeedPositionals(Context& ctx, size_t n, std::string_view usage) {
  if (ctx.args().positional.size() != n)
    return MakeError(ErrorCode::kUsage,
                     "参数个数不对，用法: dengbao " + std::string(usage) + " (wrong number of arguments)");
  return {};
}

// ---- rounds ----

Status RunRoundStart(Context& ctx) {
  auto s = OpenSession(ctx);
  if (!s) return std::unexpected(s.error());
  auto year = ctx.IntOption("year", 2000, 2100);
  if (!year) return std::unexpected(year.error());
  service::StartRoundInput in;
  in.system_id = ctx.args().positional[0];
  in.year = year->value_or(std::stoi(workflow::FormatDate(s->sc->today).substr(0, 4)));
  in.kind = ctx.args().Get("kind").value_or("self_check");
  in.from = ctx.args().Get("from").value_or("");
  in.carry = !ctx.args().Flag("no-carry");
  auto r = service::StartRound(*s->sc, in);
  if (!r) return std::unexpected(r.error());
  PrintJsonOr(ctx, RecordJson(*r).dump(2),
              "已开始测评轮次 " + r->at("id") +
                  (r->at("previous_id").empty()
                       ? ""
                       : "（自 " + r->at("previous_id") + " 结转未销号整改项，结果重置为未测）") +
                  " / round started");
  return {};
}

// Stores the inputs with the round (system description, each target's scan, each questionnaire)
// and imports the assessment rebuilt from those stored inputs, so what the round shows can be
// reproduced from what it keeps.
Status RunRoundImport(Context& ctx) {
  auto loaded = LoadForCommand(ctx);
  if (!loaded) return std::unexpected(loaded.error());
  auto cat = ctx.Catalog();
  if (!cat) return std::unexpected(cat.error());
  auto system_text = catalog::ReadTextFile(*ctx.args().Get("system"), assess::kMaxInputBytes);
  if (!system_text) return std::unexpected(system_text.error());
  auto s = OpenSession(ctx);
  if (!s) return std::unexpected(s.error());
  const std::string round = ctx.args().positional[0];
  Result<service::ImportStats> stats = MakeError(ErrorCode::kInternal, "unreachable");
  auto st = s->db->WithTransaction([&]() -> Status {
    if (auto r = service::PutRoundSystem(*s->sc, round, *system_text, **cat); !r) return r;
    const auto& targets = loaded->assessment.targets;
    for (size_t i = 0; i < targets.size(); ++i)
      if (!loaded->scan_json[i].empty())
        if (auto r = service::PutRoundScan(*s->sc, round, targets[i].spec.id, loaded->scan_json[i], **cat);
            !r)
          return r;
    for (const auto& q : loaded->questionnaire_files) {
      auto bytes = catalog::ReadTextFile(q, assess::kMaxInputBytes);
      if (!bytes) return std::unexpected(bytes.error());
      if (auto r =
              service::PutRoundQuestionnaire(*s->sc, round, fs::path(q).filename().string(), *bytes, **cat);
          !r)
        return r;
    }
    auto rebuilt = service::AssessRound(*s->sc, round, **cat, loaded->costs);
    if (!rebuilt) return std::unexpected(rebuilt.error());
    stats = service::ImportAssessment(*s->sc, round, rebuilt->assessment, rebuilt->plan);
    if (!stats) return std::unexpected(stats.error());
    return {};
  });
  if (!st) return st;
  nlohmann::json j = {{"round", ctx.args().positional[0]},
                      {"results", stats->results},
                      {"findings", stats->findings},
                      {"items_new", stats->items_new},
                      {"items_updated", stats->items_updated},
                      {"items_reopened", stats->items_reopened},
                      {"items_resolved", stats->items_resolved}};
  std::string text = "已导入 " + std::to_string(stats->results) + " 条结果、" +
                     std::to_string(stats->findings) + " 个安全问题；整改项新增 " +
                     std::to_string(stats->items_new) + "，更新 " + std::to_string(stats->items_updated) +
                     "，重新打开 " + std::to_string(stats->items_reopened) + " / imported";
  if (!stats->items_resolved.empty())
    text += "\n复测已符合、可申请验证销号的整改项: " + std::to_string(stats->items_resolved.size());
  PrintJsonOr(ctx, j.dump(2), text);
  return {};
}

Status RunRoundList(Context& ctx) {
  auto s = OpenSession(ctx);
  if (!s) return std::unexpected(s.error());
  store::Record eq;
  if (auto sys = ctx.args().Get("system")) eq["system_id"] = *sys;
  auto rounds = s->db->Find("round", eq);
  if (!rounds) return std::unexpected(rounds.error());
  nlohmann::json arr = nlohmann::json::array();
  std::vector<std::vector<std::string>> rows;
  for (const auto& r : *rounds) {
    service::ItemFilter filter;
    filter.round_id = r.at("id");
    filter.active_only = true;
    auto items = service::ListItems(*s->sc, filter);
    if (!items) return std::unexpected(items.error());
    size_t overdue = 0;
    for (const auto& v : *items) overdue += v.deadline && v.deadline->days_overdue > 0 ? 1 : 0;
    nlohmann::json j = RecordJson(r);
    j["open_items"] = items->size();
    j["overdue_items"] = overdue;
    arr.push_back(j);
    rows.push_back({r.at("id"), r.at("system_id"), r.at("year"),
                    r.at("kind") == "agency" ? "测评机构" : "自查", r.at("status"),
                    std::to_string(items->size()), std::to_string(overdue)});
  }
  if (ctx.json()) {
    ctx.out() << arr.dump(2) << "\n";
  } else {
    PrintTable(ctx.out(), {"轮次", "系统", "年度", "类型", "状态", "未销号", "逾期"}, rows);
  }
  return {};
}

Status RunRoundShow(Context& ctx) {
  auto s = OpenSession(ctx);
  if (!s) return std::unexpected(s.error());
  const std::string id = ctx.args().positional[0];
  auto round = service::Require(*s->db, "round", {id}, "测评轮次 (round)");
  if (!round) return std::unexpected(round.error());
  auto results = s->db->Find("result", {{"round_id", id}});
  if (!results) return std::unexpected(results.error());
  std::map<std::string, int> by_result, by_risk;
  std::set<std::string> cases;
  for (const auto& r : *results) {
    ++by_result[r.at("result")];
    if (!r.at("risk").empty()) ++by_risk[r.at("risk")];
    if (!r.at("high_risk_case").empty() && r.at("compensated") != "1") cases.insert(r.at("high_risk_case"));
  }
  service::ItemFilter filter;
  filter.round_id = id;
  auto items = service::ListItems(*s->sc, filter);
  if (!items) return std::unexpected(items.error());
  std::map<std::string, int> by_status;
  for (const auto& v : *items) ++by_status[std::string(workflow::StatusId(v.status))];
  nlohmann::json j = RecordJson(*round);
  j["results"] = by_result;
  j["findings_by_risk"] = by_risk;
  j["open_high_risk_cases"] = cases;
  j["items_by_status"] = by_status;
  std::ostringstream t;
  t << "测评轮次 " << id << "（" << round->at("system_id") << "，" << round->at("year") << " 年）\n结果:";
  for (const auto& [k, n] : by_result) {
    auto o = assess::ParseOutcome(k);
    t << " " << (o ? std::string(assess::OutcomeNameZh(*o)) : k) << " " << n;
  }
  t << "\n整改项:";
  for (const auto& [k, n] : by_status) {
    auto st = workflow::ParseStatus(k);
    t << " " << (st ? std::string(workflow::StatusLabel(*st)) : k) << " " << n;
  }
  t << "\n未补偿的高风险单元数: " << cases.size();
  PrintJsonOr(ctx, j.dump(2), t.str());
  return {};
}

Status RunRoundDiff(Context& ctx) {
  if (auto st = NeedPositionals(ctx, 2, "round diff OLDER NEWER"); !st) return st;
  auto s = OpenSession(ctx);
  if (!s) return std::unexpected(s.error());
  auto d = service::DiffRounds(*s->sc, ctx.args().positional[0], ctx.args().positional[1]);
  if (!d) return std::unexpected(d.error());
  auto changes = [](const std::vector<workflow::RoundChange>& v) {
    nlohmann::json a = nlohmann::json::array();
    for (const auto& c : v) a.push_back({{"key", c.key}, {"before", c.before}, {"after", c.after}});
    return a;
  };
  nlohmann::json j = {{"improved", changes(d->improved)},       {"regressed", changes(d->regressed)},
                      {"still_open", changes(d->still_open)},   {"newly_tested", changes(d->newly_tested)},
                      {"untested", changes(d->untested)},       {"items_closed", d->items_closed},
                      {"items_still_open", d->items_still_open}};
  std::ostringstream t;
  t << "改进 " << d->improved.size() << "，退步 " << d->regressed.size() << "，仍未解决 "
    << d->still_open.size() << "，新测 " << d->newly_tested.size() << "，未测 " << d->untested.size()
    << "；整改项已销号 " << d->items_closed.size() << "，仍未销号 " << d->items_still_open.size() << "\n";
  for (const auto& c : d->regressed) t << "退步: " << c.key << " " << c.before << " → " << c.after << "\n";
  for (const auto& c : d->improved) t << "改进: " << c.key << " " << c.before << " → " << c.after << "\n";
  PrintJsonOr(ctx, j.dump(2), t.str());
  return {};
}

// ---- items ----

nlohmann::json ItemJson(const service::ItemView& v) {
  nlohmann::json j = RecordJson(v.item);
  j["status_label"] = workflow::StatusLabel(v.status);
  if (v.deadline) j["deadline_state"] = StateJson(*v.deadline);
  if (!v.escalate_to.empty()) j["escalate_to"] = v.escalate_to;
  return j;
}

Status RunItemList(Context& ctx) {
  auto s = OpenSession(ctx);
  if (!s) return std::unexpected(s.error());
  service::ItemFilter f;
  f.round_id = ctx.args().Get("round").value_or("");
  f.system_id = ctx.args().Get("system").value_or("");
  f.owner = ctx.args().Get("owner").value_or("");
  f.status = ctx.args().Get("status").value_or("");
  f.overdue_only = ctx.args().Flag("overdue");
  f.active_only = ctx.args().Flag("open");
  auto items = service::ListItems(*s->sc, f);
  if (!items) return std::unexpected(items.error());
  if (f.overdue_only)  // most overdue first: what to chase today
    std::ranges::sort(*items, std::greater<>{},
                      [](const service::ItemView& v) { return v.deadline->days_overdue; });
  nlohmann::json arr = nlohmann::json::array();
  std::vector<std::vector<std::string>> rows;
  for (const auto& v : *items) {
    arr.push_back(ItemJson(v));
    rows.push_back({v.item.at("round_id"), v.item.at("id"), Truncate(v.item.at("title"), 36),
                    std::string(workflow::StatusLabel(v.status)), v.item.at("owner"), v.item.at("deadline"),
                    v.deadline ? StateText(*v.deadline) : "", v.escalate_to});
  }
  if (ctx.json()) {
    ctx.out() << arr.dump(2) << "\n";
  } else {
    PrintTable(ctx.out(), {"轮次", "整改项", "问题", "状态", "责任人", "期限", "提醒", "督办对象"}, rows);
  }
  return {};
}

Status RunItemShow(Context& ctx) {
  if (auto st = NeedPositionals(ctx, 2, "item show ROUND ITEM"); !st) return st;
  auto s = OpenSession(ctx);
  if (!s) return std::unexpected(s.error());
  const auto& p = ctx.args().positional;
  auto v = service::GetItem(*s->sc, p[0], p[1]);
  if (!v) return std::unexpected(v.error());
  auto events = service::ItemEvents(*s->sc, p[0], p[1]);
  if (!events) return std::unexpected(events.error());
  auto evidence = service::LinkedEvidence(*s->sc, service::ItemOwnerKey(v->item));
  if (!evidence) return std::unexpected(evidence.error());
  nlohmann::json j = ItemJson(*v);
  j["events"] = nlohmann::json::array();
  for (const auto& e : *events) j["events"].push_back(RecordJson(e));
  j["evidence"] = nlohmann::json::array();
  for (const auto& e : *evidence) j["evidence"].push_back(RecordJson(e));
  j["next"] = nlohmann::json::array();
  for (auto n : workflow::NextStatuses(v->status)) j["next"].push_back(workflow::StatusId(n));
  std::ostringstream t;
  t << v->item.at("id") << "  " << v->item.at("title") << "\n状态: " << workflow::StatusLabel(v->status)
    << "  责任人: " << v->item.at("owner") << "  期限: " << v->item.at("deadline");
  if (v->deadline) t << "（" << StateText(*v->deadline) << "）";
  t << "\n风险: " << v->item.at("risk")
    << (v->item.at("high_risk_case").empty() ? "" : "  高风险案例: " + v->item.at("high_risk_case"))
    << "\n来源: "
    << (v->item.at("automatic") == "1" ? "自动检查（规则 " + v->item.at("rule_ids") + "，销号前须复验）"
                                       : "问卷/人工")
    << "\n整改措施: " << v->item.at("remediation") << "\n记录:\n";
  for (const auto& e : *events)
    t << "  " << e.at("at") << " " << e.at("actor") << " " << e.at("from_status") << "→" << e.at("to_status")
      << " " << e.at("note") << "\n";
  for (const auto& e : *evidence)
    t << "  证据 " << e.at("sha256").substr(0, 16) << " " << e.at("name") << "\n";
  PrintJsonOr(ctx, j.dump(2), t.str());
  return {};
}

Status RunItemAssign(Context& ctx) {
  if (auto st = NeedPositionals(ctx, 2, "item assign ROUND ITEM --owner U --deadline D"); !st) return st;
  auto s = OpenSession(ctx);
  if (!s) return std::unexpected(s.error());
  const auto& p = ctx.args().positional;
  auto r = service::AssignItem(*s->sc, p[0], p[1], ctx.args().Get("owner").value_or(""),
                               ctx.args().Get("deadline").value_or(""));
  if (!r) return std::unexpected(r.error());
  PrintJsonOr(ctx, RecordJson(*r).dump(2),
              "已更新整改项 " + p[1] + "：责任人 " + r->at("owner") + "，期限 " + r->at("deadline"));
  return {};
}

// Re-runs the item's failing rules on its target: an offline root (--root), this machine
// (--local), or a fresh saved scan of the target (--scan). Every rule must now pass; a rule that
// gives manual/error or is missing from the scan makes the outcome inconclusive.
Result<service::Reverification> Reverify(Context& ctx, const store::Record& item) {
  const std::vector<std::string> ids = service::ItemRuleIds(item);
  std::map<std::string, std::string> status, reason;  // rule -> pass|fail|…
  nlohmann::json evidence = {{"item", item.at("id")}, {"target", item.at("target_id")}, {"rules", ids}};
  if (auto scan_path = ctx.args().Get("scan")) {
    auto text = catalog::ReadTextFile(*scan_path, assess::kMaxInputBytes);
    if (!text) return std::unexpected(text.error());
    auto summary = assess::ParseScanJson(*text, *scan_path);
    if (!summary) return std::unexpected(summary.error());
    evidence["source"] = {
        {"scan_file", *scan_path}, {"host", summary->host}, {"scanned_at", summary->scanned_at}};
    for (const auto& u : summary->units)
      for (const auto& r : u.rules) {
        status[r.id] = r.status;
        reason[r.id] = r.reason;
      }
    evidence["scan"] = nlohmann::json::parse(*text, nullptr, false);
  } else {
    auto root = ctx.args().Get("root");
    if (!root && !ctx.args().Flag("local"))
      return service::Reverification{};  // caller reports what is needed
    auto cat = ctx.Catalog();
    if (!cat) return std::unexpected(cat.error());
    auto rules = ctx.Rules();
    if (!rules) return std::unexpected(rules.error());
    std::vector<rules::Rule> picked;
    for (const auto& r : **rules)
      if (std::ranges::find(ids, r.id) != ids.end()) picked.push_back(r);
    std::unique_ptr<host::Host> h;
    if (root) {
      auto rh = host::NewRootfsHost(*root);
      if (!rh) return std::unexpected(rh.error());
      h = std::move(*rh);
    } else {
      h = host::NewLocalHost();
    }
    rules::ScanReport report = rules::Scan(*h, **cat, picked, ctx.Probes(), {.level = 3, .deep = false});
    for (const auto& r : report.rules) {
      status[r.rule->id] = std::string(rules::RuleStatusName(r.status));
      reason[r.rule->id] = r.reason;
    }
    evidence["source"] = root ? nlohmann::json{{"root", *root}} : nlohmann::json{{"local", report.host}};
    evidence["scan"] = ScanJson(report, false);
  }
  service::Reverification rv = service::JudgeReverification(item, status, reason);
  evidence["outcome"] = {{"passed", rv.passed}, {"conclusive", rv.conclusive}, {"summary", rv.summary}};
  rv.evidence_json = evidence.dump(2);
  return rv;
}

Status RunItemMove(Context& ctx) {
  if (auto st = NeedPositionals(ctx, 3, "item move ROUND ITEM STATUS"); !st) return st;
  auto s = OpenSession(ctx);
  if (!s) return std::unexpected(s.error());
  const auto& p = ctx.args().positional;
  auto to = workflow::ParseStatus(p[2]);
  if (!to) return std::unexpected(to.error());
  workflow::TransitionInput in;
  in.actor = s->sc->actor;
  in.note = ctx.args().Get("note").value_or("");
  in.approver = ctx.args().Get("approver").value_or("");
  in.reason = ctx.args().Get("reason").value_or("");
  in.verifier = ctx.args().Get("verifier").value_or("");
  in.evidence = ctx.ListOption("evidence");
  for (auto [name, field] : {std::pair{"expiry", &in.expiry}, std::pair{"new-deadline", &in.new_deadline}})
    if (auto d = ctx.args().Get(name)) {
      auto parsed = workflow::ParseDate(*d);
      if (!parsed) return std::unexpected(parsed.error());
      *field = *parsed;
    }
  bool have_source = ctx.args().Get("root") || ctx.args().Get("scan") || ctx.args().Flag("local");
  service::Reverifier reverify;
  if (have_source) reverify = [&ctx](const store::Record& item) { return Reverify(ctx, item); };
  auto r = service::MoveItem(*s->sc, p[0], p[1], *to, in, have_source ? &reverify : nullptr);
  if (!r) return std::unexpected(r.error());
  PrintJsonOr(
      ctx, RecordJson(*r).dump(2),
      "整改项 " + p[1] + " 已转为 " + std::string(workflow::StatusLabel(*to)) + " / moved to " + p[2]);
  return {};
}

// ---- evidence ----

Status RunEvidenceAdd(Context& ctx) {
  auto s = OpenSession(ctx);
  if (!s) return std::unexpected(s.error());
  const std::string path = ctx.args().positional[0];
  std::error_code ec;
  if (!fs::is_regular_file(path, ec))
    return MakeError(ErrorCode::kNotFound, "证据文件不存在 (no such file): " + path);
  if (fs::file_size(path, ec) > ops::kMaxEvidenceBytes)
    return MakeError(ErrorCode::kTooLarge, "证据文件超过 32 MiB (evidence too large): " + path);
  auto bytes = catalog::ReadTextFile(path, ops::kMaxEvidenceBytes);
  if (!bytes) return std::unexpected(bytes.error());
  const std::string name = ctx.args().Get("name").value_or(fs::path(path).filename().string());
  service::Record ev;
  auto st = s->db->WithTransaction([&]() -> Status {
    auto added = service::AddEvidence(*s->sc, *bytes, name);
    if (!added) return std::unexpected(added.error());
    ev = *added;
    if (auto owner = ctx.args().Get("attach"))
      return service::LinkEvidence(*s->sc, *owner, ev.at("sha256"), name);
    return {};
  });
  if (!st) return std::unexpected(st.error());
  ev.erase("content_b64");
  PrintJsonOr(ctx, RecordJson(ev).dump(2),
              "已存证 " + ev.at("sha256") + "（" + ev.at("media_type") + "，" + ev.at("size") + " 字节）" +
                  (ctx.args().Get("attach") ? "，关联到 " + *ctx.args().Get("attach") : ""));
  return {};
}

Status RunEvidenceGet(Context& ctx) {
  auto out = ctx.args().Get("output");
  if (!out) return MakeError(ErrorCode::kUsage, "--output FILE 必填 (output file required)");
  auto s = OpenSession(ctx);
  if (!s) return std::unexpected(s.error());
  auto bytes = service::EvidenceBytes(*s->sc, ctx.args().positional[0]);
  if (!bytes) return std::unexpected(bytes.error());
  if (auto st = WriteFileAtomic(*out, *bytes); !st) return st;
  PrintJsonOr(ctx, nlohmann::json{{"output", *out}, {"bytes", bytes->size()}}.dump(2), "已写出 " + *out);
  return {};
}

Status RunEvidenceList(Context& ctx) {
  auto s = OpenSession(ctx);
  if (!s) return std::unexpected(s.error());
  store::Record eq;
  if (auto owner = ctx.args().Get("owner")) eq["owner"] = *owner;
  auto links = s->db->Find("evidence_link", eq);
  if (!links) return std::unexpected(links.error());
  nlohmann::json arr = nlohmann::json::array();
  std::vector<std::vector<std::string>> rows;
  for (const auto& l : *links) {
    arr.push_back(RecordJson(l));
    rows.push_back(
        {l.at("owner"), l.at("sha256").substr(0, 16), l.at("name"), l.at("added_at"), l.at("added_by")});
  }
  if (ctx.json()) {
    ctx.out() << arr.dump(2) << "\n";
  } else {
    PrintTable(ctx.out(), {"关联对象", "SHA-256", "名称", "时间", "操作者"}, rows);
  }
  return {};
}

// ---- finalised reports ----

Status RunReportFinalise(Context& ctx) {
  auto round = ctx.args().Get("round");
  if (!round) return MakeError(ErrorCode::kUsage, "--round ROUND 必填 (round required)");
  const std::string path = ctx.args().positional[0];
  std::error_code ec;
  if (!fs::is_regular_file(path, ec))
    return MakeError(ErrorCode::kNotFound, "报告文件不存在 (no such file): " + path);
  auto bytes = catalog::ReadTextFile(path, 64 * 1024 * 1024);
  if (!bytes) return std::unexpected(bytes.error());
  auto s = OpenSession(ctx);
  if (!s) return std::unexpected(s.error());
  std::string format = fs::path(path).extension().string();
  if (!format.empty()) format.erase(0, 1);
  const std::string id =
      ctx.args().Get("id").value_or(*round + "-" + ctx.args().Get("kind").value_or("full"));
  auto rec =
      service::FinaliseReport(*s->sc, id, *round, ctx.args().Get("kind").value_or("full"), format, *bytes);
  if (!rec) return std::unexpected(rec.error());
  PrintJsonOr(ctx, RecordJson(*rec).dump(2),
              "报告 " + id + " 第 " + rec->at("version") + " 版已定稿，SHA-256 " + rec->at("digest") +
                  " / finalised");
  return {};
}

Status RunReportList(Context& ctx) {
  auto s = OpenSession(ctx);
  if (!s) return std::unexpected(s.error());
  auto rows = service::ListReports(*s->sc, ctx.args().Get("id").value_or(""));
  if (!rows) return std::unexpected(rows.error());
  nlohmann::json arr = nlohmann::json::array();
  std::vector<std::vector<std::string>> table;
  for (const auto& r : *rows) {
    arr.push_back(RecordJson(r));
    table.push_back({r.at("id"), r.at("version"), r.at("round_id"), r.at("format"), r.at("size"),
                     r.at("digest").substr(0, 16), r.at("created_at"), r.at("created_by")});
  }
  if (ctx.json()) {
    ctx.out() << arr.dump(2) << "\n";
  } else {
    PrintTable(ctx.out(), {"报告", "版本", "轮次", "格式", "字节", "SHA-256", "定稿时间", "定稿人"}, table);
  }
  return {};
}

Status RunReportGet(Context& ctx) {
  auto out = ctx.args().Get("output");
  if (!out) return MakeError(ErrorCode::kUsage, "--output FILE 必填 (output file required)");
  auto version = ctx.IntOption("version", 1, 1000000);
  if (!version) return std::unexpected(version.error());
  auto s = OpenSession(ctx);
  if (!s) return std::unexpected(s.error());
  auto bytes = service::ReportBytes(*s->sc, ctx.args().positional[0], version->value_or(0));
  if (!bytes) return std::unexpected(bytes.error());
  if (auto st = WriteFileAtomic(*out, *bytes); !st) return st;
  PrintJsonOr(ctx, nlohmann::json{{"output", *out}, {"bytes", bytes->size()}}.dump(2), "已写出 " + *out);
  return {};
}

// ---- due ----

Status RunDue(Context& ctx) {
  auto s = OpenSession(ctx);
  if (!s) return std::unexpected(s.error());
  auto days = ctx.IntOption("days", 0, 3650);
  if (!days) return std::unexpected(days.error());
  const int window = days->value_or(7);
  struct Row {
    std::string kind, object, what, due, owner, escalate_to;
    workflow::DeadlineState state;
  };
  std::vector<Row> rows;
  auto keep = [&](const workflow::DeadlineState& st) { return st.days_left <= window; };
  auto items = service::ListItems(*s->sc, {});
  if (!items) return std::unexpected(items.error());
  for (const auto& v : *items)
    if (v.deadline && keep(*v.deadline))
      rows.push_back(
          {v.status == workflow::ItemStatus::kAccepted ? "风险接受到期" : "整改项",
           v.item.at("round_id") + "/" + v.item.at("id"), v.item.at("title"),
           v.status == workflow::ItemStatus::kAccepted ? v.item.at("expiry") : v.item.at("deadline"),
           v.item.at("owner"), v.escalate_to, *v.deadline});
  auto systems = s->db->ListSystems();
  if (!systems) return std::unexpected(systems.error());
  for (const auto& sys : *systems) {
    auto f = service::GetFilingStatus(*s->sc, sys.id);
    if (!f) return std::unexpected(f.error());
    if (f->filing_due && keep(*f->filing_due))
      rows.push_back({"备案", sys.id, "定级后 30 日内向公安机关备案",
                      workflow::FormatDate(f->dates->filing_due), "", "", *f->filing_due});
    if (f->renewal && keep(*f->renewal))
      rows.push_back({"备案证明到期", sys.id, "备案证明有效期届满，需复核换证",
                      workflow::FormatDate(*f->dates->certificate_expiry), "", "", *f->renewal});
  }
  std::ranges::sort(rows, {}, [](const Row& r) { return r.state.days_left; });
  nlohmann::json arr = nlohmann::json::array();
  std::vector<std::vector<std::string>> table;
  for (const auto& r : rows) {
    nlohmann::json j = {{"kind", r.kind},
                        {"object", r.object},
                        {"what", r.what},
                        {"due", r.due},
                        {"owner", r.owner},
                        {"escalate_to", r.escalate_to},
                        {"state", StateJson(r.state)}};
    arr.push_back(j);
    table.push_back(
        {r.kind, r.object, Truncate(r.what, 30), r.due, StateText(r.state), r.owner, r.escalate_to});
  }
  if (ctx.json()) {
    ctx.out() << nlohmann::json{{"today", workflow::FormatDate(s->sc->today)},
                                {"window_days", window},
                                {"due", arr}}
                     .dump(2)
              << "\n";
    return {};
  }
  ctx.out() << "截至 " << workflow::FormatDate(s->sc->today) << "（北京时间），逾期及 " << window
            << " 天内到期事项 " << rows.size() << " 项\n";
  if (!rows.empty())
    PrintTable(ctx.out(), {"类别", "对象", "事项", "期限", "状态", "责任人", "督办对象"}, table);
  return {};
}

constexpr OptionSpec kAs{"as", "LOGIN", "以该用户身份记录操作 / act as this stored user"};
constexpr OptionSpec kRoundStartOptions[] = {
    kDbOption,
    kAs,
    {"year", "YYYY", "年度（默认今年）/ year"},
    {"kind", "self_check|agency", "自查或测评机构测评（默认 self_check）/ kind"},
    {"from", "ROUND", "从该轮次结转（默认该系统上一轮）/ carry over from this round"},
    {"no-carry", "", "不结转上一轮 / start empty"},
};
constexpr OptionSpec kRoundImportOptions[] = {
    kDbOption,
    kAs,
    {"system", "FILE", "系统描述文件（必填）/ system description"},
    {"scan", "T=FILE[,…]", "附加已保存的检查结果 / attach saved scans"},
    {"questionnaire", "FILE[,…]", "导入问卷 / import questionnaires"},
    {"rules", "DIR", "规则目录 / rules folder"},
    {"profiles", "DIR", "评分口径目录 / scoring profiles folder"},
};
constexpr OptionSpec kRoundListOptions[] = {kDbOption,
                                            {"system", "SYSTEM", "只列出该系统 / only this system"}};
constexpr OptionSpec kDbOnly[] = {kDbOption, kAs};
constexpr OptionSpec kItemListOptions[] = {
    kDbOption,
    {"round", "ROUND", "只列出该轮次 / only this round"},
    {"system", "SYSTEM", "只列出该系统 / only this system"},
    {"owner", "USER", "只列出该责任人 / only this owner"},
    {"status", "STATUS", "open|planned|in_progress|awaiting_verification|closed|deferred|accepted"},
    {"open", "", "只列出未销号的 / only items still needing work"},
    {"overdue", "", "只列出已逾期的，逾期最久在前 / only overdue items, most overdue first"},
};
constexpr OptionSpec kItemAssignOptions[] = {
    kDbOption, kAs, {"owner", "USER", "责任人 / owner"}, {"deadline", "YYYY-MM-DD", "整改期限 / deadline"}};
constexpr OptionSpec kItemMoveOptions[] = {
    kDbOption,
    kAs,
    {"note", "TEXT", "说明 / note"},
    {"approver", "USER", "批准人（延期、接受风险必填）/ approver"},
    {"reason", "TEXT", "理由（延期、接受风险、重新打开必填）/ reason"},
    {"expiry", "YYYY-MM-DD", "延期或接受风险的有效期（必填，不超过一年）/ expiry"},
    {"new-deadline", "YYYY-MM-DD", "延期后的新期限（默认有效期）/ deadline when deferring"},
    {"verifier", "USER", "验证人（销号必填，不能是责任人）/ verifier"},
    {"evidence", "SHA[,…]", "证据（销号须有证据）/ evidence digests"},
    {"root", "DIR", "在该离线目录上复验自动检查项 / re-check on an offline root"},
    {"local", "", "在本机复验自动检查项 / re-check on this machine"},
    {"scan", "FILE", "用测评对象的最新检查结果复验 / re-check with a fresh saved scan"},
    {"rules", "DIR", "规则目录 / rules folder"},
};
constexpr OptionSpec kEvidenceAddOptions[] = {
    kDbOption,
    kAs,
    {"attach", "OWNER", "关联到对象，如 item:ROUND/ITEM / attach to an owner"},
    {"name", "NAME", "证据名称（默认文件名）/ name"},
};
constexpr OptionSpec kOutputOptions[] = {kDbOption, {"output", "FILE", "写入文件（必填）/ output file"}};
constexpr OptionSpec kEvidenceListOptions[] = {kDbOption,
                                               {"owner", "OWNER", "只列出该对象的证据 / only this owner"}};
constexpr OptionSpec kFinaliseOptions[] = {
    kDbOption,
    kAs,
    {"round", "ROUND", "所属测评轮次（必填）/ round"},
    {"id", "ID", "报告编号（默认 ROUND-KIND）/ report id"},
    {"kind", "full|gap|plan|record", "报告类别（默认 full）/ kind"},
};
constexpr OptionSpec kReportListOptions[] = {kDbOption,
                                             {"id", "ID", "只列出该报告的各版本 / only this report"}};
constexpr OptionSpec kReportGetOptions[] = {kDbOption,
                                            {"output", "FILE", "写入文件（必填）/ output file"},
                                            {"version", "N", "版本（默认最新）/ version"}};
constexpr OptionSpec kDueOptions[] = {kDbOption,
                                      {"days", "N", "列出 N 天内到期的（默认 7）/ window in days"}};

constexpr CommandSpec kWorkflowCommands[] = {
    {"round start", "SYSTEM", "开始新一轮测评（默认结转上一轮未销号整改项）/ start a round",
     kRoundStartOptions, RunRoundStart},
    {"round import", "ROUND", "把测评结果、安全问题与整改项写入轮次 / store an assessment in a round",
     kRoundImportOptions, RunRoundImport},
    {"round list", "", "列出测评轮次 / list rounds", kRoundListOptions, RunRoundList},
    {"round show", "ROUND", "轮次概况 / one round", kDbOnly, RunRoundShow},
    {"round diff", "OLDER NEWER", "比较两轮：改进、退步、仍未解决 / compare two rounds", kDbOnly,
     RunRoundDiff},
    {"item list", "", "列出整改项及其期限状态 / list remediation items", kItemListOptions, RunItemList},
    {"item show", "ROUND ITEM", "整改项详情、记录与证据 / one item with history", kDbOnly, RunItemShow},
    {"item assign", "ROUND ITEM", "分派责任人与期限 / set owner and deadline", kItemAssignOptions,
     RunItemAssign},
    {"item move", "ROUND ITEM STATUS", "状态流转（销号前复验）/ move an item through its lifecycle",
     kItemMoveOptions, RunItemMove},
    {"evidence add", "FILE", "存证（按 SHA-256 去重，校验类型）/ store an evidence file", kEvidenceAddOptions,
     RunEvidenceAdd},
    {"evidence get", "SHA256", "取出证据文件 / write an evidence file out", kOutputOptions, RunEvidenceGet},
    {"evidence list", "", "列出证据关联 / list evidence links", kEvidenceListOptions, RunEvidenceList},
    {"report finalise", "FILE", "报告定稿：存档并锁定，修改即新版本 / lock a finished report",
     kFinaliseOptions, RunReportFinalise},
    {"report list", "", "列出已定稿报告 / list finalised reports", kReportListOptions, RunReportList},
    {"report get", "ID", "取出已定稿报告（校验摘要）/ write a finalised report out", kReportGetOptions,
     RunReportGet},
    {"due", "", "今天需要关注的：逾期与即将到期事项、督办对象 / what is overdue or due soon", kDueOptions,
     RunDue},
};

}  // namespace

std::span<const CommandSpec> WorkflowCommands() { return kWorkflowCommands; }

}  // namespace dengbao::cli
