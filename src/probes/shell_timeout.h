// The shell_timeout probe: TMOUT in the system-wide shell start-up files and csh autologout.
// Assignments inside if/case/loops still count (marked conditional): we cannot evaluate
// the condition, and such guards usually only test the shell type.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "host/host.h"
#include "probes/auth_probes.h"
#include "probes/facts.h"

namespace dengbao::probes {

struct TmoutSetting {
  std::optional<long long> seconds;  // nullopt: TMOUT only marked readonly/exported, or unparsable
  bool readonly = false;
  bool conditional = false;  // inside if/case/for/while
  Provenance where;
};

struct TmoutScan {
  std::vector<TmoutSetting> settings;
  std::vector<ParseWarning> warnings;
};

// Bourne-shell syntax: TMOUT=600, export/readonly/declare -r/typeset -r TMOUT[=600], several
// statements on a line separated by ';' or '&&'.
TmoutScan ParseShellTimeout(std::string_view text, const std::string& file);
// csh syntax: "set autologout=N" (minutes).
TmoutScan ParseCshAutologout(std::string_view text, const std::string& file);

// Writes shell_timeout.* (see docs/facts/auth.md).
void CollectShellTimeout(host::Host& host, Facts& facts);

}  // namespace dengbao::probes
