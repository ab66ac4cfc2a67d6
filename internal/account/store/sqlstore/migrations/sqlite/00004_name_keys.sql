-- name.givenName and name.familyName, which providers and auditors look
-- people up by (filter=name.familyName sw "…"), get folded key columns with
-- indexes, like userName: strings.ToLower of the string the attributes hold
-- ('' for "", NULL when there is no string), which the store writes from Go
-- with the person (nameKey). The backfill folds with SQLite's lower(), which
-- folds ASCII only (the same as strings.ToLower there) and leaves other
-- characters as they are; migration 5, in Go (migrate_names.go), then folds
-- again with strings.ToLower every name lower() did not fold the same way.

-- +goose Up
ALTER TABLE people ADD COLUMN given_name_key TEXT;
ALTER TABLE people ADD COLUMN family_name_key TEXT;
UPDATE people SET
    given_name_key = CASE WHEN json_type(attributes, '$."name"."givenName"') = 'text'
        THEN lower(json_extract(attributes, '$."name"."givenName"')) END,
    family_name_key = CASE WHEN json_type(attributes, '$."name"."familyName"') = 'text'
        THEN lower(json_extract(attributes, '$."name"."familyName"')) END
WHERE json_type(attributes, '$."name"') = 'object';
CREATE INDEX people_given_name_key ON people (given_name_key);
CREATE INDEX people_family_name_key ON people (family_name_key);

-- +goose Down
DROP INDEX people_family_name_key;
DROP INDEX people_given_name_key;
ALTER TABLE people DROP COLUMN family_name_key;
ALTER TABLE people DROP COLUMN given_name_key;
