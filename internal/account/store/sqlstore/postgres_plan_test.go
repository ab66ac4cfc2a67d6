package sqlstore

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/scimbridge/scimbridge/internal/account"
	"github.com/scimbridge/scimbridge/internal/account/store"
)

// TestPostgresPlans checks, with PostgreSQL's plans on tables never
// analysed (as after a bulk load, before autovacuum), what made the
// account service slow under load: JIT compiling deep pages, a page's
// select list computed for every row its OFFSET skips, and GroupsOf
// hashing every membership to find a page's.
func TestPostgresPlans(t *testing.T) {
	s := openTestPostgres(t)
	ctx := t.Context()

	var jit string
	if err := s.readers.QueryRowContext(ctx, "SHOW jit").Scan(&jit); err != nil {
		t.Fatal(err)
	}
	if jit != "off" {
		t.Errorf("jit = %q on the store's connections, want off", jit)
	}

	const people, offset, count = 10000, 9000, 50
	ids := make([]string, people)
	members := make([]account.Member, people)
	err := s.Tx(ctx, func(tx store.Tx) error {
		for i := range ids {
			ids[i] = fmt.Sprintf("p%05d", i)
			members[i] = account.Member{PersonID: ids[i]}
			if err := tx.CreatePerson(ctx, person(ids[i], fmt.Sprintf("u%05d", i))); err != nil {
				return err
			}
		}
		now := time.Now()
		if err := tx.CreateGroup(ctx, account.Group{ID: "g", DisplayName: "G", Managed: true, Created: now, Modified: now, Version: 1}); err != nil {
			return err
		}
		_, err := tx.AddMembers(ctx, "g", members)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}

	explain := func(q string, args ...any) string {
		t.Helper()
		rows, err := s.readers.QueryContext(ctx, "EXPLAIN ANALYZE "+rebindDollar(q), args...)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var lines []string
		for rows.Next() {
			var l string
			if err := rows.Scan(&l); err != nil {
				t.Fatal(err)
			}
			lines = append(lines, l)
		}
		return strings.Join(lines, "\n")
	}

	// A page deep in the list looks the emails up for its own rows only.
	res := peopleResource
	cond, args, err := where(s.d, res, store.Query{Scope: store.ScopeProvisioning})
	if err != nil {
		t.Fatal(err)
	}
	from := " FROM " + res.table + " " + res.alias + " WHERE " + cond
	q := pageStatement(s.d, res, from, res.alias+".seq", personColumns+", "+s.d.emailsAgg("p.id"))
	plan := explain(q, append(append(args, args...), count, offset)...)
	loops := regexp.MustCompile(`person_emails.*loops=(\d+)`).FindAllStringSubmatch(plan, -1)
	if len(loops) == 0 {
		t.Fatalf("no lookup of person_emails in the plan:\n%s", plan)
	}
	for _, m := range loops {
		if n, _ := strconv.Atoi(m[1]); n > count {
			t.Errorf("the page of %d at %d looks emails up %d times:\n%s", count, offset, n, plan)
		}
	}

	// GroupsOf a page finds its memberships by index.
	if got, err := s.GroupsOf(ctx, ids[:count], store.ScopeProvisioning); err != nil || len(got) != count {
		t.Fatalf("GroupsOf = %d people, %v", len(got), err)
	}
	plan = explain("SELECT m.person_id FROM memberships m WHERE "+s.d.inList("m.person_id"), jsonList(ids[:count]))
	if strings.Contains(plan, "Seq Scan on memberships") {
		t.Errorf("GroupsOf reads every membership:\n%s", plan)
	}
}
