-- A new version of a published SKD or final list is a correction: the
-- committee's reason for it, published with it ('' for a first version and
-- for the administration lists).
ALTER TABLE announcements ADD COLUMN reason TEXT NOT NULL DEFAULT '';
