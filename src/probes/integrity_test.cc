#include "probes/integrity.h"

#include <gtest/gtest.h>

#include "host/fake_host.h"

namespace dengbao::probes {
namespace {

TEST(IntegrityTest, AideDatabasesAndCommands) {
  EXPECT_EQ(ParseAideDatabases(
                "@@define DBDIR /var/lib/aide\n# database=file:/x\ndatabase_in=file:@@{DBDIR}/aide.db.gz\n"
                "database_out=file:@@{DBDIR}/aide.db.new.gz\ndatabase = /opt/aide.db\n"),
            (std::vector<std::string>{"/var/lib/aide/aide.db.gz", "/opt/aide.db"}));
  EXPECT_TRUE(IsAideCheckCommand("0 5 * * * root /usr/sbin/aide --check"));
  EXPECT_TRUE(IsAideCheckCommand("/etc/cron.daily/aide"));
  EXPECT_TRUE(IsAideCheckCommand("/usr/bin/aide.wrapper --config /etc/aide/aide.conf -C"));
  EXPECT_FALSE(IsAideCheckCommand("0 5 * * * root /usr/sbin/aide --init"));
  EXPECT_FALSE(IsAideCheckCommand("echo guide --check"));
  EXPECT_TRUE(
      OssecSyscheckEnabled("<ossec_config><syscheck><frequency>43200</frequency></syscheck></ossec_config>"));
  EXPECT_FALSE(OssecSyscheckEnabled("<syscheck>\n <disabled> yes </disabled>\n</syscheck>"));
  EXPECT_FALSE(OssecSyscheckEnabled("<ossec_config/>"));
  EXPECT_TRUE(OssecSyscheckEnabled("<syscheck><disabled>"));  // truncated: not disabled
}

TEST(IntegrityTest, AideInstalledInitialisedAndScheduled) {
  host::FakeHost h;
  h.AddFile("/usr/sbin/aide", "")
      .AddFile("/etc/aide.conf", "@@define DBDIR /var/lib/aide\ndatabase_in=file:@@{DBDIR}/aide.db.gz\n")
      .AddFile("/var/lib/aide/aide.db.gz", "db", 0600)
      .AddFile("/etc/crontab", "0 5 * * * root /usr/sbin/aide --check\n");
  Facts f;
  CollectIntegrity(h, f);
  EXPECT_EQ(f.Find("integrity.tools")->value, nlohmann::json({"aide"}));
  EXPECT_EQ(f.Find("integrity.aide.installed")->value, true);
  EXPECT_EQ(f.Find("integrity.aide.database_present")->value, true);
  EXPECT_EQ(f.Find("integrity.aide.scheduled")->value, true);
  EXPECT_EQ(f.Find("integrity.active")->value, true);
  EXPECT_NO_THROW(f.ToJson().dump());
}

TEST(IntegrityTest, AideWithoutDatabaseOrScheduleIsNotActive) {
  host::FakeHost h;
  h.AddFile("/var/lib/dpkg/status", "Package: aide\nStatus: install ok installed\n")
      .AddSymlink("/etc/systemd/system/timers.target.wants/dailyaidecheck.timer",
                  "/lib/systemd/system/dailyaidecheck.timer");
  Facts f;
  CollectIntegrity(h, f);
  EXPECT_EQ(f.Find("integrity.aide.installed")->value, true);
  EXPECT_EQ(f.Find("integrity.aide.database_present")->value, false);
  EXPECT_EQ(f.Find("integrity.aide.scheduled")->value, true);
  EXPECT_EQ(f.Find("integrity.active")->value, false);
}

TEST(IntegrityTest, WazuhSyscheckAndImaAndNothing) {
  host::FakeHost h;
  h.AddFile("/var/ossec/etc/ossec.conf",
            "<ossec_config><syscheck><disabled>no</disabled></syscheck></ossec_config>")
      .AddSymlink("/etc/systemd/system/multi-user.target.wants/wazuh-agent.service", "/x")
      .AddFile("/etc/default/grub", "GRUB_CMDLINE_LINUX=\"ima_policy=tcb ima_appraise=fix\"\n");
  Facts f;
  CollectIntegrity(h, f);
  EXPECT_EQ(f.Find("integrity.tools")->value, nlohmann::json({"wazuh-syscheck", "ima"}));
  EXPECT_EQ(f.Find("integrity.active")->value, true);
  EXPECT_EQ(f.Find("integrity.details")->value["ima"]["active"], false);

  host::FakeHost none;
  none.AddDir("/var/lib/aide", 0700).Deny("/var/lib/aide");
  Facts g;
  CollectIntegrity(none, g);
  EXPECT_TRUE(g.Find("integrity.tools")->value.empty());
  EXPECT_EQ(g.Find("integrity.active")->value, false);
}

}  // namespace
}  // namespace dengbao::probes
