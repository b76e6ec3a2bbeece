-- The code of ethics (package culture): versioned texts of two documents —
-- berakhlak (the ASN core values BerAKHLAK with their behaviour indicators)
-- and kota (the city's own code of ethics). The current version of a
-- document is its highest; publishing a new one asks everyone again.
CREATE TABLE ethics_codes (
    id           INTEGER PRIMARY KEY,
    doc          TEXT NOT NULL CHECK (doc IN ('berakhlak', 'kota')),
    version      INTEGER NOT NULL,
    title        TEXT NOT NULL,
    body         TEXT NOT NULL,
    published_at TIMESTAMP NOT NULL,
    published_by INTEGER REFERENCES users (id),
    UNIQUE (doc, version)
);

-- One acknowledgement per account and version. employee_id and unit_id are
-- the employee and their unit when they acknowledged, so that a count per
-- unit needs no join.
CREATE TABLE ethics_acks (
    code_id     INTEGER NOT NULL REFERENCES ethics_codes (id),
    user_id     INTEGER NOT NULL REFERENCES users (id),
    employee_id INTEGER REFERENCES employees (id),
    unit_id     INTEGER REFERENCES org_units (id),
    acked_at    TIMESTAMP NOT NULL,
    PRIMARY KEY (code_id, user_id)
);
CREATE INDEX ethics_acks_unit ON ethics_acks (code_id, unit_id);
CREATE INDEX ethics_acks_employee ON ethics_acks (employee_id);
