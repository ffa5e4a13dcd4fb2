// Internal: the versioned schema migrations. Append new versions at the end; never edit one that
// has shipped (a database that already applied it would not see the change).
#pragma once

#include <span>
#include <string_view>

namespace dengbao::store {

struct Migration {
  int version;
  std::string_view description;
  std::string_view sql;         // portable SQL, used when the backend has no override
  std::string_view sqlite_sql;  // SQLite-only text; empty: use `sql`
  std::string_view pg_sql;      // PostgreSQL-only text; empty: use `sql`

  std::string_view For(std::string_view backend) const {
    if (backend == "sqlite" && !sqlite_sql.empty()) return sqlite_sql;
    if (backend == "postgresql" && !pg_sql.empty()) return pg_sql;
    return sql;
  }
};

std::span<const Migration> Migrations();

}  // namespace dengbao::store
