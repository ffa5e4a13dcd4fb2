// The "mac" probe: mandatory access control — SELinux mode and policy type, AppArmor state and
// profile count, MAC switched off on the kernel command line, and Kylin KYSEC presence.
// Facts: docs/facts/security.md.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "host/host.h"
#include "probes/facts.h"

namespace dengbao::probes {

struct SelinuxConfig {
  std::optional<std::string> mode;  // lower-case SELINUX= value as written
  std::optional<std::string> type;  // SELINUXTYPE=
  int mode_line = 0;
};

// /etc/selinux/config (KEY=value; later lines win).
SelinuxConfig ParseSelinuxConfig(std::string_view text);

// Kernel command line parameters in order: "selinux=0" -> {"selinux","0"}, "quiet" -> {"quiet",""}.
// Double quotes group words ("dyndbg=\"a b\"").
std::vector<std::pair<std::string, std::string>> ParseKernelCmdline(std::string_view cmdline);

// The kernel command line configured in /etc/default/grub: GRUB_CMDLINE_LINUX followed by
// GRUB_CMDLINE_LINUX_DEFAULT.
std::string GrubCmdline(std::string_view default_grub);

// The value of the last `key` parameter, or nullopt.
std::optional<std::string> CmdlineValue(const std::vector<std::pair<std::string, std::string>>& params,
                                        std::string_view key);

void CollectMac(host::Host& host, Facts& facts);

}  // namespace dengbao::probes
