#include "probes/ids.h"

#include <gtest/gtest.h>

#include "host/fake_host.h"

namespace dengbao::probes {
namespace {

TEST(IdsTest, Fail2banJailPrecedence) {
  Fail2banJails j;
  ParseFail2banJails("[DEFAULT]\nenabled = false\n[sshd]\nport = ssh\n[apache]\nenabled = true\n",
                     "/etc/fail2ban/jail.conf", j);
  EXPECT_FALSE(Fail2banJailEnabled(j, "sshd"));
  ParseFail2banJails("[sshd]\r\nenabled: true\r\n", "/etc/fail2ban/jail.d/defaults-debian.conf", j);
  EXPECT_TRUE(Fail2banJailEnabled(j, "sshd"));
  EXPECT_EQ(j.where.at("sshd").line, 2);
  ParseFail2banJails("[sshd]\nenabled = maybe\n[DEFAULT]\nenabled = yes\n", "x", j);
  EXPECT_TRUE(Fail2banJailEnabled(j, "sshd"));
  EXPECT_TRUE(Fail2banJailEnabled(j, "postfix"));  // from [DEFAULT]
  Fail2banJails junk;
  ParseFail2banJails("[unterminated\nenabled=true\n=\n[]\nenabled\n", "y", junk);
  EXPECT_TRUE(Fail2banJailEnabled(junk, "unterminated"));
}

TEST(IdsTest, Fail2banOnDebian) {
  host::FakeHost h;
  h.AddFile("/usr/bin/fail2ban-server", "")
      .AddSymlink("/etc/systemd/system/multi-user.target.wants/fail2ban.service",
                  "/lib/systemd/system/fail2ban.service")
      .AddFile("/etc/fail2ban/jail.conf", "[DEFAULT]\nbantime = 10m\n[sshd]\nport = ssh\n")
      .AddFile("/etc/fail2ban/jail.d/defaults-debian.conf", "[sshd]\nenabled = true\n");
  Facts f;
  CollectIds(h, f);
  EXPECT_EQ(f.Find("ids.fail2ban.sshd_enabled")->value, true);
  EXPECT_EQ(f.Find("ids.fail2ban.enabled")->value, true);
  EXPECT_EQ(f.Find("ids.tools")->value, nlohmann::json({"fail2ban"}));
  EXPECT_EQ(f.Find("ids.active")->value, true);
  EXPECT_NO_THROW(f.ToJson().dump());
}

TEST(IdsTest, InstalledButDisabledAndAgents) {
  host::FakeHost h;
  h.AddFile("/usr/bin/fail2ban-server", "").AddFile("/etc/fail2ban/jail.local", "[sshd]\nenabled=true\n");
  h.AddFile("/etc/suricata/suricata.yaml", "%YAML 1.1\n");
  Facts f;
  CollectIds(h, f);
  EXPECT_EQ(f.Find("ids.fail2ban.sshd_enabled")->value, true);
  EXPECT_EQ(f.Find("ids.active")->value, false);  // neither service is enabled
  EXPECT_EQ(f.Find("ids.tools")->value, nlohmann::json({"fail2ban", "suricata"}));

  h.AddDir("/opt/360safe");  // antivirus only: not an IDS
  h.AddDir("/usr/local/aegis");
  Facts g;
  CollectIds(h, g);
  EXPECT_EQ(g.Find("ids.tools")->value.size(), 3u);
  EXPECT_EQ(g.Find("ids.active")->value, true);
}

TEST(IdsTest, NothingAndUnreadable) {
  host::FakeHost h;
  h.AddFile("/etc/fail2ban/jail.local", "x").Deny("/etc/fail2ban/jail.local");
  Facts f;
  CollectIds(h, f);
  EXPECT_EQ(f.Find("ids.fail2ban.installed")->value, false);
  EXPECT_EQ(f.Find("ids.fail2ban.sshd_enabled")->value, false);
  EXPECT_EQ(f.Find("ids.active")->value, false);
  EXPECT_FALSE(f.warnings().empty());
}

}  // namespace
}  // namespace dengbao::probes
