// Internal to dengbao_auth: encodings, time conversion and the record helpers the Authenticator's
// files share. Not part of the contract (auth.h); tests may use it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/auth.h"
#include "core/error.h"
#include "store/store.h"

namespace dengbao::auth::internal {

// RFC 4648 base32, upper case, without padding.
std::string Base32Encode(std::string_view bytes);
// Accepts upper or lower case; ignores spaces, '-' and trailing '='. nullopt on any other
// character or a length that no byte string encodes to.
std::optional<std::string> Base32Decode(std::string_view text);
// URL-safe base64 (RFC 4648 §5) without padding.
std::string Base64Url(std::string_view bytes);
// `n` bytes from RAND_bytes; aborts if the CSPRNG fails (no safe fallback exists).
std::string RandomBytes(size_t n);

// The 30 s step among step(now)-1 … step(now)+1 whose code equals `code`, counting only steps
// greater than `after_step`; nullopt when none does. Comparison in constant time.
std::optional<int64_t> MatchTotpStep(std::string_view base32_secret, std::string_view code, int64_t unix_time,
                                     int64_t after_step);
inline int64_t TotpStep(int64_t unix_time) { return unix_time >= 0 ? unix_time / 30 : -1; }

// UTC ISO 8601 "2026-11-20T08:00:00Z" and back (nullopt when malformed).
std::string IsoFromUnix(int64_t unix_time);
std::optional<int64_t> UnixFromIso(std::string_view iso);

// A stored login's shape (as service::UpsertUser enforces): 1–64 of [A-Za-z0-9._-].
bool IsValidLogin(std::string_view login);
// "login:<login>" for audit entries; "login:?" for a string that is not a valid login, so
// attacker-chosen text never reaches the audit trail.
std::string LoginObject(std::string_view login);

// Runs an argon2id verification of `password` against a fixed hash, so an unknown login costs
// as much time as a known one.
void DummyVerify(std::string_view password);

// The previous password hashes kept in credentials.history (a JSON array, newest first).
std::vector<std::string> ParseHistory(std::string_view json);
std::string HistoryJson(const std::vector<std::string>& hashes);

// login_state (volatile): consecutive failures, lock and the last successful login.
struct LoginState {
  int64_t failed_count = 0;
  int64_t locked_until = 0;  // unix seconds; 0 when not locked
  std::string last_failure_at;
  std::string last_login_at;
};
// The stored state, or a fresh one when the login has none.
Result<LoginState> GetLoginState(store::Store& db, std::string_view login);
Status PutLoginState(store::Store& db, std::string_view login, const LoginState& s);
// Counts one failed attempt and appends its audit entry ("auth.login_failed", or "auth.locked"
// when this failure locks the account). Returns the lock's end, or 0 when not locked.
Result<int64_t> CountFailure(store::Store& db, const LockoutPolicy& policy, std::string_view login,
                             int64_t now);

}  // namespace dengbao::auth::internal
