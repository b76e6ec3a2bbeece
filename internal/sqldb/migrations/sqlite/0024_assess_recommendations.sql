-- A psychologist's recommendation of a candidate, submitted with the
-- dimension scores of a psychotest (package assess): disarankan
-- (recommended), dipertimbangkan (to be considered) or tidak_disarankan
-- (not recommended). Read only by the instrument's psychologists, the
-- committee and the auditor; every read is recorded.
CREATE TABLE assess_recommendations (
    instrument_id  INTEGER NOT NULL REFERENCES assess_instruments (id),
    application_id INTEGER NOT NULL REFERENCES applications (id),
    assessor_id    INTEGER NOT NULL REFERENCES users (id),
    recommendation TEXT NOT NULL CHECK (recommendation IN ('disarankan', 'dipertimbangkan', 'tidak_disarankan')),
    PRIMARY KEY (instrument_id, application_id, assessor_id)
);
