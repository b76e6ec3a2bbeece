-- Recruitment: periods, formations, education reference, applicants, applications, documents.
-- Dates (birth, reference) are TEXT YYYY-MM-DD; instants are TIMESTAMP in UTC; lists are JSON text.
CREATE TABLE education_refs (
    code  TEXT PRIMARY KEY,
    name  TEXT NOT NULL,
    level TEXT NOT NULL
);

CREATE TABLE periods (
    id                INTEGER PRIMARY KEY,
    name              TEXT NOT NULL,
    agency            TEXT NOT NULL,
    kind              TEXT NOT NULL,
    time_zone         TEXT NOT NULL,
    reference_date    TEXT NOT NULL,
    announce_at       TIMESTAMP NOT NULL,
    reg_open_at       TIMESTAMP NOT NULL,
    reg_close_at      TIMESTAMP NOT NULL,
    admin_announce_at TIMESTAMP NOT NULL,
    appeal_days       INTEGER NOT NULL,
    skd_at            TIMESTAMP,
    skb_at            TIMESTAMP,
    final_at          TIMESTAMP,
    published_at      TIMESTAMP,
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL
);

CREATE TABLE formations (
    id              INTEGER PRIMARY KEY,
    period_id       INTEGER NOT NULL REFERENCES periods (id),
    code            TEXT NOT NULL,
    position        TEXT NOT NULL,
    unit            TEXT NOT NULL,
    employment_type TEXT NOT NULL,
    quota           INTEGER NOT NULL,
    category        TEXT NOT NULL,
    levels          TEXT NOT NULL,
    min_ipk         INTEGER,
    age_min         INTEGER NOT NULL,
    age_max         INTEGER NOT NULL,
    documents       TEXT NOT NULL,
    proofs          TEXT NOT NULL,
    submitted       INTEGER NOT NULL DEFAULT 0,
    search          TEXT NOT NULL,
    created_at      TIMESTAMP NOT NULL,
    UNIQUE (period_id, code)
);
CREATE INDEX formations_period_unit ON formations (period_id, unit);

CREATE TABLE formation_majors (
    formation_id INTEGER NOT NULL REFERENCES formations (id),
    code         TEXT NOT NULL,
    PRIMARY KEY (formation_id, code)
);
CREATE INDEX formation_majors_code ON formation_majors (code, formation_id);

CREATE TABLE amendments (
    id           INTEGER PRIMARY KEY,
    period_id    INTEGER NOT NULL REFERENCES periods (id),
    formation_id INTEGER REFERENCES formations (id),
    note         TEXT NOT NULL,
    changes      TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL
);

CREATE TABLE applicants (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL UNIQUE REFERENCES users (id),
    nik         TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    birth_place TEXT NOT NULL,
    birth_date  TEXT NOT NULL,
    gender      TEXT NOT NULL,
    email       TEXT NOT NULL,
    phone       TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL
);

CREATE TABLE applications (
    id                  INTEGER PRIMARY KEY,
    period_id           INTEGER NOT NULL REFERENCES periods (id),
    formation_id        INTEGER NOT NULL REFERENCES formations (id),
    applicant_id        INTEGER NOT NULL REFERENCES applicants (id),
    registration_number TEXT NOT NULL UNIQUE,
    status              TEXT NOT NULL,
    education_level     TEXT NOT NULL,
    education_major     TEXT NOT NULL,
    ipk                 INTEGER,
    attributes          TEXT NOT NULL,
    submitted_at        TIMESTAMP,
    created_at          TIMESTAMP NOT NULL,
    updated_at          TIMESTAMP NOT NULL,
    UNIQUE (period_id, applicant_id)
);
CREATE INDEX applications_formation ON applications (formation_id, status);

-- Content-addressed documents (SHA-256), stored in the database so a backup holds everything.
CREATE TABLE blobs (
    sha256       TEXT PRIMARY KEY,
    size         INTEGER NOT NULL,
    content_type TEXT NOT NULL,
    data         BLOB NOT NULL,
    created_at   TIMESTAMP NOT NULL
);

CREATE TABLE application_documents (
    application_id INTEGER NOT NULL REFERENCES applications (id),
    kind           TEXT NOT NULL,
    sha256         TEXT NOT NULL REFERENCES blobs (sha256),
    size           INTEGER NOT NULL,
    content_type   TEXT NOT NULL,
    filename       TEXT NOT NULL,
    uploaded_at    TIMESTAMP NOT NULL,
    PRIMARY KEY (application_id, kind)
);

-- Registrations per client address and minute, shared by every instance.
CREATE TABLE rate_counters (
    key          TEXT PRIMARY KEY,
    window_start TIMESTAMP NOT NULL,
    count        INTEGER NOT NULL
);
