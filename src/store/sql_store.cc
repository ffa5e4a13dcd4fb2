// The Store logic, written once over Connection (connection.h) for both backends.
#include <algorithm>
#include <cstdlib>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <span>

#include "store/connection.h"
#include "store/digest.h"
#include "store/files.h"
#include "store/migrations.h"
#include "store/store.h"
#include "store/tables.h"

namespace dengbao::store {
namespace {

constexpr std::string_view kGenesis = "0000000000000000000000000000000000000000000000000000000000000000";

// SQL fragments of an audited table (tables.h), built once.
struct AuditedTable {
  const TableDef* def;
  std::string kind;
  std::string select;  // all columns, keys first
  std::string where;   // the key condition on $1, $2, …
  size_t keys;
};

const std::vector<AuditedTable>& Audited() {
  static const std::vector<AuditedTable> tables = [] {
    std::vector<AuditedTable> out;
    for (const TableDef& d : Tables()) {
      AuditedTable t{&d, std::string(d.kind), "SELECT ", "", d.keys};
      for (size_t i = 0; i < d.columns.size(); ++i)
        t.select += (i == 0 ? "" : ", ") + std::string(d.columns[i]);
      t.select += " FROM " + std::string(d.table);
      for (size_t i = 0; i < d.keys; ++i)
        t.where += (i == 0 ? "" : " AND ") + std::string(d.columns[i]) + " = $" + std::to_string(i + 1);
      out.push_back(std::move(t));
    }
    return out;
  }();
  return tables;
}

const AuditedTable& Table(std::string_view kind) {
  for (const auto& t : Audited())
    if (t.kind == kind) return t;
  std::abort();  // only called with the built-in kinds below
}

const AuditedTable* FindAudited(std::string_view kind) {
  for (const auto& t : Audited())
    if (t.kind == kind) return &t;
  return nullptr;
}

// Columns that hold integers (the rest are TEXT); Put refuses anything else in them, so both
// backends store the same value.
bool IsIntegerColumn(std::string_view c) {
  constexpr std::string_view kInts[] = {
      "level",   "position", "business_continuity", "seq",          "line", "size", "year",
      "version", "abnormal", "business_level",      "service_level"};
  return std::ranges::find(kInts, c) != std::end(kInts);
}

bool IsInteger(std::string_view v) {
  if (v.starts_with('-')) v.remove_prefix(1);
  return !v.empty() && v.size() <= 18 && std::ranges::all_of(v, [](char c) { return c >= '0' && c <= '9'; });
}

std::string ObjectName(const AuditedTable& t, const Row& row) {
  std::string name(t.kind);
  for (size_t i = 0; i < t.keys; ++i) name += (i == 0 ? ":" : "/") + row[i].value_or("");
  return name;
}

std::string RowDigestOf(const AuditedTable& t, const Row& row) {
  Row fields{t.kind};
  fields.insert(fields.end(), row.begin(), row.end());
  return Sha256Hex(Canonical(fields));
}

std::string EntryText(const AuditEntry& e) {
  return Canonical({e.prev_hash, std::to_string(e.id), e.at, e.actor, e.action, e.object, e.before_digest,
                    e.after_digest});
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
      // The chain's hash algorithm is fixed when the store is first opened: SM3 where this
      // OpenSSL offers it (the national standard assessors ask for), else SHA-256. A store that
      // already has entries from before the setting existed used SHA-256.
      auto alg = conn_->Query("SELECT value FROM settings WHERE key = 'audit_hash'", {});
      if (!alg) return std::unexpected(alg.error());
      if (alg->empty()) {
        auto n = conn_->Query("SELECT count(*) FROM audit_log", {});
        if (!n) return std::unexpected(n.error());
        const char* chosen = (*n)[0][0].value_or("0") == "0" && Sm3Available() ? "sm3" : "sha256";
        if (auto ins = conn_->Query("INSERT INTO settings (key, value) VALUES ('audit_hash', $1)", {chosen});
            !ins)
          return std::unexpected(ins.error());
        hash_ = chosen;
      } else {
        hash_ = (*alg)[0][0].value_or("");
      }
      if (auto probe = DigestHex(hash_, ""); !probe) return std::unexpected(probe.error());
      return {};
    });
  }

  std::string_view AuditHash() const override { return hash_; }

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
      if (auto st = Write(actor, "organisation.upsert", Table("organisation"), {org},
                          "INSERT INTO organisations (id, name) VALUES ($1, $2) "
                          "ON CONFLICT (id) DO UPDATE SET name = excluded.name",
                          {org, org});
          !st)
        return st;
      if (auto st =
              Write(actor, "system.upsert", Table("system"), {spec.id},
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
        if (auto st = Write(actor, "target.delete", Table("target"), {spec.id, id},
                            "DELETE FROM targets WHERE system_id = $1 AND id = $2", {spec.id, id});
            !st)
          return st;
      }
      for (size_t i = 0; i < spec.targets.size(); ++i) {
        const auto& t = spec.targets[i];
        if (auto st = Write(actor, "target.upsert", Table("target"), {spec.id, t.id},
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
    auto rows = conn_->Query(Table("system").select + " ORDER BY id", {});
    if (!rows) return std::unexpected(rows.error());
    std::vector<SystemRecord> out;
    for (const auto& r : *rows) out.push_back(ToSystem(r));
    return out;
  }

  Result<SystemRecord> GetSystem(std::string_view id) override {
    auto rows = conn_->Query(Table("system").select + " WHERE id = $1", {std::string(id)});
    if (!rows) return std::unexpected(rows.error());
    if (rows->empty())
      return MakeError(ErrorCode::kNotFound, "系统 " + std::string(id) + " 不存在 (no such system)");
    SystemRecord s = ToSystem((*rows)[0]);
    auto targets = conn_->Query(Table("target").select + " WHERE system_id = $1 ORDER BY position, id",
                                {std::string(id)});
    if (!targets) return std::unexpected(targets.error());
    for (const auto& r : *targets)
      s.targets.push_back({r[1].value_or(""), r[3].value_or(""), r[4].value_or(""), r[5].value_or("")});
    return s;
  }

  Status Put(std::string_view kind, const Record& row, std::string_view actor,
             std::string_view action) override {
    return PutRow(kind, row, actor, action, false);
  }
  Status Insert(std::string_view kind, const Record& row, std::string_view actor,
                std::string_view action) override {
    return PutRow(kind, row, actor, action, true);
  }

  Status Delete(std::string_view kind, const std::vector<std::string>& keys, std::string_view actor,
                std::string_view action) override {
    auto t = Checked(kind);
    if (!t) return std::unexpected(t.error());
    if ((*t)->def->append_only)
      return MakeError(ErrorCode::kIntegrity, std::string(kind) + " 记录只可追加，不可删除 (append-only)");
    if (keys.size() != (*t)->keys)
      return MakeError(ErrorCode::kInvalidArgument,
                       "主键个数不符 (wrong number of key values) for " + std::string(kind));
    std::vector<Value> k(keys.begin(), keys.end());
    return WithTransaction([&]() -> Status {
      auto before = RowDigest(**t, k);
      if (!before) return std::unexpected(before.error());
      if (before->empty())
        return MakeError(ErrorCode::kNotFound, ObjectOf(**t, k) + " 不存在 (no such record)");
      return Write(actor, action, **t, k,
                   "DELETE FROM " + std::string((*t)->def->table) + " WHERE " + (*t)->where, k);
    });
  }

  Result<std::optional<Record>> Get(std::string_view kind, const std::vector<std::string>& keys) override {
    auto t = Checked(kind);
    if (!t) return std::unexpected(t.error());
    if (keys.size() != (*t)->keys)
      return MakeError(ErrorCode::kInvalidArgument,
                       "主键个数不符 (wrong number of key values) for " + std::string(kind));
    auto rows =
        conn_->Query((*t)->select + " WHERE " + (*t)->where, std::vector<Value>(keys.begin(), keys.end()));
    if (!rows) return std::unexpected(rows.error());
    if (rows->empty()) return std::optional<Record>();
    return std::optional<Record>(ToRecord(**t, (*rows)[0]));
  }

  Result<std::vector<Record>> Find(std::string_view kind, const Record& equal) override {
    auto t = Checked(kind);
    if (!t) return std::unexpected(t.error());
    std::string sql = (*t)->select;
    std::vector<Value> params;
    for (const auto& [col, value] : equal) {
      if (std::ranges::find((*t)->def->columns, col) == (*t)->def->columns.end())
        return MakeError(ErrorCode::kInvalidArgument,
                         std::string(kind) + " 没有列 " + col + " (no such column)");
      params.emplace_back(value);
      sql += (params.size() == 1 ? " WHERE " : " AND ") + col + " = $" + std::to_string(params.size());
    }
    sql += " ORDER BY " + std::string((*t)->def->order);
    auto rows = conn_->Query(sql, params);
    if (!rows) return std::unexpected(rows.error());
    std::vector<Record> out;
    out.reserve(rows->size());
    for (const auto& r : *rows) out.push_back(ToRecord(**t, r));
    return out;
  }

  Result<BackupStats> Backup(const std::filesystem::path& path) override;
  Result<BackupStats> Restore(const std::filesystem::path& path) override;

  Result<AuditEntry> AppendAudit(std::string_view actor, std::string_view action, std::string_view object,
                                 std::string_view before_digest, std::string_view after_digest) override {
    // Rows of audited tables get their entries from Put/Delete, which also record the digests;
    // a free-form entry about them would break the object's history.
    if (FindAudited(object.substr(0, object.find(':'))) != nullptr)
      return MakeError(
          ErrorCode::kInvalidArgument,
          "该对象属于受审计的表，只能经由记录写入 (object is a stored record): " + std::string(object));
    return AppendEntry(actor, action, object, before_digest, after_digest);
  }

  Result<AuditEntry> AppendEntry(std::string_view actor, std::string_view action, std::string_view object,
                                 std::string_view before_digest, std::string_view after_digest) {
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
    auto rows = conn_->Query(t.select + " WHERE " + t.where, keys);
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
    if (*before == *after || t.def->is_volatile) return {};
    std::string object(t.kind);
    for (size_t i = 0; i < keys.size(); ++i) object += (i == 0 ? ":" : "/") + keys[i].value_or("");
    auto e = AppendEntry(actor, action, object, *before, *after);
    if (!e) return std::unexpected(e.error());
    return {};
  }

  Result<const AuditedTable*> Checked(std::string_view kind) {
    const AuditedTable* t = FindAudited(kind);
    if (t == nullptr)
      return MakeError(ErrorCode::kInvalidArgument,
                       "未知记录类型 (unknown record kind): " + std::string(kind));
    return t;
  }

  static std::string ObjectOf(const AuditedTable& t, const std::vector<Value>& keys) {
    std::string object(t.kind);
    for (size_t i = 0; i < keys.size(); ++i) object += (i == 0 ? ":" : "/") + keys[i].value_or("");
    return object;
  }

  static Record ToRecord(const AuditedTable& t, const Row& r) {
    Record rec;
    for (size_t i = 0; i < t.def->columns.size(); ++i) rec.emplace(t.def->columns[i], r[i].value_or(""));
    return rec;
  }

  Status PutRow(std::string_view kind, const Record& row, std::string_view actor, std::string_view action,
                bool insert_only) {
    auto t = Checked(kind);
    if (!t) return std::unexpected(t.error());
    const TableDef& d = *(*t)->def;
    std::vector<Value> values;
    for (const auto& col : d.columns) {
      auto it = row.find(col);
      if (it == row.end())
        return MakeError(ErrorCode::kInvalidArgument,
                         std::string(kind) + " 缺少列 " + std::string(col) + " (missing column)");
      if (values.size() < d.keys && it->second.empty())
        return MakeError(ErrorCode::kInvalidArgument,
                         std::string(kind) + " 主键 " + std::string(col) + " 为空 (empty key)");
      if (IsIntegerColumn(col) && !IsInteger(it->second))
        return MakeError(ErrorCode::kInvalidArgument, std::string(kind) + "." + std::string(col) +
                                                          " 应为整数 (expected an integer): " + it->second);
      values.emplace_back(it->second);
    }
    for (const auto& [col, value] : row)
      if (std::ranges::find(d.columns, col) == d.columns.end())
        return MakeError(ErrorCode::kInvalidArgument,
                         std::string(kind) + " 没有列 " + col + " (unknown column)");
    std::vector<Value> keys(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(d.keys));
    std::string cols, params, keylist, updates;
    for (size_t i = 0; i < d.columns.size(); ++i) {
      const std::string c(d.columns[i]);
      cols += (i == 0 ? "" : ", ") + c;
      params += (i == 0 ? "$" : ", $") + std::to_string(i + 1);
      if (i < d.keys) {
        keylist += (i == 0 ? "" : ", ") + c;
      } else {
        updates += (updates.empty() ? "" : ", ") + c + " = excluded." + c;
      }
    }
    std::string sql = "INSERT INTO " + std::string(d.table) + " (" + cols + ") VALUES (" + params + ")";
    sql += updates.empty() ? " ON CONFLICT (" + keylist + ") DO NOTHING"
                           : " ON CONFLICT (" + keylist + ") DO UPDATE SET " + updates;
    return WithTransaction([&]() -> Status {
      auto before = RowDigest(**t, keys);
      if (!before) return std::unexpected(before.error());
      if (!before->empty()) {
        if (insert_only)
          return MakeError(ErrorCode::kDuplicate, ObjectOf(**t, keys) + " 已存在 (already exists)");
        if (d.append_only) {
          Row r(values.begin(), values.end());
          if (RowDigestOf(**t, r) == *before) return {};  // the same content again: nothing to do
          return MakeError(ErrorCode::kIntegrity,
                           ObjectOf(**t, keys) +
                               " 已定稿，不可修改；更正请另存新版本 (append-only: store another version)");
        }
      }
      return Write(actor, action, **t, keys, sql, values);
    });
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

  // The chain hash of an entry with this store's algorithm (checked usable when the store opened).
  std::string EntryHash(const AuditEntry& e) const { return *DigestHex(hash_, EntryText(e)); }

  std::unique_ptr<Connection> conn_;
  std::string hash_ = "sha256";  // audit chain algorithm (settings.audit_hash)
  int depth_ = 0;                // open transaction + savepoint nesting
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
      // Digests only chain for rows of audited tables; free-form entries (a login, an HTTP
      // request with its status) carry whatever their writer recorded.
      const AuditedTable* table = FindAudited(std::string_view(e.object).substr(0, e.object.find(':')));
      const bool row_entry = table != nullptr && !table->def->is_volatile;
      auto it = latest.find(e.object);
      const std::string expected_before = it == latest.end() ? "" : it->second->after_digest;
      if (row_entry && e.before_digest != expected_before) {
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
    for (const AuditedTable& t : Audited()) {
      if (t.def->is_volatile) continue;
      auto rows = conn_->Query(t.select, {});
      if (!rows) return std::unexpected(rows.error());
      for (const auto& r : *rows) current[ObjectName(t, r)] = RowDigestOf(t, r);
    }
    std::vector<const AuditEntry*> by_id;
    for (const auto& [object, e] : latest) by_id.push_back(e);
    std::ranges::sort(by_id, {}, &AuditEntry::id);
    for (const AuditEntry* e : by_id) {
      // Entries about things that are not rows of an audited table (AppendAudit's free-form
      // objects, e.g. "report:2026") have only the chain to check.
      const std::string_view kind = std::string_view(e->object).substr(0, e->object.find(':'));
      if (const AuditedTable* t = FindAudited(kind); t == nullptr || t->def->is_volatile) continue;
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

constexpr std::string_view kBackupFormat = "dengbao-backup/1";
constexpr std::string_view kAuditColumns[] = {
    "id", "at", "actor", "action", "object", "before_digest", "after_digest", "prev_hash", "hash"};

Result<BackupStats> SqlStore::Backup(const std::filesystem::path& path) {
  BackupStats stats;
  std::string body;
  auto st = WithTransaction([&]() -> Status {  // one snapshot: writers wait for the lock
    auto version = SchemaVersion();
    if (!version) return std::unexpected(version.error());
    stats.schema_version = *version;
    body += nlohmann::json{{"format", kBackupFormat},
                           {"schema_version", *version},
                           {"created_at", UtcNow()},
                           {"backend", Backend()},
                           {"audit_hash", hash_}}
                .dump() +
            "\n";
    auto dump = [&](std::string_view table_kind, std::string_view select,
                    std::span<const std::string_view> columns) -> Status {
      auto rows = conn_->Query(select, {});
      if (!rows) return std::unexpected(rows.error());
      for (const auto& r : *rows) {
        nlohmann::json rec = nlohmann::json::object();
        for (size_t i = 0; i < columns.size(); ++i) rec[std::string(columns[i])] = r[i].value_or("");
        body += nlohmann::json{{"t", table_kind}, {"r", rec}}.dump() + "\n";
        ++stats.rows;
        ++stats.per_table[std::string(table_kind)];
      }
      return {};
    };
    for (const AuditedTable& t : Audited())
      if (t.def->is_volatile) {
        continue;  // sessions and login counters are not worth restoring, and sessions are secrets
      } else if (auto s = dump(t.kind, t.select + " ORDER BY " + std::string(t.def->order), t.def->columns);
                 !s)
        return s;
    if (auto s = dump("audit",
                      "SELECT id, at, actor, action, object, before_digest, after_digest, prev_hash, hash "
                      "FROM audit_log ORDER BY id",
                      kAuditColumns);
        !s)
      return s;
    stats.audit_entries = stats.per_table["audit"];
    return {};
  });
  if (!st) return std::unexpected(st.error());
  stats.sha256 = Sha256Hex(body);
  body += nlohmann::json{{"end", true}, {"rows", stats.rows}, {"sha256", stats.sha256}}.dump() + "\n";
  stats.bytes = static_cast<int64_t>(body.size());
  if (auto w = WriteFileAtomically(path, body); !w) return std::unexpected(w.error());
  return stats;
}

Result<BackupStats> SqlStore::Restore(const std::filesystem::path& path) {
  auto text = ReadWholeFile(path);
  if (!text) return std::unexpected(text.error());
  const std::string where = path.string();
  // The trailer is the last line; everything before it must hash to its sha256.
  std::string_view all(*text);
  if (!all.ends_with('\n'))
    return MakeError(ErrorCode::kIntegrity, "备份文件不完整，缺少结尾行 (truncated backup)", {where});
  const size_t last_start = all.substr(0, all.size() - 1).rfind('\n');
  if (last_start == std::string_view::npos)
    return MakeError(ErrorCode::kIntegrity, "备份文件不完整 (truncated backup)", {where});
  const std::string_view body = all.substr(0, last_start + 1);
  nlohmann::json trailer = nlohmann::json::parse(all.substr(last_start + 1), nullptr, false);
  if (trailer.is_discarded() || !trailer.is_object() || !trailer.contains("sha256") ||
      !trailer["sha256"].is_string())
    return MakeError(ErrorCode::kIntegrity, "备份文件结尾行缺失或损坏 (missing or damaged trailer)", {where});
  if (trailer["sha256"].get<std::string>() != Sha256Hex(body))
    return MakeError(ErrorCode::kIntegrity, "备份文件摘要不符，文件已损坏或被改动 (backup digest mismatch)",
                     {where});

  BackupStats stats;
  const std::string original_hash = hash_;
  std::string restored_hash = hash_;
  stats.bytes = static_cast<int64_t>(text->size());
  stats.sha256 = trailer["sha256"].get<std::string>();
  auto st = WithTransaction([&]() -> Status {
    auto current = SchemaVersion();
    if (!current) return std::unexpected(current.error());
    auto log = conn_->Query("SELECT count(*) FROM audit_log", {});
    if (!log) return std::unexpected(log.error());
    bool empty = (*log)[0][0].value_or("0") == "0";
    for (const AuditedTable& t : Audited()) {
      auto n = conn_->Query("SELECT count(*) FROM " + std::string(t.def->table), {});
      if (!n) return std::unexpected(n.error());
      empty = empty && (*n)[0][0].value_or("0") == "0";
    }
    if (!empty)
      return MakeError(ErrorCode::kInvalidArgument,
                       "只能恢复到空数据库，目标库已有数据 (restore needs an empty database)");
    int line_no = 0;
    size_t pos = 0;
    const std::string previous_hash = hash_;
    while (pos < body.size()) {
      const size_t end = body.find('\n', pos);
      const std::string_view line = body.substr(pos, end - pos);
      pos = end + 1;
      ++line_no;
      SourceLocation at{where, line_no, 0};
      nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
      if (j.is_discarded() || !j.is_object())
        return MakeError(ErrorCode::kSyntax, "不是 JSON 对象 (not a JSON object)", at);
      if (line_no == 1) {
        if (j.value("format", "") != kBackupFormat)
          return MakeError(ErrorCode::kValidation, "不是 dengbao-backup/1 备份 (not a dengbao backup)", at);
        stats.schema_version = j.value("schema_version", 0);
        // The chain keeps the algorithm it was written with; this store is empty, so it adopts it.
        const std::string alg = j.value("audit_hash", "sha256");
        if (auto probe = DigestHex(alg, ""); !probe) {
          Error e = probe.error();
          e.where = at;
          return std::unexpected(e);
        }
        if (auto up = conn_->Query("UPDATE settings SET value = $1 WHERE key = 'audit_hash'", {alg}); !up)
          return std::unexpected(up.error());
        restored_hash = alg;
        if (stats.schema_version < 1 || stats.schema_version > *current)
          return MakeError(ErrorCode::kUnsupported,
                           "备份的数据库版本 " + std::to_string(stats.schema_version) + " 高于本程序的 " +
                               std::to_string(*current) + " (backup is from a newer schema)",
                           at);
        continue;
      }
      if (!j.contains("t") || !j["t"].is_string() || !j.contains("r") || !j["r"].is_object())
        return MakeError(ErrorCode::kSyntax, "每行应为 {\"t\": 表, \"r\": 行} (expected {t, r})", at);
      const std::string kind = j["t"].get<std::string>();
      std::span<const std::string_view> columns = kAuditColumns;
      std::string table = "audit_log";
      if (kind != "audit") {
        const AuditedTable* t = FindAudited(kind);
        if (t == nullptr || t->def->is_volatile)
          return MakeError(ErrorCode::kValidation, "未知的表 (unknown table): " + kind, at);
        columns = t->def->columns;
        table = t->def->table;
      }
      std::string cols, params;
      std::vector<Value> values;
      for (size_t i = 0; i < columns.size(); ++i) {
        const auto& r = j["r"];
        auto it = r.find(std::string(columns[i]));
        if (it == r.end() || !it->is_string())
          return MakeError(ErrorCode::kValidation,
                           kind + " 缺少列 " + std::string(columns[i]) + " (missing column)", at);
        values.emplace_back(it->get<std::string>());
        cols += (i == 0 ? "" : ", ") + std::string(columns[i]);
        params += (i == 0 ? "$" : ", $") + std::to_string(i + 1);
      }
      if (j["r"].size() != columns.size())
        return MakeError(ErrorCode::kValidation, kind + " 含有未知的列 (unknown columns)", at);
      auto ins = conn_->Query("INSERT INTO " + table + " (" + cols + ") VALUES (" + params + ")", values);
      if (!ins) {
        Error e = ins.error();
        e.where = at;
        return std::unexpected(e);
      }
      ++stats.rows;
      ++stats.per_table[kind];
    }
    if (trailer.value("rows", int64_t{-1}) != stats.rows)
      return MakeError(ErrorCode::kIntegrity, "备份行数与结尾记录不符 (row count mismatch)", {where});
    stats.audit_entries = stats.per_table["audit"];
    hash_ = restored_hash;
    auto verdict = VerifyAudit();
    if (!verdict) {
      hash_ = previous_hash;
      return std::unexpected(verdict.error());
    }
    if (!verdict->ok) hash_ = previous_hash;
    if (!verdict->ok)
      return MakeError(ErrorCode::kIntegrity,
                       "恢复后审计链校验失败，已撤销恢复 (audit chain does not verify; restore undone): 第 " +
                           std::to_string(verdict->entry_id) + " 条 " + verdict->object + ": " +
                           verdict->problem);
    return {};
  });
  if (!st) {
    hash_ = original_hash;  // the settings row was rolled back with everything else
    return std::unexpected(st.error());
  }
  return stats;
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
