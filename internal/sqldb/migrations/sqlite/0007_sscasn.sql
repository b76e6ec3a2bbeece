-- National rounds (SSCASN import). A period's applicants come
-- either from local registration ('local') or from the SSCASN applicant export
-- ('sscasn'); a period never mixes the two. The first import marks the period.
ALTER TABLE periods ADD COLUMN source TEXT NOT NULL DEFAULT 'local';

-- Where a verification decision came from: a local verifier ('local') or the
-- SSCASN export ('sscasn', decided_by NULL, decided_at = the import time).
ALTER TABLE verifications ADD COLUMN source TEXT NOT NULL DEFAULT 'local';
