// The `ports` probe: listening sockets of a live host, and on any host the ports implied by the
// enabled services (a table of well-known daemons), so offline scans still flag telnet, ftp...
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "host/host.h"
#include "probes/facts.h"

namespace dengbao::probes {

// True for 127.0.0.0/8, ::1, ::ffff:127.x.x.x and "localhost" (brackets and %zone ignored).
bool IsLoopbackAddress(std::string_view address);

struct PortSummary {
  std::set<int> tcp, udp, remote_tcp, remote_udp;
};
PortSummary SummarizeSockets(const std::vector<host::Socket>& sockets);

struct ServicePort {
  const char* service;  // bare service name
  int port;
  const char* protocol;  // "tcp" | "udp"
};
const std::vector<ServicePort>& ServicePortTable();

// Ports of the table whose service is in `bare_names` (sorted, unique).
std::set<int> PortsForServices(const std::set<std::string>& bare_names);

// Writes ports.listening, ports.listening_tcp, ports.listening_udp, ports.remote_listening_tcp,
// ports.remote_listening_udp (live) and ports.from_enabled_services (always).
void CollectPorts(host::Host& host, Facts& facts);

}  // namespace dengbao::probes
