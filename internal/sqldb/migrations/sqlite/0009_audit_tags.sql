-- Each event asnpro writes carries an authentication tag (DESIGN §4):
-- HMAC-SHA256 under a key derived from the instance key file, which never
-- enters the database. Events written before this migration have none ('').
-- The sealer links only events whose tag is right; a row it refuses stays
-- unsealed and is listed in audit_refused, once, with an alert event.
ALTER TABLE audit_events ADD COLUMN tag TEXT NOT NULL DEFAULT '';

DROP TRIGGER audit_events_seal_once;
CREATE TRIGGER audit_events_seal_once BEFORE UPDATE ON audit_events
WHEN OLD.pos IS NOT NULL OR OLD.prev_hash IS NOT NULL OR OLD.hash IS NOT NULL
  OR NEW.seq IS NOT OLD.seq OR NEW.at IS NOT OLD.at OR NEW.actor IS NOT OLD.actor
  OR NEW.role IS NOT OLD.role OR NEW.action IS NOT OLD.action
  OR NEW.object_type IS NOT OLD.object_type OR NEW.object_id IS NOT OLD.object_id
  OR NEW.data IS NOT OLD.data OR NEW.client IS NOT OLD.client OR NEW.tag IS NOT OLD.tag
BEGIN
    SELECT RAISE(ABORT, 'audit_events is append-only');
END;

CREATE TABLE audit_refused (
    seq        INTEGER PRIMARY KEY,
    action     TEXT NOT NULL,
    refused_at TIMESTAMP NOT NULL
);
