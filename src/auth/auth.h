// Authentication and authorisation for `dengbao serve` (issue #6): local accounts with argon2id
// password hashes, a password policy, lockout, sessions with idle and absolute timeouts, TOTP
// (RFC 6238) as the second factor (required for administrators: MLPS level 3 asks two factors of
// privileged users, high-risk case 6.4.1.3), a one-time setup token for the first administrator,
// and the role model (三权分立 + remediation owner + viewer). State lives in the Store (schema
// v4: credentials audited; login state and sessions not audited, their events are). Not
// thread-safe: one Authenticator per Store per thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "store/store.h"

namespace dengbao::auth {

// ---- passwords ----

struct PasswordPolicy {
  int min_length = 12;
  int min_classes = 3;    // of lower, upper, digit, other
  int history = 5;        // a password may not repeat any of the last N
  int max_age_days = 90;  // older passwords must be changed at next login
};
// kInvalidArgument naming every rule broken (zh-first): too short, too few classes, contains the
// login, longer than 256 bytes.
Status CheckPasswordPolicy(const PasswordPolicy& p, std::string_view password, std::string_view login);
// argon2id (libargon2), encoded "$argon2id$v=19$m=…,t=…,p=…$salt$hash", random 16-byte salt.
// Parameters: m = 19 MiB, t = 2, p = 1 (OWASP's minimum for argon2id).
Result<std::string> HashPassword(std::string_view password);
bool VerifyPassword(std::string_view encoded, std::string_view password);

// ---- TOTP (RFC 6238: HMAC-SHA1, 30 s steps, 6 digits) ----

std::string NewTotpSecret();  // 20 random bytes, base32 (RFC 4648, no padding)
Result<std::string> TotpCode(std::string_view base32_secret, int64_t unix_time);  // "123456"
// Accepts the code of the current step or one step either side (clock skew).
bool VerifyTotp(std::string_view base32_secret, std::string_view code, int64_t unix_time);
// otpauth://totp/Dengbao:<login>?secret=…&issuer=Dengbao — for authenticator apps.
std::string TotpUri(std::string_view login, std::string_view base32_secret);

// Cryptographically random bytes as URL-safe base64 without padding.
std::string RandomToken(size_t bytes = 32);

// ---- roles ----

// Roles (users.role): sysadmin 系统管理员 (accounts, configuration, backup), secadmin 安全管理员
// (assessments, rounds, items, plans, inspections, hazards, incidents, reports), auditor 审计管理员
// (reads and verifies the audit trail; nothing else), owner 整改责任人 (sees and updates their own
// remediation items and hazards), viewer 只读 (dashboards and lists, no evidence downloads).
enum class Role { kSysadmin, kSecadmin, kAuditor, kOwner, kViewer };
std::optional<Role> ParseRole(std::string_view id);
std::string_view RoleId(Role r);
std::string_view RoleLabel(Role r);
// Administrators (sysadmin, secadmin, auditor) must enrol and use TOTP.
bool IsPrivileged(Role r);
// Role sets for route tables: a bit per Role.
using RoleSet = uint32_t;
constexpr RoleSet Bit(Role r) { return RoleSet{1} << static_cast<int>(r); }
inline constexpr RoleSet kAnyRole = 0x1f;

// ---- sessions and login ----

struct LockoutPolicy {
  int max_failures = 5;  // the failure after this many consecutive ones locks the account
  int lock_minutes = 15;
};
struct SessionPolicy {
  int idle_seconds = 15 * 60;       // no request for this long ends the session
  int absolute_seconds = 8 * 3600;  // a session never lives longer
};

struct Session {
  std::string token;  // only returned by Login; stored as SHA-256
  std::string user;
  Role role = Role::kViewer;
  std::string name;
  std::string csrf;                   // echoed by the client in X-CSRF-Token on every state change
  bool second_factor = false;         // TOTP given at login
  bool must_enrol_totp = false;       // privileged without TOTP yet: only enrolment routes allowed
  bool must_change_password = false;  // expired password: only the change route allowed
  int64_t created_at = 0;
  int64_t expires_at = 0;  // absolute end
};

// Why a login failed. Wrong login and wrong password give the same kBadCredentials, so the
// response does not reveal which logins exist. kDisabled is only reported once the password was
// right. kInternal: the store failed (message is the error; the server answers 500).
enum class LoginFailure {
  kBadCredentials,
  kLocked,
  kSecondFactorRequired,
  kSecondFactorWrong,
  kDisabled,
  kInternal
};
struct LoginError {
  LoginFailure failure = LoginFailure::kBadCredentials;
  int64_t locked_until = 0;  // unix seconds, when kLocked
  std::string message;       // zh-first, safe to show
};

class Authenticator {
 public:
  Authenticator(store::Store& db, PasswordPolicy pw = {}, LockoutPolicy lock = {}, SessionPolicy sess = {});

  // First run: when no account has a password yet, creates (or replaces) a one-time setup token,
  // stores its hash and returns it for the console; otherwise returns "".
  Result<std::string> EnsureSetupToken(int64_t now);
  // Uses the setup token to create the first system administrator (users row + credential); the
  // token is deleted. kPermissionDenied for a wrong or used token.
  Status CompleteSetup(std::string_view token, std::string_view login, std::string_view name,
                       std::string_view password, int64_t now);

  // Creates or resets a user's password (an administrator's action: must_change is set so the
  // user picks their own at first login).
  Status SetPassword(std::string_view actor, std::string_view login, std::string_view password,
                     bool must_change, int64_t now);
  Status ChangePassword(std::string_view login, std::string_view old_password, std::string_view new_password,
                        int64_t now);

  // Checks password (and TOTP once enrolled), applies lockout, creates a session. Each outcome is
  // an audit entry ("auth.login", "auth.login_failed", "auth.locked") with object "login:<user>".
  std::expected<Session, LoginError> Login(std::string_view login, std::string_view password,
                                           std::string_view totp_code, std::string_view remote, int64_t now);
  // The session for a token, refreshing its idle timer; nullopt when unknown, idle too long or
  // past its absolute lifetime (expired sessions are deleted).
  Result<std::optional<Session>> Validate(std::string_view token, int64_t now);
  Status Logout(std::string_view token, int64_t now);

  // TOTP enrolment: a new secret (not active until confirmed with a code from it).
  Result<std::string> BeginTotp(std::string_view login, int64_t now);
  Status ConfirmTotp(std::string_view login, std::string_view code, int64_t now);
  // Marks the session as second-factor complete after enrolment confirmation.
  Status MarkSecondFactor(std::string_view token);

  // Administrator action: unlock an account before its lock expires.
  Status Unlock(std::string_view actor, std::string_view login, int64_t now);

  const PasswordPolicy& password_policy() const { return pw_; }
  const LockoutPolicy& lockout_policy() const { return lock_; }
  const SessionPolicy& session_policy() const { return sess_; }

 private:
  // Policy and history checks, then the credential write; ends the user's sessions if asked.
  Status StorePassword(std::string_view actor, std::string_view login, std::string_view password,
                       bool must_change, bool end_sessions, int64_t now);

  store::Store& db_;
  PasswordPolicy pw_;
  LockoutPolicy lock_;
  SessionPolicy sess_;
};

}  // namespace dengbao::auth
