// The "logging" probe: which syslog daemon runs (rsyslog, syslog-ng or journald alone), where
// it forwards logs (remote targets) and which local files it writes, plus journald storage and
// retention. Facts are documented in docs/facts/security.md.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "host/host.h"
#include "probes/facts.h"

namespace dengbao::probes {

struct RemoteTarget {
  std::string daemon;  // "rsyslog" | "syslog-ng"
  std::string target;  // host name or address as written
  int port = 514;
  std::string protocol;  // "udp" | "tcp" | "relp" | "tls"
  std::string file;
  int line = 0;
};

struct LocalLogFile {
  std::string path;
  std::string file;
  int line = 0;
};

struct RsyslogConfig {
  std::vector<RemoteTarget> remotes;
  std::vector<LocalLogFile> local_files;
  std::vector<std::string> includes;  // $IncludeConfig / include(file=...) patterns, in order
};

// Parses one rsyslog configuration file: legacy selector lines ("*.* @@host:514", "-/var/log/x"),
// "&" continuation actions, RainerScript action(type="omfwd"|"omrelp"|"omfile" ...) statements
// (also across lines) and include directives. Appends to `out`.
void ParseRsyslogConf(std::string_view text, std::string_view file, RsyslogConfig& out);

struct SyslogNgDestination {
  std::string name;
  std::vector<RemoteTarget> remotes;  // network(), tcp(), udp(), tcp6(), udp6(), syslog() drivers
  std::vector<LocalLogFile> files;    // file() drivers
};

struct SyslogNgConfig {
  std::vector<SyslogNgDestination> destinations;
  std::set<std::string, std::less<>> used;  // destination names referenced as destination(NAME)
  std::vector<std::string> includes;        // @include arguments as written
};

// Parses one syslog-ng configuration file and appends to `out`.
void ParseSyslogNgConf(std::string_view text, std::string_view file, SyslogNgConfig& out);

struct JournaldConf {
  std::optional<std::string> storage;        // lower-case
  std::optional<std::string> max_retention;  // MaxRetentionSec as written
  std::optional<std::string> system_max_use;
  std::optional<bool> forward_to_syslog;
  std::vector<Provenance> sources;  // lines that set the values above
};

// Applies the [Journal] section of one journald.conf (or drop-in) to `conf`; later files win.
void ParseJournaldConf(std::string_view text, std::string_view file, JournaldConf& conf);

// systemd time span ("6month", "180d", "1y 2w", "3600" = seconds) in seconds; nullopt when
// malformed or absurdly large.
std::optional<long long> ParseTimeSpanSeconds(std::string_view span);

void CollectLogging(host::Host& host, Facts& facts);

}  // namespace dengbao::probes
