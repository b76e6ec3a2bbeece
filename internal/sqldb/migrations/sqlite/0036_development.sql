-- Development hours (package development): every JP record of an employee.
-- source 'training' is credited by the training part when a participant
-- completes (ref: its reference, unique, so a credit is made once); source
-- 'external' is a training elsewhere that the employee submits with
-- evidence (a PDF or JPEG blob) for their direct supervisor (approver_id,
-- the supervisor when it was submitted) to approve or reject. year is the
-- WIB calendar year of completed_on (YYYY-MM-DD, WIB). status: pending,
-- approved (counted), rejected (with a reason), revoked (a training
-- credit taken back).
CREATE TABLE development_records (
    id              INTEGER PRIMARY KEY,
    employee_id     INTEGER NOT NULL REFERENCES employees (id),
    year            INTEGER NOT NULL,
    source          TEXT NOT NULL CHECK (source IN ('training', 'external')),
    ref             TEXT,
    title           TEXT NOT NULL,
    institution     TEXT NOT NULL DEFAULT '',
    jp              INTEGER NOT NULL CHECK (jp > 0),
    completed_on    TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'revoked')),
    evidence_sha256 TEXT,
    evidence_type   TEXT NOT NULL DEFAULT '',
    evidence_name   TEXT NOT NULL DEFAULT '',
    evidence_size   INTEGER NOT NULL DEFAULT 0,
    approver_id     INTEGER REFERENCES employees (id),
    submitted_by    INTEGER REFERENCES users (id),
    decided_by      INTEGER REFERENCES users (id),
    decided_at      TIMESTAMP,
    reason          TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX development_records_ref ON development_records (ref) WHERE ref IS NOT NULL;
CREATE INDEX development_records_employee ON development_records (employee_id, year);
CREATE INDEX development_records_pending ON development_records (status, employee_id) WHERE status = 'pending';

-- The JP that count (approved records) per employee and WIB year, kept in
-- the transaction that changes a record, so that the compliance dashboard
-- reads one row per employee instead of summing their records.
CREATE TABLE development_totals (
    employee_id INTEGER NOT NULL REFERENCES employees (id),
    year        INTEGER NOT NULL,
    jp          INTEGER NOT NULL,
    records     INTEGER NOT NULL,
    PRIMARY KEY (employee_id, year)
);
CREATE INDEX development_totals_year ON development_totals (year, employee_id);
