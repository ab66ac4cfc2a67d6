package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/scimbridge/scimbridge/internal/account"
	"github.com/scimbridge/scimbridge/internal/account/store"
)

func person(id, userName string) account.Person {
	now := time.Now()
	return account.Person{ID: id, UserName: userName, State: account.StateInvited, Provisioned: true, Created: now, Modified: now, Version: 1}
}

func createPerson(ctx context.Context, s store.Store, p account.Person) error {
	return s.Tx(ctx, func(tx store.Tx) error { return tx.CreatePerson(ctx, p) })
}

// TestTwoHandles opens one SQLite file twice, as the server and the admin
// CLI do: each sees the other's writes, and their writers take turns.
func TestTwoHandles(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "data", "account.db")
	a, b := openTestSQLiteAt(t, path), openTestSQLiteAt(t, path)

	if err := createPerson(ctx, a, person("p-a", "from-a")); err != nil {
		t.Fatal(err)
	}
	if p, err := b.GetPersonByUserName(ctx, "FROM-A"); err != nil || p.ID != "p-a" {
		t.Fatalf("b reads a's person: %v, %v", p.ID, err)
	}
	if err := createPerson(ctx, b, person("p-b", "from-b")); err != nil {
		t.Fatal(err)
	}
	if p, err := a.GetPerson(ctx, "p-b"); err != nil || p.UserName != "from-b" {
		t.Fatalf("a reads b's person: %v, %v", p.UserName, err)
	}
	if err := createPerson(ctx, b, person("p-x", "From-A")); !errors.Is(err, account.ErrAlreadyExists) {
		t.Fatalf("b creating a's userName: %v", err)
	}

	// Both write at once while a reader keeps reading.
	const each = 40
	var writers, readers sync.WaitGroup
	errs := make(chan error, 3)
	done := make(chan struct{})
	readers.Go(func() {
		for {
			select {
			case <-done:
				return
			default:
			}
			if _, _, err := a.ListPeople(ctx, store.Query{Scope: store.ScopeAll, Count: 5}); err != nil {
				errs <- err
				return
			}
		}
	})
	for _, s := range []*Store{a, b} {
		writers.Go(func() {
			for i := range each {
				id := fmt.Sprintf("%p-%d", s, i)
				if err := createPerson(ctx, s, person(id, id)); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	writers.Wait()
	close(done)
	readers.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	_, n, err := a.ListPeople(ctx, store.Query{Scope: store.ScopeAll})
	if err != nil || n != 2+2*each {
		t.Fatalf("a counts %d people, want %d (%v)", n, 2+2*each, err)
	}
}

// TestOpenTwice checks that opening a migrated database again changes
// nothing, and that on PostgreSQL two processes may migrate at once.
func TestOpenTwice(t *testing.T) {
	ctx := t.Context()
	t.Run("sqlite", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "account.db")
		s, err := Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		if err := createPerson(ctx, s, person("p-1", "one")); err != nil {
			t.Fatal(err)
		}
		v1 := schemaVersion(t, s)
		s.Close()
		s, err = Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		if v := schemaVersion(t, s); v != v1 || v < 1 {
			t.Errorf("schema version %d after reopening, was %d", v, v1)
		}
		if _, err := s.GetPerson(ctx, "p-1"); err != nil {
			t.Errorf("data lost on reopening: %v", err)
		}
	})
	t.Run("postgres", func(t *testing.T) {
		dsn := testPostgresDSN(t)
		var wg sync.WaitGroup
		stores := make([]*Store, 4)
		errs := make([]error, len(stores))
		for i := range stores {
			wg.Go(func() { stores[i], errs[i] = Open(ctx, dsn) })
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Fatalf("concurrent Open %d: %v", i, err)
			}
			defer stores[i].Close()
		}
		if err := createPerson(ctx, stores[0], person("p-1", "one")); err != nil {
			t.Fatal(err)
		}
		if _, err := stores[3].GetPerson(ctx, "p-1"); err != nil {
			t.Fatal(err)
		}
		if v := schemaVersion(t, stores[1]); v < 1 {
			t.Errorf("schema version %d", v)
		}
	})
}

func schemaVersion(t *testing.T, s *Store) int64 {
	t.Helper()
	var v int64
	if err := s.readers.QueryRowContext(t.Context(), "SELECT MAX(version_id) FROM goose_db_version").Scan(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

func TestOpenErrors(t *testing.T) {
	ctx := t.Context()
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, dsn := range []string{"", "file:account.db", filepath.Join(dir, "a?b.db"), filepath.Join(file, "sub", "account.db")} {
		if s, err := Open(ctx, dsn); err == nil {
			s.Close()
			t.Errorf("Open(%q) succeeded", dsn)
		}
	}
	// Nothing listens on port 1.
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	_, err := Open(ctx, "postgres://postgres@127.0.0.1:1/none?sslmode=disable&connect_timeout=5")
	if !errors.Is(err, account.ErrUnavailable) {
		t.Errorf("Open of an unreachable server: %v, want ErrUnavailable", err)
	}
	var ae *account.Error
	if !errors.As(err, &ae) || ae.Detail == "" {
		t.Errorf("Open of an unreachable server: %v has no *account.Error", err)
	}
}

func TestDialect(t *testing.T) {
	for _, b := range backends() {
		t.Run(b.name, func(t *testing.T) {
			if got := b.open(t).Dialect(); got != b.name {
				t.Errorf("Dialect() = %q", got)
			}
		})
	}
}

// TestSQLitePragmas checks the settings every SQLite connection runs with.
func TestSQLitePragmas(t *testing.T) {
	s := openTestSQLite(t)
	ctx := t.Context()
	check := func(db interface {
		QueryRowContext(context.Context, string, ...any) *sql.Row
	}, pragma string, want any) {
		t.Helper()
		var got any
		if err := db.QueryRowContext(ctx, "PRAGMA "+pragma).Scan(&got); err != nil {
			t.Fatalf("PRAGMA %s: %v", pragma, err)
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("PRAGMA %s = %v, want %v", pragma, got, want)
		}
	}
	for name, db := range map[string]*sql.DB{"writer": s.writer, "reader": s.readers} {
		t.Run(name, func(t *testing.T) {
			check(db, "journal_mode", "wal")
			check(db, "foreign_keys", 1)
			check(db, "busy_timeout", 10000)
			check(db, "synchronous", 1) // NORMAL
			check(db, "query_only", map[string]int{"writer": 0, "reader": 1}[name])
		})
	}
	// The writer resets the WAL, and cuts it back to walSizeLimit then;
	// the checkpointer, not the writer, copies it into the database.
	check(s.writer, "journal_size_limit", walSizeLimit)
	check(s.writer, "wal_autocheckpoint", 0)
	if err := s.readers.QueryRowContext(ctx, "SELECT 1").Err(); err != nil {
		t.Fatal(err)
	}
	if _, err := s.readers.ExecContext(ctx, "DELETE FROM people"); err == nil {
		t.Error("a reader connection can write")
	}
}
