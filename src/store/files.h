// Internal: whole-file reads and atomic writes for backups.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "core/error.h"

namespace dengbao::store {

// Writes `content` to a temporary file beside `path` (mode 0600), fsyncs it, renames it over
// `path` and fsyncs the folder: readers see the old file or the whole new one, never a part.
Status WriteFileAtomically(const std::filesystem::path& path, std::string_view content);
// The whole file; kNotFound / kIo naming the path.
Result<std::string> ReadWholeFile(const std::filesystem::path& path);

}  // namespace dengbao::store
