package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/pressly/goose/v3"
)

// nameKey is the value of people.given_name_key or family_name_key: the
// folded string at name.<sub> in the person's attributes (the empty string
// for ""), NULL when there is no string there. It comes from the
// attributes, not from Person.GivenName and FamilyName, which cannot tell ""
// from absent, so that the column says what a filter over the JSON said:
// name.familyName eq "" matches a person whose familyName is "".
func nameKey(attrs map[string]any, sub string) any {
	name, _ := attrs["name"].(map[string]any)
	s, ok := name[sub].(string)
	if !ok {
		return nil
	}
	return strings.ToLower(s)
}

// nameKeysVersion is the Go migration after 00004_name_keys.sql. A SQL
// migration numbered like it would clash (goose refuses to start).
const nameKeysVersion = 5

// nameKeysMigration folds again, with strings.ToLower, the name keys that
// migration 4 filled with the database's lower(): the two agree on ASCII,
// but SQLite's lower() folds nothing else and PostgreSQL's follows the
// database's ctype. It reads the names as the filters read the JSON, and
// rewrites only the keys that differ, in the migration's transaction.
func nameKeysMigration(d dialect) *goose.Migration {
	up := func(ctx context.Context, tx *sql.Tx) error {
		attrs := jsonRef{doc: "attributes", path: []string{"name"}}
		given, family := d.jsonText(attrs.child("givenName")), d.jsonText(attrs.child("familyName"))
		rows, err := tx.QueryContext(ctx, "SELECT id, "+given+", "+family+", given_name_key, family_name_key FROM people"+
			" WHERE given_name_key IS NOT NULL OR family_name_key IS NOT NULL")
		if err != nil {
			return fmt.Errorf("read names: %w", err)
		}
		type fix struct {
			id            string
			given, family any
		}
		var fixes []fix
		for rows.Next() {
			var id string
			var g, f, gk, fk sql.NullString
			if err := rows.Scan(&id, &g, &f, &gk, &fk); err != nil {
				rows.Close()
				return fmt.Errorf("read names: %w", err)
			}
			wantG, wantF := foldNull(g), foldNull(f)
			if wantG != gk || wantF != fk {
				fixes = append(fixes, fix{id, nullable(wantG), nullable(wantF)})
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("read names: %w", err)
		}
		q := d.rebind("UPDATE people SET given_name_key = ?, family_name_key = ? WHERE id = ?")
		for _, f := range fixes {
			if _, err := tx.ExecContext(ctx, q, f.given, f.family, f.id); err != nil {
				return fmt.Errorf("fold names: %w", err)
			}
		}
		return nil
	}
	return goose.NewGoMigration(nameKeysVersion, &goose.GoFunc{RunTx: up}, nil)
}

func foldNull(s sql.NullString) sql.NullString {
	return sql.NullString{String: strings.ToLower(s.String), Valid: s.Valid}
}

func nullable(s sql.NullString) any {
	if !s.Valid {
		return nil
	}
	return s.String
}
