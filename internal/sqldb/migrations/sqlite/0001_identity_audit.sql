-- Foundation: users, roles, sessions and tokens, login throttling, the audit record.
CREATE TABLE users (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    username      TEXT NOT NULL,
    name          TEXT NOT NULL,
    email         TEXT,
    password_hash TEXT NOT NULL DEFAULT '',
    disabled      BOOLEAN NOT NULL DEFAULT 0,
    demo          BOOLEAN NOT NULL DEFAULT 0,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX users_username ON users (lower(username));
CREATE UNIQUE INDEX users_email ON users (lower(email)) WHERE email IS NOT NULL;

CREATE TABLE user_roles (
    user_id INTEGER NOT NULL REFERENCES users (id),
    role    TEXT NOT NULL,
    PRIMARY KEY (user_id, role)
);

-- A browser session (kind 'session') or an API bearer token (kind 'token').
-- Only the SHA-256 of the secret is stored.
CREATE TABLE sessions (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    token_hash   TEXT NOT NULL UNIQUE,
    user_id      INTEGER NOT NULL REFERENCES users (id),
    kind         TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    last_seen_at TIMESTAMP NOT NULL,
    expires_at   TIMESTAMP NOT NULL,
    revoked_at   TIMESTAMP
);
CREATE INDEX sessions_user ON sessions (user_id);

-- Failed sign-ins per key ('u:<username>' or 'a:<address>'), shared by every instance.
CREATE TABLE login_throttle (
    key          TEXT PRIMARY KEY,
    window_start TIMESTAMP NOT NULL,
    failures     INTEGER NOT NULL,
    locks        INTEGER NOT NULL DEFAULT 0,
    locked_until TIMESTAMP
);

-- The audit record (DESIGN §4). pos, prev_hash and hash are set once by the sealer;
-- on SQLite the sealer works inline in the writing transaction, so pos follows seq.
-- Deliberately lean: every page an event touches is written to the WAL at commit
-- (no AUTOINCREMENT, which would write sqlite_sequence; no index beyond the rowid —
-- rows are never deleted, so rowids are never reused).
CREATE TABLE audit_events (
    seq         INTEGER PRIMARY KEY,
    at          TIMESTAMP NOT NULL,
    actor       TEXT NOT NULL DEFAULT '',
    role        TEXT NOT NULL DEFAULT '',
    action      TEXT NOT NULL,
    object_type TEXT NOT NULL DEFAULT '',
    object_id   TEXT NOT NULL DEFAULT '',
    data        TEXT NOT NULL DEFAULT '{}',
    client      TEXT NOT NULL DEFAULT '',
    pos         INTEGER,
    prev_hash   TEXT,
    hash        TEXT
);

-- Append-only: no DELETE; an UPDATE may only set pos, prev_hash and hash once from NULL.
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'audit_events is append-only');
END;
CREATE TRIGGER audit_events_seal_once BEFORE UPDATE ON audit_events
WHEN OLD.pos IS NOT NULL OR OLD.prev_hash IS NOT NULL OR OLD.hash IS NOT NULL
  OR NEW.seq IS NOT OLD.seq OR NEW.at IS NOT OLD.at OR NEW.actor IS NOT OLD.actor
  OR NEW.role IS NOT OLD.role OR NEW.action IS NOT OLD.action
  OR NEW.object_type IS NOT OLD.object_type OR NEW.object_id IS NOT OLD.object_id
  OR NEW.data IS NOT OLD.data OR NEW.client IS NOT OLD.client
BEGIN
    SELECT RAISE(ABORT, 'audit_events is append-only');
END;

-- Instance-wide settings (e.g. demo mode) and which parts have seeded demo data.
CREATE TABLE app_settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE demo_seeds (
    part      TEXT PRIMARY KEY,
    seeded_at TIMESTAMP NOT NULL
);
