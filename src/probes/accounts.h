// The accounts probe: /etc/passwd, /etc/shadow and /etc/group. Password hashes never leave the
// parser: entries keep only the classification (empty / locked / hash + algorithm), and
// provenance lines show the password field masked as <hash>, <empty> or <locked>.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "host/host.h"
#include "probes/auth_probes.h"
#include "probes/facts.h"

namespace dengbao::probes {

enum class PasswordState { kUnknown, kEmpty, kLocked, kHash };

struct PasswordClass {
  PasswordState state = PasswordState::kUnknown;
  std::string algorithm;  // md5, sha256, sha512, yescrypt, bcrypt, des...; "" when not a hash
};

// Classifies a crypt(3) password field. "" is empty; '!' or '*' first is locked ("!$6$..." too);
// "$id$..." and 13-character DES strings are hashes; anything else can never match a password
// and counts as locked.
PasswordClass ClassifyPassword(std::string_view field);
std::string_view PasswordStateName(PasswordState state);  // "empty", "locked", "hash", "unknown"
// md5, des and nthash: algorithms too weak for stored passwords.
bool IsWeakHash(std::string_view algorithm);

struct PasswdEntry {
  std::string name;
  bool password_in_shadow = false;  // field is "x"
  PasswordClass password;           // when the field itself holds the password
  long long uid = 0, gid = 0;
  std::string gecos, home, shell;
  Provenance where;  // masked
};

struct ShadowEntry {
  std::string name;
  PasswordClass password;
  std::optional<long long> last_change, min_days, max_days, warn_days, inactive, expire;
  Provenance where;  // masked
};

struct GroupEntry {
  std::string name;
  long long gid = 0;
  std::vector<std::string> members;
  Provenance where;
};

template <typename T>
struct ParsedTable {
  std::vector<T> entries;
  std::vector<ParseWarning> warnings;
};

ParsedTable<PasswdEntry> ParsePasswd(std::string_view text, const std::string& file);
ParsedTable<ShadowEntry> ParseShadow(std::string_view text, const std::string& file);
ParsedTable<GroupEntry> ParseGroup(std::string_view text, const std::string& file);

// True for a login shell: anything but nologin/false/true/sync/shutdown/halt. An empty field
// counts as interactive because login(1) then starts /bin/sh.
bool IsInteractiveShell(std::string_view shell);

struct AccountsInput {
  ParsedTable<PasswdEntry> passwd;
  std::optional<ParsedTable<ShadowEntry>> shadow;  // nullopt: unreadable (see shadow_error)
  std::optional<Error> shadow_error;
  ParsedTable<GroupEntry> group;
  std::optional<Error> group_error;  // /etc/group unreadable: group facts become unknown
  long long uid_min = 1000;
  std::optional<long long> today;  // days since 1970-01-01
};

// Writes accounts.* from parsed tables. Pure.
void AnalyzeAccounts(const AccountsInput& in, Facts& facts);

// Writes accounts.* (see docs/facts/auth.md).
void CollectAccounts(host::Host& host, Facts& facts);

}  // namespace dengbao::probes
