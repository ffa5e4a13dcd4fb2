// All access to the machine being checked goes through Host (STYLE.md 4). Implementations:
// LocalHost (this machine, live), RootfsHost (an offline directory tree such as a mounted image
// or a copied /etc; every path stays inside it) and FakeHost (in memory, for unit tests). An
// SshHost can implement the same interface later.
//
// Paths are absolute paths *on the target* ("/etc/ssh/sshd_config"), whatever the
// implementation. Errors: kNotFound (no such path), kPermissionDenied (exists but unreadable by
// us), kTooLarge (file above max_bytes), kUnsupported (e.g. processes of an offline tree),
// kIo (anything else, including symlink loops). Implementations are not thread-safe unless they
// say so; one scan uses one Host from one thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace dengbao::host {

inline constexpr size_t kDefaultMaxRead = 8u << 20;  // 8 MiB: larger files are logs, not config

enum class FileType { kRegular, kDirectory, kSymlink, kOther };

struct FileInfo {
  FileType type = FileType::kOther;
  uint32_t mode = 0;  // permission bits including setuid/setgid/sticky (st_mode & 07777)
  uint32_t uid = 0;
  uint32_t gid = 0;
  uint64_t size = 0;
  int64_t mtime = 0;  // seconds since the Unix epoch
};

struct DirEntry {
  std::string name;  // no directory part
  FileType type = FileType::kOther;
};

struct Process {
  int pid = 0;
  uint32_t uid = 0;
  std::string name;     // comm
  std::string cmdline;  // arguments joined by spaces
};

struct Socket {
  std::string protocol;  // tcp | tcp6 | udp | udp6
  std::string address;   // local address, e.g. "0.0.0.0", "::", "127.0.0.1"
  uint16_t port = 0;
};

struct CommandResult {
  int exit_code = 0;
  std::string out;
  std::string err;
};

class Host {
 public:
  virtual ~Host() = default;

  // "本机 (local)", "rootfs:/mnt/img", "fake" — for reports.
  virtual std::string Describe() const = 0;
  // True when processes, sockets and commands reflect a running system.
  virtual bool IsLive() const = 0;
  // True when the scan runs with root privileges on the target (files like /etc/shadow are
  // readable). Offline trees report whether we can read them.
  virtual bool IsPrivileged() const = 0;

  // The whole file; kTooLarge when it is bigger than max_bytes (nothing is read then).
  virtual Result<std::string> ReadFile(std::string_view path, size_t max_bytes = kDefaultMaxRead) = 0;
  // Follows symlinks (inside the root for RootfsHost).
  virtual Result<FileInfo> Stat(std::string_view path) = 0;
  // Does not follow a final symlink.
  virtual Result<FileInfo> Lstat(std::string_view path) = 0;
  // Entries of a directory, sorted by name, without "." and "..".
  virtual Result<std::vector<DirEntry>> ListDir(std::string_view path) = 0;
  // The target of a symlink, as stored.
  virtual Result<std::string> ReadLink(std::string_view path) = 0;
  virtual Result<std::vector<Process>> ListProcesses() = 0;
  virtual Result<std::vector<Socket>> ListListeningSockets() = 0;
  // Runs a program (argv[0] is looked up in PATH) with a time limit; live hosts only.
  virtual Result<CommandResult> Run(const std::vector<std::string>& argv,
                                    std::chrono::milliseconds timeout) = 0;
};

// True if `path` exists (Lstat succeeds).
bool Exists(Host& host, std::string_view path);

// Paths matching a pattern whose *last* component may hold '*' and '?' (e.g.
// "/etc/sudoers.d/*", "/etc/ssh/sshd_config.d/*.conf"), sorted. A missing directory gives an
// empty list; other errors are returned.
Result<std::vector<std::string>> Glob(Host& host, std::string_view pattern);

// Shell-style match of one path component ('*' and '?', no '/').
bool GlobMatch(std::string_view pattern, std::string_view name);

// Joins a directory and a relative path with exactly one '/'.
std::string JoinPath(std::string_view dir, std::string_view rel);

}  // namespace dengbao::host
