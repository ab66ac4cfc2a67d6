package conformance

import (
	"errors"
	"testing"
	"time"

	"github.com/scimbridge/scimbridge/internal/account"
	"github.com/scimbridge/scimbridge/internal/account/store"
	"github.com/scimbridge/scimbridge/internal/scim"
	"github.com/scimbridge/scimbridge/internal/scim/filter"
	"github.com/scimbridge/scimbridge/internal/scim/schema"
)

// groupFilters are filters over the fixture's groups and the groups they
// select (with store.ScopeAll).
var groupFilters = []struct {
	filter string
	want   []string
}{
	{`displayName eq "engineering"`, []string{"g1"}},
	{`displayName sw "E"`, []string{"g1", "g4"}},
	{`displayName gt "f"`, []string{"g2", "g3"}},
	{`externalId eq "okta-eng"`, []string{"g1"}},
	{`externalId pr`, []string{"g1"}},
	{`id eq "g2"`, []string{"g2"}},
	{`members pr`, []string{"g1", "g2", "g3"}},
	{`not (members pr)`, []string{"g4"}},
	{`members.value eq "p02"`, []string{"g1", "g2"}},
	{`members eq "p08"`, []string{"g3"}},
	{`members[value eq "p08"]`, []string{"g3"}},
	{`members.value ne "p01"`, []string{"g2", "g4"}},
	// A member's display is the one given, else the person's display
	// name, else their userName.
	{`members.display eq "bobby"`, []string{"g1"}},
	{`members.display eq "bob brown"`, []string{"g2"}},
	{`members.display co "carol"`, []string{"g2"}},
	{`members.display eq "grace"`, []string{"g3"}},
	{`members[display sw "a" and value eq "p01"]`, []string{"g1", "g3"}},
	{`members[display eq "Bobby" and value eq "p03"]`, nil},
	{`members.type eq "User"`, []string{"g1", "g2", "g3"}},
	{`meta.resourceType eq "Group"`, []string{"g1", "g2", "g3", "g4"}},
	{`meta.created gt "2024-03-01T10:02:00Z"`, []string{"g3", "g4"}},
	{`displayName co "a" and members pr`, []string{"g2", "g3"}},
}

// groupDoc is the SCIM document of a group the way the bridge shows it.
func groupDoc(g account.Group, members []account.Member) map[string]any {
	doc, _ := normJSON(g.Attributes).(map[string]any)
	if doc == nil {
		doc = map[string]any{}
	}
	doc["id"] = g.ID
	doc["meta"] = map[string]any{
		"resourceType": "Group",
		"created":      g.Created.UTC().Format(time.RFC3339Nano),
		"lastModified": g.Modified.UTC().Format(time.RFC3339Nano),
	}
	if len(members) > 0 {
		var ms []any
		for _, m := range members {
			ms = append(ms, map[string]any{"value": m.PersonID, "display": m.Display, "type": "User"})
		}
		doc["members"] = ms
	}
	return doc
}

func testGroupFilters(t *testing.T, s store.Store) {
	ctx := t.Context()
	loadFixture(t, s)
	groups, _, err := s.ListGroups(ctx, store.Query{Scope: store.ScopeAll, Count: 100})
	if err != nil {
		t.Fatal(err)
	}
	docs := make([]map[string]any, len(groups))
	for i, g := range groups {
		members, err := s.Members(ctx, g.ID, store.ScopeAll)
		if err != nil {
			t.Fatal(err)
		}
		docs[i] = groupDoc(g, members)
	}
	for _, tc := range groupFilters {
		t.Run(tc.filter, func(t *testing.T) {
			e := mustFilter(t, tc.filter)
			got, total, err := s.ListGroups(ctx, store.Query{Scope: store.ScopeAll, Filter: e, Count: 100})
			if err != nil {
				t.Fatal(err)
			}
			if !sameSet(groupIDs(got), tc.want) || total != len(got) {
				t.Errorf("%s: got %q (total %d), want %q", tc.filter, groupIDs(got), total, tc.want)
			}
			var matched []string
			for i, doc := range docs {
				if ok, err := filter.Match(e, doc, schema.Groups); err != nil {
					t.Fatalf("Match: %v", err)
				} else if ok {
					matched = append(matched, groups[i].ID)
				}
			}
			if !sameSet(groupIDs(got), matched) {
				t.Errorf("%s: the store gives %q, filter.Match %q", tc.filter, groupIDs(got), matched)
			}
		})
	}
}

// testInvalidFilters checks that filters the schema rejects, or the store
// cannot run, give a *scim.Error with scimType invalidFilter.
func testInvalidFilters(t *testing.T, s store.Store) {
	ctx := t.Context()
	loadFixture(t, s)
	people := []string{
		`nosuch eq "x"`,
		`name.nosuch eq "x"`,
		`urn:example:nosuch:1.0:User:x eq "y"`,
		`active eq "yes"`,
		`active gt true`,
		`userName eq true`,
		`userName gt 5`,
		`meta.created gt "yesterday"`,
		`meta.created eq "2024-02-30T00:00:00Z"`,
		`meta.created gt 5`,
		`x509Certificates.value co "MII"`,
		`name eq "x"`,
		`emails[nosuch eq "x"]`,
		`emails[value eq "x"] and nosuch pr`,
		`userName[value eq "x"]`,
		`title gt null`,
		`password eq "secret"`,
		`meta.location eq "https://example.com/Users/p01"`,
		`groups.$ref eq "x"`,
	}
	for _, f := range people {
		_, _, err := s.ListPeople(ctx, store.Query{Scope: store.ScopeAll, Filter: mustFilter(t, f), Count: 10})
		checkInvalidFilter(t, f, err)
	}
	for _, f := range []string{`nosuch eq "x"`, `members.nosuch eq "x"`, `userName eq "x"`, `members[value gt 5]`} {
		_, _, err := s.ListGroups(ctx, store.Query{Scope: store.ScopeAll, Filter: mustFilter(t, f), Count: 10})
		checkInvalidFilter(t, f, err)
	}
}

func checkInvalidFilter(t *testing.T, f string, err error) {
	t.Helper()
	var e *scim.Error
	if !errors.As(err, &e) || e.Status != 400 || e.ScimType != scim.ErrInvalidFilter {
		t.Errorf("%s: error %v, want a 400 invalidFilter *scim.Error", f, err)
	}
}
