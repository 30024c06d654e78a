-- On-call in Slack (issue 15): per schedule and workspace, the channel its shift handoffs are
-- announced in and the user group whose members follow it, and how far each has got: the last
-- handoff announced, and who the group was last set to. Portable SQL (SQLite and PostgreSQL); no
-- auto id, so no .pg.sql variant.
CREATE TABLE schedule_slack (
  schedule_id      INTEGER NOT NULL REFERENCES schedules(id) ON DELETE CASCADE,
  team_id          TEXT NOT NULL,
  handoff_channel  TEXT,              -- where handoffs are announced (null: not announced)
  usergroup_id     TEXT,              -- the user group kept to whoever is on call (null: none)
  usergroup_handle TEXT,
  announced_to     BIGINT NOT NULL,   -- ms: handoffs up to this instant are announced (or predate the setting)
  synced_key       TEXT,              -- who the group was last set to ("user:<id>", "none"); null: not yet
  PRIMARY KEY (schedule_id, team_id)
);
