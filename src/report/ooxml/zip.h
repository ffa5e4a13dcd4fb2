// The zip container of OOXML files, over libzip. Writing is deterministic (entries in the order
// given, DOS timestamp 1980-01-01 00:00, deflate), so the same document gives the same bytes.
// Reading treats the archive as hostile: entry count, per-entry and total uncompressed sizes are
// capped, and an entry that inflates past its declared size (a zip bomb) is refused.
// Stateless functions; safe to call from several threads at once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace dengbao::ooxml {

struct ZipEntry {
  std::string name;  // part name inside the archive, '/'-separated, no leading '/'
  std::string data;
};

// An archive read into memory: every file entry (directories are skipped), in directory order.
struct ZipArchive {
  std::vector<ZipEntry> entries;

  // The data of entry `name`, or nullptr. Exact match first, then ASCII case-insensitive,
  // because OOXML part names are case-insensitive.
  const std::string* Find(std::string_view name) const;
};

// Caps applied while reading; the defaults fit any realistic report workbook.
struct ZipLimits {
  size_t max_entries = 10'000;
  uint64_t max_entry_size = 100ull << 20;  // uncompressed bytes of one entry
  uint64_t max_total_size = 200ull << 20;  // uncompressed bytes of all entries together
};

// kDeflate for documents; kStore skips compression (e.g. a fuzz harness that zips every input).
enum class ZipMethod { kDeflate, kStore };

// Builds a zip archive in memory. Fails with kInvalidArgument on an empty list, an empty or
// duplicate name, and kInternal if libzip fails.
Result<std::string> WriteZip(const std::vector<ZipEntry>& entries, ZipMethod method = ZipMethod::kDeflate);

// Writes the archive to `path` atomically (libzip writes a temporary file beside it and renames
// it). Fails with kIo naming the path.
Status WriteZipFile(const std::filesystem::path& path, const std::vector<ZipEntry>& entries);

// Reads every entry of the archive in `bytes`. Errors: kSyntax for something that is not a zip
// or is corrupt (bad CRC, truncated data), kTooLarge when a limit is passed, kUnsupported for
// encrypted entries. Messages are zh-first and name the entry.
Result<ZipArchive> ReadZip(std::string_view bytes, const ZipLimits& limits = {});

// Reads a whole regular file of at most `max_bytes`: kNotFound, kIo or kTooLarge otherwise.
Result<std::string> ReadFileBytes(const std::filesystem::path& path, uint64_t max_bytes);

}  // namespace dengbao::ooxml
