#include "probes/cron.h"

#include <gtest/gtest.h>

#include "host/fake_host.h"

namespace dengbao::probes {
namespace {

TEST(SysCronTest, ParseSystemCrontab) {
  auto jobs = ParseCrontab(
      "SHELL=/bin/sh\nPATH = /usr/bin\r\n# m h dom mon dow user command\n"
      "17 *\t* * *\troot  cd / && run-parts --report /etc/cron.hourly\r\n"
      "@daily backup /usr/local/bin/db-backup.sh > /dev/null 2>&1\n"
      "0 3 * * sun root tar czf /backup/etc.tgz /etc # nightly\n"
      "bad line\n1 2 3 4\n* * * * * root\n",
      true);
  ASSERT_EQ(jobs.size(), 3u);
  EXPECT_EQ(jobs[0].schedule, "17 * * * *");
  EXPECT_EQ(jobs[0].user, "root");
  EXPECT_EQ(jobs[0].command, "cd / && run-parts --report /etc/cron.hourly");
  EXPECT_EQ(jobs[0].line, 4);
  EXPECT_EQ(jobs[1].schedule, "@daily");
  EXPECT_EQ(jobs[1].user, "backup");
  EXPECT_EQ(jobs[2].command, "tar czf /backup/etc.tgz /etc # nightly");  // cron passes '#' to the shell
}

TEST(SysCronTest, ParseUserCrontabAndAnacrontab) {
  auto jobs = ParseCrontab("MAILTO=\"\"\n*/5 * * * * /usr/bin/restic backup /data\n", false, "alice");
  ASSERT_EQ(jobs.size(), 1u);
  EXPECT_EQ(jobs[0].user, "alice");
  auto ana = ParseAnacrontab(
      "SHELL=/bin/sh\nRANDOM_DELAY=45\n1\t5\tcron.daily\tnice run-parts /etc/cron.daily\n"
      "@monthly 45 cron.monthly nice run-parts /etc/cron.monthly\nx y z w\n");
  ASSERT_EQ(ana.size(), 2u);
  EXPECT_EQ(ana[0].schedule, "1 5");
  EXPECT_EQ(ana[0].command, "nice run-parts /etc/cron.daily");
}

TEST(SysCronTest, Classifiers) {
  struct Case {
    const char* command;
    bool backup, aide;
  };
  const Case cases[] = {
      {"/usr/bin/tar czf /b.tgz /etc", true, false},
      {"mysqldump --all-databases | gzip > /b.sql.gz", true, false},
      {"(cd /; /usr/bin/pg_dump db)", true, false},
      {"/opt/scripts/nightly_backup.sh", true, false},
      {"/usr/sbin/aide --check", false, true},
      {"/usr/bin/aide.wrapper --config /etc/aide/aide.conf", false, true},
      {"run-parts /etc/cron.daily", false, false},
      {"echo guide", false, false},
      {"startar", false, false},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(IsBackupCommand(c.command), c.backup) << c.command;
    EXPECT_EQ(IsAideCommand(c.command), c.aide) << c.command;
  }
}

TEST(SysCronTest, CollectAllSources) {
  host::FakeHost h;
  h.AddFile("/etc/crontab", "0 1 * * * root /usr/sbin/aide --check\n");
  h.AddFile("/etc/cron.d/backup", "30 2 * * * root rsync -a /data /mnt/b\n");
  h.AddFile("/etc/cron.d/old.dpkg-old", "30 2 * * * root tar c /x\n");
  h.AddFile("/etc/cron.daily/logrotate", "#!/bin/sh\n", 0755)
      .AddFile("/etc/cron.daily/aide", "#!/bin/sh\n", 0755);
  h.AddFile("/var/spool/cron/crontabs/bob", "0 0 * * * /home/bob/backup.sh\n");
  h.AddSymlink("/etc/systemd/system/multi-user.target.wants/cron.service",
               "/lib/systemd/system/cron.service");
  Facts facts;
  CollectCron(h, facts);
  EXPECT_EQ(facts.Find("cron.jobs")->value.size(), 5u);
  const auto& backup = facts.Find("cron.backup_jobs")->value;
  ASSERT_EQ(backup.size(), 2u);
  EXPECT_EQ(backup[0]["file"], "/etc/cron.d/backup");
  EXPECT_EQ(backup[1]["user"], "bob");
  EXPECT_EQ(facts.Find("cron.aide_jobs")->value.size(), 2u);
  EXPECT_EQ(facts.Find("cron.service_enabled")->value, true);
}

TEST(SysCronTest, UnreadableSpoolKeepsPositiveEvidenceOnly) {
  host::FakeHost h;
  h.AddFile("/etc/crontab", "0 1 * * * root tar c /etc\n");
  h.AddDir("/var/spool/cron/crontabs", 01730).Deny("/var/spool/cron/crontabs");
  Facts facts;
  CollectCron(h, facts);
  EXPECT_EQ(facts.UnknownOf("cron.jobs")->code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(facts.Find("cron.backup_jobs")->value.size(), 1u);
  EXPECT_EQ(facts.UnknownOf("cron.aide_jobs")->code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(facts.Find("cron.service_enabled")->value, false);
}

TEST(SysCronTest, JunkInput) {
  host::FakeHost h;
  h.AddFile("/etc/crontab", "0 1 * * * root /bin/\xff\xfe x\n");
  h.AddFile("/etc/cron.d/bin", std::string("\0\0\0", 3));
  Facts facts;
  CollectCron(h, facts);
  EXPECT_NO_THROW(facts.ToJson().dump());
}

}  // namespace
}  // namespace dengbao::probes
