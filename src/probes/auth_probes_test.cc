#include "probes/auth_probes.h"

#include <gtest/gtest.h>

#include <random>

#include "host/fake_host.h"
#include "probes/accounts.h"
#include "probes/login_defs.h"
#include "probes/pam.h"
#include "probes/registry.h"
#include "probes/shell_timeout.h"
#include "probes/sshd.h"
#include "probes/sudo.h"
#include "probes/tcp_wrappers.h"

namespace dengbao::probes {
namespace {

TEST(AuthProbesTest, ValidUtf8AndHelpers) {
  EXPECT_EQ(ValidUtf8("abc 中文"), "abc 中文");
  EXPECT_EQ(ValidUtf8("a\xff"
                      "b"),
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(ValidUtf8("\xe4\xb8"), "\xEF\xBF\xBD\xEF\xBF\xBD");                  // truncated sequence
  EXPECT_EQ(ValidUtf8("\xc0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD");                  // overlong NUL
  EXPECT_EQ(ValidUtf8("\xed\xa0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // surrogate
  EXPECT_EQ(FactKey("Dict-Path"), "dict_path");
  EXPECT_EQ(IntOrString("42"), 42);
  EXPECT_EQ(IntOrString("4x"), "4x");
  EXPECT_EQ(Unquote("\"a b\""), "a b");
  EXPECT_EQ(Unquote("'x"), "'x");
  EXPECT_EQ(Prov("f", 1, std::string(1000, 'a')).text.size(), 300u);
}

// Random bytes and random mixes of syntax characters through every pure parser: no crash, no hang.
TEST(AuthProbesTest, ParsersSurviveRandomInput) {
  std::mt19937 rng(12345);
  const char kAlphabet[] = "ab =:,;!#@%()[]{}\"'\\\n\r\t$*-/0123456789\xff\x00MatchIncludeALL";
  const std::string alphabet(kAlphabet, sizeof(kAlphabet) - 1);
  for (int i = 0; i < 300; ++i) {
    std::string text;
    size_t len = rng() % 400;
    for (size_t k = 0; k < len; ++k)
      text += i % 2 ? static_cast<char>(rng() % 256) : alphabet[rng() % alphabet.size()];
    SshdIncludeLoader sshd_loader = [&](std::string_view) -> Result<std::vector<SshdSource>> {
      return std::vector<SshdSource>{{"/etc/ssh/x", text}};
    };
    ParseSshdConfig(text, "f", sshd_loader);
    PamFile pam = ParsePamFile(text, "f");
    ExpandPamStack("x", [&](std::string_view) { return &pam; });
    ConfMap conf;
    ParseKeyValueConf(text, "f", conf);
    ParseLoginDefs(text, "f");
    ParsePasswd(text, "f");
    ParseShadow(text, "f");
    ParseGroup(text, "f");
    SudoIncludeLoader sudo_loader = [&](const std::string&, bool) -> Result<std::vector<SudoSource>> {
      return std::vector<SudoSource>{{"/etc/sudoers.d/x", text}};
    };
    ParseSudoers(text, "/etc/sudoers", sudo_loader);
    ParseShellTimeout(text, "f");
    ParseCshAutologout(text, "f");
    ParseHostsAccess(text, "f");
    ParseSshTime(text);
  }
  SUCCEED();
}

// Every registered auth probe runs on an empty host and on a host of junk without crashing,
// and everything it writes dumps as JSON.
TEST(AuthProbesTest, RegisteredAndRobust) {
  Registry r;
  RegisterAuthProbes(r);
  ASSERT_EQ(r.all().size(), 9u);
  for (const char* name : {"sshd", "pam", "pwquality", "login_defs", "accounts", "sudo", "shell_timeout",
                           "tcp_wrappers", "auth_extra"})
    ASSERT_NE(r.Find(name), nullptr) << name;
  host::FakeHost empty, junk;
  std::string noise;
  for (int i = 0; i < 4096; ++i) noise += static_cast<char>((i * 7919) % 256);
  std::string text_noise = "key = \xff\xfe value\n\t\t=\n[[[ ((( \\\n:::\n#include\n@include\nMatch\n";
  for (const char* path : {"/etc/ssh/sshd_config", "/etc/pam.d/common-auth", "/etc/pam.d/system-auth",
                           "/etc/security/pwquality.conf", "/etc/login.defs", "/etc/passwd", "/etc/shadow",
                           "/etc/group", "/etc/sudoers", "/etc/profile", "/etc/hosts.allow",
                           "/etc/hosts.deny", "/etc/securetty", "/etc/pam.d/su"})
    junk.AddFile(path, std::string(path).ends_with("passwd") ? noise : text_noise);
  for (host::FakeHost* h : {&empty, &junk}) {
    Facts f;
    for (const auto& p : r.all()) p.collect(*h, f);
    EXPECT_NO_THROW(f.ToJson().dump());
  }
}

}  // namespace
}  // namespace dengbao::probes
