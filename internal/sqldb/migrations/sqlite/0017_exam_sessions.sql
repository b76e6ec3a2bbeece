-- Exam sessions (sesi ujian): a period's written test, from one bank and
-- one blueprint, that its participants may start between opens_at and
-- closes_at. stage says which list it serves: 'skd' takes the applicants
-- announced MS, 'skb' those whose SKD met their category's grade.
-- formation_id narrows the participants to one formation (an SKB field).
CREATE TABLE exam_sessions (
    id           INTEGER PRIMARY KEY,
    period_id    INTEGER NOT NULL REFERENCES periods (id),
    stage        TEXT NOT NULL CHECK (stage IN ('skd', 'skb')),
    name         TEXT NOT NULL,
    bank_id      INTEGER NOT NULL REFERENCES exam_banks (id),
    blueprint_id INTEGER NOT NULL REFERENCES exam_blueprints (id),
    formation_id INTEGER REFERENCES formations (id),
    capacity     INTEGER NOT NULL,
    opens_at     TIMESTAMP NOT NULL,
    closes_at    TIMESTAMP NOT NULL,
    created_at   TIMESTAMP NOT NULL
);
CREATE INDEX exam_sessions_period ON exam_sessions (period_id, stage);

-- The participants of a session: an application (one per session), the
-- taker, the category their grade is judged in, the extra minutes given
-- (with the committee's reason) and, once started, their attempt.
CREATE TABLE exam_participants (
    session_id     INTEGER NOT NULL REFERENCES exam_sessions (id),
    application_id INTEGER NOT NULL REFERENCES applications (id),
    user_id        INTEGER NOT NULL REFERENCES users (id),
    period_id      INTEGER NOT NULL REFERENCES periods (id),
    stage          TEXT NOT NULL,
    category       TEXT NOT NULL,
    extra_minutes  INTEGER NOT NULL DEFAULT 0,
    extra_reason   TEXT NOT NULL DEFAULT '',
    attempt_id     INTEGER REFERENCES exam_attempts (id),
    added_at       TIMESTAMP NOT NULL,
    PRIMARY KEY (session_id, application_id),
    -- An application sits each stage of its period once, in one session.
    UNIQUE (period_id, stage, application_id)
);
CREATE INDEX exam_participants_user ON exam_participants (user_id);
CREATE UNIQUE INDEX exam_participants_attempt ON exam_participants (attempt_id) WHERE attempt_id IS NOT NULL;

-- A selection attempt belongs to its session (NULL: a practice attempt).
ALTER TABLE exam_attempts ADD COLUMN session_id INTEGER REFERENCES exam_sessions (id);
