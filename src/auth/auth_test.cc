// Authentication: pure functions (policy, argon2id, TOTP against RFC 6238, encodings) and the
// Authenticator on both backends (lockout, sessions, setup token, second factor, history, audit).
#include "auth/auth.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "auth/internal.h"
#include "store/test_backends.h"

namespace dengbao::auth {
namespace {

constexpr int64_t kNow = 1800000000;  // 2027-01-15T08:00:00Z
constexpr std::string_view kGood = "Correct-Horse-42";
constexpr std::string_view kOther = "Battery-Staple-77";

// ---- pure functions ----

TEST(PasswordPolicy, NamesEveryBrokenRule) {
  PasswordPolicy p;
  EXPECT_TRUE(CheckPasswordPolicy(p, kGood, "alice"));
  auto short_one = CheckPasswordPolicy(p, "Ab1-", "alice");
  ASSERT_FALSE(short_one);
  EXPECT_EQ(short_one.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(short_one.error().detail.find("shorter than 12"), std::string::npos);
  EXPECT_EQ(short_one.error().detail.find("needs 3"), std::string::npos);

  auto classes = CheckPasswordPolicy(p, "alllowercaseletters", "bob");
  ASSERT_FALSE(classes);
  EXPECT_NE(classes.error().detail.find("needs 3"), std::string::npos);

  auto login = CheckPasswordPolicy(p, "My-ALICE-password-1", "alice");
  ASSERT_FALSE(login);
  EXPECT_NE(login.error().detail.find("contains the login"), std::string::npos);

  auto both = CheckPasswordPolicy(p, "abc", "bob");
  ASSERT_FALSE(both);
  EXPECT_NE(both.error().detail.find("shorter"), std::string::npos);
  EXPECT_NE(both.error().detail.find("needs 3"), std::string::npos);
  EXPECT_TRUE(both.error().detail.starts_with("口令不符合策略"));

  auto long_one = CheckPasswordPolicy(p, std::string(200, 'a') + std::string(57, 'B') + "1", "bob");
  ASSERT_FALSE(long_one);
  EXPECT_NE(long_one.error().detail.find("longer than 256 bytes"), std::string::npos);

  // Length counts code points: 12 Chinese characters are 36 bytes but 12 characters.
  EXPECT_TRUE(CheckPasswordPolicy(p, "等级保护测评口令安全第一A1", "bob"));
  EXPECT_FALSE(CheckPasswordPolicy(p, "等保测评A1", "bob"));
}

TEST(Passwords, Argon2idHashesVerifyAndAreSalted) {
  auto h1 = HashPassword(kGood);
  ASSERT_TRUE(h1) << h1.error().ToString();
  EXPECT_TRUE(h1->starts_with("$argon2id$v=19$m=19456,t=2,p=1$")) << *h1;
  EXPECT_TRUE(VerifyPassword(*h1, kGood));
  EXPECT_FALSE(VerifyPassword(*h1, kOther));
  EXPECT_FALSE(VerifyPassword(*h1, ""));
  auto h2 = HashPassword(kGood);
  ASSERT_TRUE(h2);
  EXPECT_NE(*h1, *h2);  // random salt
  EXPECT_FALSE(VerifyPassword("not a hash", kGood));
  EXPECT_FALSE(VerifyPassword("$argon2i$v=19$m=19456,t=2,p=1$AAAA$AAAA", kGood));
}

TEST(Totp, Rfc6238AppendixBVectors) {
  const std::string secret = internal::Base32Encode("12345678901234567890");
  EXPECT_EQ(secret, "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
  const std::pair<int64_t, const char*> vectors[] = {
      {59, "94287082"},         {1111111109, "07081804"}, {1111111111, "14050471"},
      {1234567890, "89005924"}, {2000000000, "69279037"}, {20000000000, "65353130"},
  };
  for (const auto& [t, code8] : vectors) {
    auto code = TotpCode(secret, t);
    ASSERT_TRUE(code);
    EXPECT_EQ(*code, std::string(code8).substr(2)) << "t=" << t;
    EXPECT_TRUE(VerifyTotp(secret, *code, t));
    EXPECT_TRUE(VerifyTotp(secret, *code, t + 30));   // one step late
    EXPECT_TRUE(VerifyTotp(secret, *code, t - 30));   // one step early
    EXPECT_FALSE(VerifyTotp(secret, *code, t + 90));  // two steps away
  }
  EXPECT_FALSE(VerifyTotp(secret, "", 59));
  EXPECT_FALSE(VerifyTotp(secret, "28708", 59));
  EXPECT_FALSE(VerifyTotp(secret, "2870822", 59));
  EXPECT_FALSE(TotpCode("not base32!", 59));
}

TEST(Totp, SecretsUrisAndTokens) {
  const std::string s = NewTotpSecret();
  EXPECT_EQ(s.size(), 32U);  // 20 bytes
  auto raw = internal::Base32Decode(s);
  ASSERT_TRUE(raw);
  EXPECT_EQ(raw->size(), 20U);
  EXPECT_EQ(TotpUri("alice", "ABC"),
            "otpauth://totp/Dengbao:alice?secret=ABC&issuer=Dengbao&algorithm=SHA1&digits=6&period=30");
  // RFC 4648 §10 test vectors (without padding) and lower-case input.
  EXPECT_EQ(internal::Base32Encode("foobar"), "MZXW6YTBOI");
  EXPECT_EQ(internal::Base32Encode("f"), "MY");
  EXPECT_EQ(internal::Base32Decode("mzxw6ytboi======"), "foobar");
  EXPECT_FALSE(internal::Base32Decode("MZX1"));
  EXPECT_FALSE(internal::Base32Decode("M"));

  std::set<std::string> seen;
  for (int i = 0; i < 20; ++i) {
    std::string t = RandomToken();
    EXPECT_EQ(t.size(), 43U);
    EXPECT_EQ(t.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
              std::string::npos);
    seen.insert(t);
  }
  EXPECT_EQ(seen.size(), 20U);
}

TEST(Roles, IdsLabelsAndPrivilege) {
  for (Role r : {Role::kSysadmin, Role::kSecadmin, Role::kAuditor, Role::kOwner, Role::kViewer})
    EXPECT_EQ(ParseRole(RoleId(r)), r);
  EXPECT_FALSE(ParseRole("root"));
  EXPECT_EQ(RoleLabel(Role::kAuditor), "审计管理员");
  EXPECT_TRUE(IsPrivileged(Role::kSecadmin));
  EXPECT_FALSE(IsPrivileged(Role::kOwner));
  EXPECT_EQ(Bit(Role::kViewer), 16U);
}

TEST(Times, IsoRoundTrip) {
  EXPECT_EQ(internal::IsoFromUnix(kNow), "2027-01-15T08:00:00Z");
  EXPECT_EQ(internal::UnixFromIso("2027-01-15T08:00:00Z"), kNow);
  EXPECT_FALSE(internal::UnixFromIso("2027-01-15 08:00:00"));
  EXPECT_FALSE(internal::UnixFromIso(""));
}

// ---- the Authenticator on both backends ----

class AuthTest : public store::testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    db_ = Open();
    ASSERT_NE(db_, nullptr);
  }

  void AddUser(const std::string& login, const std::string& role, bool with_password = true) {
    store::Record u{{"id", login},   {"name", login + " 姓名"}, {"role", role}, {"organisation_id", ""},
                    {"site_id", ""}, {"manager_id", ""},        {"email", ""},  {"active", "1"}};
    ASSERT_TRUE(db_->Put("user", u, "test", "user.upsert"));
    if (with_password) {
      auto st = Auth().SetPassword("test", login, kGood, false, kNow - 86400);
      ASSERT_TRUE(st) << st.error().ToString();
    }
  }
  // Enrols TOTP for `login` and returns the secret.
  std::string Enrol(const std::string& login, int64_t at) {
    auto secret = Auth().BeginTotp(login, at);
    EXPECT_TRUE(secret);
    if (!secret) return "";
    auto st = Auth().ConfirmTotp(login, *TotpCode(*secret, at), at);
    EXPECT_TRUE(st) << st.error().ToString();
    return *secret;
  }
  Authenticator& Auth() {
    if (!auth_) auth_ = std::make_unique<Authenticator>(*db_);
    return *auth_;
  }
  void ExpectAuditOk() {
    auto v = db_->VerifyAudit();
    ASSERT_TRUE(v);
    EXPECT_TRUE(v->ok) << v->problem << " entry " << v->entry_id << " " << v->object;
  }
  int CountActions(const std::string& action, const std::string& object) {
    auto log = db_->AuditLog();
    int n = 0;
    for (const auto& e : *log) n += (e.action == action && e.object == object) ? 1 : 0;
    return n;
  }

  std::unique_ptr<store::Store> db_;
  std::unique_ptr<Authenticator> auth_;
};

TEST_P(AuthTest, LockoutExactlyAtTheSixthWrongPassword) {
  AddUser("alice", "viewer");
  for (int i = 0; i < 5; ++i) {
    auto r = Auth().Login("alice", kOther, "", "127.0.0.1", kNow + i);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().failure, LoginFailure::kBadCredentials);
  }
  auto ok = Auth().Login("alice", kGood, "", "127.0.0.1", kNow + 10);  // 5 wrong, then right: fine
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_FALSE(ok->must_change_password);

  for (int i = 0; i < 5; ++i) ASSERT_FALSE(Auth().Login("alice", kOther, "", "", kNow + 20 + i));
  auto sixth = Auth().Login("alice", kOther, "", "", kNow + 30);
  ASSERT_FALSE(sixth);
  EXPECT_EQ(sixth.error().failure, LoginFailure::kLocked);
  EXPECT_EQ(sixth.error().locked_until, kNow + 30 + 15 * 60);
  EXPECT_TRUE(sixth.error().message.starts_with("账号已锁定")) << sixth.error().message;

  auto right_while_locked = Auth().Login("alice", kGood, "", "", kNow + 40);
  ASSERT_FALSE(right_while_locked);
  EXPECT_EQ(right_while_locked.error().failure, LoginFailure::kLocked);
  EXPECT_EQ(right_while_locked.error().locked_until, kNow + 30 + 15 * 60);
  EXPECT_FALSE(Auth().Login("alice", kGood, "", "", kNow + 30 + 15 * 60 - 1));
  EXPECT_TRUE(Auth().Login("alice", kGood, "", "", kNow + 30 + 15 * 60));

  EXPECT_EQ(CountActions("auth.login", "login:alice"), 2);
  EXPECT_EQ(CountActions("auth.login_failed", "login:alice"), 10);
  EXPECT_EQ(CountActions("auth.locked", "login:alice"), 3);
  ExpectAuditOk();
}

TEST_P(AuthTest, UnlockEndsALockEarly) {
  AddUser("alice", "viewer");
  for (int i = 0; i < 6; ++i) ASSERT_FALSE(Auth().Login("alice", kOther, "", "", kNow));
  ASSERT_EQ(Auth().Login("alice", kGood, "", "", kNow).error().failure, LoginFailure::kLocked);
  ASSERT_TRUE(Auth().Unlock("cli:root", "alice", kNow));
  EXPECT_TRUE(Auth().Login("alice", kGood, "", "", kNow + 1));
  EXPECT_EQ(CountActions("auth.unlock", "login:alice"), 1);
  EXPECT_EQ(Auth().Unlock("cli:root", "nobody", kNow).error().code, ErrorCode::kNotFound);
  ExpectAuditOk();
}

TEST_P(AuthTest, UnknownLoginLooksLikeAWrongPassword) {
  AddUser("alice", "viewer");
  AddUser("nopass", "viewer", false);
  auto wrong = Auth().Login("alice", kOther, "", "", kNow);
  auto unknown = Auth().Login("mallory", kOther, "", "", kNow);
  auto no_password = Auth().Login("nopass", kOther, "", "", kNow);
  auto garbage = Auth().Login("x' OR 1=1 --", kOther, "", "", kNow);
  for (const auto* r : {&unknown, &no_password, &garbage}) {
    ASSERT_FALSE(*r);
    EXPECT_EQ(r->error().failure, wrong.error().failure);
    EXPECT_EQ(r->error().message, wrong.error().message);
  }
  EXPECT_EQ(CountActions("auth.login_failed", "login:mallory"), 1);
  EXPECT_EQ(CountActions("auth.login_failed", "login:?"), 1);
  ExpectAuditOk();
}

TEST_P(AuthTest, DisabledAccountIsNamedOnlyToWhoeverKnowsThePassword) {
  AddUser("bob", "owner");
  auto u = db_->Get("user", {"bob"});
  store::Record rec = **u;
  rec["active"] = "0";
  ASSERT_TRUE(db_->Put("user", rec, "test", "user.upsert"));
  EXPECT_EQ(Auth().Login("bob", kOther, "", "", kNow).error().failure, LoginFailure::kBadCredentials);
  EXPECT_EQ(Auth().Login("bob", kGood, "", "", kNow).error().failure, LoginFailure::kDisabled);
  ExpectAuditOk();
}

TEST_P(AuthTest, SessionsEndWhenIdleOrPastTheirLifetime) {
  AddUser("carol", "owner");
  auto s = Auth().Login("carol", kGood, "", "10.0.0.9", kNow);
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(s->token.size(), 43U);
  EXPECT_EQ(s->csrf.size(), 43U);
  EXPECT_EQ(s->user, "carol");
  EXPECT_EQ(s->role, Role::kOwner);
  EXPECT_EQ(s->name, "carol 姓名");
  EXPECT_EQ(s->expires_at, kNow + 8 * 3600);
  EXPECT_FALSE(s->must_enrol_totp);
  // Only the token's hash is stored.
  EXPECT_FALSE(*db_->Get("session", {s->token}));

  auto v = Auth().Validate(s->token, kNow + 14 * 60);
  ASSERT_TRUE(v);
  ASSERT_TRUE(*v);
  EXPECT_EQ((*v)->csrf, s->csrf);
  EXPECT_TRUE((*v)->token.empty());
  // Requests every 10 minutes keep it alive, up to the end of its lifetime...
  for (int64_t t = kNow + 20 * 60; t <= kNow + 8 * 3600; t += 10 * 60) {
    auto again = Auth().Validate(s->token, t);
    ASSERT_TRUE(again && *again) << "t=" << t - kNow;
  }
  // ...which then ends it (a second later, not idle), and it is gone for good.
  auto late = Auth().Validate(s->token, kNow + 8 * 3600 + 1);
  ASSERT_TRUE(late);
  EXPECT_FALSE(*late);
  EXPECT_FALSE(*Auth().Validate(s->token, kNow + 60));

  auto s2 = Auth().Login("carol", kGood, "", "", kNow);
  ASSERT_TRUE(s2);
  EXPECT_TRUE(*Auth().Validate(s2->token, kNow + 15 * 60));       // exactly the idle limit: alive
  EXPECT_FALSE(*Auth().Validate(s2->token, kNow + 30 * 60 + 1));  // 15 min + 1 s after that: gone
  EXPECT_FALSE(*Auth().Validate(s2->token, kNow + 30 * 60 + 2));

  auto s3 = Auth().Login("carol", kGood, "", "", kNow);
  ASSERT_TRUE(s3);
  ASSERT_TRUE(Auth().Logout(s3->token, kNow + 1));
  EXPECT_FALSE(*Auth().Validate(s3->token, kNow + 2));
  EXPECT_TRUE(Auth().Logout(s3->token, kNow + 3));  // twice is fine
  EXPECT_FALSE(*Auth().Validate("", kNow));
  EXPECT_FALSE(*Auth().Validate("forged", kNow));
  EXPECT_EQ(CountActions("auth.logout", "login:carol"), 1);
  ExpectAuditOk();
}

TEST_P(AuthTest, SetupTokenCreatesTheFirstAdministratorOnce) {
  auto token = Auth().EnsureSetupToken(kNow);
  ASSERT_TRUE(token);
  ASSERT_EQ(token->size(), 43U);
  auto again = Auth().EnsureSetupToken(kNow + 1);  // replaced: the old one no longer works
  ASSERT_TRUE(again);
  EXPECT_NE(*again, *token);
  EXPECT_EQ(Auth().CompleteSetup(*token, "root", "管理员", kGood, kNow).error().code,
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(Auth().CompleteSetup(*again, "root", "管理员", "short", kNow).error().code,
            ErrorCode::kInvalidArgument);
  auto st = Auth().CompleteSetup(*again, "root", "管理员", kGood, kNow);
  ASSERT_TRUE(st) << st.error().ToString();
  EXPECT_EQ(Auth().CompleteSetup(*again, "root2", "x", kGood, kNow).error().code,
            ErrorCode::kPermissionDenied);
  auto none = Auth().EnsureSetupToken(kNow + 2);
  ASSERT_TRUE(none);
  EXPECT_EQ(*none, "");
  EXPECT_EQ(Count("setup_tokens"), 0);

  auto user = db_->Get("user", {"root"});
  ASSERT_TRUE(user && *user);
  EXPECT_EQ((**user).at("role"), "sysadmin");
  EXPECT_EQ((**user).at("name"), "管理员");
  auto s = Auth().Login("root", kGood, "", "", kNow + 5);
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(s->role, Role::kSysadmin);
  EXPECT_TRUE(s->must_enrol_totp);  // an administrator without TOTP yet
  EXPECT_FALSE(s->second_factor);
  ExpectAuditOk();
}

TEST_P(AuthTest, PrivilegedUserNeedsTheCodeOnceEnrolled) {
  AddUser("sec", "secadmin");
  auto first = Auth().Login("sec", kGood, "", "", kNow);
  ASSERT_TRUE(first);
  EXPECT_TRUE(first->must_enrol_totp);
  EXPECT_EQ(Auth().MarkSecondFactor(first->token).error().code, ErrorCode::kPermissionDenied);

  auto secret = Auth().BeginTotp("sec", kNow + 10);
  ASSERT_TRUE(secret);
  EXPECT_EQ(Auth().ConfirmTotp("sec", "000000", kNow + 10).error().code, ErrorCode::kPermissionDenied);
  ASSERT_TRUE(Auth().ConfirmTotp("sec", *TotpCode(*secret, kNow + 10), kNow + 10));
  ASSERT_TRUE(Auth().MarkSecondFactor(first->token));
  auto v = Auth().Validate(first->token, kNow + 20);
  ASSERT_TRUE(v && *v);
  EXPECT_FALSE((*v)->must_enrol_totp);
  EXPECT_TRUE((*v)->second_factor);
  EXPECT_EQ(CountActions("auth.totp_enrolled", "credential:sec"), 1);

  const int64_t t = kNow + 600;
  auto missing = Auth().Login("sec", kGood, "", "", t);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().failure, LoginFailure::kSecondFactorRequired);
  const std::string code = *TotpCode(*secret, t);
  const std::string wrong = code == "123456" ? "654321" : "123456";
  auto bad = Auth().Login("sec", kGood, wrong, "", t);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().failure, LoginFailure::kSecondFactorWrong);
  auto wrong_password = Auth().Login("sec", kOther, code, "", t);
  EXPECT_EQ(wrong_password.error().failure, LoginFailure::kBadCredentials);
  auto ok = Auth().Login("sec", kGood, code, "", t);
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_TRUE(ok->second_factor);
  EXPECT_FALSE(ok->must_enrol_totp);
  // The same code is not accepted twice, not even a little later.
  auto replay = Auth().Login("sec", kGood, code, "", t + 20);
  ASSERT_FALSE(replay);
  EXPECT_EQ(replay.error().failure, LoginFailure::kSecondFactorWrong);
  EXPECT_TRUE(Auth().Login("sec", kGood, *TotpCode(*secret, t + 90), "", t + 90));
  ExpectAuditOk();
}

TEST_P(AuthTest, WrongCodesCountTowardsTheLockout) {
  AddUser("aud", "auditor");
  const std::string secret = Enrol("aud", kNow);
  const int64_t t = kNow + 3600;
  const std::string wrong = *TotpCode(secret, t) == "111111" ? "222222" : "111111";
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(Auth().Login("aud", kGood, wrong, "", t).error().failure, LoginFailure::kSecondFactorWrong);
  EXPECT_EQ(Auth().Login("aud", kGood, wrong, "", t).error().failure, LoginFailure::kLocked);
  EXPECT_EQ(Auth().Login("aud", kGood, *TotpCode(secret, t), "", t).error().failure, LoginFailure::kLocked);
  ExpectAuditOk();
}

TEST_P(AuthTest, OptionalTotpForOthersIsRequiredOnceEnrolled) {
  AddUser("own", "owner");
  auto before = Auth().Login("own", kGood, "", "", kNow);
  ASSERT_TRUE(before);
  EXPECT_FALSE(before->must_enrol_totp);
  const std::string secret = Enrol("own", kNow);
  EXPECT_EQ(Auth().Login("own", kGood, "", "", kNow + 300).error().failure,
            LoginFailure::kSecondFactorRequired);
  EXPECT_TRUE(Auth().Login("own", kGood, *TotpCode(secret, kNow + 300), "", kNow + 300));
}

TEST_P(AuthTest, PasswordHistoryExpiryAndResets) {
  AddUser("dave", "viewer");  // password kGood, set a day before kNow
  EXPECT_EQ(Auth().ChangePassword("dave", kOther, "Another-Pass-99", kNow).error().code,
            ErrorCode::kPermissionDenied);
  auto same = Auth().ChangePassword("dave", kGood, kGood, kNow);
  ASSERT_FALSE(same);
  EXPECT_NE(same.error().detail.find("reuses one of the last 5"), std::string::npos);
  EXPECT_EQ(Auth().ChangePassword("dave", kGood, "dave-Pass-1234", kNow).error().code,
            ErrorCode::kInvalidArgument);

  const std::string pw[] = {"Password-One-1", "Password-Two-2", "Password-Three-3", "Password-Four-4",
                            "Password-Five-5"};
  std::string current(kGood);
  for (const auto& p : pw) {
    auto st = Auth().ChangePassword("dave", current, p, kNow);
    ASSERT_TRUE(st) << st.error().ToString();
    current = p;
  }
  // The last five (One … Five, the current) are refused; kGood, six back, is allowed again.
  EXPECT_FALSE(Auth().ChangePassword("dave", current, "Password-Two-2", kNow));
  EXPECT_FALSE(Auth().ChangePassword("dave", current, "Password-Five-5", kNow));
  ASSERT_TRUE(Auth().ChangePassword("dave", current, kGood, kNow));

  auto fresh = Auth().Login("dave", kGood, "", "", kNow + 89 * 86400);
  ASSERT_TRUE(fresh);
  EXPECT_FALSE(fresh->must_change_password);
  auto old = Auth().Login("dave", kGood, "", "", kNow + 91 * 86400);
  ASSERT_TRUE(old);
  EXPECT_TRUE(old->must_change_password);

  // An administrator's reset ends the user's sessions and asks for a new password.
  auto s = Auth().Login("dave", kGood, "", "", kNow + 10);
  ASSERT_TRUE(s);
  ASSERT_TRUE(Auth().SetPassword("cli:root", "dave", "Temporary-Pass-7", true, kNow + 20));
  EXPECT_FALSE(*Auth().Validate(s->token, kNow + 21));
  auto after = Auth().Login("dave", "Temporary-Pass-7", "", "", kNow + 30);
  ASSERT_TRUE(after);
  EXPECT_TRUE(after->must_change_password);
  ASSERT_TRUE(Auth().ChangePassword("dave", "Temporary-Pass-7", "Chosen-By-Me-8888", kNow + 40));
  auto v = Auth().Validate(after->token, kNow + 50);
  ASSERT_TRUE(v && *v);
  EXPECT_FALSE((*v)->must_change_password);
  EXPECT_EQ(Auth().SetPassword("cli:root", "nobody", kGood, false, kNow).error().code, ErrorCode::kNotFound);
  // The audit trail holds digests, never the hashes.
  auto log = db_->AuditLog();  // named: a range-for over *temporary() dangles under GCC 12
  ASSERT_TRUE(log);
  for (const auto& e : *log) EXPECT_EQ(e.object.find("argon2"), std::string::npos);
  ExpectAuditOk();
}

INSTANTIATE_TEST_SUITE_P(Backends, AuthTest, ::testing::Values("sqlite", "postgresql"),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });

}  // namespace
}  // namespace dengbao::auth
