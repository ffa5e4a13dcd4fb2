#include "store/migrations.h"

namespace dengbao::store {
namespace {

// Version 1 is portable SQL: TEXT and INTEGER/BIGINT columns, CHECK constraints, no
// autoincrement (audit ids are assigned by the store, in chain order). Times are TEXT in UTC
// ISO 8601 so both backends store and return the same bytes, which the digests depend on.
// Foreign keys have no ON DELETE CASCADE: every deleted row must get its own audit entry.
constexpr std::string_view kV1 = R"sql(
CREATE TABLE organisations (
  id   TEXT PRIMARY KEY CHECK (length(id) > 0),
  name TEXT NOT NULL
);
CREATE TABLE systems (
  id                  TEXT PRIMARY KEY CHECK (length(id) > 0),
  organisation_id     TEXT NOT NULL REFERENCES organisations (id),
  name                TEXT NOT NULL,
  level               INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
  grade               TEXT NOT NULL,
  extensions          TEXT NOT NULL,
  business_continuity INTEGER NOT NULL CHECK (business_continuity IN (0, 1)),
  assessed_on         TEXT NOT NULL,
  kind                TEXT NOT NULL
);
CREATE TABLE targets (
  system_id TEXT NOT NULL REFERENCES systems (id),
  id        TEXT NOT NULL CHECK (length(id) > 0),
  position  INTEGER NOT NULL,
  name      TEXT NOT NULL,
  type      TEXT NOT NULL,
  note      TEXT NOT NULL,
  PRIMARY KEY (system_id, id)
);
CREATE TABLE audit_log (
  id            BIGINT PRIMARY KEY,
  at            TEXT NOT NULL,
  actor         TEXT NOT NULL,
  action        TEXT NOT NULL,
  object        TEXT NOT NULL,
  before_digest TEXT NOT NULL,
  after_digest  TEXT NOT NULL,
  prev_hash     TEXT NOT NULL,
  hash          TEXT NOT NULL
);
CREATE INDEX audit_log_object ON audit_log (object, id);
)sql";

constexpr Migration kMigrations[] = {
    {1, "organisations, systems, targets, audit_log", kV1, "", ""},
};

}  // namespace

std::span<const Migration> Migrations() { return kMigrations; }

}  // namespace dengbao::store
