-- Exam: question banks, their items (each edit after use is a new version),
-- and blueprints. Lists are JSON text; instants are TIMESTAMP in UTC.
CREATE TABLE exam_banks (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    purpose    TEXT NOT NULL CHECK (purpose IN ('practice', 'selection')),
    period_id  INTEGER REFERENCES periods (id),
    created_at TIMESTAMP NOT NULL
);

-- An item is its versions; current_version is the one a new paper draws.
CREATE TABLE exam_items (
    id              INTEGER PRIMARY KEY,
    bank_id         INTEGER NOT NULL REFERENCES exam_banks (id),
    current_version INTEGER NOT NULL,
    created_at      TIMESTAMP NOT NULL
);
CREATE INDEX exam_items_bank ON exam_items (bank_id);

-- One version of an item. answer_key is A–E for a keyed item ('' for a
-- weighted one); weights is a JSON array of five 1–5 weights ('' for a keyed
-- item). revision counts the in-place edits of a version not yet used, so
-- that a paper freezes exactly the content it was drawn from. used_at is set
-- when a paper first uses the version; from then on its content never
-- changes (the guard below).
CREATE TABLE exam_item_versions (
    id           INTEGER PRIMARY KEY,
    item_id      INTEGER NOT NULL REFERENCES exam_items (id),
    version      INTEGER NOT NULL,
    subtest      TEXT NOT NULL,
    stem         TEXT NOT NULL,
    image_sha256 TEXT REFERENCES blobs (sha256),
    options      TEXT NOT NULL,
    answer_key   TEXT NOT NULL,
    weights      TEXT NOT NULL,
    revision     INTEGER NOT NULL DEFAULT 1,
    created_at   TIMESTAMP NOT NULL,
    used_at      TIMESTAMP,
    UNIQUE (item_id, version)
);

CREATE TRIGGER exam_item_versions_frozen BEFORE UPDATE ON exam_item_versions
WHEN OLD.used_at IS NOT NULL AND (NEW.item_id IS NOT OLD.item_id OR NEW.version IS NOT OLD.version
  OR NEW.subtest IS NOT OLD.subtest OR NEW.stem IS NOT OLD.stem OR NEW.image_sha256 IS NOT OLD.image_sha256
  OR NEW.options IS NOT OLD.options OR NEW.answer_key IS NOT OLD.answer_key OR NEW.weights IS NOT OLD.weights
  OR NEW.revision IS NOT OLD.revision OR NEW.used_at IS NOT OLD.used_at)
BEGIN
    SELECT RAISE(ABORT, 'a used item version is never changed');
END;
CREATE TRIGGER exam_item_versions_no_delete BEFORE DELETE ON exam_item_versions
WHEN OLD.used_at IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'a used item version is never changed');
END;

-- parts: JSON [{"subtest","count"}]; passing: JSON {"scheme","grades":{category:{…}}}
-- or '' when no passing grade applies.
CREATE TABLE exam_blueprints (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL,
    parts         TEXT NOT NULL,
    minutes       INTEGER NOT NULL,
    extra_minutes INTEGER NOT NULL,
    passing       TEXT NOT NULL,
    created_at    TIMESTAMP NOT NULL
);
