-- The receipt of a finished attempt names its attempt.finish event: the
-- event is found by the object it is about.
CREATE INDEX audit_events_object ON audit_events (object_type, object_id);
