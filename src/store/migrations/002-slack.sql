-- Slack: installed workspaces, channel routing, the incident message per workspace, and the outbox.
CREATE TABLE workspaces (
  team_id           TEXT PRIMARY KEY,
  team_name         TEXT NOT NULL,
  bot_token         TEXT NOT NULL,          -- sealed by the SecretBox
  bot_user_id       TEXT,
  bot_id            TEXT,
  scopes            TEXT NOT NULL DEFAULT '',
  installed_by      TEXT,
  installed_at      TEXT NOT NULL,
  status            TEXT NOT NULL DEFAULT 'ok' CHECK (status IN ('ok', 'needs_attention')),
  status_reason     TEXT,
  default_channel   TEXT,                   -- channel id
  settings          TEXT NOT NULL DEFAULT '{}'
);

CREATE TABLE channel_names (
  team_id    TEXT NOT NULL,
  channel_id TEXT NOT NULL,
  name       TEXT NOT NULL,
  is_private INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (team_id, channel_id)
);

CREATE TABLE routes (
  id           INTEGER PRIMARY KEY,
  team_id      TEXT NOT NULL REFERENCES workspaces (team_id) ON DELETE CASCADE,
  service_slug TEXT,
  urgency      TEXT CHECK (urgency IS NULL OR urgency IN ('HIGH', 'MEDIUM', 'LOW')),
  channel_id   TEXT NOT NULL,
  CHECK (service_slug IS NOT NULL OR urgency IS NOT NULL)
);
CREATE UNIQUE INDEX routes_unique ON routes (team_id, ifnull(service_slug, ''), ifnull(urgency, ''));

-- Where an incident's message lives in each workspace (a digest message may hold several incidents).
CREATE TABLE slack_messages (
  incident_id      INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
  team_id          TEXT NOT NULL,
  channel_id       TEXT NOT NULL,
  ts               TEXT,
  digest_id        INTEGER,
  rendered_version INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (incident_id, team_id)
);
CREATE INDEX slack_messages_digest ON slack_messages (digest_id);

CREATE TABLE digests (
  id         INTEGER PRIMARY KEY,
  team_id    TEXT NOT NULL,
  channel_id TEXT NOT NULL,
  ts         TEXT,
  created_at INTEGER NOT NULL
);

-- Every Slack call starts as a row here, written in the transaction of the change that caused it.
CREATE TABLE outbox (
  id              INTEGER PRIMARY KEY,
  team_id         TEXT NOT NULL,
  channel_id      TEXT NOT NULL,
  kind            TEXT NOT NULL CHECK (kind IN ('post', 'update', 'reply', 'test', 'digest_update')),
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
CREATE INDEX outbox_pending ON outbox (status, next_attempt_at, id);
CREATE INDEX outbox_channel ON outbox (team_id, channel_id, status, id);
-- Pending updates of one message coalesce: at most one waits per incident and workspace.
CREATE UNIQUE INDEX outbox_one_update ON outbox (team_id, incident_id) WHERE kind = 'update' AND status = 'pending';
CREATE UNIQUE INDEX outbox_one_digest_update ON outbox (digest_id) WHERE kind = 'digest_update' AND status = 'pending';
