-- A person's groups (GroupsOf, read with every User a response shows) are
-- found by person; with the group's id in the same index entry, the
-- membership row itself need not be read.

-- +goose Up
CREATE INDEX memberships_person_group ON memberships (person_id, group_id);
DROP INDEX memberships_person;

-- +goose Down
CREATE INDEX memberships_person ON memberships (person_id);
DROP INDEX memberships_person_group;
