// The pam probe: PAM stacks under /etc/pam.d with @include/include/substack resolved, module
// options of the password-quality, lockout, history and MFA modules, and the effective password
// policy (pam_pwquality options over pwquality.conf over built-in defaults).
// Parsing and analysis are pure; only CollectPam reads files.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "host/host.h"
#include "probes/auth_probes.h"
#include "probes/facts.h"

namespace dengbao::probes {

struct PamLine {
  std::string type;     // auth | account | password | session | @include (lowercased, '-' removed)
  bool quiet = false;   // written "-type": skipped silently when the module is missing
  std::string control;  // required, sufficient, [success=1 default=ignore], include, substack...
  std::string module;   // "pam_unix" (directory and ".so" dropped); the file for includes
  std::vector<std::string> args;
  Provenance where;
};

struct PamFile {
  std::vector<PamLine> lines;
  std::vector<ParseWarning> warnings;
};

// One /etc/pam.d file. Unknown types and short lines are warnings, never errors.
PamFile ParsePamFile(std::string_view text, const std::string& file);

// The parsed file for a stack name ("common-auth" or an absolute path); nullptr when missing.
using PamLoader = std::function<const PamFile*(std::string_view name)>;

struct PamStack {
  std::vector<PamLine> lines;  // includes resolved, in evaluation order
  std::vector<ParseWarning> warnings;
};

inline constexpr int kPamMaxDepth = 16;

// Expands a stack: "@include f" inserts all of f; "type include|substack f" inserts f's lines of
// that type. Missing targets, cycles and over-deep nesting are warnings.
PamStack ExpandPamStack(std::string_view name, const PamLoader& loader);

// Module arguments as option -> value ("" for flags like enforce_for_root). First one wins.
std::map<std::string, std::string, std::less<>> PamOptions(const std::vector<std::string>& args);

// Inputs of the analysis besides the stacks (each may be empty).
struct PamConfigs {
  ConfMap pwquality;  // pwquality.conf.d/*.conf + pwquality.conf
  ConfMap faillock;   // /etc/security/faillock.conf
  ConfMap pwhistory;  // /etc/security/pwhistory.conf
  // Set when that file exists but could not be read: the facts depending on it become unknown.
  std::optional<Error> pwquality_error, faillock_error, pwhistory_error;
};

// Writes pam.* and password_policy.* from expanded stacks (name -> stack of existing files).
void AnalyzePam(const std::map<std::string, PamStack>& stacks, const PamConfigs& configs, Facts& facts);

// Writes pam.* and password_policy.* (see docs/facts/auth.md).
void CollectPam(host::Host& host, Facts& facts);

}  // namespace dengbao::probes
