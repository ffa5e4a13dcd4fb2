#include "workflow/lifecycle.h"

#include <algorithm>
#include <array>

namespace dengbao::workflow {
namespace {

struct StatusRow {
  ItemStatus status;
  std::string_view id;
  std::string_view label;
};

constexpr std::array kStatuses = {
    StatusRow{ItemStatus::kOpen, "open", "待整改"},
    StatusRow{ItemStatus::kPlanned, "planned", "已计划"},
    StatusRow{ItemStatus::kInProgress, "in_progress", "整改中"},
    StatusRow{ItemStatus::kAwaitingVerification, "awaiting_verification", "待验证"},
    StatusRow{ItemStatus::kClosed, "closed", "已销号"},
    StatusRow{ItemStatus::kDeferred, "deferred", "已延期"},
    StatusRow{ItemStatus::kAccepted, "accepted", "已接受风险"},
};

struct Edge {
  ItemStatus from;
  ItemStatus to;
};

using S = ItemStatus;
// The graph in lifecycle.h, one row per allowed move; NextStatuses lists them in this order.
constexpr std::array kEdges = {
    Edge{S::kOpen, S::kPlanned},
    Edge{S::kOpen, S::kDeferred},
    Edge{S::kOpen, S::kAccepted},
    Edge{S::kPlanned, S::kInProgress},
    Edge{S::kPlanned, S::kDeferred},
    Edge{S::kPlanned, S::kAccepted},
    Edge{S::kInProgress, S::kAwaitingVerification},
    Edge{S::kInProgress, S::kDeferred},
    Edge{S::kInProgress, S::kAccepted},
    Edge{S::kAwaitingVerification, S::kClosed},
    Edge{S::kAwaitingVerification, S::kInProgress},
    Edge{S::kAwaitingVerification, S::kDeferred},
    Edge{S::kAwaitingVerification, S::kAccepted},
    Edge{S::kDeferred, S::kPlanned},
    Edge{S::kDeferred, S::kInProgress},
    Edge{S::kDeferred, S::kOpen},
    Edge{S::kAccepted, S::kOpen},
    Edge{S::kClosed, S::kOpen},
};

// A deferral or risk acceptance lasts at most a year; 366 so that the same calendar day next
// year is allowed in a leap year too.
constexpr int kMaxExpiryDays = 366;

const StatusRow& Row(ItemStatus s) { return kStatuses[static_cast<size_t>(s)]; }

// Whitespace-only names count as missing: a form field with a space is not a signature.
bool Blank(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}

std::string Named(ItemStatus s) { return std::string(Row(s).label) + " (" + std::string(Row(s).id) + ")"; }

std::unexpected<Error> Invalid(std::string detail) {
  return MakeError(ErrorCode::kInvalidArgument, std::move(detail));
}

Status CheckExemption(const TransitionInput& in, std::string_view owner, Date today) {
  if (Blank(in.approver)) {
    return Invalid("延期或接受风险需要审批人 (approver is required for deferred/accepted)");
  }
  if (in.approver == owner) {
    return Invalid("审批人不能是整改责任人 (approver must differ from the owner): " + in.approver);
  }
  if (Blank(in.reason)) return Invalid("延期或接受风险需要理由 (reason is required for deferred/accepted)");
  if (!in.expiry) return Invalid("延期或接受风险需要到期日 (expiry is required for deferred/accepted)");
  if (*in.expiry <= today) {
    return Invalid("到期日必须晚于今天 (expiry must be after today): expiry " + FormatDate(*in.expiry) +
                   ", today " + FormatDate(today));
  }
  if (DaysBetween(today, *in.expiry) > kMaxExpiryDays) {
    return Invalid("到期日不能超过一年 (expiry must be at most 366 days ahead): expiry " +
                   FormatDate(*in.expiry) + ", today " + FormatDate(today));
  }
  if (in.new_deadline) {
    // The deferral ends at expiry; a deadline after it would outlive the approval it rests on.
    if (*in.new_deadline <= today || *in.new_deadline > *in.expiry) {
      return Invalid(
          "新期限应晚于今天且不晚于到期日 (new_deadline must be after today and not after expiry): " +
          FormatDate(*in.new_deadline));
    }
  }
  return {};
}

Status CheckClose(const TransitionInput& in, std::string_view owner) {
  if (Blank(in.verifier)) return Invalid("销号需要验证人 (verifier is required to close)");
  if (in.verifier == owner) {
    return Invalid("验证人不能是整改责任人 (verifier must differ from the owner): " + in.verifier);
  }
  if (in.automatic_check) {
    if (!in.check_passed)
      return Invalid("自动检查仍未通过，不能销号 (the automatic check still fails; cannot close)");
    return {};
  }
  if (in.evidence.empty()) return Invalid("销号需要至少一份证据 (evidence is required to close)");
  if (std::any_of(in.evidence.begin(), in.evidence.end(), [](const std::string& e) { return Blank(e); })) {
    return Invalid("证据不能为空 (evidence entries must not be empty)");
  }
  return {};
}

}  // namespace

std::string_view StatusId(ItemStatus s) { return Row(s).id; }
std::string_view StatusLabel(ItemStatus s) { return Row(s).label; }

Result<ItemStatus> ParseStatus(std::string_view text) {
  for (const StatusRow& r : kStatuses) {
    if (text == r.id || text == r.label) return r.status;
  }
  std::string allowed;
  for (const StatusRow& r : kStatuses) {
    if (!allowed.empty()) allowed += ", ";
    allowed += r.id;
  }
  return Invalid("未知的整改状态 (unknown item status): " + std::string(text) +
                 "；可选 (allowed): " + allowed);
}

bool IsActive(ItemStatus s) {
  return s == ItemStatus::kOpen || s == ItemStatus::kPlanned || s == ItemStatus::kInProgress ||
         s == ItemStatus::kAwaitingVerification;
}

std::vector<ItemStatus> NextStatuses(ItemStatus from) {
  std::vector<ItemStatus> out;
  for (const Edge& e : kEdges) {
    if (e.from == from) out.push_back(e.to);
  }
  return out;
}

Status CheckTransition(ItemStatus from, ItemStatus to, const TransitionInput& in, std::string_view owner,
                       Date today) {
  if (from == to) return Invalid("状态未改变 (status unchanged): " + Named(to));
  bool allowed =
      std::any_of(kEdges.begin(), kEdges.end(), [&](const Edge& e) { return e.from == from && e.to == to; });
  if (!allowed) {
    std::string next;
    for (ItemStatus s : NextStatuses(from)) {
      if (!next.empty()) next += ", ";
      next += StatusId(s);
    }
    return Invalid("不允许的状态转换 (transition not allowed): " + Named(from) + " → " + Named(to) +
                   "；可转为 (allowed): " + next);
  }
  if (Blank(in.actor)) return Invalid("缺少操作人 (actor is required)");
  // Only a deferral moves the deadline; accepting it elsewhere would drop it silently.
  if (in.new_deadline && to != ItemStatus::kDeferred) {
    return Invalid("只有延期可以设置新期限 (new_deadline applies only to deferred): " + Named(to));
  }

  if (to == ItemStatus::kDeferred || to == ItemStatus::kAccepted) return CheckExemption(in, owner, today);
  if (to == ItemStatus::kClosed) return CheckClose(in, owner);
  if (to == ItemStatus::kOpen && Blank(in.reason)) {
    // Reopening a closed item or ending an exemption changes what reports count; say why.
    return Invalid("重新打开需要理由 (reason is required to reopen): " + Named(from) + " → " + Named(to));
  }
  return {};
}

}  // namespace dengbao::workflow
