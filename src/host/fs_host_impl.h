// Internal: the filesystem-backed host shared by LocalHost and RootfsHost.
#pragma once

#include <string>

#include "host/host.h"

namespace dengbao::host {

std::unexpected<Error> ErrnoError(int err, std::string_view path);

class FsHost : public Host {
 public:
  // root "" = the local machine (live when `live`); otherwise an absolute, canonical directory.
  FsHost(std::string root, bool live);

  std::string Describe() const override;
  bool IsLive() const override { return live_; }
  bool IsPrivileged() const override;
  Result<std::string> ReadFile(std::string_view path, size_t max_bytes = kDefaultMaxRead) override;
  Result<FileInfo> Stat(std::string_view path) override;
  Result<FileInfo> Lstat(std::string_view path) override;
  Result<std::vector<DirEntry>> ListDir(std::string_view path) override;
  Result<std::string> ReadLink(std::string_view path) override;
  Result<std::vector<Process>> ListProcesses() override;
  Result<std::vector<Socket>> ListListeningSockets() override;
  Result<CommandResult> Run(const std::vector<std::string>& argv, std::chrono::milliseconds timeout) override;

 private:
  // The real path of a target path: inside the root, symlinks resolved (all but the last one
  // unless follow_last). For the local machine, the path itself.
  Result<std::string> Real(std::string_view path, bool follow_last) const;
  Result<FileInfo> StatImpl(std::string_view path, bool follow);

  std::string root_;
  bool live_;
};

}  // namespace dengbao::host
