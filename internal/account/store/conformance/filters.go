package conformance

import (
	"slices"
	"testing"
	"time"

	"github.com/scimbridge/scimbridge/internal/account"
	"github.com/scimbridge/scimbridge/internal/account/store"
	"github.com/scimbridge/scimbridge/internal/scim"
	"github.com/scimbridge/scimbridge/internal/scim/filter"
	"github.com/scimbridge/scimbridge/internal/scim/schema"
)

// but is every fixture person except those numbered.
func but(n ...int) []string {
	var out []string
	for i := 1; i <= 12; i++ {
		if !slices.Contains(n, i) {
			out = append(out, ids(i)[0])
		}
	}
	return out
}

const ent = scim.EnterpriseUserSchema

// peopleFilters are filters over the fixture and the people they select
// (with store.ScopeAll).
var peopleFilters = []struct {
	filter string
	want   []string
}{
	// userName: not caseExact, on its indexed key.
	{`userName eq "ALICE@example.com"`, ids(1)},
	{`userName eq "bob@EXAMPLE.com"`, ids(2)},
	{`userName eq "ümit"`, ids(5)},
	{`userName ne "alice@example.com"`, but(1)},
	{`userName co "EXAMPLE"`, ids(1, 2, 4)},
	{`userName sw "d"`, ids(4)},
	{`userName ew ".COM"`, ids(1, 2, 4)},
	{`userName gt "heidi"`, ids(5, 10, 11, 12)},
	{`userName ge "judy"`, ids(5, 11, 12)},
	{`userName le "carol"`, ids(1, 2, 3)},
	{`userName lt "Carol"`, ids(1, 2)},
	{`userName pr`, but()},
	{`USERNAME Eq "CAROL"`, ids(3)},
	{`urn:ietf:params:scim:schemas:core:2.0:User:userName eq "carol"`, ids(3)},
	// externalId: caseExact.
	{`externalId eq "ext-b2"`, ids(2)},
	{`externalId eq "EXT-B2"`, ids(12)},
	{`externalId co "b2"`, ids(2)},
	{`externalId pr`, but(8)},
	{`not (externalId pr)`, ids(8)},
	{`externalId eq null`, ids(8)},
	{`externalId ne null`, but(8)},
	{`externalId ne "ext-b2"`, but(2)},
	// displayName: not caseExact, on its key; absent for some.
	{`displayName eq "alice adams"`, ids(1)},
	{`displayName sw "ÜMIT"`, ids(5)},
	{`displayName pr`, but(8, 9)},
	{`displayName co "'"`, ids(11)},
	{`displayName ne "Eve"`, but(6)},
	// A JSON string attribute.
	{`title eq "engineer"`, ids(1, 2)},
	{`title co "ENGINEER"`, ids(1, 2, 7)},
	{`title sw "Eng"`, ids(1, 2, 7)},
	{`title ew "lead"`, ids(7)},
	{`title co "%"`, ids(10)}, // not a wildcard
	{`title co "_"`, ids(10)},
	{`title sw "_"`, nil},
	{`title co "R&D 100%"`, ids(10)},
	{`title co ""`, ids(1, 2, 3, 4, 5, 7, 10, 11)},
	{`title pr`, ids(1, 2, 3, 4, 5, 7, 10, 11)},
	{`title ne "Engineer"`, but(1, 2)},
	{`title gt "m"`, ids(3, 5, 10, 11)},
	{`title lt "e"`, ids(4)},
	{`title eq null`, ids(6, 8, 9, 12)},
	{`nickName eq "davey"`, ids(4)},
	{`userType eq "Contractor"`, ids(7)},
	{`locale sw "de"`, ids(7)},
	{`profileUrl co "judy"`, ids(11)},
	// active is the state.
	{`active eq true`, but(2, 12)},
	{`active eq false`, ids(2, 12)},
	{`active ne true`, ids(2, 12)},
	{`active pr`, but()},
	// emails: person_emails for value and type, one email per condition
	// set inside a value filter.
	{`emails pr`, ids(1, 2, 4, 6, 7, 9)},
	{`emails eq "alice@example.com"`, ids(1)},
	{`emails co "example.com"`, ids(1, 2, 4, 6, 9)},
	{`emails.value ew "@example.org"`, ids(9)},
	{`emails.value eq "BOB@example.com"`, ids(2)},
	{`emails[type eq "work" and value ew "example.com"]`, ids(1, 2, 6, 9)},
	{`emails[type eq "home" and value co "dave"]`, ids(4)},
	{`emails[type eq "work" and value co "dave"]`, nil},
	{`emails.type eq "work" and emails.value co "dave"`, ids(4)},
	{`emails[not (type eq "work")]`, ids(1, 4, 7, 9)},
	{`emails[type ne "work"]`, ids(1, 4, 7, 9)},
	{`emails.type ne "work"`, ids(3, 5, 7, 8, 10, 11, 12)},
	{`emails[primary eq true]`, ids(1, 2, 6)},
	{`emails.primary eq false`, ids(9)},
	{`emails[type eq "work" and primary eq true]`, ids(1, 2, 6)},
	{`emails.display eq "eve work"`, ids(6)},
	{`emails[display pr]`, ids(6)},
	{`emails.value eq null`, ids(3, 5, 8, 10, 11, 12)},
	{`not (emails[type eq "work" and value co "example.com"])`, but(1, 2, 6, 9)},
	// Multi-valued complex attributes in the JSON.
	{`phoneNumbers pr`, ids(1, 2, 3, 6)},
	{`not (phoneNumbers pr)`, but(1, 2, 3, 6)},
	{`phoneNumbers[type eq "work"]`, ids(1, 3, 6)},
	{`phoneNumbers.value sw "+44"`, ids(3)},
	{`phoneNumbers[type eq "mobile" and value co "0102"]`, ids(2)},
	{`phoneNumbers[type eq "mobile" and value co "0958"]`, nil},
	{`phoneNumbers.primary eq true`, ids(2, 3, 6)},
	{`phoneNumbers co "555"`, ids(1, 2, 6)},
	{`addresses[type eq "work" and country eq "US"]`, ids(1, 7)},
	{`addresses.country eq "us"`, ids(1, 2, 7)},
	{`addresses[primary eq true]`, ids(1)},
	{`addresses[locality pr and not (country eq "DE")]`, ids(1, 7)},
	{`x509Certificates.value eq "MIIBcert"`, ids(3)},
	{`ims[type eq "xmpp"]`, ids(6)},
	{`emails[type eq "work"] and phoneNumbers[type eq "work"]`, ids(1, 6)},
	// Single-valued complex attributes and the enterprise extension.
	{`name.givenName eq "bob"`, ids(2)},
	{`name.familyName eq "über"`, ids(5)},
	{`name.familyName sw "D"`, ids(4)},
	// givenName and familyName: on their key columns, sw as a range.
	{`name.familyName eq "CLARK"`, ids(3)},
	{`name.familyName ne "adams"`, but(1)},
	{`name.familyName sw "ü"`, ids(5)},
	{`name.familyName sw "ÜB"`, ids(5)},
	{`name.familyName sw "brown"`, ids(2)},
	{`name.familyName sw "browns"`, nil},
	{`not (name.familyName sw "b")`, but(2)},
	{`name.familyName co "A"`, ids(1, 3, 4)},
	{`name.familyName ew "S"`, ids(1, 4)},
	{`name.familyName gt "c"`, ids(3, 4, 5, 7)},
	{`name.familyName lt "b"`, ids(1, 6)},
	{`name.familyName eq ""`, ids(6)}, // "" is a string, not absent
	{`name.familyName sw ""`, ids(1, 2, 3, 4, 5, 6, 7)},
	{`name.familyName pr`, ids(1, 2, 3, 4, 5, 7)},
	{`name.familyName eq null`, ids(6, 8, 9, 10, 11, 12)},
	{`name.givenName sw "AL"`, ids(1)},
	{`name.givenName sw "ümit"`, ids(5)},
	{`name.formatted sw "alice"`, ids(1)},
	{`name[familyName sw "d" and givenName pr]`, nil},
	// sw on other columns, as a range too.
	{`userName sw "ÜM"`, ids(5)},
	{`userName sw "carol"`, ids(3)},
	{`userName sw "carols"`, nil},
	{`emails.value sw "HEIDI@"`, ids(9)},
	{`emails[type sw "W" and value sw "bob"]`, ids(2)},
	{`externalId sw "EXT"`, ids(12)},
	{`externalId sw "e"`, ids(2)},
	{`groups.display sw "ENG"`, ids(1, 2, 7)},
	{`id sw "p0"`, ids(1, 2, 3, 4, 5, 6, 7, 8, 9)},
	{`name pr`, ids(1, 2, 3, 4, 5, 7)},
	{`name.middleName pr`, nil},
	{`name.givenName ne null`, ids(1, 2, 3, 5)},
	{`name[givenName sw "a" or familyName sw "c"]`, ids(1, 3)},
	{ent + `:department eq "engineering"`, ids(1, 2, 7)},
	{`URN:IETF:PARAMS:SCIM:SCHEMAS:EXTENSION:ENTERPRISE:2.0:USER:Department eq "Sales"`, ids(3)},
	{ent + `:manager.value eq "p03"`, ids(1)},
	{ent + `:manager pr`, ids(1, 9)},
	{ent + `:manager[value eq "p01"]`, ids(9)},
	{ent + `:employeeNumber gt "1001"`, ids(2)},
	{ent + `:costCenter pr`, ids(1, 3)},
	{ent + `:department ne "engineering"`, but(1, 2, 7)},
	// id and meta.
	{`id eq "p05"`, ids(5)},
	{`id eq "P05"`, nil},
	{`id sw "p1"`, ids(10, 11, 12)},
	{`meta.resourceType eq "User"`, but()},
	{`meta.resourceType eq "user"`, nil},
	{`meta.resourceType ne "Group"`, but()},
	{`meta.created gt "2024-03-05T10:00:00Z"`, ids(5, 6, 7, 8, 9, 10, 11, 12)},
	{`meta.created eq "2024-03-05T10:00:00.006Z"`, ids(5)},
	{`meta.created eq "2024-03-05T10:00:00.0060001Z"`, nil},
	{`meta.created ge "2024-03-05T10:00:00.0060001Z"`, ids(6, 7, 8, 9, 10, 11, 12)},
	{`meta.created lt "2024-03-05T10:00:00.0060001Z"`, ids(1, 2, 3, 4, 5)},
	{`meta.created le "2024-03-05T10:00:00.006Z"`, ids(1, 2, 3, 4, 5)},
	{`meta.created gt "2024-03-05T12:00:00+02:00"`, ids(5, 6, 7, 8, 9, 10, 11, 12)},
	{`meta.created lt "2024-03-03t10:00:00.003z"`, ids(1, 2)},
	{`meta.created lt "2024-03-03T10:00:00.003"`, ids(1, 2)},
	{`meta.lastModified ge "2024-03-12T11:00:00Z"`, ids(12)},
	{`meta.created sw "2024-03-0"`, ids(1, 2, 3, 4, 5, 6, 7, 8, 9)},
	{`meta.created co "00.0015"`, ids(2)},
	{`meta.created ew "5Z"`, ids(2, 4, 6, 8, 10, 11, 12)},
	{`meta[created lt "2024-03-02T12:00:00Z"]`, ids(1, 2)},
	{`meta pr`, but()},
	// groups: the managed groups a person is in.
	{`groups.value eq "g1"`, ids(1, 2, 7)},
	{`groups[value eq "g3"]`, nil},
	{`groups.display eq "sales"`, ids(2, 3, 4)},
	{`groups pr`, ids(1, 2, 3, 4, 7)},
	{`not (groups pr)`, but(1, 2, 3, 4, 7)},
	{`groups.value ne "g1"`, but(1, 2, 7)},
	{`groups eq "g2"`, ids(2, 3, 4)},
	{`groups[type eq "direct" and display sw "eng"]`, ids(1, 2, 7)},
	// Logic.
	{`(title sw "eng" or title eq "qa") and not (active eq false)`, ids(1, 7, 11)},
	{`userName sw "a" or userName sw "b" and active eq false`, ids(1, 2)},
	{`(userName sw "a" or userName sw "b") and active eq false`, ids(2)},
	{`not (userName sw "a" or userName sw "b")`, but(1, 2)},
	{`not (not (title pr))`, ids(1, 2, 3, 4, 5, 7, 10, 11)},
	{`title ne "x" and title pr`, ids(1, 2, 3, 4, 5, 7, 10, 11)},
	{`displayName pr and not (emails pr) and not (phoneNumbers pr)`, ids(5, 10, 11, 12)},
}

// personDoc is the SCIM document of a person the way the bridge shows it.
func personDoc(p account.Person, groups []account.GroupRef) map[string]any {
	doc, _ := normJSON(p.Attributes).(map[string]any)
	if doc == nil {
		doc = map[string]any{}
	}
	doc["id"] = p.ID
	doc["active"] = p.Active()
	doc["meta"] = map[string]any{
		"resourceType": "User",
		"created":      p.Created.UTC().Format(time.RFC3339Nano),
		"lastModified": p.Modified.UTC().Format(time.RFC3339Nano),
	}
	if len(groups) > 0 {
		var gs []any
		for _, g := range groups {
			gs = append(gs, map[string]any{"value": g.GroupID, "display": g.DisplayName, "type": "direct"})
		}
		doc["groups"] = gs
	}
	return doc
}

func testFilters(t *testing.T, s store.Store) {
	ctx := t.Context()
	loadFixture(t, s)
	// The documents are built from what the store gives back.
	people, _, err := s.ListPeople(ctx, store.Query{Scope: store.ScopeAll, Count: 100})
	if err != nil {
		t.Fatal(err)
	}
	groupsOf, err := s.GroupsOf(ctx, personIDs(people), store.ScopeProvisioning)
	if err != nil {
		t.Fatal(err)
	}
	docs := make([]map[string]any, len(people))
	for i, p := range people {
		docs[i] = personDoc(p, groupsOf[p.ID])
	}
	for _, tc := range peopleFilters {
		t.Run(tc.filter, func(t *testing.T) {
			e := mustFilter(t, tc.filter)
			got, total, err := s.ListPeople(ctx, store.Query{Scope: store.ScopeAll, Filter: e, Count: 100})
			if err != nil {
				t.Fatal(err)
			}
			if !sameSet(personIDs(got), tc.want) || total != len(got) {
				t.Errorf("%s: got %q (total %d), want %q", tc.filter, personIDs(got), total, tc.want)
			}
			var matched []string
			for i, doc := range docs {
				ok, err := filter.Match(e, doc, schema.Users)
				if err != nil {
					t.Fatalf("Match: %v", err)
				}
				if ok {
					matched = append(matched, people[i].ID)
				}
			}
			if !sameSet(personIDs(got), matched) {
				t.Errorf("%s: the store gives %q, filter.Match %q", tc.filter, personIDs(got), matched)
			}
		})
	}
}
