-- OAuth installs: single-use install links (printed by `workspace add`) and single-use, expiring
-- `state` values bound to the browser that started the install.
CREATE TABLE oauth_tickets (
  id           TEXT PRIMARY KEY,          -- sha256 of the secret value
  kind         TEXT NOT NULL CHECK (kind IN ('install_link', 'state')),
  browser_hash TEXT,
  created_at   INTEGER NOT NULL,
  expires_at   INTEGER NOT NULL,
  used_at      INTEGER
);
