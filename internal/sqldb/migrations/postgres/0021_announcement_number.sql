-- The official number of an announcement (nomor pengumuman), printed on
-- its PDF under the agency's letterhead: required for the SKD and final
-- lists, optional ('') for the administration lists.
ALTER TABLE announcements ADD COLUMN number TEXT NOT NULL DEFAULT '';
