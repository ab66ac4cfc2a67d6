-- Blobs: state the bridge keeps in the account (its TLS certificates), and
-- an index for counting people by state.

-- +goose Up
CREATE TABLE blobs (
    key         TEXT    PRIMARY KEY,
    value       BLOB    NOT NULL,
    modified_us INTEGER NOT NULL
);
CREATE INDEX people_state ON people (state);

-- +goose Down
DROP INDEX people_state;
DROP TABLE blobs;
