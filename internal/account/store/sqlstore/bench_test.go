package sqlstore

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/scimbridge/scimbridge/internal/account"
	"github.com/scimbridge/scimbridge/internal/account/store"
	"github.com/scimbridge/scimbridge/internal/scim"
	"github.com/scimbridge/scimbridge/internal/scim/filter"
	"github.com/scimbridge/scimbridge/internal/scim/quirks"
	"github.com/scimbridge/scimbridge/internal/scim/schema"
)

const benchPeople = 10_000

// benchPerson is a provisioned person as an identity provider sends them.
func benchPerson(i int) account.Person {
	userName := fmt.Sprintf("User%05d@Example.com", i)
	email := fmt.Sprintf("user%05d@example.com", i)
	p := account.Person{
		ID: account.NewID(), State: account.StateActive, Provisioned: true,
		Schemas: []string{scim.UserSchema, scim.EnterpriseUserSchema},
		Attributes: map[string]any{
			"userName": userName, "externalId": fmt.Sprintf("00u%07d", i), "displayName": fmt.Sprintf("User %d", i),
			"name":                    map[string]any{"givenName": "User", "familyName": fmt.Sprint(i)},
			"emails":                  []any{map[string]any{"value": email, "type": "work", "primary": true}},
			"title":                   "Engineer",
			scim.EnterpriseUserSchema: map[string]any{"department": "Engineering", "employeeNumber": fmt.Sprint(i)},
		},
		Created: time.Now(), Modified: time.Now(), Version: 1,
	}
	p.Derive()
	return p
}

// fill creates n people in batches.
func fill(b *testing.B, s *Store, n int) []string {
	b.Helper()
	ids := make([]string, 0, n)
	for start := 0; start < n; start += 1000 {
		err := s.Tx(b.Context(), func(tx store.Tx) error {
			for i := start; i < min(start+1000, n); i++ {
				p := benchPerson(i)
				if err := tx.CreatePerson(b.Context(), p); err != nil {
					return err
				}
				ids = append(ids, p.ID)
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	return ids
}

func BenchmarkGetPersonByUserName(b *testing.B) {
	for _, be := range backends() {
		b.Run(be.name, func(b *testing.B) {
			s := be.open(b)
			fill(b, s, benchPeople)
			i := 0
			for b.Loop() {
				name := fmt.Sprintf("user%05d@example.COM", i*7919%benchPeople)
				if _, err := s.GetPersonByUserName(b.Context(), name); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
}

func BenchmarkListPeopleFilterUserName(b *testing.B) {
	for _, be := range backends() {
		b.Run(be.name, func(b *testing.B) {
			s := be.open(b)
			fill(b, s, benchPeople)
			filters := make([]filter.Expr, 100)
			for i := range filters {
				e, err := filter.Parse(fmt.Sprintf(`userName eq "USER%05d@example.com"`, i*97))
				if err != nil {
					b.Fatal(err)
				}
				filters[i] = e
			}
			i := 0
			for b.Loop() {
				people, total, err := s.ListPeople(b.Context(), store.Query{Filter: filters[i%len(filters)], Count: 100})
				if err != nil || total != 1 || len(people) != 1 {
					b.Fatalf("ListPeople = %d people, total %d, %v", len(people), total, err)
				}
				i++
			}
		})
	}
}

func BenchmarkCreatePerson(b *testing.B) {
	for _, be := range backends() {
		b.Run(be.name, func(b *testing.B) {
			s := be.open(b)
			i := 0
			for b.Loop() {
				p := benchPerson(i)
				if err := s.Tx(b.Context(), func(tx store.Tx) error { return tx.CreatePerson(b.Context(), p) }); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
}

// BenchmarkAddMember adds one person to a group per transaction, the way the
// account does it: lock the group, add, bump its version.
func BenchmarkAddMember(b *testing.B) {
	for _, be := range backends() {
		b.Run(be.name, func(b *testing.B) {
			s := be.open(b)
			ids := fill(b, s, benchPeople)
			var group string
			i := 0
			for b.Loop() {
				if i%benchPeople == 0 { // a new group every 10,000 members
					g := account.Group{ID: account.NewID(), DisplayName: fmt.Sprint("Group ", i), Managed: true, Created: time.Now(), Modified: time.Now()}
					if err := s.Tx(b.Context(), func(tx store.Tx) error { return tx.CreateGroup(b.Context(), g) }); err != nil {
						b.Fatal(err)
					}
					group = g.ID
				}
				err := s.Tx(b.Context(), func(tx store.Tx) error {
					g, err := tx.LockGroup(b.Context(), group)
					if err != nil {
						return err
					}
					if _, err := tx.AddMembers(b.Context(), group, []account.Member{{PersonID: ids[i%benchPeople]}}); err != nil {
						return err
					}
					g.Version++
					return tx.UpdateGroup(b.Context(), g)
				})
				if err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
}

// The filter benchmarks run among filterPeople people (benchPerson: userName
// User01234@Example.com, a work email user01234@example.com, familyName
// "1234"), looking up different people in turn. They share one store per
// backend, seeded once (seededStore), which TestMain removes.
const filterPeople = 100_000

var shared = struct {
	sync.Mutex
	stores map[string]*Store // by backend
	remove []func()
}{stores: map[string]*Store{}}

// TestMain removes the stores the benchmarks shared.
func TestMain(m *testing.M) {
	code := m.Run()
	for _, f := range shared.remove {
		f()
	}
	os.Exit(code)
}

// seededStore is the backend's store of filterPeople people.
func seededStore(b *testing.B, backend string) *Store {
	b.Helper()
	if testing.Short() {
		b.Skip("seeding 100,000 people takes seconds")
	}
	shared.Lock()
	defer shared.Unlock()
	if s := shared.stores[backend]; s != nil {
		return s
	}
	var dsn string
	switch backend {
	case "sqlite":
		dir, err := os.MkdirTemp("", "sqlstore-bench-")
		if err != nil {
			b.Fatal(err)
		}
		shared.remove = append(shared.remove, func() { os.RemoveAll(dir) })
		dsn = filepath.Join(dir, "account.db")
	case "postgres":
		dsn = benchPostgresSchema(b)
	}
	s, err := Open(b.Context(), dsn)
	if err != nil {
		b.Fatal(err)
	}
	// Closed before the removals registered earlier.
	shared.remove = append([]func(){func() { s.Close() }}, shared.remove...)
	seed(b, s, filterPeople)
	shared.stores[backend] = s
	return s
}

// benchPostgresSchema is testPostgresDSN for a schema that outlives the
// benchmark: TestMain drops it.
func benchPostgresSchema(b *testing.B) string {
	base := os.Getenv(postgresEnv)
	if base == "" {
		b.Skipf("PostgreSQL benchmarks need %s", postgresEnv)
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		b.Fatal(err)
	}
	var r [8]byte
	rand.Read(r[:])
	name := "bench_" + hex.EncodeToString(r[:])
	if _, err := admin.Exec("CREATE SCHEMA " + name); err != nil {
		admin.Close()
		b.Fatal(err)
	}
	shared.remove = append(shared.remove, func() {
		if _, err := admin.Exec("DROP SCHEMA " + name + " CASCADE"); err != nil {
			fmt.Fprintf(os.Stderr, "drop schema %s: %v\n", name, err)
		}
		admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		b.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", name)
	u.RawQuery = q.Encode()
	return u.String()
}

// seed writes n people (benchPerson) straight into the tables, with the
// values CreatePerson writes (personArgs), 500 to a statement and all in one
// transaction: CreatePerson one at a time takes minutes for 100,000 on
// PostgreSQL.
func seed(b *testing.B, s *Store, n int) {
	b.Helper()
	start := time.Now()
	ctx := context.Background()
	tx, err := s.writer.BeginTx(ctx, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer tx.Rollback()
	const perStatement = 500 // 20 columns: 10,000 placeholders, under both databases' limits
	for first := 0; first < n; first += perStatement {
		var people, emails []any
		for i := first; i < min(first+perStatement, n); i++ {
			p := benchPerson(i)
			args, err := personArgs(p)
			if err != nil {
				b.Fatal(err)
			}
			people = append(append(people, p.ID), args...)
			for j, e := range p.Emails {
				emails = append(emails, p.ID, j, e.Value, foldString(e.Value), nullString(e.Type), key(e.Type), e.Primary)
			}
		}
		for _, ins := range []struct {
			into string
			cols int
			args []any
		}{
			{"people (id, " + personWriteColumns + ")", 1 + strings.Count(personWriteColumns, ",") + 1, people},
			{"person_emails (person_id, ord, value, value_key, type, type_key, is_primary)", 7, emails},
		} {
			row := "(?" + strings.Repeat(", ?", ins.cols-1) + ")"
			q := "INSERT INTO " + ins.into + " VALUES " + row + strings.Repeat(", "+row, len(ins.args)/ins.cols-1)
			if _, err := tx.ExecContext(ctx, s.d.rebind(q), ins.args...); err != nil {
				b.Fatal(err)
			}
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	if s.d.name() == "postgres" { // statistics, as autovacuum would gather them
		if _, err := s.writer.ExecContext(ctx, "ANALYZE"); err != nil {
			b.Fatal(err)
		}
	}
	b.Logf("seeded %d people in %v", n, time.Since(start).Round(time.Millisecond))
}

// benchFilters lists people with each filter in turn, as the bridge lists
// /Users, and checks that each finds want people.
func benchFilters(b *testing.B, filters []string, want int) {
	exprs := make([]filter.Expr, len(filters))
	for i, f := range filters {
		e, err := filter.Parse(f)
		if err != nil {
			b.Fatalf("%s: %v", f, err)
		}
		exprs[i] = e
	}
	for _, be := range backends() {
		b.Run(be.name, func(b *testing.B) {
			s := seededStore(b, be.name)
			i := 0
			for b.Loop() {
				q := store.Query{Scope: store.ScopeProvisioning, Filter: exprs[i%len(exprs)], Count: 100}
				people, total, err := s.ListPeople(b.Context(), q)
				if err != nil || total != want || len(people) != want {
					b.Fatalf("%s: %d people, total %d, %v; want %d", filters[i%len(filters)], len(people), total, err, want)
				}
				i++
			}
		})
	}
}

// spread formats 100 filters for person numbers spread over filterPeople.
func spread(format string, f func(i int) any) []string {
	out := make([]string, 100)
	for i := range out {
		out[i] = fmt.Sprintf(format, f(i*7919%filterPeople))
	}
	return out
}

// BenchmarkLookupUserName is GetPersonByUserName among filterPeople.
func BenchmarkLookupUserName(b *testing.B) {
	for _, be := range backends() {
		b.Run(be.name, func(b *testing.B) {
			s := seededStore(b, be.name)
			i := 0
			for b.Loop() {
				name := fmt.Sprintf("user%05d@example.COM", i*7919%filterPeople)
				if _, err := s.GetPersonByUserName(b.Context(), name); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
}

// BenchmarkFilterUserName is the lookup every provider makes
// (filter=userName eq "…"), for comparison with the filters below.
func BenchmarkFilterUserName(b *testing.B) {
	benchFilters(b, spread(`userName eq "USER%05d@example.com"`, func(i int) any { return i }), 1)
}

// BenchmarkFilterEmailTypeWork is Entra ID's
// filter=emails[type eq "work"].value eq "…", which the bridge normalises
// (entra-filter-sub-attribute) to emails[(type eq "work") and value eq "…"]
// before the store sees it.
func BenchmarkFilterEmailTypeWork(b *testing.B) {
	filters := spread(`emails[type eq "work"].value eq "User%05d@example.com"`, func(i int) any { return i })
	for i, f := range filters {
		r := &quirks.Request{Kind: quirks.Query, Resource: schema.Users, Provider: quirks.EntraID, Filter: f}
		quirks.Normalize(r)
		filters[i] = r.Filter
	}
	benchFilters(b, filters, 1)
}

// BenchmarkFilterFamilyNameSw is filter=name.familyName sw "…" with 4
// digits of the 5-digit numbers, which 11 people have (1234, and 12340 to
// 12349).
func BenchmarkFilterFamilyNameSw(b *testing.B) {
	benchFilters(b, spread(`name.familyName sw "%d"`, func(i int) any { return 1000 + i%9000 }), 11)
}

// BenchmarkFilterFamilyNameEq is filter=name.familyName eq "…", which one
// person matches: the same index as sw, with as many people found as the
// userName lookup, so the two compare directly.
func BenchmarkFilterFamilyNameEq(b *testing.B) {
	benchFilters(b, spread(`name.familyName eq "%d"`, func(i int) any { return i }), 1)
}
