-- A candidate's score in one component of a period's selection: the SKD
-- (TWK, TIU and TKP points), the SKB CAT (0–100 in thousandths) and, later,
-- the other components (an additional SKB test, interview, psychotest,
-- written work). One row per application and component; present is false
-- for an absentee (TH), whose scores are NULL. source says where it came
-- from: 'cat' (an attempt of this system's exam session, source_ref its
-- ID), 'import' (an export of CAT BKN, source_ref the file's SHA-256),
-- 'panel' (assessors, later). reused_year: an SKD score carried over from
-- an earlier year's selection (same NIK, same education level), as CAT BKN
-- marks it.
CREATE TABLE selection_scores (
    application_id INTEGER NOT NULL REFERENCES applications (id),
    period_id      INTEGER NOT NULL REFERENCES periods (id),
    component      TEXT NOT NULL,
    present        BOOLEAN NOT NULL,
    twk            INTEGER,
    tiu            INTEGER,
    tkp            INTEGER,
    score_milli    INTEGER CHECK (score_milli BETWEEN 0 AND 100000),
    source         TEXT NOT NULL CHECK (source IN ('cat', 'import', 'panel')),
    source_ref     TEXT NOT NULL DEFAULT '',
    reused_year    INTEGER,
    recorded_at    TIMESTAMP NOT NULL,
    PRIMARY KEY (application_id, component)
);
CREATE INDEX selection_scores_period ON selection_scores (period_id, component);
