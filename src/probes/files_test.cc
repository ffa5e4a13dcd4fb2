#include "probes/files.h"

#include <gtest/gtest.h>

#include "host/fake_host.h"
#include "probes/deep_files.h"

namespace dengbao::probes {
namespace {

TEST(SysFilesTest, ModeHelpers) {
  EXPECT_EQ(FormatMode(0644), "0644");
  EXPECT_EQ(FormatMode(04755), "4755");
  EXPECT_EQ(FormatMode(0100644), "0644");
  struct Case {
    uint32_t mode;
    bool shadow_ok, passwd_ok;
  };
  const Case cases[] = {{0640, true, true},  {0600, true, true},   {0400, true, true},   {0000, true, true},
                        {0644, false, true}, {0660, false, false}, {0666, false, false}, {0604, false, true}};
  for (const auto& c : cases) {
    EXPECT_EQ(ShadowModeOk(c.mode), c.shadow_ok) << FormatMode(c.mode);
    EXPECT_EQ(PasswdModeOk(c.mode), c.passwd_ok) << FormatMode(c.mode);
  }
}

TEST(SysFilesTest, CollectModes) {
  host::FakeHost h;
  h.AddFile("/etc/passwd", "root:x:0:0::/root:/bin/bash\n", 0644);
  h.AddFile("/etc/shadow", "root:*:1::::::\n", 0640, 0, 42);
  h.AddFile("/etc/group", "", 0666);
  h.AddDir("/var/log", 0775);
  h.AddFile("/boot/grub2/grub2.cfg", "", 0600).AddSymlink("/boot/grub2/grub.cfg", "grub2.cfg");
  h.AddSymlink("/etc/securetty", "/etc/securetty");  // loop
  Facts facts;
  CollectFiles(h, facts);
  const auto& modes = facts.Find("files.modes")->value;
  EXPECT_EQ(modes["/etc/shadow"]["mode"], "0640");
  EXPECT_EQ(modes["/etc/shadow"]["gid"], 42);
  EXPECT_EQ(modes["/etc/shadow"]["type"], "file");
  EXPECT_EQ(modes["/var/log"]["type"], "dir");
  EXPECT_EQ(modes["/etc/gshadow"]["exists"], false);
  EXPECT_EQ(modes["/boot/grub2/grub.cfg"]["type"], "symlink");
  EXPECT_EQ(modes["/boot/grub2/grub.cfg"]["mode"], "0600");
  EXPECT_FALSE(modes["/etc/securetty"].contains("mode"));
  EXPECT_TRUE(modes["/etc/securetty"].contains("error"));
  EXPECT_EQ(facts.Find("files.shadow_mode_ok")->value, true);
  EXPECT_EQ(facts.Find("files.passwd_mode_ok")->value, true);
  EXPECT_EQ(facts.Find("files.world_writable_key_files")->value, nlohmann::json::array({"/etc/group"}));
  EXPECT_NO_THROW(facts.ToJson().dump());
}

TEST(SysFilesTest, MissingShadowIsUnknown) {
  host::FakeHost h;
  h.AddFile("/etc/passwd", "", 0664);
  Facts facts;
  CollectFiles(h, facts);
  EXPECT_EQ(facts.UnknownOf("files.shadow_mode_ok")->code, ErrorCode::kNotFound);
  EXPECT_EQ(facts.Find("files.passwd_mode_ok")->value, false);
}

TEST(SysDeepFilesTest, ParseIdsAndClassify) {
  EXPECT_EQ(ParseIdColumn("root:x:0:0::/:/bin/sh\n# c\nbad\nu:x:1000:1000\nneg:x:-1:\nbig:x:99999999999:\n"),
            (std::set<uint32_t>{0, 1000}));
  DeepScan scan;
  std::set<uint32_t> ids = {0};
  ClassifyPath("/tmp", {host::FileType::kDirectory, 01777, 0, 0}, &ids, &ids, scan);
  ClassifyPath("/srv/open", {host::FileType::kDirectory, 0777, 0, 0}, &ids, &ids, scan);
  ClassifyPath("/srv/f", {host::FileType::kRegular, 0666, 5, 0}, &ids, &ids, scan);
  ClassifyPath("/usr/bin/passwd", {host::FileType::kRegular, 04755, 0, 0}, &ids, &ids, scan);
  ClassifyPath("/l", {host::FileType::kSymlink, 0777, 9, 9}, &ids, &ids, scan);
  EXPECT_EQ(scan.world_writable, (std::vector<std::string>{"/srv/open", "/srv/f"}));
  EXPECT_EQ(scan.suid_sgid, (std::vector<std::string>{"/usr/bin/passwd"}));
  EXPECT_EQ(scan.unowned, (std::vector<std::string>{"/srv/f"}));
}

TEST(SysDeepFilesTest, CollectWalksWithoutFollowingLinksOrPseudoFs) {
  host::FakeHost h;
  h.AddFile("/etc/passwd", "root:x:0:0::/root:/bin/sh\n").AddFile("/etc/group", "root:x:0:\n");
  h.AddFile("/usr/bin/su", "", 04755).AddFile("/srv/data/x", "", 0666, 1234, 0);
  h.AddFile("/proc/1/evil", "", 0666).AddFile("/run/x", "", 0666);
  h.AddSymlink("/srv/loop", "/srv").AddFile("/srv/bad\xff", "", 0666);
  Facts facts;
  CollectDeepFilesystem(h, facts);
  EXPECT_EQ(facts.Find("files.suid_sgid")->value, nlohmann::json::array({"/usr/bin/su"}));
  EXPECT_EQ(facts.Find("files.world_writable")->value,
            nlohmann::json::array({"/srv/bad\xEF\xBF\xBD", "/srv/data/x"}));
  EXPECT_EQ(facts.Find("files.unowned")->value, nlohmann::json::array({"/srv/data/x"}));
  EXPECT_EQ(facts.Find("files.deep_truncated")->value, false);
  EXPECT_NO_THROW(facts.ToJson().dump());
}

TEST(SysDeepFilesTest, CapsAndMissingPasswd) {
  host::FakeHost h;
  for (size_t i = 0; i < kDeepMaxEntries + 5; ++i) h.AddFile("/w/f" + std::to_string(i), "", 0666);
  Facts facts;
  CollectDeepFilesystem(h, facts);
  EXPECT_EQ(facts.Find("files.world_writable")->value.size(), kDeepMaxEntries);
  EXPECT_EQ(facts.Find("files.deep_truncated")->value, true);
  EXPECT_EQ(facts.UnknownOf("files.unowned")->code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace dengbao::probes
