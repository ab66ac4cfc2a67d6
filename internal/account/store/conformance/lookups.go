package conformance

import (
	"slices"
	"testing"

	"github.com/scimbridge/scimbridge/internal/account"
	"github.com/scimbridge/scimbridge/internal/account/store"
)

// testLookups checks the filters that match one resource at most (an
// equality on id or on a unique key), which a store may answer without
// paging: the page and the total must still be those of the whole list.
func testLookups(t *testing.T, s store.Store) {
	ctx := t.Context()
	loadFixture(t, s)
	for _, tc := range []struct {
		scope       store.Scope
		state       account.State
		filter      string
		start, n    int
		want        []string
		wantTotal   int
		description string
	}{
		{store.ScopeProvisioning, "", `userName eq "bob@EXAMPLE.com"`, 1, 10, ids(2), 1, "userName without regard to case"},
		{store.ScopeProvisioning, "", `USERNAME eq "carol"`, 1, 10, ids(3), 1, "the attribute's name without regard to case"},
		{store.ScopeProvisioning, "", `urn:ietf:params:scim:schemas:core:2.0:User:userName eq "carol"`, 1, 10, ids(3), 1, "with the schema's URN"},
		{store.ScopeProvisioning, "", `userName eq "carol"`, 2, 10, nil, 1, "a page after the only match"},
		{store.ScopeProvisioning, "", `userName eq "carol"`, 1, 0, nil, 1, "count=0 gives the total only"},
		{store.ScopeProvisioning, "", `userName eq "nobody"`, 1, 10, nil, 0, "no match"},
		{store.ScopeProvisioning, "", `userName eq "Dave@Example.com"`, 1, 10, nil, 0, "a person provisioning does not see"},
		{store.ScopeAll, "", `userName eq "dave@example.com"`, 1, 10, ids(4), 1, "the same person, seen by all"},
		{store.ScopeAll, account.StateActive, `userName eq "BOB@example.com"`, 1, 10, nil, 0, "a state the person is not in"},
		{store.ScopeAll, account.StateSuspended, `userName eq "BOB@example.com"`, 1, 10, ids(2), 1, "the state the person is in"},
		{store.ScopeProvisioning, "", `id eq "p05"`, 1, 10, ids(5), 1, "by id"},
		{store.ScopeProvisioning, "", `id eq "P05"`, 1, 10, nil, 0, "ids are case-exact"},
	} {
		q := store.Query{Scope: tc.scope, State: tc.state, StartIndex: tc.start, Count: tc.n, Filter: mustFilter(t, tc.filter)}
		got, total, err := s.ListPeople(ctx, q)
		if err != nil || total != tc.wantTotal || !slices.Equal(personIDs(got), tc.want) {
			t.Errorf("%s (%s, from %d, count %d): %q (total %d), %v; want %q (total %d)",
				tc.description, tc.filter, tc.start, tc.n, personIDs(got), total, err, tc.want, tc.wantTotal)
		}
	}
	for _, tc := range []struct {
		scope     store.Scope
		filter    string
		want      []string
		wantTotal int
	}{
		{store.ScopeProvisioning, `displayName eq "sales"`, []string{"g2"}, 1},
		{store.ScopeProvisioning, `displayName eq "legacy"`, nil, 0}, // not managed
		{store.ScopeAll, `displayName eq "LEGACY"`, []string{"g3"}, 1},
		{store.ScopeProvisioning, `id eq "g4"`, []string{"g4"}, 1},
	} {
		got, total, err := s.ListGroups(ctx, store.Query{Scope: tc.scope, Count: 10, Filter: mustFilter(t, tc.filter)})
		if err != nil || total != tc.wantTotal || !slices.Equal(groupIDs(got), tc.want) {
			t.Errorf("groups %s (scope %d): %q (total %d), %v; want %q (total %d)", tc.filter, tc.scope, groupIDs(got), total, err, tc.want, tc.wantTotal)
		}
	}
}
