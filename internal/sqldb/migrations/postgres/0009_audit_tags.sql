-- Each event asnpro writes carries an authentication tag (DESIGN §4):
-- HMAC-SHA256 under a key derived from the instance key file, which never
-- enters the database. Events written before this migration have none ('').
-- The sealer links only events whose tag is right; a row it refuses stays
-- unsealed and is listed in audit_refused, once, with an alert event.
ALTER TABLE audit_events ADD COLUMN tag TEXT NOT NULL DEFAULT '';

DROP TRIGGER audit_events_guard ON audit_events;
CREATE TRIGGER audit_events_guard BEFORE UPDATE ON audit_events FOR EACH ROW
    WHEN (OLD.pos IS NOT NULL OR OLD.prev_hash IS NOT NULL OR OLD.hash IS NOT NULL
       OR NEW.seq IS DISTINCT FROM OLD.seq OR NEW.at IS DISTINCT FROM OLD.at
       OR NEW.actor IS DISTINCT FROM OLD.actor OR NEW.role IS DISTINCT FROM OLD.role
       OR NEW.action IS DISTINCT FROM OLD.action OR NEW.object_type IS DISTINCT FROM OLD.object_type
       OR NEW.object_id IS DISTINCT FROM OLD.object_id OR NEW.data IS DISTINCT FROM OLD.data
       OR NEW.client IS DISTINCT FROM OLD.client OR NEW.xid IS DISTINCT FROM OLD.xid
       OR NEW.tag IS DISTINCT FROM OLD.tag)
    EXECUTE FUNCTION audit_events_reject();

CREATE TABLE audit_refused (
    seq        BIGINT PRIMARY KEY,
    action     TEXT NOT NULL,
    refused_at TIMESTAMPTZ NOT NULL
);
