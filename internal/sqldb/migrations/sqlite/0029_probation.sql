-- Probation of a CPNS (package workforce): Latsar once, the supervisor's
-- assessments, the outcome (appointed as PNS, or terminated with the rule
-- that decided it); a PPPK's contracts and their renewal decisions.
CREATE TABLE latsar (
    employee_id INTEGER PRIMARY KEY REFERENCES employees (id),
    mode        TEXT NOT NULL CHECK (mode IN ('klasikal', 'blended', 'daring')),
    hours       INTEGER NOT NULL,
    passed      BOOLEAN NOT NULL,
    held_on     TEXT NOT NULL,
    recorded_by INTEGER REFERENCES users (id),
    recorded_at TIMESTAMP NOT NULL
);

-- The supervisor's probation assessment; the latest one counts.
CREATE TABLE probation_assessments (
    id            INTEGER PRIMARY KEY,
    employee_id   INTEGER NOT NULL REFERENCES employees (id),
    supervisor_id INTEGER NOT NULL REFERENCES employees (id),
    worthy        BOOLEAN NOT NULL,
    note          TEXT NOT NULL,
    assessed_at   TIMESTAMP NOT NULL
);
CREATE INDEX probation_assessments_employee ON probation_assessments (employee_id, id);

-- The end of a probation: appointed (PNS) or terminated, with the rule.
CREATE TABLE probation_outcomes (
    employee_id INTEGER PRIMARY KEY REFERENCES employees (id),
    outcome     TEXT NOT NULL CHECK (outcome IN ('appointed', 'terminated')),
    rule        TEXT NOT NULL,
    health      TEXT NOT NULL,
    decided_on  TEXT NOT NULL,
    note        TEXT NOT NULL,
    decided_by  INTEGER REFERENCES users (id),
    recorded_at TIMESTAMP NOT NULL
);

-- A PPPK's contract periods; decision '' until the renewal is decided
-- (diperpanjang: a new contract follows; tidak_diperpanjang: with a reason).
CREATE TABLE pppk_contracts (
    id          INTEGER PRIMARY KEY,
    employee_id INTEGER NOT NULL REFERENCES employees (id),
    starts_on   TEXT NOT NULL,
    ends_on     TEXT NOT NULL,
    decision    TEXT NOT NULL DEFAULT '',
    reason      TEXT NOT NULL DEFAULT '',
    decided_by  INTEGER REFERENCES users (id),
    decided_at  TIMESTAMP,
    recorded_at TIMESTAMP NOT NULL
);
CREATE INDEX pppk_contracts_employee ON pppk_contracts (employee_id, starts_on);
CREATE INDEX pppk_contracts_end ON pppk_contracts (ends_on);
