#include "report/plan_view.h"

#include <cmath>

#include "assess/score.h"
#include "report/summary.h"

namespace dengbao::report {
namespace {

using nlohmann::json;

const assess::Profile& ProfileOr(const std::vector<assess::Profile>& profiles, std::string_view id) {
  for (const auto& p : profiles)
    if (p.id == id) return p;
  return profiles.front();
}

}  // namespace

Result<json> WhatIfOutcome(const assess::Assessment& a, const plan::Plan& plan,
                           const std::vector<assess::Profile>& profiles, const std::set<std::string>& done) {
  auto w = plan::AssumeDone(a, plan, done);
  if (!w) return std::unexpected(w.error());
  json j = json::object();
  for (const auto& p : profiles) {
    auto r = assess::ComputeScore(p, w->units, w->risks, *a.catalog);
    const double score = std::round(r.score * 100) / 100;
    const std::string conclusion = r.conclusion ? r.conclusion->zh : "";
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
  j["high_risk"] = w->remaining_high_risk_cases;
  j["risks"] = {{"high", w->risks.high}, {"medium", w->risks.medium}, {"low", w->risks.low}};
  return j;
}

Result<PlanView> BuildPlanView(const assess::Assessment& a, const plan::Plan& plan,
                               const std::vector<assess::Profile>& profiles, const PlanQuery& q) {
  if (profiles.empty()) return MakeError(ErrorCode::kInternal, "no scoring profiles");
  PlanView v;
  json& j = v.json;
  j = {{"system", a.system.id}, {"estimate", true}, {"day_rate", plan.day_rate}};
  auto before = WhatIfOutcome(a, plan, profiles, {});
  if (!before) return std::unexpected(before.error());
  j["before"] = *before;
  const bool target = !q.target.empty();
  if (target && q.budget)
    return MakeError(ErrorCode::kUsage, "目标与预算只能选一个 (give a target or a budget)");
  if (!q.assume_done.empty() && (target || q.budget))
    return MakeError(ErrorCode::kUsage, "假设完成须单独使用 (what-if is used alone)");
  std::string mode = "all";
  if (target) {
    auto goal = plan::ResolveGoal(q.target, profiles);
    if (!goal) return std::unexpected(goal.error());
    auto opt = plan::CheapestFor(a, plan, *goal);
    if (!opt) return std::unexpected(opt.error());
    mode = "target";
    j["target"] = {
        {"profile", goal->profile->id}, {"conclusion", goal->conclusion->zh}, {"id", goal->conclusion->id}};
    v.feasible = opt->feasible;
    if (!opt->feasible)
      j["reason"] = "即使完成全部整改项也达不到目标（如存在未测单元或不可整改的问题）(target unreachable)";
    v.chosen = opt->items;
  } else if (q.budget) {
    auto opt = plan::BestWithin(a, plan, ProfileOr(profiles, "mlps-2021"), *q.budget);
    if (!opt) return std::unexpected(opt.error());
    mode = "budget";
    j["budget"] = *q.budget;
    v.feasible = opt->feasible;
    v.chosen = opt->items;
  } else if (!q.assume_done.empty()) {
    mode = "what_if";
    for (const auto& id : q.assume_done) {
      const auto* item = plan.Find(id);
      if (item == nullptr)
        return MakeError(ErrorCode::kInvalidArgument, "没有编号为 '" + id + "' 的整改项 (unknown item id)");
      v.chosen.push_back(item);
    }
  } else {
    for (const auto& i : plan.items) v.chosen.push_back(&i);
  }
  if (mode == "target" || mode == "budget") j["feasible"] = v.feasible;
  std::set<std::string> done;
  json items = json::array();
  double money = 0, days = 0;
  int64_t total = 0;
  for (const auto* i : v.chosen) {
    done.insert(i->id);
    items.push_back(ItemJson(*i));
    money += i->money;
    days += i->days;
    total += i->cost;
  }
  auto after = WhatIfOutcome(a, plan, profiles, done);
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
  return v;
}

}  // namespace dengbao::report
