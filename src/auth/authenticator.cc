// The Authenticator's account operations: first-run setup, passwords, TOTP enrolment, unlock.
#include <openssl/crypto.h>

#include <algorithm>
#include <string>

#include "auth/auth.h"
#include "auth/internal.h"
#include "store/digest.h"

namespace dengbao::auth {
namespace {

using store::Record;

constexpr std::string_view kSetupId = "setup";

Record NewCredential(std::string_view login) {
  return {{"user_id", std::string(login)},
          {"password_hash", ""},
          {"changed_at", ""},
          {"history", "[]"},
          {"totp_secret", ""},
          {"totp_pending", ""},
          {"totp_enrolled", "0"},
          {"must_change", "0"}};
}

// The hashes a new password may not match: the current one and the stored history, newest
// first, `n` at most.
std::vector<std::string> RecentHashes(const Record& cred, int n) {
  std::vector<std::string> hashes = internal::ParseHistory(cred.at("history"));
  if (!cred.at("password_hash").empty() &&
      std::ranges::find(hashes, cred.at("password_hash")) == hashes.end())
    hashes.insert(hashes.begin(), cred.at("password_hash"));
  if (hashes.size() > static_cast<size_t>(std::max(n, 0))) hashes.resize(static_cast<size_t>(std::max(n, 0)));
  return hashes;
}

Result<Record> GetCredential(store::Store& db, std::string_view login) {
  auto cred = db.Get("credential", {std::string(login)});
  if (!cred) return std::unexpected(cred.error());
  if (!*cred)
    return MakeError(ErrorCode::kNotFound, "该用户尚未设置口令 (no password set): " + std::string(login));
  return **cred;
}

Status RequireUser(store::Store& db, std::string_view login) {
  auto user =
      internal::IsValidLogin(login) ? db.Get("user", {std::string(login)}) : Result<std::optional<Record>>();
  if (!user) return std::unexpected(user.error());
  if (!*user) return MakeError(ErrorCode::kNotFound, "没有这个用户 (no such user): " + std::string(login));
  return {};
}

}  // namespace

Authenticator::Authenticator(store::Store& db, PasswordPolicy pw, LockoutPolicy lock, SessionPolicy sess)
    : db_(db), pw_(pw), lock_(lock), sess_(sess) {}

// Checks policy and history, then writes the credential (history: the new hash first). Ends the
// user's sessions when `end_sessions` (a reset by an administrator).
Status Authenticator::StorePassword(std::string_view actor, std::string_view login, std::string_view password,
                                    bool must_change, bool end_sessions, int64_t now) {
  if (auto st = CheckPasswordPolicy(pw_, password, login); !st) return st;
  auto existing = db_.Get("credential", {std::string(login)});
  if (!existing) return std::unexpected(existing.error());
  Record cred = *existing ? **existing : NewCredential(login);
  std::vector<std::string> recent = RecentHashes(cred, pw_.history);
  for (const auto& h : recent)
    if (VerifyPassword(h, password))
      return MakeError(ErrorCode::kInvalidArgument, "不得与最近 " + std::to_string(pw_.history) +
                                                        " 次使用过的口令相同 (reuses one of the last " +
                                                        std::to_string(pw_.history) + " passwords)");
  auto hash = HashPassword(password);
  if (!hash) return std::unexpected(hash.error());
  recent.insert(recent.begin(), *hash);
  if (recent.size() > static_cast<size_t>(std::max(pw_.history, 1)))
    recent.resize(std::max<size_t>(pw_.history, 1));
  cred["password_hash"] = *hash;
  cred["changed_at"] = internal::IsoFromUnix(now);
  cred["history"] = internal::HistoryJson(pw_.history > 0 ? recent : std::vector<std::string>{});
  cred["must_change"] = must_change ? "1" : "0";
  return db_.WithTransaction([&]() -> Status {
    if (auto st = db_.Put("credential", cred, actor, "auth.password_changed"); !st) return st;
    if (!end_sessions) return {};
    auto sessions = db_.Find("session", {{"user_id", std::string(login)}});
    if (!sessions) return std::unexpected(sessions.error());
    for (const auto& s : *sessions)
      if (auto st = db_.Delete("session", {s.at("id")}, actor, "auth.session_end"); !st) return st;
    return {};
  });
}

Result<std::string> Authenticator::EnsureSetupToken(int64_t now) {
  auto creds = db_.Find("credential");
  if (!creds) return std::unexpected(creds.error());
  if (!creds->empty()) return std::string();
  std::string token = RandomToken(32);
  Record row{{"id", std::string(kSetupId)},
             {"token_hash", store::Sha256Hex(token)},
             {"created_unix", std::to_string(now)}};
  if (auto st = db_.Put("setup_token", row, "web:setup", "auth.setup_token"); !st)
    return std::unexpected(st.error());
  return token;
}

Status Authenticator::CompleteSetup(std::string_view token, std::string_view login, std::string_view name,
                                    std::string_view password, int64_t now) {
  auto denied = [] {
    return MakeError(ErrorCode::kPermissionDenied, "初始化令牌无效或已使用 (setup token invalid or used)");
  };
  auto row = db_.Get("setup_token", {std::string(kSetupId)});
  if (!row) return std::unexpected(row.error());
  auto creds = db_.Find("credential");
  if (!creds) return std::unexpected(creds.error());
  if (!*row || !creds->empty()) return denied();
  const std::string given = store::Sha256Hex(token);
  const std::string& stored = (**row).at("token_hash");
  if (given.size() != stored.size() || CRYPTO_memcmp(given.data(), stored.data(), given.size()) != 0)
    return denied();
  if (!internal::IsValidLogin(login))
    return MakeError(
        ErrorCode::kInvalidArgument,
        "用户名只能含字母、数字和 . - _，且不超过 64 字符 (invalid login): " + std::string(login));
  if (auto st = CheckPasswordPolicy(pw_, password, login); !st) return st;
  auto existing = db_.Get("user", {std::string(login)});
  if (!existing) return std::unexpected(existing.error());
  Record user = *existing ? **existing : Record{{"id", std::string(login)},
                                                {"name", ""},
                                                {"role", ""},
                                                {"organisation_id", ""},
                                                {"site_id", ""},
                                                {"manager_id", ""},
                                                {"email", ""},
                                                {"active", ""}};
  user["name"] =
      name.empty() ? (user["name"].empty() ? std::string(login) : user["name"]) : std::string(name);
  user["role"] = "sysadmin";
  user["active"] = "1";
  const std::string actor = "web:" + std::string(login);
  return db_.WithTransaction([&]() -> Status {
    if (auto st = db_.Put("user", user, actor, "auth.setup"); !st) return st;
    if (auto st = StorePassword(actor, login, password, false, false, now); !st) return st;
    return db_.Delete("setup_token", {std::string(kSetupId)}, actor, "auth.setup");
  });
}

Status Authenticator::SetPassword(std::string_view actor, std::string_view login, std::string_view password,
                                  bool must_change, int64_t now) {
  if (auto st = RequireUser(db_, login); !st) return st;
  return StorePassword(actor, login, password, must_change, true, now);
}

Status Authenticator::ChangePassword(std::string_view login, std::string_view old_password,
                                     std::string_view new_password, int64_t now) {
  auto denied = [] { return MakeError(ErrorCode::kPermissionDenied, "原口令错误 (wrong current password)"); };
  if (!internal::IsValidLogin(login)) return denied();
  auto cred = db_.Get("credential", {std::string(login)});
  if (!cred) return std::unexpected(cred.error());
  if (!*cred) return denied();
  auto state = internal::GetLoginState(db_, login);
  if (!state) return std::unexpected(state.error());
  if (state->locked_until > now)
    return MakeError(ErrorCode::kPermissionDenied,
                     "账号已锁定 (account locked until " + internal::IsoFromUnix(state->locked_until) + ")");
  // Guessing the current password through this route counts towards the lockout too.
  if (!VerifyPassword((**cred).at("password_hash"), old_password)) {
    auto until = internal::CountFailure(db_, lock_, login, now);
    if (!until) return std::unexpected(until.error());
    return denied();
  }
  return StorePassword("web:" + std::string(login), login, new_password, false, false, now);
}

Result<std::string> Authenticator::BeginTotp(std::string_view login, int64_t now) {
  (void)now;
  auto cred = GetCredential(db_, login);
  if (!cred) return std::unexpected(cred.error());
  std::string secret = NewTotpSecret();
  (*cred)["totp_pending"] = secret;
  if (auto st = db_.Put("credential", *cred, "web:" + std::string(login), "auth.totp_begin"); !st)
    return std::unexpected(st.error());
  return secret;
}

Status Authenticator::ConfirmTotp(std::string_view login, std::string_view code, int64_t now) {
  auto cred = GetCredential(db_, login);
  if (!cred) return std::unexpected(cred.error());
  const std::string pending = cred->at("totp_pending");
  if (pending.empty())
    return MakeError(ErrorCode::kInvalidArgument, "没有待确认的动态口令绑定 (no TOTP enrolment in progress)");
  if (!VerifyTotp(pending, code, now))
    return MakeError(ErrorCode::kPermissionDenied, "动态口令错误 (wrong TOTP code)");
  (*cred)["totp_secret"] = pending;
  (*cred)["totp_pending"] = "";
  (*cred)["totp_enrolled"] = "1";
  return db_.Put("credential", *cred, "web:" + std::string(login), "auth.totp_enrolled");
}

Status Authenticator::Unlock(std::string_view actor, std::string_view login, int64_t now) {
  (void)now;
  if (auto st = RequireUser(db_, login); !st) return st;
  return db_.WithTransaction([&]() -> Status {
    auto state = internal::GetLoginState(db_, login);
    if (!state) return std::unexpected(state.error());
    state->failed_count = 0;
    state->locked_until = 0;
    if (auto st = internal::PutLoginState(db_, login, *state); !st) return st;
    auto e = db_.AppendAudit(actor, "auth.unlock", internal::LoginObject(login), "", "");
    if (!e) return std::unexpected(e.error());
    return {};
  });
}

}  // namespace dengbao::auth
