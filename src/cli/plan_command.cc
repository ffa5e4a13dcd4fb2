// `dengbao plan`: the full rectification plan, the cheapest set of items for a target
// conclusion (--target), the best score within a budget (--budget), and what-if (--assume-done).
#include <charconv>
#include <cmath>
#include <set>
#include <sstream>

#include "cli/assess_common.h"
#include "cli/output.h"
#include "report/plan_view.h"
#include "report/summary.h"

namespace dengbao::cli {

namespace {

using nlohmann::json;

std::string Days(double v) { return assess::FormatTenths(v); }
std::string Money(double v) { return assess::FormatFixed(v, 0); }

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

  auto target = ctx.args().Get("target");
  auto budget = ctx.args().Get("budget");
  if (target && budget)
    return MakeError(ErrorCode::kUsage, "--target 与 --budget 只能选一个 (give one of them)");
  if (!assumed.empty() && (target || budget))
    return MakeError(ErrorCode::kUsage,
                     "--assume-done 单独使用：给出假设已完成的整改项 (use --assume-done alone)");
  report::PlanQuery q{.target = target.value_or(""), .budget = std::nullopt, .assume_done = assumed};
  if (budget) {
    auto b = ParseBudget(*budget);
    if (!b) return std::unexpected(b.error());
    q.budget = *b;
  }
  auto view = report::BuildPlanView(l.assessment, l.plan, l.profiles, q);
  if (!view) return std::unexpected(view.error());
  if (!view->feasible && target) ctx.SetExitCode(1);
  const json& j = view->json;
  const json* before = &j["before"];
  const json* after = &j["after"];
  const std::string mode = j["mode"];
  const auto& chosen = view->chosen;
  const double money = j["total_money"], days = j["total_days"];
  const int64_t total = j["total_cost"];

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
