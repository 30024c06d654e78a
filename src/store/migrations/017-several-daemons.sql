-- Several daemons on one database (#18).
-- Delivery leases: each lane of the outbox (a workspace) is delivered by the one daemon holding its
-- lease, so per-channel order and Slack's per-workspace pace hold however many daemons run. A
-- lease is taken and renewed inside a write transaction (the writer lock); a dead daemon's lease
-- runs out at expires_at and another daemon takes the lane.
CREATE TABLE delivery_leases (
  lane       TEXT PRIMARY KEY,
  owner      TEXT NOT NULL,
  expires_at BIGINT NOT NULL,
  taken_at   BIGINT NOT NULL
);
-- A counter every change to settings, workspaces and users bumps: each daemon looks at it at most
-- once a second and drops what it cached when it moved (a CLI change or a rotated token reaches
-- every daemon within seconds).
CREATE TABLE store_versions (
  name    TEXT PRIMARY KEY,
  version BIGINT NOT NULL
);
INSERT INTO store_versions (name, version) VALUES ('config', 0);
