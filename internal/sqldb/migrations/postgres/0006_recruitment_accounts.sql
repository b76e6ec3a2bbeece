-- Recruitment, second part: versions that let the public formation list be
-- served from memory while staying read-your-writes, e-mail confirmation and
-- password reset, public amendments.

-- catalog_version grows with every change to what the period's formation list
-- shows (formations, majors, publication, amendments); submitted_total is the
-- sum of its formations' submitted counts and only grows. Together they tell
-- a cached list whether it is still true.
ALTER TABLE periods ADD COLUMN catalog_version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE periods ADD COLUMN submitted_total INTEGER NOT NULL DEFAULT 0;
UPDATE periods SET submitted_total = (SELECT coalesce(sum(f.submitted), 0) FROM formations f WHERE f.period_id = periods.id);

-- Accounts made before e-mail confirmation existed count as confirmed.
ALTER TABLE users ADD COLUMN email_confirmed_at TIMESTAMPTZ;
UPDATE users SET email_confirmed_at = created_at WHERE email IS NOT NULL;

-- One-time secrets sent by e-mail (purpose 'confirm' or 'reset'); only the
-- SHA-256 of the secret is stored.
CREATE TABLE user_tokens (
    token_hash TEXT PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users (id),
    purpose    TEXT NOT NULL,
    email      TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    used_at    TIMESTAMPTZ
);
CREATE INDEX user_tokens_user ON user_tokens (user_id, purpose);

ALTER TABLE amendments ADD COLUMN actor TEXT NOT NULL DEFAULT '';
