// The Store logic, written once over Connection (connection.h) for both backends.
#include <algorithm>
#include <map>
#include <set>

#include "store/connection.h"
#include "store/digest.h"
#include "store/migrations.h"
#include "store/store.h"

namespace dengbao::store {
namespace {

constexpr std::string_view kGenesis = "0000000000000000000000000000000000000000000000000000000000000000";

// A table whose rows are audited: the audit object of a row is "<kind>:<key1>/<key2>", its digest
// SHA-256 over the kind and every column in `select`'s order. Adding an audited table means
// adding a row here; VerifyAudit then covers it.
struct AuditedTable {
  std::string_view kind;
  std::string_view select;  // all columns, keys first
  std::string_view where;   // the key condition on $1, $2, …
  size_t keys;
};

constexpr AuditedTable kOrganisations{"organisation", "SELECT id, name FROM organisations", "id = $1", 1};
constexpr AuditedTable kSystems{
    "system",
    "SELECT id, organisation_id, name, level, grade, extensions, business_continuity, "
    "assessed_on, kind FROM systems",
    "id = $1", 1};
constexpr AuditedTable kTargets{"target", "SELECT system_id, id, position, name, type, note FROM targets",
                                "system_id = $1 AND id = $2", 2};
constexpr const AuditedTable* kAudited[] = {&kOrganisations, &kSystems, &kTargets};

std::string ObjectName(const AuditedTable& t, const Row& row) {
  std::string name(t.kind);
  for (size_t i = 0; i < t.keys; ++i) name += (i == 0 ? ":" : "/") + row[i].value_or("");
  return name;
}

std::string RowDigestOf(const AuditedTable& t, const Row& row) {
  Row fields{std::string(t.kind)};
  fields.insert(fields.end(), row.begin(), row.end());
  return Sha256Hex(Canonical(fields));
}

std::string EntryHash(const AuditEntry& e) {
  return Sha256Hex(Canonical({e.prev_hash, std::to_string(e.id), e.at, e.actor, e.action, e.object,
                              e.before_digest, e.after_digest}));
}

std::string JoinComma(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ",") + s;
  return out;
}

std::vector<std::string> SplitComma(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < s.size()) {
    size_t end = s.find(',', start);
    if (end == std::string::npos) end = s.size();
    out.push_back(s.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

class SqlStore final : public Store {
 public:
  explicit SqlStore(std::unique_ptr<Connection> conn) : conn_(std::move(conn)) {}

  std::string_view Backend() const override { return conn_->Backend(); }

  Status Migrate() {
    return WithTransaction([&]() -> Status {
      if (auto st = conn_->Exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
                                "applied_at TEXT NOT NULL)");
          !st)
        return st;
      auto current = SchemaVersion();
      if (!current) return std::unexpected(current.error());
      for (const auto& m : Migrations()) {
        if (m.version <= *current) continue;
        if (auto st = conn_->Exec(m.For(Backend())); !st) return st;
        auto ins = conn_->Query("INSERT INTO schema_version (version, applied_at) VALUES ($1, $2)",
                                {std::to_string(m.version), UtcNow()});
        if (!ins) return std::unexpected(ins.error());
      }
      return {};
    });
  }

  Result<int> SchemaVersion() override {
    auto rows = conn_->Query("SELECT max(version) FROM schema_version", {});
    if (!rows) return std::unexpected(rows.error());
    if (rows->empty() || !(*rows)[0][0]) return 0;
    return std::stoi(*(*rows)[0][0]);
  }

  Status WithTransaction(const std::function<Status()>& fn) override {
    // Nested calls use a savepoint, so an inner error undoes only the inner writes and the
    // outer transaction can still commit or roll back as a whole.
    const bool outer = depth_ == 0;
    const std::string savepoint = "sp" + std::to_string(depth_);
    if (auto st = conn_->Exec(outer ? std::string(conn_->BeginSql()) : "SAVEPOINT " + savepoint); !st)
      return st;
    ++depth_;
    Status st = fn();
    --depth_;
    if (!st) {
      // The caller's error is what matters; a failed rollback is only appended to it (the
      // database discards the transaction anyway when the connection closes).
      auto rb = conn_->Exec(
          outer ? "ROLLBACK" : "ROLLBACK TO SAVEPOINT " + savepoint + "; RELEASE SAVEPOINT " + savepoint);
      if (!rb) st.error().detail += "; rollback: " + rb.error().detail;
      return st;
    }
    if (auto end = conn_->Exec(outer ? "COMMIT" : "RELEASE SAVEPOINT " + savepoint); !end) {
      if (outer && !conn_->Exec("ROLLBACK")) end.error().detail += "; rollback failed too";
      return end;
    }
    return {};
  }

  Status UpsertSystem(const assess::SystemSpec& spec, std::string_view actor) override {
    std::set<std::string, std::less<>> ids;
    for (const auto& t : spec.targets)
      if (!ids.insert(t.id).second)
        return MakeError(ErrorCode::kDuplicate, "测评对象 id 重复: " + t.id + " (duplicate target id)");
    return WithTransaction([&]() -> Status {
      const std::string org = spec.organisation.empty() ? spec.id : spec.organisation;
      if (auto st = Write(actor, "organisation.upsert", kOrganisations, {org},
                          "INSERT INTO organisations (id, name) VALUES ($1, $2) "
                          "ON CONFLICT (id) DO UPDATE SET name = excluded.name",
                          {org, org});
          !st)
        return st;
      if (auto st =
              Write(actor, "system.upsert", kSystems, {spec.id},
                    "INSERT INTO systems (id, organisation_id, name, level, grade, extensions, "
                    "business_continuity, assessed_on, kind) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) "
                    "ON CONFLICT (id) DO UPDATE SET organisation_id = excluded.organisation_id, "
                    "name = excluded.name, level = excluded.level, grade = excluded.grade, "
                    "extensions = excluded.extensions, business_continuity = excluded.business_continuity, "
                    "assessed_on = excluded.assessed_on, kind = excluded.kind",
                    {spec.id, org, spec.name, std::to_string(spec.level), spec.grade.Label(),
                     JoinComma(spec.extensions), spec.business_continuity ? "1" : "0", spec.assessed_on,
                     spec.kind});
          !st)
        return st;
      auto existing = conn_->Query("SELECT id FROM targets WHERE system_id = $1 ORDER BY id", {spec.id});
      if (!existing) return std::unexpected(existing.error());
      for (const auto& row : *existing) {
        const std::string id = row[0].value_or("");
        if (ids.contains(id)) continue;
        if (auto st = Write(actor, "target.delete", kTargets, {spec.id, id},
                            "DELETE FROM targets WHERE system_id = $1 AND id = $2", {spec.id, id});
            !st)
          return st;
      }
      for (size_t i = 0; i < spec.targets.size(); ++i) {
        const auto& t = spec.targets[i];
        if (auto st = Write(actor, "target.upsert", kTargets, {spec.id, t.id},
                            "INSERT INTO targets (system_id, id, position, name, type, note) "
                            "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (system_id, id) DO UPDATE SET "
                            "position = excluded.position, name = excluded.name, type = excluded.type, "
                            "note = excluded.note",
                            {spec.id, t.id, std::to_string(i), t.name, t.type, t.note});
            !st)
          return st;
      }
      return {};
    });
  }

  Result<std::vector<SystemRecord>> ListSystems() override {
    auto rows = conn_->Query(std::string(kSystems.select) + " ORDER BY id", {});
    if (!rows) return std::unexpected(rows.error());
    std::vector<SystemRecord> out;
    for (const auto& r : *rows) out.push_back(ToSystem(r));
    return out;
  }

  Result<SystemRecord> GetSystem(std::string_view id) override {
    auto rows = conn_->Query(std::string(kSystems.select) + " WHERE id = $1", {std::string(id)});
    if (!rows) return std::unexpected(rows.error());
    if (rows->empty())
      return MakeError(ErrorCode::kNotFound, "系统 " + std::string(id) + " 不存在 (no such system)");
    SystemRecord s = ToSystem((*rows)[0]);
    auto targets = conn_->Query(std::string(kTargets.select) + " WHERE system_id = $1 ORDER BY position, id",
                                {std::string(id)});
    if (!targets) return std::unexpected(targets.error());
    for (const auto& r : *targets)
      s.targets.push_back({r[1].value_or(""), r[3].value_or(""), r[4].value_or(""), r[5].value_or("")});
    return s;
  }

  Result<AuditEntry> AppendAudit(std::string_view actor, std::string_view action, std::string_view object,
                                 std::string_view before_digest, std::string_view after_digest) override {
    AuditEntry e;
    auto st = WithTransaction([&]() -> Status {
      auto last = conn_->Query("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1", {});
      if (!last) return std::unexpected(last.error());
      e.id = last->empty() ? 1 : std::stoll((*last)[0][0].value_or("0")) + 1;
      e.prev_hash = last->empty() ? std::string(kGenesis) : (*last)[0][1].value_or("");
      e.at = UtcNow();
      e.actor = actor;
      e.action = action;
      e.object = object;
      e.before_digest = before_digest;
      e.after_digest = after_digest;
      e.hash = EntryHash(e);
      auto ins = conn_->Query(
          "INSERT INTO audit_log (id, at, actor, action, object, before_digest, after_digest, prev_hash, "
          "hash) "
          "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
          {std::to_string(e.id), e.at, e.actor, e.action, e.object, e.before_digest, e.after_digest,
           e.prev_hash, e.hash});
      if (!ins) return std::unexpected(ins.error());
      return {};
    });
    if (!st) return std::unexpected(st.error());
    return e;
  }

  Result<std::vector<AuditEntry>> AuditLog() override {
    auto rows = conn_->Query(
        "SELECT id, at, actor, action, object, before_digest, after_digest, prev_hash, hash FROM audit_log "
        "ORDER BY id",
        {});
    if (!rows) return std::unexpected(rows.error());
    std::vector<AuditEntry> out;
    out.reserve(rows->size());
    for (const auto& r : *rows) {
      AuditEntry e;
      e.id = std::stoll(r[0].value_or("0"));
      e.at = r[1].value_or("");
      e.actor = r[2].value_or("");
      e.action = r[3].value_or("");
      e.object = r[4].value_or("");
      e.before_digest = r[5].value_or("");
      e.after_digest = r[6].value_or("");
      e.prev_hash = r[7].value_or("");
      e.hash = r[8].value_or("");
      out.push_back(std::move(e));
    }
    return out;
  }

  Result<AuditVerdict> VerifyAudit() override;

 private:
  // The digest of one audited row as stored now; empty when the row does not exist.
  Result<std::string> RowDigest(const AuditedTable& t, const std::vector<Value>& keys) {
    auto rows = conn_->Query(std::string(t.select) + " WHERE " + std::string(t.where), keys);
    if (!rows) return std::unexpected(rows.error());
    if (rows->empty()) return std::string();
    return RowDigestOf(t, (*rows)[0]);
  }

  // Runs one single-row write and appends its audit entry when the row changed.
  Status Write(std::string_view actor, std::string_view action, const AuditedTable& t,
               const std::vector<Value>& keys, std::string_view sql, const std::vector<Value>& params) {
    auto before = RowDigest(t, keys);
    if (!before) return std::unexpected(before.error());
    if (auto r = conn_->Query(sql, params); !r) return std::unexpected(r.error());
    auto after = RowDigest(t, keys);
    if (!after) return std::unexpected(after.error());
    if (*before == *after) return {};
    std::string object(t.kind);
    for (size_t i = 0; i < keys.size(); ++i) object += (i == 0 ? ":" : "/") + keys[i].value_or("");
    auto e = AppendAudit(actor, action, object, *before, *after);
    if (!e) return std::unexpected(e.error());
    return {};
  }

  static SystemRecord ToSystem(const Row& r) {
    SystemRecord s;
    s.id = r[0].value_or("");
    s.organisation = r[1].value_or("");
    s.name = r[2].value_or("");
    s.level = std::stoi(r[3].value_or("0"));
    s.grade = r[4].value_or("");
    s.extensions = SplitComma(r[5].value_or(""));
    s.business_continuity = r[6].value_or("0") == "1";
    s.assessed_on = r[7].value_or("");
    s.kind = r[8].value_or("");
    return s;
  }

  std::unique_ptr<Connection> conn_;
  int depth_ = 0;  // open transaction + savepoint nesting
};

Result<AuditVerdict> SqlStore::VerifyAudit() {
  AuditVerdict v;
  auto st = WithTransaction([&]() -> Status {  // one snapshot for the chain and the rows
    auto log = AuditLog();
    if (!log) return std::unexpected(log.error());
    auto fail = [&](const AuditEntry* e, std::string object, std::string problem) {
      v.ok = false;
      v.entry_id = e != nullptr ? e->id : 0;
      v.object = std::move(object);
      v.problem = std::move(problem);
    };
    // 1. The chain: consecutive ids, each linked to the previous hash, each hash recomputable,
    //    each before-digest equal to the previous after-digest of the same object.
    std::string prev(kGenesis);
    std::map<std::string, const AuditEntry*, std::less<>> latest;
    for (const auto& e : *log) {
      ++v.entries;
      if (e.id != v.entries) {
        fail(&e, e.object,
             "条目编号不连续，缺少第 " + std::to_string(v.entries) + " 条 (entry ids not consecutive)");
        return {};
      }
      if (e.prev_hash != prev) {
        fail(&e, e.object, "与前一条目的哈希链接不符 (prev_hash does not match the previous entry's hash)");
        return {};
      }
      if (EntryHash(e) != e.hash) {
        fail(&e, e.object,
             "条目内容与其哈希不符，条目被改动 (stored hash does not match the entry's fields)");
        return {};
      }
      auto it = latest.find(e.object);
      const std::string expected_before = it == latest.end() ? "" : it->second->after_digest;
      if (e.before_digest != expected_before) {
        fail(&e, e.object,
             "修改前摘要与该对象上一条目的修改后摘要不符 (before_digest does not follow the object's "
             "history)");
        return {};
      }
      latest[e.object] = &e;
      prev = e.hash;
    }
    // 2. The rows as they are now against the latest entry of each object.
    std::map<std::string, std::string, std::less<>> current;
    for (const AuditedTable* t : kAudited) {
      auto rows = conn_->Query(t->select, {});
      if (!rows) return std::unexpected(rows.error());
      for (const auto& r : *rows) current[ObjectName(*t, r)] = RowDigestOf(*t, r);
    }
    std::vector<const AuditEntry*> by_id;
    for (const auto& [object, e] : latest) by_id.push_back(e);
    std::ranges::sort(by_id, {}, &AuditEntry::id);
    for (const AuditEntry* e : by_id) {
      // Entries about things that are not rows of an audited table (AppendAudit's free-form
      // objects, e.g. "report:2026") have only the chain to check.
      const std::string_view kind = std::string_view(e->object).substr(0, e->object.find(':'));
      if (std::ranges::none_of(kAudited, [&](const AuditedTable* t) { return t->kind == kind; })) continue;
      auto it = current.find(e->object);
      const std::string now = it == current.end() ? "" : it->second;
      if (now != e->after_digest) {
        fail(e, e->object,
             now.empty() ? "该对象的行已被直接删除 (row deleted outside dengbao)"
                         : "该对象的行已被直接改动，当前摘要 " + now + " 与条目记录的 " + e->after_digest +
                               " 不符 (row changed outside dengbao)");
        return {};
      }
    }
    for (const auto& [object, digest] : current)
      if (!latest.contains(object)) {
        fail(nullptr, object,
             "该行没有任何审计条目，系绕过 dengbao 写入 (row not accounted for by any entry)");
        return {};
      }
    return {};
  });
  if (!st) return std::unexpected(st.error());
  return v;
}

}  // namespace

Result<std::unique_ptr<Store>> OpenStore(std::string_view url) {
  Result<std::unique_ptr<Connection>> conn = MakeError(ErrorCode::kInternal, "unreachable");
  if (url.starts_with("sqlite:")) {
    std::string path(url.substr(7));
    if (path.starts_with("//")) path = path.substr(2);  // also accept sqlite:///abs/path
    if (path.empty()) return MakeError(ErrorCode::kInvalidArgument, "sqlite: 后缺少文件路径 (missing path)");
    conn = OpenSqlite(path);
  } else if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
    conn = OpenPostgres(std::string(url));
  } else {
    return MakeError(
        ErrorCode::kInvalidArgument,
        "数据库地址应为 sqlite:PATH 或 postgresql://… (expected sqlite:PATH or postgresql://…): " +
            std::string(url));
  }
  if (!conn) return std::unexpected(conn.error());
  auto store = std::make_unique<SqlStore>(std::move(*conn));
  if (auto st = store->Migrate(); !st) return std::unexpected(st.error());
  return store;
}

}  // namespace dengbao::store
