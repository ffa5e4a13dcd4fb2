#include "probes/login_defs.h"

#include <gtest/gtest.h>

#include "host/fake_host.h"

namespace dengbao::probes {
namespace {

TEST(LoginDefsTest, ParseLastWinsAndOddSpacing) {
  auto m = ParseLoginDefs(
      "#PASS_MAX_DAYS 30\r\nPASS_MAX_DAYS\t99999\nPASS_MAX_DAYS   90  # site policy\n"
      "ENCRYPT_METHOD SHA512\nUMASK 022\nMAIL_DIR \"/var/mail\"\nLONELY\n",
      "/etc/login.defs");
  EXPECT_EQ(m.at("pass_max_days").value, "90");
  EXPECT_EQ(m.at("pass_max_days").where.line, 3);
  EXPECT_EQ(m.at("mail_dir").value, "/var/mail");
  EXPECT_TRUE(m.at("lonely").flag);
  EXPECT_EQ(LoginDefsUidMin(m), 1000);
  EXPECT_EQ(LoginDefsUidMin(ParseLoginDefs("UID_MIN 500\n", "f")), 500);
  EXPECT_EQ(LoginDefsUidMin(ParseLoginDefs("UID_MIN abc\n", "f")), 1000);
}

TEST(LoginDefsCollectTest, Facts) {
  host::FakeHost h;
  h.AddFile("/etc/login.defs",
            "PASS_MAX_DAYS 90\nPASS_MIN_DAYS 7\nPASS_WARN_AGE x\nENCRYPT_METHOD YESCRYPT\n"
            "UMASK 027\nLOGIN_RETRIES 5\n");
  Facts f;
  CollectLoginDefs(h, f);
  EXPECT_EQ(f.Find("login_defs.present")->value, true);
  EXPECT_EQ(f.Find("login_defs.pass_max_days")->value, 90);
  EXPECT_EQ(f.Find("login_defs.pass_warn_age")->value, "x");
  EXPECT_EQ(f.Find("login_defs.umask")->value, "027");
  EXPECT_EQ(f.Find("login_defs.encrypt_method")->value, "YESCRYPT");
  EXPECT_EQ(f.Find("login_defs.login_retries")->value, 5);
  EXPECT_EQ(f.Find("login_defs.fail_delay"), nullptr);
  EXPECT_EQ(f.Find("login_defs.settings")->value["pass_min_days"], "7");
  EXPECT_EQ(f.warnings().size(), 1u);

  host::FakeHost missing;
  Facts g;
  CollectLoginDefs(missing, g);
  EXPECT_EQ(g.Find("login_defs.present")->value, false);
  host::FakeHost denied;
  denied.AddFile("/etc/login.defs", "").Deny("/etc/login.defs");
  Facts d;
  CollectLoginDefs(denied, d);
  EXPECT_NE(d.UnknownOf("login_defs.pass_max_days"), nullptr);
}

}  // namespace
}  // namespace dengbao::probes
