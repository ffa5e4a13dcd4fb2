// The "audit" probe: the Linux audit daemon (auditd) — installed/enabled/running, auditd.conf
// (log size and rotation), and the audit rules (watches on identity files, sudoers, login logs;
// immutable mode). Facts are documented in docs/facts/security.md.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "host/host.h"
#include "probes/facts.h"

namespace dengbao::probes {

struct AuditConf {
  std::map<std::string, std::string> values;  // lower-case key -> value as written (last wins)
  std::map<std::string, int> lines;           // key -> 1-based line
};

// Parses auditd.conf ("key = value" lines). Never fails; junk lines are ignored.
AuditConf ParseAuditdConf(std::string_view text);

struct AuditWatch {
  std::string path;
  std::string perms;  // "wa", "" = all (rwxa)
  std::string key;
  std::string file;
  int line = 0;
  bool from_syscall = false;  // "-a always,exit -F path=..." rather than "-w"
};

struct AuditRules {
  std::vector<AuditWatch> watches;
  int rule_count = 0;         // -w and -a/-A rules (after the last -D)
  std::optional<int> enable;  // the value of the last "-e"
  std::string enable_file;
  int enable_line = 0;
  std::optional<int> backlog;  // -b
  std::optional<int> failure;  // -f
};

// Adds the rules of one file (or of `auditctl -l` output) to `rules`; "-D" forgets what came
// before, as auditctl does when loading. Unknown options are ignored.
void ParseAuditRules(std::string_view text, std::string_view file, AuditRules& rules);

// True when `watch` covers `path` (same path or a parent directory) for writes: perms empty or
// containing 'w' or 'a'. With writes_only false any permission counts.
bool WatchCovers(const AuditWatch& watch, std::string_view path, bool writes_only);

void CollectAudit(host::Host& host, Facts& facts);

}  // namespace dengbao::probes
