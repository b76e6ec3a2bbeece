-- Full-text search over the forum: one row per thread (rowid = the
-- thread's id) holding its title, tags and every visible post, so a match
-- in a reply gives its thread without a join. The service appends a reply
-- and writes the row again when a post is hidden or restored. unicode61
-- folds case (accents kept, as PostgreSQL's 'simple' does); no stemming,
-- which suits Indonesian.
CREATE VIRTUAL TABLE forum_fts USING fts5 (doc, tokenize = 'unicode61 remove_diacritics 0');
