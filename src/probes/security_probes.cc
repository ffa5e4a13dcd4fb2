// Registration of the security-operations probes (issue #3): audit, logging, log rotation,
// anti-malware, firewall, mandatory access control, file integrity and intrusion detection.
#include "probes/audit.h"
#include "probes/firewall.h"
#include "probes/ids.h"
#include "probes/integrity.h"
#include "probes/logging.h"
#include "probes/logrotate.h"
#include "probes/mac.h"
#include "probes/malware.h"
#include "probes/registry.h"

namespace dengbao::probes {

void RegisterSecurityProbes(Registry& registry) {
  registry.Add({"audit", "安全审计：auditd 是否安装启用、日志容量与轮转、审计规则覆盖范围", &CollectAudit});
  registry.Add(
      {"logging", "日志服务：rsyslog/syslog-ng/journald 状态、远程日志转发与本地日志文件", &CollectLogging});
  registry.Add({"logrotate", "日志轮转：各日志文件的轮转周期与保留天数", &CollectLogrotate});
  registry.Add(
      {"malware", "恶意代码防范：ClamAV 及第三方杀毒/EDR 代理、病毒库时效与定期扫描", &CollectMalware});
  registry.Add({"firewall", "主机防火墙：firewalld/nftables/iptables/ufw 启用状态、默认入站策略与规则数",
                &CollectFirewall});
  registry.Add({"mac", "强制访问控制：SELinux/AppArmor/KYSEC 状态", &CollectMac});
  registry.Add(
      {"integrity", "完整性校验：AIDE/Tripwire/Samhain/Wazuh/IMA 是否部署并定期检查", &CollectIntegrity});
  registry.Add({"ids", "入侵防范：fail2ban、Suricata/Snort、psad、HIDS/EDR 代理", &CollectIds});
}

}  // namespace dengbao::probes
