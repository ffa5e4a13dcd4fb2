// libFuzzer target for the probe parsers: the first byte picks a parser, the rest is the file
// text. Every parser must return (possibly with warnings) on any input: no crash, hang or
// sanitizer report. Facts built from hostile text must still serialise (valid UTF-8).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "probes/accounts.h"
#include "probes/audit.h"
#include "probes/cron.h"
#include "probes/firewall.h"
#include "probes/logging.h"
#include "probes/login_defs.h"
#include "probes/logrotate.h"
#include "probes/mac.h"
#include "probes/os_release.h"
#include "probes/packages.h"
#include "probes/pam.h"
#include "probes/pwquality.h"
#include "probes/services.h"
#include "probes/shell_timeout.h"
#include "probes/sshd.h"
#include "probes/sudo.h"
#include "probes/sysctl.h"
#include "probes/tcp_wrappers.h"
#include "probes/text.h"
#include "probes/time_sync.h"
#include "probes/usb_storage.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace dengbao::probes;
  if (size == 0) return 0;
  const uint8_t which = data[0];
  std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  const std::string file = "/etc/fuzz";
  switch (which % 24) {
    case 0:
      (void)ParseSshdConfig(text, file);
      break;
    case 1:
      (void)ParsePamFile(text, file);
      break;
    case 2:
      (void)ParsePasswd(text, file);
      break;
    case 3:
      (void)ParseShadow(text, file);
      break;
    case 4:
      (void)ParseGroup(text, file);
      break;
    case 5:
      (void)ParseSudoers(text, file);
      break;
    case 6:
      (void)ParseLoginDefs(text, file);
      break;
    case 7: {
      ConfMap m;
      ParsePwqualityConf(text, file, m);
      break;
    }
    case 8:
      (void)ParseShellTimeout(text, file);
      break;
    case 9:
      (void)ParseHostsAccess(text, file);
      break;
    case 10: {
      AuditRules r;
      ParseAuditRules(text, file, r);
      (void)ParseAuditdConf(text);
      break;
    }
    case 11: {
      RsyslogConfig c;
      ParseRsyslogConf(text, file, c);
      break;
    }
    case 12: {
      SyslogNgConfig c;
      ParseSyslogNgConf(text, file, c);
      break;
    }
    case 13: {
      JournaldConf c;
      ParseJournaldConf(text, file, c);
      break;
    }
    case 14:
      (void)ParseLogrotate(text);
      break;
    case 15:
      (void)ParseNftables(text);
      (void)ParseIptables(text);
      break;
    case 16:
      (void)ParseFirewalldZone(text);
      break;
    case 17:
      (void)ParseSelinuxConfig(text);
      (void)ParseKernelCmdline(text);
      break;
    case 18:
      (void)ParseOsRelease(text);
      (void)ParseReleaseLine(text);
      break;
    case 19:
      (void)ParseDpkgStatus(text);
      (void)ParseRpmQa(text);
      break;
    case 20:
      (void)ParseXinetd(text);
      (void)ParseSystemctlUnits(text);
      break;
    case 21:
      (void)ParseCrontab(text, true);
      (void)ParseAnacrontab(text);
      break;
    case 22:
      (void)ParseSysctlConf(text);
      (void)ParseModprobeUsbStorage(text);
      break;
    default:
      (void)ParseChronyConf(text);
      (void)ParseNtpConf(text);
      (void)ConfigLines(text);
      break;
  }
  return 0;
}
