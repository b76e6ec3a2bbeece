-- The SKD and final lists carry, per row, the stage's further columns
-- (extra: a JSON array of text cells, in the order of the stage's header:
-- the scores, ranks and placement) and the rules engine's explanation of the
-- row (explanation: JSON, its neighbours named by registration number).
-- Empty for the administration and appeal lists.
ALTER TABLE announcement_items ADD COLUMN extra TEXT NOT NULL DEFAULT '';
ALTER TABLE announcement_items ADD COLUMN explanation TEXT NOT NULL DEFAULT '';
