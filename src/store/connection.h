// Internal: the small SQL surface the store needs from a database driver, so the store logic
// (sql_store.cc) is written once for both backends. Placeholders are $1, $2, … on both (SQLite
// accepts them as named parameters). Values travel as text or NULL; the databases convert them to
// the column types. Not thread-safe.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace dengbao::store {

using Value = std::optional<std::string>;  // nullopt is SQL NULL
using Row = std::vector<Value>;

class Connection {
 public:
  virtual ~Connection() = default;
  virtual std::string_view Backend() const = 0;
  // Runs one or more statements without parameters.
  virtual Status Exec(std::string_view sql) = 0;
  // Runs one statement with parameters; returns its rows (empty for statements without results).
  virtual Result<std::vector<Row>> Query(std::string_view sql, const std::vector<Value>& params) = 0;
  // The statement that starts a write transaction.
  virtual std::string_view BeginSql() const = 0;
};

// `path` is a file name; the file is created with mode 0600 when missing.
Result<std::unique_ptr<Connection>> OpenSqlite(const std::string& path);
// `conninfo` is a libpq URI or keyword string.
Result<std::unique_ptr<Connection>> OpenPostgres(const std::string& conninfo);

}  // namespace dengbao::store
