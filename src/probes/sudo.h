// The sudo probe: /etc/sudoers with #include/#includedir/@include/@includedir, continuation
// lines, aliases and Defaults. ParseSudoers is pure; includes go through an injected loader.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "host/host.h"
#include "probes/auth_probes.h"
#include "probes/facts.h"

namespace dengbao::probes {

// One user (or %group, or ALL) granted a group of commands with the same Runas and NOPASSWD tag.
struct SudoRule {
  std::string who;  // user, %group, +netgroup, #uid or ALL
  std::string via;  // the User_Alias it came from, "" when written directly
  std::vector<std::string> hosts;
  std::string runas;  // as written inside (...), spaces removed: "ALL", "ALL:ALL", "root"; "" = omitted
  std::vector<std::string> commands;  // aliases expanded, "!" negations kept
  bool nopasswd = false;
  Provenance where;
};

struct SudoDefault {
  std::string scope;  // "" for plain Defaults, else ":user", "@host", ">runas", "!cmnd" as written
  std::string name;
  std::string op;     // "" (boolean), "=", "+=", "-="
  std::string value;  // "" for booleans
  bool negated = false;
  Provenance where;
};

struct SudoersConfig {
  std::vector<SudoRule> rules;
  std::vector<SudoDefault> defaults;
  std::map<std::string, std::vector<std::string>> aliases;  // NAME -> members (all alias kinds)
  std::vector<std::string> files;
  std::vector<Error> include_errors;
  std::vector<ParseWarning> warnings;
};

struct SudoSource {
  std::string file;
  std::string text;
};
// Files for an include: `dir` false -> the one file (an empty list when missing); true -> the
// readable entries of the directory, sudo's way (names with '.' or ending in '~' are skipped).
using SudoIncludeLoader = std::function<Result<std::vector<SudoSource>>(const std::string& path, bool dir)>;

inline constexpr int kSudoMaxIncludeDepth = 16;

SudoersConfig ParseSudoers(std::string_view text, const std::string& file,
                           const SudoIncludeLoader& loader = {});

// True when sudo would read a file of this name from an includedir.
bool SudoIncludedirAccepts(std::string_view name);

// Writes sudo.* (see docs/facts/auth.md).
void CollectSudo(host::Host& host, Facts& facts);

}  // namespace dengbao::probes
