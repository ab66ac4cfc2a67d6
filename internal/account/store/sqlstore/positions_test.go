package sqlstore

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scimbridge/scimbridge/internal/account/store"
)

// TestPagePlans checks that a provider's page (no filter, creation order)
// reads the partial index, never the table, to count and to find where
// the page starts.
func TestPagePlans(t *testing.T) {
	s := openTestSQLite(t)
	for _, res := range []*resource{peopleResource, groupsResource} {
		for i, q := range []string{
			countQuery(res),
			strings.Replace(pageQuery(s.d, res, res.alias+".id"), "?", "1", 1),
			startsQuery(res), // it may sort its sample (one in 64), not the list
		} {
			plan := queryPlan(t, s, q, 64, 100, 10)
			text := strings.Join(plan, "; ")
			if !strings.Contains(text, res.table+"_") || !strings.Contains(text, "_seq") {
				t.Errorf("%s: the plan does not use the list's index: %s", q, text)
			}
			if strings.Contains(text, "TEMP B-TREE") && i < 2 {
				t.Errorf("%s: the plan sorts: %s", q, text)
			}
		}
	}
}

// TestPagesSeeAnotherProcessesWrites: two stores on one file (a bridge's
// account and the admin CLI, say): what one writes, the other's pages show
// at once, though it remembered positions from before.
func TestPagesSeeAnotherProcessesWrites(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "account.db")
	a, b := openTestSQLiteAt(t, path), openTestSQLiteAt(t, path)
	create := func(s *Store, from, to int) {
		t.Helper()
		err := s.Tx(ctx, func(tx store.Tx) error {
			for i := from; i < to; i++ {
				if err := tx.CreatePerson(ctx, person(fmt.Sprintf("p%04d", i), fmt.Sprintf("u%04d", i))); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	page := func(start int) (string, int) {
		t.Helper()
		got, total, err := a.ListPeople(ctx, store.Query{Scope: store.ScopeProvisioning, StartIndex: start, Count: 1})
		if err != nil || len(got) != 1 {
			t.Fatalf("page at %d: %v %v", start, got, err)
		}
		return got[0].ID, total
	}
	create(a, 0, 200)
	if id, total := page(150); id != "p0149" || total != 200 {
		t.Fatalf("before: %s of %d", id, total)
	}
	// b deletes the first ten and adds ten at the end.
	if err := b.Tx(ctx, func(tx store.Tx) error {
		for i := range 10 {
			if err := tx.DeletePerson(ctx, fmt.Sprintf("p%04d", i)); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	create(b, 200, 210)
	if id, total := page(150); id != "p0159" || total != 200 {
		t.Fatalf("after another store's writes: %s of %d, want p0159 of 200", id, total)
	}
	if id, _ := page(200); id != "p0209" {
		t.Fatalf("the last: %s", id)
	}
}
