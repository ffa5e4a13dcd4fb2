// The `deep_files` probe (run only with --deep): one bounded walk over the whole tree that
// lists world-writable files, files without a known owner and setuid/setgid programs.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "host/host.h"
#include "probes/facts.h"

namespace dengbao::probes {

inline constexpr size_t kDeepMaxEntries = 10000;    // per list
inline constexpr size_t kDeepMaxVisited = 2000000;  // paths examined in one walk
inline constexpr int kDeepMaxDepth = 64;

// Numeric ids of the third colon-separated field of passwd/group files (field 2, 0-based).
std::set<uint32_t> ParseIdColumn(std::string_view text);

struct DeepScan {
  std::vector<std::string> world_writable;  // regular files o+w, directories o+w without sticky
  std::vector<std::string> unowned;         // uid not in passwd or gid not in group
  std::vector<std::string> suid_sgid;       // regular files with setuid or setgid
  bool truncated = false;
};

// Classifies one path into `scan` (pure). `uids`/`gids` null = owner check skipped.
void ClassifyPath(const std::string& path, const host::FileInfo& info, const std::set<uint32_t>* uids,
                  const std::set<uint32_t>* gids, DeepScan& scan);

// Walks the host from "/" (skipping /proc, /sys, /dev, /run; symlinks not followed) and writes
// files.world_writable, files.unowned, files.suid_sgid, files.deep_truncated.
void CollectDeepFilesystem(host::Host& host, Facts& facts);

}  // namespace dengbao::probes
