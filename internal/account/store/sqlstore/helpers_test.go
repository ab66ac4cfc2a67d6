package sqlstore

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"
)

// postgresEnv names the PostgreSQL server the tests use when it is set.
const postgresEnv = "SCIMBRIDGE_TEST_POSTGRES_URL"

// backend opens fresh, empty stores of one kind.
type backend struct {
	name string
	open func(t testing.TB) *Store
}

// backends lists SQLite always and PostgreSQL when postgresEnv is set; tb
// learns why PostgreSQL is missing.
func backends() []backend {
	return []backend{{"sqlite", openTestSQLite}, {"postgres", openTestPostgres}}
}

// openTestSQLite opens a store in a new temporary directory.
func openTestSQLite(t testing.TB) *Store {
	t.Helper()
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "account.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// testPostgresDSN creates a schema of its own on the server postgresEnv
// names, dropped when the test ends, and returns a URL whose search_path
// selects it. It skips the test when the variable is unset.
func testPostgresDSN(t testing.TB) string {
	t.Helper()
	base := os.Getenv(postgresEnv)
	if base == "" {
		t.Skipf("PostgreSQL tests need %s (e.g. postgres://postgres@127.0.0.1:5432/test?sslmode=disable)", postgresEnv)
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Close() })
	var b [8]byte
	rand.Read(b[:])
	schemaName := "t_" + hex.EncodeToString(b[:])
	if _, err := admin.Exec("CREATE SCHEMA " + schemaName); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if _, err := admin.Exec("DROP SCHEMA " + schemaName + " CASCADE"); err != nil {
			t.Errorf("drop schema %s: %v", schemaName, err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schemaName)
	u.RawQuery = q.Encode()
	return u.String()
}

func openTestPostgres(t testing.TB) *Store {
	t.Helper()
	dsn := testPostgresDSN(t)
	s, err := Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}
