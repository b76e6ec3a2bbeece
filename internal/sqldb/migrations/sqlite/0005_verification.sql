-- Administrative verification (package verification): integrity pacts, conflicts of interest,
-- the verifier of each submitted application and its decision, appeals (sanggah) and the
-- published announcements with their rows. Instants are TIMESTAMP in UTC; lists are JSON text.
CREATE TABLE integrity_pacts (
    period_id   INTEGER NOT NULL REFERENCES periods (id),
    user_id     INTEGER NOT NULL REFERENCES users (id),
    roles       TEXT NOT NULL,
    text_sha256 TEXT NOT NULL,
    no_conflict BOOLEAN NOT NULL DEFAULT FALSE,
    assigned    INTEGER NOT NULL DEFAULT 0,
    signed_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (period_id, user_id)
);

CREATE TABLE conflicts (
    id             INTEGER PRIMARY KEY,
    period_id      INTEGER NOT NULL REFERENCES periods (id),
    user_id        INTEGER NOT NULL REFERENCES users (id),
    applicant_id   INTEGER NOT NULL REFERENCES applicants (id),
    application_id INTEGER REFERENCES applications (id),
    kind           TEXT NOT NULL CHECK (kind IN ('family', 'work', 'other')),
    note           TEXT NOT NULL,
    declared_at    TIMESTAMP NOT NULL,
    UNIQUE (period_id, user_id, applicant_id)
);
CREATE INDEX conflicts_applicant ON conflicts (applicant_id, user_id);

CREATE TABLE verifications (
    application_id    INTEGER PRIMARY KEY REFERENCES applications (id),
    period_id         INTEGER NOT NULL REFERENCES periods (id),
    formation_id      INTEGER NOT NULL REFERENCES formations (id),
    verifier_id       INTEGER REFERENCES users (id),
    submitted_at      TIMESTAMP NOT NULL,
    assigned_at       TIMESTAMP,
    decision          TEXT CHECK (decision IN ('MS', 'TMS')),
    reasons           TEXT NOT NULL DEFAULT '[]',
    decided_by        INTEGER REFERENCES users (id),
    decided_at        TIMESTAMP,
    first_verifier_id INTEGER REFERENCES users (id),
    confirmed_by      INTEGER REFERENCES users (id),
    confirmed_at      TIMESTAMP,
    reopened          INTEGER NOT NULL DEFAULT 0,
    appeal_upheld     BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX verifications_queue ON verifications (verifier_id, period_id, decision, submitted_at);
CREATE INDEX verifications_period ON verifications (period_id, decision);
CREATE INDEX verifications_formation ON verifications (formation_id, decision);

CREATE TABLE appeals (
    id                INTEGER PRIMARY KEY,
    application_id    INTEGER NOT NULL UNIQUE REFERENCES applications (id),
    period_id         INTEGER NOT NULL REFERENCES periods (id),
    reason            TEXT NOT NULL,
    requirements      TEXT NOT NULL DEFAULT '[]',
    filed_at          TIMESTAMP NOT NULL,
    window_ends_at    TIMESTAMP NOT NULL,
    first_verifier_id INTEGER REFERENCES users (id),
    status            TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'upheld', 'rejected')),
    response          TEXT NOT NULL DEFAULT '',
    decided_by        INTEGER REFERENCES users (id),
    decided_at        TIMESTAMP
);
CREATE INDEX appeals_period ON appeals (period_id, status);

CREATE TABLE announcements (
    id           INTEGER PRIMARY KEY,
    period_id    INTEGER NOT NULL REFERENCES periods (id),
    stage        TEXT NOT NULL,
    version      INTEGER NOT NULL,
    published_at TIMESTAMP NOT NULL,
    published_by INTEGER REFERENCES users (id),
    sha256       TEXT NOT NULL,
    audit_seq    INTEGER NOT NULL,
    row_count    INTEGER NOT NULL,
    csv          TEXT NOT NULL,
    UNIQUE (period_id, stage, version)
);

CREATE TABLE announcement_items (
    announcement_id     INTEGER NOT NULL REFERENCES announcements (id),
    application_id      INTEGER NOT NULL REFERENCES applications (id),
    no                  INTEGER NOT NULL,
    registration_number TEXT NOT NULL,
    masked_name         TEXT NOT NULL,
    formation_code      TEXT NOT NULL,
    position            TEXT NOT NULL,
    unit                TEXT NOT NULL,
    result              TEXT NOT NULL,
    PRIMARY KEY (announcement_id, no)
);
CREATE INDEX announcement_items_application ON announcement_items (application_id, announcement_id);

-- Published announcements and their rows never change: a correction is a new version.
CREATE TRIGGER announcements_no_change BEFORE UPDATE ON announcements
BEGIN
    SELECT RAISE(ABORT, 'announcements are immutable: publish a new version');
END;
CREATE TRIGGER announcements_no_delete BEFORE DELETE ON announcements
BEGIN
    SELECT RAISE(ABORT, 'announcements are immutable: publish a new version');
END;
CREATE TRIGGER announcement_items_no_change BEFORE UPDATE ON announcement_items
BEGIN
    SELECT RAISE(ABORT, 'announcements are immutable: publish a new version');
END;
CREATE TRIGGER announcement_items_no_delete BEFORE DELETE ON announcement_items
BEGIN
    SELECT RAISE(ABORT, 'announcements are immutable: publish a new version');
END;
