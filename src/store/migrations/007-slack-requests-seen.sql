-- When Slack last reached each of its endpoints with a request that verified (for `doctor`:
-- "no request from Slack in 7 days"). Written at most once a minute per endpoint.
CREATE TABLE slack_requests_seen (
  endpoint         TEXT PRIMARY KEY,
  last_verified_at INTEGER NOT NULL
);
