// Package sqlstore keeps the account in SQL: SQLite (a file, the default)
// or PostgreSQL. It implements store.Store, with the schema in embedded goose
// migrations (migrations/sqlite, migrations/postgres, and in Go the one step
// SQL cannot take: migrate_names.go) that run on Open, and compiles SCIM
// filters to SQL so that lookups run where the data lives, on indexes.
//
// # Tables
//
// account (one row), people, person_emails, groups, memberships,
// credentials, invitations and audit. Times are unix microseconds, UTC.
// Values compared without regard to case have a *_key twin holding
// strings.ToLower of the value (people.user_name_key, which is unique,
// groups.display_name_key, likewise), computed in Go, so that such lookups
// are plain index lookups. Optional text is NULL when empty. The SCIM
// attributes of people and groups are a JSON object (JSONB on PostgreSQL),
// read back with numbers as json.Number.
//
// # Concurrency
//
// SQLite runs in WAL mode: transactions run on one writer connection that
// takes the write lock when the transaction begins, while reads outside
// transactions use a pool of read-only connections and never wait for the
// writer. Another process (the admin CLI) may open the same file; its
// writers wait for ours (busy timeout, then Tx retries). On PostgreSQL,
// transactions run at READ COMMITTED and LockPerson and LockGroup take row
// locks (SELECT … FOR UPDATE); Tx runs fn again after a serialization
// failure or deadlock.
//
// # Filters
//
// A filter is checked with filter.Check and compiled against the User or
// Group resource type into one WHERE condition whose every part is TRUE or
// FALSE, never NULL, so that "ne" is exactly "not eq" and absent attributes
// behave as filter.Match has them. userName, displayName, externalId, id,
// active, name.givenName, name.familyName and meta.created/lastModified
// read columns (sw as a range, which an index serves); emails (value, type)
// read person_emails; groups and members read memberships; meta.resourceType
// is a constant; every other attribute is read from the JSON. The conformance
// suite checks every filter of its table against filter.Match.
//
// Two small SQL functions exist on both databases: scim_time_key(text),
// which reads a dateTime the way filter.Match does and gives text that sorts
// chronologically (timeKey), and, on SQLite, scim_fold(text), which is
// strings.ToLower (SQLite's lower() folds ASCII only; PostgreSQL's lower()
// is used there).
//
// Limits: meta.location, meta.version, groups.$ref, members.$ref and
// password cannot be filtered on (invalidFilter) nor sorted by
// (invalidValue).
package sqlstore
