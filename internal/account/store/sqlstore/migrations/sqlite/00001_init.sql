-- The account's schema on SQLite. Times are unix microseconds (UTC); *_key
-- columns hold strings.ToLower of their value, computed in Go, so that lookups
-- without regard to case use plain indexes. Optional text is NULL when empty.

-- +goose Up
CREATE TABLE account (
    singleton  INTEGER PRIMARY KEY CHECK (singleton = 1),
    id         TEXT    NOT NULL,
    name       TEXT    NOT NULL,
    created_us INTEGER NOT NULL
);

CREATE TABLE people (
    seq              INTEGER PRIMARY KEY AUTOINCREMENT,
    id               TEXT    NOT NULL UNIQUE,
    user_name        TEXT    NOT NULL,
    user_name_key    TEXT    NOT NULL UNIQUE,
    external_id      TEXT,
    display_name     TEXT,
    display_name_key TEXT,
    given_name       TEXT,
    family_name      TEXT,
    email            TEXT,
    email_key        TEXT,
    state            TEXT    NOT NULL,
    suspended_from   TEXT,
    provisioned      BOOLEAN NOT NULL,
    schemas          TEXT    NOT NULL DEFAULT '[]',
    attributes       TEXT    NOT NULL DEFAULT '{}',
    created_us       INTEGER NOT NULL,
    modified_us      INTEGER NOT NULL,
    version          INTEGER NOT NULL
);
CREATE INDEX people_external_id ON people (external_id);
CREATE INDEX people_display_name_key ON people (display_name_key);
CREATE INDEX people_email_key ON people (email_key);

CREATE TABLE person_emails (
    person_id  TEXT    NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    ord        INTEGER NOT NULL,
    value      TEXT    NOT NULL,
    value_key  TEXT    NOT NULL,
    type       TEXT,
    type_key   TEXT,
    is_primary BOOLEAN NOT NULL,
    PRIMARY KEY (person_id, ord)
);
CREATE INDEX person_emails_value_key ON person_emails (value_key);

CREATE TABLE groups (
    seq              INTEGER PRIMARY KEY AUTOINCREMENT,
    id               TEXT    NOT NULL UNIQUE,
    display_name     TEXT    NOT NULL,
    display_name_key TEXT    NOT NULL UNIQUE,
    external_id      TEXT,
    kind             TEXT    NOT NULL DEFAULT '',
    managed          BOOLEAN NOT NULL,
    schemas          TEXT    NOT NULL DEFAULT '[]',
    attributes       TEXT    NOT NULL DEFAULT '{}',
    created_us       INTEGER NOT NULL,
    modified_us      INTEGER NOT NULL,
    version          INTEGER NOT NULL
);
CREATE INDEX groups_external_id ON groups (external_id);
-- At most one built-in group of each kind.
CREATE UNIQUE INDEX groups_kind ON groups (kind) WHERE kind <> '';

-- added_seq orders a group's members by insertion. The *_key columns serve
-- the SCIM filters members.value and groups.value, which compare ids without
-- regard to case.
CREATE TABLE memberships (
    added_seq   INTEGER PRIMARY KEY AUTOINCREMENT,
    group_id    TEXT    NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    person_id   TEXT    NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    group_key   TEXT    NOT NULL,
    person_key  TEXT    NOT NULL,
    display     TEXT,
    display_key TEXT,
    added_us    INTEGER NOT NULL,
    UNIQUE (group_id, person_id)
);
CREATE INDEX memberships_person ON memberships (person_id);
CREATE INDEX memberships_order ON memberships (group_id, added_seq);
CREATE INDEX memberships_group_key ON memberships (group_key);
CREATE INDEX memberships_person_key ON memberships (person_key);

CREATE TABLE credentials (
    id                TEXT    PRIMARY KEY,
    kind              TEXT    NOT NULL,
    name              TEXT    NOT NULL,
    salt              BLOB    NOT NULL,
    verifier          BLOB    NOT NULL,
    provision_manager BOOLEAN NOT NULL,
    created_us        INTEGER NOT NULL,
    revoked_us        INTEGER
);

CREATE TABLE invitations (
    person_id   TEXT    PRIMARY KEY REFERENCES people (id) ON DELETE CASCADE,
    email       TEXT    NOT NULL,
    token_hash  BLOB    NOT NULL UNIQUE,
    link        TEXT    NOT NULL,
    created_us  INTEGER NOT NULL,
    expires_us  INTEGER NOT NULL,
    accepted_us INTEGER
);

CREATE TABLE audit (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    time_us      INTEGER NOT NULL,
    actor_kind   TEXT    NOT NULL,
    actor_id     TEXT    NOT NULL,
    request_id   TEXT    NOT NULL,
    provider     TEXT    NOT NULL,
    action       TEXT    NOT NULL,
    target_kind  TEXT    NOT NULL,
    target_id    TEXT    NOT NULL,
    target_name  TEXT    NOT NULL,
    before_state TEXT    NOT NULL,
    after_state  TEXT    NOT NULL,
    detail       TEXT    NOT NULL
);
CREATE INDEX audit_time ON audit (time_us);
CREATE INDEX audit_target ON audit (target_id, time_us);

-- +goose Down
DROP TABLE audit;
DROP TABLE invitations;
DROP TABLE credentials;
DROP TABLE memberships;
DROP TABLE groups;
DROP TABLE person_emails;
DROP TABLE people;
DROP TABLE account;
