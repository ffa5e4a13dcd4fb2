// The conformance suite: every test runs against SQLite and PostgreSQL. The PostgreSQL half
// uses $DENGBAO_TEST_PG_URL when set; otherwise it starts a throwaway server with
// scripts/pg-test-server.sh for the whole run. If no server can be had, the PostgreSQL tests
// fail, unless DENGBAO_NO_PG=1 (then they are skipped).
#include "store/store.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>

#include "assess/inputs.h"
#include "catalog/test_util.h"
#include "store/connection.h"
#include "store/digest.h"
#include "store/migrations.h"
#include "store/tables.h"
#include "store/test_backends.h"

namespace dengbao::store {
namespace {

namespace fs = std::filesystem;
using catalog::testing::ShippedCatalog;
using testing::NoPg;

assess::SystemSpec Hospital() {
  auto spec = assess::LoadSystem(std::string(DENGBAO_SOURCE_DIR) + "/examples/hospital/system.yaml",
                                 ShippedCatalog());
  if (!spec) {
    ADD_FAILURE() << spec.error().ToString();
    return {};
  }
  return *spec;
}

using StoreTest = testing::BackendTest;

TEST_P(StoreTest, MigrationsAreAppliedOnceAndIdempotentOnReopen) {
  const int latest = Migrations().back().version;
  {
    auto s = Open();
    ASSERT_TRUE(s);
    EXPECT_EQ(s->Backend(), GetParam());
    EXPECT_EQ(s->SchemaVersion().value_or(-1), latest);
  }
  for (int i = 0; i < 2; ++i) {
    auto s = Open();
    ASSERT_TRUE(s);
    EXPECT_EQ(s->SchemaVersion().value_or(-1), latest);
  }
  EXPECT_EQ(Count("schema_version"), static_cast<int64_t>(Migrations().size()));
}

TEST_P(StoreTest, SystemImportRoundTrip) {
  auto spec = Hospital();
  ASSERT_FALSE(spec.targets.empty());
  auto s = Open();
  ASSERT_TRUE(s);
  ASSERT_TRUE(s->UpsertSystem(spec, "test"));

  auto list = s->ListSystems();
  ASSERT_TRUE(list);
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].id, "his");
  EXPECT_TRUE((*list)[0].targets.empty());

  auto got = s->GetSystem("his");
  ASSERT_TRUE(got) << got.error().ToString();
  EXPECT_EQ(got->name, spec.name);
  EXPECT_EQ(got->organisation, spec.organisation);
  EXPECT_EQ(got->level, 3);
  EXPECT_EQ(got->grade, "S3A3");
  EXPECT_EQ(got->extensions, spec.extensions);
  EXPECT_TRUE(got->business_continuity);
  EXPECT_EQ(got->assessed_on, "2026-11-20");
  EXPECT_EQ(got->kind, "self_check");
  ASSERT_EQ(got->targets.size(), spec.targets.size());
  for (size_t i = 0; i < spec.targets.size(); ++i) {
    EXPECT_EQ(got->targets[i].id, spec.targets[i].id);
    EXPECT_EQ(got->targets[i].name, spec.targets[i].name);
    EXPECT_EQ(got->targets[i].type, spec.targets[i].type);
    EXPECT_EQ(got->targets[i].note, spec.targets[i].note);
  }
  EXPECT_EQ(s->GetSystem("nope").error().code, ErrorCode::kNotFound);

  // One entry per row: organisation, system, each target.
  auto log = s->AuditLog();
  ASSERT_TRUE(log);
  EXPECT_EQ(log->size(), 2 + spec.targets.size());
  EXPECT_EQ((*log)[1].object, "system:his");
  EXPECT_EQ((*log)[1].before_digest, "");
  EXPECT_EQ((*log)[2].object, "target:his/" + spec.targets[0].id);

  // Re-importing the same file changes nothing and appends nothing.
  ASSERT_TRUE(s->UpsertSystem(spec, "test"));
  EXPECT_EQ(s->AuditLog()->size(), log->size());

  // Renaming a target and dropping another: two entries, and the store follows the file.
  spec.targets[0].name = "renamed";
  const std::string dropped = spec.targets.back().id;
  spec.targets.pop_back();
  ASSERT_TRUE(s->UpsertSystem(spec, "test"));
  auto log2 = s->AuditLog();
  ASSERT_EQ(log2->size(), log->size() + 2);
  EXPECT_EQ((*log2)[log->size()].action, "target.delete");
  EXPECT_EQ((*log2)[log->size()].object, "target:his/" + dropped);
  EXPECT_EQ((*log2)[log->size()].after_digest, "");
  EXPECT_EQ((*log2)[log->size() + 1].before_digest, (*log)[2].after_digest);
  EXPECT_EQ(s->GetSystem("his")->targets.size(), spec.targets.size());
  EXPECT_EQ(s->GetSystem("his")->targets[0].name, "renamed");
  auto v = s->VerifyAudit();
  ASSERT_TRUE(v);
  EXPECT_TRUE(v->ok) << v->entry_id << " " << v->problem;
}

TEST_P(StoreTest, FailedImportLeavesNothingHalfWritten) {
  auto spec = Hospital();
  assess::TargetSpec bad;  // the last row fails CHECK (length(id) > 0), after the others were written
  bad.name = "bad";
  bad.type = "server_os";
  spec.targets.push_back(bad);
  auto s = Open();
  ASSERT_TRUE(s);
  auto st = s->UpsertSystem(spec, "test");
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, ErrorCode::kIo);
  EXPECT_EQ(Count("organisations"), 0);
  EXPECT_EQ(Count("systems"), 0);
  EXPECT_EQ(Count("targets"), 0);
  EXPECT_EQ(Count("audit_log"), 0);

  // An error returned by the caller's function rolls back a successful import too.
  spec.targets.pop_back();
  st = s->WithTransaction([&]() -> Status {
    if (auto r = s->UpsertSystem(spec, "test"); !r) return r;
    return MakeError(ErrorCode::kValidation, "caller gives up");
  });
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, ErrorCode::kValidation);
  EXPECT_EQ(Count("systems"), 0);
  EXPECT_EQ(Count("audit_log"), 0);

  // The store is usable afterwards, and a nested failure undoes only its own part.
  st = s->WithTransaction([&]() -> Status {
    if (auto r = s->UpsertSystem(spec, "test"); !r) return r;
    auto inner = s->WithTransaction([&]() -> Status {
      if (auto e = s->AppendAudit("test", "note", "note:1", "", ""); !e) return std::unexpected(e.error());
      return MakeError(ErrorCode::kValidation, "inner gives up");
    });
    EXPECT_FALSE(inner);
    return {};
  });
  ASSERT_TRUE(st) << st.error().ToString();
  EXPECT_EQ(Count("targets"), static_cast<int64_t>(spec.targets.size()));
  EXPECT_EQ(Count("audit_log"), static_cast<int64_t>(2 + spec.targets.size()));
}

TEST_P(StoreTest, AuditChainVerifies) {
  auto s = Open();
  ASSERT_TRUE(s);
  auto empty = s->VerifyAudit();
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->ok);
  EXPECT_EQ(empty->entries, 0);

  ASSERT_TRUE(s->UpsertSystem(Hospital(), "test"));
  auto e = s->AppendAudit("alice", "session.login", "login:alice", "", "abc");
  ASSERT_TRUE(e);
  auto log = s->AuditLog();
  ASSERT_TRUE(log);
  EXPECT_EQ(log->back().id, e->id);
  EXPECT_EQ(log->back().hash, e->hash);
  EXPECT_EQ(log->front().prev_hash, std::string(64, '0'));
  for (size_t i = 1; i < log->size(); ++i) EXPECT_EQ((*log)[i].prev_hash, (*log)[i - 1].hash);
  EXPECT_EQ(e->at.size(), 20u);  // 2026-11-20T08:00:00Z
  EXPECT_EQ(e->at.back(), 'Z');

  s.reset();
  auto reopened = Open();  // verifies from a fresh connection too
  ASSERT_TRUE(reopened);
  auto v = reopened->VerifyAudit();
  ASSERT_TRUE(v);
  EXPECT_TRUE(v->ok) << v->entry_id << " " << v->problem;
  EXPECT_EQ(v->entries, static_cast<int64_t>(log->size()));
}

// The id of the latest entry for `object`.
int64_t LatestEntry(Store& s, const std::string& object) {
  int64_t id = 0;
  auto log = s.AuditLog();
  if (!log) return -1;
  for (const auto& e : *log)
    if (e.object == object) id = e.id;
  return id;
}

TEST_P(StoreTest, DirectRowUpdateFailsVerifyNamingTheEntry) {
  auto s = Open();
  ASSERT_TRUE(s);
  ASSERT_TRUE(s->UpsertSystem(Hospital(), "test"));
  const int64_t entry = LatestEntry(*s, "system:his");
  ASSERT_GT(entry, 0);
  RawExec("UPDATE systems SET level = 2 WHERE id = 'his'");
  auto v = s->VerifyAudit();
  ASSERT_TRUE(v);
  EXPECT_FALSE(v->ok);
  EXPECT_EQ(v->entry_id, entry);
  EXPECT_EQ(v->object, "system:his");
}

TEST_P(StoreTest, DirectTargetInsertAndDeleteFailVerify) {
  auto spec = Hospital();
  auto s = Open();
  ASSERT_TRUE(s);
  ASSERT_TRUE(s->UpsertSystem(spec, "test"));

  RawExec(
      "INSERT INTO targets (system_id, id, position, name, type, note) "
      "VALUES ('his', 'ghost', 99, 'ghost', 'server_os', '')");
  auto v = s->VerifyAudit();
  ASSERT_TRUE(v);
  EXPECT_FALSE(v->ok);
  EXPECT_EQ(v->entry_id, 0);  // no entry accounts for the row
  EXPECT_EQ(v->object, "target:his/ghost");
  RawExec("DELETE FROM targets WHERE id = 'ghost'");
  ASSERT_TRUE(s->VerifyAudit()->ok);

  const std::string object = "target:his/" + spec.targets[1].id;
  const int64_t entry = LatestEntry(*s, object);
  ASSERT_GT(entry, 0);
  RawExec("DELETE FROM targets WHERE id = '" + spec.targets[1].id + "'");
  v = s->VerifyAudit();
  ASSERT_TRUE(v);
  EXPECT_FALSE(v->ok);
  EXPECT_EQ(v->entry_id, entry);
  EXPECT_EQ(v->object, object);

  // Putting the row back through the store does not erase the evidence: the new entry's
  // before-digest (row absent) does not follow the object's recorded history.
  ASSERT_TRUE(s->UpsertSystem(spec, "test"));
  const int64_t restored = LatestEntry(*s, object);
  ASSERT_GT(restored, entry);
  v = s->VerifyAudit();
  ASSERT_TRUE(v);
  EXPECT_FALSE(v->ok);
  EXPECT_EQ(v->entry_id, restored);
}

TEST_P(StoreTest, DirectAuditEntryEditsFailVerifyNamingTheEntry) {
  auto s = Open();
  ASSERT_TRUE(s);
  ASSERT_TRUE(s->UpsertSystem(Hospital(), "test"));
  const auto n = static_cast<int64_t>(s->AuditLog()->size());
  ASSERT_GT(n, 5);

  RawExec("UPDATE audit_log SET actor = 'mallory' WHERE id = 3");
  auto v = s->VerifyAudit();
  ASSERT_TRUE(v);
  EXPECT_FALSE(v->ok);
  EXPECT_EQ(v->entry_id, 3);
  RawExec("UPDATE audit_log SET actor = 'test' WHERE id = 3");
  ASSERT_TRUE(s->VerifyAudit()->ok);

  // Rewriting an entry's hash as well breaks the next entry's link.
  RawExec("UPDATE audit_log SET hash = '" + std::string(64, 'f') + "' WHERE id = 4");
  v = s->VerifyAudit();
  ASSERT_TRUE(v);
  EXPECT_FALSE(v->ok);
  EXPECT_EQ(v->entry_id, 4);

  RawExec("DELETE FROM audit_log WHERE id = 4");
  v = s->VerifyAudit();
  ASSERT_TRUE(v);
  EXPECT_FALSE(v->ok);
  EXPECT_EQ(v->entry_id, 5);
}

TEST_P(StoreTest, TableListMatchesTheSchema) {
  auto s = Open();
  ASSERT_TRUE(s);
  auto raw = Raw();
  ASSERT_TRUE(raw);
  for (const TableDef& t : Tables()) {
    const std::string sql =
        GetParam() == "sqlite"
            ? "SELECT count(*) FROM pragma_table_info('" + std::string(t.table) + "')"
            : "SELECT count(*) FROM information_schema.columns WHERE table_schema = 'public' "
              "AND table_name = '" +
                  std::string(t.table) + "'";
    auto rows = (*raw)->Query(sql, {});
    ASSERT_TRUE(rows) << rows.error().ToString();
    // Every column is digested, so a column missing from the list would escape the audit.
    EXPECT_EQ(std::stoul(*(*rows)[0][0]), t.columns.size()) << t.table;
  }
}

Record SiteRow(const std::string& org, const std::string& id, const std::string& name) {
  return {{"organisation_id", org}, {"id", id}, {"name", name}, {"address", "解放路 1 号"}};
}

TEST_P(StoreTest, GenericRecordsAreAuditedAndValidated) {
  auto s = Open();
  ASSERT_TRUE(s);
  ASSERT_TRUE(s->UpsertSystem(Hospital(), "test"));
  const std::string org = Hospital().organisation;
  auto n0 = s->AuditLog()->size();
  ASSERT_TRUE(s->Put("site", SiteRow(org, "east", "东院区"), "alice", "site.upsert"));
  EXPECT_EQ(s->AuditLog()->size(), n0 + 1);
  ASSERT_TRUE(s->Put("site", SiteRow(org, "east", "东院区"), "alice", "site.upsert"));  // unchanged
  EXPECT_EQ(s->AuditLog()->size(), n0 + 1);
  ASSERT_TRUE(s->Put("site", SiteRow(org, "east", "东院区（新）"), "bob", "site.upsert"));
  EXPECT_EQ(s->AuditLog()->size(), n0 + 2);
  EXPECT_EQ(s->AuditLog()->back().actor, "bob");
  EXPECT_EQ(s->AuditLog()->back().object, "site:" + org + "/east");

  auto dup = s->Insert("site", SiteRow(org, "east", "x"), "alice", "site.add");
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code, ErrorCode::kDuplicate);
  auto fk = s->Put("site", SiteRow("no-such-org", "x", "x"), "alice", "site.add");  // foreign key
  EXPECT_FALSE(fk);
  Record missing = SiteRow(org, "west", "西院区");
  missing.erase("address");
  EXPECT_EQ(s->Put("site", missing, "a", "x").error().code, ErrorCode::kInvalidArgument);
  Record extra = SiteRow(org, "west", "西院区");
  extra["colour"] = "red";
  EXPECT_EQ(s->Put("site", extra, "a", "x").error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(s->Put("nonsense", {}, "a", "x").error().code, ErrorCode::kInvalidArgument);
  Record round{{"id", "r1"},       {"system_id", Hospital().id}, {"year", "twenty"},  {"kind", "self_check"},
               {"started_on", ""}, {"status", "open"},           {"previous_id", ""}, {"profile", ""}};
  EXPECT_EQ(s->Put("round", round, "a", "x").error().code, ErrorCode::kInvalidArgument);  // integer column
  round["year"] = "2026";
  ASSERT_TRUE(s->Put("round", round, "a", "round.start"));

  ASSERT_TRUE(s->Put("site", SiteRow(org, "west", "西院区"), "alice", "site.upsert"));
  auto all = s->Find("site");
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].at("id"), "east");
  auto west = s->Find("site", {{"name", "西院区"}});
  ASSERT_TRUE(west);
  ASSERT_EQ(west->size(), 1u);
  EXPECT_EQ(west->front().at("id"), "west");
  EXPECT_FALSE(s->Find("site", {{"name; DROP TABLE sites", "x"}}));  // column names are checked
  auto got = s->Get("site", {org, "east"});
  ASSERT_TRUE(got && *got);
  EXPECT_EQ((**got).at("name"), "东院区（新）");
  ASSERT_TRUE(s->Delete("site", {org, "west"}, "alice", "site.delete"));
  EXPECT_FALSE(s->Get("site", {org, "west"})->has_value());
  EXPECT_EQ(s->Delete("site", {org, "west"}, "alice", "site.delete").error().code, ErrorCode::kNotFound);

  auto v = s->VerifyAudit();
  ASSERT_TRUE(v);
  EXPECT_TRUE(v->ok) << v->entry_id << " " << v->problem;

  RawExec("UPDATE sites SET address = '别处' WHERE id = 'east'");
  auto bad = s->VerifyAudit();
  ASSERT_TRUE(bad);
  EXPECT_FALSE(bad->ok);
  EXPECT_EQ(bad->object, "site:" + org + "/east");
}

Record Evidence(const std::string& sha, const std::string& content) {
  return {{"sha256", sha},
          {"size", std::to_string(content.size())},
          {"media_type", "text/plain"},
          {"extension", "txt"},
          {"name", "a.txt"},
          {"content_b64", content},
          {"added_at", "2026-11-20T08:00:00Z"},
          {"added_by", "alice"}};
}

TEST_P(StoreTest, AppendOnlyRowsCannotBeChangedOrDeleted) {
  auto s = Open();
  ASSERT_TRUE(s);
  ASSERT_TRUE(s->Put("evidence", Evidence("ab12", "aGVsbG8="), "alice", "evidence.add"));
  ASSERT_TRUE(s->Put("evidence", Evidence("ab12", "aGVsbG8="), "alice", "evidence.add"));  // same bytes again
  EXPECT_EQ(s->AuditLog()->size(), 1u);
  auto changed = s->Put("evidence", Evidence("ab12", "d29ybGQ="), "mallory", "evidence.add");
  ASSERT_FALSE(changed);
  EXPECT_EQ(changed.error().code, ErrorCode::kIntegrity);
  EXPECT_EQ(s->Delete("evidence", {"ab12"}, "mallory", "x").error().code, ErrorCode::kIntegrity);
  EXPECT_EQ((**s->Get("evidence", {"ab12"})).at("content_b64"), "aGVsbG8=");
}

// Fills a store with a little of everything for the backup tests.
void Populate(Store& s, const assess::SystemSpec& spec) {
  ASSERT_TRUE(s.UpsertSystem(spec, "test"));
  ASSERT_TRUE(s.Put("site", SiteRow(spec.organisation, "east", "东院区"), "alice", "site.upsert"));
  ASSERT_TRUE(s.Put("evidence", Evidence("ab12", "aGVsbG8="), "alice", "evidence.add"));
  ASSERT_TRUE(s.Put("user",
                    {{"id", "wang"},
                     {"name", "王工"},
                     {"role", "owner"},
                     {"organisation_id", ""},
                     {"site_id", ""},
                     {"manager_id", ""},
                     {"email", ""},
                     {"active", "1"}},
                    "alice", "user.add"));
  ASSERT_TRUE(s.AppendAudit("alice", "session.login", "login:alice", "", ""));
}

TEST_P(StoreTest, BackupRestoresIntoEitherBackendAndRefusesDamage) {
  auto s = Open();
  ASSERT_TRUE(s);
  const auto spec = Hospital();
  Populate(*s, spec);
  const fs::path tmp =
      fs::temp_directory_path() / ("dengbao-backup-" + std::to_string(::getpid()) + GetParam());
  fs::remove_all(tmp);
  fs::create_directories(tmp);
  auto stats = s->Backup(tmp / "b.dbk");
  ASSERT_TRUE(stats) << stats.error().ToString();
  EXPECT_EQ(stats->per_table.at("site"), 1);
  EXPECT_EQ(stats->audit_entries, static_cast<int64_t>(s->AuditLog()->size()));
  EXPECT_EQ(fs::status(tmp / "b.dbk").permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write);

  // Into an SQLite file (from either backend).
  auto dest = OpenStore("sqlite:" + (tmp / "restored.db").string());
  ASSERT_TRUE(dest);
  auto restored = (*dest)->Restore(tmp / "b.dbk");
  ASSERT_TRUE(restored) << restored.error().ToString();
  EXPECT_EQ(restored->rows, stats->rows);
  EXPECT_TRUE((*dest)->VerifyAudit()->ok);
  EXPECT_EQ((*dest)->AuditLog()->back().hash, s->AuditLog()->back().hash);
  EXPECT_EQ((*dest)->GetSystem(spec.id)->targets.size(), spec.targets.size());
  // Not into a store that has data.
  auto again = (*dest)->Restore(tmp / "b.dbk");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kInvalidArgument);

  // A damaged file is refused and leaves the store empty.
  std::string text = *[&] {
    std::ifstream in(tmp / "b.dbk", std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return std::optional<std::string>(ss.str());
  }();
  auto pos = text.find("东院区");
  ASSERT_NE(pos, std::string::npos);
  text.replace(pos, 9, "西院区");
  std::ofstream(tmp / "bad.dbk", std::ios::binary) << text;
  auto fresh = OpenStore("sqlite:" + (tmp / "fresh.db").string());
  ASSERT_TRUE(fresh);
  auto refused = (*fresh)->Restore(tmp / "bad.dbk");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kIntegrity);
  EXPECT_TRUE((*fresh)->ListSystems()->empty());
  std::ofstream(tmp / "cut.dbk", std::ios::binary) << text.substr(0, text.size() / 2);
  EXPECT_EQ((*fresh)->Restore(tmp / "cut.dbk").error().code, ErrorCode::kIntegrity);
  EXPECT_EQ((*fresh)->Restore(tmp / "missing.dbk").error().code, ErrorCode::kNotFound);

  if (GetParam() == "postgresql") {  // and back into PostgreSQL, from the SQLite copy's backup
    ASSERT_TRUE((*dest)->Backup(tmp / "from-sqlite.dbk"));
    s.reset();
    RawExec("DROP SCHEMA public CASCADE; CREATE SCHEMA public;");
    auto pg = Open();
    ASSERT_TRUE(pg);
    auto back = pg->Restore(tmp / "from-sqlite.dbk");
    ASSERT_TRUE(back) << back.error().ToString();
    EXPECT_TRUE(pg->VerifyAudit()->ok);
    EXPECT_EQ(pg->GetSystem(spec.id)->targets.size(), spec.targets.size());
  }
  fs::remove_all(tmp);
}

TEST_P(StoreTest, ChainUsesSm3WhenOfferedAndBackupsKeepTheirAlgorithm) {
  auto s = Open();
  ASSERT_TRUE(s);
  EXPECT_EQ(s->AuditHash(), Sm3Available() ? "sm3" : "sha256");
  s.reset();
  // A store whose chain was written with SHA-256 (as every store before settings existed).
  RawExec("UPDATE settings SET value = 'sha256' WHERE key = 'audit_hash'");
  s = Open();
  ASSERT_TRUE(s);
  EXPECT_EQ(s->AuditHash(), "sha256");
  Populate(*s, Hospital());
  auto log = s->AuditLog();
  ASSERT_TRUE(log);
  EXPECT_EQ(log->front().hash,
            *DigestHex("sha256", Canonical({log->front().prev_hash, "1", log->front().at, log->front().actor,
                                            log->front().action, log->front().object,
                                            log->front().before_digest, log->front().after_digest})));
  const fs::path tmp = fs::temp_directory_path() / ("dengbao-alg-" + std::to_string(::getpid()) + GetParam());
  fs::remove_all(tmp);
  fs::create_directories(tmp);
  ASSERT_TRUE(s->Backup(tmp / "b.dbk"));
  auto dest = OpenStore("sqlite:" + (tmp / "r.db").string());
  ASSERT_TRUE(dest);
  auto restored = (*dest)->Restore(tmp / "b.dbk");
  ASSERT_TRUE(restored) << restored.error().ToString();
  EXPECT_EQ((*dest)->AuditHash(), "sha256");
  EXPECT_TRUE((*dest)->VerifyAudit()->ok);
  // New entries continue the chain with its own algorithm.
  ASSERT_TRUE((*dest)->AppendAudit("alice", "session.login", "login:alice", "", ""));
  EXPECT_TRUE((*dest)->VerifyAudit()->ok);
  dest->reset();
  auto reopened = OpenStore("sqlite:" + (tmp / "r.db").string());
  ASSERT_TRUE(reopened);
  EXPECT_EQ((*reopened)->AuditHash(), "sha256");
  EXPECT_TRUE((*reopened)->VerifyAudit()->ok);
  fs::remove_all(tmp);
}

TEST_P(StoreTest, VolatileStateIsNotAuditedNorBackedUp) {
  auto s = Open();
  ASSERT_TRUE(s);
  store::Record session{{"id", "abc"},          {"user_id", "alice"},    {"csrf", "x"},
                        {"created_unix", "1"},  {"last_seen_unix", "2"}, {"expires_unix", "3"},
                        {"second_factor", "1"}, {"remote", "127.0.0.1"}};
  ASSERT_TRUE(s->Put("session", session, "alice", "session.touch"));
  EXPECT_TRUE(s->AuditLog()->empty());
  RawExec("UPDATE sessions SET last_seen_unix = 99");
  EXPECT_TRUE(s->VerifyAudit()->ok);
  const fs::path tmp = fs::temp_directory_path() / ("dengbao-vol-" + std::to_string(::getpid()) + GetParam());
  fs::remove_all(tmp);
  fs::create_directories(tmp);
  auto stats = s->Backup(tmp / "b.dbk");
  ASSERT_TRUE(stats);
  EXPECT_FALSE(stats->per_table.contains("session"));
  fs::remove_all(tmp);
}

TEST_P(StoreTest, FreeFormEntriesDoNotChainDigests) {
  auto s = Open();
  ASSERT_TRUE(s);
  // Request-level entries record the status in after_digest; a second request to the same path
  // does not "follow" the first.
  ASSERT_TRUE(s->AppendAudit("web:alice", "http.post", "http:/api/v1/users", "", "201"));
  ASSERT_TRUE(s->AppendAudit("web:alice", "http.post", "http:/api/v1/users", "", "400"));
  auto v = s->VerifyAudit();
  ASSERT_TRUE(v);
  EXPECT_TRUE(v->ok) << v->problem;
}

TEST(Digest, Sm3KnownAnswer) {
  if (!Sm3Available()) GTEST_SKIP() << "OpenSSL without SM3";
  // GB/T 32905-2016 appendix A example 1: SM3("abc").
  EXPECT_EQ(*DigestHex("sm3", "abc"), "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
  EXPECT_FALSE(DigestHex("md5", "abc"));
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreTest, ::testing::Values("sqlite", "postgresql"),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });

TEST(OpenStore, RejectsUnknownSchemes) {
  for (const char* url : {"mysql://x", "sqlite:", "", "/tmp/x.db"}) {
    auto s = OpenStore(url);
    ASSERT_FALSE(s) << url;
    EXPECT_EQ(s.error().code, ErrorCode::kInvalidArgument) << url;
  }
}

}  // namespace
}  // namespace dengbao::store
