-- More actions on the card (issue 15): who the assignee is (a Slack reference, to mention them) and
-- the responders asked to help.
ALTER TABLE incidents ADD COLUMN assignee_ref TEXT;                       -- e.g. slack:T123:U456
ALTER TABLE incidents ADD COLUMN responders TEXT NOT NULL DEFAULT '[]';   -- JSON: Actor[]
