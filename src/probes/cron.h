// The `cron` probe: scheduled jobs from the system crontab, cron.d, user spools, anacrontab
// and the cron.{daily,weekly,monthly} script directories, with the backup and AIDE jobs that
// MLPS checks ask for (data backup, integrity checking).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "host/host.h"
#include "probes/facts.h"

namespace dengbao::probes {

struct CronJob {
  std::string file;
  int line = 0;
  std::string user;
  std::string schedule;  // "*/5 * * * *", "@daily", "1 5" (anacron period delay), "daily"
  std::string command;
};

// A crontab. `system` files (/etc/crontab, /etc/cron.d) have a user column; user spools take
// `user` from the file name. Environment lines (NAME=value) and malformed lines are skipped.
std::vector<CronJob> ParseCrontab(std::string_view text, bool system, std::string_view user = "");

// /etc/anacrontab: "period delay job-id command" (or "@monthly delay job-id command").
std::vector<CronJob> ParseAnacrontab(std::string_view text);

// The command runs a backup tool (tar, rsync, mysqldump, pg_dump, borg, restic...) or a script
// whose name mentions backup.
bool IsBackupCommand(std::string_view command);
// The command runs AIDE (aide, aide.wrapper, aidecheck...).
bool IsAideCommand(std::string_view command);

// Writes cron.jobs, cron.backup_jobs, cron.aide_jobs, cron.service_enabled.
void CollectCron(host::Host& host, Facts& facts);

}  // namespace dengbao::probes
