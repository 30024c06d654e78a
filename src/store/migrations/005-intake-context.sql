-- Intake fidelity (issue 11): when the alert started and what came with it, changes per service,
-- and a Slack outbox kind for posting a change.
ALTER TABLE incidents ADD COLUMN triggered_at INTEGER;          -- NULL: same as created_at
ALTER TABLE incidents ADD COLUMN context TEXT NOT NULL DEFAULT '{}'; -- JSON: {links, labels, details, alertCounts}

CREATE TABLE change_events (
  id          INTEGER PRIMARY KEY,
  service_id  INTEGER NOT NULL REFERENCES services (id) ON DELETE CASCADE,
  summary     TEXT NOT NULL,
  source      TEXT,
  at          INTEGER NOT NULL,
  received_at INTEGER NOT NULL,
  details     TEXT NOT NULL DEFAULT '{}',
  links       TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX change_events_service ON change_events (service_id, at);

-- SQLite cannot change a CHECK constraint in place: the outbox is rebuilt with the 'change' kind.
CREATE TABLE outbox_new (
  id              INTEGER PRIMARY KEY,
  team_id         TEXT NOT NULL,
  channel_id      TEXT NOT NULL,
  kind            TEXT NOT NULL CHECK (kind IN ('post', 'update', 'reply', 'test', 'digest_update', 'change')),
  incident_id     INTEGER,
  digest_id       INTEGER,
  payload         TEXT NOT NULL DEFAULT '{}',
  status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'failed')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_error      TEXT,
  created_at      INTEGER NOT NULL,
  delivered_at    INTEGER
);
INSERT INTO outbox_new SELECT id, team_id, channel_id, kind, incident_id, digest_id, payload, status, attempts,
  next_attempt_at, last_error, created_at, delivered_at FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;
CREATE INDEX outbox_pending ON outbox (status, next_attempt_at, id);
CREATE INDEX outbox_channel ON outbox (team_id, channel_id, status, id);
CREATE UNIQUE INDEX outbox_one_update ON outbox (team_id, incident_id) WHERE kind = 'update' AND status = 'pending';
CREATE UNIQUE INDEX outbox_one_digest_update ON outbox (digest_id) WHERE kind = 'digest_update' AND status = 'pending';
