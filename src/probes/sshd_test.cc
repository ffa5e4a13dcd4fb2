#include "probes/sshd.h"

#include <gtest/gtest.h>

#include <map>

#include "host/fake_host.h"

namespace dengbao::probes {
namespace {

std::string Value(const SshdConfig& c, const std::string& kw, size_t i = 0) {
  auto it = c.global.find(kw);
  if (it == c.global.end() || it->second.size() <= i) return "<absent>";
  std::string out;
  for (const auto& a : it->second[i].args) out += (out.empty() ? "" : " ") + a;
  return out;
}

TEST(SshdTest, TimeFormats) {
  struct Case {
    const char* in;
    std::optional<long long> want;
  } cases[] = {{"90", 90},
               {"5m", 300},
               {"1h30m", 5400},
               {"2W", 1209600},
               {"10s", 10},
               {"1d", 86400},
               {"0", 0},
               {"", std::nullopt},
               {"m", std::nullopt},
               {"5x", std::nullopt},
               {"-5", std::nullopt},
               {"99999999999999999999", std::nullopt}};
  for (const auto& c : cases) EXPECT_EQ(ParseSshTime(c.in), c.want) << c.in;
}

TEST(SshdTest, FirstValueWinsKeywordsCaseInsensitive) {
  auto cfg = ParseSshdConfig(
      "# comment\r\nPermitRootLogin no\r\npermitrootlogin yes\nMaxAuthTries=4\nClientAliveInterval = 5m\n"
      "Banner \"/etc/issue net\"\n  \tPort 22\nPort 2222\nAllowUsers alice bob\nAllowUsers carol\nUsePAM\n",
      "/etc/ssh/sshd_config");
  EXPECT_EQ(Value(cfg, "permitrootlogin"), "no");
  EXPECT_EQ(cfg.global.at("permitrootlogin").front().where.line, 2);
  EXPECT_EQ(Value(cfg, "maxauthtries"), "4");
  EXPECT_EQ(Value(cfg, "clientaliveinterval"), "5m");
  EXPECT_EQ(Value(cfg, "banner"), "/etc/issue net");
  EXPECT_EQ(Value(cfg, "port", 1), "2222");  // Port accumulates
  EXPECT_EQ(Value(cfg, "allowusers", 1), "carol");
  EXPECT_EQ(Value(cfg, "usepam"), "<absent>");
  EXPECT_EQ(cfg.warnings.size(), 1u);  // UsePAM without value
}

TEST(SshdTest, MatchBlocksAreSeparateAndMatchAllEndsThem) {
  auto cfg = ParseSshdConfig(
      "PasswordAuthentication no\nMatch User backup\n  PasswordAuthentication yes\n  X11Forwarding yes\n"
      "Match all\nX11Forwarding no\nMatch Address 10.0.0.0/8\nPermitRootLogin yes\n",
      "/etc/ssh/sshd_config");
  EXPECT_EQ(Value(cfg, "passwordauthentication"), "no");
  EXPECT_EQ(Value(cfg, "x11forwarding"), "no");
  EXPECT_EQ(Value(cfg, "permitrootlogin"), "<absent>");
  ASSERT_EQ(cfg.match_blocks.size(), 2u);
  EXPECT_EQ(cfg.match_blocks[0].criteria, "User backup");
  EXPECT_EQ(cfg.match_blocks[0].settings.at("x11forwarding").front().args.front(), "yes");
  EXPECT_EQ(cfg.match_blocks[1].settings.count("permitrootlogin"), 1u);
}

TEST(SshdTest, IncludesRelativeGlobMatchScopeAndDepth) {
  std::map<std::string, std::vector<SshdSource>> files = {
      {"/etc/ssh/sshd_config.d/*.conf",
       {{"/etc/ssh/sshd_config.d/10-a.conf",
         "PermitRootLogin no\nMatch User x\nPasswordAuthentication yes\n"},
        {"/etc/ssh/sshd_config.d/20-b.conf", "PasswordAuthentication no\n"}}},
      {"/etc/ssh/loop.conf", {{"/etc/ssh/loop.conf", "Include loop.conf\n"}}},
      {"/etc/ssh/in-match.conf", {{"/etc/ssh/in-match.conf", "MaxAuthTries 2\n"}}},
  };
  SshdIncludeLoader loader = [&](std::string_view p) -> Result<std::vector<SshdSource>> {
    auto it = files.find(std::string(p));
    if (it == files.end()) return std::vector<SshdSource>{};
    return it->second;
  };
  auto cfg = ParseSshdConfig(
      "Include sshd_config.d/*.conf\nPermitRootLogin yes\nInclude /etc/ssh/loop.conf\nMatch Group g\n"
      "Include in-match.conf\n",
      "/etc/ssh/sshd_config", loader);
  EXPECT_EQ(Value(cfg, "permitrootlogin"), "no");
  EXPECT_EQ(cfg.global.at("permitrootlogin").front().where.file, "/etc/ssh/sshd_config.d/10-a.conf");
  // The Match of 10-a.conf ended with that file, so 20-b.conf is global again.
  EXPECT_EQ(Value(cfg, "passwordauthentication"), "no");
  EXPECT_EQ(Value(cfg, "maxauthtries"), "<absent>");
  ASSERT_EQ(cfg.match_blocks.size(), 2u);
  EXPECT_EQ(cfg.match_blocks[1].settings.count("maxauthtries"), 1u);
  bool depth_warned = false;
  for (const auto& w : cfg.warnings) depth_warned |= w.message.find("depth") != std::string::npos;
  EXPECT_TRUE(depth_warned);
}

TEST(SshdTest, DpkgVersion) {
  const char* status =
      "Package: openssh-client\nStatus: install ok installed\nVersion: 1:9.2p1-2\n\n"
      "Package: openssh-server\nStatus: deinstall ok config-files\nVersion: 1:6.6p1-1\n\n"
      "Package: openssh-server\r\nStatus: install ok installed\r\nVersion: 1:8.9p1-3ubuntu0.6\r\n";
  EXPECT_EQ(DpkgInstalledVersion(status, "openssh-server"), "8.9p1");
  EXPECT_FALSE(DpkgInstalledVersion("Package: x\n", "openssh-server").has_value());
  EXPECT_TRUE(SshVersionAtLeast7("7.4p1"));
  EXPECT_TRUE(SshVersionAtLeast7("10.0p1"));
  EXPECT_FALSE(SshVersionAtLeast7("6.6.1p1"));
  EXPECT_FALSE(SshVersionAtLeast7("garbage"));
}

TEST(SshdCollectTest, MissingDeniedBinaryAndTooLarge) {
  {
    host::FakeHost h;
    Facts f;
    CollectSshd(h, f);
    EXPECT_EQ(f.Find("sshd.present")->value, false);
    EXPECT_EQ(f.Find("sshd.port"), nullptr);
  }
  struct Case {
    std::string content;
    bool deny;
    ErrorCode want;
  } cases[] = {{"Port 22\n", true, ErrorCode::kPermissionDenied},
               {std::string("\0\1\2\3binary", 10), false, ErrorCode::kSyntax},
               {std::string(9u << 20, 'a'), false, ErrorCode::kTooLarge}};
  for (const auto& c : cases) {
    host::FakeHost h;
    h.AddFile("/etc/ssh/sshd_config", c.content);
    if (c.deny) h.Deny("/etc/ssh/sshd_config");
    Facts f;
    CollectSshd(h, f);
    ASSERT_NE(f.UnknownOf("sshd.permit_root_login"), nullptr);
    EXPECT_EQ(f.UnknownOf("sshd.permit_root_login")->code, c.want);
    EXPECT_EQ(f.Find("sshd.present"), nullptr);
  }
}

TEST(SshdCollectTest, DefaultsAndVersion) {
  host::FakeHost h;
  h.AddFile("/etc/ssh/sshd_config", "UsePAM yes\n");
  Facts f;
  CollectSshd(h, f);
  EXPECT_EQ(f.Find("sshd.version")->value, nullptr);
  EXPECT_EQ(f.Find("sshd.permit_root_login")->value, "prohibit-password");
  EXPECT_EQ(f.Find("sshd.permit_root_login_is_default")->value, true);
  EXPECT_EQ(f.Find("sshd.max_auth_tries")->value, 6);
  EXPECT_EQ(f.Find("sshd.port")->value, nlohmann::json::array({22}));
  EXPECT_EQ(f.Find("sshd.ciphers")->value, nullptr);
  EXPECT_EQ(f.Find("sshd.allow_users")->value, nlohmann::json::array());
  EXPECT_EQ(f.Find("sshd.use_pam")->value, "yes");
  EXPECT_EQ(f.Find("sshd.password_authentication")->sources.front().file, "default");

  h.AddFile("/var/lib/dpkg/status",
            "Package: openssh-server\nStatus: install ok installed\nVersion: 1:6.6p1-2\n");
  Facts old;
  CollectSshd(h, old);
  EXPECT_EQ(old.Find("sshd.version")->value, "6.6p1");
  EXPECT_EQ(old.Find("sshd.permit_root_login")->value, "yes");
}

TEST(SshdCollectTest, FullConfigWithDropInAndNastyBytes) {
  host::FakeHost h;
  h.AddFile("/etc/ssh/sshd_config",
            "Include /etc/ssh/sshd_config.d/*.conf\nPermitRootLogin NO\nPort 22\nPort 2222\nPort banana\n"
            "ClientAliveInterval 5m\nCiphers aes256-ctr,aes128-ctr\nKbdInteractiveAuthentication no\n"
            "ChallengeResponseAuthentication yes\nBanner /etc/issue.\xff\xfe\nListenAddress 10.0.0.1\n"
            "MaxAuthTries many\nMatch User git\n  AllowTcpForwarding no\n");
  h.AddFile("/etc/ssh/sshd_config.d/50-cloud.conf", "PasswordAuthentication no\n");
  h.AddFile("/etc/ssh/sshd_config.d/README", "not included\n");
  Facts f;
  CollectSshd(h, f);
  EXPECT_EQ(f.Find("sshd.present")->value, true);
  EXPECT_EQ(f.Find("sshd.permit_root_login")->value, "no");
  EXPECT_EQ(f.Find("sshd.permit_root_login_is_default")->value, false);
  EXPECT_EQ(f.Find("sshd.password_authentication")->value, "no");
  EXPECT_EQ(f.Find("sshd.password_authentication")->sources.front().file,
            "/etc/ssh/sshd_config.d/50-cloud.conf");
  EXPECT_EQ(f.Find("sshd.port")->value, nlohmann::json::array({22, 2222}));
  EXPECT_EQ(f.Find("sshd.client_alive_interval")->value, 300);
  EXPECT_EQ(f.Find("sshd.ciphers")->value, nlohmann::json::array({"aes256-ctr", "aes128-ctr"}));
  EXPECT_EQ(f.Find("sshd.kbd_interactive_authentication")->value, "no");
  EXPECT_EQ(f.Find("sshd.challenge_response_authentication")->value, "no");
  EXPECT_EQ(f.Find("sshd.listen_address")->value, nlohmann::json::array({"10.0.0.1"}));
  EXPECT_EQ(f.Find("sshd.max_auth_tries")->value, nullptr);
  EXPECT_EQ(f.Find("sshd.match_blocks")->value[0]["criteria"], "User git");
  EXPECT_EQ(f.Find("sshd.settings")->value["passwordauthentication"], "no");
  EXPECT_GE(f.warnings().size(), 2u);  // bad port, bad MaxAuthTries
  EXPECT_NO_THROW(f.ToJson().dump());
}

TEST(SshdCollectTest, UnreadableDropInMakesProbeUnknown) {
  host::FakeHost h;
  h.AddFile("/etc/ssh/sshd_config", "Include /etc/ssh/sshd_config.d/*.conf\n");
  h.AddFile("/etc/ssh/sshd_config.d/secret.conf", "PermitRootLogin yes\n");
  h.Deny("/etc/ssh/sshd_config.d/secret.conf");
  Facts f;
  CollectSshd(h, f);
  ASSERT_NE(f.UnknownOf("sshd.permit_root_login"), nullptr);
  EXPECT_EQ(f.UnknownOf("sshd.permit_root_login")->code, ErrorCode::kPermissionDenied);
}

}  // namespace
}  // namespace dengbao::probes
