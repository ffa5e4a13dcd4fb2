#include "probes/sudo.h"

#include <gtest/gtest.h>

#include "host/fake_host.h"

namespace dengbao::probes {
namespace {

TEST(SudoTest, RulesAliasesTagsAndDefaults) {
  auto cfg = ParseSudoers(
      "Defaults\tenv_reset, mail_badpass\r\nDefaults secure_path=\"/usr/sbin:/usr/bin\", !visiblepw\n"
      "Defaults:alice !requiretty\nDefaults logfile=/var/log/sudo.log\n"
      "User_Alias ADMINS = alice, \\\n  bob : OPS = carol\nCmnd_Alias SHUT = /sbin/halt, /sbin/reboot\n"
      "root ALL=(ALL:ALL) ALL\n%sudo   ALL=(ALL : ALL) ALL # comment\n"
      "ADMINS ALL = (root) NOPASSWD: SHUT, PASSWD: /usr/bin/less\n"
      "OPS, dave ALL = NOPASSWD: ALL\nRunas_Alias R = #0\nerin host1 = (R) CWD=/tmp sha256:abcd /bin/ls\n"
      "garbage line without equals\n",
      "/etc/sudoers");
  ASSERT_EQ(cfg.warnings.size(), 1u);
  ASSERT_EQ(cfg.rules.size(), 9u);
  EXPECT_EQ(cfg.rules[0].who, "root");
  EXPECT_EQ(cfg.rules[0].runas, "ALL:ALL");
  EXPECT_EQ(cfg.rules[1].who, "%sudo");
  EXPECT_EQ(cfg.rules[1].runas, "ALL:ALL");
  EXPECT_EQ(cfg.rules[2].who, "alice");
  EXPECT_EQ(cfg.rules[2].via, "ADMINS");
  EXPECT_TRUE(cfg.rules[2].nopasswd);
  EXPECT_EQ(cfg.rules[2].commands, (std::vector<std::string>{"/sbin/halt", "/sbin/reboot"}));
  EXPECT_EQ(cfg.rules[3].who, "bob");  // alias members first, then the next command group
  EXPECT_EQ(cfg.rules[4].who, "alice");
  EXPECT_FALSE(cfg.rules[4].nopasswd);
  EXPECT_EQ(cfg.rules[4].commands, (std::vector<std::string>{"/usr/bin/less"}));
  EXPECT_EQ(cfg.rules[6].who, "carol");
  EXPECT_EQ(cfg.rules[7].who, "dave");
  EXPECT_TRUE(cfg.rules[7].nopasswd);
  EXPECT_EQ(cfg.rules[8].runas, "R");
  EXPECT_EQ(cfg.rules[8].commands, (std::vector<std::string>{"/bin/ls"}));
  EXPECT_EQ(cfg.rules[8].hosts, (std::vector<std::string>{"host1"}));
  ASSERT_EQ(cfg.defaults.size(), 6u);
  EXPECT_EQ(cfg.defaults[2].value, "/usr/sbin:/usr/bin");
  EXPECT_TRUE(cfg.defaults[3].negated);
  EXPECT_EQ(cfg.defaults[4].scope, ":alice");
}

TEST(SudoTest, IncludesAndIncludedir) {
  EXPECT_TRUE(SudoIncludedirAccepts("90-cloud-init-users"));
  EXPECT_FALSE(SudoIncludedirAccepts("README.txt"));
  EXPECT_FALSE(SudoIncludedirAccepts("backup~"));
  std::vector<std::pair<std::string, bool>> asked;
  SudoIncludeLoader loader = [&](const std::string& p, bool dir) -> Result<std::vector<SudoSource>> {
    asked.emplace_back(p, dir);
    if (p == "/etc/sudoers.d" || p == "/etc/sudoers.d/a")
      return std::vector<SudoSource>{{"/etc/sudoers.d/a", "#include /etc/sudoers.d/a\n"}};
    if (p == "/etc/extra") return std::vector<SudoSource>{{"/etc/extra", "frank ALL=(ALL) NOPASSWD:ALL\n"}};
    return std::vector<SudoSource>{};
  };
  auto cfg = ParseSudoers("#includedir /etc/sudoers.d\n@include extra\n# include not this\n", "/etc/sudoers",
                          loader);
  ASSERT_GE(asked.size(), 2u);
  EXPECT_EQ(asked[0], (std::pair<std::string, bool>{"/etc/sudoers.d", true}));
  EXPECT_EQ(asked[1], (std::pair<std::string, bool>{"/etc/sudoers.d/a", false}));
  EXPECT_EQ(asked.back(), (std::pair<std::string, bool>{"/etc/extra", false}));
  ASSERT_EQ(cfg.rules.size(), 1u);
  EXPECT_TRUE(cfg.rules[0].nopasswd);
  bool depth = false;
  for (const auto& w : cfg.warnings) depth |= w.message.find("depth") != std::string::npos;
  EXPECT_TRUE(depth);  // a.conf including itself stops at the limit
}

TEST(SudoCollectTest, Facts) {
  host::FakeHost h;
  h.AddFile("/etc/sudoers",
            "Defaults use_pty\nDefaults logfile=\"/var/log/sudo.log\"\nroot ALL=(ALL:ALL) ALL\n"
            "@includedir /etc/sudoers.d\n");
  h.AddFile("/etc/sudoers.d/ops", "%wheel ALL=(ALL) ALL\nops ALL=(ALL) NOPASSWD: ALL\nweb ALL=(www) ALL\n");
  h.AddFile("/etc/sudoers.d/ops.bak", "evil ALL=(ALL) NOPASSWD: ALL\n");
  Facts f;
  CollectSudo(h, f);
  EXPECT_EQ(f.Find("sudo.present")->value, true);
  EXPECT_EQ(f.Find("sudo.nopasswd_all")->value, nlohmann::json::array({"ops"}));
  EXPECT_EQ(f.Find("sudo.full_access")->value, nlohmann::json::array({"%wheel", "ops", "root"}));
  EXPECT_EQ(f.Find("sudo.logfile")->value, "/var/log/sudo.log");
  EXPECT_EQ(f.Find("sudo.use_pty")->value, true);
  EXPECT_EQ(f.Find("sudo.defaults")->value["use_pty"], true);
  EXPECT_EQ(f.Find("sudo.rules")->value.size(), 4u);
  EXPECT_EQ(f.Find("sudo.rules")->value[1]["file"], "/etc/sudoers.d/ops");
}

TEST(SudoCollectTest, MissingDeniedAndJunk) {
  host::FakeHost none;
  Facts f;
  CollectSudo(none, f);
  EXPECT_EQ(f.Find("sudo.present")->value, false);

  host::FakeHost denied;
  denied.AddFile("/etc/sudoers", "root ALL=(ALL) ALL\n#includedir /etc/sudoers.d\n", 0440);
  denied.AddFile("/etc/sudoers.d/x", "x ALL=ALL\n");
  denied.Deny("/etc/sudoers.d");
  Facts g;
  CollectSudo(denied, g);
  EXPECT_EQ(g.UnknownOf("sudo.full_access")->code, ErrorCode::kPermissionDenied);

  host::FakeHost junk;
  junk.AddFile("/etc/sudoers", "\xff\xfe ALL=(\xff) \xfe\n=\n(((\nDefaults\nUser_Alias\n\\\n");
  Facts j;
  CollectSudo(junk, j);
  EXPECT_NO_THROW(j.ToJson().dump());
  EXPECT_FALSE(j.warnings().empty());
}

}  // namespace
}  // namespace dengbao::probes
