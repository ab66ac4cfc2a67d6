package conformance

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/scimbridge/scimbridge/internal/account"
	"github.com/scimbridge/scimbridge/internal/account/store"
	"github.com/scimbridge/scimbridge/internal/scim"
	"github.com/scimbridge/scimbridge/internal/scim/filter"
)

func testPaging(t *testing.T, s store.Store) {
	ctx := t.Context()
	// Created in one order with creation times in another: the default
	// order is the order of creation in the store.
	var people []account.Person
	var all []string
	for i := range 7 {
		id := fmt.Sprintf("p-%d", i)
		people = append(people, simplePerson(id, fmt.Sprintf("user-%d", 6-i), epoch.Add(-time.Duration(i)*time.Hour)))
		all = append(all, id)
	}
	createPeople(t, s, people...)

	tests := []struct {
		start, count int
		want         []string
	}{
		{1, 100, all},
		{0, 3, all[:3]},  // below 1 counts as 1
		{-5, 2, all[:2]}, // likewise
		{1, 3, all[:3]},
		{4, 3, all[3:6]},
		{7, 3, all[6:]},
		{6, 10, all[5:]},
		{8, 3, nil}, // beyond the end
		{100, 3, nil},
		{1, 0, nil}, // only the total
		{3, 0, nil},
	}
	for _, tc := range tests {
		got, total, err := s.ListPeople(ctx, store.Query{Scope: store.ScopeAll, StartIndex: tc.start, Count: tc.count})
		if err != nil {
			t.Fatal(err)
		}
		if total != len(all) || !slices.Equal(personIDs(got), tc.want) && len(got)+len(tc.want) > 0 {
			t.Errorf("start %d count %d: %q total %d; want %q total %d", tc.start, tc.count, personIDs(got), total, tc.want, len(all))
		}
	}
	// Pages stay stable across calls and cover everyone once.
	var seen []string
	for start := 1; start <= len(all); start += 2 {
		got, _, err := s.ListPeople(ctx, store.Query{Scope: store.ScopeAll, StartIndex: start, Count: 2})
		if err != nil {
			t.Fatal(err)
		}
		seen = append(seen, personIDs(got)...)
	}
	if !slices.Equal(seen, all) {
		t.Errorf("pages of 2 give %q, want %q", seen, all)
	}
	// Full records come back from lists too.
	got, _, err := s.ListPeople(ctx, store.Query{Scope: store.ScopeAll, StartIndex: 2, Count: 1})
	if err != nil || len(got) != 1 {
		t.Fatalf("ListPeople = %v, %v", got, err)
	}
	samePerson(t, got[0], people[1])

	// Groups page the same way.
	var groups []account.Group
	for i := range 5 {
		groups = append(groups, groupFrom(fmt.Sprintf("g-%d", i), fmt.Sprintf("Group %d", 4-i), true, epoch))
	}
	createGroups(t, s, groups...)
	gs, total, err := s.ListGroups(ctx, store.Query{Scope: store.ScopeAll, StartIndex: 2, Count: 2})
	if err != nil || total != 5 || !slices.Equal(groupIDs(gs), []string{"g-1", "g-2"}) {
		t.Errorf("ListGroups = %q, %d, %v", groupIDs(gs), total, err)
	}
	sameGroup(t, gs[0], groups[1])
	if gs, total, err := s.ListGroups(ctx, store.Query{Scope: store.ScopeAll}); err != nil || total != 5 || len(gs) != 0 {
		t.Errorf("ListGroups with Count 0 = %d groups, %d, %v", len(gs), total, err)
	}
}

func mustPath(t testing.TB, s string) *filter.AttrPath {
	t.Helper()
	p, err := filter.ParseAttrPath(s)
	if err != nil {
		t.Fatal(err)
	}
	return &p
}

func mustFilter(t testing.TB, s string) filter.Expr {
	t.Helper()
	e, err := filter.Parse(s)
	if err != nil {
		t.Fatalf("Parse(%s): %v", s, err)
	}
	return e
}

func testSorting(t *testing.T, s store.Store) {
	ctx := t.Context()
	loadFixture(t, s)
	tests := []struct {
		by   string
		desc bool
		want []string
	}{
		// userName without regard to case, by code point (ü after z).
		{"userName", false, ids(1, 2, 3, 4, 6, 7, 8, 9, 10, 11, 12, 5)},
		{"USERNAME", true, ids(5, 12, 11, 10, 9, 8, 7, 6, 4, 3, 2, 1)},
		// Missing values last ascending, first descending; ties in
		// creation order whichever the direction.
		{"title", false, ids(4, 1, 2, 7, 3, 11, 10, 5, 6, 8, 9, 12)},
		{"title", true, ids(6, 8, 9, 12, 5, 10, 11, 3, 7, 1, 2, 4)},
		// caseExact: upper case before lower case.
		{"externalId", false, ids(1, 3, 4, 5, 12, 6, 7, 9, 10, 11, 2, 8)},
		{"meta.created", true, ids(12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1)},
		{"meta.lastModified", false, ids(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12)},
		{"name.familyName", false, ids(6, 1, 2, 3, 4, 7, 5, 8, 9, 10, 11, 12)}, // "" first
		{scim.EnterpriseUserSchema + ":department", false, ids(1, 2, 7, 3, 4, 5, 6, 8, 9, 10, 11, 12)},
		// Multi-valued: by the primary value, else the first.
		{"emails", false, ids(1, 2, 4, 6, 7, 9, 3, 5, 8, 10, 11, 12)},
		{"emails.value", true, ids(3, 5, 8, 10, 11, 12, 9, 7, 6, 4, 2, 1)},
		{"phoneNumbers.value", false, ids(1, 2, 6, 3, 4, 5, 7, 8, 9, 10, 11, 12)},
		// groups has no primary: the group joined first (managed only).
		{"groups", false, ids(1, 2, 7, 3, 4, 5, 6, 8, 9, 10, 11, 12)},
		// Every resource has the same resource type: the default order.
		{"meta.resourceType", false, ids(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12)},
		{"active", false, ids(2, 12, 1, 3, 4, 5, 6, 7, 8, 9, 10, 11)},
	}
	for _, tc := range tests {
		got, total, err := s.ListPeople(ctx, store.Query{Scope: store.ScopeAll, Count: 100, SortBy: mustPath(t, tc.by), Descending: tc.desc})
		if err != nil {
			t.Errorf("sort by %s: %v", tc.by, err)
			continue
		}
		if total != 12 || !slices.Equal(personIDs(got), tc.want) {
			t.Errorf("sort by %s (descending %v):\n got %q\nwant %q", tc.by, tc.desc, personIDs(got), tc.want)
		}
	}
	// Sorting and paging together.
	got, _, err := s.ListPeople(ctx, store.Query{Scope: store.ScopeAll, StartIndex: 3, Count: 2, SortBy: mustPath(t, "userName")})
	if err != nil || !slices.Equal(personIDs(got), ids(3, 4)) {
		t.Errorf("sorted page = %q, %v", personIDs(got), err)
	}
	gs, _, err := s.ListGroups(ctx, store.Query{Scope: store.ScopeAll, Count: 10, SortBy: mustPath(t, "displayName"), Descending: true})
	if err != nil || !slices.Equal(groupIDs(gs), []string{"g2", "g3", "g1", "g4"}) {
		t.Errorf("groups by displayName descending = %q, %v", groupIDs(gs), err)
	}
	for _, by := range []string{"nosuch", "name", "urn:example:nosuch:1.0:X:y"} {
		_, _, err := s.ListPeople(ctx, store.Query{Scope: store.ScopeAll, Count: 10, SortBy: mustPath(t, by)})
		if e, ok := scim.AsError(err); !ok || e.Status != 400 {
			t.Errorf("sort by %s: %v, want a 400 *scim.Error", by, err)
		}
	}
}

func testScope(t *testing.T, s store.Store) {
	ctx := t.Context()
	loadFixture(t, s)
	got, total, err := s.ListPeople(ctx, store.Query{Scope: store.ScopeProvisioning, Count: 100})
	if err != nil {
		t.Fatal(err)
	}
	want := ids(1, 2, 3, 5, 6, 7, 8, 9, 10, 11, 12) // p04 is not provisioned
	if total != len(want) || !slices.Equal(personIDs(got), want) {
		t.Errorf("provisioning sees %q (%d), want %q", personIDs(got), total, want)
	}
	got, total, err = s.ListPeople(ctx, store.Query{Scope: store.ScopeProvisioning, Count: 100, Filter: mustFilter(t, `userName sw "d"`)})
	if err != nil || total != 0 || len(got) != 0 {
		t.Errorf("provisioning finds the unprovisioned person: %q, %v", personIDs(got), err)
	}
	for _, tc := range []struct {
		scope  store.Scope
		state  account.State
		filter string
		want   []string
	}{
		{store.ScopeAll, account.StateSuspended, "", ids(2, 12)},
		{store.ScopeAll, account.StateInvited, "", ids(4)},
		{store.ScopeProvisioning, account.StateInvited, "", nil},
		{store.ScopeAll, account.StateSuspended, `userName pr`, ids(2, 12)},
	} {
		q := store.Query{Scope: tc.scope, State: tc.state, Count: 100}
		if tc.filter != "" {
			q.Filter = mustFilter(t, tc.filter)
		}
		got, total, err := s.ListPeople(ctx, q)
		if err != nil || total != len(tc.want) || !sameSet(personIDs(got), tc.want) {
			t.Errorf("people in state %s (scope %d, %q): %q (%d), %v; want %q", tc.state, tc.scope, tc.filter, personIDs(got), total, err, tc.want)
		}
	}
	gs, total, err := s.ListGroups(ctx, store.Query{Scope: store.ScopeProvisioning, Count: 100})
	if err != nil || total != 3 || !slices.Equal(groupIDs(gs), []string{"g1", "g2", "g4"}) {
		t.Errorf("provisioning sees groups %q (%d), %v", groupIDs(gs), total, err)
	}
	gs, total, err = s.ListGroups(ctx, store.Query{Scope: store.ScopeAll, Count: 100})
	if err != nil || total != 4 || len(gs) != 4 {
		t.Errorf("all groups: %q (%d), %v", groupIDs(gs), total, err)
	}
	// Provisioning does not see p04 among the members of g2.
	for _, tc := range []struct {
		scope  store.Scope
		filter string
		want   []string
	}{
		{store.ScopeProvisioning, `members.value eq "p04"`, nil},
		{store.ScopeAll, `members.value eq "p04"`, []string{"g2"}},
		{store.ScopeProvisioning, `members[value eq "p02"] and members[value eq "p03"]`, []string{"g2"}},
		{store.ScopeProvisioning, `members.display eq "dave d"`, nil},
		{store.ScopeAll, `members.display eq "dave d"`, []string{"g2"}},
	} {
		gs, _, err := s.ListGroups(ctx, store.Query{Scope: tc.scope, Count: 100, Filter: mustFilter(t, tc.filter)})
		if err != nil || !sameSet(groupIDs(gs), tc.want) {
			t.Errorf("scope %v, %s: %q, %v; want %q", tc.scope, tc.filter, groupIDs(gs), err, tc.want)
		}
	}
}
