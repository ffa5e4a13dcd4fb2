#include "report/ooxml/zip.h"

#include <zip.h>

#include <algorithm>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>

namespace dengbao::ooxml {

namespace {

// DOS date of 1980-01-01 (year-1980 << 9 | month << 5 | day); time 00:00:00 is 0.
constexpr zip_uint16_t kDosDate = (0 << 9) | (1 << 5) | 1;
constexpr zip_uint16_t kDosTime = 0;

struct ArchiveCloser {
  void operator()(zip_t* za) const { zip_discard(za); }
};
struct FileCloser {
  void operator()(zip_file_t* f) const { zip_fclose(f); }
};
using ArchivePtr = std::unique_ptr<zip_t, ArchiveCloser>;
using FilePtr = std::unique_ptr<zip_file_t, FileCloser>;

std::string LibzipMessage(zip_error_t* err) {
  std::string msg = zip_error_strerror(err);
  zip_error_fini(err);
  return msg;
}

Status CheckNames(const std::vector<ZipEntry>& entries) {
  if (entries.empty()) return MakeError(ErrorCode::kInvalidArgument, "zip 没有条目 (no entries)");
  std::set<std::string, std::less<>> seen;
  for (const auto& e : entries) {
    if (e.name.empty() || e.name.front() == '/')
      return MakeError(ErrorCode::kInvalidArgument, "zip 条目名无效 (invalid entry name) '" + e.name + "'");
    if (!seen.insert(e.name).second)
      return MakeError(ErrorCode::kInvalidArgument, "zip 条目重复 (duplicate entry) '" + e.name + "'");
  }
  return {};
}

// Adds every entry to an open archive. The entry data must outlive zip_close.
Status AddEntries(zip_t* za, const std::vector<ZipEntry>& entries, ZipMethod method) {
  for (const auto& e : entries) {
    zip_source_t* src = zip_source_buffer(za, e.data.data(), e.data.size(), 0);
    if (src == nullptr) return MakeError(ErrorCode::kInternal, std::string("libzip: ") + zip_strerror(za));
    const zip_int64_t idx = zip_file_add(za, e.name.c_str(), src, ZIP_FL_ENC_UTF_8);
    if (idx < 0) {
      zip_source_free(src);
      return MakeError(ErrorCode::kInternal, "libzip: " + e.name + ": " + zip_strerror(za));
    }
    const auto index = static_cast<zip_uint64_t>(idx);
    if (zip_set_file_compression(za, index, method == ZipMethod::kStore ? ZIP_CM_STORE : ZIP_CM_DEFLATE,
                                 method == ZipMethod::kStore ? 0 : 9) != 0 ||
        zip_file_set_dostime(za, index, kDosTime, kDosDate, 0) != 0)
      return MakeError(ErrorCode::kInternal, "libzip: " + e.name + ": " + zip_strerror(za));
  }
  return {};
}

// Copies the whole content of a (closed) source into a string.
Result<std::string> SourceBytes(zip_source_t* src) {
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_source_stat(src, &st) != 0 || (st.valid & ZIP_STAT_SIZE) == 0 || zip_source_open(src) != 0)
    return MakeError(ErrorCode::kInternal, "libzip: 无法读取生成的压缩包 (cannot read back archive)");
  std::string out(st.size, '\0');
  const zip_int64_t n = zip_source_read(src, out.data(), out.size());
  zip_source_close(src);
  if (n < 0 || static_cast<zip_uint64_t>(n) != st.size)
    return MakeError(ErrorCode::kInternal, "libzip: 读取生成的压缩包不完整 (short read)");
  return out;
}

// Reads entry `index` of declared size `declared`, refusing data beyond the declaration.
Result<std::string> ReadEntry(zip_t* za, zip_uint64_t index, const std::string& name, zip_uint64_t declared) {
  FilePtr file(zip_fopen_index(za, index, 0));
  if (!file)
    return MakeError(ErrorCode::kSyntax,
                     "zip 条目无法打开 (cannot open entry) '" + name + "': " + zip_strerror(za));
  // Grow in chunks rather than trusting the declared size for one big allocation.
  std::string data;
  data.reserve(std::min<zip_uint64_t>(declared, 1u << 20));
  char chunk[64 * 1024];
  zip_uint64_t done = 0;
  while (done < declared) {
    const zip_uint64_t want = std::min<zip_uint64_t>(sizeof chunk, declared - done);
    const zip_int64_t n = zip_fread(file.get(), chunk, want);
    if (n < 0)
      return MakeError(ErrorCode::kSyntax, "zip 条目已损坏 (corrupt entry) '" + name +
                                               "': " + zip_error_strerror(zip_file_get_error(file.get())));
    if (n == 0) break;
    data.append(chunk, static_cast<size_t>(n));
    done += static_cast<zip_uint64_t>(n);
  }
  if (done != declared)
    return MakeError(ErrorCode::kSyntax, "zip 条目数据不完整 (entry shorter than declared) '" + name + "'");
  char extra = 0;
  if (zip_fread(file.get(), &extra, 1) > 0)
    return MakeError(
        ErrorCode::kTooLarge,
        "zip 条目解压后超过声明大小，疑似压缩炸弹 (entry inflates past its declared size) '" + name + "'");
  return data;
}

}  // namespace

const std::string* ZipArchive::Find(std::string_view name) const {
  for (const auto& e : entries)
    if (e.name == name) return &e.data;
  auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; };
  for (const auto& e : entries)
    if (std::ranges::equal(e.name, name, {}, lower, lower)) return &e.data;
  return nullptr;
}

Result<std::string> WriteZip(const std::vector<ZipEntry>& entries, ZipMethod method) {
  if (auto ok = CheckNames(entries); !ok) return std::unexpected(ok.error());
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &err);
  if (buffer == nullptr) return MakeError(ErrorCode::kInternal, "libzip: " + LibzipMessage(&err));
  zip_t* raw = zip_open_from_source(buffer, ZIP_TRUNCATE, &err);
  if (raw == nullptr) {
    zip_source_free(buffer);
    return MakeError(ErrorCode::kInternal, "libzip: " + LibzipMessage(&err));
  }
  ArchivePtr za(raw);
  zip_error_fini(&err);
  if (auto ok = AddEntries(za.get(), entries, method); !ok) return std::unexpected(ok.error());
  // Keep the buffer alive past zip_close, which would otherwise free it with the archive.
  zip_source_keep(buffer);
  zip_t* closing = za.release();  // zip_close frees the archive on success, zip_discard otherwise
  if (zip_close(closing) != 0) {
    std::string msg = zip_strerror(closing);
    zip_discard(closing);
    zip_source_free(buffer);
    return MakeError(ErrorCode::kInternal, "libzip: " + msg);
  }
  auto bytes = SourceBytes(buffer);
  zip_source_free(buffer);
  return bytes;
}

Status WriteZipFile(const std::filesystem::path& path, const std::vector<ZipEntry>& entries) {
  if (auto ok = CheckNames(entries); !ok) return ok;
  int code = 0;
  zip_t* raw = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &code);
  if (raw == nullptr) {
    zip_error_t err;
    zip_error_init_with_code(&err, code);
    return MakeError(ErrorCode::kIo, "无法创建文件 (cannot create): " + LibzipMessage(&err), {path.string()});
  }
  ArchivePtr za(raw);
  if (auto ok = AddEntries(za.get(), entries, ZipMethod::kDeflate); !ok) return ok;
  zip_t* closing = za.release();  // as in WriteZip
  if (zip_close(closing) != 0) {
    std::string msg = zip_strerror(closing);
    zip_discard(closing);
    return MakeError(ErrorCode::kIo, "写入失败 (write failed): " + msg, {path.string()});
  }
  return {};
}

Result<ZipArchive> ReadZip(std::string_view bytes, const ZipLimits& limits) {
  if (bytes.empty())
    return MakeError(ErrorCode::kSyntax, "空文件，不是 zip 压缩包 (empty input, not a zip archive)");
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &err);
  if (src == nullptr) return MakeError(ErrorCode::kInternal, "libzip: " + LibzipMessage(&err));
  zip_t* raw = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &err);
  if (raw == nullptr) {
    zip_source_free(src);
    const bool not_zip = zip_error_code_zip(&err) == ZIP_ER_NOZIP;
    std::string msg = LibzipMessage(&err);
    return MakeError(ErrorCode::kSyntax, not_zip ? "不是 zip 压缩包 (not a zip archive)"
                                                 : "zip 压缩包已损坏 (corrupt zip archive): " + msg);
  }
  ArchivePtr za(raw);  // owns src now
  zip_error_fini(&err);

  const zip_int64_t count = zip_get_num_entries(za.get(), 0);
  if (count < 0) return MakeError(ErrorCode::kSyntax, "zip 目录无效 (invalid central directory)");
  if (static_cast<uint64_t>(count) > limits.max_entries)
    return MakeError(ErrorCode::kTooLarge, "zip 条目过多 (too many entries): " + std::to_string(count) +
                                               ", 上限 limit " + std::to_string(limits.max_entries));
  ZipArchive archive;
  std::set<std::string, std::less<>> seen;
  uint64_t total = 0;
  for (zip_uint64_t i = 0; i < static_cast<zip_uint64_t>(count); ++i) {
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(za.get(), i, 0, &st) != 0 || (st.valid & ZIP_STAT_NAME) == 0 ||
        (st.valid & ZIP_STAT_SIZE) == 0)
      return MakeError(ErrorCode::kSyntax, "zip 条目 #" + std::to_string(i) + " 无效 (invalid entry)");
    std::string name = st.name;
    if (!name.empty() && name.back() == '/') continue;  // directory
    if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) != 0 && st.encryption_method != ZIP_EM_NONE)
      return MakeError(ErrorCode::kUnsupported, "zip 条目已加密 (encrypted entry) '" + name + "'");
    if (!seen.insert(name).second)
      return MakeError(ErrorCode::kSyntax, "zip 条目重复 (duplicate entry) '" + name + "'");
    if (st.size > limits.max_entry_size)
      return MakeError(ErrorCode::kTooLarge, "zip 条目过大 (entry too large) '" + name +
                                                 "': " + std::to_string(st.size) + " bytes, 上限 limit " +
                                                 std::to_string(limits.max_entry_size));
    total += st.size;
    if (total > limits.max_total_size)
      return MakeError(ErrorCode::kTooLarge, "zip 解压总大小超过上限 (total uncompressed size over limit " +
                                                 std::to_string(limits.max_total_size) + " bytes)");
    auto data = ReadEntry(za.get(), i, name, st.size);
    if (!data) return std::unexpected(data.error());
    archive.entries.push_back({std::move(name), std::move(*data)});
  }
  return archive;
}

Result<std::string> ReadFileBytes(const std::filesystem::path& path, uint64_t max_bytes) {
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(status))
    return MakeError(ErrorCode::kNotFound, "文件不存在 (no such file)", {path.string()});
  if (!std::filesystem::is_regular_file(status))
    return MakeError(ErrorCode::kIo, "不是普通文件 (not a regular file)", {path.string()});
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) return MakeError(ErrorCode::kIo, ec.message(), {path.string()});
  if (size > max_bytes)
    return MakeError(ErrorCode::kTooLarge,
                     "文件过大 (file too large): " + std::to_string(size) + " bytes, 上限 limit " +
                         std::to_string(max_bytes),
                     {path.string()});
  std::ifstream in(path, std::ios::binary);
  if (!in) return MakeError(ErrorCode::kIo, "无法打开 (cannot open)", {path.string()});
  std::ostringstream buf;
  buf << in.rdbuf();
  if (in.bad()) return MakeError(ErrorCode::kIo, "读取失败 (read failed)", {path.string()});
  return buf.str();
}

}  // namespace dengbao::ooxml
