-- Requests that created an incident, by a key the sender repeats on a replay (a Slack view id, a
-- slash command's trigger_id): a replayed request finds the incident it made instead of making another.
CREATE TABLE incident_request_keys (
  request_key TEXT PRIMARY KEY,
  incident_id INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
  created_at  INTEGER NOT NULL
);
