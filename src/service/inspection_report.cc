// 月度安全巡检报告 (declared in inspections.h).
#include <algorithm>

#include "service/inspections.h"
#include "service/inspections_detail.h"

namespace dengbao::service {
namespace {

using workflow::Date;

bool In(Date d, const workflow::Period& p) { return d >= p.first && d <= p.last; }

struct ScheduleLine {
  nlohmann::json json;
  std::string row;  // Markdown table row
};

// Periods whose due date (last day) falls in the month, counted once they have begun.
Result<ScheduleLine> ScheduleSummary(Ctx& ctx, const Templates& templates, const Record& s,
                                     const workflow::Period& month, const std::vector<Date>& runs) {
  auto f = detail::ScheduleFrequency(s);
  if (!f) return std::unexpected(f.error());
  auto start = detail::StoredDate(s, "start_on");
  if (!start) return std::unexpected(start.error());
  int due = 0;
  int done = 0;
  for (workflow::Period p = workflow::PeriodOf(*f, std::max(month.first, *start));
       p.first <= month.last && p.first <= ctx.today;
       p = workflow::PeriodOf(*f, workflow::AddDays(p.last, 1))) {
    if (!In(p.last, month)) continue;
    ++due;
    if (std::ranges::any_of(runs, [&](Date r) { return In(r, p); })) ++done;
  }
  const auto limit = static_cast<size_t>(std::max(366, workflow::DaysBetween(month.first, ctx.today) + 1));
  std::vector<std::string> missed;
  for (const auto& p : workflow::MissedPeriods(*f, *start, runs, ctx.today, limit))
    if (In(p.last, month))
      missed.push_back(p.first == p.last
                           ? workflow::FormatDate(p.first)
                           : workflow::FormatDate(p.first) + "~" + workflow::FormatDate(p.last));
  const int run_count = static_cast<int>(std::ranges::count_if(runs, [&](Date r) { return In(r, month); }));
  auto t = detail::FindTemplate(templates, s.at("template_id"));
  const std::string name = t ? (*t)->name : s.at("template_id");
  std::string missed_text;
  for (const auto& m : missed) missed_text += (missed_text.empty() ? "" : "、") + m;
  ScheduleLine line;
  line.json = {{"schedule", s.at("id")}, {"template", s.at("template_id")},
               {"template_name", name},  {"frequency", workflow::FrequencyId(*f)},
               {"periods_due", due},     {"periods_done", done},
               {"runs", run_count},      {"missed", missed}};
  line.row = "| " + detail::Cell(s.at("id")) + " | " + detail::Cell(name) + " | " +
             std::string(workflow::FrequencyLabel(*f)) + " | " + std::to_string(due) + " | " +
             std::to_string(done) + " | " + std::to_string(run_count) + " | " +
             std::to_string(missed.size()) + " | " + detail::Cell(missed_text) + " |\n";
  return line;
}

std::string ItemText(const Templates& templates, const std::string& template_id, const std::string& item_id) {
  auto t = detail::FindTemplate(templates, template_id);
  if (!t) return item_id;
  auto it = std::ranges::find((*t)->items, item_id, &ops::ChecklistItem::id);
  return it == (*t)->items.end() ? item_id : it->text;
}

std::string HazardRow(const HazardView& v, bool with_stage) {
  const Record& h = v.hazard;
  std::string row = "| " + h.at("id") + " | " + detail::Cell(h.at("location")) + " | " +
                    detail::Cell(h.at("nature")) + " | " + std::string(SeverityLabel(h.at("severity"))) +
                    " | " + h.at("found_on") + " | " + workflow::FormatDate(v.effective_deadline) + " | " +
                    detail::Cell(h.at("responsible")) + " | " +
                    std::string(HazardStatusLabel(h.at("status"))) + " |";
  if (with_stage)
    row += " " + (v.state ? detail::StateText(*v.state) : std::string("—")) + " | " +
           detail::Cell(v.escalate_to) + " |";
  return row + "\n";
}

nlohmann::json HazardJson(const HazardView& v) {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [k, val] : v.hazard) j[k] = val;
  j["effective_deadline"] = workflow::FormatDate(v.effective_deadline);
  j["state"] = v.state ? detail::StateJson(*v.state) : nlohmann::json(nullptr);
  j["escalate_to"] = v.escalate_to;
  return j;
}

constexpr std::string_view kHazardHeader =
    "| 编号 | 地点 | 隐患性质 | 等级 | 发现日期 | 整改期限 | 责任人 | 状态 "
    "|\n|---|---|---|---|---|---|---|---|\n";
constexpr std::string_view kOverdueHeader =
    "| 编号 | 地点 | 隐患性质 | 等级 | 发现日期 | 整改期限 | 责任人 | 状态 | 督办阶段 | 督办对象 |\n"
    "|---|---|---|---|---|---|---|---|---|---|\n";

}  // namespace

Result<MonthlyReport> BuildMonthlyReport(Ctx& ctx, const Templates& templates, std::string_view month) {
  auto first = workflow::ParseDate(std::string(month) + "-01");
  if (month.size() != 7 || !first)
    return MakeError(ErrorCode::kInvalidArgument, "月份应为 YYYY-MM (month expected): " + std::string(month));
  const workflow::Period period = workflow::PeriodOf(workflow::Frequency::kMonthly, *first);

  auto schedules = ctx.db.Find("inspection_schedule");
  if (!schedules) return std::unexpected(schedules.error());
  nlohmann::json sched_json = nlohmann::json::array();
  nlohmann::json abnormal_json = nlohmann::json::array();
  std::string sched_md;
  std::string abnormal_md;
  int due_total = 0;
  int done_total = 0;
  int missed_total = 0;
  for (const auto& s : *schedules) {
    auto rows = ctx.db.Find("inspection_run", {{"schedule_id", s.at("id")}});
    if (!rows) return std::unexpected(rows.error());
    std::vector<Date> runs;
    for (const auto& r : *rows) {
      auto d = detail::StoredDate(r, "run_on");
      if (!d) return std::unexpected(d.error());
      runs.push_back(*d);
      if (!In(*d, period) || r.at("abnormal") == "0") continue;
      const auto answers = nlohmann::json::parse(r.at("answers"), nullptr, false);
      if (answers.is_discarded() || !answers.is_object()) continue;
      for (const auto& [item, a] : answers.items()) {
        if (!a.is_object() || !a.value("abnormal", false)) continue;
        const std::string value = a.value("value", "");
        const std::string note = a.value("note", "");
        const std::string text = ItemText(templates, s.at("template_id"), item);
        abnormal_json.push_back({{"run", r.at("id")},
                                 {"schedule", s.at("id")},
                                 {"date", r.at("run_on")},
                                 {"item", item},
                                 {"text", text},
                                 {"value", value},
                                 {"note", note}});
        abnormal_md += "| " + r.at("run_on") + " | " + detail::Cell(s.at("id")) + " | " + detail::Cell(item) +
                       " | " + detail::Cell(text) + " | " + detail::Cell(value) + " | " + detail::Cell(note) +
                       " |\n";
      }
    }
    const bool ran_in_month = std::ranges::any_of(runs, [&](Date r) { return In(r, period); });
    if (s.at("active") != "1" && !ran_in_month) continue;
    if (s.at("start_on") > workflow::FormatDate(period.last)) continue;
    auto line = ScheduleSummary(ctx, templates, s, period, runs);
    if (!line) return std::unexpected(line.error());
    due_total += line->json["periods_due"].get<int>();
    done_total += line->json["periods_done"].get<int>();
    missed_total += static_cast<int>(line->json["missed"].size());
    sched_json.push_back(std::move(line->json));
    sched_md += line->row;
  }

  auto hazards = ListHazards(ctx, "", false);
  if (!hazards) return std::unexpected(hazards.error());
  nlohmann::json found = nlohmann::json::array();
  nlohmann::json closed = nlohmann::json::array();
  nlohmann::json open = nlohmann::json::array();
  nlohmann::json overdue = nlohmann::json::array();
  std::string found_md;
  std::string closed_md;
  std::string overdue_md;
  for (const auto& v : *hazards) {
    const Record& h = v.hazard;
    auto found_on = detail::StoredDate(h, "found_on");
    if (!found_on) return std::unexpected(found_on.error());
    if (In(*found_on, period)) {
      found.push_back(HazardJson(v));
      found_md += HazardRow(v, false);
    }
    if (auto c = workflow::ParseDate(h.at("closed_on")); c && In(*c, period)) {
      closed.push_back(HazardJson(v));
      closed_md += HazardRow(v, false);
    }
    if (h.at("status") != "closed") open.push_back(HazardJson(v));
    if (v.state && v.state->days_overdue > 0) {
      overdue.push_back(HazardJson(v));
      overdue_md += HazardRow(v, true);
    }
  }

  MonthlyReport out;
  out.json = {{"month", std::string(month)}, {"today", workflow::FormatDate(ctx.today)},
              {"schedules", sched_json},     {"periods_due", due_total},
              {"periods_done", done_total},  {"missed", missed_total},
              {"abnormal", abnormal_json},   {"hazards_found", found},
              {"hazards_closed", closed},    {"hazards_open", open},
              {"hazards_overdue", overdue}};
  std::string& md = out.markdown;
  md = "# 月度安全巡检报告（" + std::string(month) + "）\n\n统计截至 " + workflow::FormatDate(ctx.today) +
       "。\n\n";
  md += "## 一、巡检完成情况\n\n应检 " + std::to_string(due_total) + " 次，已检 " +
        std::to_string(done_total) + " 次，漏检 " + std::to_string(missed_total) + " 次。\n\n";
  md += sched_md.empty() ? "本月没有巡检计划。\n\n"
                         : "| 巡检计划 | 检查表 | 频次 | 应检 | 已检 | 巡检记录 | 漏检 | 漏检日期 |\n"
                           "|---|---|---|---|---|---|---|---|\n" +
                               sched_md + "\n";
  md += "## 二、异常检查项\n\n";
  md += abnormal_md.empty()
            ? "本月巡检未发现异常。\n\n"
            : "| 日期 | 巡检计划 | 检查项 | 内容 | 结果 | 说明 |\n|---|---|---|---|---|---|\n" + abnormal_md +
                  "\n";
  md += "## 三、隐患整改情况\n\n本月发现隐患 " + std::to_string(found.size()) + " 项，本月销号 " +
        std::to_string(closed.size()) + " 项；目前未销号 " + std::to_string(open.size()) + " 项，其中逾期 " +
        std::to_string(overdue.size()) + " 项。\n\n";
  if (!found_md.empty()) md += "### 本月发现的隐患\n\n" + std::string(kHazardHeader) + found_md + "\n";
  if (!closed_md.empty()) md += "### 本月销号的隐患\n\n" + std::string(kHazardHeader) + closed_md + "\n";
  if (!overdue_md.empty()) md += "### 逾期隐患\n\n" + std::string(kOverdueHeader) + overdue_md + "\n";
  return out;
}

}  // namespace dengbao::service
