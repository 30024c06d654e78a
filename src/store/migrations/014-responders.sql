-- More actions on the card (issue 15): who the assignee is (a Slack reference, to mention them) and
-- the responders asked to help.
ALTER TABLE incidents ADD COLUMN assignee_ref TEXT;                       -- e.g. slack:T123:U456
ALTER TABLE incidents ADD COLUMN responders TEXT NOT NULL DEFAULT '[]';   -- JSON: Actor[]

-- SQLite cannot change a CHECK constraint in place: the outbox is rebuilt with the 'dm' kind (a direct
-- message to a person: a new assignee or responder). Runs after 013: every kind and index 013 keeps
-- stays (workflows' six kinds, its per-channel-update index).
CREATE TABLE outbox_new (
  id              INTEGER PRIMARY KEY,
  team_id         TEXT NOT NULL,
  channel_id      TEXT NOT NULL,
  kind            TEXT NOT NULL CHECK (kind IN ('post', 'update', 'reply', 'test', 'digest_update', 'change', 'digest_reply',
                    'incident_channel', 'incident_channel_update', 'incident_channel_archive', 'workflow_dm', 'workflow_post', 'workflow_webhook',
                    'dm')),
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
-- As migration 013 left them: one pending update per card (incident and channel), per digest, per incident channel.
CREATE UNIQUE INDEX outbox_one_update ON outbox (team_id, channel_id, incident_id) WHERE kind = 'update' AND status = 'pending';
CREATE UNIQUE INDEX outbox_one_digest_update ON outbox (digest_id) WHERE kind = 'digest_update' AND status = 'pending';
CREATE UNIQUE INDEX outbox_one_channel_update ON outbox (team_id, incident_id) WHERE kind = 'incident_channel_update' AND status = 'pending';
