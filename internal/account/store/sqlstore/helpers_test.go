package sqlstore

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/scimbridge/scimbridge/internal/testenv"
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
	return openTestSQLiteAt(t, filepath.Join(t.TempDir(), "account.db"))
}

// openTestSQLiteAt opens a store on the SQLite file at path, closed when
// the test ends.
func openTestSQLiteAt(t testing.TB, path string) *Store {
	t.Helper()
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// testPostgresDSN gives the test a schema of its own on the server
// postgresEnv names (dropped when it ends), or skips it.
func testPostgresDSN(t testing.TB) string { return testenv.PostgresSchema(t, "t") }

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
