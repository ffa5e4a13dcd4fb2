#include "probes/logrotate.h"

#include <gtest/gtest.h>

#include "host/fake_host.h"

namespace dengbao::probes {
namespace {

TEST(LogrotateTest, ParsesBlocksScriptsAndIncludes) {
  auto items = ParseLogrotate(R"(# see "man logrotate"
weekly
rotate 4
include /etc/logrotate.d
/var/log/wtmp {
    monthly
    minsize 1M
    rotate 1
}
/var/log/cron
/var/log/messages
"/var/log/my app.log"
{
    missingok
    sharedscripts
    postrotate
        /usr/bin/systemctl kill -s HUP rsyslog.service >/dev/null 2>&1 || true
        if [ -f /x ]; then { echo }; fi
    endscript
    rotate 10 }
/var/log/{a,b}.log { daily }
)");
  ASSERT_EQ(items.size(), 6u);
  EXPECT_EQ(items[0].kind, LogrotateItem::Kind::kDirective);
  EXPECT_EQ(items[2].kind, LogrotateItem::Kind::kInclude);
  EXPECT_EQ(items[3].paths, std::vector<std::string>{"/var/log/wtmp"});
  EXPECT_EQ(items[3].line, 5);
  EXPECT_EQ(items[4].paths,
            (std::vector<std::string>{"/var/log/cron", "/var/log/messages", "/var/log/my app.log"}));
  EXPECT_EQ(items[4].line, 10);
  ASSERT_EQ(items[4].directives.size(), 3u);
  EXPECT_EQ(items[4].directives[2], (std::vector<std::string>{"rotate", "10"}));
  EXPECT_EQ(items[5].paths, (std::vector<std::string>{"/var/log/a.log", "/var/log/b.log"}));
  EXPECT_EQ(items[5].directives.size(), 1u);
}

TEST(LogrotateTest, DaysKeptTable) {
  struct Case {
    std::vector<std::vector<std::string>> directives;
    std::optional<int> want;
  } cases[] = {
      {{{"weekly"}, {"rotate", "4"}}, 28},
      {{{"daily"}, {"rotate", "180"}}, 180},
      {{{"monthly"}, {"rotate", "6"}}, 180},
      {{{"yearly"}, {"rotate", "1"}}, 365},
      {{{"daily"}, {"rotate", "400"}, {"maxage", "180"}}, 180},
      {{{"weekly"}}, 0},  // rotate defaults to 0
      {{{"rotate", "4"}}, std::nullopt},
      {{{"weekly"}, {"rotate", "4"}, {"size", "100M"}}, std::nullopt},
      {{{"size=100M"}, {"weekly"}, {"rotate", "4"}}, 28},  // the later period wins
      {{{"weekly"}, {"rotate", "52"}, {"maxsize", "1G"}}, std::nullopt},
      {{{"weekly"}, {"rotate", "-1"}}, std::nullopt},
      {{{"weekly"}, {"rotate", "-1"}, {"maxage", "365"}}, 365},
      {{{"weekly"}, {"rotate", "x"}}, 0},
      {{{"hourly"}, {"rotate", "48"}}, 2},
  };
  for (const auto& c : cases) {
    LogrotateSettings s;
    for (const auto& d : c.directives) ApplyLogrotateDirective(d, s);
    EXPECT_EQ(LogrotateDaysKept(s), c.want) << c.directives[0][0] << " " << c.directives.size();
  }
}

TEST(LogrotateTest, BracesAndGlobs) {
  EXPECT_EQ(ExpandBraces("/var/log/{x,y}/{1,2}"),
            (std::vector<std::string>{"/var/log/x/1", "/var/log/x/2", "/var/log/y/1", "/var/log/y/2"}));
  EXPECT_EQ(ExpandBraces("/var/log/{open"), std::vector<std::string>{"/var/log/{open"});
  EXPECT_LE(ExpandBraces("{a,b,c,d}{a,b,c,d}{a,b,c,d}{a,b,c,d}{a,b,c,d}{a,b,c,d}{a,b,c,d}{a,b,c,d}").size(),
            64u);
  EXPECT_TRUE(PathGlobMatch("/var/log/*", "/var/log/messages"));
  EXPECT_FALSE(PathGlobMatch("/var/log/*", "/var/log/audit/audit.log"));
  EXPECT_TRUE(PathGlobMatch("/var/log/audit/*.log", "/var/log/audit/audit.log"));
}

TEST(LogrotateTest, CollectsRhelLayout) {
  host::FakeHost h;
  h.AddFile("/etc/logrotate.conf",
            "weekly\nrotate 4\ndateext\ninclude /etc/logrotate.d\n/var/log/wtmp {\n monthly\n}\n")
      .AddFile("/etc/logrotate.d/syslog",
               "/var/log/cron\n/var/log/maillog\n/var/log/messages\n/var/log/secure\n{\n missingok\n rotate "
               "26\n}\n")
      .AddFile("/etc/logrotate.d/syslog.rpmsave", "/var/log/messages { daily\n rotate 1 }\n")
      .AddFile("/etc/logrotate.d/app", "/var/log/*.log { size 10M }\n");
  Facts f;
  CollectLogrotate(h, f);
  const auto& files = f.Find("logrotate.files")->value;
  EXPECT_EQ(files["/var/log/messages"]["days_kept"], 182);
  EXPECT_EQ(files["/var/log/messages"]["period"], "weekly");
  EXPECT_EQ(files["/var/log/messages"]["line"], 1);
  EXPECT_EQ(files["/var/log/wtmp"]["days_kept"], 120);  // global rotate 4
  EXPECT_TRUE(files["/var/log/*.log"]["days_kept"].is_null());
  EXPECT_EQ(f.Find("logrotate.system_log_days")->value, 182);
  EXPECT_EQ(f.Find("logrotate.system_logs")->value.size(), 2u);  // messages, secure (not cron)
  h.AddFile("/var/log/auth.log", "");  // now the size-only glob block covers an existing log
  Facts g;
  CollectLogrotate(h, g);
  EXPECT_EQ(g.Find("logrotate.system_logs")->value.size(), 3u);
  EXPECT_EQ(g.UnknownOf("logrotate.system_log_days")->code, ErrorCode::kUnsupported);
  EXPECT_NO_THROW(f.ToJson().dump());
}

TEST(LogrotateTest, ShortCronLogRotationDoesNotCount) {
  host::FakeHost h;  // Kylin / RHEL layout: messages+secure monthly x 6, cron with the global weekly x 4
  h.AddFile("/etc/logrotate.conf", "weekly\nrotate 4\ninclude /etc/logrotate.d\n")
      .AddFile("/etc/logrotate.d/rsyslog",
               "/var/log/messages\n/var/log/secure\n{\n monthly\n rotate "
               "6\n}\n/var/log/cron\n/var/log/maillog\n{\n "
               "missingok\n}\n");
  Facts f;
  CollectLogrotate(h, f);
  EXPECT_EQ(f.Find("logrotate.files")->value["/var/log/cron"]["days_kept"], 28);
  EXPECT_EQ(f.Find("logrotate.system_log_days")->value, 180);
}

TEST(LogrotateTest, DebianShortRetentionAndSizeOnlyLogs) {
  host::FakeHost h;
  h.AddFile("/etc/logrotate.conf", "weekly\nrotate 4\ninclude /etc/logrotate.d\n")
      .AddFile("/etc/logrotate.d/rsyslog", "/var/log/syslog\n/var/log/auth.log\n{\n rotate 4\n weekly\n}\n");
  Facts f;
  CollectLogrotate(h, f);
  EXPECT_EQ(f.Find("logrotate.system_log_days")->value, 28);

  host::FakeHost g;
  g.AddFile("/etc/logrotate.conf", "include /etc/logrotate.d\n/var/log/messages { size 1M\n rotate 3 }\n");
  Facts gf;
  CollectLogrotate(g, gf);
  EXPECT_EQ(gf.UnknownOf("logrotate.system_log_days")->code, ErrorCode::kUnsupported);
}

TEST(LogrotateTest, MissingUnreadableAndLoops) {
  host::FakeHost none;
  Facts f;
  CollectLogrotate(none, f);
  EXPECT_EQ(f.UnknownOf("logrotate.system_log_days")->code, ErrorCode::kNotFound);

  host::FakeHost h;
  h.AddFile("/etc/logrotate.conf", "include /etc/logrotate.conf\ninclude /etc/logrotate.d\n")
      .AddFile("/etc/logrotate.d/secret", "x")
      .Deny("/etc/logrotate.d/secret")
      .AddSymlink("/etc/logrotate.d/loop", "/etc/logrotate.d/loop");
  Facts g;
  CollectLogrotate(h, g);
  EXPECT_EQ(g.Find("logrotate.complete")->value, false);
  EXPECT_EQ(g.UnknownOf("logrotate.system_log_days")->code, ErrorCode::kIo);  // the loop sorts first
  EXPECT_FALSE(g.warnings().empty());
}

}  // namespace
}  // namespace dengbao::probes
