// `dengbao assess` (results, score, high risk), `dengbao assess questionnaire` (export the
// questionnaire to fill) and `dengbao plan` (optimise, what-if).
#include <algorithm>
#include <set>
#include <sstream>

#include "cli/assess_common.h"
#include "cli/output.h"
#include "report/questionnaire.h"
#include "report/summary.h"

namespace dengbao::cli {

namespace {

std::string Fixed2(double v) { return assess::FormatFixed(v, 2); }

void PrintAssessmentText(std::ostream& out, const Loaded& l) {
  const auto& a = l.assessment;
  out << a.system.name << "（第 " << a.system.level << " 级，" << a.system.grade.Label() << "）测评日期 "
      << a.system.assessed_on << "\n\n";
  for (const auto& p : l.profiles) {
    auto r = assess::ScoreAssessment(p, a);
    out << p.name.zh << "：" << Fixed2(r.score) << (p.measure == "rate" ? "%" : " 分") << " → "
        << (r.conclusion ? r.conclusion->zh : "?") << "（估算）\n";
    for (const auto& line : r.arithmetic) out << "  " << line << "\n";
    out << "\n";
  }
  auto open = report::OpenHighRiskCases(a);
  out << "高风险问题：" << (open.empty() ? "无" : "") << "\n";
  std::vector<std::vector<std::string>> rows;
  for (const auto& m : a.high_risk) {
    const auto& cell = a.cells[m.cell];
    rows.push_back({m.high_risk->id, Truncate(m.high_risk->title.zh, 24), a.TargetOf(cell).spec.id,
                    cell.item->unit, m.compensation ? "已补偿→中" : (m.presumed ? "高（推定）" : "高")});
  }
  if (!rows.empty()) PrintTable(out, {"案例", "名称", "测评对象", "单元", "风险"}, rows);
  rows.clear();
  for (const auto& f : a.findings) {
    const auto& cell = a.cells[f.cell];
    rows.push_back({f.id, Truncate(cell.item->control_point.zh, 12),
                    std::string(assess::OutcomeNameZh(cell.outcome)),
                    std::string(assess::RiskNameZh(f.adjusted)), Truncate(cell.record, 40)});
  }
  out << "\n安全问题 " << a.findings.size() << " 个：\n";
  if (!rows.empty()) PrintTable(out, {"编号", "控制点", "结果", "风险", "结果记录"}, rows);
  for (const auto& w : a.warnings) out << "注意：" << w << "\n";
}

}  // namespace

Status RunAssess(Context& ctx) {
  auto loaded = LoadForCommand(ctx);
  if (!loaded) return std::unexpected(loaded.error());
  if (ctx.json())
    ctx.out()
        << report::AssessmentJson(loaded->assessment, loaded->profiles, ctx.args().Flag("details")).dump(2)
        << "\n";
  else
    PrintAssessmentText(ctx.out(), *loaded);
  auto r = assess::ScoreAssessment(loaded->Profile("mlps-2021"), loaded->assessment);
  ctx.SetExitCode(r.conclusion != nullptr && r.conclusion->pass ? 0 : 1);
  return {};
}

Status RunAssessQuestionnaire(Context& ctx) {
  auto loaded = LoadForCommand(ctx);
  if (!loaded) return std::unexpected(loaded.error());
  std::string format = ctx.args().Get("format").value_or("xlsx");
  auto output = ctx.args().Get("output");
  if (!output) return MakeError(ErrorCode::kUsage, "缺少 --output FILE (--output is required)");
  bool all = ctx.args().Flag("all");
  if (format == "yaml") {
    Status st = WriteFileAtomic(*output, report::QuestionnaireYaml(loaded->assessment, all));
    if (!st) return st;
  } else if (format == "xlsx") {
    Status st = report::WriteQuestionnaireXlsx(loaded->assessment, all, *output);
    if (!st) return st;
  } else {
    return MakeError(ErrorCode::kUsage, "--format 取值 xlsx|yaml (expected xlsx or yaml)");
  }
  if (!ctx.json())
    ctx.out() << "已写入问卷：" << *output << "\n";
  else
    ctx.out() << nlohmann::json{{"output", *output}, {"format", format}}.dump() << "\n";
  return {};
}

}  // namespace dengbao::cli
