#include "service/items.h"

#include <algorithm>
#include <set>

#include "service/evidence.h"
#include "service/internal.h"

namespace dengbao::service {
namespace {

// The user's manager, or "" when the owner is not a stored user (plan owners may be a role
// name such as 信息安全负责人) or has none.
std::string ManagerOf(Ctx& ctx, const std::string& user) {
  if (user.empty()) return "";
  auto u = ctx.db.Get("user", {user});
  if (!u || !*u) return "";
  return (**u).at("manager_id");
}

Result<ItemView> View(Ctx& ctx, Record item) {
  ItemView v;
  auto status = workflow::ParseStatus(item.at("status"));
  if (!status) return std::unexpected(status.error());
  v.status = *status;
  std::string due;
  if (workflow::IsActive(v.status) || v.status == workflow::ItemStatus::kDeferred) due = item.at("deadline");
  if (v.status == workflow::ItemStatus::kAccepted) due = item.at("expiry");
  if (!due.empty()) {
    auto d = workflow::ParseDate(due);
    if (!d) return std::unexpected(d.error());
    v.deadline = workflow::Evaluate(*d, ctx.today);
    if (v.deadline->stage == workflow::Stage::kEscalated) v.escalate_to = ManagerOf(ctx, item.at("owner"));
    if (v.deadline->stage == workflow::Stage::kLeadership) {
      // 挂牌督办 goes one level further up when the hierarchy is recorded.
      const std::string m = ManagerOf(ctx, item.at("owner"));
      const std::string mm = ManagerOf(ctx, m);
      v.escalate_to = mm.empty() ? m : mm;
    }
  }
  v.item = std::move(item);
  return v;
}

}  // namespace

std::vector<std::string> ItemRuleIds(const Record& item) {
  std::vector<std::string> ids;
  const std::string& list = item.at("rule_ids");
  for (size_t start = 0; start < list.size();) {
    size_t end = list.find(',', start);
    if (end == std::string::npos) end = list.size();
    if (end > start) ids.push_back(list.substr(start, end - start));
    start = end + 1;
  }
  return ids;
}

Reverification JudgeReverification(const Record& item, const std::map<std::string, std::string>& statuses,
                                   const std::map<std::string, std::string>& reasons) {
  Reverification rv;
  const auto ids = ItemRuleIds(item);
  rv.conclusive = rv.passed = !ids.empty();
  for (const auto& id : ids) {
    auto it = statuses.find(id);
    const std::string st = it == statuses.end() ? "missing" : it->second;
    rv.summary += (rv.summary.empty() ? "" : "；") + id + " " + st;
    if (st == "pass") continue;
    rv.passed = false;
    if (st != "fail") rv.conclusive = false;
    if (auto r = reasons.find(id); r != reasons.end() && !r->second.empty())
      rv.summary += "（" + r->second + "）";
  }
  return rv;
}

std::string ItemOwnerKey(const Record& item) { return "item:" + item.at("round_id") + "/" + item.at("id"); }

Result<std::vector<ItemView>> ListItems(Ctx& ctx, const ItemFilter& f) {
  Record eq;
  if (!f.round_id.empty()) eq["round_id"] = f.round_id;
  if (!f.owner.empty()) eq["owner"] = f.owner;
  if (!f.status.empty()) {
    auto s = workflow::ParseStatus(f.status);
    if (!s) return std::unexpected(s.error());
    eq["status"] = workflow::StatusId(*s);
  }
  auto rows = ctx.db.Find("item", eq);
  if (!rows) return std::unexpected(rows.error());
  std::set<std::string> rounds_of_system;
  if (!f.system_id.empty()) {
    auto rounds = ctx.db.Find("round", {{"system_id", f.system_id}});
    if (!rounds) return std::unexpected(rounds.error());
    for (const auto& r : *rounds) rounds_of_system.insert(r.at("id"));
  }
  std::vector<ItemView> out;
  for (auto& r : *rows) {
    if (!f.system_id.empty() && !rounds_of_system.contains(r.at("round_id"))) continue;
    auto v = View(ctx, std::move(r));
    if (!v) return std::unexpected(v.error());
    if (f.active_only && !workflow::IsActive(v->status)) continue;
    if (f.overdue_only && !(v->deadline && v->deadline->days_overdue > 0)) continue;
    out.push_back(std::move(*v));
  }
  return out;
}

Result<ItemView> GetItem(Ctx& ctx, const std::string& round_id, const std::string& item_id) {
  auto item = Require(ctx.db, "item", {round_id, item_id}, "整改项 (item)");
  if (!item) return std::unexpected(item.error());
  return View(ctx, std::move(*item));
}

Result<std::vector<Record>> ItemEvents(Ctx& ctx, const std::string& round_id, const std::string& item_id) {
  auto rows = ctx.db.Find("item_event", {{"round_id", round_id}, {"item_id", item_id}});
  if (!rows) return std::unexpected(rows.error());
  std::ranges::sort(*rows, {}, [](const Record& r) { return std::stoll(r.at("seq")); });
  return rows;
}

Result<Record> AssignItem(Ctx& ctx, const std::string& round_id, const std::string& item_id,
                          const std::string& owner, const std::string& deadline) {
  auto item = Require(ctx.db, "item", {round_id, item_id}, "整改项 (item)");
  if (!item) return std::unexpected(item.error());
  if (item->at("status") == "closed")
    return MakeError(ErrorCode::kInvalidArgument, "已销号的整改项不能再分派 (item is closed)");
  std::string note;
  if (!owner.empty()) {
    note += "责任人 " + item->at("owner") + " → " + owner + "；";
    (*item)["owner"] = owner;
  }
  if (!deadline.empty()) {
    auto d = workflow::ParseDate(deadline);
    if (!d) return std::unexpected(d.error());
    note += "期限 " + item->at("deadline") + " → " + deadline;
    (*item)["deadline"] = workflow::FormatDate(*d);
  }
  if (note.empty()) return MakeError(ErrorCode::kUsage, "请给出 --owner 或 --deadline (nothing to change)");
  auto st = ctx.db.WithTransaction([&]() -> Status {
    if (auto s = ctx.db.Put("item", *item, ctx.actor, "item.assign"); !s) return s;
    return AppendItemEvent(ctx, round_id, item_id, item->at("status"), item->at("status"), note);
  });
  if (!st) return std::unexpected(st.error());
  return *item;
}

Result<Record> MoveItem(Ctx& ctx, const std::string& round_id, const std::string& item_id,
                        workflow::ItemStatus to, workflow::TransitionInput in, const Reverifier* reverify) {
  auto item = Require(ctx.db, "item", {round_id, item_id}, "整改项 (item)");
  if (!item) return std::unexpected(item.error());
  auto from = workflow::ParseStatus(item->at("status"));
  if (!from) return std::unexpected(from.error());
  const std::string owner_key = ItemOwnerKey(*item);
  if (in.actor.empty()) in.actor = ctx.actor;

  // Everything but the re-check itself is judged before the re-check runs and is recorded: a
  // move the graph does not allow, a missing verifier, an owner verifying their own work.
  if (to == workflow::ItemStatus::kClosed && item->at("automatic") == "1") {
    workflow::TransitionInput pre = in;
    pre.automatic_check = true;
    pre.check_passed = true;
    if (auto st = workflow::CheckTransition(*from, to, pre, item->at("owner"), ctx.today); !st)
      return std::unexpected(st.error());
  }

  if (to == workflow::ItemStatus::kClosed && item->at("automatic") == "1") {
    if (reverify == nullptr || !*reverify)
      return MakeError(ErrorCode::kUsage,
                       "该整改项来自自动检查（规则 " + item->at("rule_ids") +
                           "），销号前须在测评对象上重新检查：--root DIR、--local 或 --scan FILE "
                           "(re-run the check before closing)");
    auto rv = (*reverify)(*item);
    if (!rv) return std::unexpected(rv.error());
    // The attempt is kept whatever its outcome: its own transaction, committed before judging.
    Record ev;
    auto recorded = ctx.db.WithTransaction([&]() -> Status {
      auto added = AddEvidence(ctx, rv->evidence_json, "reverify-" + item_id + ".json");
      if (!added) return std::unexpected(added.error());
      ev = *added;
      if (auto s = LinkEvidence(ctx, owner_key, ev.at("sha256"), "复验记录 " + ctx.now); !s) return s;
      const std::string verdict = rv->passed ? "通过" : (rv->conclusive ? "未通过" : "无法判定");
      return AppendItemEvent(ctx, round_id, item_id, item->at("status"), item->at("status"),
                             "复验" + verdict + ": " + rv->summary);
    });
    if (!recorded) return std::unexpected(recorded.error());
    in.automatic_check = true;
    in.check_passed = rv->passed && rv->conclusive;
    if (!rv->conclusive && !rv->passed)
      return MakeError(ErrorCode::kValidation, "复验无法判定，不能销号（" + rv->summary +
                                                   "）(re-check inconclusive; the item stays open)");
    if (!rv->passed)
      return MakeError(ErrorCode::kValidation,
                       "自动检查在测评对象上仍未通过，不能销号（" + rv->summary +
                           "）(the check still fails on the target; the item stays open)");
    in.evidence.push_back(ev.at("sha256"));
  } else if (to == workflow::ItemStatus::kClosed) {
    auto linked = LinkedEvidence(ctx, owner_key);
    if (!linked) return std::unexpected(linked.error());
    for (const auto& l : *linked) in.evidence.push_back(l.at("sha256"));
  }
  for (const auto& sha : in.evidence) {
    auto ev = Require(ctx.db, "evidence", {sha}, "证据 (evidence)");
    if (!ev) return std::unexpected(ev.error());
  }
  if (auto st = workflow::CheckTransition(*from, to, in, item->at("owner"), ctx.today); !st)
    return std::unexpected(st.error());

  Record next = *item;
  next["status"] = workflow::StatusId(to);
  switch (to) {
    case workflow::ItemStatus::kDeferred:
    case workflow::ItemStatus::kAccepted:
      next["approver"] = in.approver;
      next["reason"] = in.reason;
      next["expiry"] = workflow::FormatDate(*in.expiry);
      if (to == workflow::ItemStatus::kDeferred)
        next["deadline"] = workflow::FormatDate(in.new_deadline ? *in.new_deadline : *in.expiry);
      break;
    case workflow::ItemStatus::kClosed:
      next["verifier"] = in.verifier;
      next["closed_on"] = workflow::FormatDate(ctx.today);
      break;
    case workflow::ItemStatus::kOpen:
      next["closed_on"] = "";
      next["verifier"] = "";
      if (!in.reason.empty()) next["reason"] = in.reason;
      break;
    default:
      break;
  }
  std::string note = in.note;
  if (!in.reason.empty()) note += (note.empty() ? "" : "；") + std::string("理由: ") + in.reason;
  if (!in.approver.empty()) note += (note.empty() ? "" : "；") + std::string("批准人: ") + in.approver;
  if (!in.verifier.empty()) note += (note.empty() ? "" : "；") + std::string("验证人: ") + in.verifier;
  auto st = ctx.db.WithTransaction([&]() -> Status {
    if (to == workflow::ItemStatus::kClosed)
      for (const auto& sha : in.evidence)
        if (auto s = LinkEvidence(ctx, owner_key, sha, ""); !s) return s;
    if (auto s = ctx.db.Put("item", next, ctx.actor, "item." + std::string(workflow::StatusId(to))); !s)
      return s;
    return AppendItemEvent(ctx, round_id, item_id, std::string(workflow::StatusId(*from)),
                           std::string(workflow::StatusId(to)), note);
  });
  if (!st) return std::unexpected(st.error());
  return next;
}

}  // namespace dengbao::service
