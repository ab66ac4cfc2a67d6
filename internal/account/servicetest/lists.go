package servicetest

import (
	"net/http"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/scimbridge/scimbridge/internal/account"
	"github.com/scimbridge/scimbridge/internal/scim"
	"github.com/scimbridge/scimbridge/internal/scim/filter"
)

// fivePeople creates ann, bob, cat, dan and eve, in that order.
func fivePeople(t *testing.T, svc account.Service) []account.Person {
	docs := []map[string]any{
		user("ann@example.com", "externalId", "e-ann", "displayName", "Ann"),
		user("bob@example.com", "externalId", "e-bob", "emails", []any{map[string]any{"value": "bob@work.example", "type": "work"}}),
		user("cat@example.com", "emails", []any{map[string]any{"value": "cat@example.com", "primary": true}}),
		user("dan@example.com", "active", false),
		user("eve@example.com", "externalId", "e-eve"),
	}
	people := make([]account.Person, len(docs))
	for i, d := range docs {
		people[i] = createPerson(t, svc, d)
	}
	return people
}

func testListPeopleFilters(t *testing.T, svc account.Service, _ Fixture) {
	p := fivePeople(t, svc)
	ann, bob, cat, dan, eve := p[0], p[1], p[2], p[3], p[4]
	// meta.created is compared with what the account recorded, so the test
	// holds however fast the people were created.
	after := func(t0 time.Time) []string {
		var out []string
		for _, x := range p {
			if x.Created.After(t0) {
				out = append(out, x.ID)
			}
		}
		return out
	}
	tests := []struct {
		filter string
		want   []string
	}{
		{`userName eq "bob@example.com"`, []string{bob.ID}},
		{`userName eq "BOB@EXAMPLE.COM"`, []string{bob.ID}},
		{`USERNAME Eq "Bob@Example.com"`, []string{bob.ID}},
		{`userName eq "nobody@example.com"`, nil},
		{`emails.value eq "bob@work.example"`, []string{bob.ID}},
		{`emails[value eq "cat@example.com"]`, []string{cat.ID}},
		{`externalId eq "e-ann"`, []string{ann.ID}},
		{`externalId eq "e-eve" or externalId eq "e-ann"`, []string{ann.ID, eve.ID}},
		{`externalId pr`, []string{ann.ID, bob.ID, eve.ID}},
		{`userName sw "c" or userName sw "d"`, []string{cat.ID, dan.ID}},
		{`active eq false`, []string{dan.ID}},
		{`meta.created gt "` + bob.Created.Format(time.RFC3339Nano) + `"`, after(bob.Created)},
		{`not (userName sw "a") and externalId pr`, []string{bob.ID, eve.ID}},
		{`userName ew "@EXAMPLE.COM" and not (active eq false)`, []string{ann.ID, bob.ID, cat.ID, eve.ID}},
	}
	for _, tc := range tests {
		got, total, err := svc.ListPeople(t.Context(), account.Query{Filter: parseFilter(t, tc.filter), Count: 10})
		if err != nil {
			t.Errorf("%s: %v", tc.filter, err)
			continue
		}
		if !slices.Equal(ids(got), tc.want) || total != len(tc.want) {
			t.Errorf("%s: %v (total %d), want %v", tc.filter, ids(got), total, tc.want)
		}
	}
	// What a list returns is what GetPerson returns.
	got, _, err := svc.ListPeople(t.Context(), account.Query{Filter: parseFilter(t, `userName eq "ann@example.com"`), Count: 1})
	if err != nil || len(got) != 1 {
		t.Fatalf("ListPeople(ann): %v, %v", got, err)
	}
	if d := diff(got[0], getPerson(t, svc, ann.ID)); d != "" {
		t.Errorf("ListPeople and GetPerson differ: %s", d)
	}
}

func testListPeoplePaging(t *testing.T, svc account.Service, _ Fixture) {
	p := fivePeople(t, svc)
	all := ids(p)
	name := func(s string) *filter.AttrPath {
		a, err := filter.ParseAttrPath(s)
		if err != nil {
			t.Fatal(err)
		}
		return &a
	}
	tests := []struct {
		name string
		q    account.Query
		want []string
	}{
		{"everyone", account.Query{StartIndex: 1, Count: 10}, all},
		{"start index 0 counts as 1", account.Query{Count: 10}, all},
		{"second page of two", account.Query{StartIndex: 3, Count: 2}, all[2:4]},
		{"last page", account.Query{StartIndex: 5, Count: 2}, all[4:]},
		{"past the end", account.Query{StartIndex: 6, Count: 2}, nil},
		{"count 0 gives only the total", account.Query{StartIndex: 1, Count: 0}, nil},
		{"sorted by userName descending", account.Query{Count: 10, SortBy: name("userName"), Descending: true},
			[]string{all[4], all[3], all[2], all[1], all[0]}},
		{"sorted by externalId, a page", account.Query{StartIndex: 2, Count: 2, SortBy: name("externalId"),
			Filter: parseFilter(t, "externalId pr")}, []string{all[1], all[4]}},
	}
	for _, tc := range tests {
		got, total, err := svc.ListPeople(t.Context(), tc.q)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		wantTotal := len(all)
		if tc.q.Filter != nil {
			wantTotal = 3
		}
		if !slices.Equal(ids(got), tc.want) || total != wantTotal {
			t.Errorf("%s: %v (total %d), want %v (total %d)", tc.name, ids(got), total, tc.want, wantTotal)
		}
	}
}

func testListPeopleInvalid(t *testing.T, svc account.Service, _ Fixture) {
	fivePeople(t, svc)
	for _, f := range []string{`noSuchAttribute eq "x"`, `password eq "x"`} {
		_, _, err := svc.ListPeople(t.Context(), account.Query{Filter: parseFilter(t, f), Count: 10})
		wantSCIMErr(t, f, err, http.StatusBadRequest, scim.ErrInvalidFilter)
	}
}

func testGroupsOf(t *testing.T, svc account.Service, fx Fixture) {
	p := fivePeople(t, svc)
	ann, bob, cat := p[0], p[1], p[2]
	eng := createGroup(t, svc, group("Engineering", []string{ann.ID, bob.ID}))
	des := createGroup(t, svc, group("Design", []string{ann.ID}))
	if fx != nil {
		fx.CreateUnmanagedGroup(t, "Hidden", ann.ID, cat.ID)
	}

	got, err := svc.GroupsOf(t.Context(), []string{ann.ID, bob.ID, cat.ID, account.NewID()})
	if err != nil {
		t.Fatalf("GroupsOf: %v", err)
	}
	want := map[string][]account.GroupRef{
		ann.ID: {{GroupID: des.ID, DisplayName: "Design"}, {GroupID: eng.ID, DisplayName: "Engineering"}},
		bob.ID: {{GroupID: eng.ID, DisplayName: "Engineering"}},
	}
	for id, refs := range got {
		if len(refs) == 0 {
			delete(got, id) // no groups may be an empty entry or none
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("GroupsOf = %v, want %v (managed groups only, ordered by name)", got, want)
	}
	empty, err := svc.GroupsOf(t.Context(), nil)
	if err != nil || len(empty) != 0 {
		t.Errorf("GroupsOf(nil) = %v, %v", empty, err)
	}
}
