// The stored tables and their columns (issue #5; #6 adds authentication). Each row of these tables is a record the
// audit chain accounts for: its audit object is "<kind>:<key1>/<key2>…" and its digest SHA-256
// over the kind and every column in the order listed here. The list must match the schema
// (store_test checks it against the live database on both backends); adding a table means a
// migration plus a row here, and VerifyAudit then covers it.
#pragma once

#include <span>
#include <string_view>

namespace dengbao::store {

struct TableDef {
  std::string_view kind;   // audit object kind and the name used by Store::Put/Find, e.g. "item"
  std::string_view table;  // SQL table
  std::span<const std::string_view> columns;  // keys first
  size_t keys;
  std::string_view order;  // ORDER BY for Find (SQL over own columns)
  bool append_only;        // rows are never changed once written (evidence, finalised reports)
  // Volatile state (sessions, login counters, the setup token): written without audit entries
  // (the events that change it are audited as such, e.g. auth.login_failed), not checked by
  // VerifyAudit, not part of backups.
  bool is_volatile = false;
};

std::span<const TableDef> Tables();
// nullptr when `kind` is not an audited table.
const TableDef* FindTable(std::string_view kind);

}  // namespace dengbao::store
