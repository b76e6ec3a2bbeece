-- Full-text search over the forum's posts: the 'simple' configuration
-- (lowercased words, no stemming, no stop words: right for Indonesian,
-- which PostgreSQL has no dictionary for), in a column kept by the service
-- (the opening post with its thread's title and tags), with a GIN index.
ALTER TABLE forum_posts ADD COLUMN doc tsvector NOT NULL DEFAULT ''::tsvector;
CREATE INDEX forum_posts_doc ON forum_posts USING GIN (doc);
