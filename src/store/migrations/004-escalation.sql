-- Escalation policies, on-call schedules, and per-incident escalation and SLA timers.
CREATE TABLE schedules (
  id            INTEGER PRIMARY KEY,
  name          TEXT NOT NULL UNIQUE COLLATE NOCASE,
  time_zone     TEXT NOT NULL,
  rotation      TEXT NOT NULL,           -- JSON: {users:[id], start:"YYYY-MM-DD", handoff:"HH:MM", length:{kind,hours?}}
  created_at    INTEGER NOT NULL
);

CREATE TABLE schedule_overrides (
  id          INTEGER PRIMARY KEY,
  schedule_id INTEGER NOT NULL REFERENCES schedules (id) ON DELETE CASCADE,
  user_id     INTEGER NOT NULL REFERENCES users (id),
  starts_at   INTEGER NOT NULL,
  ends_at     INTEGER NOT NULL
);
CREATE INDEX schedule_overrides_window ON schedule_overrides (schedule_id, starts_at, ends_at);

CREATE TABLE escalation_policies (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE COLLATE NOCASE,
  steps      TEXT NOT NULL,              -- JSON: [{delay_minutes, targets:[{type:'user',id}|{type:'schedule',id}]}]
  repeat     INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL
);

ALTER TABLE services ADD COLUMN escalation_policy_id INTEGER REFERENCES escalation_policies (id);

-- One row per incident whose service has a policy: the next step and when it falls due.
CREATE TABLE incident_escalations (
  incident_id INTEGER PRIMARY KEY REFERENCES incidents (id) ON DELETE CASCADE,
  policy_id   INTEGER NOT NULL,
  step        INTEGER NOT NULL,            -- index of the next step to fire
  cycle       INTEGER NOT NULL DEFAULT 0,  -- how many times the policy has been repeated
  next_at     INTEGER                      -- NULL: stopped (acknowledged, resolved) or paused (snoozed)
);
CREATE INDEX incident_escalations_due ON incident_escalations (next_at) WHERE next_at IS NOT NULL;

-- SLA timers: when each target falls due, and whether its breach was recorded (once per kind).
CREATE TABLE incident_sla (
  incident_id         INTEGER PRIMARY KEY REFERENCES incidents (id) ON DELETE CASCADE,
  ack_due_at          INTEGER,
  resolve_due_at      INTEGER,
  ack_breached_at     INTEGER,
  resolve_breached_at INTEGER
);
CREATE INDEX incident_sla_ack ON incident_sla (ack_due_at) WHERE ack_due_at IS NOT NULL AND ack_breached_at IS NULL;
CREATE INDEX incident_sla_resolve ON incident_sla (resolve_due_at) WHERE resolve_due_at IS NOT NULL AND resolve_breached_at IS NULL;
