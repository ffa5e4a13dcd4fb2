#include "workflow/lifecycle.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <utility>

namespace dengbao::workflow {
namespace {

using S = ItemStatus;

const Date kToday = ParseDate("2026-11-29").value();

constexpr S kAll[] = {S::kOpen,   S::kPlanned,  S::kInProgress, S::kAwaitingVerification,
                      S::kClosed, S::kDeferred, S::kAccepted};

// An input that satisfies every requirement of every move.
TransitionInput Full() {
  TransitionInput in;
  in.actor = "zhang";
  in.approver = "boss";
  in.reason = "vendor patch in Q1";
  in.expiry = AddDays(kToday, 90);
  in.verifier = "auditor";
  in.evidence = {"sha256:abc"};
  return in;
}

std::string Check(S from, S to, const TransitionInput& in, std::string_view owner = "li") {
  Status st = CheckTransition(from, to, in, owner, kToday);
  if (st) return "ok";
  EXPECT_EQ(st.error().code, ErrorCode::kInvalidArgument);
  return st.error().detail;
}

bool Has(const std::string& s, std::string_view part) { return s.find(part) != std::string::npos; }

TEST(Status, IdsLabelsAndParse) {
  for (S s : kAll) {
    EXPECT_EQ(ParseStatus(StatusId(s)).value(), s);
    EXPECT_EQ(ParseStatus(StatusLabel(s)).value(), s);
  }
  EXPECT_EQ(StatusId(S::kAwaitingVerification), "awaiting_verification");
  EXPECT_EQ(StatusLabel(S::kAccepted), "已接受风险");
  EXPECT_EQ(StatusLabel(S::kClosed), "已销号");
  Result<S> bad = ParseStatus("done");
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(Has(bad.error().detail, "done"));
  EXPECT_TRUE(Has(bad.error().detail, "awaiting_verification"));
}

TEST(Status, ActiveOnesStillNeedWork) {
  std::set<S> active;
  for (S s : kAll) {
    if (IsActive(s)) active.insert(s);
  }
  EXPECT_EQ(active, (std::set<S>{S::kOpen, S::kPlanned, S::kInProgress, S::kAwaitingVerification}));
}

TEST(Transitions, ExactlyTheGraph) {
  const std::set<std::pair<S, S>> graph = {
      {S::kOpen, S::kPlanned},
      {S::kPlanned, S::kInProgress},
      {S::kInProgress, S::kAwaitingVerification},
      {S::kAwaitingVerification, S::kClosed},
      {S::kAwaitingVerification, S::kInProgress},
      {S::kOpen, S::kDeferred},
      {S::kOpen, S::kAccepted},
      {S::kPlanned, S::kDeferred},
      {S::kPlanned, S::kAccepted},
      {S::kInProgress, S::kDeferred},
      {S::kInProgress, S::kAccepted},
      {S::kAwaitingVerification, S::kDeferred},
      {S::kAwaitingVerification, S::kAccepted},
      {S::kDeferred, S::kPlanned},
      {S::kDeferred, S::kInProgress},
      {S::kDeferred, S::kOpen},
      {S::kAccepted, S::kOpen},
      {S::kClosed, S::kOpen},
  };
  TransitionInput in = Full();
  for (S from : kAll) {
    std::set<S> next;
    for (S to : kAll) {
      // new_deadline belongs to deferrals only; the full input leaves it unset.
      std::string r = Check(from, to, in);
      bool in_graph = graph.contains({from, to});
      EXPECT_EQ(r == "ok", in_graph) << StatusId(from) << " -> " << StatusId(to) << ": " << r;
      if (in_graph) next.insert(to);
    }
    std::vector<S> listed = NextStatuses(from);
    EXPECT_EQ(std::set<S>(listed.begin(), listed.end()), next) << StatusId(from);
    EXPECT_EQ(listed.size(), next.size());
  }
}

TEST(Transitions, RejectedMovesSayWhatIsAllowed) {
  std::string r = Check(S::kOpen, S::kClosed, Full());
  EXPECT_TRUE(Has(r, "不允许")) << r;
  EXPECT_TRUE(Has(r, "open")) << r;
  EXPECT_TRUE(Has(r, "closed")) << r;
  EXPECT_TRUE(Has(r, "planned")) << r;  // the allowed list
  std::string same = Check(S::kPlanned, S::kPlanned, Full());
  EXPECT_TRUE(Has(same, "状态未改变")) << same;
  EXPECT_EQ(Check(S::kDeferred, S::kDeferred, Full()).substr(0, 2),
            Check(S::kOpen, S::kOpen, Full()).substr(0, 2));
}

TEST(Transitions, ActorAlwaysRequired) {
  TransitionInput in = Full();
  in.actor = "";
  EXPECT_TRUE(Has(Check(S::kOpen, S::kPlanned, in), "actor"));
  in.actor = "  ";
  EXPECT_TRUE(Has(Check(S::kPlanned, S::kInProgress, in), "actor"));
  EXPECT_TRUE(Has(Check(S::kAwaitingVerification, S::kClosed, in), "actor"));
}

TEST(Transitions, ExemptionsNeedApproverReasonExpiry) {
  for (S to : {S::kDeferred, S::kAccepted}) {
    TransitionInput in = Full();
    in.approver = "";
    EXPECT_TRUE(Has(Check(S::kOpen, to, in), "approver"));
    in.approver = "li";  // the owner
    std::string r = Check(S::kOpen, to, in, "li");
    EXPECT_TRUE(Has(r, "审批人不能是整改责任人")) << r;
    in = Full();
    in.reason = "";
    EXPECT_TRUE(Has(Check(S::kInProgress, to, in), "reason"));
    in = Full();
    in.expiry.reset();
    EXPECT_TRUE(Has(Check(S::kPlanned, to, in), "expiry"));
    in.expiry = kToday;
    EXPECT_TRUE(Has(Check(S::kPlanned, to, in), "after today"));
    in.expiry = AddDays(kToday, -5);
    EXPECT_TRUE(Has(Check(S::kPlanned, to, in), "after today"));
    in.expiry = AddDays(kToday, 1);
    EXPECT_EQ(Check(S::kPlanned, to, in), "ok");
    in.expiry = AddDays(kToday, 366);
    EXPECT_EQ(Check(S::kPlanned, to, in), "ok");
    in.expiry = AddDays(kToday, 367);
    EXPECT_TRUE(Has(Check(S::kPlanned, to, in), "366"));
  }
}

TEST(Transitions, NewDeadlineOnlyForDeferralsWithinExpiry) {
  TransitionInput in = Full();
  in.new_deadline = AddDays(kToday, 30);
  EXPECT_EQ(Check(S::kOpen, S::kDeferred, in), "ok");
  EXPECT_TRUE(Has(Check(S::kOpen, S::kAccepted, in), "new_deadline"));
  EXPECT_TRUE(Has(Check(S::kOpen, S::kPlanned, in), "new_deadline"));
  in.new_deadline = AddDays(*in.expiry, 1);
  EXPECT_TRUE(Has(Check(S::kOpen, S::kDeferred, in), "new_deadline"));
  in.new_deadline = kToday;
  EXPECT_TRUE(Has(Check(S::kOpen, S::kDeferred, in), "new_deadline"));
}

TEST(Transitions, ReopeningNeedsReason) {
  TransitionInput in = Full();
  in.reason = "";
  for (S from : {S::kClosed, S::kDeferred, S::kAccepted}) {
    std::string r = Check(from, S::kOpen, in);
    EXPECT_TRUE(Has(r, "reason")) << StatusId(from) << ": " << r;
  }
  // Resuming work after a deferral is not a reopen.
  EXPECT_EQ(Check(S::kDeferred, S::kPlanned, in), "ok");
  EXPECT_EQ(Check(S::kDeferred, S::kInProgress, in), "ok");
  EXPECT_EQ(Check(S::kAwaitingVerification, S::kInProgress, in), "ok");
}

TEST(Transitions, ClosingNeedsAnIndependentVerifier) {
  TransitionInput in = Full();
  in.verifier = "";
  EXPECT_TRUE(Has(Check(S::kAwaitingVerification, S::kClosed, in), "verifier"));
  in.verifier = "li";
  EXPECT_TRUE(Has(Check(S::kAwaitingVerification, S::kClosed, in, "li"), "验证人不能是整改责任人"));
}

TEST(Transitions, ClosingNeedsEvidenceOrAPassingCheck) {
  TransitionInput in = Full();
  in.evidence.clear();
  EXPECT_TRUE(Has(Check(S::kAwaitingVerification, S::kClosed, in), "evidence"));
  in.evidence = {""};
  EXPECT_TRUE(Has(Check(S::kAwaitingVerification, S::kClosed, in), "evidence"));

  in.automatic_check = true;
  in.check_passed = false;
  std::string r = Check(S::kAwaitingVerification, S::kClosed, in);
  EXPECT_TRUE(Has(r, "自动检查仍未通过，不能销号")) << r;
  in.evidence = {"sha256:abc"};  // evidence does not override a failing re-run
  EXPECT_TRUE(Has(Check(S::kAwaitingVerification, S::kClosed, in), "自动检查仍未通过"));
  in.evidence.clear();
  in.check_passed = true;
  EXPECT_EQ(Check(S::kAwaitingVerification, S::kClosed, in), "ok");
}

}  // namespace
}  // namespace dengbao::workflow
