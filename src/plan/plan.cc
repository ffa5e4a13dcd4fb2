#include "plan/plan.h"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "catalog/grading.h"
#include "catalog/yaml_reader.h"

namespace dengbao::plan {

namespace fs = std::filesystem;
using assess::Outcome;
using assess::Risk;

const CostKind* CostDefaults::Find(std::string_view id) const {
  for (const auto& k : kinds)
    if (k.id == id) return &k;
  return nullptr;
}

const CostKind& CostDefaults::KindFor(const catalog::Item& item, bool from_scan) const {
  std::string_view unit = item.unit;
  if (auto dash = unit.find('-'); dash != std::string_view::npos) unit = unit.substr(dash + 1);
  if (auto it = by_unit.find(std::string(unit)); it != by_unit.end())
    if (const auto* k = Find(it->second)) return *k;
  if (from_scan)
    if (const auto* k = Find("config")) return *k;
  if (auto it = by_category.find(item.category); it != by_category.end())
    if (const auto* k = Find(it->second)) return *k;
  return kinds.front();
}

Result<CostDefaults> ParseCostDefaultsText(std::string_view text, const std::string& file) {
  auto doc = catalog::ParseYaml(text, file);
  if (!doc) return std::unexpected(doc.error());
  catalog::Diagnostics diags;
  CostDefaults d;
  catalog::MapReader r(*doc, file, "成本默认值 (cost defaults)", diags);
  if (r.is_map()) {
    if (r.String("format") != "dengbao-cost-defaults/1")
      diags.Add(ErrorCode::kValidation, "format 应为 dengbao-cost-defaults/1 (wrong format)", r.where());
    for (const auto& node : r.Sequence("kinds")) {
      catalog::MapReader k(node, file, "kinds[]", diags);
      if (!k.is_map()) continue;
      CostKind kind;
      kind.id = k.String("id");
      kind.zh = k.String("zh");
      kind.money = k.OptionalDouble("money", -1e-9, 1e10).value_or(0);
      kind.days = k.OptionalDouble("days", -1e-9, 1e5).value_or(0);
      kind.note = k.OptionalString("note");
      k.Finish();
      d.kinds.push_back(std::move(kind));
    }
    for (const char* key : {"by_category", "by_unit"}) {
      YAML::Node m = r.Map(key);
      if (!m.IsMap()) continue;
      for (auto it = m.begin(); it != m.end(); ++it) {
        const YAML::Node k = it->first;  // copy: `it->` yields a short-lived proxy
        const YAML::Node v = it->second;
        if (!k.IsScalar() || !v.IsScalar() || d.Find(v.Scalar()) == nullptr) {
          diags.Add(ErrorCode::kValidation, std::string(key) + "：值须为 kinds 中的 id (expected a kind id)",
                    catalog::LocationOf(v, file));
          continue;
        }
        (std::string_view(key) == "by_category" ? d.by_category : d.by_unit)[k.Scalar()] = v.Scalar();
      }
    }
    r.Finish();
    if (d.kinds.empty()) diags.Add(ErrorCode::kValidation, "kinds 不能为空 (no kinds)", r.where());
  }
  if (!diags.empty()) return std::unexpected(diags.errors().front());
  return d;
}

Result<CostDefaults> LoadCostDefaults(const fs::path& path) {
  auto text = catalog::ReadTextFile(path, 1 << 20);
  if (!text) return std::unexpected(text.error());
  return ParseCostDefaultsText(*text, path.string());
}

const Item* Plan::Find(std::string_view id) const {
  for (const auto& i : items)
    if (i.id == id) return &i;
  return nullptr;
}

namespace {

std::string AddDays(const std::string& date, int days) {
  auto d = catalog::ParseDate(date);
  if (!d) return date;
  return catalog::FormatDate(
      std::chrono::year_month_day(std::chrono::sys_days(*d) + std::chrono::days(days)));
}

int64_t Combined(double money, double days, double rate) { return std::llround(money + days * rate); }

}  // namespace

Result<Plan> BuildPlan(const assess::Assessment& a, const CostDefaults& costs) {
  Plan plan;
  plan.day_rate = a.system.plan.day_rate;
  const std::string start = a.system.plan.start.empty() ? a.system.assessed_on : a.system.plan.start;
  for (size_t f = 0; f < a.findings.size(); ++f) {
    const auto& finding = a.findings[f];
    const auto& cell = a.cells[finding.cell];
    const auto& target = a.TargetOf(cell);
    Item item;
    item.id = finding.id;
    item.finding = f;
    item.unit = cell.item->unit;
    item.target = target.spec.id;
    item.target_name = target.spec.name;
    item.risk = finding.adjusted;
    item.high_risk = !finding.matches.empty();
    item.priority = finding.adjusted == Risk::kHigh ? 1 : finding.adjusted == Risk::kMedium ? 2 : 3;
    const bool from_scan = cell.source == assess::Source::kScan;
    item.title = target.spec.name + "：" + cell.item->control_point.zh + "（" + item.unit + "，" +
                 std::string(assess::OutcomeNameZh(cell.outcome)) + "）";
    if (from_scan) {
      std::string steps;
      for (const auto& r : cell.scan_rules) {
        if (r.status != "fail") continue;
        if (!steps.empty()) steps += "\n";
        steps += "· " + (r.title.empty() ? r.id : r.title) + "：" + r.remediation;
        if (!r.command.empty()) item.commands.push_back(r.command);
      }
      item.action = steps.empty() ? "按要求整改：" + cell.item->text.zh : steps;
    } else {
      item.action = "按要求整改：" + cell.item->text.zh;
      if (!cell.record.empty()) item.action += "\n现状：" + cell.record;
    }
    for (size_t m : finding.matches) {
      const auto& match = a.high_risk[m];
      item.action += "\n高风险案例 " + match.high_risk->id + "（" + match.high_risk->title.zh + "）" +
                     (match.compensation ? "已补偿：" + match.compensation->measure : "须优先消除");
    }
    const CostKind& kind = costs.KindFor(*cell.item, from_scan);
    item.kind = kind.id;
    item.kind_zh = kind.zh;
    item.money = kind.money;
    item.days = kind.days;
    item.owner = a.system.plan.default_owner;
    item.deadline = AddDays(start, item.priority == 1 ? 30 : item.priority == 2 ? 60 : 90);
    plan.items.push_back(std::move(item));
  }
  for (const auto& o : a.system.plan.items) {
    auto it = std::ranges::find_if(plan.items, [&](const Item& i) { return i.id == o.id; });
    if (it == plan.items.end())
      return MakeError(ErrorCode::kValidation,
                       "plan.items 中的整改项 '" + o.id +
                           "' 不对应任何问题（该对象上该单元没有不符合/部分符合）"
                           " (override names no item)",
                       o.where);
    if (o.cost) it->money = *o.cost;
    if (o.days) it->days = *o.days;
    if (!o.owner.empty()) it->owner = o.owner;
    if (!o.deadline.empty()) it->deadline = o.deadline;
    it->overridden = true;
  }
  for (auto& i : plan.items) i.cost = Combined(i.money, i.days, plan.day_rate);
  // Priority, then unit, then target; sorting indexes keeps the (large) items from moving twice.
  std::vector<size_t> order(plan.items.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::ranges::sort(order, [&](size_t x, size_t y) {
    const Item& a = plan.items[x];
    const Item& b = plan.items[y];
    if (a.priority != b.priority) return a.priority < b.priority;
    if (int c = a.unit.compare(b.unit); c != 0) return c < 0;
    if (int c = a.target.compare(b.target); c != 0) return c < 0;
    return x < y;
  });
  std::vector<Item> sorted;
  sorted.reserve(order.size());
  for (size_t i : order) sorted.push_back(std::move(plan.items[i]));
  plan.items = std::move(sorted);
  return plan;
}

Result<Goal> ResolveGoal(std::string_view target, const std::vector<assess::Profile>& profiles) {
  if (target == "pass") {
    for (const auto& p : profiles)
      if (p.id == "mlps-2021") {
        const assess::Conclusion* lowest = nullptr;
        for (const auto& c : p.conclusions)
          if (c.pass) lowest = &c;
        if (lowest != nullptr) return Goal{&p, lowest};
      }
    return MakeError(ErrorCode::kNotFound, "找不到 mlps-2021 评分口径中的通过结论 (no passing conclusion)");
  }
  for (const auto& p : profiles)
    if (const auto* c = p.FindConclusion(target)) {
      if (!c->pass)
        return MakeError(
            ErrorCode::kInvalidArgument,
            "目标结论 '" + std::string(target) + "' 不是通过结论 (target must be a passing conclusion)");
      return Goal{&p, c};
    }
  return MakeError(
      ErrorCode::kInvalidArgument,
      "未知目标 '" + std::string(target) +
          "'，可选 pass、优/excellent、良/good、中/fair、符合/compliant、基本符合/basic (unknown target)");
}

Result<WhatIf> AssumeDone(const assess::Assessment& a, const Plan& plan, const std::set<std::string>& done) {
  WhatIf w;
  w.done = done;
  std::vector<Outcome> outcomes(a.cells.size());
  for (size_t i = 0; i < a.cells.size(); ++i) outcomes[i] = a.cells[i].outcome;
  std::vector<bool> fixed(a.findings.size(), false);
  for (const auto& id : done) {
    const Item* item = plan.Find(id);
    if (item == nullptr)
      return MakeError(ErrorCode::kInvalidArgument, "没有编号为 '" + id + "' 的整改项 (unknown item id)");
    fixed[item->finding] = true;
    outcomes[a.findings[item->finding].cell] = Outcome::kCompliant;
  }
  for (const auto& u : a.units) {
    std::vector<Outcome> os;
    for (size_t c : u.cells) os.push_back(outcomes[c]);
    w.units.push_back({u.item, assess::CombineTargets(os)});
  }
  std::set<std::string> cases;
  for (size_t f = 0; f < a.findings.size(); ++f) {
    if (fixed[f]) continue;
    const auto& finding = a.findings[f];
    if (finding.adjusted == Risk::kHigh) {
      ++w.risks.high;
      for (size_t m : finding.matches)
        if (!a.high_risk[m].compensation) cases.insert(a.high_risk[m].high_risk->id);
    }
    if (finding.adjusted == Risk::kMedium) ++w.risks.medium;
    if (finding.adjusted == Risk::kLow) ++w.risks.low;
  }
  w.remaining_high = w.risks.high;
  w.remaining_high_risk_cases.assign(cases.begin(), cases.end());
  return w;
}

int64_t MinNumerator(const assess::Conclusion& c, int64_t denominator) {
  // score = 100·num/den ≥ t  ⇔  num·100·1000 ≥ round(t·1000)·den (int64: see Satisfies for bounds).
  constexpr int64_t kScale = 100 * assess::kMilli;
  int64_t best = 0;
  if (c.min_score) {
    int64_t x = static_cast<int64_t>(std::llround(*c.min_score * assess::kMilli)) * denominator;
    best = std::max<int64_t>(best, static_cast<int64_t>((x + kScale - 1) / kScale));
  }
  if (c.above_score) {
    int64_t x = static_cast<int64_t>(std::llround(*c.above_score * assess::kMilli)) * denominator;
    best = std::max<int64_t>(best, static_cast<int64_t>(x / kScale + 1));
  }
  return best;
}

Problem MakeProblem(const assess::Assessment& a, const Plan& plan, const assess::Profile& profile,
                    const assess::Conclusion* conclusion) {
  Problem p;
  p.opt.values = {profile.value_compliant, profile.value_partial, profile.value_noncompliant};
  std::vector<int> opt_of_finding(a.findings.size(), -1);
  std::vector<int> item_of_cell(a.cells.size(), -1);
  for (size_t i = 0; i < plan.items.size(); ++i) {
    const Item& item = plan.items[i];
    const auto& finding = a.findings[item.finding];
    bool forced = false;
    if (conclusion != nullptr) {
      if (conclusion->max_high && finding.adjusted == Risk::kHigh) forced = true;
      if (conclusion->max_medium && finding.adjusted >= Risk::kMedium) forced = true;
    }
    item_of_cell[finding.cell] = static_cast<int>(p.opt.items.size());
    p.opt.items.push_back({item.cost, forced});
    p.item_of_opt.push_back(i);
  }
  for (const auto& u : a.units) {
    if (u.outcome == Outcome::kNotApplicable) continue;
    OptUnit ou;
    ou.weight = profile.WeightOf(*u.item);
    if (u.outcome == Outcome::kUntested) {
      ou.frozen = true;
      ou.frozen_value = profile.value_untested;
    }
    for (size_t c : u.cells) {
      const auto& cell = a.cells[c];
      if (cell.outcome == Outcome::kNotApplicable) continue;
      OptCell oc;
      oc.state = cell.outcome == Outcome::kCompliant ? CellState::kCompliant
                 : cell.outcome == Outcome::kPartial ? CellState::kPartial
                                                     : CellState::kNoncompliant;
      if (cell.outcome == Outcome::kUntested) {
        // Only possible in a frozen unit: the cell's state does not matter there.
        oc.state = CellState::kNoncompliant;
      }
      oc.item = item_of_cell[c];
      ou.cells.push_back(oc);
    }
    p.opt.units.push_back(std::move(ou));
  }
  return p;
}

namespace {

Optimised FromSolution(const OptSolution& s, const Problem& p, const Plan& plan) {
  Optimised o;
  o.feasible = s.feasible;
  if (!s.feasible) return o;
  for (int idx : s.items) {
    const Item& item = plan.items[p.item_of_opt[static_cast<size_t>(idx)]];
    o.items.push_back(&item);
    o.total_money += item.money;
    o.total_days += item.days;
    o.total_cost += item.cost;
  }
  std::ranges::sort(o.items, [](const Item* x, const Item* y) {
    return std::tie(x->priority, x->unit, x->target) < std::tie(y->priority, y->unit, y->target);
  });
  return o;
}

int64_t Denominator(const assess::Assessment& a, const assess::Profile& profile) {
  int64_t den = 0;
  for (const auto& u : a.units)
    if (u.outcome != Outcome::kNotApplicable) den += profile.WeightOf(*u.item) * assess::kMilli;
  return den;
}

}  // namespace

Result<Optimised> CheapestFor(const assess::Assessment& a, const Plan& plan, const Goal& goal) {
  Problem p = MakeProblem(a, plan, *goal.profile, goal.conclusion);
  auto s = MinCostReaching(p.opt, MinNumerator(*goal.conclusion, Denominator(a, *goal.profile)), false);
  if (!s) return std::unexpected(s.error());
  return FromSolution(*s, p, plan);
}

Result<Optimised> BestWithin(const assess::Assessment& a, const Plan& plan, const assess::Profile& profile,
                             int64_t budget) {
  // High risk makes any score fail, so spend on it first when the budget allows it all.
  Problem p = MakeProblem(a, plan, profile, nullptr);
  for (size_t i = 0; i < p.opt.items.size(); ++i)
    p.opt.items[i].forced = a.findings[plan.items[p.item_of_opt[i]].finding].adjusted == Risk::kHigh;
  auto s = MaxScoreWithin(p.opt, budget);
  if (!s) return std::unexpected(s.error());
  if (!s->feasible) {
    for (auto& item : p.opt.items) item.forced = false;
    s = MaxScoreWithin(p.opt, budget);
    if (!s) return std::unexpected(s.error());
  }
  return FromSolution(*s, p, plan);
}

}  // namespace dengbao::plan
