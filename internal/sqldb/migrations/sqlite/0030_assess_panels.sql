-- Panels within an assessment instrument: a named group of assessors (who
-- signed the period's pact) defined before the draw; each candidate is
-- placed in one panel and their assessors are drawn among its members. An
-- assessor sits in at most one panel of an instrument. Without panels the
-- instrument's pool is every pact signer.
CREATE TABLE assess_panels (
    id            INTEGER PRIMARY KEY,
    instrument_id INTEGER NOT NULL REFERENCES assess_instruments (id),
    name          TEXT NOT NULL,
    created_at    TIMESTAMP NOT NULL,
    UNIQUE (instrument_id, name)
);

CREATE TABLE assess_panel_members (
    panel_id      INTEGER NOT NULL REFERENCES assess_panels (id),
    instrument_id INTEGER NOT NULL REFERENCES assess_instruments (id),
    assessor_id   INTEGER NOT NULL REFERENCES users (id),
    PRIMARY KEY (panel_id, assessor_id),
    UNIQUE (instrument_id, assessor_id)
);

-- The panel a candidate was placed in at the draw (never changes).
CREATE TABLE assess_panel_candidates (
    instrument_id  INTEGER NOT NULL REFERENCES assess_instruments (id),
    application_id INTEGER NOT NULL REFERENCES applications (id),
    panel_id       INTEGER NOT NULL REFERENCES assess_panels (id),
    placed_at      TIMESTAMP NOT NULL,
    PRIMARY KEY (instrument_id, application_id)
);
CREATE INDEX assess_panel_candidates_panel ON assess_panel_candidates (panel_id);
