#include "http/self_check.h"

#include <string>

namespace dengbao::http {
namespace {

using nlohmann::json;

json Unit(std::string_view unit, std::string_view point, std::string_view result, json evidence,
          std::string_view note) {
  return {{"unit", unit},
          {"control_point", point},
          {"result", result},
          {"evidence", std::move(evidence)},
          {"note", note}};
}

bool Loopback(const std::string& host) { return host == "127.0.0.1" || host == "::1" || host == "localhost"; }

}  // namespace

json SelfCheckJson(const ServerConfig& c, std::span<const Route> routes) {
  const auto& pw = c.passwords;
  const auto& lock = c.lockout;
  const auto& sess = c.sessions;
  json units = json::array();

  const bool pw_ok =
      pw.min_length >= 8 && pw.min_classes >= 3 && pw.max_age_days > 0 && pw.max_age_days <= 90;
  units.push_back(Unit("L3-CES1-01", "身份鉴别", pw_ok ? "compliant" : "noncompliant",
                       {{"unique_login", true},
                        {"empty_password_possible", false},
                        {"min_length", pw.min_length},
                        {"min_classes", pw.min_classes},
                        {"max_age_days", pw.max_age_days},
                        {"history", pw.history},
                        {"hash", "argon2id m=19456 KiB t=2 p=1"}},
                       "登录名唯一，不存在空口令；口令复杂度与定期更换由口令策略强制"));
  const bool lock_ok = lock.max_failures <= 5 && lock.lock_minutes > 0 && sess.idle_seconds <= 30 * 60;
  units.push_back(Unit("L3-CES1-02", "身份鉴别", lock_ok ? "compliant" : "noncompliant",
                       {{"lock_after_failures", lock.max_failures + 1},
                        {"lock_minutes", lock.lock_minutes},
                        {"idle_timeout_seconds", sess.idle_seconds},
                        {"absolute_session_seconds", sess.absolute_seconds}},
                       "连续失败超过阈值即锁定；会话空闲超时与绝对时限后自动退出"));
  const char* transit = c.tls ? "compliant" : (Loopback(c.host) ? "partial" : "noncompliant");
  units.push_back(
      Unit("L3-CES1-03", "身份鉴别", transit,
           {{"tls", c.tls},
            {"listen", c.host + ":" + std::to_string(c.port)},
            {"certificate", c.cert_file.empty() ? "self-signed (state dir)" : c.cert_file.string()}},
           c.tls ? "远程管理经 HTTPS（TLS）加密传输鉴别信息"
                 : "未启用 TLS：仅监听本机回环地址时须由前置的 TLS 反向代理承担加密，请人工确认"));
  units.push_back(
      Unit("L3-CES1-04", "身份鉴别", "partial",
           {{"second_factor", "TOTP (RFC 6238)"},
            {"required_for", {"sysadmin", "secadmin", "auditor"}},
            {"optional_for", {"owner", "viewer"}}},
           "管理员（三员）强制口令 + TOTP 双因素；整改责任人与只读用户可自愿启用，未强制，故判部分符合"));
  units.push_back(Unit("L3-CES1-05", "访问控制", "compliant",
                       {{"roles", {"sysadmin", "secadmin", "auditor", "owner", "viewer"}}},
                       "每个登录用户一个账户，按角色授予权限"));
  units.push_back(Unit("L3-CES1-06", "访问控制", "compliant",
                       {{"default_accounts", 0}, {"first_run", "one-time setup token"}},
                       "无默认账户与默认口令：首个管理员经一次性设置令牌创建"));
  units.push_back(Unit(
      "L3-CES1-07", "访问控制", "manual", json::object(),
      "多余、过期与共用账户的清理依赖管理制度，请定期审查用户列表（可用 account-review-monthly 巡检模板）"));

  // Separation of duties, read from the route table itself.
  int audit_routes = 0, audit_shared = 0, user_routes = 0, user_shared = 0;
  const auth::RoleSet auditor = auth::Bit(auth::Role::kAuditor), sysadmin = auth::Bit(auth::Role::kSysadmin);
  for (const auto& r : routes) {
    if (r.pattern.starts_with("/api/v1/audit")) {
      ++audit_routes;
      if (r.roles != auditor) ++audit_shared;
    }
    if (r.pattern.starts_with("/api/v1/users")) {
      ++user_routes;
      if (r.roles != sysadmin) ++user_shared;
    }
  }
  int auditor_writes = 0;
  for (const auto& r : routes)
    if ((r.roles & auditor) != 0 && ChangesState(r.method) && r.access == Access::kSession) ++auditor_writes;
  const bool separated = audit_routes > 0 && audit_shared == 0 && user_shared == 0 && auditor_writes == 0;
  units.push_back(Unit("L3-CES1-08", "访问控制", separated ? "compliant" : "noncompliant",
                       {{"audit_routes", audit_routes},
                        {"audit_routes_open_to_others", audit_shared},
                        {"account_routes", user_routes},
                        {"account_routes_open_to_others", user_shared},
                        {"auditor_state_changing_routes", auditor_writes}},
                       "三权分立：账户仅系统管理员，审计记录仅审计管理员，审计管理员不能修改业务数据"));
  units.push_back(Unit("L3-CES1-09", "访问控制", "compliant", {{"policy", "route table roles (built in)"}},
                       "访问控制规则内置于路由表，只有系统管理员能分配角色"));
  units.push_back(
      Unit("L3-CES1-12", "安全审计", "compliant",
           {{"audited", {"every stored write", "every state-changing request", "logins and failures"}}},
           "审计覆盖每个用户的写操作、登录与失败"));
  units.push_back(Unit("L3-CES1-13", "安全审计", "compliant",
                       {{"fields", {"at", "actor", "action", "object", "before/after digest", "result"}}},
                       "每条记录含时间、用户、事件类型与结果"));
  units.push_back(Unit("L3-CES1-14", "安全审计", "partial",
                       {{"hash_chain", true},
                        {"anchors", "dengbao audit head / verify --anchor"},
                        {"backup", "dengbao backup"}},
                       "审计记录以哈希链防篡改；定期备份与锚点异地保存须由运维执行，请人工确认"));
  units.push_back(Unit("L3-CES1-15", "安全审计", "compliant", {{"same_transaction", true}},
                       "审计条目与数据写入同一事务，无法单独关闭审计"));
  units.push_back(Unit("L3-CES1-25", "数据完整性", c.tls ? "compliant" : transit, {{"tls", c.tls}},
                       "传输完整性由 TLS 保证"));
  units.push_back(Unit("L3-CES1-27", "数据保密性", c.tls ? "compliant" : transit, {{"tls", c.tls}},
                       "鉴别信息与业务数据经 TLS 加密传输"));
  units.push_back(Unit("L3-CES1-28", "数据保密性", "partial",
                       {{"passwords", "argon2id hashes"},
                        {"sessions", "SHA-256 of tokens"},
                        {"database_encryption", false},
                        {"totp_secrets", "plain text in the database"}},
                       "口令与会话令牌不以明文存储；数据库文件本身未加密，TOTP "
                       "种子明文保存，须依赖文件权限（0600）与磁盘加密"));
  units.push_back(Unit("L3-CES1-32", "剩余信息保护", "partial",
                       {{"sessions_deleted_on_logout_or_expiry", true}},
                       "会话在退出或超时后删除；进程内存中的口令缓冲未逐字节清零，判部分符合"));
  int counts[4] = {0, 0, 0, 0};
  for (const auto& u : units) {
    const std::string r = u["result"];
    ++counts[r == "compliant" ? 0 : r == "partial" ? 1 : r == "noncompliant" ? 2 : 3];
  }
  return {{"target_type", "application"},
          {"level", 3},
          {"units", units},
          {"summary",
           {{"compliant", counts[0]},
            {"partial", counts[1]},
            {"noncompliant", counts[2]},
            {"manual", counts[3]}}}};
}

json SelfCheckJson(const ServerConfig& config) {
  static const std::vector<Route> routes = ApiRoutes();
  return SelfCheckJson(config, routes);
}

}  // namespace dengbao::http
