#include "probes/pwquality.h"

#include <gtest/gtest.h>

#include "host/fake_host.h"

namespace dengbao::probes {
namespace {

TEST(PwqualityTest, ParseKeyValues) {
  ConfMap m;
  ParsePwqualityConf(
      "# minlen = 9\r\n  minlen=10 \nminlen = 14 # later wins\ndcredit = -1\nenforce_for_root\n"
      "badwords = foo bar\n= orphan\n",
      "/etc/security/pwquality.conf", m);
  EXPECT_EQ(m.at("minlen").value, "14");
  EXPECT_EQ(m.at("minlen").where.line, 3);
  EXPECT_EQ(m.at("dcredit").value, "-1");
  EXPECT_TRUE(m.at("enforce_for_root").flag);
  EXPECT_EQ(m.at("badwords").value, "foo bar");
  EXPECT_EQ(m.size(), 4u);
}

TEST(PwqualityCollectTest, DropInsFirstMainFileOverrides) {
  host::FakeHost h;
  h.AddFile("/etc/security/pwquality.conf.d/10-a.conf", "minlen = 10\nminclass = 3\n");
  h.AddFile("/etc/security/pwquality.conf.d/20-b.conf", "minlen = 11\n");
  h.AddFile("/etc/security/pwquality.conf.d/notes.txt", "minlen = 1\n");
  h.AddFile("/etc/security/pwquality.conf", "minlen = 12\nDict-Path = /usr/share/dict\nenforce_for_root\n");
  Facts f;
  CollectPwquality(h, f);
  EXPECT_EQ(f.Find("pwquality.present")->value, true);
  EXPECT_EQ(f.Find("pwquality.minlen")->value, 12);
  EXPECT_EQ(f.Find("pwquality.minclass")->value, 3);
  EXPECT_EQ(f.Find("pwquality.dict_path")->value, "/usr/share/dict");
  EXPECT_EQ(f.Find("pwquality.enforce_for_root")->value, true);
}

TEST(PwqualityCollectTest, MissingAndDenied) {
  host::FakeHost h;
  Facts f;
  CollectPwquality(h, f);
  EXPECT_EQ(f.Find("pwquality.present")->value, false);
  h.AddFile("/etc/security/pwquality.conf", "minlen = 12\n").Deny("/etc/security/pwquality.conf");
  Facts g;
  CollectPwquality(h, g);
  EXPECT_EQ(g.UnknownOf("pwquality.minlen")->code, ErrorCode::kPermissionDenied);
}

}  // namespace
}  // namespace dengbao::probes
