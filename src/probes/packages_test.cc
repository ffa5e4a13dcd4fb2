#include "probes/packages.h"

#include <gtest/gtest.h>

#include "host/fake_host.h"

namespace dengbao::probes {
namespace {

constexpr const char* kStatus =
    "Package: openssh-server\r\nStatus: install ok installed\r\nPriority: optional\r\n"
    "Version: 1:9.2p1-2+deb12u2\r\nDescription: secure shell\r\n Package: fake-continuation\r\n\r\n"
    "Package: telnetd\nStatus: deinstall ok config-files\nVersion: 0.17-44\n\n"
    "Package: libc6\nArchitecture: amd64\nStatus: install ok installed\nVersion: 2.36-9\n\n"
    "Package: libc6\nArchitecture: i386\nStatus: install ok installed\nVersion: 2.36-9\n\n\n\n"
    "Package: half\nStatus: install reinstreq half-installed\nVersion: 1\n\n"
    "Package: held\nStatus: hold ok installed\nVersion: 3\n";

TEST(SysPackagesTest, ParseDpkgStatus) {
  auto pkgs = ParseDpkgStatus(kStatus);
  EXPECT_EQ(pkgs, (PackageMap{{"openssh-server", "1:9.2p1-2+deb12u2"}, {"libc6", "2.36-9"}, {"held", "3"}}));
  EXPECT_TRUE(ParseDpkgStatus("").empty());
  EXPECT_TRUE(ParseDpkgStatus("Package\n\n:::\nStatus:\n").empty());
}

TEST(SysPackagesTest, ParseRpmQa) {
  auto pkgs = ParseRpmQa(
      "openssh-server 8.7p1-34.el9\nkernel 5.14.0-1.el9\nkernel 5.14.0-2.el9\ngpg-pubkey 1-2\nbroken\n\n");
  EXPECT_EQ(pkgs, (PackageMap{{"openssh-server", "8.7p1-34.el9"}, {"kernel", "5.14.0-1.el9, 5.14.0-2.el9"}}));
}

TEST(SysPackagesTest, CollectDpkgAndBinaries) {
  host::FakeHost h;
  h.AddFile("/var/lib/dpkg/status", kStatus).AddFile("/usr/sbin/in.telnetd", "", 0755);
  h.AddFile("/usr/sbin/aide", "", 0755);
  Facts facts;
  CollectPackages(h, facts);
  EXPECT_EQ(facts.Find("packages.manager")->value, "dpkg");
  EXPECT_EQ(facts.Find("packages.count")->value, 3);
  EXPECT_EQ(facts.Find("packages.installed")->value["libc6"], "2.36-9");
  const auto& bins = facts.Find("packages.binaries")->value;
  EXPECT_EQ(bins["telnetd"], true);
  EXPECT_EQ(bins["aide"], true);
  EXPECT_EQ(bins["vsftpd"], false);
  EXPECT_EQ(facts.Find("packages.binaries_present")->value, nlohmann::json({"aide", "telnetd"}));
}

TEST(SysPackagesTest, CollectRpmLiveOfflineAndFailures) {
  const std::string cmd = "rpm -qa --qf %{NAME} %{VERSION}-%{RELEASE}\\n";
  host::FakeHost live;
  live.SetLive(true).AddDir("/var/lib/rpm").AddCommand(cmd, {0, "bash 5.1-6.el9\n", ""});
  Facts f1;
  CollectPackages(live, f1);
  EXPECT_EQ(f1.Find("packages.manager")->value, "rpm");
  EXPECT_EQ(f1.Find("packages.installed")->value["bash"], "5.1-6.el9");

  host::FakeHost offline;
  offline.AddFile("/var/lib/rpm/rpmdb.sqlite", "SQLite format 3");
  Facts f2;
  CollectPackages(offline, f2);
  EXPECT_EQ(f2.Find("packages.manager")->value, "rpm");
  EXPECT_EQ(f2.UnknownOf("packages.installed")->code, ErrorCode::kUnsupported);
  EXPECT_NE(f2.Find("packages.binaries"), nullptr);

  host::FakeHost failing;
  failing.SetLive(true).AddDir("/var/lib/rpm").AddCommand(cmd, {1, "", "error: rpmdb open failed\xff"});
  Facts f3;
  CollectPackages(failing, f3);
  EXPECT_EQ(f3.UnknownOf("packages.count")->code, ErrorCode::kIo);
  EXPECT_NO_THROW(f3.ToJson().dump());

  host::FakeHost denied;
  denied.AddFile("/var/lib/dpkg/status", kStatus).Deny("/var/lib/dpkg/status");
  Facts f4;
  CollectPackages(denied, f4);
  EXPECT_EQ(f4.UnknownOf("packages.installed")->code, ErrorCode::kPermissionDenied);

  host::FakeHost none;
  Facts f5;
  CollectPackages(none, f5);
  EXPECT_TRUE(f5.Find("packages.manager")->value.is_null());
  EXPECT_EQ(f5.UnknownOf("packages.installed")->code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace dengbao::probes
