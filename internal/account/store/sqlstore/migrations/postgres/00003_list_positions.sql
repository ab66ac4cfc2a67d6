-- Paging providers' way (no filter, creation order, startIndex anywhere):
-- indexes that answer the count and the offset from the index alone. (On
-- SQLite the store also remembers positions per list version; on
-- PostgreSQL a version row bumped by every create would serialise
-- concurrent creates, so it does not.)

-- +goose Up
CREATE INDEX people_provisioned_seq ON people (seq) WHERE provisioned = TRUE;
CREATE INDEX groups_managed_seq ON groups (seq) WHERE managed = TRUE;

-- +goose Down
DROP INDEX groups_managed_seq;
DROP INDEX people_provisioned_seq;
