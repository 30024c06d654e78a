-- Cards that repair themselves: an outbox 'repost' kind (a lost card posted again with a note).
-- The outbox is rebuilt without a CHECK on its kind: the kinds live in one place,
-- src/store/outbox-messages.ts, which parks a row of an unknown kind with the reason. (Each new kind
-- rebuilding the table with its own list would let one migration undo another's kind.)
CREATE TABLE outbox_new (
  id              INTEGER PRIMARY KEY,
  team_id         TEXT NOT NULL,
  channel_id      TEXT NOT NULL,
  kind            TEXT NOT NULL,
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
-- One pending repost per card.
CREATE UNIQUE INDEX outbox_one_repost ON outbox (team_id, channel_id, incident_id) WHERE kind = 'repost' AND status = 'pending';
