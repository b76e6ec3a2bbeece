-- How a period outside the CPNS rounds (the city's own selections: JPT open
-- selection, PPPK, others) integrates its scores: selection.OwnScheme as
-- JSON, whose component keys say where each score comes from
-- (instrument_<id>: an assessment's results, 1–5 scaled to 0–100; skb: the
-- period's CAT score), with weights summing to 100 and minimums.
CREATE TABLE own_schemes (
    period_id  BIGINT PRIMARY KEY REFERENCES periods (id),
    scheme     TEXT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
