#include "probes/usb_storage.h"

#include <gtest/gtest.h>

#include "host/fake_host.h"

namespace dengbao::probes {
namespace {

TEST(SysUsbStorageTest, InstallCommands) {
  struct Case {
    const char* command;
    bool disables;
  };
  const Case cases[] = {{"/bin/true", true},
                        {"/usr/bin/false", true},
                        {"true", true},
                        {"/bin/sh -c 'exit 1'", true},
                        {"/bin/sh -c \"/bin/false\"", true},
                        {"/sbin/modprobe --ignore-install usb-storage", false},
                        {"", false},
                        {"/bin/echo hi", false}};
  for (const auto& c : cases) EXPECT_EQ(IsDisablingInstallCommand(c.command), c.disables) << c.command;
}

TEST(SysUsbStorageTest, ParseModprobe) {
  auto d = ParseModprobeUsbStorage(
      "# install usb-storage /bin/true\r\ninstall usb_storage \\\n  /bin/true\nblacklist usb-storage\n"
      "blacklist usbhid\ninstall usb-storage\noptions usb-storage quirks=x\n");
  ASSERT_EQ(d.size(), 2u);
  EXPECT_EQ(d[0].kind, "install");
  EXPECT_EQ(d[0].command, "/bin/true");
  EXPECT_TRUE(d[0].disables);
  EXPECT_EQ(d[0].line, 2);
  EXPECT_EQ(d[1].kind, "blacklist");
  EXPECT_EQ(ParseUsbguardImplicitPolicy("RuleFile=/etc/usbguard/rules.conf\nImplicitPolicyTarget=block\n"),
            "block");
}

TEST(SysUsbStorageTest, CollectDisabledAndUsbguard) {
  host::FakeHost h;
  h.AddFile("/etc/modprobe.d/usb.conf", "install usb-storage /bin/true\n");
  h.AddFile("/lib/modprobe.d/bl.conf", "blacklist usb_storage\n");
  h.AddFile("/etc/usbguard/usbguard-daemon.conf", "ImplicitPolicyTarget=block\n")
      .AddFile("/etc/usbguard/rules.conf", "");
  h.AddSymlink("/etc/systemd/system/multi-user.target.wants/usbguard.service",
               "/lib/systemd/system/usbguard.service");
  Facts facts;
  CollectUsbStorage(h, facts);
  EXPECT_EQ(facts.Find("usb_storage.disabled")->value, true);
  EXPECT_EQ(facts.Find("usb_storage.blacklisted")->value, true);
  EXPECT_EQ(facts.Find("usb_storage.sources")->value.size(), 2u);
  const auto& guard = facts.Find("usb_storage.usbguard")->value;
  EXPECT_EQ(guard["enabled"], true);
  EXPECT_EQ(guard["configured"], true);
  EXPECT_EQ(guard["implicit_policy_target"], "block");
}

TEST(SysUsbStorageTest, EtcOverridesVendorFileAndErrors) {
  host::FakeHost h;
  h.AddFile("/usr/lib/modprobe.d/usb.conf", "install usb-storage /bin/true\n");
  h.AddFile("/etc/modprobe.d/usb.conf", "# re-enabled\n");
  Facts facts;
  CollectUsbStorage(h, facts);
  EXPECT_EQ(facts.Find("usb_storage.disabled")->value, false);
  EXPECT_EQ(facts.Find("usb_storage.usbguard")->value["enabled"], false);

  host::FakeHost d;
  d.AddFile("/etc/modprobe.d/secret.conf", "x").Deny("/etc/modprobe.d/secret.conf");
  Facts f2;
  CollectUsbStorage(d, f2);
  EXPECT_EQ(f2.UnknownOf("usb_storage.disabled")->code, ErrorCode::kPermissionDenied);
  EXPECT_NO_THROW(f2.ToJson().dump());
}

}  // namespace
}  // namespace dengbao::probes
