// Inspections and hazards on both backends (service_conformance).
#include "service/inspections.h"

#include <gtest/gtest.h>

#include "service/records.h"
#include "store/test_backends.h"

namespace dengbao::service {
namespace {

using store::testing::BackendTest;

workflow::Date D(std::string_view s) {
  auto d = workflow::ParseDate(s);
  EXPECT_TRUE(d) << s;
  return d.value_or(workflow::Date{});
}

constexpr std::string_view kTemplate = R"(format: dengbao-checklist/1
id: room
name: 机房巡检
frequency: daily
domain: it
items:
  - id: temp
    text: 机房温度
    kind: number
    min: 18
    max: 27
    hazard: 温度异常
    severity: general
  - id: ups
    text: UPS 正常
    hazard: UPS 告警
    severity: major
  - id: remarks
    text: 其他
    kind: text
)";

class InspectionsTest : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    db_ = Open();
    ASSERT_TRUE(db_);
    auto t = ops::ParseChecklist(kTemplate, "room.yaml");
    ASSERT_TRUE(t) << t.error().ToString();
    templates_.push_back(*t);
  }
  void TearDown() override {
    if (db_) {
      auto v = db_->VerifyAudit();
      ASSERT_TRUE(v) << v.error().ToString();
      EXPECT_TRUE(v->ok) << v->problem;
    }
    db_.reset();
    BackendTest::TearDown();
  }

  Ctx At(std::string_view today, std::string actor = "tester") {
    return Ctx{*db_, std::move(actor), D(today), std::string(today) + "T04:00:00Z"};
  }
  void AddUsers() {
    Ctx c = At("2026-11-01");
    ASSERT_TRUE(UpsertUser(c, {"boss", "院长", "secadmin", "", "", "", ""}));
    ASSERT_TRUE(UpsertUser(c, {"alice", "张工", "owner", "", "", "boss", ""}));
  }
  void AddSchedule(std::string_view start = "2026-11-01") {
    Ctx c = At("2026-11-01");
    auto s = service::AddSchedule(c, templates_, {"room-daily", "room", "", "", std::string(start), "alice"});
    ASSERT_TRUE(s) << s.error().ToString();
  }
  Result<RunResult> Run(std::string_view date, std::string temp, std::string ups) {
    Ctx c = At(date);
    return RecordRun(
        c, templates_,
        {"room-daily",
         std::string(date),
         "bob",
         {{"temp", std::move(temp), ""}, {"ups", std::move(ups), "UPS 间"}, {"remarks", "无", ""}},
         ""});
  }
  // One general hazard (temperature) found on 2026-11-20, due 2026-12-20.
  std::string OneHazard() {
    AddUsers();
    AddSchedule();
    auto r = Run("2026-11-20", "30", "ok");
    EXPECT_TRUE(r) << r.error().ToString();
    return r && r->hazards.size() == 1 ? r->hazards[0].at("id") : "";
  }

  std::unique_ptr<store::Store> db_;
  Templates templates_;
};

TEST_P(InspectionsTest, AbnormalAnswersRaiseHazardsWithDeadlines) {
  AddUsers();
  AddSchedule();
  auto r = Run("2026-11-20", "30.5", "异常");
  ASSERT_TRUE(r) << r.error().ToString();
  EXPECT_EQ(r->run.at("abnormal"), "2");
  auto answers = nlohmann::json::parse(r->run.at("answers"));
  EXPECT_EQ(answers["temp"]["value"], "30.5");
  EXPECT_TRUE(answers["temp"]["abnormal"].get<bool>());
  EXPECT_FALSE(answers["remarks"]["abnormal"].get<bool>());
  ASSERT_EQ(r->hazards.size(), 2U);
  const Record& temp = r->hazards[0];
  EXPECT_EQ(temp.at("id"), "HZ-2026-0001");
  EXPECT_EQ(temp.at("severity"), "general");
  EXPECT_EQ(temp.at("deadline"), "2026-12-20");  // + 30 days
  EXPECT_EQ(temp.at("location"), "机房巡检");    // no note, no site: the checklist
  EXPECT_EQ(temp.at("responsible"), "alice");
  EXPECT_EQ(temp.at("status"), "open");
  const Record& ups = r->hazards[1];
  EXPECT_EQ(ups.at("id"), "HZ-2026-0002");
  EXPECT_EQ(ups.at("deadline"), "2026-11-27");  // major: + 7 days
  EXPECT_EQ(ups.at("location"), "UPS 间");
  EXPECT_EQ(ups.at("nature"), "UPS 告警");
  EXPECT_EQ(ups.at("run_id"), r->run.at("id"));

  auto again = Run("2026-11-21", "20", "abnormal");
  ASSERT_TRUE(again) << again.error().ToString();
  ASSERT_EQ(again->hazards.size(), 1U);
  EXPECT_EQ(again->hazards[0].at("id"), "HZ-2026-0003");
  Ctx c = At("2026-11-21");
  auto all = ListHazards(c, "open", false);
  ASSERT_TRUE(all);
  EXPECT_EQ(all->size(), 3U);
}

TEST_P(InspectionsTest, MissingOrUnknownAnswersWriteNothing) {
  AddSchedule();
  const int64_t entries = Count("audit_log");
  Ctx c = At("2026-11-20");
  auto r = RecordRun(c, templates_,
                     {"room-daily", "2026-11-20", "bob", {{"temp", "35", ""}, {"fan", "ok", ""}}, ""});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(r.error().detail.find("ups"), std::string::npos) << r.error().detail;
  EXPECT_NE(r.error().detail.find("remarks"), std::string::npos);
  EXPECT_NE(r.error().detail.find("fan"), std::string::npos);
  auto bad = RecordRun(
      c, templates_,
      {"room-daily", "2026-11-20", "bob", {{"temp", "hot", ""}, {"ups", "ok", ""}, {"remarks", "", ""}}, ""});
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().detail.find("temp"), std::string::npos);
  EXPECT_EQ(Count("inspection_runs"), 0);
  EXPECT_EQ(Count("hazards"), 0);
  EXPECT_EQ(Count("audit_log"), entries);
}

TEST_P(InspectionsTest, HazardExtensionNeedsAnotherApprover) {
  const std::string id = OneHazard();
  ASSERT_FALSE(id.empty());
  Ctx bob = At("2026-11-25", "bob");
  EXPECT_FALSE(RequestExtension(bob, id, "2026-12-10", "备件未到"));  // not after the deadline
  EXPECT_FALSE(RequestExtension(bob, id, "2027-01-10", ""));          // no reason
  auto req = RequestExtension(bob, id, "2027-01-10", "备件未到");
  ASSERT_TRUE(req) << req.error().ToString();
  EXPECT_EQ(req->at("extension_status"), "requested");

  Ctx c = At("2026-11-25");
  auto self = DecideExtension(c, id, "alice", true, "");  // the responsible person
  ASSERT_FALSE(self);
  EXPECT_NE(self.error().detail.find("责任人"), std::string::npos);
  auto requester = DecideExtension(c, id, "bob", true, "");  // who asked
  ASSERT_FALSE(requester);
  EXPECT_NE(requester.error().detail.find("申请人"), std::string::npos);
  auto before = GetHazard(c, id);
  ASSERT_TRUE(before);
  EXPECT_EQ(workflow::FormatDate(before->effective_deadline), "2026-12-20");  // pending: unchanged

  auto ok = DecideExtension(c, id, "boss", true, "");
  ASSERT_TRUE(ok) << ok.error().ToString();
  EXPECT_EQ(ok->at("extension_approver"), "boss");
  auto after = GetHazard(c, id);
  ASSERT_TRUE(after);
  EXPECT_EQ(workflow::FormatDate(after->effective_deadline), "2027-01-10");
  EXPECT_EQ(after->hazard.at("deadline"), "2026-12-20");
  // No pending request any more.
  EXPECT_FALSE(DecideExtension(c, id, "boss", false, "no"));
  // A second request extends the approved date, and a rejection keeps it.
  ASSERT_TRUE(RequestExtension(bob, id, "2027-02-01", "再次延期"));
  EXPECT_FALSE(DecideExtension(c, id, "boss", false, ""));  // rejection needs a reason
  ASSERT_TRUE(DecideExtension(c, id, "boss", false, "理由不足"));
  auto rejected = GetHazard(c, id);
  ASSERT_TRUE(rejected);
  EXPECT_EQ(workflow::FormatDate(rejected->effective_deadline), "2027-01-10");
}

TEST_P(InspectionsTest, RecheckByAnotherPersonCloses) {
  const std::string id = OneHazard();
  ASSERT_FALSE(id.empty());
  Ctx c = At("2026-11-22");
  auto notice = IssueNotice(c, id);
  ASSERT_TRUE(notice) << notice.error().ToString();
  EXPECT_NE(notice->markdown.find("隐患整改通知书"), std::string::npos);
  EXPECT_NE(notice->markdown.find("2026-12-20"), std::string::npos);
  EXPECT_NE(notice->markdown.find("张工"), std::string::npos);
  EXPECT_EQ(notice->json["status"], "rectifying");
  EXPECT_FALSE(Recheck(c, id, "boss", true, ""));  // not rectified yet
  EXPECT_FALSE(Rectify(c, id, ""));
  ASSERT_TRUE(Rectify(c, id, "更换空调压缩机"));
  auto self = Recheck(c, id, "alice", true, "");
  ASSERT_FALSE(self);
  EXPECT_NE(self.error().detail.find("责任人"), std::string::npos);
  auto fail = Recheck(c, id, "boss", false, "温度仍偏高");
  ASSERT_TRUE(fail) << fail.error().ToString();
  EXPECT_EQ(fail->at("status"), "rectifying");
  EXPECT_NE(fail->at("measures").find("温度仍偏高"), std::string::npos);
  ASSERT_TRUE(Rectify(c, id, "加装一台空调"));
  Ctx later = At("2026-11-24");
  auto pass = Recheck(later, id, "boss", true, "");
  ASSERT_TRUE(pass) << pass.error().ToString();
  EXPECT_EQ(pass->at("status"), "closed");
  EXPECT_EQ(pass->at("closed_on"), "2026-11-24");
  EXPECT_EQ(pass->at("rechecked_by"), "boss");
  EXPECT_FALSE(Rectify(later, id, "again"));
  auto v = GetHazard(later, id);
  ASSERT_TRUE(v);
  EXPECT_FALSE(v->state);
}

TEST_P(InspectionsTest, OverdueStagesFromDatesOnly) {
  const std::string id = OneHazard();  // due 2026-12-20
  ASSERT_FALSE(id.empty());
  struct Case {
    std::string_view today;
    workflow::Stage stage;
    int overdue;
    std::string_view to;
  };
  const Case cases[] = {
      {"2026-12-10", workflow::Stage::kNone, 0, ""},
      {"2026-12-18", workflow::Stage::kReminder, 0, "alice"},
      {"2026-12-21", workflow::Stage::kOverdue, 1, "alice"},  // due yesterday
      {"2026-12-27", workflow::Stage::kOverdue, 7, "alice"},
      {"2026-12-28", workflow::Stage::kEscalated, 8, "boss"},  // the manager
      {"2027-01-20", workflow::Stage::kLeadership, 31, "单位领导（挂牌督办）、boss"},
  };
  for (const auto& k : cases) {
    Ctx c = At(k.today);
    auto v = GetHazard(c, id);
    ASSERT_TRUE(v);
    ASSERT_TRUE(v->state);
    EXPECT_EQ(v->state->stage, k.stage) << k.today;
    EXPECT_EQ(v->state->days_overdue, k.overdue) << k.today;
    EXPECT_EQ(v->escalate_to, k.to) << k.today;
    auto overdue = ListHazards(c, "", true);
    ASSERT_TRUE(overdue);
    EXPECT_EQ(overdue->size(), k.overdue > 0 ? 1U : 0U) << k.today;
  }
  Ctx c = At("2026-12-21");
  EXPECT_FALSE(ListHazards(c, "bogus", false));
}

TEST_P(InspectionsTest, DailyScheduleMissedPeriods) {
  AddSchedule("2026-11-01");
  ASSERT_TRUE(Run("2026-11-01", "20", "ok"));
  ASSERT_TRUE(Run("2026-11-03", "20", "ok"));
  Ctx c = At("2026-11-05");
  auto due = DueSchedules(c);
  ASSERT_TRUE(due) << due.error().ToString();
  ASSERT_EQ(due->size(), 1U);
  const ScheduleDue& d = (*due)[0];
  ASSERT_EQ(d.missed.size(), 2U);
  EXPECT_EQ(workflow::FormatDate(d.missed[0].first), "2026-11-02");
  EXPECT_EQ(workflow::FormatDate(d.missed[1].first), "2026-11-04");
  EXPECT_EQ(workflow::FormatDate(d.next_due), "2026-11-05");
  EXPECT_EQ(d.state.stage, workflow::Stage::kReminder);
  ASSERT_TRUE(d.last_run);
  EXPECT_EQ(workflow::FormatDate(*d.last_run), "2026-11-03");

  auto future = RecordRun(
      c, templates_,
      {"room-daily", "2026-11-06", "bob", {{"temp", "20", ""}, {"ups", "ok", ""}, {"remarks", "", ""}}, ""});
  ASSERT_FALSE(future);
  EXPECT_NE(future.error().detail.find("future"), std::string::npos);
  EXPECT_FALSE(Run("2026-10-31", "20", "ok"));  // before the start
  ASSERT_TRUE(Run("2026-11-05", "20", "ok"));
  auto after = DueSchedules(c);
  ASSERT_TRUE(after);
  EXPECT_EQ(workflow::FormatDate((*after)[0].next_due), "2026-11-06");
  EXPECT_EQ((*after)[0].state.stage, workflow::Stage::kNone);
}

TEST_P(InspectionsTest, MonthlyReportCounts) {
  AddUsers();
  AddSchedule("2026-11-01");
  ASSERT_TRUE(Run("2026-11-01", "20", "ok"));
  ASSERT_TRUE(Run("2026-11-03", "30", "abnormal"));  // two hazards
  {
    Ctx c = At("2026-11-04");
    ASSERT_TRUE(Rectify(c, "HZ-2026-0001", "调低空调温度"));
    ASSERT_TRUE(Recheck(c, "HZ-2026-0001", "boss", true, ""));
  }
  Ctx c = At("2026-11-12");  // the UPS hazard (due 11-10) is 2 days overdue
  auto r = BuildMonthlyReport(c, templates_, "2026-11");
  ASSERT_TRUE(r) << r.error().ToString();
  const auto& j = r->json;
  ASSERT_EQ(j["schedules"].size(), 1U);
  EXPECT_EQ(j["schedules"][0]["periods_due"], 12);
  EXPECT_EQ(j["schedules"][0]["periods_done"], 2);
  EXPECT_EQ(j["schedules"][0]["runs"], 2);
  EXPECT_EQ(j["schedules"][0]["missed"].size(), 9U);  // 11-02, 11-04 … 11-11 (11-12 still open)
  EXPECT_EQ(j["abnormal"].size(), 2U);
  EXPECT_EQ(j["hazards_found"].size(), 2U);
  EXPECT_EQ(j["hazards_closed"].size(), 1U);
  EXPECT_EQ(j["hazards_open"].size(), 1U);
  ASSERT_EQ(j["hazards_overdue"].size(), 1U);
  EXPECT_EQ(j["hazards_overdue"][0]["state"]["days_overdue"], 2);
  EXPECT_NE(r->markdown.find("# 月度安全巡检报告（2026-11）"), std::string::npos);
  EXPECT_NE(r->markdown.find("逾期隐患"), std::string::npos);

  auto october = BuildMonthlyReport(c, templates_, "2026-10");
  ASSERT_TRUE(october);
  EXPECT_EQ(october->json["schedules"].size(), 0U);
  EXPECT_EQ(october->json["hazards_found"].size(), 0U);
  EXPECT_FALSE(BuildMonthlyReport(c, templates_, "2026-13"));
  EXPECT_FALSE(BuildMonthlyReport(c, templates_, "2026-1"));
}

TEST_P(InspectionsTest, ScheduleValidation) {
  Ctx c = At("2026-11-01");
  EXPECT_FALSE(service::AddSchedule(c, templates_, {"x", "nope", "", "", "2026-11-01", "alice"}));
  EXPECT_FALSE(service::AddSchedule(c, templates_, {"x", "room", "", "", "2026-11-31", "alice"}));
  EXPECT_FALSE(service::AddSchedule(c, templates_, {"x", "room", "", "hourly", "2026-11-01", "alice"}));
  EXPECT_FALSE(service::AddSchedule(c, templates_, {"x", "room", "", "", "2026-11-01", ""}));
  EXPECT_FALSE(service::AddSchedule(c, templates_, {"x y", "room", "", "", "2026-11-01", "alice"}));
  auto missing_site =
      service::AddSchedule(c, templates_, {"x", "room", "nowhere", "", "2026-11-01", "alice"});
  ASSERT_FALSE(missing_site);
  EXPECT_EQ(missing_site.error().code, ErrorCode::kNotFound);
  auto weekly = service::AddSchedule(c, templates_, {"x", "room", "", "每周", "2026-11-01", "alice"});
  ASSERT_TRUE(weekly) << weekly.error().ToString();
  EXPECT_EQ(weekly->at("frequency"), "weekly");
}

INSTANTIATE_TEST_SUITE_P(Backends, InspectionsTest, ::testing::Values("sqlite", "postgresql"));

}  // namespace
}  // namespace dengbao::service
