-- An index for counting people by state (the status page's summary) and
-- finding those awaiting confirmation (the confirmation watcher).

-- +goose Up
CREATE INDEX people_state ON people (state);

-- +goose Down
DROP INDEX people_state;
