#include "probes/pam.h"

#include <gtest/gtest.h>

#include "host/fake_host.h"

namespace dengbao::probes {
namespace {

constexpr const char* kDebianAuth =
    "# /etc/pam.d/common-auth\n"
    "auth\trequired\tpam_faillock.so preauth\n"
    "auth\t[success=1 default=ignore]\tpam_unix.so nullok\n"
    "auth\trequisite\t\t\tpam_deny.so\n"
    "auth\t[default=die] pam_faillock.so authfail deny=5 unlock_time=never\n"
    "auth\trequired\tpam_permit.so\n";
constexpr const char* kDebianPassword =
    "password requisite pam_pwquality.so retry=3 minlen=12 dcredit=-1 ucredit=-1 \\\n"
    "    lcredit=-1 enforce_for_root\n"
    "password [success=1 default=ignore] pam_unix.so obscure use_authtok try_first_pass yescrypt remember=5\n"
    "password requisite pam_deny.so\n";

TEST(PamTest, ParseLines) {
  auto f = ParsePamFile(
      "#%PAM-1.0\r\n-auth  optional /usr/lib64/security/pam_sss.so [prompt=Code: x] nullok\r\n"
      "@include common-auth\nauth include  system-auth\nbogus line here\nauth required\n"
      "account [success=1 new_authtok_reqd=done default=ignore] pam_unix.so\n",
      "/etc/pam.d/x");
  ASSERT_EQ(f.lines.size(), 4u);
  EXPECT_EQ(f.lines[0].type, "auth");
  EXPECT_TRUE(f.lines[0].quiet);
  EXPECT_EQ(f.lines[0].module, "pam_sss");
  EXPECT_EQ(f.lines[0].args, (std::vector<std::string>{"[prompt=Code: x]", "nullok"}));
  EXPECT_EQ(f.lines[1].type, "@include");
  EXPECT_EQ(f.lines[1].module, "common-auth");
  EXPECT_EQ(f.lines[2].control, "include");
  EXPECT_EQ(f.lines[2].module, "system-auth");
  EXPECT_EQ(f.lines[3].control, "[success=1 new_authtok_reqd=done default=ignore]");
  EXPECT_EQ(f.warnings.size(), 2u);
}

TEST(PamTest, ExpandIncludesFiltersTypesAndStopsCycles) {
  std::map<std::string, PamFile, std::less<>> files;
  files["sshd"] =
      ParsePamFile("@include common-auth\naccount include loop\nsession substack common-session\n", "sshd");
  files["common-auth"] = ParsePamFile("auth required pam_unix.so\nsession required pam_limits.so\n", "ca");
  files["loop"] = ParsePamFile("account include sshd\naccount required pam_nologin.so\n", "loop");
  files["common-session"] = ParsePamFile("auth required pam_bad.so\nsession optional pam_systemd.so\n", "cs");
  PamLoader loader = [&](std::string_view n) -> const PamFile* {
    auto it = files.find(n);
    return it == files.end() ? nullptr : &it->second;
  };
  auto stack = ExpandPamStack("sshd", loader);
  std::vector<std::string> modules;
  for (const auto& l : stack.lines) modules.push_back(l.module);
  EXPECT_EQ(modules, (std::vector<std::string>{"pam_unix", "pam_limits", "pam_nologin", "pam_systemd"}));
  ASSERT_EQ(stack.warnings.size(), 1u);
  EXPECT_NE(stack.warnings[0].message.find("cycle"), std::string::npos);
}

TEST(PamTest, OptionsFirstWins) {
  auto o = PamOptions({"minlen=8", "MINLEN=9", "enforce_for_root", "x=a=b"});
  EXPECT_EQ(o.at("minlen"), "8");
  EXPECT_EQ(o.at("enforce_for_root"), "");
  EXPECT_EQ(o.at("x"), "a=b");
}

host::FakeHost DebianHost() {
  host::FakeHost h;
  h.AddFile("/etc/pam.d/common-auth", kDebianAuth);
  h.AddFile("/etc/pam.d/common-password", kDebianPassword);
  h.AddFile("/etc/pam.d/sshd", "@include common-auth\nauth required pam_google_authenticator.so\n");
  h.AddFile("/etc/security/pwquality.conf", "minlen = 8\nocredit = -2\nminclass=1\n");
  return h;
}

TEST(PamCollectTest, DebianStacksAndPolicy) {
  host::FakeHost h = DebianHost();
  Facts f;
  CollectPam(h, f);
  EXPECT_EQ(f.Find("pam.present")->value, true);
  EXPECT_EQ(f.Find("pam.pwquality.present")->value, true);
  EXPECT_EQ(f.Find("pam.pwquality.minlen")->value, 12);
  EXPECT_EQ(f.Find("pam.pwquality.ocredit")->value, nullptr);
  EXPECT_EQ(f.Find("pam.pwquality.enforce_for_root")->value, true);
  EXPECT_EQ(f.Find("pam.cracklib.present")->value, false);
  EXPECT_EQ(f.Find("password_policy.module")->value, "pam_pwquality");
  EXPECT_EQ(f.Find("password_policy.minlen")->value, 12);
  EXPECT_EQ(f.Find("password_policy.ocredit")->value, -2);
  EXPECT_EQ(f.Find("password_policy.min_classes")->value, 4);  // d, u, l from PAM and o from the conf
  EXPECT_EQ(f.Find("password_policy.source")->value["minlen"], "pam");
  EXPECT_EQ(f.Find("password_policy.source")->value["ocredit"], "pwquality.conf");
  EXPECT_EQ(f.Find("pam.lockout.module")->value, "faillock");
  EXPECT_EQ(f.Find("pam.lockout.deny")->value, 5);
  EXPECT_EQ(f.Find("pam.lockout.unlock_time")->value, 0);
  EXPECT_EQ(f.Find("pam.lockout.fail_interval")->value, 900);  // module default
  EXPECT_EQ(f.Find("pam.lockout.even_deny_root")->value, false);
  EXPECT_EQ(f.Find("pam.remember")->value, 5);
  EXPECT_EQ(f.Find("pam.nullok")->value, true);
  EXPECT_EQ(f.Find("pam.password_hash")->value, "yescrypt");
  EXPECT_EQ(f.Find("pam.mfa_modules")->value, nlohmann::json::array({"pam_google_authenticator"}));
  EXPECT_EQ(f.Find("pam.stacks")->value["sshd"].size(), 6u);
  EXPECT_NO_THROW(f.ToJson().dump());
}

TEST(PamCollectTest, RhelAuthselectFaillockConfAndDefaults) {
  host::FakeHost h;
  h.AddFile("/etc/pam.d/system-auth",
            "auth required pam_env.so\nauth required pam_faillock.so preauth silent\n"
            "auth sufficient pam_unix.so try_first_pass\nauth required pam_faillock.so authfail\n"
            "password requisite pam_pwquality.so local_users_only\n"
            "password required pam_pwhistory.so use_authtok\n"
            "password sufficient pam_unix.so sha512 shadow use_authtok\n");
  h.AddFile("/etc/pam.d/password-auth", "auth include system-auth\n");
  h.AddFile("/etc/security/faillock.conf", "# deny = 3\ndeny = 6\nunlock_time = 1800\neven_deny_root\n");
  Facts f;
  CollectPam(h, f);
  EXPECT_EQ(f.Find("pam.lockout.deny")->value, 6);
  EXPECT_EQ(f.Find("pam.lockout.deny")->sources.front().file, "/etc/security/faillock.conf");
  EXPECT_EQ(f.Find("pam.lockout.unlock_time")->value, 1800);
  EXPECT_EQ(f.Find("pam.lockout.even_deny_root")->value, true);
  EXPECT_EQ(f.Find("password_policy.minlen")->value, 8);  // pam_pwquality default
  EXPECT_EQ(f.Find("password_policy.source")->value["minlen"], "default");
  EXPECT_EQ(f.Find("password_policy.min_classes")->value, 0);
  EXPECT_EQ(f.Find("pam.remember")->value, 10);  // pam_pwhistory default
  EXPECT_EQ(f.Find("pam.nullok")->value, false);
  EXPECT_EQ(f.Find("pam.password_hash")->value, "sha512");
  EXPECT_EQ(f.Find("pam.mfa_modules")->value, nlohmann::json::array());
}

TEST(PamCollectTest, CracklibTallyAndNothing) {
  host::FakeHost h;
  h.AddFile("/etc/pam.d/system-auth",
            "auth required pam_tally2.so deny=3 onerr=fail\n"
            "password requisite pam_cracklib.so minlen=10 dcredit=-1 ucredit=-1\n");
  Facts f;
  CollectPam(h, f);
  EXPECT_EQ(f.Find("password_policy.module")->value, "pam_cracklib");
  EXPECT_EQ(f.Find("password_policy.minlen")->value, 10);
  EXPECT_EQ(f.Find("password_policy.min_classes")->value, 2);
  EXPECT_EQ(f.Find("pam.lockout.module")->value, "tally2");
  EXPECT_EQ(f.Find("pam.lockout.deny")->value, 3);
  EXPECT_EQ(f.Find("pam.lockout.unlock_time")->value, 0);  // no unlock_time: locked until reset
  EXPECT_EQ(f.Find("pam.remember")->value, nullptr);

  host::FakeHost empty;
  Facts g;
  CollectPam(empty, g);
  EXPECT_EQ(g.Find("pam.present")->value, false);
  EXPECT_EQ(g.Find("pam.lockout.module")->value, nullptr);
  EXPECT_EQ(g.Find("password_policy.minlen")->value, nullptr);
}

TEST(PamCollectTest, UnreadableFilesMakeFactsUnknown) {
  host::FakeHost h = DebianHost();
  h.Deny("/etc/pam.d/common-auth");
  Facts f;
  CollectPam(h, f);
  ASSERT_NE(f.UnknownOf("pam.nullok"), nullptr);
  EXPECT_EQ(f.UnknownOf("password_policy.minlen")->code, ErrorCode::kPermissionDenied);

  host::FakeHost g = DebianHost();
  g.Deny("/etc/security/pwquality.conf");
  Facts f2;
  CollectPam(g, f2);
  EXPECT_EQ(f2.Find("password_policy.minlen"), nullptr);
  EXPECT_NE(f2.UnknownOf("password_policy.minlen"), nullptr);
  EXPECT_EQ(f2.Find("pam.pwquality.minlen")->value, 12);  // the PAM line itself is still known
}

TEST(PamCollectTest, BinaryAndBadUtf8DoNotCrash) {
  host::FakeHost h;
  h.AddFile("/etc/pam.d/common-auth", std::string("auth\0\0\0\1\2 junk", 14));
  h.AddFile("/etc/pam.d/common-password", "password requisite pam_pwquality.so minlen=\xff\xfe 9\n");
  Facts f;
  CollectPam(h, f);
  EXPECT_EQ(f.Find("pam.pwquality.minlen")->value, nullptr);
  EXPECT_FALSE(f.warnings().empty());
  EXPECT_NO_THROW(f.ToJson().dump());
}

}  // namespace
}  // namespace dengbao::probes
