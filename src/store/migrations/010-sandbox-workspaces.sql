-- The built-in Slack sandbox shares the database with the CLI (one world for a newcomer), but its
-- fake workspaces stay apart from real ones: a daemon or CLI talking to real Slack never sees a
-- sandbox workspace (nor sends it a token), and the sandbox never sees a real one.
ALTER TABLE workspaces ADD COLUMN sandbox INTEGER NOT NULL DEFAULT 0 CHECK (sandbox IN (0, 1));
