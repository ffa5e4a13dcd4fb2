#include "probes/sysctl.h"

#include <map>

#include "probes/files_io.h"
#include "probes/text.h"

namespace dengbao::probes {

namespace {

// systemd-sysctl precedence: the first directory holding a file name wins.
const std::vector<std::string> kSysctlDirs = {"/etc/sysctl.d", "/run/sysctl.d", "/usr/local/lib/sysctl.d",
                                              "/usr/lib/sysctl.d", "/lib/sysctl.d"};

struct Effective {
  std::string value;
  Provenance source;
};

std::string FactName(std::string_view key) {
  std::string out = "sysctl.";
  for (char c : key) out += (c == '.' || c == '-' || c == '/') ? '_' : c;
  return out;
}

nlohmann::json TypedValue(const std::string& value) {
  if (auto n = ParseInt(value)) return *n;
  return value;
}

void ApplyFile(SourceReader& reader, const std::string& path, std::map<std::string, Effective>& out) {
  auto text = reader.Read(path, 1 << 20);
  if (!text) return;
  for (auto& a : ParseSysctlConf(*text))
    out[SanitizeUtf8(a.key)] = Effective{SanitizeUtf8(a.value), MakeSource(path, a.line, a.text)};
}

}  // namespace

std::string NormalizeSysctlKey(std::string_view key) {
  std::string out(Trim(key));
  auto first = out.find_first_of("./");
  if (first == std::string::npos || out[first] == '.') return out;
  for (char& c : out) c = c == '/' ? '.' : c == '.' ? '/' : c;
  return out;
}

std::vector<SysctlAssignment> ParseSysctlConf(std::string_view text) {
  std::vector<SysctlAssignment> out;
  for (const auto& line : ConfigLines(text, LineOptions{'#', false, false})) {
    std::string_view t = line.text;
    if (t.starts_with(';')) continue;
    auto eq = t.find('=');
    if (eq == std::string_view::npos) continue;
    std::string_view key = Trim(t.substr(0, eq));
    if (key.starts_with('-')) key = Trim(key.substr(1));
    if (key.empty()) continue;
    out.push_back(SysctlAssignment{NormalizeSysctlKey(key), std::string(Trim(t.substr(eq + 1))), line.number,
                                   line.text});
  }
  return out;
}

const std::vector<std::string_view>& SysctlKeysOfInterest() {
  static const std::vector<std::string_view> kKeys = {
      "net.ipv4.ip_forward",
      "net.ipv4.conf.all.accept_redirects",
      "net.ipv4.conf.all.send_redirects",
      "net.ipv4.conf.all.accept_source_route",
      "net.ipv4.tcp_syncookies",
      "net.ipv4.icmp_echo_ignore_broadcasts",
      "net.ipv4.conf.all.rp_filter",
      "kernel.randomize_va_space",
      "kernel.dmesg_restrict",
      "kernel.kptr_restrict",
      "fs.suid_dumpable",
      "kernel.yama.ptrace_scope",
  };
  return kKeys;
}

void CollectSysctl(host::Host& host, Facts& facts) {
  SourceReader reader(host, facts, "sysctl");
  std::map<std::string, Effective> configured;
  for (const auto& path : OverlayFilesOnHost(reader, kSysctlDirs, ".conf"))
    ApplyFile(reader, path, configured);
  ApplyFile(reader, "/etc/sysctl.conf", configured);

  nlohmann::json conf = nlohmann::json::object();
  std::vector<Provenance> sources;
  for (const auto& [key, eff] : configured) {
    conf[key] = eff.value;
    if (sources.size() < 500) sources.push_back(eff.source);
  }
  SetOrUnknown(facts, "sysctl.configured", std::move(conf), std::move(sources), reader.error());

  std::map<std::string, std::string, std::less<>> live;
  if (host.IsLive()) {
    nlohmann::json live_json = nlohmann::json::object();
    for (auto key : SysctlKeysOfInterest()) {
      std::string path = "/proc/sys/" + std::string(key);
      for (char& c : path) c = c == '.' ? '/' : c;
      auto value = host.ReadFile(path, 4096);
      if (!value) continue;  // key absent on this kernel (e.g. no Yama)
      std::string v = SanitizeUtf8(Trim(*value));
      live[std::string(key)] = v;
      live_json[std::string(key)] = v;
    }
    facts.Set("sysctl.live", std::move(live_json));
  } else {
    facts.SetUnknown("sysctl.live", Error{ErrorCode::kUnsupported, "离线目录无法读取内核当前参数", {}});
  }

  for (auto key : SysctlKeysOfInterest()) {
    std::string fact = FactName(key);
    if (auto it = live.find(key); it != live.end()) {
      facts.Set(fact, TypedValue(it->second),
                {MakeSource("/proc/sys", 0, std::string(key) + " = " + it->second)});
    } else if (reader.error()) {
      facts.SetUnknown(fact, *reader.error());
    } else if (auto c = configured.find(std::string(key)); c != configured.end()) {
      facts.Set(fact, TypedValue(c->second.value), {c->second.source});
    } else {
      facts.SetUnknown(fact, Error{ErrorCode::kNotFound,
                                   "配置文件未设置 " + std::string(key) +
                                       (host.IsLive() ? "，且无法读取当前值" : "（离线无法读取内核当前值）"),
                                   {}});
    }
  }
}

}  // namespace dengbao::probes
