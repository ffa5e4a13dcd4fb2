#include "service/inspections.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "service/inspections_detail.h"

namespace dengbao::service {
namespace detail {

Result<const ops::ChecklistTemplate*> FindTemplate(const Templates& templates, std::string_view id) {
  auto it = std::ranges::find(templates, id, &ops::ChecklistTemplate::id);
  if (it == templates.end())
    return MakeError(ErrorCode::kNotFound,
                     "检查表模板 '" + std::string(id) +
                         "' 不存在，运行 dengbao inspect templates 查看 (unknown template)");
  return &*it;
}

Result<workflow::Date> StoredDate(const Record& r, std::string_view column) {
  auto it = r.find(column);
  if (it == r.end())
    return MakeError(ErrorCode::kInternal, "缺少列 (missing column): " + std::string(column));
  auto d = workflow::ParseDate(it->second);
  if (!d)
    return MakeError(ErrorCode::kInternal, "数据库中的日期无效 (stored date is malformed): " +
                                               std::string(column) + "=" + it->second);
  return *d;
}

Result<workflow::Frequency> ScheduleFrequency(const Record& schedule) {
  auto f = workflow::ParseFrequency(schedule.at("frequency"));
  if (!f)
    return MakeError(ErrorCode::kInternal,
                     "巡检计划 " + schedule.at("id") +
                         " 的频次无效 (stored frequency is malformed): " + schedule.at("frequency"));
  return *f;
}

std::string Cell(std::string_view text) {
  if (text.empty()) return "—";
  std::string out;
  for (char c : text) {
    if (c == '|') {
      out += "\\|";
    } else if (c == '\n' || c == '\r') {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace detail

namespace {

bool ValidId(std::string_view id) {
  return !id.empty() && id.size() <= 64 && std::ranges::all_of(id, [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '-' || c == '_';
  });
}

// "ORG/SITE" must name a stored site; a bare id must name exactly one.
Result<std::string> ResolveSite(store::Store& db, const std::string& site) {
  if (site.empty()) return std::string();
  if (auto slash = site.find('/'); slash != std::string::npos) {
    auto rec = Require(db, "site", {site.substr(0, slash), site.substr(slash + 1)}, "院区/校区 (site)");
    if (!rec) return std::unexpected(rec.error());
    return site;
  }
  auto rows = db.Find("site", {{"id", site}});
  if (!rows) return std::unexpected(rows.error());
  if (rows->empty()) return MakeError(ErrorCode::kNotFound, "院区/校区 " + site + " 不存在 (site not found)");
  if (rows->size() > 1)
    return MakeError(ErrorCode::kInvalidArgument,
                     "多个单位都有院区/校区 " + site + "，请写成 单位/院区 (ambiguous site: use ORG/SITE)");
  return rows->front().at("organisation_id") + "/" + site;
}

Result<std::vector<workflow::Date>> RunDates(store::Store& db, const std::string& schedule_id) {
  auto runs = db.Find("inspection_run", {{"schedule_id", schedule_id}});
  if (!runs) return std::unexpected(runs.error());
  std::vector<workflow::Date> dates;
  for (const auto& r : *runs) {
    auto d = detail::StoredDate(r, "run_on");
    if (!d) return std::unexpected(d.error());
    dates.push_back(*d);
  }
  return dates;
}

// Checks that the answers cover the template exactly and judges each; all problems in one error.
Result<std::vector<bool>> JudgeAnswers(const ops::ChecklistTemplate& t,
                                       const std::vector<ops::ItemAnswer>& answers,
                                       std::vector<const ops::ItemAnswer*>& by_item) {
  std::vector<std::string> problems;
  std::vector<std::string> unknown;
  std::set<std::string> seen;
  by_item.assign(t.items.size(), nullptr);
  for (const auto& a : answers) {
    auto it = std::ranges::find(t.items, a.item_id, &ops::ChecklistItem::id);
    if (it == t.items.end()) {
      unknown.push_back(a.item_id);
      continue;
    }
    if (!seen.insert(a.item_id).second) {
      problems.push_back("检查项 '" + a.item_id + "' 重复作答 (answered twice)");
      continue;
    }
    by_item[static_cast<size_t>(it - t.items.begin())] = &a;
  }
  std::string missing;
  for (size_t i = 0; i < t.items.size(); ++i)
    if (by_item[i] == nullptr) missing += (missing.empty() ? "" : ", ") + t.items[i].id;
  if (!missing.empty()) problems.push_back("缺少检查项的答案 (missing answers): " + missing);
  if (!unknown.empty()) {
    std::string list;
    for (const auto& u : unknown) list += (list.empty() ? "" : ", ") + u;
    problems.push_back("检查表 '" + t.id + "' 中没有这些检查项 (unknown items): " + list);
  }
  std::vector<bool> abnormal(t.items.size(), false);
  for (size_t i = 0; i < t.items.size(); ++i) {
    if (by_item[i] == nullptr) continue;
    auto judged = ops::IsAbnormal(t, *by_item[i]);
    if (!judged) {
      problems.push_back(judged.error().detail);
      continue;
    }
    abnormal[i] = *judged;
  }
  if (problems.empty()) return abnormal;
  std::string msg;
  for (const auto& p : problems) msg += (msg.empty() ? "" : "；") + p;
  return MakeError(ErrorCode::kInvalidArgument, msg);
}

// The next HZ-<year>-NNNN, from the rows already stored (call inside the writing transaction).
Result<std::string> NextHazardId(store::Store& db, int year) {
  auto rows = db.Find("hazard");
  if (!rows) return std::unexpected(rows.error());
  const std::string prefix = "HZ-" + std::to_string(year) + "-";
  int max = 0;
  for (const auto& r : *rows) {
    const std::string& id = r.at("id");
    if (!id.starts_with(prefix)) continue;
    std::string_view digits = std::string_view(id).substr(prefix.size());
    if (digits.empty() || !std::ranges::all_of(digits, [](char c) { return c >= '0' && c <= '9'; })) continue;
    if (digits.size() > 6) continue;  // not ours; keeps stoi in range
    max = std::max(max, std::stoi(std::string(digits)));
  }
  std::string n = std::to_string(max + 1);
  if (n.size() < 4) n.insert(0, 4 - n.size(), '0');
  return prefix + n;
}

// Where the hazard is: the answer's note, else the site's name, else the site key, else the
// checklist's name.
Result<std::string> SiteName(store::Store& db, const std::string& site_key) {
  auto slash = site_key.find('/');
  if (slash == std::string::npos) return site_key;
  auto rec = db.Get("site", {site_key.substr(0, slash), site_key.substr(slash + 1)});
  if (!rec) return std::unexpected(rec.error());
  return *rec ? (**rec).at("name") : site_key;
}

}  // namespace

int HazardDeadlineDays(std::string_view severity) {
  return severity == "major" ? kMajorHazardDays : kGeneralHazardDays;
}

Result<Record> AddSchedule(Ctx& ctx, const Templates& templates, const ScheduleInput& in) {
  if (!ValidId(in.id))
    return MakeError(
        ErrorCode::kInvalidArgument,
        "巡检计划编号只能含字母、数字和 . - _，且不超过 64 字符 (invalid schedule id): " + in.id);
  auto t = detail::FindTemplate(templates, in.template_id);
  if (!t) return std::unexpected(t.error());
  workflow::Frequency f = (*t)->frequency;
  if (!in.frequency.empty()) {
    auto parsed = workflow::ParseFrequency(in.frequency);
    if (!parsed) return std::unexpected(parsed.error());
    f = *parsed;
  }
  auto start = workflow::ParseDate(in.start_on);
  if (!start) return std::unexpected(start.error());
  if (in.owner.empty()) return MakeError(ErrorCode::kUsage, "巡检计划需要责任人 --owner (owner required)");
  auto site = ResolveSite(ctx.db, in.site);
  if (!site) return std::unexpected(site.error());
  auto old = ctx.db.Get("inspection_schedule", {in.id});
  if (!old) return std::unexpected(old.error());
  if (*old && (**old).at("template_id") != in.template_id) {
    auto runs = ctx.db.Find("inspection_run", {{"schedule_id", in.id}});
    if (!runs) return std::unexpected(runs.error());
    if (!runs->empty())
      return MakeError(ErrorCode::kInvalidArgument,
                       "巡检计划 " + in.id + " 已有巡检记录，不能改用其他检查表 (" +
                           (**old).at("template_id") + " has runs; add another schedule instead)");
  }
  Record rec{{"id", in.id},
             {"template_id", in.template_id},
             {"site_id", *site},
             {"frequency", std::string(workflow::FrequencyId(f))},
             {"start_on", workflow::FormatDate(*start)},
             {"owner", in.owner},
             {"active", "1"}};
  if (auto st = ctx.db.Put("inspection_schedule", rec, ctx.actor, "inspection.schedule"); !st)
    return std::unexpected(st.error());
  return rec;
}

Result<RunResult> RecordRun(Ctx& ctx, const Templates& templates, const RunInput& in) {
  auto schedule = Require(ctx.db, "inspection_schedule", {in.schedule_id}, "巡检计划 (schedule)");
  if (!schedule) return std::unexpected(schedule.error());
  if (schedule->at("active") != "1")
    return MakeError(ErrorCode::kInvalidArgument,
                     "巡检计划 " + in.schedule_id + " 已停用 (schedule inactive)");
  auto t = detail::FindTemplate(templates, schedule->at("template_id"));
  if (!t) return std::unexpected(t.error());
  auto run_on = workflow::ParseDate(in.run_on);
  if (!run_on) return std::unexpected(run_on.error());
  auto start = detail::StoredDate(*schedule, "start_on");
  if (!start) return std::unexpected(start.error());
  if (*run_on > ctx.today)
    return MakeError(ErrorCode::kInvalidArgument,
                     "巡检日期 " + in.run_on + " 在今天之后 (run date in the future)");
  if (*run_on < *start)
    return MakeError(ErrorCode::kInvalidArgument, "巡检日期 " + in.run_on + " 早于计划开始日期 " +
                                                      schedule->at("start_on") +
                                                      " (before the schedule starts)");
  if (in.inspector.empty())
    return MakeError(ErrorCode::kUsage, "需要巡检人 --inspector (inspector required)");
  std::vector<const ops::ItemAnswer*> by_item;
  auto abnormal = JudgeAnswers(**t, in.answers, by_item);
  if (!abnormal) return std::unexpected(abnormal.error());

  RunResult out;
  auto st = ctx.db.WithTransaction([&]() -> Status {
    auto existing = ctx.db.Find("inspection_run", {{"schedule_id", in.schedule_id}, {"run_on", in.run_on}});
    if (!existing) return std::unexpected(existing.error());
    const std::string run_id = in.schedule_id + "-" + in.run_on + "-" + std::to_string(existing->size() + 1);
    nlohmann::ordered_json answers = nlohmann::ordered_json::object();
    int count = 0;
    for (size_t i = 0; i < by_item.size(); ++i) {
      answers[by_item[i]->item_id] = {{"value", by_item[i]->value},
                                      {"note", by_item[i]->note},
                                      {"abnormal", static_cast<bool>((*abnormal)[i])}};
      count += (*abnormal)[i] ? 1 : 0;
    }
    out.run = Record{{"id", run_id},
                     {"schedule_id", in.schedule_id},
                     {"run_on", in.run_on},
                     {"inspector", in.inspector},
                     {"answers", answers.dump()},
                     {"abnormal", std::to_string(count)},
                     {"note", in.note}};
    if (auto s = ctx.db.Insert("inspection_run", out.run, ctx.actor, "inspection.run"); !s) return s;
    auto site_name = SiteName(ctx.db, schedule->at("site_id"));
    if (!site_name) return std::unexpected(site_name.error());
    const int year = static_cast<int>(std::chrono::year_month_day(run_on->days).year());
    for (size_t i = 0; i < by_item.size(); ++i) {
      if (!(*abnormal)[i]) continue;
      const ops::ChecklistItem& item = (*t)->items[i];
      auto id = NextHazardId(ctx.db, year);
      if (!id) return std::unexpected(id.error());
      std::string location = by_item[i]->note;
      if (location.empty()) location = site_name->empty() ? (*t)->name : *site_name;
      const std::string severity = item.severity == "major" ? "major" : "general";
      Record h{{"id", *id},
               {"site_id", schedule->at("site_id")},
               {"run_id", run_id},
               {"check_item", item.id},
               {"location", location},
               {"nature", item.hazard},
               {"severity", severity},
               {"measures", ""},
               {"found_on", in.run_on},
               {"deadline", workflow::FormatDate(workflow::AddDays(*run_on, HazardDeadlineDays(severity)))},
               {"responsible", schedule->at("owner")},
               {"status", "open"},
               {"extension_to", ""},
               {"extension_reason", ""},
               {"extension_status", ""},
               {"extension_approver", ""},
               {"rechecked_by", ""},
               {"closed_on", ""}};
      if (auto s = ctx.db.Insert("hazard", h, ctx.actor, "hazard.raise"); !s) return s;
      out.hazards.push_back(std::move(h));
    }
    return {};
  });
  if (!st) return std::unexpected(st.error());
  return out;
}

Result<std::vector<ScheduleDue>> DueSchedules(Ctx& ctx) {
  auto schedules = ctx.db.Find("inspection_schedule", {{"active", "1"}});
  if (!schedules) return std::unexpected(schedules.error());
  std::vector<ScheduleDue> out;
  for (auto& s : *schedules) {
    ScheduleDue d;
    auto f = detail::ScheduleFrequency(s);
    if (!f) return std::unexpected(f.error());
    auto start = detail::StoredDate(s, "start_on");
    if (!start) return std::unexpected(start.error());
    auto runs = RunDates(ctx.db, s.at("id"));
    if (!runs) return std::unexpected(runs.error());
    d.frequency = *f;
    if (!runs->empty()) d.last_run = *std::ranges::max_element(*runs);
    // A schedule that has not started is first due at the end of its first period.
    d.next_due =
        *start > ctx.today ? workflow::PeriodOf(*f, *start).last : workflow::NextDue(*f, *runs, ctx.today);
    // The due date is never in the past (missed periods are listed instead), so the state is
    // 提醒 on the last day of an unfinished period and 正常 otherwise.
    d.state = workflow::Evaluate(d.next_due, ctx.today, workflow::EscalationPolicy{0, 7, 30});
    d.missed = workflow::MissedPeriods(*f, *start, *runs, ctx.today);
    d.schedule = std::move(s);
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace dengbao::service
