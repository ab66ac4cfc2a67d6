package conformance

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/scimbridge/scimbridge/internal/account"
	"github.com/scimbridge/scimbridge/internal/account/store"
)

// testPagingThroughChanges pages the provisioning view the way providers
// do (no filter, creation order) across a few hundred people, some not
// provisioned, before and after deletions, people leaving and joining the
// view, and new people: every page is the slice of the view it should be,
// with the right total. (Stores may remember where pages start; this is
// what keeps them honest.)
func testPagingThroughChanges(t *testing.T, s store.Store) {
	ctx := t.Context()
	var people []account.Person
	for i := range 300 {
		p := simplePerson(fmt.Sprintf("p-%03d", i), fmt.Sprintf("user-%03d", i), epoch.Add(time.Duration(i)*time.Second))
		p.Provisioned = i%7 != 3
		people = append(people, p)
	}
	createPeople(t, s, people...)
	provisioned := map[string]bool{}
	order := []string{}
	for _, p := range people {
		provisioned[p.ID] = p.Provisioned
		order = append(order, p.ID)
	}
	check := func(when string) {
		t.Helper()
		var view []string
		for _, id := range order {
			if provisioned[id] {
				view = append(view, id)
			}
		}
		for _, start := range []int{1, 2, 63, 64, 65, 66, 127, 128, 129, 200, len(view) - 1, len(view), len(view) + 1, len(view) + 100} {
			for _, count := range []int{1, 10, 100} {
				got, total, err := s.ListPeople(ctx, store.Query{Scope: store.ScopeProvisioning, StartIndex: start, Count: count})
				if err != nil {
					t.Fatal(err)
				}
				var want []string
				if start-1 < len(view) {
					want = view[start-1 : min(start-1+count, len(view))]
				}
				if total != len(view) || !slices.Equal(personIDs(got), want) && len(got)+len(want) > 0 {
					t.Errorf("%s: start %d count %d: %v total %d; want %v total %d", when, start, count, personIDs(got), total, want, len(view))
				}
			}
		}
	}
	check("at first")

	mustTx(t, s, func(tx store.Tx) error {
		for i := range 10 { // deletions at the start
			if err := tx.DeletePerson(ctx, fmt.Sprintf("p-%03d", i)); err != nil {
				return err
			}
			delete(provisioned, fmt.Sprintf("p-%03d", i))
		}
		for _, id := range []string{"p-100", "p-101", "p-150", "p-200", "p-299", "p-003", "p-010"} { // leave and join the view
			p, err := tx.LockPerson(ctx, id)
			if err != nil {
				if id == "p-003" { // deleted above
					continue
				}
				return err
			}
			p.Provisioned = !p.Provisioned
			provisioned[id] = p.Provisioned
			if err := tx.UpdatePerson(ctx, p); err != nil {
				return err
			}
		}
		return nil
	})
	var more []account.Person
	for i := 300; i < 320; i++ {
		p := simplePerson(fmt.Sprintf("p-%03d", i), fmt.Sprintf("user-%03d", i), epoch)
		more = append(more, p)
		provisioned[p.ID] = true
		order = append(order, p.ID)
	}
	createPeople(t, s, more...)
	check("after changes")
}
