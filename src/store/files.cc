#include "store/files.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace dengbao::store {
namespace {

std::unexpected<Error> Sys(const std::string& what, const std::filesystem::path& p) {
  return MakeError(ErrorCode::kIo, what + " " + p.string() + ": " + std::strerror(errno));
}

}  // namespace

Status WriteFileAtomically(const std::filesystem::path& path, std::string_view content) {
  std::filesystem::path dir = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
  std::string tmpl = (dir / ("." + path.filename().string() + ".XXXXXX")).string();
  int fd = mkstemp(tmpl.data());  // mode 0600
  if (fd < 0) return Sys("无法创建临时文件 (cannot create temporary file) in", dir);
  size_t done = 0;
  while (done < content.size()) {
    ssize_t n = write(fd, content.data() + done, content.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      auto e = Sys("写入失败 (write failed)", tmpl);
      close(fd);
      unlink(tmpl.c_str());
      return e;
    }
    done += static_cast<size_t>(n);
  }
  if (fsync(fd) != 0 || close(fd) != 0) {
    auto e = Sys("写入失败 (fsync/close failed)", tmpl);
    unlink(tmpl.c_str());
    return e;
  }
  if (rename(tmpl.c_str(), path.c_str()) != 0) {
    auto e = Sys("无法写入 (rename failed)", path);
    unlink(tmpl.c_str());
    return e;
  }
  if (int dfd = open(dir.c_str(), O_RDONLY | O_DIRECTORY); dfd >= 0) {
    fsync(dfd);
    close(dfd);
  }
  return {};
}

Result<std::string> ReadWholeFile(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    return MakeError(ErrorCode::kNotFound, "文件不存在或不是普通文件 (no such file): " + path.string());
  std::ifstream in(path, std::ios::binary);
  if (!in) return MakeError(ErrorCode::kIo, "无法读取 (cannot read): " + path.string());
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return MakeError(ErrorCode::kIo, "读取失败 (read failed): " + path.string());
  return ss.str();
}

}  // namespace dengbao::store
