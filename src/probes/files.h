// The `files` probe: mode and ownership of a fixed list of security-relevant files and
// directories, with convenience verdict inputs for /etc/shadow and /etc/passwd.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "host/host.h"
#include "probes/facts.h"

namespace dengbao::probes {

// "0644" style: at least four octal digits, setuid/setgid/sticky included.
std::string FormatMode(uint32_t mode);
std::string_view FileTypeName(host::FileType type);  // "file" | "dir" | "symlink" | "other"

// shadow/gshadow: no group write and nothing for others ((mode & 0027) == 0).
bool ShadowModeOk(uint32_t mode);
// passwd/group: nobody but the owner may write ((mode & 0022) == 0).
bool PasswdModeOk(uint32_t mode);

const std::vector<std::string_view>& KeyFiles();

// The files.modes entry of one path: {exists, type, mode, mode_int, uid, gid}. `lstat_info` is
// the link itself, `stat_info` what it points to (nullptr when the target is missing/looping).
nlohmann::json ModeEntry(const host::FileInfo& lstat_info, const host::FileInfo* stat_info);

// Writes files.modes, files.shadow_mode_ok, files.passwd_mode_ok, files.world_writable_key_files.
void CollectFiles(host::Host& host, Facts& facts);

}  // namespace dengbao::probes
