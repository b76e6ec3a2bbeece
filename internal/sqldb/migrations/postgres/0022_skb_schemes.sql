-- How a period's SKB score is made (DESIGN §6): the SKB CAT and at most one
-- additional test (never an interview, in a CPNS round), each with its
-- weight in percent, summing to 100. No row: the SKB is the SKB CAT alone.
-- The additional test's scores are the component 'skb_extra' of
-- selection_scores (0–100 in thousandths).
CREATE TABLE skb_schemes (
    period_id    BIGINT PRIMARY KEY REFERENCES periods (id),
    cat_weight   INTEGER NOT NULL CHECK (cat_weight BETWEEN 0 AND 100),
    extra_kind   TEXT NOT NULL DEFAULT '',
    extra_name   TEXT NOT NULL DEFAULT '',
    extra_weight INTEGER NOT NULL CHECK (extra_weight BETWEEN 0 AND 100),
    updated_at   TIMESTAMPTZ NOT NULL,
    CHECK (cat_weight + extra_weight = 100)
);
