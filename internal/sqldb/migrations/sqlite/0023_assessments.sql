-- Assessments of a period's candidates by assessors (package assess): an
-- instrument (a structured interview, a psychotest, written work, a
-- practical test) with its dimensions, each scored 1–5 against a
-- behavioural anchor per level, with a minimum that fails a candidate
-- whatever the total (0: none).
CREATE TABLE assess_instruments (
    id         INTEGER PRIMARY KEY,
    period_id  INTEGER NOT NULL REFERENCES periods (id),
    kind       TEXT NOT NULL CHECK (kind IN ('interview', 'psychotest', 'paper', 'practical')),
    name       TEXT NOT NULL,
    assessors  INTEGER NOT NULL CHECK (assessors BETWEEN 2 AND 5),
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX assess_instruments_period ON assess_instruments (period_id);

CREATE TABLE assess_dimensions (
    instrument_id INTEGER NOT NULL REFERENCES assess_instruments (id),
    no            INTEGER NOT NULL,
    name          TEXT NOT NULL,
    minimum       INTEGER NOT NULL CHECK (minimum BETWEEN 0 AND 5),
    anchors       TEXT NOT NULL,
    PRIMARY KEY (instrument_id, no)
);

-- Who scores whom: at least the instrument's number of assessors per
-- candidate, drawn at random among those who signed the period's pact;
-- withdrawn_at is set when the assessor declared a conflict (another is
-- drawn), submitted_at when their scores are in (they never change).
CREATE TABLE assess_assignments (
    instrument_id  INTEGER NOT NULL REFERENCES assess_instruments (id),
    application_id INTEGER NOT NULL REFERENCES applications (id),
    assessor_id    INTEGER NOT NULL REFERENCES users (id),
    assigned_at    TIMESTAMP NOT NULL,
    submitted_at   TIMESTAMP,
    withdrawn_at   TIMESTAMP,
    PRIMARY KEY (instrument_id, application_id, assessor_id)
);
CREATE INDEX assess_assignments_assessor ON assess_assignments (assessor_id, instrument_id);

CREATE TABLE assess_scores (
    instrument_id  INTEGER NOT NULL REFERENCES assess_instruments (id),
    application_id INTEGER NOT NULL REFERENCES applications (id),
    assessor_id    INTEGER NOT NULL REFERENCES users (id),
    no             INTEGER NOT NULL,
    score          INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
    PRIMARY KEY (instrument_id, application_id, assessor_id, no)
);

-- The panel's agreed score of a dimension whose assessors' scores are 2 or
-- more apart, with its written reason.
CREATE TABLE assess_moderations (
    instrument_id  INTEGER NOT NULL REFERENCES assess_instruments (id),
    application_id INTEGER NOT NULL REFERENCES applications (id),
    no             INTEGER NOT NULL,
    score          INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
    reason         TEXT NOT NULL,
    moderated_by   INTEGER NOT NULL REFERENCES users (id),
    moderated_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (instrument_id, application_id, no)
);
