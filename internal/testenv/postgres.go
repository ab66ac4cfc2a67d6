// Package testenv gives tests the services of the machine they run on, as
// .ci/run sets them up: PostgreSQL (SCIMBRIDGE_TEST_POSTGRES_URL), skipping
// with a message where they are not set.
package testenv

import (
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the pgx driver, as sqlstore uses
)

// PostgresEnv names the PostgreSQL server tests use.
const PostgresEnv = "SCIMBRIDGE_TEST_POSTGRES_URL"

// PostgresSchema creates a schema of its own (named prefix_<time>) on the
// server PostgresEnv names, dropped when the test ends, and returns a URL
// whose search_path selects it. It skips the test when the variable is not
// set.
func PostgresSchema(t testing.TB, prefix string) string {
	t.Helper()
	base := os.Getenv(PostgresEnv)
	if base == "" {
		t.Skipf("%s is not set: skipping the PostgreSQL run", PostgresEnv)
	}
	schema := fmt.Sprintf("%s_%d", prefix, time.Now().UnixNano())
	db, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("CREATE SCHEMA " + schema); err != nil {
		db.Close()
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_, _ = db.Exec("DROP SCHEMA " + schema + " CASCADE")
		db.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}
