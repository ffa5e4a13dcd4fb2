// Hosts backed by a real filesystem: LocalHost (this machine, live) and RootfsHost (an offline
// tree under a root directory; every path, including symlink targets, is resolved inside the
// root and can never escape it; loops are errors). Not thread-safe.
#pragma once

#include <memory>
#include <string>

#include "host/host.h"

namespace dengbao::host {

// The running machine. Processes and sockets come from /proc.
std::unique_ptr<Host> NewLocalHost();

// An offline tree. Fails with kNotFound / kIo when `root` is not a readable directory.
Result<std::unique_ptr<Host>> NewRootfsHost(const std::string& root);

// Parses /proc/net/{tcp,tcp6,udp,udp6}: listening TCP sockets (state 0A) and bound UDP sockets
// (state 07). Malformed lines are skipped. Pure; exposed for tests.
std::vector<Socket> ParseProcNet(std::string_view text, std::string_view protocol);

}  // namespace dengbao::host
