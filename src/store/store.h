// The persistent store (issue #5): organisations, systems with their targets, and the audit
// trail, behind one interface with two backends (an SQLite file, the embedded default, and
// PostgreSQL). Every write through a Store appends an audit entry in the same transaction; the
// entries form a SHA-256 hash chain that VerifyAudit walks. Times are stored as UTC ISO 8601
// ("2026-11-20T08:00:00Z"). Not thread-safe: one Store per thread (open another for another
// thread; the databases handle concurrency between connections).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "assess/model.h"
#include "core/error.h"

namespace dengbao::store {

struct TargetRecord {
  std::string id;
  std::string name;
  std::string type;  // catalog target type id
  std::string note;
};

struct SystemRecord {
  std::string id;
  std::string name;
  std::string organisation;  // organisation id (its name, for systems imported from a file)
  int level = 0;
  std::string grade;                    // "S3A3"
  std::vector<std::string> extensions;  // cloud, mobile, iot, ics
  bool business_continuity = false;
  std::string assessed_on;            // YYYY-MM-DD or empty
  std::string kind;                   // self_check | agency
  std::vector<TargetRecord> targets;  // filled by GetSystem; in the file's order
};

struct AuditEntry {
  int64_t id = 0;  // 1, 2, 3, … in chain order
  std::string at;  // UTC ISO 8601
  std::string actor;
  std::string action;         // e.g. "system.import", "target.delete"
  std::string object;         // e.g. "system:his", "target:his/his-app-01"
  std::string before_digest;  // SHA-256 hex of the row before; empty if it did not exist
  std::string after_digest;   // SHA-256 hex of the row after; empty if it was deleted
  std::string prev_hash;      // hash of the previous entry; 64 zeros for the first
  std::string hash;           // SHA-256 over prev_hash and the fields above
};

// What VerifyAudit found. `ok` false names the first entry that does not fit (entry_id 0 when
// the problem is a row that no entry accounts for) and says why.
struct AuditVerdict {
  bool ok = true;
  int64_t entries = 0;   // entries walked
  int64_t entry_id = 0;  // first offending entry
  std::string object;    // the object concerned, when known
  std::string problem;   // zh-first explanation
};

// One row of an audited table (tables.h): column -> value. Every column of the table is present
// on reads; writes must give every column (absent values are "").
using Record = std::map<std::string, std::string, std::less<>>;

struct BackupStats {
  int schema_version = 0;
  int64_t rows = 0;  // table rows, audit entries included
  int64_t audit_entries = 0;
  int64_t bytes = 0;   // size of the backup file
  std::string sha256;  // of the backup file's content before its trailer line
  std::map<std::string, int64_t> per_table;
};

class Store {
 public:
  virtual ~Store() = default;

  // "sqlite" or "postgresql".
  virtual std::string_view Backend() const = 0;
  // The audit chain's hash algorithm: "sm3" or "sha256", fixed when the store was created.
  virtual std::string_view AuditHash() const = 0;
  // Highest migration applied (OpenStore applies all known ones).
  virtual Result<int> SchemaVersion() = 0;

  // Runs `fn` inside one transaction: commits when it returns success, rolls back when it returns
  // an error (which is passed on). Nested calls join the outer transaction.
  virtual Status WithTransaction(const std::function<Status()>& fn) = 0;

  // Inserts or updates the system, its organisation and its targets from a parsed system file;
  // targets no longer listed are deleted. One audit entry per row that changed, all in one
  // transaction. Unchanged rows append nothing.
  virtual Status UpsertSystem(const assess::SystemSpec& spec, std::string_view actor) = 0;
  // Systems ordered by id, without targets.
  virtual Result<std::vector<SystemRecord>> ListSystems() = 0;
  // One system with its targets; kNotFound when absent.
  virtual Result<SystemRecord> GetSystem(std::string_view id) = 0;

  // Generic audited records (tables.h kinds: "site", "item", "hazard", …). The service layer
  // (src/service) builds the domain on these.
  //
  // Put inserts or updates by key; each changed row appends one audit entry with `action`.
  // kInvalidArgument for an unknown kind, a missing or unknown column, an empty key or a
  // non-integer value in an integer column; kIntegrity when it would change a row of an
  // append-only table (evidence, finalised reports: a correction is a new version).
  virtual Status Put(std::string_view kind, const Record& row, std::string_view actor,
                     std::string_view action) = 0;
  // As Put, but kDuplicate when a row with the same key exists.
  virtual Status Insert(std::string_view kind, const Record& row, std::string_view actor,
                        std::string_view action) = 0;
  // Deletes by key (kNotFound when absent); refused for append-only tables.
  virtual Status Delete(std::string_view kind, const std::vector<std::string>& keys, std::string_view actor,
                        std::string_view action) = 0;
  virtual Result<std::optional<Record>> Get(std::string_view kind, const std::vector<std::string>& keys) = 0;
  // Rows whose columns equal every value in `equal` (empty: all rows), in the table's order.
  virtual Result<std::vector<Record>> Find(std::string_view kind, const Record& equal = {}) = 0;

  // A consistent online snapshot of every table and the audit trail, written to `path` (mode
  // 0600) through a temporary file renamed into place, so a failed backup leaves no partial
  // file. Format: JSON lines (docs/store.md), readable by either backend.
  virtual Result<BackupStats> Backup(const std::filesystem::path& path) = 0;
  // Loads a backup into this store, which must be empty. Checks the file's digest first, loads
  // everything in one transaction and runs VerifyAudit before committing; any failure leaves the
  // store as it was.
  virtual Result<BackupStats> Restore(const std::filesystem::path& path) = 0;

  // Appends one entry to the hash chain (in its own transaction unless one is open).
  virtual Result<AuditEntry> AppendAudit(std::string_view actor, std::string_view action,
                                         std::string_view object, std::string_view before_digest,
                                         std::string_view after_digest) = 0;
  virtual Result<std::vector<AuditEntry>> AuditLog() = 0;
  // Walks the chain (links and hashes), then compares the latest entry of every audited object
  // with the row as it is now, and looks for audited rows that no entry accounts for.
  virtual Result<AuditVerdict> VerifyAudit() = 0;
};

// Opens (creating if needed) the store at `url`: "sqlite:PATH" or "postgresql://…" /
// "postgres://…" (libpq URI). Applies pending migrations. kInvalidArgument on an unknown scheme,
// kIo when the database cannot be opened.
Result<std::unique_ptr<Store>> OpenStore(std::string_view url);

}  // namespace dengbao::store
