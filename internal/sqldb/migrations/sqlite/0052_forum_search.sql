-- Full-text search over the forum's posts: one row per post (rowid = the
-- post's id), the opening post with its thread's title and tags. unicode61
-- folds case and, with remove_diacritics, accents, so Indonesian words match
-- as typed; no stemming.
CREATE VIRTUAL TABLE forum_fts USING fts5 (doc, tokenize = 'unicode61 remove_diacritics 0');
