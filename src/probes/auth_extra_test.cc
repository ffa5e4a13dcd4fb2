#include "probes/auth_extra.h"

#include <gtest/gtest.h>

#include "host/fake_host.h"

namespace dengbao::probes {
namespace {

TEST(AuthExtraTest, SuStackVariants) {
  struct Case {
    const char* su;
    bool wheel_only;
    const char* group;
  } cases[] = {
      {"auth sufficient pam_rootok.so\nauth required pam_wheel.so use_uid\n", true, "wheel"},
      {"auth required pam_wheel.so group=sudo\n", true, "sudo"},
      {"#auth required pam_wheel.so use_uid\n", false, ""},
      {"auth sufficient pam_wheel.so trust use_uid\n", false, ""},
      {"auth required pam_wheel.so deny group=nosu\n", false, ""},
  };
  for (const auto& c : cases) {
    PamFile file = ParsePamFile(c.su, "/etc/pam.d/su");
    PamLoader loader = [&](std::string_view) { return &file; };
    SuWheel w = AnalyzeSuStack(ExpandPamStack("su", loader));
    EXPECT_EQ(w.wheel_only, c.wheel_only) << c.su;
    EXPECT_EQ(w.group, c.group) << c.su;
  }
  EXPECT_EQ(ParseSecuretty("# c\nconsole\ntty1\r\n\nttyS0 # serial\n"),
            (std::vector<std::string>{"console", "tty1", "ttyS0"}));
}

TEST(AuthExtraCollectTest, Facts) {
  host::FakeHost h;
  h.AddFile("/etc/securetty", "console\ntty1\n");
  h.AddFile("/etc/pam.d/login", "auth requisite pam_securetty.so\n@include common-auth\n");
  h.AddFile("/etc/pam.d/su", "auth include su-base\n");
  h.AddFile("/etc/pam.d/su-base", "auth required pam_wheel.so use_uid\n");
  Facts f;
  CollectAuthExtra(h, f);
  EXPECT_EQ(f.Find("auth_extra.securetty_present")->value, true);
  EXPECT_EQ(f.Find("auth_extra.securetty_ttys")->value.size(), 2u);
  EXPECT_EQ(f.Find("auth_extra.securetty_enforced")->value, true);
  EXPECT_EQ(f.Find("auth_extra.su_wheel_only")->value, true);
  EXPECT_EQ(f.Find("auth_extra.su_wheel_group")->value, "wheel");

  host::FakeHost denied;
  denied.AddFile("/etc/pam.d/su", "").Deny("/etc/pam.d/su");
  Facts d;
  CollectAuthExtra(denied, d);
  EXPECT_EQ(d.Find("auth_extra.securetty_present")->value, false);
  EXPECT_EQ(d.UnknownOf("auth_extra.su_wheel_only")->code, ErrorCode::kPermissionDenied);
}

}  // namespace
}  // namespace dengbao::probes
