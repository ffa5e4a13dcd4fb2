// Reading helpers shared by the system probes (os, services, packages, sysctl, cron, ...):
// one place that turns host errors into unknown facts and warnings, keeps strings valid UTF-8
// for JSON, bounds directory listings, and orders systemd-style drop-in directories.
// Pure functions except the ones taking a Host; not thread-safe (one scan, one thread).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "host/host.h"
#include "probes/facts.h"

namespace dengbao::probes {

inline constexpr size_t kMaxDirEntries = 4096;  // entries taken from one directory listing
inline constexpr size_t kMaxProvenanceText = 512;

// `s` with every invalid UTF-8 sequence (bad lead byte, truncated, overlong, surrogate, above
// U+10FFFF) replaced by U+FFFD, so that nlohmann::json can dump it.
std::string SanitizeUtf8(std::string_view s);

// A Provenance whose text is valid UTF-8 and at most kMaxProvenanceText bytes.
Provenance MakeSource(std::string_view file, int line, std::string_view text);

// Reads the text sources of one probe. A missing file is not an error (nullopt). Any other
// failure (permission, too large, symlink loop) or a binary file gives nullopt, adds a warning
// under `probe` and keeps the first error in `error` so the collector can mark its facts unknown.
class SourceReader {
 public:
  SourceReader(host::Host& host, Facts& facts, std::string_view probe)
      : host_(host), facts_(facts), probe_(probe) {}

  std::optional<std::string> Read(std::string_view path, size_t max_bytes = host::kDefaultMaxRead);
  // Names in a directory (at most kMaxDirEntries, sorted); missing directory = empty. Errors are
  // recorded like Read's.
  std::vector<host::DirEntry> List(std::string_view dir);
  // Records an error as if a read had failed (e.g. a command that could not run).
  void Fail(Error error, std::string_view what);

  const std::optional<Error>& error() const { return error_; }
  void ClearError() { error_.reset(); }
  host::Host& host() { return host_; }

 private:
  host::Host& host_;
  Facts& facts_;
  std::string probe_;
  std::optional<Error> error_;
};

// Sets `path`, or marks it unknown with `error` when a source it depends on could not be read
// (a partial value would let a rule pass on missing evidence).
void SetOrUnknown(Facts& facts, std::string_view path, nlohmann::json value, std::vector<Provenance> sources,
                  const std::optional<Error>& error);

// Files `*<suffix>` of systemd-style drop-in directories, listed in precedence order (first
// wins for the same file name): the result is sorted by file name, each name taken from the
// first directory that has it. Pure: `listing[i]` holds the names found in `dirs[i]`.
std::vector<std::string> OverlayFiles(const std::vector<std::string>& dirs,
                                      const std::vector<std::vector<std::string>>& listing,
                                      std::string_view suffix);

// OverlayFiles over the host; files whose name starts with '.' are skipped. A file in a higher
// directory that is a symlink to /dev/null masks the name (systemd semantics).
std::vector<std::string> OverlayFilesOnHost(SourceReader& reader, const std::vector<std::string>& dirs,
                                            std::string_view suffix);

// The last path component ("/a/b.service" -> "b.service").
std::string_view PathTail(std::string_view path);

}  // namespace dengbao::probes
