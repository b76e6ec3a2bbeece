-- The item statistics read a bank's finished attempts, optionally those
-- finished within a span.
CREATE INDEX exam_attempts_bank ON exam_attempts (bank_id, finished_at) WHERE finished_at IS NOT NULL;
