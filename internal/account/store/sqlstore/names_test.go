package sqlstore

import (
	"database/sql"
	"encoding/json"
	"io/fs"
	"path/filepath"
	"testing"

	"github.com/pressly/goose/v3"
)

func TestPrefixEnd(t *testing.T) {
	tests := []struct {
		s, end string
		ok     bool
	}{
		{"a", "b", true},
		{"ab", "ac", true},
		{"1234", "1235", true},
		{"az\x7f", "az\u0080", true}, // the next code point takes two bytes
		{"ü", "ý", true},
		{"x\uD7FF", "x\uE000", true}, // past the surrogates
		{"x\uFFFF", "x\U00010000", true},
		{"x\U0010FFFF", "y", true},
		{"\U0010FFFF\U0010FFFF", "", false},
		{"a\xff", "b", true}, // not UTF-8: by byte
		{"a\xfe", "a\xff", true},
		{"\xff\xff", "", false},
	}
	for _, tc := range tests {
		end, ok := prefixEnd(tc.s)
		if end != tc.end || ok != tc.ok {
			t.Errorf("prefixEnd(%q) = %q, %v; want %q, %v", tc.s, end, ok, tc.end, tc.ok)
			continue
		}
		if !ok {
			continue
		}
		// Every string with the prefix is below end, and s itself is.
		for _, x := range []string{tc.s, tc.s + "\x00", tc.s + "\U0010FFFF", tc.s + "\xff\xff"} {
			if x >= end {
				t.Errorf("prefixEnd(%q) = %q, not above %q", tc.s, end, x)
			}
		}
	}
}

// TestNameKeysMigration fills people in a database at schema version 3,
// before the name keys, and checks that migrating gives every person the
// keys the store would have written (strings.ToLower, which the database's
// lower() does not match outside ASCII).
func TestNameKeysMigration(t *testing.T) {
	names := []map[string]any{
		{"givenName": "Ann", "familyName": "Smith"},
		{"givenName": "Ümit", "familyName": "ÜBER"},
		{"givenName": "ÅSA", "familyName": "Ström-ΣΟΦΙΑ"},
		{"familyName": "\u212Aelvin"}, // the Kelvin sign folds to an ASCII k
		{"familyName": ""},            // "" is a string: its key is ''
		{"familyName": 7},             // not a string: no key
		{"formatted": "No Parts"},
		nil, // no name at all
	}
	for _, be := range []struct {
		name string
		open func(t *testing.T) (*sql.DB, dialect)
	}{
		{"sqlite", func(t *testing.T) (*sql.DB, dialect) {
			db, err := sql.Open("sqlite", filepath.Join(t.TempDir(), "account.db"))
			if err != nil {
				t.Fatal(err)
			}
			return db, sqliteDialect{}
		}},
		{"postgres", func(t *testing.T) (*sql.DB, dialect) {
			db, err := sql.Open("pgx", testPostgresDSN(t))
			if err != nil {
				t.Fatal(err)
			}
			return db, &pgDialect{foldFmt: "lower(%s)"}
		}},
	} {
		t.Run(be.name, func(t *testing.T) {
			ctx := t.Context()
			db, d := be.open(t)
			defer db.Close()
			gd := goose.DialectSQLite3
			if d.name() == "postgres" {
				gd = goose.DialectPostgres
			}
			dir, err := fs.Sub(migrations, "migrations/"+d.name())
			if err != nil {
				t.Fatal(err)
			}
			p, err := goose.NewProvider(gd, db, dir, goose.WithDisableGlobalRegistry(true))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := p.UpTo(ctx, 3); err != nil {
				t.Fatal(err)
			}
			ids := make([]string, len(names))
			attrs := make([]map[string]any, len(names))
			for i, n := range names {
				ids[i] = "p" + string(rune('a'+i))
				attrs[i] = map[string]any{"userName": ids[i]}
				if n != nil {
					attrs[i]["name"] = n
				}
				doc, err := json.Marshal(attrs[i])
				if err != nil {
					t.Fatal(err)
				}
				_, err = db.ExecContext(ctx, d.rebind("INSERT INTO people (id, user_name, user_name_key, state, provisioned,"+
					" attributes, created_us, modified_us, version) VALUES (?, ?, ?, 'active', TRUE, ?, 0, 0, 1)"),
					ids[i], ids[i], ids[i], string(doc))
				if err != nil {
					t.Fatal(err)
				}
			}
			if err := migrate(ctx, db, d); err != nil {
				t.Fatal(err)
			}
			for i, id := range ids {
				var given, family sql.NullString
				err := db.QueryRowContext(ctx, d.rebind("SELECT given_name_key, family_name_key FROM people WHERE id = ?"), id).
					Scan(&given, &family)
				if err != nil {
					t.Fatal(err)
				}
				if got, want := nullable(given), nameKey(attrs[i], "givenName"); got != want {
					t.Errorf("%v: given_name_key = %q, want %q", names[i], got, want)
				}
				if got, want := nullable(family), nameKey(attrs[i], "familyName"); got != want {
					t.Errorf("%v: family_name_key = %q, want %q", names[i], got, want)
				}
			}
		})
	}
}
