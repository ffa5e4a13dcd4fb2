// Parser half of the accounts probe: passwd, shadow and group lines.
#include "probes/accounts.h"

#include <set>

#include "probes/text.h"

namespace dengbao::probes {
namespace {

struct HashId {
  std::string_view prefix;
  std::string_view algorithm;
};
const HashId kHashIds[] = {
    {"$1$", "md5"},     {"$2a$", "bcrypt"},  {"$2b$", "bcrypt"},        {"$2x$", "bcrypt"},
    {"$2y$", "bcrypt"}, {"$3$", "nthash"},   {"$5$", "sha256"},         {"$6$", "sha512"},
    {"$7$", "scrypt"},  {"$y$", "yescrypt"}, {"$gy$", "gost-yescrypt"}, {"$sha1$", "sha1"},
    {"$md5", "md5"},
};

bool IsDesChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '/';
}

std::string_view Mask(const PasswordClass& p) {
  switch (p.state) {
    case PasswordState::kEmpty:
      return "<empty>";
    case PasswordState::kLocked:
      return "<locked>";
    case PasswordState::kHash:
      return "<hash>";
    case PasswordState::kUnknown:
      break;
  }
  return "<unknown>";
}

// The line with field 2 replaced by `mask`: the only form in which it may appear in facts.
std::string MaskedLine(const std::vector<std::string_view>& fields, std::string_view mask) {
  std::string out;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i) out += ':';
    out += i == 1 ? mask : fields[i];
  }
  return out;
}

std::optional<long long> OptionalDays(std::string_view s) {
  if (Trim(s).empty()) return std::nullopt;
  return ParseInt(s);
}

// Raw lines (no comment handling: '#' is a valid character in GECOS fields).
template <typename Fn>
void ForEachLine(std::string_view text, Fn fn) {
  int number = 0;
  for (std::string_view raw : Split(text, '\n')) {
    ++number;
    if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
    if (Trim(raw).empty() || Trim(raw).starts_with('#')) continue;
    fn(raw, number);
  }
}

}  // namespace

PasswordClass ClassifyPassword(std::string_view field) {
  if (field.empty()) return {PasswordState::kEmpty, ""};
  if (field.front() == '!' || field.front() == '*') {
    PasswordClass inner = ClassifyPassword(field.find_first_not_of("!*") == std::string_view::npos
                                               ? std::string_view()
                                               : field.substr(field.find_first_not_of("!*")));
    return {PasswordState::kLocked, inner.state == PasswordState::kHash ? inner.algorithm : ""};
  }
  if (field.front() == '$') {
    for (const auto& id : kHashIds)
      if (field.starts_with(id.prefix)) return {PasswordState::kHash, std::string(id.algorithm)};
    return {PasswordState::kHash, "unknown"};
  }
  bool des = field.size() == 13;
  for (char c : field) des = des && IsDesChar(c);
  if (des || (field.size() == 20 && field.front() == '_')) return {PasswordState::kHash, "des"};
  return {PasswordState::kLocked, ""};
}

std::string_view PasswordStateName(PasswordState state) {
  switch (state) {
    case PasswordState::kEmpty:
      return "empty";
    case PasswordState::kLocked:
      return "locked";
    case PasswordState::kHash:
      return "hash";
    case PasswordState::kUnknown:
      break;
  }
  return "unknown";
}

bool IsWeakHash(std::string_view algorithm) {
  return algorithm == "md5" || algorithm == "des" || algorithm == "nthash";
}

bool IsInteractiveShell(std::string_view shell) {
  shell = Trim(shell);
  if (auto slash = shell.rfind('/'); slash != std::string_view::npos) shell.remove_prefix(slash + 1);
  static const std::set<std::string_view> kNonLogin = {"nologin", "false",    "true",
                                                       "sync",    "shutdown", "halt"};
  return !kNonLogin.contains(shell);
}

ParsedTable<PasswdEntry> ParsePasswd(std::string_view text, const std::string& file) {
  ParsedTable<PasswdEntry> out;
  ForEachLine(text, [&](std::string_view raw, int number) {
    auto f = Split(raw, ':');
    PasswordClass pw = f.size() > 1 ? ClassifyPassword(f[1]) : PasswordClass{};
    bool in_shadow = f.size() > 1 && f[1] == "x";
    Provenance where = Prov(file, number, MaskedLine(f, in_shadow ? "x" : Mask(pw)));
    auto uid = f.size() == 7 ? ParseInt(f[2]) : std::nullopt;
    auto gid = f.size() == 7 ? ParseInt(f[3]) : std::nullopt;
    if (raw.starts_with('+') || raw.starts_with('-')) {
      out.warnings.push_back({"跳过 NIS 兼容行 (NIS compat line skipped)", where});
    } else if (!uid || !gid || f[0].empty() || *uid < 0) {
      out.warnings.push_back({"passwd 行格式错误 (malformed passwd line)", where});
    } else {
      out.entries.push_back(PasswdEntry{std::string(f[0]), in_shadow, pw, *uid, *gid, std::string(f[4]),
                                        std::string(f[5]), std::string(f[6]), where});
    }
  });
  return out;
}

ParsedTable<ShadowEntry> ParseShadow(std::string_view text, const std::string& file) {
  ParsedTable<ShadowEntry> out;
  ForEachLine(text, [&](std::string_view raw, int number) {
    auto f = Split(raw, ':');
    PasswordClass pw = f.size() > 1 ? ClassifyPassword(f[1]) : PasswordClass{};
    Provenance where = Prov(file, number, MaskedLine(f, Mask(pw)));
    if (f.size() < 2 || f.size() > 9 || f[0].empty() || raw.starts_with('+')) {
      out.warnings.push_back({"shadow 行格式错误 (malformed shadow line)", where});
      return;
    }
    f.resize(9);
    ShadowEntry e{std::string(f[0]),
                  pw,
                  OptionalDays(f[2]),
                  OptionalDays(f[3]),
                  OptionalDays(f[4]),
                  OptionalDays(f[5]),
                  OptionalDays(f[6]),
                  OptionalDays(f[7]),
                  where};
    for (size_t i = 2; i < 8; ++i)
      if (!Trim(f[i]).empty() && !ParseInt(f[i])) {
        out.warnings.push_back({"shadow 日期字段不是数字 (non-numeric shadow field)", where});
        break;
      }
    out.entries.push_back(std::move(e));
  });
  return out;
}

ParsedTable<GroupEntry> ParseGroup(std::string_view text, const std::string& file) {
  ParsedTable<GroupEntry> out;
  ForEachLine(text, [&](std::string_view raw, int number) {
    auto f = Split(raw, ':');
    auto gid = f.size() == 4 ? ParseInt(f[2]) : std::nullopt;
    Provenance where = Prov(file, number, f.size() > 1 ? MaskedLine(f, f[1] == "x" ? "x" : "<masked>") : raw);
    if (!gid || f[0].empty()) {
      out.warnings.push_back({"group 行格式错误 (malformed group line)", where});
      return;
    }
    GroupEntry g{std::string(f[0]), *gid, {}, where};
    for (std::string_view m : Split(f[3], ','))
      if (!Trim(m).empty()) g.members.emplace_back(Trim(m));
    out.entries.push_back(std::move(g));
  });
  return out;
}

}  // namespace dengbao::probes
