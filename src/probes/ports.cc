#include "probes/ports.h"

#include "probes/files_io.h"
#include "probes/services.h"
#include "probes/text.h"

namespace dengbao::probes {

namespace {

constexpr const char* kListeningFacts[] = {"ports.listening", "ports.listening_tcp", "ports.listening_udp",
                                           "ports.remote_listening_tcp", "ports.remote_listening_udp"};

void CollectListening(host::Host& host, Facts& facts) {
  if (!host.IsLive()) {
    for (const char* path : kListeningFacts)
      facts.SetUnknown(path, Error{ErrorCode::kUnsupported, "离线目录无法获知监听端口", {}});
    return;
  }
  auto sockets = host.ListListeningSockets();
  if (!sockets) {
    facts.AddWarning("ports", "无法列出监听端口: " + SanitizeUtf8(sockets.error().ToString()));
    for (const char* path : kListeningFacts) facts.SetUnknown(path, sockets.error());
    return;
  }
  nlohmann::json listening = nlohmann::json::array();
  for (const auto& s : *sockets)
    listening.push_back(
        {{"protocol", SanitizeUtf8(s.protocol)}, {"address", SanitizeUtf8(s.address)}, {"port", s.port}});
  PortSummary sum = SummarizeSockets(*sockets);
  facts.Set("ports.listening", std::move(listening));
  facts.Set("ports.listening_tcp", sum.tcp);
  facts.Set("ports.listening_udp", sum.udp);
  facts.Set("ports.remote_listening_tcp", sum.remote_tcp);
  facts.Set("ports.remote_listening_udp", sum.remote_udp);
}

}  // namespace

bool IsLoopbackAddress(std::string_view address) {
  std::string a = ToLower(Trim(address));
  std::string_view v = a;
  if (v.starts_with('[')) v.remove_prefix(1);
  if (v.ends_with(']')) v.remove_suffix(1);
  if (auto pct = v.find('%'); pct != std::string_view::npos) v = v.substr(0, pct);
  if (v.starts_with("::ffff:")) v.remove_prefix(7);
  return v == "localhost" || v == "::1" || v == "0:0:0:0:0:0:0:1" || v.starts_with("127.");
}

PortSummary SummarizeSockets(const std::vector<host::Socket>& sockets) {
  PortSummary out;
  for (const auto& s : sockets) {
    if (s.port == 0) continue;
    bool udp = s.protocol.starts_with("udp");
    bool tcp = s.protocol.starts_with("tcp");
    if (!udp && !tcp) continue;
    bool remote = !IsLoopbackAddress(s.address);
    (udp ? out.udp : out.tcp).insert(s.port);
    if (remote) (udp ? out.remote_udp : out.remote_tcp).insert(s.port);
  }
  return out;
}

const std::vector<ServicePort>& ServicePortTable() {
  static const std::vector<ServicePort> kTable = {
      {"telnet", 23, "tcp"},         {"telnetd", 23, "tcp"},      {"vsftpd", 21, "tcp"},
      {"proftpd", 21, "tcp"},        {"pure-ftpd", 21, "tcp"},    {"ftp", 21, "tcp"},
      {"tftp", 69, "udp"},           {"tftpd", 69, "udp"},        {"tftp-server", 69, "udp"},
      {"rpcbind", 111, "tcp"},       {"portmap", 111, "tcp"},     {"smb", 139, "tcp"},
      {"smb", 445, "tcp"},           {"smbd", 139, "tcp"},        {"smbd", 445, "tcp"},
      {"samba", 139, "tcp"},         {"samba", 445, "tcp"},       {"nmb", 137, "udp"},
      {"nmbd", 137, "udp"},          {"nfs-server", 2049, "tcp"}, {"nfs-kernel-server", 2049, "tcp"},
      {"mysql", 3306, "tcp"},        {"mysqld", 3306, "tcp"},     {"mariadb", 3306, "tcp"},
      {"xrdp", 3389, "tcp"},         {"vnc", 5900, "tcp"},        {"vncserver", 5900, "tcp"},
      {"x11vnc", 5900, "tcp"},       {"redis", 6379, "tcp"},      {"redis-server", 6379, "tcp"},
      {"memcached", 11211, "tcp"},   {"mongod", 27017, "tcp"},    {"mongodb", 27017, "tcp"},
      {"rsync", 873, "tcp"},         {"rsyncd", 873, "tcp"},      {"rsh", 514, "tcp"},
      {"rlogin", 513, "tcp"},        {"rexec", 512, "tcp"},       {"cups-lpd", 515, "tcp"},
      {"cups", 631, "tcp"},          {"snmpd", 161, "udp"},       {"postgresql", 5432, "tcp"},
      {"sshd", 22, "tcp"},           {"ssh", 22, "tcp"},          {"named", 53, "udp"},
      {"bind9", 53, "udp"},          {"slapd", 389, "tcp"},       {"ypserv", 834, "tcp"},
      {"avahi-daemon", 5353, "udp"}, {"httpd", 80, "tcp"},        {"apache2", 80, "tcp"},
      {"nginx", 80, "tcp"},          {"squid", 3128, "tcp"},      {"dovecot", 143, "tcp"},
      {"postfix", 25, "tcp"},        {"sendmail", 25, "tcp"},     {"exim4", 25, "tcp"},
  };
  return kTable;
}

std::set<int> PortsForServices(const std::set<std::string>& bare_names) {
  std::set<int> out;
  for (const auto& sp : ServicePortTable())
    if (sp.port > 0 && bare_names.contains(sp.service)) out.insert(sp.port);
  return out;
}

void CollectPorts(host::Host& host, Facts& facts) {
  CollectListening(host, facts);
  ServiceInventory state = ReadServiceState(host, facts, "ports", false);
  if (state.sources.size() > 200) state.sources.resize(200);
  SetOrUnknown(facts, "ports.from_enabled_services", PortsForServices(state.RunningOrEnabledNames()),
               std::move(state.sources), state.AnyError());
}

}  // namespace dengbao::probes
