#include "service/rounds.h"

#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include "service/internal.h"
#include "workflow/deadlines.h"
#include "workflow/lifecycle.h"

namespace dengbao::service {
namespace {

std::string Join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ",") + s;
  return out;
}

std::string Tenths(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

// Result ids as workflow::DiffRounds ranks them.
std::string DiffId(const std::string& outcome) {
  if (outcome == "compliant") return "pass";
  if (outcome == "partial") return "partial";
  if (outcome == "noncompliant") return "fail";
  if (outcome == "not_applicable") return "na";
  return "untested";
}

}  // namespace

Status AppendItemEvent(Ctx& ctx, const std::string& round_id, const std::string& item_id,
                       const std::string& from, const std::string& to, const std::string& note) {
  auto events = ctx.db.Find("item_event", {{"round_id", round_id}, {"item_id", item_id}});
  if (!events) return std::unexpected(events.error());
  return ctx.db.Insert("item_event",
                       {{"round_id", round_id},
                        {"item_id", item_id},
                        {"seq", std::to_string(events->size() + 1)},
                        {"at", ctx.now},
                        {"actor", ctx.actor},
                        {"from_status", from},
                        {"to_status", to},
                        {"note", note}},
                       ctx.actor, "item.event");
}

Result<Record> StartRound(Ctx& ctx, const StartRoundInput& in) {
  auto system = Require(ctx.db, "system", {in.system_id}, "系统 (system)");
  if (!system) return std::unexpected(system.error());
  if (in.year < 2000 || in.year > 2100)
    return MakeError(ErrorCode::kInvalidArgument,
                     "年度应在 2000–2100 之间 (year out of range): " + std::to_string(in.year));
  if (in.kind != "self_check" && in.kind != "agency")
    return MakeError(ErrorCode::kInvalidArgument,
                     "轮次类型应为 self_check（自查）或 agency（测评机构）(unknown kind): " + in.kind);
  const std::string id = in.system_id + "-" + std::to_string(in.year) + "-" + in.kind;
  std::string from = in.from;
  if (from.empty() && in.carry) {  // the latest earlier round of the system
    auto rounds = ctx.db.Find("round", {{"system_id", in.system_id}});
    if (!rounds) return std::unexpected(rounds.error());
    for (const auto& r : *rounds)
      if (std::stoi(r.at("year")) < in.year || (std::stoi(r.at("year")) == in.year && r.at("id") != id))
        from = r.at("id");  // Find orders by system, year, id: the last one wins
  }
  if (!from.empty()) {
    auto prev = Require(ctx.db, "round", {from}, "上一轮次 (previous round)");
    if (!prev) return std::unexpected(prev.error());
    if (prev->at("system_id") != in.system_id)
      return MakeError(ErrorCode::kInvalidArgument,
                       "轮次 " + from + " 不属于系统 " + in.system_id + " (round of another system)");
  }
  Record round{{"id", id},
               {"system_id", in.system_id},
               {"year", std::to_string(in.year)},
               {"kind", in.kind},
               {"started_on", workflow::FormatDate(ctx.today)},
               {"status", "open"},
               {"previous_id", from},
               {"profile", ""}};
  auto st = ctx.db.WithTransaction([&]() -> Status {
    if (auto s = ctx.db.Insert("round", round, ctx.actor, "round.start"); !s) return s;
    if (from.empty() || !in.carry) return {};
    auto results = ctx.db.Find("result", {{"round_id", from}});
    if (!results) return std::unexpected(results.error());
    for (auto r : *results) {
      r["round_id"] = id;
      r["result"] = "untested";
      r["method"] = r["source"] = r["record"] = r["risk"] = r["high_risk_case"] = r["compensated"] = "";
      if (auto s = ctx.db.Put("result", r, ctx.actor, "result.carry"); !s) return s;
    }
    auto items = ctx.db.Find("item", {{"round_id", from}});
    if (!items) return std::unexpected(items.error());
    for (auto it : *items) {
      if (it.at("status") == "closed") continue;
      it["round_id"] = id;
      it["carried_from"] = from;
      if (auto s = ctx.db.Put("item", it, ctx.actor, "item.carry"); !s) return s;
      if (auto s = AppendItemEvent(ctx, id, it.at("id"), it.at("status"), it.at("status"),
                                   "自 " + from + " 结转 (carried over)");
          !s)
        return s;
    }
    return {};
  });
  if (!st) return std::unexpected(st.error());
  return round;
}

Result<ImportStats> ImportAssessment(Ctx& ctx, const std::string& round_id, const assess::Assessment& a,
                                     const plan::Plan& plan) {
  auto round = Require(ctx.db, "round", {round_id}, "测评轮次 (round)");
  if (!round) return std::unexpected(round.error());
  if (round->at("system_id") != a.system.id)
    return MakeError(ErrorCode::kInvalidArgument, "轮次 " + round_id + " 属于系统 " + round->at("system_id") +
                                                      "，而测评结果属于 " + a.system.id +
                                                      " (assessment of another system)");
  if (round->at("status") != "open")
    return MakeError(ErrorCode::kInvalidArgument,
                     "轮次 " + round_id + " 已结束，不能再导入 (round is closed)");
  ImportStats stats;
  // Per cell: its finding (risk, high-risk cases, compensation) when it has one.
  std::vector<const assess::Finding*> finding_of(a.cells.size(), nullptr);
  for (const auto& f : a.findings) finding_of[f.cell] = &f;
  auto cases_of = [&](const assess::Finding& f) {
    std::vector<std::string> ids;
    for (size_t m : f.matches) ids.push_back(a.high_risk[m].high_risk->id);
    return ids;
  };
  auto st = ctx.db.WithTransaction([&]() -> Status {
    std::map<std::string, std::string> result_of;  // "unit@target" -> outcome
    for (size_t i = 0; i < a.cells.size(); ++i) {
      const auto& c = a.cells[i];
      const std::string target = a.targets[c.target].spec.id;
      std::vector<std::string> failing;
      for (const auto& r : c.scan_rules)
        if (r.status == "fail") failing.push_back(r.id);
      Record r{{"round_id", round_id},
               {"unit_id", c.item->unit},
               {"target_id", target},
               {"result", std::string(assess::OutcomeName(c.outcome))},
               {"method", Join(c.methods)},
               {"source", std::string(assess::SourceName(c.source))},
               {"record", c.record},
               {"rule_ids", Join(failing)},
               {"risk", ""},
               {"high_risk_case", ""},
               {"compensated", ""}};
      if (const auto* f = finding_of[i]) {
        ++stats.findings;
        r["risk"] = assess::RiskName(f->adjusted);
        r["high_risk_case"] = Join(cases_of(*f));
        bool compensated = false;
        for (size_t m : f->matches) compensated = compensated || a.high_risk[m].compensation.has_value();
        r["compensated"] = compensated ? "1" : "0";
      }
      result_of[c.item->unit + "@" + target] = r["result"];
      if (auto s = ctx.db.Put("result", r, ctx.actor, "result.import"); !s) return s;
      ++stats.results;
    }
    std::set<std::string> planned;
    for (const auto& p : plan.items) {
      planned.insert(p.id);
      const auto& f = a.findings[p.finding];
      const auto& cell = a.cells[f.cell];
      std::vector<std::string> failing;
      for (const auto& r : cell.scan_rules)
        if (r.status == "fail") failing.push_back(r.id);
      const bool automatic = cell.source == assess::Source::kScan && !failing.empty();
      std::string remediation = p.action;
      for (const auto& cmd : p.commands) remediation += "\n$ " + cmd;
      Record desc{{"unit_id", p.unit},
                  {"target_id", p.target},
                  {"title", p.title},
                  {"risk", std::string(assess::RiskName(p.risk))},
                  {"high_risk_case", Join(cases_of(f))},
                  {"priority", std::to_string(p.priority)},
                  {"fix_kind", p.kind},
                  {"cost_money", std::to_string(std::llround(p.money))},
                  {"cost_days", Tenths(p.days)},
                  {"rule_ids", Join(failing)},
                  {"automatic", automatic ? "1" : "0"},
                  {"remediation", remediation}};
      auto existing = ctx.db.Get("item", {round_id, p.id});
      if (!existing) return std::unexpected(existing.error());
      Record item;
      if (*existing) {
        item = **existing;
        bool changed = false;
        for (const auto& [k, v] : desc) {
          changed = changed || item[k] != v;
          item[k] = v;
        }
        if (item.at("status") == "closed") {
          item["status"] = "open";
          item["closed_on"] = "";
          item["verifier"] = "";
          ++stats.items_reopened;
          if (auto s = AppendItemEvent(ctx, round_id, p.id, "closed", "open",
                                       "复测仍存在该问题，重新打开 (finding is back)");
              !s)
            return s;
        } else if (changed) {
          ++stats.items_updated;
        }
      } else {
        item = desc;
        item["round_id"] = round_id;
        item["id"] = p.id;
        item["owner"] = p.owner;
        item["deadline"] = p.deadline;
        item["status"] = "open";
        for (const char* k : {"approver", "reason", "expiry", "verifier", "closed_on", "carried_from"})
          item[k] = "";
        ++stats.items_new;
        if (auto s = AppendItemEvent(ctx, round_id, p.id, "", "open",
                                     "由测评结果生成 (created from the assessment)");
            !s)
          return s;
      }
      if (auto s = ctx.db.Put("item", item, ctx.actor, "item.import"); !s) return s;
    }
    auto items = ctx.db.Find("item", {{"round_id", round_id}});
    if (!items) return std::unexpected(items.error());
    for (const auto& it : *items) {
      if (planned.contains(it.at("id"))) continue;
      auto status = workflow::ParseStatus(it.at("status"));
      auto res = result_of.find(it.at("id"));
      if (status && workflow::IsActive(*status) && res != result_of.end() && res->second == "compliant")
        stats.items_resolved.push_back(it.at("id"));
    }
    return {};
  });
  if (!st) return std::unexpected(st.error());
  return stats;
}

Result<workflow::RoundView> LoadRoundView(Ctx& ctx, const std::string& round_id) {
  auto round = Require(ctx.db, "round", {round_id}, "测评轮次 (round)");
  if (!round) return std::unexpected(round.error());
  workflow::RoundView v;
  auto results = ctx.db.Find("result", {{"round_id", round_id}});
  if (!results) return std::unexpected(results.error());
  for (const auto& r : *results)
    v.results[r.at("unit_id") + "@" + r.at("target_id")] = DiffId(r.at("result"));
  auto items = ctx.db.Find("item", {{"round_id", round_id}});
  if (!items) return std::unexpected(items.error());
  for (const auto& it : *items) v.items[it.at("id")] = it.at("status");
  return v;
}

Result<workflow::RoundDiff> DiffRounds(Ctx& ctx, const std::string& older, const std::string& newer) {
  auto a = LoadRoundView(ctx, older);
  if (!a) return std::unexpected(a.error());
  auto b = LoadRoundView(ctx, newer);
  if (!b) return std::unexpected(b.error());
  return workflow::DiffRounds(*a, *b);
}

}  // namespace dengbao::service
