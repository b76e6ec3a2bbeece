-- Socialisation sessions on ethics and integrity (package culture): the
-- organiser's schedule with a short multiple-choice quiz (quiz: JSON, the
-- questions with their options and the correct one), and who attended.
-- jp > 0: attending counts as that many JP of competency development.
CREATE TABLE socialisation_sessions (
    id         INTEGER PRIMARY KEY,
    title      TEXT NOT NULL,
    starts_at  TIMESTAMP NOT NULL,
    ends_at    TIMESTAMP NOT NULL,
    place      TEXT NOT NULL,
    jp         INTEGER NOT NULL CHECK (jp BETWEEN 0 AND 8),
    quiz       TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    created_by INTEGER REFERENCES users (id)
);
CREATE INDEX socialisation_sessions_starts ON socialisation_sessions (starts_at);

-- One attendance per session and employee; unit_id is the employee's unit
-- when they attended. score is the quiz's correct answers (NULL: not
-- answered yet); a quiz is answered once.
CREATE TABLE socialisation_attendance (
    session_id  INTEGER NOT NULL REFERENCES socialisation_sessions (id),
    employee_id INTEGER NOT NULL REFERENCES employees (id),
    unit_id     INTEGER REFERENCES org_units (id),
    attended_at TIMESTAMP NOT NULL,
    score       INTEGER,
    answered_at TIMESTAMP,
    PRIMARY KEY (session_id, employee_id)
);
CREATE INDEX socialisation_attendance_employee ON socialisation_attendance (employee_id);
