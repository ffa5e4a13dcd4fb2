// Analysis and collector halves of the accounts probe.
#include <chrono>
#include <map>
#include <set>

#include "probes/accounts.h"
#include "probes/login_defs.h"

namespace dengbao::probes {
namespace {

const std::set<std::string, std::less<>> kDefaultNames = {
    "admin", "administrator", "test", "tester", "guest", "user", "demo", "temp", "tmp", "default"};

// One user with passwd and shadow joined.
struct User {
  const PasswdEntry* pw = nullptr;
  const ShadowEntry* sp = nullptr;  // nullptr: no shadow entry or shadow unknown
  PasswordClass password;
  bool interactive = false;
  bool expired = false;
};

nlohmann::json Opt(const std::optional<long long>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

User Join(const PasswdEntry& pw, const std::map<std::string, const ShadowEntry*, std::less<>>& shadow,
          const AccountsInput& in, Facts& facts) {
  User u{&pw, nullptr, pw.password, IsInteractiveShell(pw.shell), false};
  if (pw.password_in_shadow) {
    u.password = {};
    if (in.shadow) {
      auto it = shadow.find(pw.name);
      if (it != shadow.end())
        u.sp = it->second, u.password = it->second->password;
      else
        facts.AddWarning("accounts", "shadow 中没有该用户: " + pw.name + " (user missing from shadow)",
                         pw.where);
    }
  }
  if (u.sp && u.sp->expire && *u.sp->expire > 0 && in.today) u.expired = *in.today >= *u.sp->expire;
  return u;
}

bool Usable(const User& u) {
  return !u.expired &&
         (u.password.state == PasswordState::kHash || u.password.state == PasswordState::kEmpty);
}

nlohmann::json UserJson(const User& u, const AccountsInput& in) {
  const ShadowEntry* s = u.sp;
  bool known = u.password.state != PasswordState::kUnknown || !u.pw->password_in_shadow;
  return {{"name", u.pw->name},
          {"uid", u.pw->uid},
          {"gid", u.pw->gid},
          {"home", u.pw->home},
          {"shell", u.pw->shell},
          {"interactive", u.interactive},
          {"password_state", PasswordStateName(u.password.state)},
          {"hash_algorithm",
           u.password.algorithm.empty() ? nlohmann::json(nullptr) : nlohmann::json(u.password.algorithm)},
          {"last_change", s ? Opt(s->last_change) : nullptr},
          {"min_days", s ? Opt(s->min_days) : nullptr},
          {"max_days", s ? Opt(s->max_days) : nullptr},
          {"warn_days", s ? Opt(s->warn_days) : nullptr},
          {"inactive", s ? Opt(s->inactive) : nullptr},
          {"expire", s ? Opt(s->expire) : nullptr},
          {"expired", known && in.today ? nlohmann::json(u.expired) : nlohmann::json(nullptr)},
          {"file", u.pw->where.file},
          {"line", u.pw->where.line}};
}

// A list fact of user names, with the passwd (and shadow) lines as evidence.
void SetNames(Facts& facts, const std::string& path, const std::vector<const User*>& users) {
  std::set<std::string> names;  // sorted and deduplicated, as every name list in the facts
  std::vector<Provenance> src;
  for (const auto* u : users) {
    names.insert(u->pw->name);
    src.push_back(u->sp ? u->sp->where : u->pw->where);
  }
  facts.Set(path, names, src);
}

template <typename Pred>
std::vector<const User*> Select(const std::vector<User>& users, Pred pred) {
  std::vector<const User*> out;
  for (const auto& u : users)
    if (pred(u)) out.push_back(&u);
  return out;
}

void DuplicateFacts(const AccountsInput& in, Facts& facts) {
  std::map<long long, std::vector<std::string>> by_uid, by_gid;
  std::map<std::string, int> names;
  for (const auto& e : in.passwd.entries) by_uid[e.uid].push_back(e.name), ++names[e.name];
  for (const auto& g : in.group.entries) by_gid[g.gid].push_back(g.name);
  nlohmann::json uids = nlohmann::json::array(), gids = nlohmann::json::array(),
                 dup = nlohmann::json::array();
  for (const auto& [uid, users] : by_uid)
    if (users.size() > 1) uids.push_back({{"uid", uid}, {"users", users}});
  for (const auto& [gid, groups] : by_gid)
    if (groups.size() > 1) gids.push_back({{"gid", gid}, {"groups", groups}});
  for (const auto& [name, count] : names)
    if (count > 1) dup.push_back(name);
  facts.Set("accounts.duplicate_uids", uids);
  facts.Set("accounts.duplicate_names", dup);
  if (in.group_error) {
    facts.SetUnknown("accounts.groups", *in.group_error);
    facts.SetUnknown("accounts.duplicate_gids", *in.group_error);
    return;
  }
  facts.Set("accounts.duplicate_gids", gids);
  nlohmann::json groups = nlohmann::json::array();
  for (const auto& g : in.group.entries)
    groups.push_back({{"name", g.name}, {"gid", g.gid}, {"members", g.members}});
  facts.Set("accounts.groups", groups);
}

}  // namespace

void AnalyzeAccounts(const AccountsInput& in, Facts& facts) {
  std::map<std::string, const ShadowEntry*, std::less<>> shadow;
  if (in.shadow)
    for (const auto& s : in.shadow->entries) shadow.emplace(s.name, &s);
  std::vector<User> users;
  for (const auto& pw : in.passwd.entries) users.push_back(Join(pw, shadow, in, facts));
  nlohmann::json list = nlohmann::json::array();
  for (const auto& u : users) list.push_back(UserJson(u, in));
  facts.Set("accounts.users", list);
  SetNames(facts, "accounts.uid0_users", Select(users, [](const User& u) { return u.pw->uid == 0; }));
  SetNames(facts, "accounts.interactive_users", Select(users, [](const User& u) { return u.interactive; }));
  DuplicateFacts(in, facts);

  const char* kNeedShadow[] = {"accounts.empty_password_users",    "accounts.weak_hash_users",
                               "accounts.expired_users",           "accounts.max_days_over_90_users",
                               "accounts.no_max_days_users",       "accounts.default_named_users",
                               "accounts.interactive_system_users"};
  if (!in.shadow) {
    Error why = in.shadow_error.value_or(Error{ErrorCode::kNotFound, "/etc/shadow", {"/etc/shadow"}});
    facts.SetUnknown("accounts.shadow", why);
    for (const char* path : kNeedShadow) facts.SetUnknown(path, why);
    return;
  }
  auto usable_login = [](const User& u) { return u.interactive && Usable(u); };
  auto max_days = [](const User& u) { return u.sp ? u.sp->max_days : std::nullopt; };
  SetNames(facts, kNeedShadow[0], Select(users, [](const User& u) {
             return u.password.state == PasswordState::kEmpty && !u.expired;
           }));
  SetNames(facts, kNeedShadow[1], Select(users, [](const User& u) {
             return u.password.state == PasswordState::kHash && IsWeakHash(u.password.algorithm);
           }));
  SetNames(facts, kNeedShadow[2], Select(users, [](const User& u) { return u.expired; }));
  SetNames(facts, kNeedShadow[3], Select(users, [&](const User& u) {
             return usable_login(u) && (!max_days(u) || *max_days(u) > 90);
           }));
  SetNames(facts, kNeedShadow[4], Select(users, [&](const User& u) {
             return usable_login(u) && (!max_days(u) || *max_days(u) < 0 || *max_days(u) >= 99999);
           }));
  SetNames(facts, kNeedShadow[5],
           Select(users, [](const User& u) { return kDefaultNames.contains(u.pw->name) && Usable(u); }));
  SetNames(facts, kNeedShadow[6], Select(users, [&](const User& u) {
             return u.pw->uid < in.uid_min && u.pw->name != "root" && u.interactive &&
                    u.password.state != PasswordState::kLocked;
           }));
}

void CollectAccounts(host::Host& host, Facts& facts) {
  auto passwd = ReadConfigText(host, "/etc/passwd", facts, "accounts");
  if (!passwd) {
    facts.SetUnknown("accounts", passwd.error());
    return;
  }
  AccountsInput in;
  in.passwd = ParsePasswd(*passwd, "/etc/passwd");
  AddWarnings(facts, "accounts", in.passwd.warnings);
  if (auto shadow = ReadConfigText(host, "/etc/shadow", facts, "accounts")) {
    in.shadow = ParseShadow(*shadow, "/etc/shadow");
    AddWarnings(facts, "accounts", in.shadow->warnings);
  } else {
    in.shadow_error = shadow.error();
  }
  if (auto group = ReadConfigText(host, "/etc/group", facts, "accounts")) {
    in.group = ParseGroup(*group, "/etc/group");
    AddWarnings(facts, "accounts", in.group.warnings);
  } else if (group.error().code != ErrorCode::kNotFound) {
    in.group_error = group.error();
  }
  if (auto defs = ReadConfigText(host, "/etc/login.defs", facts, "accounts"))
    in.uid_min = LoginDefsUidMin(ParseLoginDefs(*defs, "/etc/login.defs"));
  auto now = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  in.today = now.time_since_epoch().count();
  facts.Set("accounts.uid_min", in.uid_min);
  AnalyzeAccounts(in, facts);
}

}  // namespace dengbao::probes
