// The `usb_storage` probe: whether the usb-storage kernel module is prevented from loading
// (modprobe.d "install ... /bin/true" or "blacklist") and whether USBGuard is set up.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "host/host.h"
#include "probes/facts.h"

namespace dengbao::probes {

struct ModprobeDirective {
  std::string kind;       // "install" | "blacklist"
  std::string command;    // install only
  bool disables = false;  // install runs true/false/exit instead of loading the module
  int line = 0;
  std::string text;
};

// Directives about usb-storage / usb_storage in a modprobe.d file (continuation lines joined).
std::vector<ModprobeDirective> ParseModprobeUsbStorage(std::string_view text);

// "/bin/true", "/usr/bin/false", "true", "exit 1", "/bin/sh -c 'exit 1'"... = the module never
// loads.
bool IsDisablingInstallCommand(std::string_view command);

// ImplicitPolicyTarget= from usbguard-daemon.conf ("" when absent).
std::string ParseUsbguardImplicitPolicy(std::string_view text);

// Writes usb_storage.disabled, usb_storage.blacklisted, usb_storage.sources, usb_storage.usbguard.
void CollectUsbStorage(host::Host& host, Facts& facts);

}  // namespace dengbao::probes
