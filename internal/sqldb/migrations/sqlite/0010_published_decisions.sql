-- When a period's administration results were first announced: the appeal
-- window runs from it (3 calendar days, in the period's zone), also when the
-- results were published before the scheduled date. NULL until then.
ALTER TABLE periods ADD COLUMN admin_announced_at TIMESTAMP;
UPDATE periods SET admin_announced_at = (SELECT min(a.published_at) FROM announcements a WHERE a.period_id = periods.id AND a.stage = 'administration');

-- A conflict of interest declared after a decision the declarer took part
-- in was announced changes nothing by itself (only an appeal or a committee
-- reopen changes an announced decision): it is recorded with the decision
-- that stood, and flagged to the committee.
ALTER TABLE conflicts ADD COLUMN after_announcement BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE conflicts ADD COLUMN announced_decision TEXT NOT NULL DEFAULT '';

-- The reasons of the announced TMS, kept when the committee reopens an
-- announced decision: the applicant reads what was announced until the next
-- version is published (NULL: the current reasons are the announced ones).
ALTER TABLE verifications ADD COLUMN announced_reasons TEXT;
