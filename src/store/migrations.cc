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

// Version 2: the workflow records of issue #5. Every column is NOT NULL (absent is ''), so a row
// digests the same on both backends. Integer columns hold counts and ordinals only; money and
// person-days are TEXT written by the service layer in one fixed format.
constexpr std::string_view kV2 = R"sql(
CREATE TABLE sites (
  organisation_id TEXT NOT NULL REFERENCES organisations (id),
  id TEXT NOT NULL CHECK (length(id) > 0),
  name TEXT NOT NULL,
  address TEXT NOT NULL,
  PRIMARY KEY (organisation_id, id)
);
CREATE TABLE users (
  id TEXT NOT NULL CHECK (length(id) > 0),
  name TEXT NOT NULL,
  role TEXT NOT NULL,
  organisation_id TEXT NOT NULL,
  site_id TEXT NOT NULL,
  manager_id TEXT NOT NULL,
  email TEXT NOT NULL,
  active TEXT NOT NULL,
  PRIMARY KEY (id)
);
CREATE TABLE gradings (
  system_id TEXT NOT NULL REFERENCES systems (id),
  site_id TEXT NOT NULL,
  business_object TEXT NOT NULL,
  business_degree TEXT NOT NULL,
  service_object TEXT NOT NULL,
  service_degree TEXT NOT NULL,
  business_level INTEGER NOT NULL,
  service_level INTEGER NOT NULL,
  level INTEGER NOT NULL,
  rationale TEXT NOT NULL,
  graded_on TEXT NOT NULL,
  expert_review_on TEXT NOT NULL,
  approved_by TEXT NOT NULL,
  PRIMARY KEY (system_id)
);
CREATE TABLE filings (
  system_id TEXT NOT NULL REFERENCES systems (id),
  filing_no TEXT NOT NULL,
  police_office TEXT NOT NULL,
  filed_on TEXT NOT NULL,
  certificate_no TEXT NOT NULL,
  PRIMARY KEY (system_id)
);
CREATE TABLE rounds (
  id TEXT NOT NULL CHECK (length(id) > 0),
  system_id TEXT NOT NULL REFERENCES systems (id),
  year INTEGER NOT NULL,
  kind TEXT NOT NULL,
  started_on TEXT NOT NULL,
  status TEXT NOT NULL,
  previous_id TEXT NOT NULL,
  profile TEXT NOT NULL,
  PRIMARY KEY (id)
);
CREATE TABLE results (
  round_id TEXT NOT NULL REFERENCES rounds (id),
  unit_id TEXT NOT NULL CHECK (length(unit_id) > 0),
  target_id TEXT NOT NULL CHECK (length(target_id) > 0),
  result TEXT NOT NULL,
  method TEXT NOT NULL,
  source TEXT NOT NULL,
  record TEXT NOT NULL,
  rule_ids TEXT NOT NULL,
  risk TEXT NOT NULL,
  high_risk_case TEXT NOT NULL,
  compensated TEXT NOT NULL,
  PRIMARY KEY (round_id, unit_id, target_id)
);
CREATE TABLE items (
  round_id TEXT NOT NULL REFERENCES rounds (id),
  id TEXT NOT NULL CHECK (length(id) > 0),
  unit_id TEXT NOT NULL,
  target_id TEXT NOT NULL,
  title TEXT NOT NULL,
  risk TEXT NOT NULL,
  high_risk_case TEXT NOT NULL,
  owner TEXT NOT NULL,
  deadline TEXT NOT NULL,
  status TEXT NOT NULL,
  priority TEXT NOT NULL,
  fix_kind TEXT NOT NULL,
  cost_money TEXT NOT NULL,
  cost_days TEXT NOT NULL,
  rule_ids TEXT NOT NULL,
  automatic TEXT NOT NULL,
  remediation TEXT NOT NULL,
  approver TEXT NOT NULL,
  reason TEXT NOT NULL,
  expiry TEXT NOT NULL,
  verifier TEXT NOT NULL,
  closed_on TEXT NOT NULL,
  carried_from TEXT NOT NULL,
  PRIMARY KEY (round_id, id)
);
CREATE TABLE item_events (
  round_id TEXT NOT NULL CHECK (length(round_id) > 0),
  item_id TEXT NOT NULL CHECK (length(item_id) > 0),
  seq BIGINT NOT NULL,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  from_status TEXT NOT NULL,
  to_status TEXT NOT NULL,
  note TEXT NOT NULL,
  PRIMARY KEY (round_id, item_id, seq)
);
CREATE TABLE evidence (
  sha256 TEXT NOT NULL CHECK (length(sha256) > 0),
  size BIGINT NOT NULL,
  media_type TEXT NOT NULL,
  extension TEXT NOT NULL,
  name TEXT NOT NULL,
  content_b64 TEXT NOT NULL,
  added_at TEXT NOT NULL,
  added_by TEXT NOT NULL,
  PRIMARY KEY (sha256)
);
CREATE TABLE evidence_links (
  owner TEXT NOT NULL CHECK (length(owner) > 0),
  sha256 TEXT NOT NULL REFERENCES evidence (sha256),
  name TEXT NOT NULL,
  added_at TEXT NOT NULL,
  added_by TEXT NOT NULL,
  PRIMARY KEY (owner, sha256)
);
CREATE TABLE inspection_schedules (
  id TEXT NOT NULL CHECK (length(id) > 0),
  template_id TEXT NOT NULL,
  site_id TEXT NOT NULL,
  frequency TEXT NOT NULL,
  start_on TEXT NOT NULL,
  owner TEXT NOT NULL,
  active TEXT NOT NULL,
  PRIMARY KEY (id)
);
CREATE TABLE inspection_runs (
  id TEXT NOT NULL CHECK (length(id) > 0),
  schedule_id TEXT NOT NULL REFERENCES inspection_schedules (id),
  run_on TEXT NOT NULL,
  inspector TEXT NOT NULL,
  answers TEXT NOT NULL,
  abnormal INTEGER NOT NULL,
  note TEXT NOT NULL,
  PRIMARY KEY (id)
);
CREATE TABLE hazards (
  id TEXT NOT NULL CHECK (length(id) > 0),
  site_id TEXT NOT NULL,
  run_id TEXT NOT NULL,
  check_item TEXT NOT NULL,
  location TEXT NOT NULL,
  nature TEXT NOT NULL,
  severity TEXT NOT NULL,
  measures TEXT NOT NULL,
  found_on TEXT NOT NULL,
  deadline TEXT NOT NULL,
  responsible TEXT NOT NULL,
  status TEXT NOT NULL,
  extension_to TEXT NOT NULL,
  extension_reason TEXT NOT NULL,
  extension_status TEXT NOT NULL,
  extension_approver TEXT NOT NULL,
  rechecked_by TEXT NOT NULL,
  closed_on TEXT NOT NULL,
  PRIMARY KEY (id)
);
CREATE TABLE incidents (
  id TEXT NOT NULL CHECK (length(id) > 0),
  system_id TEXT NOT NULL,
  title TEXT NOT NULL,
  grade TEXT NOT NULL,
  operator_type TEXT NOT NULL,
  discovered_at TEXT NOT NULL,
  deadline_at TEXT NOT NULL,
  reported_at TEXT NOT NULL,
  status TEXT NOT NULL,
  summary TEXT NOT NULL,
  reporter TEXT NOT NULL,
  PRIMARY KEY (id)
);
CREATE TABLE incident_events (
  incident_id TEXT NOT NULL REFERENCES incidents (id),
  seq BIGINT NOT NULL,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  text TEXT NOT NULL,
  PRIMARY KEY (incident_id, seq)
);
CREATE TABLE emergency_plans (
  id TEXT NOT NULL CHECK (length(id) > 0),
  system_id TEXT NOT NULL,
  name TEXT NOT NULL,
  version INTEGER NOT NULL,
  approved_on TEXT NOT NULL,
  owner TEXT NOT NULL,
  PRIMARY KEY (id)
);
CREATE TABLE drills (
  id TEXT NOT NULL CHECK (length(id) > 0),
  plan_id TEXT NOT NULL REFERENCES emergency_plans (id),
  held_on TEXT NOT NULL,
  kind TEXT NOT NULL,
  participants TEXT NOT NULL,
  result TEXT NOT NULL,
  findings TEXT NOT NULL,
  PRIMARY KEY (id)
);
CREATE TABLE training_sessions (
  id TEXT NOT NULL CHECK (length(id) > 0),
  organisation_id TEXT NOT NULL,
  title TEXT NOT NULL,
  held_on TEXT NOT NULL,
  kind TEXT NOT NULL,
  trainer TEXT NOT NULL,
  topic TEXT NOT NULL,
  PRIMARY KEY (id)
);
CREATE TABLE training_records (
  session_id TEXT NOT NULL REFERENCES training_sessions (id),
  line BIGINT NOT NULL,
  name TEXT NOT NULL,
  department TEXT NOT NULL,
  employee_id TEXT NOT NULL,
  attended TEXT NOT NULL,
  score TEXT NOT NULL,
  clicked TEXT NOT NULL,
  submitted TEXT NOT NULL,
  reported TEXT NOT NULL,
  PRIMARY KEY (session_id, line)
);
CREATE TABLE reports (
  id TEXT NOT NULL CHECK (length(id) > 0),
  version INTEGER NOT NULL,
  system_id TEXT NOT NULL,
  round_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  format TEXT NOT NULL,
  digest TEXT NOT NULL,
  size BIGINT NOT NULL,
  content_b64 TEXT NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  PRIMARY KEY (id, version)
);
)sql";

// Version 3: store-wide settings. `audit_hash` names the audit chain's hash algorithm; OpenStore
// fills it in once (see sql_store.cc) and never changes it.
constexpr std::string_view kV3 = R"sql(
CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
)sql";

// Version 4: authentication (issue #6). `credentials` is audited (a password change is a
// security event; the entry holds only digests). Login counters, sessions and the setup token are
// volatile state: not audited row by row, not backed up. Session ids are SHA-256 of the token.
constexpr std::string_view kV4 = R"sql(
CREATE TABLE credentials (
  user_id       TEXT PRIMARY KEY CHECK (length(user_id) > 0) REFERENCES users (id),
  password_hash TEXT NOT NULL,
  changed_at    TEXT NOT NULL,
  history       TEXT NOT NULL,
  totp_secret   TEXT NOT NULL,
  totp_pending  TEXT NOT NULL,
  totp_enrolled TEXT NOT NULL,
  must_change   TEXT NOT NULL
);
CREATE TABLE login_state (
  user_id           TEXT PRIMARY KEY CHECK (length(user_id) > 0),
  failed_count      BIGINT NOT NULL,
  locked_until_unix BIGINT NOT NULL,
  last_failure_at   TEXT NOT NULL,
  last_login_at     TEXT NOT NULL
);
CREATE TABLE sessions (
  id             TEXT PRIMARY KEY CHECK (length(id) > 0),
  user_id        TEXT NOT NULL,
  csrf           TEXT NOT NULL,
  created_unix   BIGINT NOT NULL,
  last_seen_unix BIGINT NOT NULL,
  expires_unix   BIGINT NOT NULL,
  second_factor  TEXT NOT NULL,
  remote         TEXT NOT NULL
);
CREATE TABLE setup_tokens (
  id           TEXT PRIMARY KEY CHECK (length(id) > 0),
  token_hash   TEXT NOT NULL,
  created_unix BIGINT NOT NULL
);
)sql";

constexpr Migration kMigrations[] = {
    {1, "organisations, systems, targets, audit_log", kV1, "", ""},
    {2,
     "sites, users, grading, filing, rounds, results, items, evidence, inspections, hazards, incidents, "
     "plans, drills, training, reports",
     kV2, "", ""},
    {3, "settings (audit chain hash algorithm)", kV3, "", ""},
    {4, "credentials, login state, sessions, setup token", kV4, "", ""},
};

}  // namespace

std::span<const Migration> Migrations() { return kMigrations; }

}  // namespace dengbao::store
