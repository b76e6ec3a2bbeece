-- Notifications (in-app), the e-mail outbox and scheduled jobs (reminders), package notify.
-- Instants are TIMESTAMP in UTC. claimed_by / claim_token / claimed_until form a lease:
-- an instance works on a row only while its token is on it; an expired lease may be
-- taken by another instance (the first one crashed).
CREATE TABLE notifications (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    kind       TEXT NOT NULL,
    title      TEXT NOT NULL,
    body       TEXT NOT NULL DEFAULT '',
    link       TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    read_at    TIMESTAMP
);
CREATE INDEX notifications_user ON notifications (user_id, created_at, id);
CREATE INDEX notifications_unread ON notifications (user_id) WHERE read_at IS NULL;

-- One e-mail to send; status pending → sent | failed.
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    kind            TEXT NOT NULL,
    recipient       TEXT NOT NULL,
    subject         TEXT NOT NULL,
    body            TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    created_at      TIMESTAMP NOT NULL,
    next_attempt_at TIMESTAMP NOT NULL,
    sent_at         TIMESTAMP,
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT NOT NULL DEFAULT '',
    claimed_by      TEXT,
    claim_token     TEXT,
    claimed_until   TIMESTAMP
);
CREATE INDEX outbox_due ON outbox (next_attempt_at, id) WHERE status = 'pending';
CREATE INDEX outbox_status ON outbox (status, id);

-- A job (e.g. a reminder) that must run once, at or after run_at, across all instances.
-- due_at is when it may run next (run_at, later after a failed attempt).
CREATE TABLE scheduled_jobs (
    key           TEXT PRIMARY KEY,
    kind          TEXT NOT NULL,
    run_at        TIMESTAMP NOT NULL,
    due_at        TIMESTAMP NOT NULL,
    payload       TEXT,
    created_at    TIMESTAMP NOT NULL,
    done_at       TIMESTAMP,
    attempts      INTEGER NOT NULL DEFAULT 0,
    last_error    TEXT NOT NULL DEFAULT '',
    claimed_by    TEXT,
    claim_token   TEXT,
    claimed_until TIMESTAMP
);
CREATE INDEX scheduled_jobs_due ON scheduled_jobs (due_at, key) WHERE done_at IS NULL;
