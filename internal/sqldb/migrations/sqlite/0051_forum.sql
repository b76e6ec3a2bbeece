-- The ASN forum (package culture): threads under fixed topics, their posts
-- (the opening post and the replies, plain text), tags, votes, reports,
-- attachments, and the units that adopted a solution (the inovasi
-- collection). A post is by an employee (author_employee_id, whose name is
-- shown) through their account. A hidden post keeps its row with the
-- reason; hiding a thread's opening post hides the thread (hidden).
CREATE TABLE forum_threads (
    id                 INTEGER PRIMARY KEY,
    topic              TEXT NOT NULL,
    title              TEXT NOT NULL,
    author_user_id     INTEGER NOT NULL REFERENCES users (id),
    author_employee_id INTEGER NOT NULL REFERENCES employees (id),
    created_at         TIMESTAMP NOT NULL,
    last_post_at       TIMESTAMP NOT NULL,
    replies            INTEGER NOT NULL DEFAULT 0,
    solution_post_id   INTEGER,
    hidden             BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX forum_threads_topic ON forum_threads (topic, last_post_at);
CREATE INDEX forum_threads_last ON forum_threads (last_post_at);

CREATE TABLE forum_posts (
    id                 INTEGER PRIMARY KEY,
    thread_id          INTEGER NOT NULL REFERENCES forum_threads (id),
    author_user_id     INTEGER NOT NULL REFERENCES users (id),
    author_employee_id INTEGER NOT NULL REFERENCES employees (id),
    opening            BOOLEAN NOT NULL DEFAULT FALSE,
    body               TEXT NOT NULL,
    created_at         TIMESTAMP NOT NULL,
    votes              INTEGER NOT NULL DEFAULT 0,
    reports            INTEGER NOT NULL DEFAULT 0,
    hidden_at          TIMESTAMP,
    hidden_reason      TEXT NOT NULL DEFAULT '',
    hidden_by          INTEGER REFERENCES users (id)
);
CREATE INDEX forum_posts_thread ON forum_posts (thread_id, id);
CREATE INDEX forum_posts_created ON forum_posts (created_at);
CREATE INDEX forum_posts_reported ON forum_posts (reports) WHERE reports > 0;

CREATE TABLE forum_tags (
    thread_id INTEGER NOT NULL REFERENCES forum_threads (id),
    tag       TEXT NOT NULL,
    PRIMARY KEY (thread_id, tag)
);
CREATE INDEX forum_tags_tag ON forum_tags (tag, thread_id);

-- One vote per account and post.
CREATE TABLE forum_votes (
    post_id    INTEGER NOT NULL REFERENCES forum_posts (id),
    user_id    INTEGER NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (post_id, user_id)
);

-- One report per account and post; resolved when the admin hides or keeps it.
CREATE TABLE forum_reports (
    post_id     INTEGER NOT NULL REFERENCES forum_posts (id),
    user_id     INTEGER NOT NULL REFERENCES users (id),
    reason      TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    resolved_at TIMESTAMP,
    PRIMARY KEY (post_id, user_id)
);

-- A post's attachment: the bytes are a blob (package blob) by SHA-256.
CREATE TABLE forum_attachments (
    id           INTEGER PRIMARY KEY,
    post_id      INTEGER NOT NULL REFERENCES forum_posts (id),
    sha256       TEXT NOT NULL,
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL
);
CREATE INDEX forum_attachments_post ON forum_attachments (post_id);

-- A unit adopted a solution (a post marked as its thread's solution).
CREATE TABLE forum_adoptions (
    post_id     INTEGER NOT NULL REFERENCES forum_posts (id),
    unit_id     INTEGER NOT NULL REFERENCES org_units (id),
    note        TEXT NOT NULL DEFAULT '',
    recorded_by INTEGER NOT NULL REFERENCES users (id),
    adopted_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (post_id, unit_id)
);
CREATE INDEX forum_adoptions_at ON forum_adoptions (adopted_at);
