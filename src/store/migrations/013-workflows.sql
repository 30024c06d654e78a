-- Workflow rules per workspace (major-incident channel, stakeholders, status channel, Workflow
-- Builder webhook), the channels opened for incidents, and the outbox kinds that deliver them.
CREATE TABLE workflow_rules (
  id            INTEGER PRIMARY KEY,
  team_id       TEXT NOT NULL REFERENCES workspaces (team_id) ON DELETE CASCADE,
  action        TEXT NOT NULL CHECK (action IN ('incident_channel', 'stakeholders', 'status_channel', 'webhook')),
  service_slug  TEXT,
  urgency       TEXT CHECK (urgency IN ('HIGH', 'MEDIUM', 'LOW')),
  config        TEXT NOT NULL DEFAULT '{}',   -- the action's settings (JSON)
  webhook_url   TEXT,                         -- sealed by the SecretBox: whoever holds it can start the workflow
  status        TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'refused')),
  status_reason TEXT,
  created_at    INTEGER NOT NULL
);
CREATE INDEX workflow_rules_team ON workflow_rules (team_id, id);

-- One channel per incident per workspace: progress is recorded step by step (created, card posted,
-- pinned, linked), so a retried delivery resumes where it stopped instead of making a second channel.
CREATE TABLE incident_channels (
  incident_id         INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
  team_id             TEXT NOT NULL,
  channel_id          TEXT,
  name                TEXT,
  card_ts             TEXT,
  rendered_version    INTEGER NOT NULL DEFAULT 0,
  pinned              INTEGER NOT NULL DEFAULT 0,
  linked              INTEGER NOT NULL DEFAULT 0,
  invitees            TEXT NOT NULL DEFAULT '[]',   -- chat user ids to invite (who clicked, …)
  is_private          INTEGER NOT NULL DEFAULT 0,
  archive_after_hours INTEGER,
  archive_queued      INTEGER NOT NULL DEFAULT 0,
  archived_at         INTEGER,
  created_at          INTEGER NOT NULL,
  PRIMARY KEY (incident_id, team_id)
);

-- SQLite cannot change a CHECK constraint in place: the outbox is rebuilt with the new kinds
-- (the list keeps every kind other migrations add).
CREATE TABLE outbox_new (
  id              INTEGER PRIMARY KEY,
  team_id         TEXT NOT NULL,
  channel_id      TEXT NOT NULL,
  kind            TEXT NOT NULL CHECK (kind IN ('post', 'update', 'reply', 'test', 'digest_update', 'change', 'digest_reply',
                    'incident_channel', 'incident_channel_update', 'incident_channel_archive', 'workflow_dm', 'workflow_post', 'workflow_webhook')),
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
CREATE UNIQUE INDEX outbox_one_update ON outbox (team_id, channel_id, incident_id) WHERE kind = 'update' AND status = 'pending';
CREATE UNIQUE INDEX outbox_one_digest_update ON outbox (digest_id) WHERE kind = 'digest_update' AND status = 'pending';
CREATE UNIQUE INDEX outbox_one_channel_update ON outbox (team_id, incident_id) WHERE kind = 'incident_channel_update' AND status = 'pending';
