-- Full-text search over the forum: per thread, its title, tags and every
-- visible post as one tsvector of the 'simple' configuration (lowercased
-- words, no stemming, no stop words: right for Indonesian, which a stock
-- PostgreSQL has no dictionary for), stripped of positions (search needs
-- none, and a long thread stays small). The service appends a reply and
-- writes it again when a post is hidden or restored; a GIN index reads it.
ALTER TABLE forum_threads ADD COLUMN doc tsvector NOT NULL DEFAULT ''::tsvector;
CREATE INDEX forum_threads_doc ON forum_threads USING GIN (doc);
