#include "report/reports.h"

#include <cmath>
#include <map>
#include <set>
#include <sstream>

#include "assess/score.h"
#include "report/ooxml/xlsx_writer.h"
#include "report/oscal.h"
#include "report/summary.h"

namespace dengbao::report {

using assess::Outcome;

namespace {

std::string Num(double v, int digits) { return assess::FormatFixed(v, digits); }
std::string Days(double v) { return assess::FormatTenths(v); }

std::string Yuan(double v) {
  // 12345678 -> 12,345,678
  std::string digits = Num(std::round(v), 0);
  std::string out;
  int n = 0;
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    if (n > 0 && n % 3 == 0 && *it != '-') out.insert(out.begin(), ',');
    out.insert(out.begin(), *it);
    ++n;
  }
  return out;
}

std::string Score(const assess::ScoreReport& r) {
  return Num(r.score, 2) + (r.profile->measure == "rate" ? "%" : " 分");
}

std::string KindZh(const std::string& kind) {
  return kind == "agency" ? "测评机构等级测评" : "自查（自评估）";
}

struct After {
  assess::ScoreReport s2021, s2025;
  int high = 0;
};

After ScoreAfter(const ReportInputs& in, const std::vector<const plan::Item*>& items) {
  std::set<std::string> done;
  for (const auto* i : items) done.insert(i->id);
  After out;
  auto w = plan::AssumeDone(*in.assessment, *in.plan, done);
  if (!w) return out;
  for (const auto& p : *in.profiles) {
    auto r = assess::ComputeScore(p, w->units, w->risks, *in.assessment->catalog);
    if (p.id == "mlps-2021") out.s2021 = r;
    if (p.id == "mlps-2025") out.s2025 = r;
  }
  out.high = w->risks.high;
  return out;
}

void Overview(const ReportInputs& in, Doc& d) {
  const auto& a = *in.assessment;
  const auto& s = a.system;
  d.Heading(1, "一、被测系统概况");
  std::string ext;
  for (const auto& e : s.extensions) {
    const auto* scope = a.catalog->manifest().FindScope(e);
    ext += (ext.empty() ? "" : "、") + (scope != nullptr ? scope->name.zh : e);
  }
  d.Table({"项目", "内容"},
          {{"系统名称", s.name},
           {"运营使用单位", s.organisation.empty() ? "—" : s.organisation},
           {"安全保护等级", "第 " + std::to_string(s.level) + " 级（" + s.grade.Label() + "）"},
           {"扩展要求", ext.empty() ? "无（仅通用要求）" : ext},
           {"业务连续性要求高", s.business_continuity ? "是" : "否"},
           {"测评类型", KindZh(s.kind)},
           {"测评日期", s.assessed_on},
           {"适用测评单元", std::to_string(a.applicable.size()) + " 个"}},
          {4, 12});
  d.Heading(2, "测评对象");
  std::vector<std::vector<std::string>> rows;
  for (const auto& t : a.targets) {
    size_t cells = 0, answered = 0;
    for (const auto& c : a.cells)
      if (&a.TargetOf(c) == &t) {
        ++cells;
        if (c.outcome != Outcome::kUntested) ++answered;
      }
    std::string source =
        t.scan ? "自动检查（" + (t.scan->os.empty() ? t.scan->host : t.scan->os) + "）+ 问卷" : "问卷";
    rows.push_back({t.spec.id, t.spec.name, t.type != nullptr ? t.type->name.zh : t.spec.type, source,
                    std::to_string(answered) + " / " + std::to_string(cells)});
  }
  d.Table({"编号", "名称", "类型", "结果来源", "已测 / 适用单元"}, rows, {3, 4.5, 3.5, 3.5, 2.5});
}

void Conclusions(const ReportInputs& in, Doc& d) {
  const auto& a = *in.assessment;
  d.Heading(1, "二、预测结论（估算）");
  d.Paragraph(
      "以下得分与结论按评分口径估算，供整改决策参考，不是测评机构的正式结论。测评报告模板中的精确计分公式未公"
      "开，"
      "本工具使用的取值、权重与阈值及其出处列于各口径说明中。",
      false);
  std::vector<std::vector<std::string>> rows;
  for (const auto& p : *in.profiles) {
    auto r = assess::ScoreAssessment(p, a);
    rows.push_back({p.name.zh, Score(r), r.conclusion != nullptr ? r.conclusion->zh : "—",
                    r.conclusion != nullptr && r.conclusion->pass ? "通过" : "不通过"});
  }
  d.Table({"评分口径", "得分 / 符合率", "结论", "是否通过"}, rows, {7, 3, 3, 3});
  auto open = OpenHighRiskCases(a);
  auto risks = assess::CountRisks(a);
  d.Paragraph("安全问题 " + std::to_string(a.findings.size()) + " 个（补偿后）：高风险 " +
                  std::to_string(risks.high) + " 个、中风险 " + std::to_string(risks.medium) +
                  " 个、低风险 " + std::to_string(risks.low) + " 个；涉及未补偿高风险案例 " +
                  std::to_string(open.size()) + " 个。" +
                  (risks.high > 0 ? "存在高风险问题，按 2021 版口径结论为“差”，须优先整改。" : ""),
              risks.high > 0);
  d.Heading(2, "得分计算");
  for (const auto& p : *in.profiles) {
    auto r = assess::ScoreAssessment(p, a);
    d.Paragraph(p.name.zh, true);
    d.Bullets(r.arithmetic);
    std::vector<std::vector<std::string>> cats;
    for (const auto& l : r.categories)
      cats.push_back({l.key + " " + l.name, Num(l.numerator / 1e6, 2) + " / " + Num(l.denominator / 1e6, 2),
                      Num(l.score, 2), std::to_string(l.counts[0]), std::to_string(l.counts[1]),
                      std::to_string(l.counts[2]), std::to_string(l.counts[3]), std::to_string(l.counts[4])});
    d.Table({"安全类", "加权得分 / 权重", "得分", "符合", "部分", "不符合", "不适用", "未测"}, cats,
            {3.6, 3, 1.6, 1.3, 1.3, 1.5, 1.5, 1.3});
    if (&p == &in.profiles->front()) {
      std::vector<std::vector<std::string>> cps;
      for (const auto& l : r.control_points)
        cps.push_back({l.key, Num(l.numerator / 1e6, 2) + " / " + Num(l.denominator / 1e6, 2),
                       Num(l.score, 2), std::to_string(l.counts[0]), std::to_string(l.counts[1]),
                       std::to_string(l.counts[2]), std::to_string(l.counts[3]),
                       std::to_string(l.counts[4])});
      d.Paragraph("按控制点（" + p.id + "）：", true);
      d.Table({"安全类/控制点", "加权得分 / 权重", "得分", "符合", "部分", "不符合", "不适用", "未测"}, cps,
              {3.6, 3, 1.6, 1.3, 1.3, 1.5, 1.5, 1.3});
    }
    std::string src;
    for (const auto& [k, v] : p.sources) src += (src.empty() ? "" : "\n") + k + "：" + v;
    d.Paragraph("口径出处：\n" + src);
  }
  if (!a.uncovered.empty()) {
    std::vector<std::string> items;
    for (const auto* i : a.uncovered)
      items.push_back(i->unit + " " + i->control_point.zh + "（适用对象类型均未列入测评对象）");
    d.Heading(2, "未覆盖的测评单元（按未测计）");
    d.Bullets(items);
  }
}

void HighRisk(const ReportInputs& in, Doc& d) {
  const auto& a = *in.assessment;
  d.Heading(1, "三、高风险问题");
  if (a.high_risk.empty()) {
    d.Paragraph("未发现与《高风险判定指引》案例匹配的问题。");
    return;
  }
  d.Paragraph(
      "“推定”表示该单元不符合、按案例条件成立推定，需测评人员确认；“补偿”表示已记录补偿措施及理由"
      "（整体测评），风险由高降为中。");
  std::vector<std::vector<std::string>> rows;
  for (const auto& m : a.high_risk) {
    const auto& c = a.cells[m.cell];
    std::string basis = m.basis;
    if (m.compensation)
      basis += "\n补偿措施：" + m.compensation->measure + "\n理由：" + m.compensation->reason;
    rows.push_back({m.high_risk->id, m.high_risk->title.zh, a.TargetOf(c).spec.name, c.item->unit,
                    m.presumed ? "高（推定）" : "高", m.compensation ? "中（已补偿）" : "高", basis});
  }
  d.Table({"案例", "名称", "测评对象", "单元", "原风险", "调整后", "依据 / 补偿"}, rows,
          {1.6, 3, 2.4, 2.2, 1.6, 1.8, 4.4});
}

void Findings(const ReportInputs& in, Doc& d) {
  const auto& a = *in.assessment;
  d.Heading(1, "四、安全问题清单");
  std::vector<std::vector<std::string>> rows;
  for (const auto& f : a.findings) {
    const auto& c = a.cells[f.cell];
    rows.push_back({f.id, c.item->control_point.zh, c.item->text.zh,
                    std::string(assess::OutcomeNameZh(c.outcome)),
                    std::string(assess::RiskNameZh(f.adjusted)), c.record});
  }
  if (rows.empty()) {
    d.Paragraph("没有不符合或部分符合的结果。");
    return;
  }
  d.Table({"编号", "控制点", "测评项", "结果", "风险", "结果记录"}, rows, {3.2, 2, 4, 1.4, 1, 5.4});
}

void PlanSection(const ReportInputs& in, Doc& d) {
  const auto& plan = *in.plan;
  d.Heading(1, "五、整改方案");
  After before = ScoreAfter(in, {});
  std::vector<const plan::Item*> all;
  for (const auto& i : plan.items) all.push_back(&i);
  After after_all = ScoreAfter(in, all);
  std::set<std::string> rec;
  if (in.recommended != nullptr && in.goal != nullptr) {
    d.Heading(2, "推荐方案：达到“" + in.goal->conclusion->zh + "”的最低成本组合");
    if (!in.recommended->feasible) {
      d.Paragraph("即使完成全部整改项也达不到该结论（例如存在未测单元，须先补测）。", true);
    } else {
      for (const auto* i : in.recommended->items) rec.insert(i->id);
      After after = ScoreAfter(in, in.recommended->items);
      d.Paragraph("优化器在全部 " + std::to_string(plan.items.size()) + " 个整改项中选出 " +
                  std::to_string(in.recommended->items.size()) + " 项：费用 " +
                  Yuan(in.recommended->total_money) + " 元、工作量 " + Days(in.recommended->total_days) +
                  " 人天，折合 " + Yuan(static_cast<double>(in.recommended->total_cost)) + " 元（人天单价 " +
                  Yuan(plan.day_rate) +
                  " 元）。这是满足目标的最低成本组合（精确求解，见 docs/scoring.md）；高风险问题全部纳入。");
      d.Table({"", "整改前", "完成推荐方案后", "完成全部整改项后"},
              {{"2021 版得分 / 结论", Score(before.s2021) + " / " + before.s2021.conclusion->zh,
                Score(after.s2021) + " / " + after.s2021.conclusion->zh,
                Score(after_all.s2021) + " / " + after_all.s2021.conclusion->zh},
               {"2025 版符合率 / 结论", Score(before.s2025) + " / " + before.s2025.conclusion->zh,
                Score(after.s2025) + " / " + after.s2025.conclusion->zh,
                Score(after_all.s2025) + " / " + after_all.s2025.conclusion->zh},
               {"高风险问题", std::to_string(before.high), std::to_string(after.high),
                std::to_string(after_all.high)}},
              {4.5, 3.8, 3.8, 3.8});
    }
  }
  d.Heading(2, "整改项清单");
  d.Paragraph(
      "按优先级排列：1 为高风险（须最先完成），2 为中风险，3 为低风险。“推荐”列标出推荐方案所含的项。");
  std::vector<std::vector<std::string>> rows;
  double money = 0, days = 0, rec_money = 0, rec_days = 0;
  std::map<std::string, std::pair<int, double>> by_kind;
  for (const auto& i : plan.items) {
    bool r = rec.contains(i.id);
    std::string action = i.action;
    for (const auto& cmd : i.commands) action += "\n命令：" + cmd;
    rows.push_back({i.id, std::to_string(i.priority), std::string(assess::RiskNameZh(i.risk)), action,
                    i.kind_zh, Yuan(i.money), Days(i.days), i.owner, i.deadline, r ? "是" : ""});
    money += i.money;
    days += i.days;
    if (r) {
      rec_money += i.money;
      rec_days += i.days;
    }
    by_kind[i.kind_zh].first++;
    by_kind[i.kind_zh].second += i.money;
  }
  d.Table({"整改项", "优先级", "风险", "整改措施", "类别", "费用(元)", "人天", "负责人", "期限", "推荐"},
          rows, {2.8, 1.1, 0.9, 5.2, 1.6, 1.5, 1, 1.6, 1.9, 0.9});
  d.Heading(2, "费用汇总");
  std::vector<std::vector<std::string>> kinds;
  for (const auto& [k, v] : by_kind) kinds.push_back({k, std::to_string(v.first), Yuan(v.second)});
  kinds.push_back({"合计（全部整改项）", std::to_string(plan.items.size()),
                   Yuan(money) + "（另 " + Days(days) + " 人天）"});
  if (!rec.empty())
    kinds.push_back(
        {"推荐方案", std::to_string(rec.size()), Yuan(rec_money) + "（另 " + Days(rec_days) + " 人天）"});
  d.Table({"类别", "项数", "费用(元)"}, kinds, {6, 3, 7});
  d.Paragraph(
      "成本为按整改类别的默认估算（catalogs/…/plan/"
      "cost-defaults.yaml），已在系统描述中逐项修改的以修改值为准；"
      "请按实际报价调整后重新优化。");
}

}  // namespace

Doc BuildReport(const ReportInputs& in, ReportKind kind) {
  const auto& a = *in.assessment;
  Doc d;
  d.title = kind == ReportKind::kPlan  ? a.system.name + " 整改方案"
            : kind == ReportKind::kGap ? a.system.name + " 差距分析报告"
                                       : a.system.name + " 差距分析与整改方案";
  d.subtitle = {
      a.system.organisation,
      "安全保护等级：第 " + std::to_string(a.system.level) + " 级（" + a.system.grade.Label() + "）",
      "测评日期：" + a.system.assessed_on + "　生成：" + in.generated_at.substr(0, 10),
      "本文件中的得分与结论为估算，供整改决策参考"};
  d.created = in.generated_at;
  Overview(in, d);
  Conclusions(in, d);
  HighRisk(in, d);
  if (kind != ReportKind::kPlan) Findings(in, d);
  if (kind != ReportKind::kGap) PlanSection(in, d);
  if (!a.warnings.empty()) {
    d.Heading(1, "附：注意事项");
    d.Bullets(a.warnings);
  }
  return d;
}

Result<std::string> RecordWorkbookXlsx(const ReportInputs& in) {
  const auto& a = *in.assessment;
  using ooxml::Cell;
  using ooxml::CellStyle;
  ooxml::Workbook wb;
  wb.properties.title = a.system.name + " 测评记录表";
  wb.properties.creator = "dengbao";
  wb.properties.created = in.generated_at;

  ooxml::Sheet summary;
  summary.name = "概况";
  summary.column_widths = {20, 60};
  auto line = [&](std::string k, std::string v) {
    summary.rows.push_back(
        {Cell::Text(std::move(k), CellStyle::kWrap), Cell::Text(std::move(v), CellStyle::kWrap)});
  };
  line("系统名称", a.system.name);
  line("安全保护等级", "第 " + std::to_string(a.system.level) + " 级（" + a.system.grade.Label() + "）");
  line("测评日期", a.system.assessed_on);
  for (const auto& p : *in.profiles) {
    auto r = assess::ScoreAssessment(p, a);
    line(p.name.zh + "（估算）", Score(r) + " → " + (r.conclusion != nullptr ? r.conclusion->zh : ""));
  }
  auto open = OpenHighRiskCases(a);
  std::string cases;
  for (const auto& c : open) cases += (cases.empty() ? "" : "、") + c;
  line("未补偿高风险案例", cases.empty() ? "无" : cases);
  line("测评对象 × 单元", std::to_string(a.cells.size()) + " 行，见“测评记录”工作表");
  wb.sheets.push_back(std::move(summary));

  ooxml::Sheet records;
  records.name = "测评记录";
  records.header_row = true;
  records.column_widths = {14, 18, 12, 13, 14, 48, 48, 10, 7, 10, 6, 12};
  std::vector<Cell> header;
  for (const char* h : {"测评对象", "对象名称", "对象类型", "编号", "控制点", "测评项", "结果记录",
                        "符合情况", "权重", "来源", "风险", "高风险案例"})
    header.push_back(Cell::Text(h));
  records.rows.push_back(std::move(header));
  std::map<size_t, const assess::Finding*> finding_of_cell;
  for (const auto& f : a.findings) finding_of_cell[f.cell] = &f;
  for (size_t i = 0; i < a.cells.size(); ++i) {
    const auto& c = a.cells[i];
    const auto& t = a.TargetOf(c);
    std::string risk, cases_text;
    if (auto it = finding_of_cell.find(i); it != finding_of_cell.end()) {
      risk = assess::RiskNameZh(it->second->adjusted);
      for (size_t m : it->second->matches)
        cases_text += (cases_text.empty() ? "" : ",") + a.high_risk[m].high_risk->id +
                      (a.high_risk[m].compensation ? "(已补偿)" : "");
    }
    std::vector<Cell> row = {Cell::Text(t.spec.id),
                             Cell::Text(t.spec.name, CellStyle::kWrap),
                             Cell::Text(t.type != nullptr ? t.type->name.zh : t.spec.type, CellStyle::kWrap),
                             Cell::Text(c.item->unit),
                             Cell::Text(c.item->control_point.zh, CellStyle::kWrap),
                             Cell::Text(c.item->text.zh, CellStyle::kWrap),
                             Cell::Text(c.record, CellStyle::kWrap),
                             Cell::Text(std::string(assess::OutcomeNameZh(c.outcome))),
                             c.item->weight ? Cell::Number(*c.item->weight) : Cell::Empty(),
                             Cell::Text(std::string(assess::SourceNameZh(c.source))),
                             Cell::Text(risk),
                             Cell::Text(cases_text)};
    records.rows.push_back(std::move(row));
  }
  wb.sheets.push_back(std::move(records));
  return ooxml::WriteXlsx(wb);
}

Result<std::string> RenderDocument(const assess::Assessment& a, const std::vector<assess::Profile>& profiles,
                                   const plan::Plan& plan, const DocumentRequest& req) {
  const std::string& f = req.format;
  if (f != "docx" && f != "xlsx" && f != "html" && f != "md" && f != "oscal")
    return MakeError(ErrorCode::kUsage, "格式取值 docx|xlsx|html|md|oscal (expected one of them): " + f);
  ReportKind kind = ReportKind::kFull;
  if (req.kind == "gap") {
    kind = ReportKind::kGap;
  } else if (req.kind == "plan") {
    kind = ReportKind::kPlan;
  } else if (req.kind != "full") {
    return MakeError(ErrorCode::kUsage,
                     "报告类别取值 full|gap|plan (expected full, gap or plan): " + req.kind);
  }
  auto goal = plan::ResolveGoal(req.goal, profiles);
  if (!goal) return std::unexpected(goal.error());
  auto recommended = plan::CheapestFor(a, plan, *goal);
  if (!recommended) return std::unexpected(recommended.error());
  ReportInputs in{.assessment = &a,
                  .profiles = &profiles,
                  .plan = &plan,
                  .goal = &*goal,
                  .recommended = &*recommended,
                  .generated_at = req.generated_at};
  if (f == "xlsx") return RecordWorkbookXlsx(in);
  if (f == "oscal") {
    if (kind != ReportKind::kPlan)
      return OscalAssessmentResults(a, profiles, plan, in.generated_at).dump(2) + "\n";
    if (plan.items.empty())
      return MakeError(
          ErrorCode::kInvalidArgument,
          "没有整改项，无法生成 POA&M（OSCAL 要求至少一项）(no plan items: a POA&M needs at least one)");
    std::vector<std::string> ids;
    for (const auto* i : recommended->items) ids.push_back(i->id);
    return OscalPoam(a, plan, ids, in.generated_at).dump(2) + "\n";
  }
  Doc doc = BuildReport(in, kind);
  if (f == "docx") return RenderDocx(doc);
  return f == "html" ? RenderHtml(doc) : RenderMarkdown(doc);
}

std::string_view DocumentMediaType(std::string_view format) {
  if (format == "docx") return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
  if (format == "xlsx") return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  if (format == "html") return "text/html; charset=utf-8";
  if (format == "md") return "text/markdown; charset=utf-8";
  return "application/json; charset=utf-8";
}

}  // namespace dengbao::report
