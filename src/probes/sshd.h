// The sshd probe: /etc/ssh/sshd_config with Include and Match, the way OpenSSH reads it (the
// first value of a keyword outside Match wins; Port, ListenAddress, Allow/Deny* accumulate).
// ParseSshdConfig is pure; the Include loader is injected so tests need no Host.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "host/host.h"
#include "probes/auth_probes.h"
#include "probes/facts.h"

namespace dengbao::probes {

struct SshdDirective {
  std::string keyword;            // lowercased
  std::vector<std::string> args;  // as written, double quotes removed
  Provenance where;
  int order = 0;  // position in the include-expanded configuration (1-based)
};

struct SshdMatchBlock {
  std::string criteria;  // the Match arguments as written
  std::map<std::string, std::vector<SshdDirective>> settings;
  Provenance where;
};

struct SshdConfig {
  // keyword -> deciding directive(s): the first one, or every one for accumulating keywords.
  std::map<std::string, std::vector<SshdDirective>> global;
  std::vector<SshdMatchBlock> match_blocks;
  std::vector<std::string> files;     // every file read, in order
  std::vector<Error> include_errors;  // included files that could not be read
  std::vector<ParseWarning> warnings;
};

struct SshdSource {
  std::string file;  // absolute path
  std::string text;
};
// Returns the files one Include pattern (already absolute) names, in order; an empty list when
// nothing matches (OpenSSH ignores that). An error when a file exists but cannot be read.
using SshdIncludeLoader = std::function<Result<std::vector<SshdSource>>(std::string_view pattern)>;

inline constexpr int kSshdMaxIncludeDepth = 16;  // as OpenSSH's READCONF_MAX_DEPTH

// Parses a main configuration file. Include lines are followed through `loader` (relative
// patterns are relative to /etc/ssh); without a loader they are only warned about.
SshdConfig ParseSshdConfig(std::string_view text, const std::string& file,
                           const SshdIncludeLoader& loader = {});

// OpenSSH time format ("90", "5m", "1h30m", "2W"): seconds, or nullopt when malformed.
std::optional<long long> ParseSshTime(std::string_view s);

// The upstream version ("8.9p1") of an installed package in a dpkg status file, or nullopt.
std::optional<std::string> DpkgInstalledVersion(std::string_view status_text, std::string_view package);

// True when an OpenSSH version string ("7.4p1") is 7.0 or later.
bool SshVersionAtLeast7(std::string_view version);

// Writes sshd.* (see docs/facts/auth.md).
void CollectSshd(host::Host& host, Facts& facts);

}  // namespace dengbao::probes
