-- Training with partner institutions (package training): institutions
-- (lembaga pendidikan/pelatihan) with their agreements and trainer
-- accounts, the programmes they offer, sessions of a programme, and each
-- employee's enrolment in a session with attendance, scores, feedback and
-- the certificate.
CREATE TABLE training_institutions (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    address    TEXT NOT NULL DEFAULT '',
    contact    TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX training_institutions_name ON training_institutions (lower(name));

-- An agreement (perjanjian kerja sama): its period (YYYY-MM-DD) and scope.
CREATE TABLE training_agreements (
    id             INTEGER PRIMARY KEY,
    institution_id INTEGER NOT NULL REFERENCES training_institutions (id),
    number         TEXT NOT NULL,
    starts_on      TEXT NOT NULL,
    ends_on        TEXT NOT NULL,
    scope          TEXT NOT NULL,
    created_at     TIMESTAMP NOT NULL
);
CREATE INDEX training_agreements_institution ON training_agreements (institution_id);

-- A trainer account (a user with the trainer role) belongs to one institution.
CREATE TABLE training_trainers (
    user_id        INTEGER PRIMARY KEY REFERENCES users (id),
    institution_id INTEGER NOT NULL REFERENCES training_institutions (id),
    created_at     TIMESTAMP NOT NULL
);
CREATE INDEX training_trainers_institution ON training_trainers (institution_id);

-- A programme of the catalogue: topic and mode are fixed slugs; cost is
-- in rupiah per participant, NULL when not recorded.
CREATE TABLE training_programmes (
    id             INTEGER PRIMARY KEY,
    institution_id INTEGER NOT NULL REFERENCES training_institutions (id),
    title          TEXT NOT NULL,
    topic          TEXT NOT NULL,
    jp             INTEGER NOT NULL,
    mode           TEXT NOT NULL CHECK (mode IN ('klasikal', 'daring', 'blended')),
    cost           BIGINT,
    description    TEXT NOT NULL DEFAULT '',
    created_at     TIMESTAMP NOT NULL
);
CREATE INDEX training_programmes_institution ON training_programmes (institution_id);

CREATE TABLE training_programme_competencies (
    programme_id INTEGER NOT NULL REFERENCES training_programmes (id),
    competency   TEXT NOT NULL,
    PRIMARY KEY (programme_id, competency)
);
CREATE INDEX training_programme_competencies_key ON training_programme_competencies (competency);

CREATE TABLE training_prerequisites (
    programme_id INTEGER NOT NULL REFERENCES training_programmes (id),
    requires_id  INTEGER NOT NULL REFERENCES training_programmes (id),
    PRIMARY KEY (programme_id, requires_id)
);

-- A session: when, where (place or online link), how many seats, its
-- trainer, how many meetings, and its completion rule.
CREATE TABLE training_sessions (
    id             INTEGER PRIMARY KEY,
    programme_id   INTEGER NOT NULL REFERENCES training_programmes (id),
    starts_at      TIMESTAMP NOT NULL,
    ends_at        TIMESTAMP NOT NULL,
    place          TEXT NOT NULL DEFAULT '',
    online_url     TEXT NOT NULL DEFAULT '',
    capacity       INTEGER NOT NULL,
    trainer_id     INTEGER REFERENCES users (id),
    meetings       INTEGER NOT NULL,
    min_attendance INTEGER NOT NULL DEFAULT 80,
    pass_score     INTEGER NOT NULL DEFAULT 70,
    completed_at   TIMESTAMP,
    created_at     TIMESTAMP NOT NULL
);
CREATE INDEX training_sessions_programme ON training_sessions (programme_id);
CREATE INDEX training_sessions_starts ON training_sessions (starts_at);

-- An employee's place in a session. status: requested (waiting for the
-- supervisor), rejected, waitlisted, enrolled, cancelled, completed
-- (passed, with a certificate), incomplete (did not meet the rule).
-- queued_at orders the waitlist. One live enrolment per employee and session.
CREATE TABLE training_enrolments (
    id             INTEGER PRIMARY KEY,
    session_id     INTEGER NOT NULL REFERENCES training_sessions (id),
    employee_id    INTEGER NOT NULL REFERENCES employees (id),
    status         TEXT NOT NULL,
    via            TEXT NOT NULL CHECK (via IN ('request', 'nomination')),
    requested_by   INTEGER REFERENCES users (id),
    decided_by     INTEGER REFERENCES users (id),
    queued_at      TIMESTAMP,
    pre_score      INTEGER,
    post_score     INTEGER,
    rating         INTEGER,
    comment        TEXT NOT NULL DEFAULT '',
    completed_on   TEXT,
    cert_code      TEXT,
    revoked_at     TIMESTAMP,
    revoked_reason TEXT NOT NULL DEFAULT '',
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX training_enrolments_live ON training_enrolments (session_id, employee_id)
    WHERE status NOT IN ('rejected', 'cancelled');
CREATE UNIQUE INDEX training_enrolments_cert ON training_enrolments (cert_code) WHERE cert_code IS NOT NULL;
CREATE INDEX training_enrolments_employee ON training_enrolments (employee_id);
CREATE INDEX training_enrolments_session ON training_enrolments (session_id, status);

CREATE TABLE training_attendance (
    enrolment_id INTEGER NOT NULL REFERENCES training_enrolments (id),
    meeting      INTEGER NOT NULL,
    present      BOOLEAN NOT NULL,
    PRIMARY KEY (enrolment_id, meeting)
);
