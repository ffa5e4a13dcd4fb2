// The "logrotate" probe: how long rotated logs are kept, per configured log path, from
// /etc/logrotate.conf and its includes (/etc/logrotate.d). The retention rule of MLPS (logs kept
// at least six months) reads logrotate.system_log_days. Facts: docs/facts/security.md.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "host/host.h"
#include "probes/facts.h"

namespace dengbao::probes {

// Effective rotation settings of one block (globals with the block's own directives applied).
struct LogrotateSettings {
  std::optional<int> period_hours;  // hourly 1, daily 24, weekly 168, monthly 720, yearly 8760
  bool size_based = false;          // "size" given after any period: rotation by size only
  bool maxsize = false;             // may rotate before the period ends
  std::optional<int> rotate;        // unset = logrotate's default 0; -1 = keep forever
  std::optional<int> maxage;        // days
  bool dateext = false;
  bool compress = false;
  bool missingok = false;
};

struct LogrotateItem {
  enum class Kind { kDirective, kInclude, kBlock };
  Kind kind = Kind::kDirective;
  int line = 0;
  std::vector<std::string> words;                    // kDirective, kInclude (words[1] = target)
  std::vector<std::string> paths;                    // kBlock: patterns, quotes removed, braces expanded
  std::vector<std::vector<std::string>> directives;  // kBlock: its directives (scripts skipped)
};

// Splits one logrotate file into top-level directives, includes and blocks. Script sections
// (postrotate ... endscript) are skipped, so braces in shell code do not end a block. Bounded.
std::vector<LogrotateItem> ParseLogrotate(std::string_view text);

// Applies one directive ("weekly", "rotate 4", "maxage 30", "size 10M"...) to `s`; unknown
// directives are ignored.
void ApplyLogrotateDirective(const std::vector<std::string>& words, LogrotateSettings& s);

// Days a rotated log stays on disk, counted as period × rotate (the live file is not counted)
// and capped by maxage. nullopt when rotation is by size (size/maxsize), the period is unknown,
// or the logs are kept forever without maxage.
std::optional<int> LogrotateDaysKept(const LogrotateSettings& s);

// "/var/log/{messages,secure}" -> both paths; at most 64 results.
std::vector<std::string> ExpandBraces(std::string_view pattern);

// Shell-style match of a whole path, component by component ('*' never crosses '/').
bool PathGlobMatch(std::string_view pattern, std::string_view path);

void CollectLogrotate(host::Host& host, Facts& facts);

}  // namespace dengbao::probes
