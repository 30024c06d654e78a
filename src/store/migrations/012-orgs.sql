-- Several channels per incident: channels subscribe to incidents by service and/or urgency, beside
-- the routes (whose precedence still picks one routed channel, as before), and an incident has one
-- card per channel of a workspace. Existing routes are untouched, so existing setups post exactly
-- where they did; each existing card keeps its channel.
CREATE TABLE channel_subscriptions (
  team_id    TEXT NOT NULL REFERENCES workspaces (team_id) ON DELETE CASCADE,
  channel_id TEXT NOT NULL,
  services   TEXT,                          -- JSON array of service slugs; NULL: any service
  urgencies  TEXT,                          -- JSON array of urgencies; NULL: any urgency
  created_at TEXT NOT NULL,
  PRIMARY KEY (team_id, channel_id)
);

CREATE TABLE slack_messages_new (
  incident_id      INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
  team_id          TEXT NOT NULL,
  channel_id       TEXT NOT NULL,
  ts               TEXT,
  digest_id        INTEGER,
  rendered_version INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (incident_id, team_id, channel_id)
);
INSERT INTO slack_messages_new (incident_id, team_id, channel_id, ts, digest_id, rendered_version)
  SELECT incident_id, team_id, channel_id, ts, digest_id, rendered_version FROM slack_messages;
DROP TABLE slack_messages;
ALTER TABLE slack_messages_new RENAME TO slack_messages;
CREATE INDEX slack_messages_digest ON slack_messages (digest_id);
CREATE INDEX slack_messages_card ON slack_messages (team_id, channel_id, ts);

-- Pending updates coalesce per card now (one card per channel), not per workspace.
DROP INDEX outbox_one_update;
CREATE UNIQUE INDEX outbox_one_update ON outbox (team_id, channel_id, incident_id) WHERE kind = 'update' AND status = 'pending';

-- Teams and access: users belong to teams, a team owns services, and a user's role (admin,
-- responder, viewer; responder when not set) says what they may do. Services no team owns are
-- everybody's, so a database without teams behaves as before.
CREATE TABLE teams (
  id         INTEGER PRIMARY KEY,
  slug       TEXT NOT NULL UNIQUE,
  name       TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE team_members (
  team_id INTEGER NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  PRIMARY KEY (team_id, user_id)
);
CREATE INDEX team_members_user ON team_members (user_id);
CREATE TABLE service_owners (
  service_id INTEGER PRIMARY KEY REFERENCES services (id) ON DELETE CASCADE,
  team_id    INTEGER NOT NULL REFERENCES teams (id) ON DELETE CASCADE
);
CREATE TABLE user_roles (
  user_id INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  role    TEXT NOT NULL CHECK (role IN ('admin', 'responder', 'viewer'))
);
