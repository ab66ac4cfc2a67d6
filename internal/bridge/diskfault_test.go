package bridge_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"modernc.org/sqlite"

	"github.com/scimbridge/scimbridge/internal/account"
	"github.com/scimbridge/scimbridge/internal/account/store"
)

// fullDBName is the file name of the SQLite databases that fill up: every
// connection to one caps it at fullDBPages pages (PRAGMA max_page_count,
// which holds per connection and is not stored in the file), and SQLite
// answers a write that needs another page as on a full disk: SQLITE_FULL,
// "database or disk is full".
const (
	fullDBName  = "full-account.db"
	fullDBPages = 64 // of 4 KiB: the schema, the account, its credentials (about 35) and some dozens of people
)

// The hook is registered before any test opens a connection: the driver
// reads its hooks without a lock.
func init() {
	sqlite.RegisterConnectionHook(func(c sqlite.ExecQuerierContext, dsn string) error {
		path, _, _ := strings.Cut(dsn, "?")
		if filepath.Base(path) != fullDBName {
			return nil
		}
		_, err := c.ExecContext(context.Background(), fmt.Sprintf("PRAGMA max_page_count = %d", fullDBPages), nil)
		return err
	})
}

func fullDSN(t testing.TB) string { return filepath.Join(t.TempDir(), fullDBName) }

// lockedLog is a log destination the servers' goroutines share.
type lockedLog struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestDiskFull provisions people until the account's database is full: the
// provider is told 503 with Retry-After, to try again later, reads go on,
// and the person of the failed create is not in the account, not even in
// part. The log says why, with SQLite's error.
func TestDiskFull(t *testing.T) {
	for _, top := range []topology{
		{name: "in-process/sqlite", dsn: fullDSN},
		{name: "remote/sqlite", remote: true, dsn: fullDSN},
	} {
		t.Run(top.name, func(t *testing.T) {
			logs := &lockedLog{}
			e := newEnv(t, top, envOptions{logs: logs})
			var (
				r        response
				userName string
				created  int
			)
			for ; created < 1000; created++ {
				userName = fmt.Sprintf("user%04d@example.com", created)
				r = e.req("POST", "/Users", fmt.Sprintf(`{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User",
					"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
					"userName":%[1]q,"externalId":"00u%04[2]d","displayName":"User %[2]d",
					"name":{"givenName":"User","familyName":"Number %[2]d"},
					"emails":[{"value":%[1]q,"type":"work","primary":true}],"title":"Engineer",
					"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"Engineering","employeeNumber":"%[2]d"}}`,
					userName, created))
				if r.status != http.StatusCreated {
					break
				}
			}
			if created == 0 {
				t.Fatalf("the database was full before the first person: %s", r.raw)
			}
			r.scimError(t, http.StatusServiceUnavailable, "")
			if s, err := strconv.Atoi(r.header.Get("Retry-After")); err != nil || s <= 0 {
				t.Errorf("Retry-After %q, want a number of seconds", r.header.Get("Retry-After"))
			}
			log := logs.String()
			for _, want := range []string{"the account database cannot be written (disk full or read-only)", "database or disk is full"} {
				if !strings.Contains(log, want) {
					t.Errorf("the log does not say %q", want)
				}
			}

			// Reads go on, and see everyone but the person who did not fit.
			if n := e.req("GET", "/Users?count=0", nil).must(t, http.StatusOK).total(t); n != created {
				t.Errorf("GET /Users: %d people, want %d", n, created)
			}
			filter := "/Users?filter=" + strings.ReplaceAll(fmt.Sprintf("userName eq %q", userName), " ", "%20")
			if n := e.req("GET", filter, nil).must(t, http.StatusOK).total(t); n != 0 {
				t.Errorf("GET /Users?filter=…%s: %d people", userName, n)
			}
			ctx := context.Background()
			if _, err := e.acct.Person(ctx, userName); !errors.Is(err, account.ErrNotFound) {
				t.Errorf("the account's %s: %v, want ErrNotFound", userName, err)
			}
			events, err := e.acct.Audit(ctx, store.AuditQuery{Limit: 1000})
			if err != nil {
				t.Fatal(err)
			}
			lastCreated := fmt.Sprintf("user%04d@example.com", created-1)
			audited := false
			for _, ev := range events {
				if ev.TargetName == userName {
					t.Errorf("an audit event of the failed create: %+v", ev)
				}
				audited = audited || ev.TargetName == lastCreated
			}
			if !audited {
				t.Errorf("no audit event of %s, the last person created", lastCreated)
			}
			t.Logf("%d people fit; then %s", created, r.raw)
		})
	}
}
