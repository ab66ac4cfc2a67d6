-- name.givenName and name.familyName, which providers and auditors look
-- people up by (filter=name.familyName sw "…"), get folded key columns with
-- indexes, like userName: strings.ToLower of the string the attributes hold
-- ('' for "", NULL when there is no string), which the store writes from Go
-- with the person (nameKey). They sort and compare by code point ("C"), so
-- that a prefix is a range of the index. The backfill folds with lower(),
-- which agrees with strings.ToLower on ASCII but follows the database's
-- ctype elsewhere (none at all in the "C" locale); migration 5, in Go
-- (migrate_names.go), then folds again with strings.ToLower every name
-- lower() did not fold the same way.

-- +goose Up
ALTER TABLE people
    ADD COLUMN given_name_key TEXT COLLATE "C",
    ADD COLUMN family_name_key TEXT COLLATE "C";
UPDATE people SET
    given_name_key = CASE WHEN jsonb_typeof(attributes -> 'name' -> 'givenName') = 'string'
        THEN lower(attributes -> 'name' ->> 'givenName') END,
    family_name_key = CASE WHEN jsonb_typeof(attributes -> 'name' -> 'familyName') = 'string'
        THEN lower(attributes -> 'name' ->> 'familyName') END
WHERE jsonb_typeof(attributes -> 'name') = 'object';
CREATE INDEX people_given_name_key ON people (given_name_key);
CREATE INDEX people_family_name_key ON people (family_name_key);

-- +goose Down
DROP INDEX people_family_name_key;
DROP INDEX people_given_name_key;
ALTER TABLE people DROP COLUMN family_name_key, DROP COLUMN given_name_key;
