-- The organisation and its people (package workforce): units (perangkat
-- daerah and their sub-units, a tree), positions per unit, and who leads
-- each unit (Plt — acting — marked). head_id names an employee; it has no
-- foreign key, employees being made after units (the service checks it).
CREATE TABLE org_units (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL,
    name        TEXT NOT NULL,
    parent_id   INTEGER REFERENCES org_units (id),
    head_id     INTEGER,
    head_acting BOOLEAN NOT NULL DEFAULT FALSE,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX org_units_code ON org_units (code);
CREATE INDEX org_units_parent ON org_units (parent_id);

CREATE TABLE org_positions (
    id      INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES org_units (id),
    name    TEXT NOT NULL,
    kind    TEXT NOT NULL CHECK (kind IN ('struktural', 'fungsional', 'pelaksana')),
    UNIQUE (unit_id, name)
);

-- An employee: a PNS (with a NIP) or a PPPK (with an NI PPPK). status is
-- one of cpns, pns, pppk, cuti, berhenti; tmt is the TMT of the appointment
-- (CPNS or PPPK contract), YYYY-MM-DD; birth_date likewise. supervisor_id
-- is the direct supervisor now (its history in employee_supervisors).
CREATE TABLE employees (
    id                INTEGER PRIMARY KEY,
    kind              TEXT NOT NULL CHECK (kind IN ('pns', 'pppk')),
    nik               TEXT NOT NULL,
    nip               TEXT,
    ni_pppk           TEXT,
    name              TEXT NOT NULL,
    birth_date        TEXT NOT NULL,
    gender            TEXT NOT NULL CHECK (gender IN ('M', 'F')),
    unit_id           INTEGER NOT NULL REFERENCES org_units (id),
    position_id       INTEGER REFERENCES org_positions (id),
    grade             TEXT NOT NULL DEFAULT '',
    status            TEXT NOT NULL,
    tmt               TEXT NOT NULL DEFAULT '',
    user_id           INTEGER REFERENCES users (id),
    supervisor_id     INTEGER REFERENCES employees (id),
    supervisor_acting BOOLEAN NOT NULL DEFAULT FALSE,
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX employees_nik ON employees (nik);
CREATE UNIQUE INDEX employees_nip ON employees (nip) WHERE nip IS NOT NULL;
CREATE UNIQUE INDEX employees_ni_pppk ON employees (ni_pppk) WHERE ni_pppk IS NOT NULL;
CREATE UNIQUE INDEX employees_user ON employees (user_id) WHERE user_id IS NOT NULL;
CREATE INDEX employees_unit ON employees (unit_id);
CREATE INDEX employees_supervisor ON employees (supervisor_id);

-- Who supervised whom, and when: one row per period, valid_to empty for the
-- current one; acting marks a Plt. supervisor_id empty: none from then on.
CREATE TABLE employee_supervisors (
    id            INTEGER PRIMARY KEY,
    employee_id   INTEGER NOT NULL REFERENCES employees (id),
    supervisor_id INTEGER REFERENCES employees (id),
    acting        BOOLEAN NOT NULL DEFAULT FALSE,
    valid_from    TEXT NOT NULL,
    valid_to      TEXT,
    recorded_at   TIMESTAMP NOT NULL
);
CREATE INDEX employee_supervisors_employee ON employee_supervisors (employee_id, valid_from);
