package conformance

import (
	"testing"

	"github.com/scimbridge/scimbridge/internal/account/store"
	"github.com/scimbridge/scimbridge/internal/scim"
	"github.com/scimbridge/scimbridge/internal/scim/filter"
	"github.com/scimbridge/scimbridge/internal/scim/schema"
)

// FuzzFilters checks a store's filters against filter.Match on random
// filters over the fixture directory: whatever parses must either be
// refused with an invalidFilter error (when the schema rejects it, or it
// names an attribute the store cannot query) or select exactly the people
// Match selects. A backend calls it from its own fuzz target; newStore opens
// one fresh store for the whole run.
func FuzzFilters(f *testing.F, newStore func(tb testing.TB) store.Store) {
	s := newStore(f)
	loadFixture(f, s)
	ctx := f.Context()
	people, _, err := s.ListPeople(ctx, store.Query{Scope: store.ScopeAll, Count: 100})
	if err != nil {
		f.Fatal(err)
	}
	groupsOf, err := s.GroupsOf(ctx, personIDs(people), store.ScopeProvisioning)
	if err != nil {
		f.Fatal(err)
	}
	docs := make([]map[string]any, len(people))
	for i, p := range people {
		docs[i] = personDoc(p, groupsOf[p.ID])
	}
	for _, tc := range peopleFilters {
		f.Add(tc.filter)
	}
	f.Fuzz(func(t *testing.T, src string) {
		e, err := filter.Parse(src)
		if err != nil {
			return
		}
		got, total, err := s.ListPeople(ctx, store.Query{Scope: store.ScopeAll, Filter: e, Count: 100})
		if checkErr := filter.Check(e, schema.Users); checkErr != nil || err != nil {
			if serr, ok := scim.AsError(err); !ok || serr.Status != 400 || serr.ScimType != scim.ErrInvalidFilter {
				t.Fatalf("%s: Check says %v, the store %v", src, checkErr, err)
			}
			return
		}
		var matched []string
		for i, doc := range docs {
			if ok, _ := filter.Match(e, doc, schema.Users); ok {
				matched = append(matched, people[i].ID)
			}
		}
		if !sameSet(personIDs(got), matched) || total != len(got) {
			t.Fatalf("%s: the store gives %q (total %d), filter.Match %q", src, personIDs(got), total, matched)
		}
	})
}
