-- Signed checkpoints of the audit chain (DESIGN §4), public at /transparency.
CREATE TABLE audit_checkpoints (
    id         INTEGER PRIMARY KEY,
    size       INTEGER NOT NULL,
    head       TEXT NOT NULL,
    signed_at  TIMESTAMP NOT NULL,
    signature  TEXT NOT NULL,
    public_key TEXT NOT NULL,
    reason     TEXT NOT NULL
);
CREATE TRIGGER audit_checkpoints_no_change BEFORE UPDATE ON audit_checkpoints
BEGIN
    SELECT RAISE(ABORT, 'audit_checkpoints is append-only');
END;
CREATE TRIGGER audit_checkpoints_no_delete BEFORE DELETE ON audit_checkpoints
BEGIN
    SELECT RAISE(ABORT, 'audit_checkpoints is append-only');
END;
