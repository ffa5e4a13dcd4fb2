// The role model and small shared helpers (times, login names).
#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <ctime>

#include "auth/auth.h"
#include "auth/internal.h"

namespace dengbao::auth {
namespace {

struct RoleRow {
  std::string_view id;
  std::string_view label;  // as service::RoleLabel
  Role role;
  bool privileged;
};
// In Role's order: Row() indexes it by the enum value.
constexpr RoleRow kRoleRows[] = {
    {"sysadmin", "系统管理员", Role::kSysadmin, true}, {"secadmin", "安全管理员", Role::kSecadmin, true},
    {"auditor", "审计管理员", Role::kAuditor, true},   {"owner", "整改责任人", Role::kOwner, false},
    {"viewer", "只读用户", Role::kViewer, false},
};

const RoleRow& Row(Role r) { return kRoleRows[static_cast<size_t>(r)]; }

}  // namespace

std::optional<Role> ParseRole(std::string_view id) {
  auto it = std::ranges::find(kRoleRows, id, &RoleRow::id);
  if (it == std::end(kRoleRows)) return std::nullopt;
  return it->role;
}
std::string_view RoleId(Role r) { return Row(r).id; }
std::string_view RoleLabel(Role r) { return Row(r).label; }
bool IsPrivileged(Role r) { return Row(r).privileged; }

namespace internal {

std::string IsoFromUnix(int64_t unix_time) {
  const auto t = static_cast<time_t>(unix_time);
  std::tm tm{};
  gmtime_r(&t, &tm);
  std::array<char, 32> buf{};
  std::strftime(buf.data(), buf.size(), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf.data();
}

std::optional<int64_t> UnixFromIso(std::string_view iso) {
  std::tm tm{};
  const std::string s(iso);
  int consumed = 0;
  if (std::sscanf(s.c_str(), "%4d-%2d-%2dT%2d:%2d:%2dZ%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
                  &tm.tm_min, &tm.tm_sec, &consumed) != 6 ||
      static_cast<size_t>(consumed) != s.size())
    return std::nullopt;
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  return static_cast<int64_t>(timegm(&tm));
}

bool IsValidLogin(std::string_view login) {
  return !login.empty() && login.size() <= 64 && std::ranges::all_of(login, [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_';
  });
}

std::string LoginObject(std::string_view login) {
  return IsValidLogin(login) ? "login:" + std::string(login) : std::string("login:?");
}

}  // namespace internal
}  // namespace dengbao::auth
