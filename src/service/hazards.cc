// Hazard lifecycle, escalation and the rectification notice (declared in inspections.h).
#include <algorithm>

#include "service/inspections.h"
#include "service/inspections_detail.h"

namespace dengbao::service {
namespace {

Result<Record> LoadHazard(Ctx& ctx, std::string_view id) {
  return Require(ctx.db, "hazard", {std::string(id)}, "隐患 (hazard)");
}

Status Save(Ctx& ctx, const Record& h, std::string_view action) {
  return ctx.db.Put("hazard", h, ctx.actor, action);
}

Status NeedStatus(const Record& h, std::initializer_list<std::string_view> allowed, std::string_view what) {
  if (std::ranges::find(allowed, std::string_view(h.at("status"))) != allowed.end()) return {};
  return MakeError(ErrorCode::kInvalidArgument,
                   "隐患 " + h.at("id") + " 当前为「" + std::string(HazardStatusLabel(h.at("status"))) +
                       "」，不能" + std::string(what) + " (not allowed in status " + h.at("status") + ")");
}

// The user's manager (督办 goes there), or "" when the person is not a stored user or has none.
Result<std::string> ManagerOf(store::Store& db, const std::string& user_id) {
  auto u = db.Get("user", {user_id});
  if (!u) return std::unexpected(u.error());
  return *u ? (**u).at("manager_id") : std::string();
}

Result<HazardView> ViewOf(Ctx& ctx, Record h) {
  HazardView v;
  const bool extended = h.at("extension_status") == "approved" && !h.at("extension_to").empty();
  auto due = detail::StoredDate(h, extended ? "extension_to" : "deadline");
  if (!due) return std::unexpected(due.error());
  v.effective_deadline = *due;
  if (h.at("status") != "closed") {
    v.state = workflow::Evaluate(*due, ctx.today, kHazardPolicy);
    const std::string& who = h.at("responsible");
    switch (v.state->stage) {
      case workflow::Stage::kNone:
        break;
      case workflow::Stage::kReminder:
      case workflow::Stage::kOverdue:
        v.escalate_to = who;
        break;
      case workflow::Stage::kEscalated:
      case workflow::Stage::kLeadership: {
        auto manager = ManagerOf(ctx.db, who);
        if (!manager) return std::unexpected(manager.error());
        std::string m = manager->empty() ? who + " 的上级（未登记）" : *manager;
        v.escalate_to = v.state->stage == workflow::Stage::kEscalated ? m : "单位领导（挂牌督办）、" + m;
        break;
      }
    }
  }
  v.hazard = std::move(h);
  return v;
}

// Who asked for the pending extension: the actor of the latest hazard.extend entry.
Result<std::string> ExtensionRequester(store::Store& db, const std::string& id) {
  auto log = db.AuditLog();
  if (!log) return std::unexpected(log.error());
  const std::string object = "hazard:" + id;
  for (auto it = log->rbegin(); it != log->rend(); ++it)
    if (it->object == object && it->action == "hazard.extend") return it->actor;
  return std::string();
}

std::string Append(const std::string& text, const std::string& more) {
  return text.empty() ? more : text + "\n" + more;
}

}  // namespace

std::string_view HazardStatusLabel(std::string_view status) {
  if (status == "open") return "待下发";
  if (status == "rectifying") return "整改中";
  if (status == "awaiting_recheck") return "待复查";
  if (status == "closed") return "已销号";
  return "未知状态";
}

std::string_view SeverityLabel(std::string_view severity) {
  return severity == "major" ? "重大隐患" : "一般隐患";
}

std::string LoginOf(std::string_view actor) {
  if (actor.starts_with("web:")) return std::string(actor.substr(4));
  if (!actor.starts_with("cli:")) return std::string(actor);
  auto slash = actor.find('/');
  return slash == std::string_view::npos ? std::string() : std::string(actor.substr(slash + 1));
}

Result<HazardView> GetHazard(Ctx& ctx, std::string_view id) {
  auto h = LoadHazard(ctx, id);
  if (!h) return std::unexpected(h.error());
  return ViewOf(ctx, std::move(*h));
}

Result<std::vector<HazardView>> ListHazards(Ctx& ctx, std::string_view status, bool overdue_only) {
  if (!status.empty() && std::ranges::find(kHazardStatuses, status) == std::end(kHazardStatuses))
    return MakeError(
        ErrorCode::kInvalidArgument,
        "隐患状态应为 open|rectifying|awaiting_recheck|closed (unknown status): " + std::string(status));
  Record filter;
  if (!status.empty()) filter["status"] = std::string(status);
  auto rows = ctx.db.Find("hazard", filter);
  if (!rows) return std::unexpected(rows.error());
  std::vector<HazardView> out;
  for (auto& r : *rows) {
    auto v = ViewOf(ctx, std::move(r));
    if (!v) return std::unexpected(v.error());
    if (overdue_only && (!v->state || v->state->days_overdue == 0)) continue;
    out.push_back(std::move(*v));
  }
  return out;
}

Result<HazardNotice> IssueNotice(Ctx& ctx, std::string_view id) {
  auto h = LoadHazard(ctx, id);
  if (!h) return std::unexpected(h.error());
  if (h->at("status") == "open") {
    (*h)["status"] = "rectifying";
    if (auto st = Save(ctx, *h, "hazard.notice"); !st) return std::unexpected(st.error());
  }
  auto v = ViewOf(ctx, *h);
  if (!v) return std::unexpected(v.error());
  auto user = ctx.db.Get("user", {h->at("responsible")});
  if (!user) return std::unexpected(user.error());
  const std::string responsible_name = *user ? (**user).at("name") : h->at("responsible");
  const std::string deadline = workflow::FormatDate(v->effective_deadline);
  const bool extended = deadline != h->at("deadline");
  const std::string measures =
      h->at("measures").empty() ? "由责任人制定整改方案并落实，完成后申请复查" : h->at("measures");

  HazardNotice n;
  n.json = {{"id", h->at("id")},
            {"location", h->at("location")},
            {"nature", h->at("nature")},
            {"severity", h->at("severity")},
            {"severity_label", SeverityLabel(h->at("severity"))},
            {"check_item", h->at("check_item")},
            {"run_id", h->at("run_id")},
            {"measures", h->at("measures")},
            {"deadline", deadline},
            {"original_deadline", h->at("deadline")},
            {"responsible", h->at("responsible")},
            {"responsible_name", responsible_name},
            {"issued_on", h->at("found_on")},
            {"status", h->at("status")},
            {"status_label", HazardStatusLabel(h->at("status"))}};
  std::string& md = n.markdown;
  md = "# 隐患整改通知书\n\n编号：" + h->at("id") + "\n\n| 项目 | 内容 |\n|---|---|\n";
  md += "| 地点 | " + detail::Cell(h->at("location")) + " |\n";
  md += "| 隐患性质 | " + detail::Cell(h->at("nature")) + " |\n";
  md += "| 隐患等级 | " + std::string(SeverityLabel(h->at("severity"))) + " |\n";
  md += "| 检查项 | " + detail::Cell(h->at("check_item")) + "（巡检记录 " + detail::Cell(h->at("run_id")) +
        "） |\n";
  md += "| 整改措施 | " + detail::Cell(measures) + " |\n";
  md += "| 整改期限 | " + deadline + " 前完成" +
        (extended ? "（原期限 " + h->at("deadline") + "，已批准延期）" : std::string()) + " |\n";
  md += "| 责任人 | " + detail::Cell(responsible_name) +
        (responsible_name != h->at("responsible") ? "（" + h->at("responsible") + "）" : std::string()) +
        " |\n";
  md += "| 下发日期 | " + h->at("found_on") + " |\n\n";
  md +=
      "请责任人在整改期限前完成整改并申请复查；确需延期的，应在期限届满前提出延期申请并经他人批准。"
      "逾期未完成的，逾期 " +
      std::to_string(kHazardPolicy.escalate_after_days) + " 天后报上级督办，逾期 " +
      std::to_string(kHazardPolicy.leadership_after_days) + " 天后挂牌督办。\n";
  return n;
}

Result<Record> RequestExtension(Ctx& ctx, std::string_view id, std::string_view to, std::string_view reason) {
  auto h = LoadHazard(ctx, id);
  if (!h) return std::unexpected(h.error());
  if (auto st = NeedStatus(*h, {"open", "rectifying"}, "申请延期"); !st) return std::unexpected(st.error());
  if (h->at("extension_status") == "requested")
    return MakeError(ErrorCode::kInvalidArgument,
                     "隐患 " + h->at("id") + " 已有待审批的延期申请 (an extension request is pending)");
  if (reason.empty()) return MakeError(ErrorCode::kUsage, "延期需要说明理由 --reason (reason required)");
  auto new_to = workflow::ParseDate(to);
  if (!new_to) return std::unexpected(new_to.error());
  auto v = ViewOf(ctx, *h);
  if (!v) return std::unexpected(v.error());
  if (*new_to <= v->effective_deadline)
    return MakeError(ErrorCode::kInvalidArgument, "延期后的期限 " + std::string(to) + " 应晚于当前期限 " +
                                                      workflow::FormatDate(v->effective_deadline) +
                                                      " (must be after the current deadline)");
  // Keep an earlier approved extension as the deadline the new request extends.
  (*h)["deadline"] = workflow::FormatDate(v->effective_deadline);
  (*h)["extension_to"] = workflow::FormatDate(*new_to);
  (*h)["extension_reason"] = std::string(reason);
  (*h)["extension_status"] = "requested";
  (*h)["extension_approver"] = "";
  if (auto st = Save(ctx, *h, "hazard.extend"); !st) return std::unexpected(st.error());
  return *h;
}

Result<Record> DecideExtension(Ctx& ctx, std::string_view id, std::string_view approver, bool approve,
                               std::string_view reason) {
  auto h = LoadHazard(ctx, id);
  if (!h) return std::unexpected(h.error());
  if (h->at("extension_status") != "requested")
    return MakeError(ErrorCode::kInvalidArgument,
                     "隐患 " + h->at("id") + " 没有待审批的延期申请 (no pending extension request)");
  if (approver.empty()) return MakeError(ErrorCode::kUsage, "需要审批人 --approver (approver required)");
  if (approver == h->at("responsible"))
    return MakeError(ErrorCode::kInvalidArgument, "审批人不能是隐患责任人 " + h->at("responsible") +
                                                      " (approver is the responsible person)");
  auto requester = ExtensionRequester(ctx.db, h->at("id"));
  if (!requester) return std::unexpected(requester.error());
  if (approver == *requester || (!LoginOf(*requester).empty() && approver == LoginOf(*requester)))
    return MakeError(ErrorCode::kInvalidArgument,
                     "审批人不能是延期申请人 " + *requester + " (approver is the requester)");
  if (!approve && reason.empty())
    return MakeError(ErrorCode::kUsage, "驳回延期需要说明理由 --reason (reason required)");
  (*h)["extension_status"] = approve ? "approved" : "rejected";
  (*h)["extension_approver"] = std::string(approver);
  if (!approve)
    (*h)["extension_reason"] = Append(h->at("extension_reason"), "驳回理由：" + std::string(reason));
  if (auto st = Save(ctx, *h, approve ? "hazard.approve_extension" : "hazard.reject_extension"); !st)
    return std::unexpected(st.error());
  return *h;
}

Result<Record> Rectify(Ctx& ctx, std::string_view id, std::string_view measures) {
  auto h = LoadHazard(ctx, id);
  if (!h) return std::unexpected(h.error());
  if (auto st = NeedStatus(*h, {"open", "rectifying"}, "登记整改"); !st) return std::unexpected(st.error());
  if (measures.empty()) return MakeError(ErrorCode::kUsage, "需要整改措施 --measures (measures required)");
  (*h)["measures"] = Append(h->at("measures"), std::string(measures));
  (*h)["status"] = "awaiting_recheck";
  if (auto st = Save(ctx, *h, "hazard.rectify"); !st) return std::unexpected(st.error());
  return *h;
}

Result<Record> Recheck(Ctx& ctx, std::string_view id, std::string_view by, bool pass, std::string_view note) {
  auto h = LoadHazard(ctx, id);
  if (!h) return std::unexpected(h.error());
  if (auto st = NeedStatus(*h, {"awaiting_recheck"}, "复查"); !st) return std::unexpected(st.error());
  if (by.empty()) return MakeError(ErrorCode::kUsage, "需要复查人 --by (rechecker required)");
  if (by == h->at("responsible"))
    return MakeError(ErrorCode::kInvalidArgument, "复查人不能是隐患责任人 " + h->at("responsible") +
                                                      " (rechecker is the responsible person)");
  (*h)["rechecked_by"] = std::string(by);
  if (pass) {
    (*h)["status"] = "closed";
    (*h)["closed_on"] = workflow::FormatDate(ctx.today);
  } else {
    (*h)["status"] = "rectifying";
    (*h)["measures"] =
        Append(h->at("measures"), "复查不通过（" + workflow::FormatDate(ctx.today) + "，" + std::string(by) +
                                      "）" + (note.empty() ? "" : "：" + std::string(note)));
  }
  if (auto st = Save(ctx, *h, pass ? "hazard.recheck_pass" : "hazard.recheck_fail"); !st)
    return std::unexpected(st.error());
  return *h;
}

}  // namespace dengbao::service
