-- Paging providers' way (no filter, creation order, startIndex anywhere)
-- without reading the whole table: an index that answers the count and the
-- offset by itself, and a version per list that every change to the list's
-- membership bumps, in the same transaction, whichever process writes. A
-- store remembers where every 64th position of a list starts, for the
-- version it read them at (positions.go).

-- +goose Up
CREATE INDEX people_provisioned_seq ON people (seq) WHERE provisioned = TRUE;
CREATE INDEX groups_managed_seq ON groups (seq) WHERE managed = TRUE;

CREATE TABLE list_versions (
    name    TEXT    PRIMARY KEY,
    version INTEGER NOT NULL
);
INSERT INTO list_versions (name, version) VALUES ('people', 0), ('groups', 0);

-- +goose StatementBegin
CREATE TRIGGER people_list_insert AFTER INSERT ON people
BEGIN UPDATE list_versions SET version = version + 1 WHERE name = 'people'; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER people_list_delete AFTER DELETE ON people
BEGIN UPDATE list_versions SET version = version + 1 WHERE name = 'people'; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER people_list_provisioned AFTER UPDATE OF provisioned ON people WHEN OLD.provisioned IS NOT NEW.provisioned
BEGIN UPDATE list_versions SET version = version + 1 WHERE name = 'people'; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER groups_list_insert AFTER INSERT ON groups
BEGIN UPDATE list_versions SET version = version + 1 WHERE name = 'groups'; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER groups_list_delete AFTER DELETE ON groups
BEGIN UPDATE list_versions SET version = version + 1 WHERE name = 'groups'; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER groups_list_managed AFTER UPDATE OF managed ON groups WHEN OLD.managed IS NOT NEW.managed
BEGIN UPDATE list_versions SET version = version + 1 WHERE name = 'groups'; END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER groups_list_managed;
DROP TRIGGER groups_list_delete;
DROP TRIGGER groups_list_insert;
DROP TRIGGER people_list_provisioned;
DROP TRIGGER people_list_delete;
DROP TRIGGER people_list_insert;
DROP TABLE list_versions;
DROP INDEX groups_managed_seq;
DROP INDEX people_provisioned_seq;
