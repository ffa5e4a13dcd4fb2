#include "probes/accounts.h"

#include <gtest/gtest.h>

#include "host/fake_host.h"

namespace dengbao::probes {
namespace {

TEST(AccountsTest, ClassifyPassword) {
  struct Case {
    const char* field;
    PasswordState state;
    const char* algorithm;
  } cases[] = {
      {"", PasswordState::kEmpty, ""},
      {"!", PasswordState::kLocked, ""},
      {"!!", PasswordState::kLocked, ""},
      {"*", PasswordState::kLocked, ""},
      {"!*", PasswordState::kLocked, ""},
      {"!$6$salt$hash", PasswordState::kLocked, "sha512"},
      {"$1$salt$hash", PasswordState::kHash, "md5"},
      {"$5$s$h", PasswordState::kHash, "sha256"},
      {"$6$rounds=5000$s$h", PasswordState::kHash, "sha512"},
      {"$y$j9T$s$h", PasswordState::kHash, "yescrypt"},
      {"$2b$10$abc", PasswordState::kHash, "bcrypt"},
      {"$9$weird", PasswordState::kHash, "unknown"},
      {"abJnggxhB/yWI", PasswordState::kHash, "des"},
      {"x", PasswordState::kLocked, ""},
      {"NP", PasswordState::kLocked, ""},
  };
  for (const auto& c : cases) {
    auto p = ClassifyPassword(c.field);
    EXPECT_EQ(p.state, c.state) << c.field;
    EXPECT_EQ(p.algorithm, c.algorithm) << c.field;
  }
  EXPECT_TRUE(IsWeakHash("md5"));
  EXPECT_TRUE(IsWeakHash("des"));
  EXPECT_FALSE(IsWeakHash("sha512"));
}

TEST(AccountsTest, ShellsAndParsingNeverLeakHashes) {
  EXPECT_FALSE(IsInteractiveShell("/usr/sbin/nologin"));
  EXPECT_FALSE(IsInteractiveShell("/bin/false"));
  EXPECT_FALSE(IsInteractiveShell("/bin/sync"));
  EXPECT_TRUE(IsInteractiveShell("/bin/bash"));
  EXPECT_TRUE(IsInteractiveShell(""));  // login(1) starts /bin/sh
  auto pw = ParsePasswd(
      "root:x:0:0:root:/root:/bin/bash\r\nold:$1$abc$secret:5:5::/:/bin/sh\n"
      "broken:x:notanumber:0::/:/bin/sh\nshort:x:1\n+::::::\n\n# c\n",
      "/etc/passwd");
  ASSERT_EQ(pw.entries.size(), 2u);
  EXPECT_TRUE(pw.entries[0].password_in_shadow);
  EXPECT_EQ(pw.entries[1].password.algorithm, "md5");
  EXPECT_EQ(pw.entries[1].where.text, "old:<hash>:5:5::/:/bin/sh");
  EXPECT_EQ(pw.warnings.size(), 3u);
  auto sp =
      ParseShadow("root:$6$salt$secrethash:19000:0:99999:7:::\nbad\nalice:!!:19000::::::\n", "/etc/shadow");
  ASSERT_EQ(sp.entries.size(), 2u);
  EXPECT_EQ(sp.entries[0].where.text, "root:<hash>:19000:0:99999:7:::");
  EXPECT_EQ(sp.entries[0].max_days, 99999);
  EXPECT_FALSE(sp.entries[0].expire.has_value());
  EXPECT_EQ(sp.entries[1].password.state, PasswordState::kLocked);
  for (const auto& w : sp.warnings) EXPECT_EQ(w.where.text.find("secret"), std::string::npos);
  auto gr = ParseGroup("wheel:x:10:alice,bob\nsudo:x:27:\nbad:x:zz:\n", "/etc/group");
  ASSERT_EQ(gr.entries.size(), 2u);
  EXPECT_EQ(gr.entries[0].members, (std::vector<std::string>{"alice", "bob"}));
}

constexpr const char* kPasswd =
    "root:x:0:0:root:/root:/bin/bash\n"
    "toor:x:0:0::/root:/bin/sh\n"
    "daemon:x:1:1::/usr/sbin:/usr/sbin/nologin\n"
    "games:x:5:60::/usr/games:/bin/bash\n"
    "alice:x:1000:1000::/home/alice:/bin/bash\n"
    "bob:x:1001:1001::/home/bob:/bin/zsh\n"
    "test:x:1002:1002::/home/test:/bin/bash\n"
    "gone:x:1003:1003::/home/gone:/bin/bash\n"
    "nopw::1004:1004::/home/nopw:/bin/bash\n"
    "alice:x:1000:1000::/home/alice2:/bin/bash\n";
constexpr const char* kShadow =
    "root:$6$a$b:19000:0:99999:7:::\n"
    "toor:*:19000:0:99999:7:::\n"
    "daemon:*:19000:0:99999:7:::\n"
    "games:$6$a$b:19000:0:90:7:::\n"
    "alice:$1$a$b:19000:0:90:7:::\n"
    "bob:$y$a$b:19000:1:180:7:::\n"
    "test::19000:0:90:7:::\n"
    "gone:$6$a$b:19000:0:90:7::19500:\n";

host::FakeHost AccountsHost() {
  host::FakeHost h;
  h.AddFile("/etc/passwd", kPasswd);
  h.AddFile("/etc/shadow", kShadow, 0640);
  h.AddFile("/etc/group", "root:x:0:\nwheel:x:10:alice\nadm:x:10:\n");
  return h;
}

std::vector<std::string> Names(const Facts& f, const char* path) {
  std::vector<std::string> out;
  for (const auto& n : f.Find(path)->value) out.push_back(n.get<std::string>());
  return out;
}

TEST(AccountsAnalyzeTest, DerivedLists) {
  AccountsInput in;
  in.passwd = ParsePasswd(kPasswd, "/etc/passwd");
  in.shadow = ParseShadow(kShadow, "/etc/shadow");
  in.group = ParseGroup("wheel:x:10:alice\nadm:x:10:\n", "/etc/group");
  in.today = 20000;
  Facts f;
  AnalyzeAccounts(in, f);
  using V = std::vector<std::string>;
  EXPECT_EQ(Names(f, "accounts.uid0_users"), (V{"root", "toor"}));
  EXPECT_EQ(Names(f, "accounts.empty_password_users"), (V{"nopw", "test"}));
  EXPECT_EQ(Names(f, "accounts.weak_hash_users"), (V{"alice"}));
  EXPECT_EQ(Names(f, "accounts.expired_users"), (V{"gone"}));
  EXPECT_EQ(Names(f, "accounts.max_days_over_90_users"), (V{"bob", "nopw", "root"}));
  EXPECT_EQ(Names(f, "accounts.no_max_days_users"), (V{"nopw", "root"}));
  EXPECT_EQ(Names(f, "accounts.default_named_users"), (V{"test"}));
  EXPECT_EQ(Names(f, "accounts.interactive_system_users"), (V{"games"}));  // toor is locked
  EXPECT_EQ(Names(f, "accounts.duplicate_names"), (V{"alice"}));
  EXPECT_EQ(f.Find("accounts.duplicate_uids")->value.size(), 2u);  // 0 and 1000
  EXPECT_EQ(f.Find("accounts.duplicate_gids")->value[0]["gid"], 10);
  const auto& users = f.Find("accounts.users")->value;
  EXPECT_EQ(users[0]["password_state"], "hash");
  EXPECT_EQ(users[0]["hash_algorithm"], "sha512");
  EXPECT_EQ(users[7]["expired"], true);
  EXPECT_EQ(users[8]["password_state"], "empty");
  EXPECT_EQ(f.Find("accounts.empty_password_users")->sources[0].text, "test:<empty>:19000:0:90:7:::");
  std::string dump = f.ToJson().dump();
  EXPECT_EQ(dump.find("$6$"), std::string::npos);
  EXPECT_EQ(dump.find("$1$"), std::string::npos);
}

TEST(AccountsCollectTest, ShadowDeniedMakesShadowFactsUnknown) {
  host::FakeHost h = AccountsHost();
  h.Deny("/etc/shadow");
  Facts f;
  CollectAccounts(h, f);
  EXPECT_EQ(f.UnknownOf("accounts.shadow")->code, ErrorCode::kPermissionDenied);
  for (const char* p : {"accounts.empty_password_users", "accounts.weak_hash_users", "accounts.expired_users",
                        "accounts.max_days_over_90_users", "accounts.interactive_system_users"}) {
    EXPECT_EQ(f.Find(p), nullptr) << p;
    ASSERT_NE(f.UnknownOf(p), nullptr) << p;
  }
  EXPECT_EQ(Names(f, "accounts.uid0_users"), (std::vector<std::string>{"root", "toor"}));
  EXPECT_EQ(f.Find("accounts.users")->value[0]["password_state"], "unknown");
  EXPECT_EQ(f.Find("accounts.users")->value[8]["password_state"], "empty");
  EXPECT_EQ(f.Find("accounts.uid_min")->value, 1000);
}

TEST(AccountsCollectTest, UidMinFromLoginDefsAndBrokenFiles) {
  host::FakeHost h = AccountsHost();
  h.AddFile("/etc/login.defs", "UID_MIN 500\n");
  Facts f;
  CollectAccounts(h, f);
  EXPECT_EQ(f.Find("accounts.uid_min")->value, 500);

  host::FakeHost junk;
  junk.AddFile("/etc/passwd",
               "root:x:0:0:\xff\xfe:/root:/bin/bash\n:::::\n\x01\x02\ndaemon:x:1:1:daemon:/usr/sbin:/usr/"
               "sbin/nologin\n");
  junk.AddFile("/etc/shadow", std::string("\0\0\0\0", 4));
  Facts g;
  CollectAccounts(junk, g);
  ASSERT_NE(g.Find("accounts.users"), nullptr);
  EXPECT_EQ(g.Find("accounts.users")->value.size(), 2u);
  EXPECT_EQ(g.UnknownOf("accounts.empty_password_users")->code, ErrorCode::kSyntax);
  EXPECT_NO_THROW(g.ToJson().dump());

  host::FakeHost none;
  Facts n;
  CollectAccounts(none, n);
  EXPECT_NE(n.UnknownOf("accounts.users"), nullptr);
}

}  // namespace
}  // namespace dengbao::probes
