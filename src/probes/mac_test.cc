#include "probes/mac.h"

#include <gtest/gtest.h>

#include "host/fake_host.h"

namespace dengbao::probes {
namespace {

TEST(MacTest, SelinuxConfigAndCmdline) {
  auto c = ParseSelinuxConfig(
      "# SELINUX=disabled\r\nSELINUX=Enforcing\r\nSELINUXTYPE=targeted\r\nSELINUX = \"permissive\"\n");
  EXPECT_EQ(c.mode, "permissive");
  EXPECT_EQ(c.mode_line, 4);
  EXPECT_EQ(c.type, "targeted");
  auto p = ParseKernelCmdline("BOOT_IMAGE=/vmlinuz ro quiet selinux=0 dyndbg=\"file a.c +p\" apparmor=1\n");
  ASSERT_EQ(p.size(), 6u);
  EXPECT_EQ(p[2], (std::pair<std::string, std::string>{"quiet", ""}));
  EXPECT_EQ(p[4].second, "file a.c +p");
  EXPECT_EQ(CmdlineValue(p, "selinux"), "0");
  EXPECT_FALSE(CmdlineValue(p, "security").has_value());
  EXPECT_EQ(
      GrubCmdline(
          "GRUB_CMDLINE_LINUX=\"crashkernel=auto rhgb\"\nGRUB_CMDLINE_LINUX_DEFAULT='quiet apparmor=0'\n"),
      "crashkernel=auto rhgb quiet apparmor=0");
}

TEST(MacTest, OfflineRhelEnforcing) {
  host::FakeHost h;
  h.AddFile("/etc/selinux/config", "SELINUX=enforcing\nSELINUXTYPE=targeted\n")
      .AddFile("/etc/default/grub", "GRUB_CMDLINE_LINUX=\"rhgb quiet\"\n");
  Facts f;
  CollectMac(h, f);
  EXPECT_EQ(f.Find("mac.selinux.mode")->value, "enforcing");
  EXPECT_EQ(f.Find("mac.selinux.type")->value, "targeted");
  EXPECT_EQ(f.Find("mac.apparmor.enabled")->value, false);
  EXPECT_EQ(f.Find("mac.active")->value, true);
  EXPECT_EQ(f.Find("mac.kernel_disabled")->value, false);
  EXPECT_EQ(f.Find("mac.kysec.present")->value, false);
}

TEST(MacTest, OfflineKernelDisablesSelinux) {
  host::FakeHost h;
  h.AddFile("/etc/selinux/config", "SELINUX=enforcing\n")
      .AddFile("/etc/default/grub", "GRUB_CMDLINE_LINUX=\"rhgb selinux=0\"\n");
  Facts f;
  CollectMac(h, f);
  EXPECT_EQ(f.Find("mac.selinux.mode")->value, "disabled");
  EXPECT_EQ(f.Find("mac.selinux.config_mode")->value, "enforcing");
  EXPECT_EQ(f.Find("mac.kernel_disabled")->value, true);
  EXPECT_EQ(f.Find("mac.active")->value, false);
}

TEST(MacTest, OfflineUbuntuAppArmor) {
  host::FakeHost h;
  h.AddFile("/usr/sbin/apparmor_parser", "")
      .AddSymlink("/etc/systemd/system/sysinit.target.wants/apparmor.service",
                  "/lib/systemd/system/apparmor.service")
      .AddFile("/etc/apparmor.d/usr.sbin.cups-browsed", "profile")
      .AddFile("/etc/apparmor.d/usr.bin.man", "profile")
      .AddFile("/etc/apparmor.d/usr.sbin.rsyslogd", "profile")
      .AddSymlink("/etc/apparmor.d/disable/usr.sbin.rsyslogd", "/etc/apparmor.d/usr.sbin.rsyslogd")
      .AddDir("/etc/apparmor.d/abstractions");
  Facts f;
  CollectMac(h, f);
  EXPECT_EQ(f.Find("mac.apparmor.enabled")->value, true);
  EXPECT_EQ(f.Find("mac.apparmor.profiles")->value, 2);
  EXPECT_TRUE(f.Find("mac.selinux.mode")->value.is_null());
  EXPECT_EQ(f.Find("mac.active")->value, true);
  EXPECT_TRUE(f.Find("mac.kernel_disabled")->value.is_null());  // no grub config in the tree
}

TEST(MacTest, LiveStates) {
  host::FakeHost h;
  h.SetLive(true);
  h.AddFile("/proc/cmdline", "ro quiet\n")
      .AddFile("/etc/selinux/config", "SELINUX=enforcing\n")
      .AddFile("/sys/fs/selinux/enforce", "0")
      .AddFile("/sys/module/apparmor/parameters/enabled", "N\n")
      .AddDir("/etc/kysec");
  Facts f;
  CollectMac(h, f);
  EXPECT_EQ(f.Find("mac.selinux.mode")->value, "permissive");
  EXPECT_EQ(f.Find("mac.apparmor.enabled")->value, false);
  EXPECT_EQ(f.Find("mac.apparmor.profiles")->value, 0);
  EXPECT_EQ(f.Find("mac.active")->value, false);
  EXPECT_EQ(f.Find("mac.kysec.present")->value, true);

  host::FakeHost g;
  g.SetLive(true).AddFile("/etc/selinux/config", "SELINUX=enforcing\n");
  Facts gf;
  CollectMac(g, gf);
  EXPECT_EQ(gf.Find("mac.selinux.mode")->value, "disabled");  // selinuxfs not mounted
}

TEST(MacTest, UnreadableAndBinaryConfig) {
  host::FakeHost h;
  h.AddFile("/etc/selinux/config", "x").Deny("/etc/selinux/config");
  h.AddFile("/etc/default/grub", std::string("\0\xff\0", 3));
  Facts f;
  CollectMac(h, f);
  EXPECT_EQ(f.UnknownOf("mac.selinux.mode")->code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(f.UnknownOf("mac.active")->code, ErrorCode::kPermissionDenied);
  EXPECT_FALSE(f.warnings().empty());
  EXPECT_NO_THROW(f.ToJson().dump());
}

}  // namespace
}  // namespace dengbao::probes
