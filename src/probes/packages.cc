#include "probes/packages.h"

#include <algorithm>
#include <chrono>

#include "probes/files_io.h"
#include "probes/text.h"

namespace dengbao::probes {

namespace {

constexpr size_t kMaxDpkgStatus = 64u << 20;  // big desktop installs reach ~10 MiB

void AddVersion(PackageMap& out, std::string name, std::string version) {
  if (name.empty()) return;
  name = SanitizeUtf8(name);
  version = SanitizeUtf8(version);
  auto [it, inserted] = out.try_emplace(name, version);
  if (!inserted && it->second != version && it->second.find(version) == std::string::npos)
    it->second += ", " + version;
}

bool HasRpmDatabase(host::Host& host) {
  for (const char* p :
       {"/var/lib/rpm/rpmdb.sqlite", "/usr/lib/sysimage/rpm/rpmdb.sqlite", "/var/lib/rpm/Packages",
        "/usr/lib/sysimage/rpm/Packages", "/var/lib/rpm/Packages.db"})
    if (host::Exists(host, p)) return true;
  return false;
}

void SetInstalled(Facts& facts, const PackageMap& pkgs, std::string_view file) {
  facts.Set("packages.installed", pkgs, {MakeSource(file, 0, "")});
  facts.Set("packages.count", pkgs.size());
}

void SetInstalledUnknown(Facts& facts, const Error& why) {
  facts.SetUnknown("packages.installed", why);
  facts.SetUnknown("packages.count", why);
}

void CollectRpm(host::Host& host, Facts& facts) {
  if (!host.IsLive()) {
    SetInstalledUnknown(facts, Error{ErrorCode::kUnsupported, "离线 rpm 数据库暂不支持解析", {}});
    return;
  }
  auto run = host.Run({"rpm", "-qa", "--qf", "%{NAME} %{VERSION}-%{RELEASE}\\n"}, std::chrono::seconds(20));
  if (!run) {
    facts.AddWarning("packages", "无法执行 rpm -qa: " + SanitizeUtf8(run.error().ToString()));
    SetInstalledUnknown(facts, run.error());
    return;
  }
  if (run->exit_code != 0) {
    Error why{ErrorCode::kIo,
              "rpm -qa 退出码 " + std::to_string(run->exit_code) + ": " + SanitizeUtf8(run->err),
              {}};
    facts.AddWarning("packages", why.detail);
    SetInstalledUnknown(facts, why);
    return;
  }
  SetInstalled(facts, ParseRpmQa(run->out), "rpm -qa");
}

void CollectBinaries(host::Host& host, Facts& facts) {
  nlohmann::json bins = nlohmann::json::object();
  std::vector<std::string> present;
  std::vector<Provenance> sources;
  for (const auto& bin : KnownBinaries()) {
    bool found = false;
    for (const char* p : bin.paths) {
      if (host::Exists(host, p)) {
        found = true;
        sources.push_back(MakeSource(p, 0, "存在"));
        break;
      }
    }
    bins[bin.name] = found;
    if (found) present.push_back(bin.name);
  }
  // The same as a sorted name list: rule conditions compare whole facts (contains/disjoint_with)
  // and cannot look inside an object.
  std::sort(present.begin(), present.end());
  facts.Set("packages.binaries_present", present, sources);
  facts.Set("packages.binaries", std::move(bins), std::move(sources));
}

}  // namespace

PackageMap ParseDpkgStatus(std::string_view text) {
  PackageMap out;
  std::string name, version, status;
  auto flush = [&] {
    auto words = SplitWords(status);
    if (!words.empty() && words.back() == "installed") AddVersion(out, name, version);
    name.clear();
    version.clear();
    status.clear();
  };
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(pos, nl - pos);
    pos = nl + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (Trim(line).empty()) {
      flush();
    } else if (line[0] != ' ' && line[0] != '\t') {
      auto colon = line.find(':');
      if (colon != std::string_view::npos) {
        std::string_view key = line.substr(0, colon), value = Trim(line.substr(colon + 1));
        if (key == "Package") name = value;
        if (key == "Version") version = value;
        if (key == "Status") status = value;
      }
    }
    if (nl == text.size()) break;
  }
  flush();
  return out;
}

PackageMap ParseRpmQa(std::string_view text) {
  PackageMap out;
  for (const auto& line : ConfigLines(text, LineOptions{'\0', false, false})) {
    auto words = SplitWords(line.text);
    if (words.size() != 2 || words[0] == "gpg-pubkey") continue;
    AddVersion(out, std::string(words[0]), std::string(words[1]));
  }
  return out;
}

const std::vector<KnownBinary>& KnownBinaries() {
  static const std::vector<KnownBinary> kTable = {
      {"telnetd", {"/usr/sbin/in.telnetd", "/usr/sbin/telnetd", "/usr/libexec/telnetd"}},
      {"rshd", {"/usr/sbin/in.rshd", "/usr/sbin/rshd"}},
      {"rlogind", {"/usr/sbin/in.rlogind", "/usr/sbin/rlogind"}},
      {"rexecd", {"/usr/sbin/in.rexecd", "/usr/sbin/rexecd"}},
      {"tftpd", {"/usr/sbin/in.tftpd", "/usr/sbin/tftpd"}},
      {"vsftpd", {"/usr/sbin/vsftpd"}},
      {"proftpd", {"/usr/sbin/proftpd"}},
      {"pure-ftpd", {"/usr/sbin/pure-ftpd"}},
      {"ypserv", {"/usr/sbin/ypserv", "/usr/lib/yp/ypserv"}},
      {"ypbind", {"/usr/sbin/ypbind"}},
      {"xinetd", {"/usr/sbin/xinetd"}},
      {"clamscan", {"/usr/bin/clamscan"}},
      {"clamd", {"/usr/sbin/clamd", "/usr/bin/clamd"}},
      {"freshclam", {"/usr/bin/freshclam"}},
      {"aide", {"/usr/bin/aide", "/usr/sbin/aide"}},
      {"auditd", {"/sbin/auditd", "/usr/sbin/auditd"}},
      {"rsyslogd", {"/usr/sbin/rsyslogd", "/sbin/rsyslogd"}},
      {"syslog-ng", {"/usr/sbin/syslog-ng"}},
      {"chronyd", {"/usr/sbin/chronyd"}},
      {"ntpd", {"/usr/sbin/ntpd"}},
      {"firewalld", {"/usr/sbin/firewalld"}},
      {"nft", {"/usr/sbin/nft", "/sbin/nft"}},
      {"iptables", {"/usr/sbin/iptables", "/sbin/iptables"}},
      {"ufw", {"/usr/sbin/ufw"}},
      {"sshd", {"/usr/sbin/sshd"}},
      {"telnet", {"/usr/bin/telnet", "/usr/bin/telnet.netkit"}},
      {"rsh", {"/usr/bin/rsh", "/usr/bin/netkit-rsh"}},
      {"rlogin", {"/usr/bin/rlogin", "/usr/bin/netkit-rlogin"}},
      {"ftp", {"/usr/bin/ftp"}},
      {"tftp", {"/usr/bin/tftp"}},
      {"ypcat", {"/usr/bin/ypcat"}},
      {"snmpd", {"/usr/sbin/snmpd"}},
      {"smbd", {"/usr/sbin/smbd"}},
      {"nfsd", {"/usr/sbin/rpc.nfsd"}},
      {"rpcbind", {"/usr/sbin/rpcbind", "/sbin/rpcbind"}},
      {"avahi-daemon", {"/usr/sbin/avahi-daemon"}},
      {"cupsd", {"/usr/sbin/cupsd"}},
      {"slapd", {"/usr/sbin/slapd"}},
      {"named", {"/usr/sbin/named"}},
      {"usbguard", {"/usr/sbin/usbguard-daemon", "/usr/bin/usbguard"}},
      {"sudo", {"/usr/bin/sudo"}},
  };
  return kTable;
}

void CollectPackages(host::Host& host, Facts& facts) {
  CollectBinaries(host, facts);
  SourceReader reader(host, facts, "packages");
  if (auto text = reader.Read("/var/lib/dpkg/status", kMaxDpkgStatus)) {
    facts.Set("packages.manager", "dpkg", {MakeSource("/var/lib/dpkg/status", 0, "")});
    SetInstalled(facts, ParseDpkgStatus(*text), "/var/lib/dpkg/status");
    return;
  }
  if (reader.error()) {  // the status file exists but could not be read
    facts.Set("packages.manager", "dpkg");
    SetInstalledUnknown(facts, *reader.error());
    return;
  }
  if (HasRpmDatabase(host) || host::Exists(host, "/var/lib/rpm")) {
    facts.Set("packages.manager", "rpm");
    CollectRpm(host, facts);
    return;
  }
  facts.Set("packages.manager", nullptr);
  SetInstalledUnknown(facts, Error{ErrorCode::kNotFound, "未找到 dpkg 或 rpm 软件包数据库", {}});
}

}  // namespace dengbao::probes
