#include "service/training.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <set>

#include "ops/training_csv.h"
#include "service/management_units.h"

namespace dengbao::service {
namespace {

std::string Bit(bool b) { return b ? "1" : "0"; }

Result<std::string> DefaultOrganisation(Ctx& ctx) {
  auto orgs = ctx.db.Find("organisation");
  if (!orgs) return std::unexpected(orgs.error());
  if (orgs->size() != 1)
    return MakeError(ErrorCode::kUsage, "数据库中有 " + std::to_string(orgs->size()) +
                                            " 个单位，请用 --org 指定 (pass --org: the store does not hold "
                                            "exactly one organisation)");
  return orgs->front().at("id");
}

std::vector<Record> AttendanceRows(const std::string& session, const std::vector<ops::Attendance>& in) {
  std::vector<Record> out;
  for (const auto& a : in)
    out.push_back({{"session_id", session},
                   {"line", std::to_string(a.line)},
                   {"name", a.name},
                   {"department", a.department},
                   {"employee_id", a.employee_id},
                   {"attended", Bit(a.attended)},
                   {"score", a.score ? std::to_string(*a.score) : ""},
                   {"clicked", ""},
                   {"submitted", ""},
                   {"reported", ""}});
  return out;
}

std::vector<Record> PhishingRows(const std::string& session, const std::vector<ops::PhishingResult>& in) {
  std::vector<Record> out;
  for (const auto& p : in)
    out.push_back({{"session_id", session},
                   {"line", std::to_string(p.line)},
                   {"name", p.name},
                   {"department", p.department},
                   {"employee_id", p.email},
                   {"attended", ""},
                   {"score", ""},
                   {"clicked", Bit(p.clicked)},
                   {"submitted", Bit(p.submitted)},
                   {"reported", Bit(p.reported)}});
  return out;
}

double Rate(int n, int of) { return of == 0 ? 0.0 : static_cast<double>(n) / of; }

TrainingSummary Summarise(const std::vector<Record>& rows) {
  TrainingSummary s;
  s.people = static_cast<int>(rows.size());
  std::vector<ops::PhishingResult> phishing;
  double total = 0;
  for (const auto& r : rows) {
    s.attended += r.at("attended") == "1" ? 1 : 0;
    // The import writes scores as integers 0–100; anything else (a hand-edited row) is not a score.
    const std::string& score = r.at("score");
    int n = 0;
    if (auto [p, ec] = std::from_chars(score.data(), score.data() + score.size(), n);
        !score.empty() && ec == std::errc() && p == score.data() + score.size()) {
      ++s.scored;
      total += n;
    }
    phishing.push_back({r.at("name"), r.at("department"), r.at("employee_id"), r.at("clicked") == "1",
                        r.at("submitted") == "1", r.at("reported") == "1", 0});
  }
  if (s.scored > 0) s.average_score = std::round(total / s.scored * 10) / 10;
  const ops::PhishingSummary p = ops::Summarise(phishing);
  s.clicked = p.clicked;
  s.submitted = p.submitted;
  s.reported = p.reported;
  s.attendance_rate = Rate(s.attended, s.people);
  s.click_rate = Rate(p.clicked, p.recipients);
  s.submit_rate = Rate(p.submitted, p.recipients);
  s.report_rate = Rate(p.reported, p.recipients);
  return s;
}

// The highest level among the organisation's systems; 3 when it has none (the common case for a
// hospital or school that files at level 3).
Result<int> OrganisationLevel(Ctx& ctx, const std::string& organisation_id) {
  auto systems = ctx.db.Find("system", {{"organisation_id", organisation_id}});
  if (!systems) return std::unexpected(systems.error());
  int level = 0;
  for (const auto& s : *systems) level = std::max(level, std::stoi(s.at("level")));  // integer column
  return level == 0 ? 3 : level;
}

Result<SessionView> View(Ctx& ctx, Record session, bool with_records) {
  SessionView v;
  auto rows = ctx.db.Find("training_record", {{"session_id", session.at("id")}});
  if (!rows) return std::unexpected(rows.error());
  v.summary = Summarise(*rows);
  auto level = OrganisationLevel(ctx, session.at("organisation_id"));
  if (!level) return std::unexpected(level.error());
  v.units = ManagementUnits("training", *level);
  if (v.summary.scored > 0)
    for (auto& u : ManagementUnits("training_scored", *level)) v.units.push_back(std::move(u));
  if (with_records) v.records = std::move(*rows);
  v.session = std::move(session);
  return v;
}

}  // namespace

std::string_view TrainingKindLabel(std::string_view kind) {
  if (kind == "training") return "培训";
  if (kind == "phishing") return "钓鱼演练";
  return "未知类型";
}

Result<Record> UpsertSession(Ctx& ctx, const SessionInput& in) {
  if (in.id.empty() || in.title.empty())
    return MakeError(ErrorCode::kInvalidArgument, "培训编号和标题不能为空 (session id and title required)");
  const std::string kind = in.kind.empty() ? "training" : in.kind;
  if (kind != "training" && kind != "phishing")
    return MakeError(ErrorCode::kInvalidArgument,
                     "--kind 应为 training（培训）或 phishing（钓鱼演练） (unknown kind): " + kind);
  std::string org = in.organisation_id;
  if (org.empty()) {
    auto d = DefaultOrganisation(ctx);
    if (!d) return std::unexpected(d.error());
    org = *d;
  }
  auto o = Require(ctx.db, "organisation", {org}, "单位 (organisation)");
  if (!o) return std::unexpected(o.error());
  auto held = in.held_on.empty() ? Result<workflow::Date>(ctx.today) : workflow::ParseDate(in.held_on);
  if (!held) return std::unexpected(held.error());
  if (*held > ctx.today)
    return MakeError(ErrorCode::kInvalidArgument,
                     "培训日期 " + in.held_on + " 在今天之后 (date in the future)");
  Record rec{
      {"id", in.id},  {"organisation_id", org}, {"title", in.title}, {"held_on", workflow::FormatDate(*held)},
      {"kind", kind}, {"trainer", in.trainer},  {"topic", in.topic}};
  if (auto st = ctx.db.Put("training", rec, ctx.actor, "training.upsert"); !st)
    return std::unexpected(st.error());
  return rec;
}

Result<ImportOutcome> ImportTrainingCsv(Ctx& ctx, std::string_view session_id, std::string_view csv,
                                        const std::string& source_name, bool replace,
                                        std::string_view format) {
  auto session = Require(ctx.db, "training", {std::string(session_id)}, "培训 (training session)");
  if (!session) return std::unexpected(session.error());
  const std::string& id = session->at("id");
  const std::string_view expected = session->at("kind") == "phishing" ? "phishing" : "attendance";
  if (!format.empty() && format != expected)
    return MakeError(ErrorCode::kInvalidArgument,
                     "培训 " + id + " 为" + std::string(TrainingKindLabel(session->at("kind"))) +
                         "，应导入 --" + std::string(expected) +
                         " 文件 (the file kind does not match the session kind)");
  std::vector<Record> rows;
  if (session->at("kind") == "phishing") {
    auto parsed = ops::ParsePhishingCsv(csv, source_name);
    if (!parsed) return std::unexpected(parsed.error());
    rows = PhishingRows(id, *parsed);
  } else {
    auto parsed = ops::ParseAttendanceCsv(csv, source_name);
    if (!parsed) return std::unexpected(parsed.error());
    rows = AttendanceRows(id, *parsed);
  }
  ImportOutcome out;
  out.rows = static_cast<int>(rows.size());
  auto st = ctx.db.WithTransaction([&]() -> Status {
    auto existing = ctx.db.Find("training_record", {{"session_id", id}});
    if (!existing) return std::unexpected(existing.error());
    if (!existing->empty() && !replace)
      return MakeError(ErrorCode::kDuplicate, "培训 " + id + " 已导入 " + std::to_string(existing->size()) +
                                                  " 行，加 --replace 替换 (already imported; use --replace)");
    std::set<std::string, std::less<>> lines;
    for (const auto& r : rows) {
      lines.insert(r.at("line"));
      if (auto s = ctx.db.Put("training_record", r, ctx.actor, "training.import"); !s) return s;
    }
    out.replaced = static_cast<int>(existing->size());
    for (const auto& old : *existing) {
      if (lines.contains(old.at("line"))) continue;
      if (auto s = ctx.db.Delete("training_record", {id, old.at("line")}, ctx.actor, "training.import"); !s)
        return s;
      ++out.removed;
    }
    return {};
  });
  if (!st) return std::unexpected(st.error());
  return out;
}

Result<std::vector<SessionView>> ListSessions(Ctx& ctx) {
  auto sessions = ctx.db.Find("training");
  if (!sessions) return std::unexpected(sessions.error());
  std::vector<SessionView> out;
  for (auto& s : *sessions) {
    auto v = View(ctx, std::move(s), false);
    if (!v) return std::unexpected(v.error());
    out.push_back(std::move(*v));
  }
  return out;
}

Result<SessionView> GetSession(Ctx& ctx, std::string_view id) {
  auto s = Require(ctx.db, "training", {std::string(id)}, "培训 (training session)");
  if (!s) return std::unexpected(s.error());
  return View(ctx, std::move(*s), true);
}

}  // namespace dengbao::service
