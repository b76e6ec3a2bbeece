-- A notification in each language: title and body hold the Indonesian,
-- title_en and body_en the English. Rows written before are '' here and
-- are read in their stored text in either language.
ALTER TABLE notifications ADD COLUMN title_en TEXT NOT NULL DEFAULT '';
ALTER TABLE notifications ADD COLUMN body_en TEXT NOT NULL DEFAULT '';
