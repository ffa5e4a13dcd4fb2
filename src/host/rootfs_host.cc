// RootfsHost and LocalHost share one implementation: a filesystem host with an optional root.
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <deque>

#include "host/fs_host.h"
#include "host/fs_host_impl.h"

namespace dengbao::host {

namespace {

constexpr int kMaxSymlinkHops = 40;

FileType TypeOf(mode_t m) {
  if (S_ISREG(m)) return FileType::kRegular;
  if (S_ISDIR(m)) return FileType::kDirectory;
  if (S_ISLNK(m)) return FileType::kSymlink;
  return FileType::kOther;
}

FileInfo InfoOf(const struct stat& st) {
  return FileInfo{
      TypeOf(st.st_mode), static_cast<uint32_t>(st.st_mode & 07777), st.st_uid,
      st.st_gid,          static_cast<uint64_t>(st.st_size),         static_cast<int64_t>(st.st_mtime)};
}

void PushComponents(std::deque<std::string>& queue, std::string_view path, bool front) {
  std::vector<std::string> parts;
  size_t i = 0;
  while (i < path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    if (j > i) parts.emplace_back(path.substr(i, j - i));
    i = j + 1;
  }
  if (front)
    queue.insert(queue.begin(), parts.begin(), parts.end());
  else
    queue.insert(queue.end(), parts.begin(), parts.end());
}

}  // namespace

std::unexpected<Error> ErrnoError(int err, std::string_view path) {
  ErrorCode code = ErrorCode::kIo;
  if (err == ENOENT || err == ENOTDIR) code = ErrorCode::kNotFound;
  if (err == EACCES || err == EPERM) code = ErrorCode::kPermissionDenied;
  return MakeError(code, std::strerror(err), {std::string(path)});
}

FsHost::FsHost(std::string root, bool live) : root_(std::move(root)), live_(live) {}

std::string FsHost::Describe() const {
  if (live_) return "本机 (local)";
  return "rootfs:" + (root_.empty() ? std::string("/") : root_);
}

bool FsHost::IsPrivileged() const { return geteuid() == 0; }

Result<std::string> FsHost::Real(std::string_view path, bool follow_last) const {
  if (path.empty() || path.front() != '/')
    return MakeError(ErrorCode::kInvalidArgument, "path must be absolute", {std::string(path)});
  if (root_.empty()) return std::string(path);  // the local machine: the kernel resolves
  std::deque<std::string> todo;
  PushComponents(todo, path, false);
  std::vector<std::string> done;  // components below the root, all resolved
  int hops = 0;
  auto joined = [&] {
    std::string s = root_;
    for (const auto& c : done) s += "/" + c;
    return s;
  };
  while (!todo.empty()) {
    std::string c = std::move(todo.front());
    todo.pop_front();
    if (c == ".") continue;
    if (c == "..") {
      if (!done.empty()) done.pop_back();  // ".." at the root stays at the root
      continue;
    }
    done.push_back(c);
    bool last = todo.empty();
    if (last && !follow_last) break;
    struct stat st{};
    std::string real = joined();
    if (lstat(real.c_str(), &st) != 0) {
      if (errno == ENOENT && last) return real;  // let the caller's syscall report it
      return ErrnoError(errno, path);
    }
    if (!S_ISLNK(st.st_mode)) continue;
    if (++hops > kMaxSymlinkHops)
      return MakeError(ErrorCode::kIo, "符号链接层数过多或成环 (too many levels of symbolic links)",
                       {std::string(path)});
    char buf[4096];
    ssize_t n = readlink(real.c_str(), buf, sizeof buf - 1);
    if (n < 0) return ErrnoError(errno, path);
    std::string_view target(buf, static_cast<size_t>(n));
    done.pop_back();
    if (!target.empty() && target.front() == '/') done.clear();  // absolute: from the tree's root
    PushComponents(todo, target, true);
  }
  return joined();
}

Result<std::string> FsHost::ReadFile(std::string_view path, size_t max_bytes) {
  auto real = Real(path, true);
  if (!real) return std::unexpected(real.error());
  // Refuse anything but a regular file before opening it: a FIFO or device in a hostile tree
  // must not hang the scan or trigger a device side effect.
  struct stat pre{};
  if (stat(real->c_str(), &pre) != 0) return ErrnoError(errno, path);
  if (S_ISDIR(pre.st_mode)) return MakeError(ErrorCode::kIo, "是目录 (is a directory)", {std::string(path)});
  if (!S_ISREG(pre.st_mode))
    return MakeError(ErrorCode::kIo, "不是普通文件 (not a regular file)", {std::string(path)});
  if (static_cast<uint64_t>(pre.st_size) > max_bytes)
    return MakeError(
        ErrorCode::kTooLarge,
        "文件大小 " + std::to_string(pre.st_size) + " 字节，超过上限 " + std::to_string(max_bytes),
        {std::string(path)});
  int fd = open(real->c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (fd < 0) return ErrnoError(errno, path);
  struct stat st{};
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {  // swapped between stat and open
    close(fd);
    return MakeError(ErrorCode::kIo, "不是普通文件 (not a regular file)", {std::string(path)});
  }
  std::string out;
  out.resize(static_cast<size_t>(st.st_size));
  size_t got = 0;
  while (true) {
    if (got == out.size()) {
      if (out.size() >= max_bytes) break;  // /proc files report size 0; read until EOF or limit
      out.resize(std::min(max_bytes, std::max<size_t>(out.size() * 2, 4096)));
    }
    ssize_t n = read(fd, out.data() + got, out.size() - got);
    if (n < 0) {
      if (errno == EINTR) continue;
      int e = errno;
      close(fd);
      return ErrnoError(e, path);
    }
    if (n == 0) break;
    got += static_cast<size_t>(n);
  }
  close(fd);
  out.resize(got);
  return out;
}

Result<FileInfo> FsHost::StatImpl(std::string_view path, bool follow) {
  auto real = Real(path, follow);
  if (!real) return std::unexpected(real.error());
  struct stat st{};
  int rc = follow ? stat(real->c_str(), &st) : lstat(real->c_str(), &st);
  if (rc != 0) return ErrnoError(errno, path);
  // In a rootfs a final symlink was already resolved inside the root by Real().
  return InfoOf(st);
}

Result<FileInfo> FsHost::Stat(std::string_view path) { return StatImpl(path, true); }
Result<FileInfo> FsHost::Lstat(std::string_view path) { return StatImpl(path, false); }

Result<std::vector<DirEntry>> FsHost::ListDir(std::string_view path) {
  auto real = Real(path, true);
  if (!real) return std::unexpected(real.error());
  DIR* dir = opendir(real->c_str());
  if (dir == nullptr) return ErrnoError(errno, path);
  std::vector<DirEntry> out;
  while (dirent* e = readdir(dir)) {
    std::string_view name = e->d_name;
    if (name == "." || name == "..") continue;
    FileType type = FileType::kOther;
    switch (e->d_type) {
      case DT_REG:
        type = FileType::kRegular;
        break;
      case DT_DIR:
        type = FileType::kDirectory;
        break;
      case DT_LNK:
        type = FileType::kSymlink;
        break;
      case DT_UNKNOWN: {
        struct stat st{};
        if (lstat((*real + "/" + std::string(name)).c_str(), &st) == 0) type = TypeOf(st.st_mode);
        break;
      }
      default:
        break;
    }
    out.push_back(DirEntry{std::string(name), type});
  }
  closedir(dir);
  std::sort(out.begin(), out.end(), [](const DirEntry& a, const DirEntry& b) { return a.name < b.name; });
  return out;
}

Result<std::string> FsHost::ReadLink(std::string_view path) {
  auto real = Real(path, false);
  if (!real) return std::unexpected(real.error());
  char buf[4096];
  ssize_t n = readlink(real->c_str(), buf, sizeof buf);
  if (n < 0) return ErrnoError(errno, path);
  return std::string(buf, static_cast<size_t>(n));
}

Result<std::unique_ptr<Host>> NewRootfsHost(const std::string& root) {
  char* canon = realpath(root.c_str(), nullptr);
  if (canon == nullptr) return ErrnoError(errno, root);
  std::string r = canon;
  free(canon);  // NOLINT: realpath allocates with malloc
  struct stat st{};
  if (stat(r.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
    return MakeError(ErrorCode::kInvalidArgument, "--root 应为目录 (root must be a directory)", {root});
  if (r == "/") r.clear();  // "/" as a root is the local filesystem, read as an offline tree
  return std::unique_ptr<Host>(std::make_unique<FsHost>(r, false));
}

}  // namespace dengbao::host
