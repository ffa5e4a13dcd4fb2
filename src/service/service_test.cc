// The workflow services on both backends: rounds from a real assessment of the worked example,
// the item lifecycle with re-verification, deadlines and escalation, the yearly cycle, evidence
// and finalised reports.
#include <gtest/gtest.h>

#include "assess/assessment.h"
#include "assess/inputs.h"
#include "catalog/test_util.h"
#include "catalog/yaml_reader.h"
#include "plan/plan.h"
#include "plan/test_util.h"
#include "service/evidence.h"
#include "service/items.h"
#include "service/records.h"
#include "service/rounds.h"
#include "store/test_backends.h"

namespace dengbao::service {
namespace {

using catalog::testing::ShippedCatalog;
using workflow::ItemStatus;

workflow::Date D(const char* text) { return *workflow::ParseDate(text); }

struct Example {
  assess::Assessment assessment;
  plan::Plan plan;
};

// The worked example assessed as `dengbao assess` does: saved scans and questionnaires named by
// the system file.
const Example& HospitalExample() {
  static const Example e = [] {
    auto spec = assess::LoadSystem(std::string(DENGBAO_SOURCE_DIR) + "/examples/hospital/system.yaml",
                                   ShippedCatalog());
    if (!spec) std::abort();
    std::vector<std::optional<assess::ScanSummary>> scans;
    for (const auto& t : spec->targets) {
      if (t.scan.empty()) {
        scans.emplace_back();
        continue;
      }
      auto text = catalog::ReadTextFile(t.scan, assess::kMaxInputBytes);
      auto s = assess::ParseScanJson(*text, t.scan);
      if (!s) std::abort();
      scans.emplace_back(*s);
    }
    std::vector<assess::Answer> answers;
    for (const auto& q : spec->questionnaires) {
      auto text = catalog::ReadTextFile(q, assess::kMaxInputBytes);
      auto a = assess::ParseQuestionnaireText(*text, q, *spec, ShippedCatalog());
      if (!a) std::abort();
      answers.insert(answers.end(), a->begin(), a->end());
    }
    auto a = assess::BuildAssessment(*spec, scans, answers, ShippedCatalog());
    if (!a) std::abort();
    auto p = plan::BuildPlan(*a, plan::testing::ShippedCostDefaults());
    if (!p) std::abort();
    return Example{std::move(*a), std::move(*p)};
  }();
  return e;
}

class ServiceTest : public store::testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto s = store::OpenStore(url_);
    ASSERT_TRUE(s) << s.error().ToString();
    db_ = std::move(*s);
    ASSERT_TRUE(db_->UpsertSystem(HospitalExample().assessment.system, "test"));
  }
  Ctx At(const char* day) { return Ctx{*db_, "tester", D(day), std::string(day) + "T04:00:00Z"}; }
  // A round of the example, imported on 2026-11-20.
  std::string ImportedRound() {
    Ctx c = At("2026-11-20");
    auto r = StartRound(c, {.system_id = "his", .year = 2026});
    EXPECT_TRUE(r) << r.error().ToString();
    auto st = ImportAssessment(c, r->at("id"), HospitalExample().assessment, HospitalExample().plan);
    EXPECT_TRUE(st) << st.error().ToString();
    return r->at("id");
  }
  const plan::Item* FirstItem(bool automatic) {
    for (const auto& i : HospitalExample().plan.items) {
      const auto& cell =
          HospitalExample().assessment.cells[HospitalExample().assessment.findings[i.finding].cell];
      const bool has_rules =
          cell.source == assess::Source::kScan &&
          std::ranges::any_of(cell.scan_rules, [](const auto& r) { return r.status == "fail"; });
      if (has_rules == automatic) return &i;
    }
    return nullptr;
  }
  void ExpectAuditIntact() {
    auto v = db_->VerifyAudit();
    ASSERT_TRUE(v);
    EXPECT_TRUE(v->ok) << v->entry_id << " " << v->object << " " << v->problem;
  }

  std::unique_ptr<store::Store> db_;
};

TEST_P(ServiceTest, ImportWritesEveryCellAndItemOnceAndIsIdempotent) {
  const std::string round = ImportedRound();
  const auto& ex = HospitalExample();
  EXPECT_EQ(db_->Find("result", {{"round_id", round}})->size(), ex.assessment.cells.size());
  auto items = db_->Find("item", {{"round_id", round}});
  ASSERT_EQ(items->size(), ex.plan.items.size());
  for (const auto& it : *items) EXPECT_EQ(it.at("status"), "open");
  const size_t entries = db_->AuditLog()->size();
  Ctx c = At("2026-11-21");
  auto again = ImportAssessment(c, round, ex.assessment, ex.plan);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->items_new, 0);
  EXPECT_EQ(again->items_updated, 0);
  EXPECT_EQ(db_->AuditLog()->size(), entries);  // nothing changed, nothing appended
  // Another system's assessment cannot go into this round.
  assess::Assessment other = ex.assessment;
  other.system.id = "other";
  EXPECT_FALSE(ImportAssessment(c, round, other, ex.plan));
  ExpectAuditIntact();
}

TEST_P(ServiceTest, LifecycleRequiresApproverVerifierAndEvidence) {
  const std::string round = ImportedRound();
  const plan::Item* manual = FirstItem(false);
  ASSERT_NE(manual, nullptr);
  Ctx c = At("2026-11-22");
  workflow::TransitionInput in{.actor = "tester"};
  EXPECT_FALSE(
      MoveItem(c, round, manual->id, ItemStatus::kClosed, in, nullptr));  // open -> closed: not in graph
  ASSERT_TRUE(MoveItem(c, round, manual->id, ItemStatus::kPlanned, in, nullptr));
  ASSERT_TRUE(MoveItem(c, round, manual->id, ItemStatus::kInProgress, in, nullptr));
  ASSERT_TRUE(MoveItem(c, round, manual->id, ItemStatus::kAwaitingVerification, in, nullptr));
  workflow::TransitionInput close = in;
  close.verifier = "auditor";
  auto no_evidence = MoveItem(c, round, manual->id, ItemStatus::kClosed, close, nullptr);
  ASSERT_FALSE(no_evidence);
  auto ev = AddEvidence(c, "整改完成截图说明\n", "proof.txt");
  ASSERT_TRUE(ev) << ev.error().ToString();
  ASSERT_TRUE(LinkEvidence(c, "item:" + round + "/" + manual->id, ev->at("sha256"), ""));
  close.verifier = manual->owner;
  EXPECT_FALSE(
      MoveItem(c, round, manual->id, ItemStatus::kClosed, close, nullptr));  // owner verifies own work
  close.verifier = "auditor";
  auto closed = MoveItem(c, round, manual->id, ItemStatus::kClosed, close, nullptr);
  ASSERT_TRUE(closed) << closed.error().ToString();
  EXPECT_EQ(closed->at("closed_on"), "2026-11-22");
  auto events = ItemEvents(c, round, manual->id);
  ASSERT_TRUE(events);
  EXPECT_EQ(events->back().at("to_status"), "closed");

  // Deferral needs an approver other than the owner, a reason and an expiry.
  const plan::Item* other = nullptr;
  for (const auto& i : HospitalExample().plan.items)
    if (i.id != manual->id) other = &i;
  workflow::TransitionInput defer = in;
  defer.approver = other->owner;
  defer.reason = "等待年度预算";
  defer.expiry = D("2027-03-31");
  EXPECT_FALSE(MoveItem(c, round, other->id, ItemStatus::kDeferred, defer, nullptr));
  defer.approver = "院长";
  auto deferred = MoveItem(c, round, other->id, ItemStatus::kDeferred, defer, nullptr);
  ASSERT_TRUE(deferred) << deferred.error().ToString();
  EXPECT_EQ(deferred->at("deadline"), "2027-03-31");
  ExpectAuditIntact();
}

TEST_P(ServiceTest, AutomaticItemClosesOnlyWhenTheReRunPasses) {
  const std::string round = ImportedRound();
  const plan::Item* autoitem = FirstItem(true);
  ASSERT_NE(autoitem, nullptr);
  Ctx c = At("2026-11-23");
  workflow::TransitionInput in{.actor = "tester"};
  for (auto s : {ItemStatus::kPlanned, ItemStatus::kInProgress, ItemStatus::kAwaitingVerification})
    ASSERT_TRUE(MoveItem(c, round, autoitem->id, s, in, nullptr));
  in.verifier = "auditor";
  EXPECT_FALSE(MoveItem(c, round, autoitem->id, ItemStatus::kClosed, in, nullptr));  // no way to re-run
  int runs = 0;
  Reverification result;
  Reverifier rerun = [&](const Record& item) -> Result<Reverification> {
    ++runs;
    EXPECT_EQ(item.at("id"), autoitem->id);
    EXPECT_FALSE(item.at("rule_ids").empty());
    return result;
  };
  result = {
      .conclusive = true, .passed = false, .summary = "rule fail", .evidence_json = "{\"passed\": false}"};
  auto refused = MoveItem(c, round, autoitem->id, ItemStatus::kClosed, in, &rerun);
  ASSERT_FALSE(refused);
  result = {.conclusive = false,
            .passed = false,
            .summary = "rule manual",
            .evidence_json = "{\"conclusive\": false}"};
  EXPECT_FALSE(MoveItem(c, round, autoitem->id, ItemStatus::kClosed, in, &rerun));
  EXPECT_EQ((**db_->Get("item", {round, autoitem->id})).at("status"), "awaiting_verification");
  // Both failed attempts are on record, with their evidence.
  EXPECT_EQ(LinkedEvidence(c, "item:" + round + "/" + autoitem->id)->size(), 2u);
  // The owner cannot verify: refused before the check runs.
  in.verifier = autoitem->owner;
  const int before = runs;
  EXPECT_FALSE(MoveItem(c, round, autoitem->id, ItemStatus::kClosed, in, &rerun));
  EXPECT_EQ(runs, before);
  in.verifier = "auditor";
  result = {
      .conclusive = true, .passed = true, .summary = "rule pass", .evidence_json = "{\"passed\": true}"};
  auto closed = MoveItem(c, round, autoitem->id, ItemStatus::kClosed, in, &rerun);
  ASSERT_TRUE(closed) << closed.error().ToString();
  EXPECT_EQ(closed->at("status"), "closed");
  ExpectAuditIntact();
}

TEST_P(ServiceTest, DeadlinePassedYesterdayIsOverdueTodayAndEscalatesToTheManager) {
  const std::string round = ImportedRound();
  Ctx c = At("2026-11-20");
  ASSERT_TRUE(UpsertUser(c, {.id = "zhang", .name = "张主任", .role = "secadmin"}));
  ASSERT_TRUE(UpsertUser(c, {.id = "wang", .name = "王工", .role = "owner", .manager_id = "zhang"}));
  const std::string id = HospitalExample().plan.items.front().id;
  ASSERT_TRUE(AssignItem(c, round, id, "wang", "2026-12-01"));
  auto view = [&](const char* day) {
    Ctx t = At(day);
    return *GetItem(t, round, id);
  };
  EXPECT_EQ(view("2026-11-20").deadline->stage, workflow::Stage::kNone);
  EXPECT_EQ(view("2026-11-25").deadline->stage, workflow::Stage::kReminder);
  auto yesterday = view("2026-12-02");
  EXPECT_EQ(yesterday.deadline->stage, workflow::Stage::kOverdue);
  EXPECT_EQ(yesterday.deadline->days_overdue, 1);
  EXPECT_TRUE(yesterday.escalate_to.empty());
  auto escalated = view("2026-12-09");
  EXPECT_EQ(escalated.deadline->stage, workflow::Stage::kEscalated);
  EXPECT_EQ(escalated.escalate_to, "zhang");
  Ctx late = At("2026-12-09");
  auto overdue = ListItems(late, {.round_id = round, .overdue_only = true});
  ASSERT_TRUE(overdue);
  EXPECT_TRUE(std::ranges::any_of(*overdue, [&](const ItemView& v) { return v.item.at("id") == id; }));
}

TEST_P(ServiceTest, NextYearsRoundCarriesOpenItemsAndResetsResults) {
  const std::string round = ImportedRound();
  Ctx c = At("2026-11-24");
  const plan::Item* manual = FirstItem(false);
  auto ev = AddEvidence(c, "done\n", "done.txt");
  ASSERT_TRUE(ev);
  workflow::TransitionInput in{.actor = "tester", .verifier = "auditor", .evidence = {ev->at("sha256")}};
  for (auto s : {ItemStatus::kPlanned, ItemStatus::kInProgress, ItemStatus::kAwaitingVerification,
                 ItemStatus::kClosed})
    ASSERT_TRUE(MoveItem(c, round, manual->id, s, in, nullptr));
  Ctx next_year = At("2027-01-05");
  auto r2 = StartRound(next_year, {.system_id = "his", .year = 2027});
  ASSERT_TRUE(r2) << r2.error().ToString();
  EXPECT_EQ(r2->at("previous_id"), round);
  auto results = db_->Find("result", {{"round_id", r2->at("id")}});
  EXPECT_EQ(results->size(), HospitalExample().assessment.cells.size());
  for (const auto& r : *results) EXPECT_EQ(r.at("result"), "untested");
  auto items = db_->Find("item", {{"round_id", r2->at("id")}});
  EXPECT_EQ(items->size(), HospitalExample().plan.items.size() - 1);  // the closed one stays behind
  for (const auto& it : *items) EXPECT_EQ(it.at("carried_from"), round);
  EXPECT_FALSE(StartRound(next_year, {.system_id = "his", .year = 2027}));  // exists

  // Re-assessing in the new round: the closed item's finding is back, so it returns as open.
  ASSERT_TRUE(
      ImportAssessment(next_year, r2->at("id"), HospitalExample().assessment, HospitalExample().plan));
  auto diff = DiffRounds(next_year, round, r2->at("id"));
  ASSERT_TRUE(diff);
  EXPECT_TRUE(diff->improved.empty());
  EXPECT_TRUE(diff->regressed.empty());
  EXPECT_FALSE(diff->still_open.empty());
  ExpectAuditIntact();
}

TEST_P(ServiceTest, EvidenceIsTypedDeduplicatedAndReportsAreVersionedAndLocked) {
  const std::string round = ImportedRound();
  Ctx c = At("2026-11-25");
  auto a = AddEvidence(c, "同一份文件\n", "a.txt");
  auto b = AddEvidence(c, "同一份文件\n", "b.txt");
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->at("sha256"), b->at("sha256"));
  EXPECT_EQ(db_->Find("evidence")->size(), 1u);
  EXPECT_FALSE(AddEvidence(c,
                           std::string("\x7f"
                                       "ELF\x02\x01\x01",
                                       7) +
                               std::string(64, '\0'),
                           "tool.txt"));
  EXPECT_FALSE(AddEvidence(c, "plain text", "scan.png"));  // name and content disagree
  EXPECT_EQ(*EvidenceBytes(c, a->at("sha256")), "同一份文件\n");

  auto v1 = FinaliseReport(c, "his-2026", round, "full", "md", "# 报告 v1\n");
  auto v2 = FinaliseReport(c, "his-2026", round, "full", "md", "# 报告 v2（更正）\n");
  ASSERT_TRUE(v1 && v2);
  EXPECT_EQ(v1->at("version"), "1");
  EXPECT_EQ(v2->at("version"), "2");
  EXPECT_EQ(*ReportBytes(c, "his-2026", 1), "# 报告 v1\n");
  EXPECT_EQ(*ReportBytes(c, "his-2026", 0), "# 报告 v2（更正）\n");
  Record rewrite = **db_->Get("report", {"his-2026", "1"});
  rewrite["content_b64"] = Base64Encode("# 改过的报告\n");
  auto refused = db_->Put("report", rewrite, "mallory", "report.rewrite");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kIntegrity);
  ExpectAuditIntact();
  // Rewritten behind dengbao's back: the read refuses it and the audit names the entry.
  RawExec("UPDATE reports SET content_b64 = '" + Base64Encode("# 改过的报告\n") + "' WHERE version = 1");
  auto read = ReportBytes(c, "his-2026", 1);
  ASSERT_FALSE(read);
  EXPECT_EQ(read.error().code, ErrorCode::kIntegrity);
  auto v = db_->VerifyAudit();
  ASSERT_TRUE(v);
  EXPECT_FALSE(v->ok);
  EXPECT_EQ(v->object, "report:his-2026/1");
}

TEST_P(ServiceTest, GradingAndFilingDeadlines) {
  Ctx c = At("2026-10-01");
  auto g = RecordGrading(c, {.system_id = "his",
                             .business = {catalog::HarmedObject::kOrder, catalog::HarmDegree::kSerious},
                             .service = {catalog::HarmedObject::kOrder, catalog::HarmDegree::kSerious},
                             .graded_on = "2026-10-01"});
  ASSERT_TRUE(g) << g.error().ToString();
  EXPECT_EQ(g->at("level"), "3");
  Ctx late = At("2026-11-01");  // due 2026-10-31: one day overdue
  auto f = GetFilingStatus(late, "his");
  ASSERT_TRUE(f);
  EXPECT_EQ(workflow::FormatDate(f->dates->filing_due), "2026-10-31");
  EXPECT_EQ(f->filing_due->days_overdue, 1);
  EXPECT_FALSE(RecordFiling(
      late, {.system_id = "his", .filing_no = "X", .police_office = "Y", .filed_on = "2026-09-30"}));
  ASSERT_TRUE(RecordFiling(late, {.system_id = "his",
                                  .filing_no = "11010099999-00001",
                                  .police_office = "市公安局网安支队",
                                  .filed_on = "2026-10-30"}));
  f = GetFilingStatus(late, "his");
  EXPECT_FALSE(f->filing_due.has_value());
  EXPECT_EQ(workflow::FormatDate(*f->dates->certificate_expiry), "2029-10-30");
  EXPECT_EQ(workflow::FormatDate(*f->dates->renewal_due), "2029-07-30");
  Ctx renewal = At("2029-08-01");
  EXPECT_EQ(GetFilingStatus(renewal, "his")->renewal->stage, workflow::Stage::kReminder);
  ExpectAuditIntact();
}

INSTANTIATE_TEST_SUITE_P(Backends, ServiceTest, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace dengbao::service
