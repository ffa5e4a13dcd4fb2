#include "probes/audit.h"

#include <gtest/gtest.h>

#include "host/fake_host.h"

namespace dengbao::probes {
namespace {

TEST(AuditTest, ParsesAuditdConfLastKeyWins) {
  auto conf = ParseAuditdConf(
      "# c\r\nlog_file = /var/log/audit/audit.log\r\nNUM_LOGS=5\nnum_logs = 9\njunk line\n= x\n");
  EXPECT_EQ(conf.values.at("num_logs"), "9");
  EXPECT_EQ(conf.lines.at("num_logs"), 4);
  EXPECT_EQ(conf.values.at("log_file"), "/var/log/audit/audit.log");
  EXPECT_EQ(conf.values.size(), 2u);
}

TEST(AuditTest, ParsesWatchesSyscallRulesAndControl) {
  AuditRules rules;
  ParseAuditRules(R"(-D
-b 8192
-f 1
-w /etc/passwd -p wa -k identity
-a always,exit -F arch=b64 -S openat -F path=/etc/shadow -F perm=wa -F key=identity
-a exit,always -F dir=/etc/sudoers.d/ -F perm=w -k scope
-a always,exit -F arch=b64 -S adjtimex -k time-change
-a never,exit -F path=/etc/group
-w /var/log/lastlog -p r
-e 1
-e 2
)",
                  "/etc/audit/rules.d/audit.rules", rules);
  EXPECT_EQ(rules.rule_count, 6);
  ASSERT_EQ(rules.watches.size(), 4u);
  EXPECT_EQ(rules.watches[0].path, "/etc/passwd");
  EXPECT_EQ(rules.watches[0].line, 4);
  EXPECT_EQ(rules.watches[1].path, "/etc/shadow");
  EXPECT_EQ(rules.watches[1].key, "identity");
  EXPECT_TRUE(rules.watches[1].from_syscall);
  EXPECT_EQ(rules.watches[2].path, "/etc/sudoers.d/");
  EXPECT_EQ(rules.enable, 2);
  EXPECT_EQ(rules.backlog, 8192);
  EXPECT_EQ(rules.failure, 1);
}

TEST(AuditTest, DashDForgetsEarlierRulesAndDashWRemoves) {
  AuditRules rules;
  ParseAuditRules("-w /etc/passwd -p wa\n", "a", rules);
  ParseAuditRules("-D\n-w /etc/group -p wa\n-w /etc/hosts\n-W /etc/hosts\n", "b", rules);
  ASSERT_EQ(rules.watches.size(), 1u);
  EXPECT_EQ(rules.watches[0].path, "/etc/group");
}

TEST(AuditTest, WatchCoverage) {
  struct Case {
    std::string watch, perms, path;
    bool writes_only, want;
  } cases[] = {
      {"/etc/passwd", "wa", "/etc/passwd", true, true},
      {"/etc/passwd", "r", "/etc/passwd", true, false},
      {"/etc/passwd", "", "/etc/passwd", true, true},
      {"/etc", "w", "/etc/shadow", true, true},
      {"/etc/", "a", "/etc/shadow", true, true},
      {"/et", "w", "/etc/shadow", true, false},
      {"/var/log/lastlog", "r", "/var/log/lastlog", false, true},
  };
  for (const auto& c : cases) {
    AuditWatch w;
    w.path = c.watch;
    w.perms = c.perms;
    EXPECT_EQ(WatchCovers(w, c.path, c.writes_only), c.want) << c.watch << " " << c.path;
  }
}

TEST(AuditTest, NastyRulesDoNotCrash) {
  AuditRules rules;
  ParseAuditRules("-w\n-a\n-F\n-e x\n-p wa -w\n\xff\xfe -w /etc/\xff -p wa\n", "x", rules);
  EXPECT_GE(rules.rule_count, 1);
  EXPECT_FALSE(rules.enable.has_value());
}

TEST(AuditTest, CollectsOfflineTree) {
  host::FakeHost h;
  h.AddFile("/usr/sbin/auditd", "", 0755)
      .AddSymlink("/etc/systemd/system/multi-user.target.wants/auditd.service",
                  "/lib/systemd/system/auditd.service")
      .AddFile("/etc/audit/auditd.conf",
               "log_file = /var/log/audit/audit.log\nmax_log_file = 50\n"
               "max_log_file_action = KEEP_LOGS\ndisk_full_action = HALT\n")
      .AddDir("/var/log/audit", 0700)
      .AddFile("/etc/audit/audit.rules", "-w /etc/passwd -p wa\n")  // stale: rules.d wins
      .AddFile("/etc/audit/rules.d/10-base.rules", "-D\n-b 8192\n")
      .AddFile("/etc/audit/rules.d/30-id.rules",
               "-w /etc/passwd -p wa -k identity\n-w /etc/group -p wa -k identity\n"
               "-w /etc/sudoers -p wa -k scope\n-w /var/log/lastlog -p wa -k logins\n")
      .AddFile("/etc/audit/rules.d/99-finalize.rules", "-e 2\n")
      // the stock file sorts last; augenrules hoists its -D to the top
      .AddFile("/etc/audit/rules.d/audit.rules", "## First rule - delete all\n-D\n-b 8192\n-f 1\n");
  Facts f;
  CollectAudit(h, f);
  EXPECT_EQ(f.Find("audit.installed")->value, true);
  EXPECT_EQ(f.Find("audit.enabled")->value, true);
  ASSERT_NE(f.UnknownOf("audit.running"), nullptr);
  EXPECT_EQ(f.UnknownOf("audit.running")->code, ErrorCode::kUnsupported);
  EXPECT_EQ(f.Find("audit.num_logs")->value, 5);  // default
  EXPECT_EQ(f.Find("audit.max_log_file_mb")->value, 50);
  EXPECT_EQ(f.Find("audit.max_log_file_action")->value, "keep_logs");
  EXPECT_TRUE(f.Find("audit.admin_space_left_action")->value.is_null());  // not set
  EXPECT_EQ(f.Find("audit.disk_full_action")->value, "halt");
  EXPECT_EQ(f.Find("audit.log_dir_mode")->value, "0700");
  EXPECT_EQ(f.Find("audit.rule_count")->value, 4);
  EXPECT_EQ(f.Find("audit.identity_files_watched")->value, nlohmann::json({"/etc/passwd", "/etc/group"}));
  EXPECT_EQ(f.Find("audit.sudoers_watched")->value, true);
  EXPECT_EQ(f.Find("audit.login_logs_watched")->value, nlohmann::json({"/var/log/lastlog"}));
  EXPECT_EQ(f.Find("audit.immutable")->value, true);
  EXPECT_NO_THROW(f.ToJson().dump());
}

TEST(AuditTest, MissingAndUnreadable) {
  host::FakeHost h;
  h.AddFile("/etc/audit/auditd.conf", "x").Deny("/etc/audit/auditd.conf").AddDir("/etc/audit/rules.d");
  h.Deny("/etc/audit/rules.d");
  Facts f;
  CollectAudit(h, f);
  EXPECT_EQ(f.Find("audit.installed")->value, false);
  EXPECT_EQ(f.UnknownOf("audit.num_logs")->code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(f.UnknownOf("audit.watches")->code, ErrorCode::kPermissionDenied);
  EXPECT_FALSE(f.warnings().empty());

  host::FakeHost empty;
  Facts g;
  CollectAudit(empty, g);
  EXPECT_EQ(g.UnknownOf("audit.conf")->code, ErrorCode::kNotFound);
  EXPECT_EQ(g.Find("audit.rule_count")->value, 0);
  EXPECT_EQ(g.Find("audit.immutable")->value, false);
}

TEST(AuditTest, BinaryConfAndLiveRules) {
  host::FakeHost h;
  h.SetLive(true).SetPrivileged(true);
  h.AddFile("/etc/audit/auditd.conf", std::string("\0\x01\x02\xff", 4));
  h.AddProcess({5, 0, "auditd", "/sbin/auditd"});
  h.AddCommand("auditctl -l",
               {0, "-w /etc/shadow -p wa -k identity\n-a always,exit -F arch=b64 -S open -F key=x\n", ""});
  h.AddCommand("auditctl -s", {0, "enabled 2\nfailure 1\n", ""});
  Facts f;
  CollectAudit(h, f);
  EXPECT_EQ(f.Find("audit.running")->value, true);
  EXPECT_EQ(f.UnknownOf("audit.conf")->code, ErrorCode::kSyntax);
  EXPECT_EQ(f.Find("audit.rules_source")->value, "auditctl");
  EXPECT_EQ(f.Find("audit.rule_count")->value, 2);
  EXPECT_EQ(f.Find("audit.live")->value["enabled"], 2);
  EXPECT_EQ(f.Find("audit.identity_files_watched")->value, nlohmann::json({"/etc/shadow"}));
}

}  // namespace
}  // namespace dengbao::probes
