-- The receipt of a finished attempt names its attempt.finish event: the
-- event is found by the object it is about.
CREATE INDEX audit_events_object ON audit_events (object_type, object_id);

-- One live session per attempt: the SHA-256 of the token of the page (or
-- API client) that may save answers; '' until the attempt is first opened.
ALTER TABLE exam_attempts ADD COLUMN session_sha256 TEXT NOT NULL DEFAULT '';
