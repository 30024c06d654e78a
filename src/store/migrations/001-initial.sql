-- Services, users, incidents and their timeline; settings (with encrypted secrets).
CREATE TABLE settings (
  key        TEXT PRIMARY KEY,
  value      TEXT NOT NULL,
  encrypted  INTEGER NOT NULL DEFAULT 0,
  updated_at TEXT NOT NULL
);

CREATE TABLE services (
  id                  INTEGER PRIMARY KEY,
  slug                TEXT NOT NULL UNIQUE,
  name                TEXT NOT NULL,
  description         TEXT NOT NULL DEFAULT '',
  ack_sla_minutes     INTEGER NOT NULL DEFAULT 15,
  resolve_sla_minutes INTEGER NOT NULL DEFAULT 120,
  integration_key     TEXT NOT NULL UNIQUE,
  created_at          TEXT NOT NULL
);

CREATE TABLE users (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL,
  email      TEXT NOT NULL,
  status     TEXT NOT NULL CHECK (status IN ('ACTIVE', 'INACTIVE')),
  created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX users_email_ci ON users (lower(email));

CREATE TABLE incidents (
  id                INTEGER PRIMARY KEY AUTOINCREMENT,
  title             TEXT NOT NULL,
  description       TEXT NOT NULL DEFAULT '',
  service_id        INTEGER NOT NULL REFERENCES services (id),
  urgency           TEXT NOT NULL CHECK (urgency IN ('HIGH', 'MEDIUM', 'LOW')),
  status            TEXT NOT NULL CHECK (status IN ('OPEN', 'ACKNOWLEDGED', 'SNOOZED', 'RESOLVED')),
  components        TEXT NOT NULL DEFAULT '[]',
  dedup_key         TEXT,
  assignee          TEXT,
  created_at        INTEGER NOT NULL,
  updated_at        INTEGER NOT NULL,
  triggered_by      TEXT NOT NULL,
  acknowledged_at   INTEGER,
  acknowledged_by   TEXT,
  resolved_at       INTEGER,
  resolved_by       TEXT,
  snoozed_until     INTEGER,
  snoozed_by        TEXT,
  resolution_note   TEXT,
  trigger_count     INTEGER NOT NULL DEFAULT 1,
  last_triggered_at INTEGER NOT NULL
);
CREATE INDEX incidents_status ON incidents (status, created_at);
CREATE INDEX incidents_service ON incidents (service_id, status);
-- At most one unresolved incident per service and dedup key.
CREATE UNIQUE INDEX incidents_open_dedup ON incidents (service_id, dedup_key)
  WHERE dedup_key IS NOT NULL AND status <> 'RESOLVED';
CREATE INDEX incidents_snoozed ON incidents (snoozed_until) WHERE status = 'SNOOZED';

CREATE TABLE incident_events (
  id          INTEGER PRIMARY KEY,
  incident_id INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
  type        TEXT NOT NULL,
  at          INTEGER NOT NULL,
  actor       TEXT NOT NULL,
  source      TEXT NOT NULL,
  details     TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX incident_events_incident ON incident_events (incident_id, id);
