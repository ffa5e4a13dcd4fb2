// Login with lockout, sessions (idle and absolute timeouts) and logout.
#include <charconv>
#include <string>

#include "auth/auth.h"
#include "auth/internal.h"
#include "store/digest.h"

namespace dengbao::auth {
namespace {

using store::Record;

// last_seen_unix is rewritten at most this often, so a busy session does not write on every
// request; the idle timeout is therefore exact only to within this many seconds.
constexpr int64_t kTouchSeconds = 10;
// Tokens are 43 characters (32 bytes base64url); anything far longer is not one of ours.
constexpr size_t kMaxTokenChars = 128;

int64_t ToInt(const Record& r, const std::string& column) {
  auto it = r.find(column);
  int64_t v = 0;
  if (it != r.end()) std::from_chars(it->second.data(), it->second.data() + it->second.size(), v);
  return v;
}

std::unexpected<LoginError> Fail(LoginFailure f, std::string message, int64_t locked_until = 0) {
  return std::unexpected(LoginError{f, locked_until, std::move(message)});
}
std::unexpected<LoginError> Internal(const Error& e) { return Fail(LoginFailure::kInternal, e.ToString()); }

std::string LockedMessage(int64_t until) {
  return "账号已锁定，请于 " + internal::IsoFromUnix(until) + "（UTC）后重试 (account locked until " +
         internal::IsoFromUnix(until) + ")";
}
constexpr std::string_view kBadCredentialsMessage = "用户名或口令错误 (wrong login or password)";

Status Audit(store::Store& db, std::string_view actor, std::string_view action, std::string_view login) {
  auto e = db.AppendAudit(actor, action, internal::LoginObject(login), "", "");
  if (!e) return std::unexpected(e.error());
  return {};
}

bool PasswordExpired(const PasswordPolicy& p, const Record& cred, int64_t now) {
  if (p.max_age_days <= 0) return false;
  auto changed = internal::UnixFromIso(cred.at("changed_at"));
  return !changed || now - *changed > static_cast<int64_t>(p.max_age_days) * 86400;
}

// The Session a stored row stands for, with the user's current role, name and obligations.
Session MakeSession(const PasswordPolicy& p, const Record& user, const Record& cred, const Record& row,
                    Role role, int64_t now) {
  Session s;
  s.user = user.at("id");
  s.role = role;
  s.name = user.at("name");
  s.csrf = row.at("csrf");
  s.second_factor = row.at("second_factor") == "1";
  s.must_enrol_totp = IsPrivileged(role) && cred.at("totp_enrolled") != "1";
  s.must_change_password = cred.at("must_change") == "1" || PasswordExpired(p, cred, now);
  s.created_at = ToInt(row, "created_unix");
  s.expires_at = ToInt(row, "expires_unix");
  return s;
}

}  // namespace

namespace internal {

Result<LoginState> GetLoginState(store::Store& db, std::string_view login) {
  auto row = db.Get("login_state", {std::string(login)});
  if (!row) return std::unexpected(row.error());
  LoginState s;
  if (*row) {
    s.failed_count = ToInt(**row, "failed_count");
    s.locked_until = ToInt(**row, "locked_until_unix");
    s.last_failure_at = (**row).at("last_failure_at");
    s.last_login_at = (**row).at("last_login_at");
  }
  return s;
}

Status PutLoginState(store::Store& db, std::string_view login, const LoginState& s) {
  Record r{{"user_id", std::string(login)},
           {"failed_count", std::to_string(s.failed_count)},
           {"locked_until_unix", std::to_string(s.locked_until)},
           {"last_failure_at", s.last_failure_at},
           {"last_login_at", s.last_login_at}};
  return db.Put("login_state", r, "web:" + std::string(login), "auth.login_state");
}

Result<int64_t> CountFailure(store::Store& db, const LockoutPolicy& policy, std::string_view login,
                             int64_t now) {
  int64_t locked_until = 0;
  auto st = db.WithTransaction([&]() -> Status {
    auto s = GetLoginState(db, login);
    if (!s) return std::unexpected(s.error());
    s->failed_count += 1;
    s->last_failure_at = IsoFromUnix(now);
    if (s->failed_count > policy.max_failures) {
      // The lock is the consequence; afterwards the count starts again.
      locked_until = now + static_cast<int64_t>(policy.lock_minutes) * 60;
      s->locked_until = locked_until;
      s->failed_count = 0;
    }
    if (auto put = PutLoginState(db, login, *s); !put) return put;
    return Audit(db, "web:" + std::string(login), locked_until ? "auth.locked" : "auth.login_failed", login);
  });
  if (!st) return std::unexpected(st.error());
  return locked_until;
}

}  // namespace internal

std::expected<Session, LoginError> Authenticator::Login(std::string_view login, std::string_view password,
                                                        std::string_view totp_code, std::string_view remote,
                                                        int64_t now) {
  std::optional<Record> user;
  std::optional<Record> cred;
  if (internal::IsValidLogin(login)) {
    auto u = db_.Get("user", {std::string(login)});
    if (!u) return Internal(u.error());
    auto c = db_.Get("credential", {std::string(login)});
    if (!c) return Internal(c.error());
    user = *u;
    cred = *c;
  }
  if (!user || !cred) {
    internal::DummyVerify(password);  // as long as a real check
    if (auto st = Audit(db_, "web:anonymous", "auth.login_failed", login); !st) return Internal(st.error());
    return Fail(LoginFailure::kBadCredentials, std::string(kBadCredentialsMessage));
  }
  const std::string actor = "web:" + std::string(login);
  auto state = internal::GetLoginState(db_, login);
  if (!state) return Internal(state.error());
  if (state->locked_until > now) {
    if (auto st = Audit(db_, actor, "auth.locked", login); !st) return Internal(st.error());
    return Fail(LoginFailure::kLocked, LockedMessage(state->locked_until), state->locked_until);
  }
  // A wrong password or code: counted, and possibly the failure that locks the account.
  auto count_failure = [&](LoginFailure f, std::string message) -> std::expected<Session, LoginError> {
    auto until = internal::CountFailure(db_, lock_, login, now);
    if (!until) return Internal(until.error());
    if (*until > 0) return Fail(LoginFailure::kLocked, LockedMessage(*until), *until);
    return Fail(f, std::move(message));
  };
  if (!VerifyPassword(cred->at("password_hash"), password))
    return count_failure(LoginFailure::kBadCredentials, std::string(kBadCredentialsMessage));
  // Only someone who knows the password learns that the account is disabled.
  if (user->at("active") != "1") {
    if (auto st = Audit(db_, actor, "auth.login_failed", login); !st) return Internal(st.error());
    return Fail(LoginFailure::kDisabled, "账号已停用，请联系系统管理员 (account disabled)");
  }
  auto role = ParseRole(user->at("role"));
  if (!role) return Internal(Error{ErrorCode::kInternal, "未知角色 (unknown role): " + user->at("role"), {}});
  bool second_factor = false;
  if (cred->at("totp_enrolled") == "1") {
    if (totp_code.empty()) {
      if (auto st = Audit(db_, actor, "auth.login_failed", login); !st) return Internal(st.error());
      return Fail(LoginFailure::kSecondFactorRequired, "请输入动态口令 (TOTP code required)");
    }
    // A code is good once: the previous login may have used any step up to one past its own
    // time, so only later steps count (a second login within a minute waits for a new code).
    int64_t after_step = -1;
    if (auto last = internal::UnixFromIso(state->last_login_at)) after_step = internal::TotpStep(*last) + 1;
    if (!internal::MatchTotpStep(cred->at("totp_secret"), totp_code, now, after_step))
      return count_failure(LoginFailure::kSecondFactorWrong,
                           "动态口令错误或已使用 (wrong or used TOTP code)");
    second_factor = true;
  }

  const std::string token = RandomToken(32);
  Record row{{"id", store::Sha256Hex(token)},
             {"user_id", std::string(login)},
             {"csrf", RandomToken(32)},
             {"created_unix", std::to_string(now)},
             {"last_seen_unix", std::to_string(now)},
             {"expires_unix", std::to_string(now + sess_.absolute_seconds)},
             {"second_factor", second_factor ? "1" : "0"},
             {"remote", std::string(remote.substr(0, 256))}};
  auto st = db_.WithTransaction([&]() -> Status {
    internal::LoginState fresh{0, 0, state->last_failure_at, internal::IsoFromUnix(now)};
    if (auto put = internal::PutLoginState(db_, login, fresh); !put) return put;
    if (auto put = db_.Put("session", row, actor, "auth.session"); !put) return put;
    return Audit(db_, actor, "auth.login", login);
  });
  if (!st) return Internal(st.error());
  Session s = MakeSession(pw_, *user, *cred, row, *role, now);
  s.token = token;
  return s;
}

Result<std::optional<Session>> Authenticator::Validate(std::string_view token, int64_t now) {
  if (token.empty() || token.size() > kMaxTokenChars) return std::nullopt;
  const std::string id = store::Sha256Hex(token);
  auto row = db_.Get("session", {id});
  if (!row) return std::unexpected(row.error());
  if (!*row) return std::nullopt;
  Record& r = **row;
  const std::string login = r.at("user_id");
  auto end = [&]() -> Result<std::optional<Session>> {
    if (auto st = db_.Delete("session", {id}, "web:" + login, "auth.session_end"); !st)
      return std::unexpected(st.error());
    return std::nullopt;
  };
  const int64_t last_seen = ToInt(r, "last_seen_unix");
  if (now - last_seen > sess_.idle_seconds || now > ToInt(r, "expires_unix")) return end();
  auto user = db_.Get("user", {login});
  if (!user) return std::unexpected(user.error());
  auto cred = db_.Get("credential", {login});
  if (!cred) return std::unexpected(cred.error());
  // A user disabled, deleted or without a password any more loses their sessions.
  if (!*user || !*cred || (**user).at("active") != "1") return end();
  auto role = ParseRole((**user).at("role"));
  if (!role) return end();
  if (now - last_seen >= kTouchSeconds) {
    r["last_seen_unix"] = std::to_string(now);
    if (auto st = db_.Put("session", r, "web:" + login, "auth.session"); !st)
      return std::unexpected(st.error());
  }
  return MakeSession(pw_, **user, **cred, r, *role, now);
}

Status Authenticator::Logout(std::string_view token, int64_t now) {
  (void)now;
  if (token.empty() || token.size() > kMaxTokenChars) return {};
  const std::string id = store::Sha256Hex(token);
  auto row = db_.Get("session", {id});
  if (!row) return std::unexpected(row.error());
  if (!*row) return {};  // already gone: logging out twice is not an error
  const std::string login = (**row).at("user_id");
  return db_.WithTransaction([&]() -> Status {
    if (auto st = db_.Delete("session", {id}, "web:" + login, "auth.logout"); !st) return st;
    return Audit(db_, "web:" + login, "auth.logout", login);
  });
}

Status Authenticator::MarkSecondFactor(std::string_view token) {
  auto row = db_.Get("session", {store::Sha256Hex(token)});
  if (!row) return std::unexpected(row.error());
  if (!*row) return MakeError(ErrorCode::kNotFound, "会话不存在或已过期 (no such session)");
  auto cred = db_.Get("credential", {(**row).at("user_id")});
  if (!cred) return std::unexpected(cred.error());
  if (!*cred || (**cred).at("totp_enrolled") != "1")
    return MakeError(ErrorCode::kPermissionDenied, "尚未绑定动态口令 (TOTP not enrolled)");
  (**row)["second_factor"] = "1";
  return db_.Put("session", **row, "web:" + (**row).at("user_id"), "auth.session");
}

}  // namespace dengbao::auth
