// API routes for accounts (system administrator), the audit trail (auditor only), the dashboard,
// what is due, and the product's own level-3 self-check.
#include "http/handler_util.h"
#include "http/routes.h"
#include "http/self_check.h"
#include "service/items.h"
#include "service/records.h"
#include "service/views.h"

namespace dengbao::http {
namespace {

using nlohmann::json;

// ---- users (系统管理员) ----

Result<Response> ListUsers(const Request& req, HandlerContext& hc) {
  auto rows = hc.db.Find("user");
  if (!rows) return std::unexpected(rows.error());
  json all = json::array();
  for (const auto& r : *rows) {
    json j = service::RecordJson(r);
    auto cred = hc.db.Get("credential", {r.at("id")});
    j["has_password"] = cred && *cred;
    j["totp_enrolled"] = cred && *cred && (**cred).at("totp_enrolled") == "1";
    auto state = hc.db.Get("login_state", {r.at("id")});
    j["locked_until"] = state && *state ? std::stoll((**state).at("locked_until_unix")) : 0;
    all.push_back(j);
  }
  return JsonOk(Page(req, all));
}

Result<Response> CreateUser(const Request& req, HandlerContext& hc) {
  auto body = ObjectBody(req);
  if (!body) return std::unexpected(body.error());
  service::UserInput in;
  for (auto [field, target] :
       {std::pair{"id", &in.id}, std::pair{"name", &in.name}, std::pair{"role", &in.role},
        std::pair{"organisation", &in.organisation_id}, std::pair{"site", &in.site_id},
        std::pair{"manager", &in.manager_id}, std::pair{"email", &in.email}}) {
    auto v = Str(*body, field, std::string_view(field) == "id" || std::string_view(field) == "role");
    if (!v) return std::unexpected(v.error());
    *target = *v;
  }
  auto password = Str(*body, "password", true);
  if (!password) return std::unexpected(password.error());
  auto sc = ServiceCtx(hc);
  if (!sc) return std::unexpected(sc.error());
  service::Record rec;
  auto st = hc.db.WithTransaction([&]() -> Status {
    auto u = service::UpsertUser(*sc, in);
    if (!u) return std::unexpected(u.error());
    rec = *u;
    // The administrator sets a first password; the user must choose their own at first login.
    return hc.auth.SetPassword(hc.actor, in.id, *password, true, hc.now);
  });
  if (!st) return std::unexpected(st.error());
  return Response::JsonBody(service::RecordJson(rec), 201);
}

Result<Response> ResetPassword(const Request& req, HandlerContext& hc) {
  auto body = ObjectBody(req);
  if (!body) return std::unexpected(body.error());
  auto password = Str(*body, "password", true);
  if (!password) return std::unexpected(password.error());
  if (auto st = hc.auth.SetPassword(hc.actor, req.path_params.at("user"), *password, true, hc.now); !st)
    return std::unexpected(st.error());
  return Response::JsonBody({{"user", req.path_params.at("user")}, {"must_change_password", true}});
}

Result<Response> UnlockUser(const Request& req, HandlerContext& hc) {
  if (auto st = hc.auth.Unlock(hc.actor, req.path_params.at("user"), hc.now); !st)
    return std::unexpected(st.error());
  return Response::JsonBody({{"user", req.path_params.at("user")}, {"unlocked", true}});
}

// ---- audit (审计管理员 only) ----

Result<Response> ListAudit(const Request& req, HandlerContext& hc) {
  auto log = hc.db.AuditLog();
  if (!log) return std::unexpected(log.error());
  const std::string prefix = req.Query("object").value_or("");
  const std::string actor = req.Query("actor").value_or("");
  json all = json::array();
  for (auto it = log->rbegin(); it != log->rend(); ++it) {  // newest first
    if (!it->object.starts_with(prefix) || (!actor.empty() && it->actor != actor)) continue;
    all.push_back({{"id", it->id},
                   {"at", it->at},
                   {"actor", it->actor},
                   {"action", it->action},
                   {"object", it->object},
                   {"before_digest", it->before_digest},
                   {"after_digest", it->after_digest},
                   {"hash", it->hash}});
  }
  return JsonOk(Page(req, all));
}

Result<Response> VerifyAudit(const Request&, HandlerContext& hc) {
  auto v = hc.db.VerifyAudit();
  if (!v) return std::unexpected(v.error());
  json j = {{"ok", v->ok}, {"entries", v->entries}, {"algorithm", hc.db.AuditHash()}};
  if (!v->ok) {
    j["entry"] = v->entry_id;
    j["object"] = v->object;
    j["problem"] = v->problem;
  }
  return Response::JsonBody(j);
}

// ---- what is due, dashboard ----

Result<Response> Due(const Request& req, HandlerContext& hc) {
  auto sc = ServiceCtx(hc);
  if (!sc) return std::unexpected(sc.error());
  int window = 7;
  if (auto d = req.Query("days")) {
    try {
      window = std::stoi(*d);
    } catch (const std::exception&) {
      return MakeError(ErrorCode::kInvalidArgument, "days 应为整数 (days must be an integer)",
                       {"days", 0, 0});
    }
  }
  service::ItemFilter f;
  if (IsRole(req, auth::Role::kOwner)) f.owner = Login(req);
  auto items = service::ListItems(*sc, f);
  if (!items) return std::unexpected(items.error());
  json due = json::array();
  for (const auto& v : *items)
    if (v.deadline && v.deadline->days_left <= window)
      due.push_back(
          {{"kind", v.status == workflow::ItemStatus::kAccepted ? "risk_acceptance" : "item"},
           {"object", v.item.at("round_id") + "/" + v.item.at("id")},
           {"what", v.item.at("title")},
           {"due", v.status == workflow::ItemStatus::kAccepted ? v.item.at("expiry") : v.item.at("deadline")},
           {"owner", v.item.at("owner")},
           {"escalate_to", v.escalate_to},
           {"state", service::StateJson(*v.deadline)}});
  if (!IsRole(req, auth::Role::kOwner)) {
    auto systems = hc.db.ListSystems();
    if (!systems) return std::unexpected(systems.error());
    for (const auto& s : *systems) {
      auto fs = service::GetFilingStatus(*sc, s.id);
      if (!fs) return std::unexpected(fs.error());
      if (fs->filing_due && fs->filing_due->days_left <= window)
        due.push_back({{"kind", "filing"},
                       {"object", s.id},
                       {"what", "定级后 30 日内备案"},
                       {"due", workflow::FormatDate(fs->dates->filing_due)},
                       {"state", service::StateJson(*fs->filing_due)}});
      if (fs->renewal && fs->renewal->days_left <= window)
        due.push_back({{"kind", "renewal"},
                       {"object", s.id},
                       {"what", "备案证明到期复核"},
                       {"due", workflow::FormatDate(*fs->dates->certificate_expiry)},
                       {"state", service::StateJson(*fs->renewal)}});
    }
  }
  std::vector<json> rows(due.begin(), due.end());
  std::ranges::sort(rows, {}, [](const json& j) { return j["state"]["days_left"].get<int>(); });
  due = rows;
  return Response::JsonBody(
      {{"today", workflow::FormatDate(sc->today)}, {"window_days", window}, {"due", due}});
}

Result<Response> SelfCheck(const Request&, HandlerContext& hc) {
  return Response::JsonBody(SelfCheckJson(hc.config));
}

}  // namespace

std::vector<Route> AdminRoutes() {
  using S = json;
  return {
      {"GET",
       "/api/v1/users",
       "用户与角色 / users",
       "users",
       Access::kSession,
       kSys,
       ListUsers,
       {},
       {},
       {"limit", "offset"}},
      {"POST",
       "/api/v1/users",
       "新建或修改用户（初始口令须首次登录修改）/ create a user",
       "users",
       Access::kSession,
       kSys,
       CreateUser,
       S{{"type", "object"},
         {"required", {"id", "role", "password"}},
         {"properties",
          {{"id", {{"type", "string"}}},
           {"name", {{"type", "string"}}},
           {"role", {{"type", "string"}, {"enum", {"sysadmin", "secadmin", "auditor", "owner", "viewer"}}}},
           {"password", {{"type", "string"}}},
           {"manager", {{"type", "string"}}},
           {"organisation", {{"type", "string"}}},
           {"site", {{"type", "string"}}},
           {"email", {{"type", "string"}}}}}},
       {},
       {}},
      {"POST",
       "/api/v1/users/{user}/password",
       "重置口令 / reset a password",
       "users",
       Access::kSession,
       kSys,
       ResetPassword,
       S{{"type", "object"},
         {"required", {"password"}},
         {"properties", {{"password", {{"type", "string"}}}}}},
       {},
       {}},
      {"POST",
       "/api/v1/users/{user}/unlock",
       "解除锁定 / unlock",
       "users",
       Access::kSession,
       kSys,
       UnlockUser,
       {},
       {},
       {}},
      {"GET",
       "/api/v1/audit",
       "审计记录（仅审计管理员）/ audit trail",
       "audit",
       Access::kSession,
       kAuditor,
       ListAudit,
       {},
       {},
       {"object", "actor", "limit", "offset"}},
      {"GET",
       "/api/v1/audit/verify",
       "校验审计链（仅审计管理员）/ verify the audit trail",
       "audit",
       Access::kSession,
       kAuditor,
       VerifyAudit,
       {},
       {},
       {}},
      {"GET",
       "/api/v1/due",
       "逾期与即将到期事项 / what is due",
       "dashboard",
       Access::kSession,
       kSecViewOwner,
       Due,
       {},
       {},
       {"days"}},
      {"GET",
       "/api/v1/selfcheck",
       "本系统对照第三级要求的自查 / the product's own level-3 self-check",
       "dashboard",
       Access::kSession,
       kAdmins,
       SelfCheck,
       {},
       {},
       {}},
  };
}

}  // namespace dengbao::http
