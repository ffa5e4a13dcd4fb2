// The live parts of FsHost: processes and sockets from /proc, and running commands.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cstring>

#include "host/fs_host.h"
#include "host/fs_host_impl.h"

extern char** environ;

namespace dengbao::host {

namespace {

constexpr size_t kMaxCommandOutput = 4u << 20;

std::string_view TrimLine(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
    s.remove_suffix(1);
  return s;
}

// "0100007F:0016" (IPv4, little-endian words) -> "127.0.0.1", 22.
bool DecodeAddress(std::string_view hex, bool v6, std::string& addr, uint16_t& port) {
  auto colon = hex.find(':');
  if (colon == std::string_view::npos) return false;
  std::string_view a = hex.substr(0, colon), p = hex.substr(colon + 1);
  unsigned port_value = 0;
  auto [pe, pec] = std::from_chars(p.data(), p.data() + p.size(), port_value, 16);
  if (pec != std::errc() || pe != p.data() + p.size() || port_value > 0xFFFF) return false;
  port = static_cast<uint16_t>(port_value);
  if (a.size() != (v6 ? 32u : 8u)) return false;
  std::array<unsigned char, 16> bytes{};
  for (size_t w = 0; w < a.size() / 8; ++w) {
    uint32_t word = 0;
    auto [we, wec] = std::from_chars(a.data() + w * 8, a.data() + w * 8 + 8, word, 16);
    if (wec != std::errc() || we != a.data() + w * 8 + 8) return false;
    for (int b = 0; b < 4; ++b) bytes[w * 4 + b] = static_cast<unsigned char>(word >> (8 * b));  // host order
  }
  char buf[64];
  if (!v6) {
    std::snprintf(buf, sizeof buf, "%u.%u.%u.%u", bytes[0], bytes[1], bytes[2], bytes[3]);
  } else {
    bool all_zero = std::all_of(bytes.begin(), bytes.end(), [](unsigned char c) { return c == 0; });
    if (all_zero) {
      addr = "::";
      return true;
    }
    std::string s;
    for (int i = 0; i < 16; i += 2) {
      char part[8];
      std::snprintf(part, sizeof part, "%x", (bytes[i] << 8) | bytes[i + 1]);
      s += (i ? ":" : "") + std::string(part);
    }
    addr = s;
    return true;
  }
  addr = buf;
  return true;
}

}  // namespace

std::vector<Socket> ParseProcNet(std::string_view text, std::string_view protocol) {
  std::vector<Socket> out;
  bool v6 = protocol.ends_with("6");
  bool tcp = protocol.starts_with("tcp");
  size_t pos = text.find('\n');  // skip the header line
  while (pos != std::string_view::npos && pos < text.size()) {
    size_t next = text.find('\n', pos + 1);
    std::string_view line = TrimLine(
        text.substr(pos + 1, next == std::string_view::npos ? std::string_view::npos : next - pos - 1));
    pos = next;
    // fields: sl local_address rem_address st ...
    std::array<std::string_view, 4> f;
    size_t i = 0, n = 0;
    while (n < 4 && i < line.size()) {
      while (i < line.size() && line[i] == ' ') ++i;
      size_t start = i;
      while (i < line.size() && line[i] != ' ') ++i;
      if (i > start) f[n++] = line.substr(start, i - start);
    }
    if (n < 4) continue;
    if (f[3] != (tcp ? "0A" : "07")) continue;
    Socket s;
    s.protocol = std::string(protocol);
    if (!DecodeAddress(f[1], v6, s.address, s.port)) continue;
    out.push_back(std::move(s));
  }
  return out;
}

std::unique_ptr<Host> NewLocalHost() { return std::make_unique<FsHost>("", true); }

Result<std::vector<Process>> FsHost::ListProcesses() {
  if (!live_)
    return MakeError(ErrorCode::kUnsupported, "离线目录没有进程信息 (offline tree has no processes)");
  auto entries = ListDir("/proc");
  if (!entries) return std::unexpected(entries.error());
  std::vector<Process> out;
  for (const auto& e : *entries) {
    int pid = 0;
    auto [p, ec] = std::from_chars(e.name.data(), e.name.data() + e.name.size(), pid);
    if (ec != std::errc() || p != e.name.data() + e.name.size()) continue;
    std::string dir = "/proc/" + e.name;
    auto comm = ReadFile(dir + "/comm", 4096);
    if (!comm) continue;  // the process ended meanwhile
    Process proc;
    proc.pid = pid;
    proc.name = std::string(TrimLine(*comm));
    if (auto cmd = ReadFile(dir + "/cmdline", 65536)) {
      std::replace(cmd->begin(), cmd->end(), '\0', ' ');
      proc.cmdline = std::string(TrimLine(*cmd));
    }
    if (auto status = ReadFile(dir + "/status", 65536)) {
      auto at = status->find("\nUid:");
      if (at != std::string::npos) {
        std::string_view rest = TrimLine(std::string_view(*status).substr(at + 5, 32));
        std::from_chars(rest.data(), rest.data() + rest.size(), proc.uid);
      }
    }
    out.push_back(std::move(proc));
  }
  return out;
}

Result<std::vector<Socket>> FsHost::ListListeningSockets() {
  if (!live_)
    return MakeError(ErrorCode::kUnsupported, "离线目录没有网络连接信息 (offline tree has no sockets)");
  std::vector<Socket> out;
  bool any = false;
  for (std::string_view proto : {"tcp", "tcp6", "udp", "udp6"}) {
    auto text = ReadFile("/proc/net/" + std::string(proto), 16u << 20);
    if (!text) continue;  // e.g. IPv6 disabled
    any = true;
    auto part = ParseProcNet(*text, proto);
    out.insert(out.end(), part.begin(), part.end());
  }
  if (!any) return MakeError(ErrorCode::kIo, "无法读取 /proc/net (cannot read /proc/net)");
  return out;
}

Result<CommandResult> FsHost::Run(const std::vector<std::string>& argv, std::chrono::milliseconds timeout) {
  if (!live_)
    return MakeError(ErrorCode::kUnsupported, "离线目录不能执行命令 (offline tree cannot run commands)");
  if (argv.empty()) return MakeError(ErrorCode::kInvalidArgument, "empty command");
  int out_pipe[2], err_pipe[2];
  if (pipe2(out_pipe, O_CLOEXEC) != 0) return ErrnoError(errno, argv[0]);
  if (pipe2(err_pipe, O_CLOEXEC) != 0) {
    close(out_pipe[0]);
    close(out_pipe[1]);
    return ErrnoError(errno, argv[0]);
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  int rc = posix_spawnp(&pid, argv[0].c_str(), &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(out_pipe[1]);
  close(err_pipe[1]);
  if (rc != 0) {
    close(out_pipe[0]);
    close(err_pipe[0]);
    return MakeError(rc == ENOENT ? ErrorCode::kNotFound : ErrorCode::kIo, std::strerror(rc), {argv[0]});
  }
  CommandResult result;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  std::array<pollfd, 2> fds = {pollfd{out_pipe[0], POLLIN, 0}, pollfd{err_pipe[0], POLLIN, 0}};
  bool timed_out = false;
  int open_fds = 2;
  while (open_fds > 0) {
    auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      timed_out = true;
      break;
    }
    int n = poll(fds.data(), fds.size(), static_cast<int>(left.count()));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) continue;
    for (size_t i = 0; i < fds.size(); ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      char buf[8192];
      ssize_t got = read(fds[i].fd, buf, sizeof buf);
      if (got <= 0) {
        close(fds[i].fd);
        fds[i].fd = -1;
        --open_fds;
        continue;
      }
      std::string& sink = i == 0 ? result.out : result.err;
      if (sink.size() < kMaxCommandOutput) sink.append(buf, static_cast<size_t>(got));
    }
  }
  for (auto& f : fds)
    if (f.fd >= 0) close(f.fd);
  if (timed_out) kill(pid, SIGKILL);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (timed_out) return MakeError(ErrorCode::kIo, "命令超时 (command timed out)", {argv[0]});
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

}  // namespace dengbao::host
