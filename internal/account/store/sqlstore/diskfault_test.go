package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/scimbridge/scimbridge/internal/account"
	"github.com/scimbridge/scimbridge/internal/account/store"
	"github.com/scimbridge/scimbridge/internal/scim"
)

// The tests below make the database refuse writes the ways a real one does
// (a full disk, a read-only file or connection, a read-only PostgreSQL
// session), and check that a write fails with ErrUnavailable and a clear
// detail, and leaves nothing behind.

const cannotWriteDetail = "the account database cannot be written (disk full or read-only)"

// provisionGroup creates the group provision adds people to.
func provisionGroup(t *testing.T, s store.Store) string {
	t.Helper()
	now := time.Now()
	g := account.Group{
		ID: account.NewID(), DisplayName: "Engineering", Managed: true,
		Schemas: []string{scim.GroupSchema}, Attributes: map[string]any{"displayName": "Engineering"},
		Created: now, Modified: now, Version: 1,
	}
	if err := s.Tx(t.Context(), func(tx store.Tx) error { return tx.CreateGroup(t.Context(), g) }); err != nil {
		t.Fatal(err)
	}
	return g.ID
}

// provision writes what provisioning a person writes, in one transaction:
// the person (and their emails), their membership of a group, and the audit
// event.
func provision(ctx context.Context, s store.Store, groupID string, p account.Person) error {
	return s.Tx(ctx, func(tx store.Tx) error {
		if err := tx.CreatePerson(ctx, p); err != nil {
			return err
		}
		if _, err := tx.AddMembers(ctx, groupID, []account.Member{{PersonID: p.ID}}); err != nil {
			return err
		}
		return tx.AppendAudit(ctx, account.AuditEvent{
			Time: time.Now(), Actor: account.Actor{Kind: account.ActorIntegration, ID: "integration"},
			Action: "person.invite", TargetKind: "person", TargetID: p.ID, TargetName: p.UserName,
		})
	})
}

// checkFailedWrite checks that err, from provision(p) on a database that
// cannot be written, says so, and that writable (a handle on the same
// database that can write) has nothing of p: no person, no membership, no
// audit event. Then the same write succeeds on writable.
func checkFailedWrite(t *testing.T, err error, writable store.Store, groupID string, p account.Person) {
	t.Helper()
	ctx := t.Context()
	if err == nil {
		t.Fatal("the write succeeded")
	}
	if !errors.Is(err, account.ErrUnavailable) {
		t.Errorf("%v: not ErrUnavailable", err)
	}
	if ae := (*account.Error)(nil); !errors.As(err, &ae) || ae.Detail != cannotWriteDetail {
		t.Errorf("%v: not an *account.Error with the detail %q", err, cannotWriteDetail)
	}
	t.Logf("the error: %v", err)

	if _, err := writable.GetPersonByUserName(ctx, p.UserName); !errors.Is(err, account.ErrNotFound) {
		t.Errorf("the person of the failed write: %v, want ErrNotFound", err)
	}
	if got, err := writable.MembersAmong(ctx, groupID, []string{p.ID}); err != nil || len(got) > 0 {
		t.Errorf("the membership of the failed write: %v, %v", got, err)
	}
	if got, err := writable.ListAudit(ctx, store.AuditQuery{TargetID: p.ID}); err != nil || len(got) > 0 {
		t.Errorf("the audit event of the failed write: %v, %v", got, err)
	}
	if err := provision(ctx, writable, groupID, p); err != nil {
		t.Errorf("the same write on a writable handle: %v", err)
	}
}

// TestDiskFull fills a SQLite database: PRAGMA max_page_count on the
// writer's one connection caps the file at its current size, and SQLite
// answers a write that needs another page as on a full disk (SQLITE_FULL,
// "database or disk is full").
func TestDiskFull(t *testing.T) {
	ctx := t.Context()
	s := openTestSQLite(t)
	groupID := provisionGroup(t, s)
	var limit int64
	if err := s.writer.QueryRowContext(ctx, "PRAGMA max_page_count").Scan(&limit); err != nil {
		t.Fatal(err)
	}
	if _, err := s.writer.ExecContext(ctx, "PRAGMA max_page_count = 1"); err != nil { // never below the current size
		t.Fatal(err)
	}
	var (
		p   account.Person
		err error
		n   int
	)
	for ; n < 1000 && err == nil; n++ {
		p = benchPerson(n)
		err = provision(ctx, s, groupID, p)
	}
	if code, _ := errCode(err); code&0xff != sqlite3.SQLITE_FULL {
		t.Fatalf("after %d people: %v, want SQLITE_FULL in the chain", n, err)
	}
	// The people written before the disk filled are all there.
	if members, err := s.Members(ctx, groupID, store.ScopeAll); err != nil || len(members) != n-1 {
		t.Errorf("%d members (%v), want %d", len(members), err, n-1)
	}
	if _, err := s.writer.ExecContext(ctx, fmt.Sprintf("PRAGMA max_page_count = %d", limit)); err != nil {
		t.Fatal(err)
	}
	checkFailedWrite(t, err, s, groupID, p)
}

// TestReadOnlySQLite writes through a writer that cannot write: a
// connection with query_only on, and one that opened the file read-only
// (mode=ro, as SQLite falls back to when the file or its file system is
// read-only; chmod would not stop the tests when they run as root).
func TestReadOnlySQLite(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "account.db")
	s := openTestSQLiteAt(t, path)
	groupID := provisionGroup(t, s)

	t.Run("query_only", func(t *testing.T) {
		if _, err := s.writer.ExecContext(ctx, "PRAGMA query_only = 1"); err != nil {
			t.Fatal(err)
		}
		p := benchPerson(1)
		err := provision(ctx, s, groupID, p)
		if code, _ := errCode(err); code&0xff != sqlite3.SQLITE_READONLY {
			t.Fatalf("%v: want SQLITE_READONLY in the chain", err)
		}
		if _, err := s.writer.ExecContext(ctx, "PRAGMA query_only = 0"); err != nil {
			t.Fatal(err)
		}
		checkFailedWrite(t, err, s, groupID, p)
	})
	t.Run("read-only file", func(t *testing.T) {
		ro, err := sql.Open("sqlite", "file:"+path+"?mode=ro&_txlock=immediate")
		if err != nil {
			t.Fatal(err)
		}
		rs := newStore(sqliteDialect{}, ro, ro, false, nil)
		defer rs.Close()
		p := benchPerson(2)
		err = provision(ctx, rs, groupID, p)
		if code, _ := errCode(err); code&0xff != sqlite3.SQLITE_READONLY {
			t.Fatalf("%v: want SQLITE_READONLY in the chain", err)
		}
		checkFailedWrite(t, err, s, groupID, p)
	})
}

// TestReadOnlyPostgres writes through a PostgreSQL session whose
// transactions are read-only (default_transaction_read_only, as on a hot
// standby or a database set read-only): read_only_sql_transaction.
func TestReadOnlyPostgres(t *testing.T) {
	ctx := t.Context()
	dsn := testPostgresDSN(t)
	s, err := Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	groupID := provisionGroup(t, s)

	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("default_transaction_read_only", "on") // a run-time parameter of the session
	u.RawQuery = q.Encode()
	rs, err := Open(ctx, u.String()) // the schema is up to date: nothing to write
	if err != nil {
		t.Fatal(err)
	}
	defer rs.Close()

	p := benchPerson(1)
	err = provision(ctx, rs, groupID, p)
	if code := pgCode(err); code != "25006" {
		t.Fatalf("%v: SQLSTATE %q, want 25006 in the chain", err, code)
	}
	checkFailedWrite(t, err, s, groupID, p)
}

// TestCannotWriteCodes checks the errors that cannot be caused in a test:
// PostgreSQL's full disk, and the resource shortages that are no disk's
// fault (unavailable, with the general detail).
func TestCannotWriteCodes(t *testing.T) {
	ctx := t.Context()
	for code, want := range map[string]string{
		"53100": cannotWriteDetail,                     // disk_full
		"25006": cannotWriteDetail,                     // read_only_sql_transaction
		"53200": "the account database is unavailable", // out_of_memory
		"53300": "the account database is unavailable", // too_many_connections
	} {
		err := dbErr(ctx, &pgDialect{}, fmt.Errorf("insert: %w", &pgconn.PgError{Code: code}), "create person")
		var ae *account.Error
		if !errors.Is(err, account.ErrUnavailable) || !errors.As(err, &ae) || ae.Detail != want {
			t.Errorf("SQLSTATE %s: %v, want ErrUnavailable with %q", code, err, want)
		}
		var pe *pgconn.PgError
		if !errors.As(err, &pe) {
			t.Errorf("SQLSTATE %s: %v lost the driver's error", code, err)
		}
	}
}
