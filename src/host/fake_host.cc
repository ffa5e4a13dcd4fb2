#include "host/fake_host.h"

namespace dengbao::host {

namespace {
std::string Parent(const std::string& path) {
  auto slash = path.rfind('/');
  if (slash == 0 || slash == std::string::npos) return "/";
  return path.substr(0, slash);
}
}  // namespace

void FakeHost::EnsureParents(const std::string& path) {
  for (std::string dir = Parent(path);; dir = Parent(dir)) {
    if (!nodes_.contains(dir))
      nodes_[dir] = Node{FileInfo{FileType::kDirectory, 0755, 0, 0, 4096, 0}, {}, {}};
    if (dir == "/") break;
  }
}

FakeHost& FakeHost::AddFile(std::string path, std::string content, uint32_t mode, uint32_t uid,
                            uint32_t gid) {
  EnsureParents(path);
  Node n{FileInfo{FileType::kRegular, mode, uid, gid, content.size(), 0}, std::move(content), {}};
  nodes_[std::move(path)] = std::move(n);
  return *this;
}

FakeHost& FakeHost::AddDir(std::string path, uint32_t mode) {
  EnsureParents(path);
  nodes_[std::move(path)] = Node{FileInfo{FileType::kDirectory, mode, 0, 0, 4096, 0}, {}, {}};
  return *this;
}

FakeHost& FakeHost::AddSymlink(std::string path, std::string target) {
  EnsureParents(path);
  nodes_[std::move(path)] =
      Node{FileInfo{FileType::kSymlink, 0777, 0, 0, target.size(), 0}, {}, std::move(target)};
  return *this;
}

FakeHost& FakeHost::Deny(std::string path) {
  denied_.insert(std::move(path));
  return *this;
}

FakeHost& FakeHost::SetMtime(const std::string& path, int64_t mtime) {
  if (auto it = nodes_.find(path); it != nodes_.end()) it->second.info.mtime = mtime;
  return *this;
}

FakeHost& FakeHost::AddProcess(Process p) {
  processes_.push_back(std::move(p));
  return *this;
}
FakeHost& FakeHost::AddSocket(Socket s) {
  sockets_.push_back(std::move(s));
  return *this;
}
FakeHost& FakeHost::AddCommand(std::string joined_argv, CommandResult result) {
  commands_[std::move(joined_argv)] = std::move(result);
  return *this;
}
FakeHost& FakeHost::SetLive(bool live) {
  live_ = live;
  return *this;
}
FakeHost& FakeHost::SetPrivileged(bool privileged) {
  privileged_ = privileged;
  return *this;
}

Result<const FakeHost::Node*> FakeHost::Resolve(std::string_view path, bool follow_last) {
  std::string current(path);
  for (int hops = 0; hops < 40; ++hops) {
    auto it = nodes_.find(current);
    if (it == nodes_.end()) return MakeError(ErrorCode::kNotFound, "no such file", {std::string(path)});
    if (it->second.info.type != FileType::kSymlink || !follow_last) return &it->second;
    const std::string& t = it->second.target;
    current = t.starts_with("/") ? t : JoinPath(Parent(current), t);
  }
  return MakeError(ErrorCode::kIo, "too many levels of symbolic links", {std::string(path)});
}

Result<std::string> FakeHost::ReadFile(std::string_view path, size_t max_bytes) {
  if (denied_.contains(path))
    return MakeError(ErrorCode::kPermissionDenied, "permission denied", {std::string(path)});
  auto n = Resolve(path, true);
  if (!n) return std::unexpected(n.error());
  if ((*n)->info.type == FileType::kDirectory)
    return MakeError(ErrorCode::kIo, "is a directory", {std::string(path)});
  if ((*n)->content.size() > max_bytes)
    return MakeError(ErrorCode::kTooLarge, "file larger than " + std::to_string(max_bytes) + " bytes",
                     {std::string(path)});
  return (*n)->content;
}

Result<FileInfo> FakeHost::Stat(std::string_view path) {
  auto n = Resolve(path, true);
  if (!n) return std::unexpected(n.error());
  return (*n)->info;
}

Result<FileInfo> FakeHost::Lstat(std::string_view path) {
  auto n = Resolve(path, false);
  if (!n) return std::unexpected(n.error());
  return (*n)->info;
}

Result<std::vector<DirEntry>> FakeHost::ListDir(std::string_view path) {
  if (denied_.contains(path))
    return MakeError(ErrorCode::kPermissionDenied, "permission denied", {std::string(path)});
  auto n = Resolve(path, true);
  if (!n) return std::unexpected(n.error());
  if ((*n)->info.type != FileType::kDirectory)
    return MakeError(ErrorCode::kIo, "not a directory", {std::string(path)});
  std::string prefix(path);
  if (prefix != "/") prefix += '/';
  std::vector<DirEntry> out;
  for (auto it = nodes_.lower_bound(prefix); it != nodes_.end() && it->first.starts_with(prefix); ++it) {
    std::string_view rest = std::string_view(it->first).substr(prefix.size());
    if (rest.empty() || rest.find('/') != std::string_view::npos) continue;
    out.push_back(DirEntry{std::string(rest), it->second.info.type});
  }
  return out;
}

Result<std::string> FakeHost::ReadLink(std::string_view path) {
  auto n = Resolve(path, false);
  if (!n) return std::unexpected(n.error());
  if ((*n)->info.type != FileType::kSymlink)
    return MakeError(ErrorCode::kIo, "not a symlink", {std::string(path)});
  return (*n)->target;
}

Result<std::vector<Process>> FakeHost::ListProcesses() {
  if (!live_) return MakeError(ErrorCode::kUnsupported, "offline host has no processes");
  return processes_;
}

Result<std::vector<Socket>> FakeHost::ListListeningSockets() {
  if (!live_) return MakeError(ErrorCode::kUnsupported, "offline host has no sockets");
  return sockets_;
}

Result<CommandResult> FakeHost::Run(const std::vector<std::string>& argv, std::chrono::milliseconds) {
  if (!live_) return MakeError(ErrorCode::kUnsupported, "offline host cannot run commands");
  std::string joined;
  for (const auto& a : argv) joined += (joined.empty() ? "" : " ") + a;
  auto it = commands_.find(joined);
  if (it == commands_.end()) return MakeError(ErrorCode::kNotFound, "command not found: " + joined);
  return it->second;
}

}  // namespace dengbao::host
