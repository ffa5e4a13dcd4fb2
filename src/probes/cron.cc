#include "probes/cron.h"

#include <array>

#include "probes/files_io.h"
#include "probes/services.h"
#include "probes/text.h"

namespace dengbao::probes {

namespace {

constexpr size_t kMaxJobs = 5000;

constexpr std::array kBackupTools = {
    "tar",           "rsync",      "mysqldump",    "mariadb-dump", "mariadump", "pg_dump",   "pg_dumpall",
    "pg_basebackup", "xtrabackup", "innobackupex", "mariabackup",  "borg",      "restic",    "duplicity",
    "bacula",        "bconsole",   "rman",         "dump",         "cpio",      "rsnapshot", "mongodump",
    "rdiff-backup",  "dar",        "amanda",       "bareos"};

// Words of a command line reduced to program names: "/usr/bin/tar" -> "tar".
std::vector<std::string> ProgramNames(std::string_view command) {
  std::vector<std::string> out;
  std::string lower = ToLower(command);
  std::string cleaned;
  for (char c : lower)
    cleaned += (c == ';' || c == '|' || c == '&' || c == '(' || c == ')' || c == '`' || c == '"' ||
                c == '\'' || c == '>' || c == '<')
                   ? ' '
                   : c;
  for (auto w : SplitWords(cleaned)) out.emplace_back(PathTail(w));
  return out;
}

bool IsScheduleField(std::string_view w) {
  return !w.empty() &&
         w.find_first_not_of("0123456789*/,-abcdefghijklmnopqrstuvwxyz") == std::string_view::npos;
}

bool IsEnvLine(std::string_view text) {
  auto eq = text.find('=');
  if (eq == std::string_view::npos) return false;
  auto space = text.find_first_of(" \t");
  return space == std::string_view::npos || eq < space || text.substr(0, eq).find_first_of(" \t") == eq - 1;
}

bool SkippedName(std::string_view name) {
  return name.starts_with('.') || name.ends_with('~') || name.find(".dpkg-") != std::string_view::npos ||
         name.find(".rpmsave") != std::string_view::npos || name.find(".rpmnew") != std::string_view::npos ||
         name == "placeholder";
}

nlohmann::json JobJson(const CronJob& j) {
  return {{"file", SanitizeUtf8(j.file)},
          {"line", j.line},
          {"user", SanitizeUtf8(j.user)},
          {"schedule", SanitizeUtf8(j.schedule)},
          {"command", SanitizeUtf8(j.command)}};
}

void ReadCrontab(SourceReader& reader, const std::string& path, bool system, std::string_view user,
                 std::vector<CronJob>& jobs) {
  auto text = reader.Read(path, 1 << 20);
  if (!text) return;
  for (auto& j : ParseCrontab(*text, system, user)) {
    j.file = path;
    if (jobs.size() < kMaxJobs) jobs.push_back(std::move(j));
  }
}

void ReadDir(SourceReader& reader, std::string_view dir, bool system, std::vector<CronJob>& jobs) {
  for (const auto& e : reader.List(dir)) {
    if (e.type == host::FileType::kDirectory || SkippedName(e.name)) continue;
    ReadCrontab(reader, host::JoinPath(dir, e.name), system, system ? "" : e.name, jobs);
  }
}

void ReadPeriodicScripts(SourceReader& reader, std::vector<CronJob>& jobs) {
  for (const char* period : {"hourly", "daily", "weekly", "monthly"}) {
    std::string dir = std::string("/etc/cron.") + period;
    for (const auto& e : reader.List(dir)) {
      if (e.type == host::FileType::kDirectory || SkippedName(e.name)) continue;
      std::string path = host::JoinPath(dir, e.name);
      if (jobs.size() < kMaxJobs) jobs.push_back(CronJob{path, 0, "root", period, path});
    }
  }
}

}  // namespace

std::vector<CronJob> ParseCrontab(std::string_view text, bool system, std::string_view user) {
  std::vector<CronJob> out;
  for (const auto& line : ConfigLines(text, LineOptions{'#', false, false})) {
    if (IsEnvLine(line.text)) continue;
    auto words = SplitWords(line.text);
    size_t sched_words = !words.empty() && words[0].starts_with('@') ? 1 : 5;
    size_t need = sched_words + (system ? 1 : 0) + 1;
    if (words.size() < need) continue;
    bool ok = true;
    for (size_t i = 0; i < sched_words && sched_words == 5; ++i)
      ok = ok && IsScheduleField(ToLower(words[i]));
    if (!ok) continue;
    CronJob job;
    job.line = line.number;
    job.schedule = std::string(words[0]);
    for (size_t i = 1; i < sched_words; ++i) job.schedule += " " + std::string(words[i]);
    job.user = system ? std::string(words[sched_words]) : std::string(user);
    size_t cmd_index = sched_words + (system ? 1 : 0);
    job.command =
        std::string(Trim(std::string_view(line.text).substr(words[cmd_index].data() - line.text.data())));
    out.push_back(std::move(job));
  }
  return out;
}

std::vector<CronJob> ParseAnacrontab(std::string_view text) {
  std::vector<CronJob> out;
  for (const auto& line : ConfigLines(text, LineOptions{'#', false, false})) {
    if (IsEnvLine(line.text)) continue;
    auto words = SplitWords(line.text);
    if (words.size() < 4) continue;
    if (!words[0].starts_with('@') && !ParseInt(words[0])) continue;
    CronJob job{"", line.number, "root", std::string(words[0]) + " " + std::string(words[1]), ""};
    job.command = std::string(Trim(std::string_view(line.text).substr(words[3].data() - line.text.data())));
    out.push_back(std::move(job));
  }
  return out;
}

bool IsBackupCommand(std::string_view command) {
  for (const auto& name : ProgramNames(command)) {
    for (const char* tool : kBackupTools)
      if (name == tool) return true;
    if (name.find("backup") != std::string::npos || name.find("beifen") != std::string::npos) return true;
  }
  return false;
}

bool IsAideCommand(std::string_view command) {
  for (const auto& name : ProgramNames(command))
    if (name == "aide" || name.starts_with("aide.") || name.starts_with("aidecheck") || name == "aideinit")
      return true;
  return false;
}

void CollectCron(host::Host& host, Facts& facts) {
  SourceReader reader(host, facts, "cron");
  std::vector<CronJob> jobs;
  ReadCrontab(reader, "/etc/crontab", true, "", jobs);
  ReadDir(reader, "/etc/cron.d", true, jobs);
  if (auto text = reader.Read("/etc/anacrontab", 1 << 20)) {
    for (auto& j : ParseAnacrontab(*text)) {
      j.file = "/etc/anacrontab";
      if (jobs.size() < kMaxJobs) jobs.push_back(std::move(j));
    }
  }
  ReadPeriodicScripts(reader, jobs);
  SourceReader spool(host, facts, "cron");  // user spools are root-only: keep their error apart
  ReadDir(spool, "/var/spool/cron/crontabs", false, jobs);
  ReadDir(spool, "/var/spool/cron", false, jobs);

  nlohmann::json all = nlohmann::json::array(), backup = nlohmann::json::array(),
                 aide = nlohmann::json::array();
  std::vector<Provenance> backup_src, aide_src;
  for (const auto& j : jobs) {
    all.push_back(JobJson(j));
    Provenance src = MakeSource(j.file, j.line, j.schedule + " " + j.command);
    if (IsBackupCommand(j.command)) backup.push_back(JobJson(j)), backup_src.push_back(src);
    if (IsAideCommand(j.command)) aide.push_back(JobJson(j)), aide_src.push_back(src);
  }
  auto err = reader.error() ? reader.error() : spool.error();
  SetOrUnknown(facts, "cron.jobs", std::move(all), {}, err);
  // A job found is evidence even when another source was unreadable; "none found" is not.
  SetOrUnknown(facts, "cron.backup_jobs", backup, std::move(backup_src), backup.empty() ? err : std::nullopt);
  SetOrUnknown(facts, "cron.aide_jobs", aide, std::move(aide_src), aide.empty() ? err : std::nullopt);

  ServiceInventory state = ReadServiceState(host, facts, "cron", true);
  SetOrUnknown(facts, "cron.service_enabled", state.AnyOf({"cron", "crond", "cronie"}), {},
               state.systemd_error);
}

}  // namespace dengbao::probes
