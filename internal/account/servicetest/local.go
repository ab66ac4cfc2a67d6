package servicetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver, to create and drop test schemas

	"github.com/scimbridge/scimbridge/internal/account"
	"github.com/scimbridge/scimbridge/internal/account/local"
	"github.com/scimbridge/scimbridge/internal/account/store"
	"github.com/scimbridge/scimbridge/internal/account/store/sqlstore"
	"github.com/scimbridge/scimbridge/internal/scim"
)

// PostgresEnv names the variable that holds the postgres:// URL of a
// database the tests may create schemas in; without it the PostgreSQL
// tests skip.
const PostgresEnv = "SCIMBRIDGE_TEST_POSTGRES_URL"

// Local is a local account set up for tests: created, with an owner and a
// provisioning integration. It is the suite's Fixture for it, reaching the
// store directly as an administrator's tools would.
type Local struct {
	Account        *local.Account
	OwnerKey       string
	IntegrationID  string
	IntegrationKey string
}

var _ Fixture = (*Local)(nil)

// NewLocal creates an account named "Test account" over st and an
// integration in it.
func NewLocal(t testing.TB, st store.Store, opts local.Options) *Local {
	t.Helper()
	ctx := context.Background()
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	acct := local.New(st, opts)
	ownerKey, err := acct.Init(ctx, "Test account", "")
	if err != nil {
		t.Fatalf("Init: %v", err)
	}
	id, key, err := acct.CreateIntegration(ctx, "Test integration")
	if err != nil {
		t.Fatalf("CreateIntegration: %v", err)
	}
	return &Local{Account: acct, OwnerKey: ownerKey, IntegrationID: id, IntegrationKey: key}
}

// Service returns the account as its integration sees it.
func (l *Local) Service(t testing.TB) account.Service {
	t.Helper()
	svc, err := l.Account.Provisioning(context.Background(), l.IntegrationKey)
	if err != nil {
		t.Fatalf("Provisioning: %v", err)
	}
	return svc
}

// CreateUnmanagedGroup creates a group as an administrator would.
func (l *Local) CreateUnmanagedGroup(t testing.TB, name string, memberIDs ...string) string {
	t.Helper()
	now := time.Now().UTC().Truncate(time.Microsecond)
	g := account.Group{
		ID: account.NewID(), Attributes: map[string]any{"displayName": name}, Schemas: []string{scim.GroupSchema},
		Created: now, Modified: now, Version: 1,
	}
	g.Derive()
	err := l.Account.Store().Tx(context.Background(), func(tx store.Tx) error {
		if err := tx.CreateGroup(context.Background(), g); err != nil {
			return err
		}
		_, err := tx.AddMembers(context.Background(), g.ID, asMembers(memberIDs))
		return err
	})
	if err != nil {
		t.Fatalf("creating the unmanaged group %q: %v", name, err)
	}
	return g.ID
}

// MakeOwner puts the person in the Owners group.
func (l *Local) MakeOwner(t testing.TB, personID string) {
	t.Helper()
	err := l.Account.Store().Tx(context.Background(), func(tx store.Tx) error {
		owners, err := tx.GetGroupByKind(context.Background(), account.KindOwners)
		if err != nil {
			return err
		}
		_, err = tx.AddMembers(context.Background(), owners.ID, asMembers([]string{personID}))
		return err
	})
	if err != nil {
		t.Fatalf("making %s an owner: %v", personID, err)
	}
}

// AcceptInvitation accepts the person's invitation on their behalf.
func (l *Local) AcceptInvitation(t testing.TB, personID string) {
	t.Helper()
	if _, err := l.Account.AcceptInvitation(context.Background(), personID); err != nil {
		t.Fatalf("accepting the invitation of %s: %v", personID, err)
	}
}

func asMembers(ids []string) []account.Member {
	out := make([]account.Member, len(ids))
	for i, id := range ids {
		out[i] = account.Member{PersonID: id}
	}
	return out
}

// OpenSQLite opens a store in a new SQLite file, closed at the end of the
// test.
func OpenSQLite(t testing.TB) store.Store {
	t.Helper()
	st, err := sqlstore.Open(context.Background(), filepath.Join(t.TempDir(), "account.db"))
	if err != nil {
		t.Fatalf("sqlstore.Open: %v", err)
	}
	t.Cleanup(func() { _ = st.Close() })
	return st
}

// OpenPostgres opens a store in a new schema of the database PostgresEnv
// names, dropped at the end of the test; it skips the test when the
// variable is not set.
func OpenPostgres(t testing.TB) store.Store {
	t.Helper()
	base := os.Getenv(PostgresEnv)
	if base == "" {
		t.Skipf("set %s to a postgres:// URL to run the PostgreSQL tests", PostgresEnv)
	}
	ctx := context.Background()
	db, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("opening %s: %v", PostgresEnv, err)
	}
	var b [8]byte
	_, _ = rand.Read(b[:])
	schema := "scimbridge_test_" + hex.EncodeToString(b[:])
	if _, err := db.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		_ = db.Close()
		t.Fatalf("creating schema %s: %v", schema, err)
	}
	t.Cleanup(func() {
		if _, err := db.ExecContext(context.Background(), "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("dropping schema %s: %v", schema, err)
		}
		_ = db.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("%s is not a URL: %v", PostgresEnv, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	st, err := sqlstore.Open(ctx, u.String())
	if err != nil {
		t.Fatalf("sqlstore.Open(PostgreSQL): %v", err)
	}
	t.Cleanup(func() { _ = st.Close() })
	return st
}
