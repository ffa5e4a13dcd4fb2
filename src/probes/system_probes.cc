// Registration of the system probes (issue #3): OS identity, services, packages, ports, kernel
// parameters, key file modes, cron, time synchronisation and USB storage. Facts are documented
// in docs/facts/system.md.
#include "probes/cron.h"
#include "probes/deep_files.h"
#include "probes/files.h"
#include "probes/os_release.h"
#include "probes/packages.h"
#include "probes/ports.h"
#include "probes/registry.h"
#include "probes/services.h"
#include "probes/sysctl.h"
#include "probes/time_sync.h"
#include "probes/usb_storage.h"

namespace dengbao::probes {

void RegisterSystemProbes(Registry& registry) {
  registry.Add({"os", "操作系统发行版与版本（os-release）", &CollectOs});
  registry.Add({"services", "已启用、已屏蔽和运行中的服务（systemd、SysV、xinetd）", &CollectServices});
  registry.Add({"packages", "已安装软件包（dpkg/rpm）与常见程序是否存在", &CollectPackages});
  registry.Add({"ports", "监听端口（在线）与已启用服务对应的端口", &CollectPorts});
  registry.Add({"sysctl", "内核参数（配置文件与当前值）", &CollectSysctl});
  registry.Add({"files", "关键文件与目录的权限和属主", &CollectFiles});
  registry.Add({"deep_files", "全盘扫描：全局可写、无属主和 SUID/SGID 文件（仅 --deep）",
                &CollectDeepFilesystem, "files"});
  registry.Add({"cron", "计划任务，以及其中的备份和 AIDE 任务", &CollectCron});
  registry.Add({"time_sync", "时间同步服务（chrony、ntpd、systemd-timesyncd）及服务器", &CollectTimeSync});
  registry.Add({"usb_storage", "USB 存储禁用情况（modprobe.d）与 USBGuard", &CollectUsbStorage});
}

}  // namespace dengbao::probes
