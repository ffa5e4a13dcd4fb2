// Small helpers shared by the security probes (audit, logging, malware, firewall, mac,
// integrity, ids): "is this systemd unit enabled", "is this process running", cron lines, dpkg
// package status, and reading a text configuration file safely into a probe. A full services
// probe lives elsewhere; these helpers only answer what the security probes need.
// All functions are free and stateless; the pure ones take text, the others read through Host.
#pragma once

#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "host/host.h"
#include "probes/facts.h"

namespace dengbao::probes {

// An Error value for Facts::SetUnknown.
inline Error ProbeError(ErrorCode code, std::string detail) { return Error{code, std::move(detail), {}}; }

// Valid UTF-8 copy of `s`: invalid bytes become U+FFFD and control bytes (other than tab) are
// dropped, so the result can always be dumped by nlohmann::json.
std::string SafeUtf8(std::string_view s);

// A provenance entry with its text made safe for JSON (and cut at 300 bytes).
Provenance MakeProvenance(std::string_view file, int line, std::string_view text);

// Reads a text configuration file. Errors from Host pass through (kNotFound, kPermissionDenied,
// kTooLarge, kIo); a file that LooksBinary gives kSyntax.
Result<std::string> ReadText(host::Host& host, std::string_view path,
                             size_t max_bytes = host::kDefaultMaxRead);

// ReadText plus the usual reporting: kNotFound gives nullopt silently; any other error adds a
// warning for `probe`, records `unknown_fact` as unknown with that error (when not empty) and
// gives nullopt.
std::optional<std::string> ReadConfigOrReport(host::Host& host, std::string_view path, Facts& facts,
                                              std::string_view probe, std::string_view unknown_fact);

// The first of `paths` that exists (Lstat), or nullopt.
std::optional<std::string> FirstExisting(host::Host& host, std::span<const std::string_view> paths);

// State of a service as far as the security probes need it.
struct ServiceState {
  bool enabled = false;         // a *.wants / *.requires link names the unit, and it is not masked
  bool masked = false;          // /etc/systemd/system/<unit> points to /dev/null
  std::optional<bool> running;  // live hosts: a process of that name exists; offline: nullopt
  std::string evidence;         // the link path or "进程 NAME", empty when neither was found
  bool Active() const { return enabled || running.value_or(false); }
};

// Looks for `unit_patterns` ("auditd.service", "clamd@*.service") in the wants/requires
// directories under /etc/systemd/system, /lib/systemd/system and /usr/lib/systemd/system, and
// (live hosts only) for a process whose name is one of `process_names`. Never fails: unreadable
// directories simply do not count.
ServiceState QueryService(host::Host& host, std::span<const std::string_view> unit_patterns,
                          std::span<const std::string_view> process_names);
ServiceState QueryService(host::Host& host, std::string_view unit, std::string_view process_name);

// True when a process of one of these names runs; nullopt when processes cannot be listed
// (offline tree or error).
std::optional<bool> ProcessRunning(host::Host& host, std::span<const std::string_view> names);

// One scheduled command line, from a crontab, /etc/cron.d, the cron.{hourly,daily,weekly,monthly}
// script directories (the script body lines) or the per-user spools.
struct CronLine {
  std::string file;
  int line = 0;
  std::string text;
};

// All non-comment cron lines on the host, bounded (at most 200 files, 2 MiB each). Unreadable
// files are skipped.
std::vector<CronLine> CollectCronLines(host::Host& host);

// Names of installed packages ("Status: install ok installed") in a dpkg status file.
std::set<std::string, std::less<>> ParseDpkgInstalled(std::string_view status_text);

// Installed dpkg packages of the host; empty on RPM systems or when unreadable.
std::set<std::string, std::less<>> DpkgInstalled(host::Host& host);

// KEY=value files (firewalld.conf, ufw.conf, /etc/default/grub): the last value of `key`,
// surrounding quotes removed; nullopt when absent.
std::optional<std::string> ShellVar(std::string_view text, std::string_view key);

// The last path component ("/etc/a/b.conf" -> "b.conf").
std::string_view BaseName(std::string_view path);
// The directory part ("/etc/a/b.conf" -> "/etc/a", "/x" -> "/").
std::string_view DirName(std::string_view path);

}  // namespace dengbao::probes
