-- The pseudonymous code of a candidate's written work (an instrument of
-- kind paper), drawn with its assessors: the assessors see the code only,
-- never the candidate's name or registration number.
CREATE TABLE assess_codes (
    instrument_id  INTEGER NOT NULL REFERENCES assess_instruments (id),
    application_id INTEGER NOT NULL REFERENCES applications (id),
    code           TEXT NOT NULL,
    created_at     TIMESTAMP NOT NULL,
    PRIMARY KEY (instrument_id, application_id),
    UNIQUE (instrument_id, code)
);
