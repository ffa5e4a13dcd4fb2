// An in-memory Host for unit tests: files, directories, symlinks, processes and sockets are
// added by the test; directories are created implicitly. Not thread-safe.
#pragma once

#include <map>
#include <set>

#include "host/host.h"

namespace dengbao::host {

class FakeHost : public Host {
 public:
  FakeHost() = default;

  // Adds a regular file (and its parent directories).
  FakeHost& AddFile(std::string path, std::string content, uint32_t mode = 0644, uint32_t uid = 0,
                    uint32_t gid = 0);
  FakeHost& AddDir(std::string path, uint32_t mode = 0755);
  FakeHost& AddSymlink(std::string path, std::string target);
  // Reading (or listing) this path fails with kPermissionDenied.
  FakeHost& Deny(std::string path);
  FakeHost& SetMtime(const std::string& path, int64_t mtime);
  FakeHost& AddProcess(Process p);
  FakeHost& AddSocket(Socket s);
  // Answer for Run(argv) joined by spaces.
  FakeHost& AddCommand(std::string joined_argv, CommandResult result);
  FakeHost& SetLive(bool live);
  FakeHost& SetPrivileged(bool privileged);

  std::string Describe() const override { return "fake"; }
  bool IsLive() const override { return live_; }
  bool IsPrivileged() const override { return privileged_; }
  Result<std::string> ReadFile(std::string_view path, size_t max_bytes = kDefaultMaxRead) override;
  Result<FileInfo> Stat(std::string_view path) override;
  Result<FileInfo> Lstat(std::string_view path) override;
  Result<std::vector<DirEntry>> ListDir(std::string_view path) override;
  Result<std::string> ReadLink(std::string_view path) override;
  Result<std::vector<Process>> ListProcesses() override;
  Result<std::vector<Socket>> ListListeningSockets() override;
  Result<CommandResult> Run(const std::vector<std::string>& argv, std::chrono::milliseconds timeout) override;

 private:
  struct Node {
    FileInfo info;
    std::string content;  // files
    std::string target;   // symlinks
  };
  void EnsureParents(const std::string& path);
  // Resolves symlinks (at most 40 hops); nullptr with an error when missing or looping.
  Result<const Node*> Resolve(std::string_view path, bool follow_last);

  std::map<std::string, Node, std::less<>> nodes_;
  std::set<std::string, std::less<>> denied_;
  std::vector<Process> processes_;
  std::vector<Socket> sockets_;
  std::map<std::string, CommandResult> commands_;
  bool live_ = false;
  bool privileged_ = true;
};

}  // namespace dengbao::host
