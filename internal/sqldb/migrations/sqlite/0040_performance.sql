-- Performance evaluation (package performance, PermenPANRB 6/2022): SKP
-- plans with their results (cascaded from the supervisor's), history,
-- evidence and feedback; periodic and annual evaluations with the
-- employee's comment and objection; each unit's own predikat per year and
-- its finalisation; rewards and coaching plans.
CREATE TABLE skp_plans (
    id            INTEGER PRIMARY KEY,
    employee_id   INTEGER NOT NULL REFERENCES employees (id),
    year          INTEGER NOT NULL,
    cadence       TEXT NOT NULL CHECK (cadence IN ('quarterly', 'monthly', 'halfyearly')),
    status        TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'approved')),
    supervisor_id INTEGER REFERENCES employees (id),
    unit_id       INTEGER NOT NULL REFERENCES org_units (id),
    expectations  TEXT NOT NULL DEFAULT '{}',
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL,
    approved_at   TIMESTAMP,
    UNIQUE (employee_id, year)
);
CREATE INDEX skp_plans_year_unit ON skp_plans (year, unit_id);
CREATE INDEX skp_plans_supervisor ON skp_plans (supervisor_id, year);

CREATE TABLE skp_results (
    id        INTEGER PRIMARY KEY,
    plan_id   INTEGER NOT NULL REFERENCES skp_plans (id),
    position  INTEGER NOT NULL,
    text      TEXT NOT NULL,
    indicator TEXT NOT NULL,
    target    TEXT NOT NULL,
    parent_id INTEGER REFERENCES skp_results (id)
);
CREATE INDEX skp_results_plan ON skp_results (plan_id, position);

-- What happened to a plan: submitted, returned (with the comment), approved,
-- reopened (with the reason), handed over to a new supervisor.
CREATE TABLE skp_history (
    id      INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES skp_plans (id),
    action  TEXT NOT NULL,
    comment TEXT NOT NULL,
    by_user INTEGER REFERENCES users (id),
    at      TIMESTAMP NOT NULL
);
CREATE INDEX skp_history_plan ON skp_history (plan_id, id);

-- Evidence per result (a note, a link, a PDF or JPEG file kept in blobs),
-- continuous feedback and check-ins.
CREATE TABLE skp_notes (
    id        INTEGER PRIMARY KEY,
    plan_id   INTEGER NOT NULL REFERENCES skp_plans (id),
    result_id INTEGER REFERENCES skp_results (id),
    kind      TEXT NOT NULL CHECK (kind IN ('evidence', 'feedback', 'checkin')),
    text      TEXT NOT NULL,
    link      TEXT NOT NULL,
    file_sha256 TEXT NOT NULL DEFAULT '',
    file_type   TEXT NOT NULL DEFAULT '',
    file_name   TEXT NOT NULL DEFAULT '',
    by_user   INTEGER REFERENCES users (id),
    at        TIMESTAMP NOT NULL
);
CREATE INDEX skp_notes_plan ON skp_notes (plan_id, id);

CREATE TABLE skp_evaluations (
    id            INTEGER PRIMARY KEY,
    plan_id       INTEGER NOT NULL REFERENCES skp_plans (id),
    period        TEXT NOT NULL,
    annual        BOOLEAN NOT NULL,
    hasil         TEXT NOT NULL CHECK (hasil IN ('above', 'meets', 'below')),
    perilaku      TEXT NOT NULL CHECK (perilaku IN ('above', 'meets', 'below')),
    predikat      TEXT NOT NULL,
    notes         TEXT NOT NULL,
    supervisor_id INTEGER NOT NULL REFERENCES employees (id),
    evaluated_at  TIMESTAMP NOT NULL,
    comment       TEXT NOT NULL DEFAULT '',
    commented_at  TIMESTAMP,
    final         BOOLEAN NOT NULL DEFAULT FALSE,
    UNIQUE (plan_id, period)
);

-- The employee's objection (keberatan) to an evaluation, decided by the
-- evaluating supervisor's own superior.
CREATE TABLE skp_objections (
    evaluation_id INTEGER PRIMARY KEY REFERENCES skp_evaluations (id),
    reason        TEXT NOT NULL,
    filed_at      TIMESTAMP NOT NULL,
    superior_id   INTEGER REFERENCES employees (id),
    decision      TEXT NOT NULL DEFAULT '',
    response      TEXT NOT NULL DEFAULT '',
    decided_by    INTEGER REFERENCES users (id),
    decided_at    TIMESTAMP
);

-- A unit's own predikat of a year, set by its head, approved above it, and
-- the year's results finalised.
CREATE TABLE skp_unit_years (
    unit_id      INTEGER NOT NULL REFERENCES org_units (id),
    year         INTEGER NOT NULL,
    predikat     TEXT NOT NULL,
    basis        TEXT NOT NULL,
    set_by       INTEGER REFERENCES users (id),
    set_at       TIMESTAMP NOT NULL,
    approved_by  INTEGER REFERENCES users (id),
    approved_at  TIMESTAMP,
    finalised_by INTEGER REFERENCES users (id),
    finalised_at TIMESTAMP,
    PRIMARY KEY (unit_id, year)
);

-- A Sangat Baik year: the certificate, the development priority, and the
-- succession pool after two consecutive years.
CREATE TABLE skp_rewards (
    employee_id INTEGER NOT NULL REFERENCES employees (id),
    year        INTEGER NOT NULL,
    unit_id     INTEGER NOT NULL REFERENCES org_units (id),
    succession  BOOLEAN NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (employee_id, year)
);

-- A coaching plan (pembinaan) after a low annual predikat: its goals, the
-- focus competencies, the recommended training sessions, the review 6
-- months on and its outcome; escalated to BKPSDM after repeated low years.
CREATE TABLE skp_coaching (
    id           INTEGER PRIMARY KEY,
    employee_id  INTEGER NOT NULL REFERENCES employees (id),
    year         INTEGER NOT NULL,
    unit_id      INTEGER NOT NULL REFERENCES org_units (id),
    plan_id      INTEGER NOT NULL REFERENCES skp_plans (id),
    predikat     TEXT NOT NULL,
    escalated    BOOLEAN NOT NULL,
    goals        TEXT NOT NULL DEFAULT '',
    focus        TEXT NOT NULL DEFAULT '',
    sessions     TEXT NOT NULL DEFAULT '',
    review_on    TEXT NOT NULL DEFAULT '',
    outcome      TEXT NOT NULL DEFAULT '',
    outcome_note TEXT NOT NULL DEFAULT '',
    created_at   TIMESTAMP NOT NULL,
    planned_at   TIMESTAMP,
    closed_at    TIMESTAMP,
    UNIQUE (employee_id, year)
);

CREATE TABLE skp_coaching_meetings (
    id          INTEGER PRIMARY KEY,
    coaching_id INTEGER NOT NULL REFERENCES skp_coaching (id),
    held_on     TEXT NOT NULL,
    note        TEXT NOT NULL,
    by_user     INTEGER REFERENCES users (id),
    at          TIMESTAMP NOT NULL
);
CREATE INDEX skp_coaching_meetings_coaching ON skp_coaching_meetings (coaching_id, id);
