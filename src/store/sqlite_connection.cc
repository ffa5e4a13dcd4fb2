// The SQLite driver. Settings and why:
// - journal_mode=WAL: readers do not block the writer (the web UI reads while the CLI writes).
// - synchronous=FULL: in WAL mode NORMAL already survives a killed process, but a power cut can
//   lose the last commits; audit entries and rectification records are evidence, and our write
//   rate is small, so we pay the fsync per commit.
// - foreign_keys=ON: SQLite leaves them off per connection by default.
// - busy_timeout: a second process waits up to 5 s for the write lock instead of failing.
// Transactions start with BEGIN IMMEDIATE so the write lock is taken up front (no deadlock
// between two readers upgrading).
#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include "store/connection.h"

namespace dengbao::store {
namespace {

class SqliteConnection final : public Connection {
 public:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  ~SqliteConnection() override { sqlite3_close_v2(db_); }
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  std::string_view Backend() const override { return "sqlite"; }
  std::string_view BeginSql() const override { return "BEGIN IMMEDIATE"; }

  Status Exec(std::string_view sql) override {
    char* msg = nullptr;
    int rc = sqlite3_exec(db_, std::string(sql).c_str(), nullptr, nullptr, &msg);
    if (rc != SQLITE_OK) {
      std::string detail = msg != nullptr ? msg : sqlite3_errstr(rc);
      sqlite3_free(msg);
      return MakeError(ErrorCode::kIo, "SQLite: " + detail);
    }
    return {};
  }

  Result<std::vector<Row>> Query(std::string_view sql, const std::vector<Value>& params) override {
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &raw, nullptr) != SQLITE_OK)
      return Fail();
    std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> stmt(raw, sqlite3_finalize);
    for (size_t i = 0; i < params.size(); ++i) {
      std::string name = "$" + std::to_string(i + 1);
      int index = sqlite3_bind_parameter_index(raw, name.c_str());
      if (index == 0) continue;  // the statement does not use this parameter
      int rc = params[i] ? sqlite3_bind_text(raw, index, params[i]->data(),
                                             static_cast<int>(params[i]->size()), SQLITE_TRANSIENT)
                         : sqlite3_bind_null(raw, index);
      if (rc != SQLITE_OK) return Fail();
    }
    std::vector<Row> rows;
    for (;;) {
      int rc = sqlite3_step(raw);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) return Fail();
      Row row;
      int n = sqlite3_column_count(raw);
      for (int c = 0; c < n; ++c) {
        if (sqlite3_column_type(raw, c) == SQLITE_NULL) {
          row.emplace_back(std::nullopt);
          continue;
        }
        const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(raw, c));
        row.emplace_back(std::string(text, static_cast<size_t>(sqlite3_column_bytes(raw, c))));
      }
      rows.push_back(std::move(row));
    }
    return rows;
  }

 private:
  std::unexpected<Error> Fail() {
    return MakeError(ErrorCode::kIo, std::string("SQLite: ") + sqlite3_errmsg(db_));
  }

  sqlite3* db_;
};

}  // namespace

Result<std::unique_ptr<Connection>> OpenSqlite(const std::string& path) {
  // Create the file ourselves so it is 0600 from the start (SQLite would use 0644 minus umask);
  // SQLite gives the -wal and -shm files the database file's mode.
  if (int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600); fd >= 0) {
    ::close(fd);
  } else {
    return MakeError(ErrorCode::kIo, "无法创建数据库文件 " + path + " (cannot create the database file)");
  }
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr);
  auto conn = std::make_unique<SqliteConnection>(db);  // closes db on every path below
  if (rc != SQLITE_OK)
    return MakeError(ErrorCode::kIo, "无法打开 " + path + " (cannot open): " + sqlite3_errstr(rc));
  sqlite3_extended_result_codes(db, 1);
  auto st = conn->Exec(
      "PRAGMA busy_timeout=5000; PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;");
  if (!st) return std::unexpected(st.error());
  return conn;
}

}  // namespace dengbao::store
