-- CAT attempts: who takes which paper, drawn from which bank and blueprint
-- with which seed, until when; and each answer saved. paper is the drawn
-- paper as JSON (its items with their versions, option order and points).
CREATE TABLE exam_attempts (
    id            INTEGER PRIMARY KEY,
    user_id       INTEGER NOT NULL REFERENCES users (id),
    bank_id       INTEGER NOT NULL REFERENCES exam_banks (id),
    blueprint_id  INTEGER NOT NULL REFERENCES exam_blueprints (id),
    practice      BOOLEAN NOT NULL,
    seed          TEXT NOT NULL,
    pool_sha256   TEXT NOT NULL,
    paper         TEXT NOT NULL,
    items         INTEGER NOT NULL,
    category      TEXT NOT NULL,
    extra_minutes INTEGER NOT NULL,
    started_at    TIMESTAMP NOT NULL,
    ends_at       TIMESTAMP NOT NULL,
    finished_at   TIMESTAMP,
    auto_finished BOOLEAN NOT NULL DEFAULT FALSE,
    result        TEXT NOT NULL DEFAULT '',
    sha256        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX exam_attempts_user ON exam_attempts (user_id);
-- The sweep finds attempts whose time is up.
CREATE INDEX exam_attempts_open ON exam_attempts (ends_at) WHERE finished_at IS NULL;

-- One row per item answered or flagged; option is the label shown (A–E) or
-- NULL for a blank.
CREATE TABLE exam_answers (
    attempt_id INTEGER NOT NULL REFERENCES exam_attempts (id),
    no         INTEGER NOT NULL,
    option     TEXT CHECK (option IN ('A', 'B', 'C', 'D', 'E')),
    flagged    BOOLEAN NOT NULL,
    saved_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (attempt_id, no)
);

-- The bank and blueprint that a practice attempt (simulasi) uses; one row.
CREATE TABLE exam_practice (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    bank_id      INTEGER NOT NULL REFERENCES exam_banks (id),
    blueprint_id INTEGER NOT NULL REFERENCES exam_blueprints (id)
);
