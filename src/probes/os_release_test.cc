#include "probes/os_release.h"

#include <gtest/gtest.h>

#include "host/fake_host.h"

namespace dengbao::probes {
namespace {

TEST(SysOsTest, ParseOsReleaseQuotingAndJunk) {
  auto os = ParseOsRelease(
      "# comment\r\nNAME=\"Ubuntu\"\r\nVERSION_ID='22.04'\nID=Ubuntu\nID_LIKE=\"debian  other\"\n"
      "PRETTY_NAME=\"Ubuntu \\\"Jammy\\\" 22.04\"\ngarbage line\n=novalue\nID=ubuntu\n");
  EXPECT_EQ(os.id, "ubuntu");
  EXPECT_EQ(os.name, "Ubuntu");
  EXPECT_EQ(os.version_id, "22.04");
  EXPECT_EQ(os.id_like, (std::vector<std::string>{"debian", "other"}));
  EXPECT_EQ(os.pretty_name, "Ubuntu \"Jammy\" 22.04");
  EXPECT_EQ(os.line_of.at("ID"), 9);
}

TEST(SysOsTest, ParseReleaseLines) {
  struct Case {
    const char* text;
    const char* id;
    const char* version;
  };
  const Case cases[] = {
      {"CentOS Linux release 7.9.2009 (Core)\n", "centos", "7.9.2009"},
      {"Red Hat Enterprise Linux release 8.6 (Ootpa)", "rhel", "8.6"},
      {"Kylin Linux Advanced Server release V10 (Sword)\n", "kylin", "V10"},
      {"openEuler release 22.03 (LTS-SP1)\n", "openeuler", "22.03"},
      {"Something else entirely", "", ""},
  };
  for (const auto& c : cases) {
    auto os = ParseReleaseLine(c.text);
    EXPECT_EQ(os.id, c.id) << c.text;
    EXPECT_EQ(os.version_id, c.version) << c.text;
  }
}

TEST(SysOsTest, Family) {
  struct Case {
    const char* id;
    std::vector<std::string> like;
    const char* family;
    const char* db = "";
  };
  const Case cases[] = {
      {"debian", {}, "debian"},          {"ubuntu", {"debian"}, "debian"},
      {"uos", {"debian"}, "debian"},     {"kylin", {}, "rhel"},
      {"kylin", {"debian"}, "debian"},   {"rocky", {"rhel", "centos", "fedora"}, "rhel"},
      {"openeuler", {}, "rhel"},         {"ol", {"fedora"}, "rhel"},
      {"somethingrh", {"rhel"}, "rhel"}, {"arch", {}, "unknown"},
      {"uos", {}, "rhel", "rpm"},        {"kylin", {}, "debian", "dpkg"},
      {"arch", {}, "unknown", "dpkg"},   {"", {}, "unknown"},
  };
  for (const auto& c : cases) EXPECT_EQ(OsFamily(c.id, c.like, c.db), c.family) << c.id << " " << c.db;
}

TEST(SysOsTest, CollectFallsBackToRedhatRelease) {
  host::FakeHost h;
  h.AddFile("/etc/redhat-release", "CentOS Linux release 7.9.2009 (Core)\n").SetLive(true);
  Facts facts;
  CollectOs(h, facts);
  EXPECT_EQ(facts.Find("os.id")->value, "centos");
  EXPECT_EQ(facts.Find("os.family")->value, "rhel");
  EXPECT_EQ(facts.Find("os.live")->value, true);
  EXPECT_EQ(facts.Find("os.id")->sources.at(0).file, "/etc/redhat-release");
}

TEST(SysOsTest, CollectUnreadableBinaryAndMissing) {
  host::FakeHost denied;
  denied.AddFile("/etc/os-release", "ID=debian").Deny("/etc/os-release").AddFile("/var/lib/dpkg/status", "");
  Facts f1;
  CollectOs(denied, f1);
  ASSERT_NE(f1.UnknownOf("os.id"), nullptr);
  EXPECT_EQ(f1.UnknownOf("os.id")->code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(f1.Find("os.family")->value, "debian");  // from the dpkg database

  host::FakeHost junk;
  junk.AddFile("/etc/os-release", std::string("ID=\xff\xfe\0\0junk", 12));
  Facts f2;
  CollectOs(junk, f2);
  EXPECT_NE(f2.UnknownOf("os.id"), nullptr);
  EXPECT_FALSE(f2.warnings().empty());
  EXPECT_NO_THROW(f2.ToJson().dump());

  host::FakeHost bad_utf8;
  bad_utf8.AddFile("/etc/os-release", "ID=deb\xff\nNAME=\"X\xc3\"\n");
  Facts f3;
  CollectOs(bad_utf8, f3);
  EXPECT_NO_THROW(f3.ToJson().dump());
}

}  // namespace
}  // namespace dengbao::probes
