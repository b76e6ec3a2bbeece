-- Phases of the city's own selections: an instrument may follow another
-- instrument of the same period, its candidates then being only those who
-- passed the earlier one (NULL: the period's MS list).
ALTER TABLE assess_instruments ADD COLUMN after_id BIGINT REFERENCES assess_instruments (id);
