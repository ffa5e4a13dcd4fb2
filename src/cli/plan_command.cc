// `dengbao plan`: the full rectification plan, the cheapest set of items for a target
// conclusion (--target), the best score within a budget (--budget), and what-if (--assume-done).
#include <charconv>
#include <cmath>
#include <set>
#include <sstream>

#include "cli/assess_common.h"
#include "cli/output.h"
#include "report/summary.h"

namespace dengbao::cli {

namespace {

using nlohmann::json;

std::string Days(double v) { return assess::FormatTenths(v); }
std::string Money(double v) { return assess::FormatFixed(v, 0); }

json Outcome(const Loaded& l, const std::vector<assess::UnitOutcome>& units, const assess::RiskCounts& risks,
             const std::vector<std::string>& open_cases) {
  json j = json::object();
  for (const auto& p : l.profiles) {
    auto r = assess::ComputeScore(p, units, risks, *l.assessment.catalog);
    double score = std::round(r.score * 100) / 100;
    std::string conclusion = r.conclusion ? r.conclusion->zh : "";
    if (p.id == "mlps-2021") {
      j["score"] = score;
      j["conclusion"] = conclusion;
      j["pass"] = r.conclusion != nullptr && r.conclusion->pass;
    }
    if (p.id == "mlps-2025") {
      j["rate_2025"] = score;
      j["conclusion_2025"] = conclusion;
    }
  }
  j["high_risk"] = open_cases;
  j["risks"] = {{"high", risks.high}, {"medium", risks.medium}, {"low", risks.low}};
  return j;
}

Result<json> Evaluate(const Loaded& l, const std::set<std::string>& done) {
  auto w = plan::AssumeDone(l.assessment, l.plan, done);
  if (!w) return std::unexpected(w.error());
  return Outcome(l, w->units, w->risks, w->remaining_high_risk_cases);
}

Result<int64_t> ParseBudget(std::string_view text) {
  int64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || v < 0)
    return MakeError(ErrorCode::kInvalidArgument,
                     "--budget 应为非负整数（元）(expected a whole amount in 元)");
  return v;
}

void PrintItems(std::ostream& out, const std::vector<const plan::Item*>& items) {
  std::vector<std::vector<std::string>> rows;
  for (const auto* i : items)
    rows.push_back({i->id, std::string(assess::RiskNameZh(i->risk)), i->kind_zh, Money(i->money),
                    Days(i->days), i->owner, i->deadline});
  PrintTable(out, {"整改项", "风险", "类别", "费用(元)", "人天", "负责人", "期限"}, rows);
}

}  // namespace

Status RunPlan(Context& ctx) {
  auto loaded = LoadForCommand(ctx);
  if (!loaded) return std::unexpected(loaded.error());
  const Loaded& l = *loaded;
  std::set<std::string> assumed;
  for (const auto& id : ctx.ListOption("assume-done")) assumed.insert(id);

  json j = {{"system", l.assessment.system.id}, {"estimate", true}, {"day_rate", l.plan.day_rate}};
  auto before = Evaluate(l, {});
  if (!before) return std::unexpected(before.error());
  j["before"] = *before;

  std::vector<const plan::Item*> chosen;
  std::string mode = "all";
  auto target = ctx.args().Get("target");
  auto budget = ctx.args().Get("budget");
  if (target && budget)
    return MakeError(ErrorCode::kUsage, "--target 与 --budget 只能选一个 (give one of them)");
  if (!assumed.empty() && (target || budget))
    return MakeError(ErrorCode::kUsage,
                     "--assume-done 单独使用：给出假设已完成的整改项 (use --assume-done alone)");
  if (target) {
    auto goal = plan::ResolveGoal(*target, l.profiles);
    if (!goal) return std::unexpected(goal.error());
    auto opt = plan::CheapestFor(l.assessment, l.plan, *goal);
    if (!opt) return std::unexpected(opt.error());
    mode = "target";
    j["target"] = {
        {"profile", goal->profile->id}, {"conclusion", goal->conclusion->zh}, {"id", goal->conclusion->id}};
    j["feasible"] = opt->feasible;
    if (!opt->feasible) {
      j["reason"] = "即使完成全部整改项也达不到目标（如存在未测单元或不可整改的问题）(target unreachable)";
      ctx.SetExitCode(1);
    }
    chosen = opt->items;
  } else if (budget) {
    auto b = ParseBudget(*budget);
    if (!b) return std::unexpected(b.error());
    auto opt = plan::BestWithin(l.assessment, l.plan, l.Profile("mlps-2021"), *b);
    if (!opt) return std::unexpected(opt.error());
    mode = "budget";
    j["budget"] = *b;
    j["feasible"] = opt->feasible;
    chosen = opt->items;
  } else if (!assumed.empty()) {
    mode = "what_if";
    for (const auto& id : assumed) {
      const auto* item = l.plan.Find(id);
      if (item == nullptr)
        return MakeError(ErrorCode::kInvalidArgument, "没有编号为 '" + id + "' 的整改项 (unknown item id)");
      chosen.push_back(item);
    }
  } else {
    for (const auto& i : l.plan.items) chosen.push_back(&i);
  }
  std::set<std::string> done;
  json items = json::array();
  double money = 0, days = 0;
  int64_t total = 0;
  for (const auto* i : chosen) {
    done.insert(i->id);
    items.push_back(report::ItemJson(*i));
    money += i->money;
    days += i->days;
    total += i->cost;
  }
  auto after = Evaluate(l, done);
  if (!after) return std::unexpected(after.error());
  j["mode"] = mode;
  j["items"] = items;
  j["total_cost"] = total;
  j["total_money"] = money;
  j["total_days"] = days;
  j["after"] = *after;
  for (const char* key : {"score", "conclusion", "pass", "rate_2025", "conclusion_2025", "high_risk"})
    if (after->contains(key)) j[key] = (*after)[key];
  j["note"] = "成本 = 费用 + 人天 × 人天单价；得分与结论为估算。";

  if (ctx.json()) {
    ctx.out() << j.dump(2) << "\n";
    return {};
  }
  auto& out = ctx.out();
  out << "整改前：" << (*before)["score"].get<double>() << " 分，"
      << (*before)["conclusion"].get<std::string>() << "；2025 口径 " << (*before)["rate_2025"].get<double>()
      << "%，" << (*before)["conclusion_2025"].get<std::string>() << "\n";
  if (mode == "target")
    out << "目标：" << j["target"]["conclusion"].get<std::string>() << "（"
        << j["target"]["profile"].get<std::string>() << "）"
        << (j["feasible"].get<bool>() ? "" : "——无法达到") << "\n";
  PrintItems(out, chosen);
  out << "共 " << chosen.size() << " 项，费用 " << Money(money) << " 元，" << Days(days) << " 人天，折合 "
      << total << " 元（人天单价 " << Money(l.plan.day_rate) << " 元）\n";
  out << "完成后：" << (*after)["score"].get<double>() << " 分，" << (*after)["conclusion"].get<std::string>()
      << "；2025 口径 " << (*after)["rate_2025"].get<double>() << "%，"
      << (*after)["conclusion_2025"].get<std::string>() << "（估算）\n";
  return {};
}

}  // namespace dengbao::cli
