// Incidents, emergency plans and drills, training imports: the services on both backends.
#include "service/incidents.h"

#include <gtest/gtest.h>

#include <string>

#include "catalog/loader.h"
#include "service/drills.h"
#include "service/management_units.h"
#include "service/training.h"
#include "store/test_backends.h"

namespace dengbao::service {
namespace {

constexpr std::string_view kNow = "2026-11-20T04:00:00Z";  // noon in Beijing

workflow::Date D(std::string_view s) { return *workflow::ParseDate(s); }

class IncidentTest : public store::testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    store_ = Open();
    ASSERT_TRUE(store_);
    ASSERT_TRUE(
        store_->Put("organisation", {{"id", "hosp"}, {"name", "江北市第一人民医院"}}, "tester", "org"));
    AddSystem("his", 3);
    AddSystem("oa", 2);
  }
  void AddSystem(const std::string& id, int level) {
    Record sys{{"id", id},
               {"organisation_id", "hosp"},
               {"name", id + " 系统"},
               {"level", std::to_string(level)},
               {"grade", "S" + std::to_string(level) + "A" + std::to_string(level)},
               {"extensions", ""},
               {"business_continuity", "0"},
               {"assessed_on", ""},
               {"kind", "self_check"}};
    ASSERT_TRUE(store_->Put("system", sys, "tester", "system"));
  }
  Ctx At(std::string_view date, std::string_view now = kNow) {
    return Ctx{*store_, "tester", D(date), std::string(now)};
  }
  void ExpectAuditOk() {
    auto v = store_->VerifyAudit();
    ASSERT_TRUE(v) << v.error().ToString();
    EXPECT_TRUE(v->ok) << v->problem;
  }

  std::unique_ptr<store::Store> store_;
};

TEST_P(IncidentTest, DeadlineByGradeAndOperator) {
  Ctx ctx = At("2026-11-20");
  struct Case {
    std::string grade, op, deadline;
  };
  const Case cases[] = {
      {"较大", "cii", "2026-11-20T04:00:00Z"},
      {"larger", "state_organ", "2026-11-20T05:00:00Z"},
      {"较大", "其他网络运营者", "2026-11-20T07:00:00Z"},
      {"重大", "other", "2026-11-20T07:00:00Z"},
      {"一般", "cii", ""},
  };
  int n = 0;
  for (const auto& c : cases) {
    auto r = OpenIncident(ctx, {"his", "勒索病毒", c.grade, c.op, "2026-11-20T03:00:00Z"});
    ASSERT_TRUE(r) << r.error().ToString();
    EXPECT_EQ(r->at("deadline_at"), c.deadline) << c.grade << "/" << c.op;
    EXPECT_EQ(r->at("id"), "INC-2026-000" + std::to_string(++n));
    EXPECT_EQ(r->at("status"), "open");
  }
  // The first timeline entry is the opening itself.
  auto v = GetIncident(ctx, "INC-2026-0001");
  ASSERT_TRUE(v) << v.error().ToString();
  ASSERT_EQ(v->events.size(), 1u);
  EXPECT_EQ(v->events[0].at("seq"), "1");
  EXPECT_EQ(v->deadline_hours, 1);
  EXPECT_EQ(v->seconds_left, 0);
  EXPECT_FALSE(v->late);
  EXPECT_EQ(v->units, (std::vector<std::string>{"L3-MMS1-37", "L3-MMS1-39", "L3-MMS1-40"}));
  auto general = GetIncident(ctx, "INC-2026-0005");
  ASSERT_TRUE(general);
  EXPECT_FALSE(general->deadline_hours);
  EXPECT_FALSE(general->seconds_left);

  // A new year starts a new sequence; the default discovery time is ctx.now.
  Ctx next = At("2027-01-02", "2027-01-02T01:00:00Z");
  auto r = OpenIncident(next, {"his", "钓鱼邮件", "general", "other", ""});
  ASSERT_TRUE(r) << r.error().ToString();
  EXPECT_EQ(r->at("id"), "INC-2027-0001");
  EXPECT_EQ(r->at("discovered_at"), "2027-01-02T01:00:00Z");
  ExpectAuditOk();
}

TEST_P(IncidentTest, RejectsBadInput) {
  Ctx ctx = At("2026-11-20");
  EXPECT_EQ(OpenIncident(ctx, {"nope", "t", "较大", "cii", ""}).error().code, ErrorCode::kNotFound);
  EXPECT_FALSE(OpenIncident(ctx, {"his", "", "较大", "cii", ""}));
  EXPECT_FALSE(OpenIncident(ctx, {"his", "t", "huge", "cii", ""}));
  EXPECT_FALSE(OpenIncident(ctx, {"his", "t", "较大", "bank", ""}));
  EXPECT_FALSE(OpenIncident(ctx, {"his", "t", "较大", "cii", "2026-11-20 03:00"}));
  auto future = OpenIncident(ctx, {"his", "t", "较大", "cii", "2026-11-20T04:00:01Z"});
  ASSERT_FALSE(future);
  EXPECT_NE(future.error().detail.find("future"), std::string::npos);
  auto none = ListIncidents(ctx, false);
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());
}

TEST_P(IncidentTest, ReportLateLogAndClose) {
  Ctx open = At("2026-11-20", "2026-11-20T02:00:00Z");
  auto inc = OpenIncident(open, {"his", "数据库被加密", "较大", "other", "2026-11-20T01:00:00Z"});
  ASSERT_TRUE(inc) << inc.error().ToString();
  EXPECT_EQ(inc->at("deadline_at"), "2026-11-20T05:00:00Z");
  const std::string id = inc->at("id");

  Ctx ctx = At("2026-11-20", "2026-11-20T06:30:00Z");
  auto listed = ListIncidents(ctx, true);
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].seconds_left, -5400);
  EXPECT_TRUE((*listed)[0].late);

  ASSERT_TRUE(LogIncident(ctx, id, "隔离受感染主机"));
  EXPECT_FALSE(CloseIncident(ctx, id, "已恢复"));                 // must be reported first
  EXPECT_FALSE(ReportIncident(ctx, id, "2026-11-20T00:59:59Z"));  // before discovery
  EXPECT_FALSE(ReportIncident(ctx, id, "2026-11-20T06:30:01Z"));  // after now
  auto rep = ReportIncident(ctx, id, "2026-11-20T06:00:00Z");
  ASSERT_TRUE(rep) << rep.error().ToString();
  EXPECT_EQ(rep->at("status"), "reported");
  EXPECT_EQ(rep->at("reported_at"), "2026-11-20T06:00:00Z");
  EXPECT_EQ(rep->at("reporter"), "tester");
  EXPECT_FALSE(ReportIncident(ctx, id, ""));  // once only

  auto v = GetIncident(ctx, id);
  ASSERT_TRUE(v);
  EXPECT_TRUE(v->late);
  EXPECT_FALSE(v->seconds_left);
  ASSERT_EQ(v->events.size(), 3u);
  EXPECT_EQ(v->events[1].at("text"), "隔离受感染主机");
  EXPECT_EQ(v->events[2].at("seq"), "3");
  EXPECT_NE(v->events[2].at("text").find("迟报"), std::string::npos);

  auto draft = IncidentReportDraft(ctx, id);
  ASSERT_TRUE(draft) << draft.error().ToString();
  for (std::string_view want :
       {"江北市第一人民医院", "第3级（S3A3）", "较大", "4 小时内报告", "2026-11-20 09:00:00（北京时间）",
        "2026-11-20T01:00:00Z（UTC）", "2026-11-20 13:00:00", "迟报", "隔离受感染主机", "（待填写）",
        "备案编号：（待填写）"})
    EXPECT_NE(draft->find(want), std::string::npos) << want << "\n" << *draft;

  EXPECT_FALSE(CloseIncident(ctx, id, ""));
  auto closed = CloseIncident(ctx, id, "已从备份恢复，加固 RDP");
  ASSERT_TRUE(closed);
  EXPECT_EQ(closed->at("status"), "closed");
  EXPECT_FALSE(LogIncident(ctx, id, "late note"));
  auto open_only = ListIncidents(ctx, true);
  ASSERT_TRUE(open_only);
  EXPECT_TRUE(open_only->empty());

  // Reported in time: not late.
  auto ok = OpenIncident(ctx, {"oa", "网页篡改", "较大", "cii", "2026-11-20T06:00:00Z"});
  ASSERT_TRUE(ok);
  auto rep2 = ReportIncident(ctx, ok->at("id"), "");
  ASSERT_TRUE(rep2);
  auto v2 = GetIncident(ctx, ok->at("id"));
  ASSERT_TRUE(v2);
  EXPECT_FALSE(v2->late);
  EXPECT_EQ(v2->units, (std::vector<std::string>{"L2-MMS1-25", "L2-MMS1-27"}));
  ExpectAuditOk();
}

TEST_P(IncidentTest, DrillDueFromExplicitDates) {
  Ctx ctx = At("2026-11-20");
  ASSERT_TRUE(UpsertPlan(ctx, {"P-HIS", "his", "HIS 勒索病毒应急预案", "2", "2025-03-01", "alice"}));
  ASSERT_TRUE(UpsertPlan(ctx, {"P-HIS2", "his", "HIS 断网预案", "", "2026-01-10", ""}));
  ASSERT_TRUE(UpsertPlan(ctx, {"P-OA", "oa", "OA 预案", "", "2025-01-01", ""}));
  EXPECT_FALSE(UpsertPlan(ctx, {"P-X", "his", "x", "v2", "", ""}));
  EXPECT_FALSE(UpsertPlan(ctx, {"P-X", "his", "x", "", "2026-11-21", ""}));
  EXPECT_FALSE(UpsertPlan(ctx, {"P-X", "nope", "x", "", "", ""}));

  EXPECT_FALSE(RecordDrill(ctx, {"D1", "P-HIS", "2025-10-01", "drill", "", "", ""}));
  EXPECT_FALSE(RecordDrill(ctx, {"D1", "P-NONE", "2025-10-01", "full", "", "", ""}));
  EXPECT_FALSE(RecordDrill(ctx, {"D1", "P-HIS", "2026-12-01", "full", "", "", ""}));
  ASSERT_TRUE(RecordDrill(ctx, {"D1", "P-HIS", "2025-06-01", "桌面推演", "12", "通过", ""}));
  auto d2 = RecordDrill(ctx, {"D2", "P-HIS", "2025-10-01", "functional", "20", "基本通过", "备份恢复超时"});
  ASSERT_TRUE(d2);
  EXPECT_EQ(d2->at("kind"), "functional");

  auto due = DrillsDue(ctx);
  ASSERT_TRUE(due) << due.error().ToString();
  ASSERT_EQ(due->size(), 3u);
  const DrillDue& his = (*due)[0];  // P-HIS: last drill 2025-10-01 -> due 2026-10-01, 50 days overdue
  EXPECT_EQ(his.plan.at("id"), "P-HIS");
  EXPECT_TRUE(his.required);
  ASSERT_TRUE(his.last_drill);
  EXPECT_EQ(his.last_drill->at("id"), "D2");
  EXPECT_EQ(workflow::FormatDate(his.due), "2026-10-01");
  EXPECT_EQ(his.state.days_overdue, 50);
  EXPECT_EQ(his.state.stage, workflow::Stage::kEscalated);
  EXPECT_EQ(his.units, (std::vector<std::string>{"L3-MMS1-41", "L3-MMS1-42", "L3-MMS1-43"}));
  const DrillDue& his2 = (*due)[1];  // never drilled: approved 2026-01-10 -> due 2027-01-10
  EXPECT_FALSE(his2.last_drill);
  EXPECT_EQ(workflow::FormatDate(his2.due), "2027-01-10");
  EXPECT_EQ(his2.state.days_left, 51);
  EXPECT_EQ(his2.state.stage, workflow::Stage::kNone);
  const DrillDue& oa = (*due)[2];  // level 2: a suggestion only
  EXPECT_FALSE(oa.required);
  EXPECT_EQ(workflow::FormatDate(oa.due), "2026-01-01");

  // Nine days before the due date a level-3 plan is in the reminder window (30 days).
  Ctx later = At("2027-01-01");
  auto due2 = DrillsDue(later);
  ASSERT_TRUE(due2);
  EXPECT_EQ((*due2)[1].state.stage, workflow::Stage::kReminder);
  ExpectAuditOk();
}

constexpr std::string_view kAttendance =
    "姓名,部门,工号,签到,成绩\n张三,信息科,1001,是,90\n李四,护理部,1002,否,\n王五,药剂科,1003,是,75\n";
constexpr std::string_view kPhishing =
    "姓名,部门,邮箱,点击,提交凭据,上报\n张三,信息科,a@h.cn,是,否,是\n李四,护理部,b@h.cn,是,是,否\n"
    "王五,药剂科,c@h.cn,否,否,是\n赵六,门诊部,d@h.cn,否,否,否\n";

TEST_P(IncidentTest, TrainingImportSummariesAndReplace) {
  Ctx ctx = At("2026-11-20");
  EXPECT_FALSE(UpsertSession(ctx, {"T1", "", "", "2026-11-01", "", "", ""}));             // no title
  EXPECT_FALSE(UpsertSession(ctx, {"T1", "", "培训", "2026-11-01", "lecture", "", ""}));  // bad kind
  EXPECT_FALSE(UpsertSession(ctx, {"T1", "nope", "培训", "2026-11-01", "", "", ""}));     // unknown org
  auto s = UpsertSession(ctx, {"T1", "", "全员安全意识培训", "2026-11-01", "", "张老师", "勒索病毒防范"});
  ASSERT_TRUE(s) << s.error().ToString();
  EXPECT_EQ(s->at("organisation_id"), "hosp");  // the only organisation
  EXPECT_EQ(s->at("kind"), "training");
  ASSERT_TRUE(UpsertSession(ctx, {"PH1", "hosp", "钓鱼邮件演练", "2026-11-10", "phishing", "", ""}));

  // A bad row on line 3 writes nothing.
  auto bad = ImportTrainingCsv(ctx, "T1", "姓名,签到,成绩\n张三,是,90\n李四,也许,\n", "a.csv", false);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().where.line, 3);
  EXPECT_EQ(Count("training_records"), 0);

  auto imp = ImportTrainingCsv(ctx, "T1", kAttendance, "a.csv", false);
  ASSERT_TRUE(imp) << imp.error().ToString();
  EXPECT_EQ(imp->rows, 3);
  auto again = ImportTrainingCsv(ctx, "T1", kAttendance, "a.csv", false);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kDuplicate);

  auto v = GetSession(ctx, "T1");
  ASSERT_TRUE(v);
  EXPECT_EQ(v->summary.people, 3);
  EXPECT_EQ(v->summary.attended, 2);
  EXPECT_NEAR(v->summary.attendance_rate, 2.0 / 3, 1e-9);
  ASSERT_TRUE(v->summary.average_score);
  EXPECT_DOUBLE_EQ(*v->summary.average_score, 82.5);
  EXPECT_EQ(v->records[1].at("attended"), "0");
  EXPECT_EQ(v->records[1].at("score"), "");
  EXPECT_EQ(v->units, (std::vector<std::string>{"L3-HRS1-06", "L3-HRS1-08"}));

  // Replacing with a shorter file deletes the rows it no longer has.
  auto rep = ImportTrainingCsv(ctx, "T1", "姓名,签到\n张三,是\n", "b.csv", true);
  ASSERT_TRUE(rep) << rep.error().ToString();
  EXPECT_EQ(rep->replaced, 3);
  EXPECT_EQ(rep->removed, 2);
  auto v2 = GetSession(ctx, "T1");
  ASSERT_TRUE(v2);
  EXPECT_EQ(v2->summary.people, 1);
  EXPECT_FALSE(v2->summary.average_score);
  EXPECT_EQ(v2->units, (std::vector<std::string>{"L3-HRS1-06"}));

  // Phishing sessions take the phishing columns.
  EXPECT_FALSE(ImportTrainingCsv(ctx, "PH1", kAttendance, "a.csv", false));
  auto ph = ImportTrainingCsv(ctx, "PH1", kPhishing, "p.csv", false);
  ASSERT_TRUE(ph) << ph.error().ToString();
  auto pv = GetSession(ctx, "PH1");
  ASSERT_TRUE(pv);
  EXPECT_EQ(pv->summary.people, 4);
  EXPECT_DOUBLE_EQ(pv->summary.click_rate, 0.5);
  EXPECT_DOUBLE_EQ(pv->summary.submit_rate, 0.25);
  EXPECT_DOUBLE_EQ(pv->summary.report_rate, 0.5);
  EXPECT_EQ(pv->records[0].at("employee_id"), "a@h.cn");

  auto all = ListSessions(ctx);
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].session.at("id"), "T1");  // by date
  EXPECT_TRUE((*all)[0].records.empty());
  ExpectAuditOk();
}

// Every unit the records map to exists in the shipped catalog.
TEST(IncidentUnitsTest, UnitsExistInCatalog) {
  auto cat = catalog::LoadCatalog(std::string(DENGBAO_SOURCE_DIR) + "/catalogs/gbt22239-2019");
  ASSERT_TRUE(cat) << cat.error().ToString();
  int seen = 0;
  for (std::string_view kind : {"incident", "incident_major", "plan", "drill", "training", "training_scored"})
    for (int level = 1; level <= 4; ++level)
      for (const auto& u : ManagementUnits(kind, level)) {
        EXPECT_NE(cat->FindItem(u), nullptr) << u;
        EXPECT_TRUE(u.starts_with("L" + std::to_string(level) + "-")) << u;
        ++seen;
      }
  EXPECT_EQ(seen, 23);
  EXPECT_TRUE(ManagementUnits("drill", 1).empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, IncidentTest, ::testing::Values("sqlite", "postgresql"));

}  // namespace
}  // namespace dengbao::service
