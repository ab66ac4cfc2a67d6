package conformance

import (
	"fmt"
	"testing"
	"time"

	"github.com/scimbridge/scimbridge/internal/account"
	"github.com/scimbridge/scimbridge/internal/account/store"
	"github.com/scimbridge/scimbridge/internal/scim"
)

// The fixture directory: twelve people (p01…p12) and four groups (g1…g4)
// with attributes chosen to tell the filter operators apart. Person i was
// created at epoch + (i-1) days + (i-1)×1.5 ms and last modified an hour
// (and 999 ns, which the store drops) later.
//
//	id   userName           externalId  displayName   title                  state
//	p01  alice@example.com  A-100       Alice Adams   Engineer               active
//	p02  BOB@example.com    ext-b2      Bob Brown     engineer               suspended
//	p03  carol              C-300       Carol Clark   Manager                active
//	p04  Dave@Example.com   D-400       dave d        Designer               invited, not provisioned
//	p05  Ümit               E-500       Ümit Über     Wissenschaftler        active
//	p06  eve                F-600       Eve           -                      active (familyName "")
//	p07  frank              G-700       Frank Fisher  Engineer Lead          active
//	p08  grace              -           -             -                      active
//	p09  heidi              H-900       -             -                      active
//	p10  ivan               I-1000      Ivan          R&D 100% _under_score  active
//	p11  Judy               J-1100      Judy O'Neil   QA                     active
//	p12  mallory            EXT-B2      Mallory       -                      suspended
//
//	g1 Engineering (managed, externalId okta-eng): p01, p02 (display "Bobby"), p07
//	g2 Sales (managed): p03 (display "Carol C."), p02, p04
//	g3 legacy (not managed): p01, p08
//	g4 Empty (managed): nobody
type fixture struct {
	people []account.Person
	groups []account.Group
}

// ids names fixture people by number.
func ids(n ...int) []string {
	out := make([]string, len(n))
	for i, x := range n {
		out[i] = fmt.Sprintf("p%02d", x)
	}
	return out
}

func email(value, typ string, primary ...bool) map[string]any {
	m := map[string]any{"value": value}
	if typ != "" {
		m["type"] = typ
	}
	if len(primary) > 0 {
		m["primary"] = primary[0]
	}
	return m
}

func list(v ...map[string]any) []any {
	out := make([]any, len(v))
	for i, x := range v {
		out[i] = x
	}
	return out
}

func fixturePeople() []account.Person {
	ent := scim.EnterpriseUserSchema
	attrs := []map[string]any{
		{ // p01
			"userName": "alice@example.com", "externalId": "A-100", "displayName": "Alice Adams",
			"name":  map[string]any{"givenName": "Alice", "familyName": "Adams", "formatted": "Alice Adams"},
			"title": "Engineer", "userType": "Employee", "nickName": "Al",
			"emails":       list(email("alice@example.com", "work", true), email("alice@home.example.org", "home")),
			"phoneNumbers": list(email("+1 555 0101", "work")),
			"addresses":    list(map[string]any{"type": "work", "country": "US", "locality": "Boston", "primary": true}),
			ent: map[string]any{"department": "Engineering", "employeeNumber": "1001", "costCenter": "CC-1",
				"manager": map[string]any{"value": "p03", "displayName": "Carol Clark"}},
		},
		{ // p02
			"userName": "BOB@example.com", "externalId": "ext-b2", "displayName": "Bob Brown",
			"name": map[string]any{"givenName": "Bob", "familyName": "Brown"}, "title": "engineer",
			"emails":       list(email("Bob@Example.COM", "work", true)),
			"phoneNumbers": list(email("+1 555 0102", "mobile", true)),
			"addresses": list(map[string]any{"type": "home", "country": "US"},
				map[string]any{"type": "work", "country": "DE", "locality": "Berlin"}),
			ent: map[string]any{"department": "engineering", "employeeNumber": "1002"},
		},
		{ // p03
			"userName": "carol", "externalId": "C-300", "displayName": "Carol Clark",
			"name": map[string]any{"givenName": "Carol", "familyName": "Clark"}, "title": "Manager",
			"phoneNumbers":     list(email("+44 20 7946 0958", "work", true), email("+44 7700 900123", "mobile")),
			"x509Certificates": list(map[string]any{"value": "MIIBcert"}),
			ent:                map[string]any{"department": "Sales", "costCenter": "CC-7"},
		},
		{ // p04
			"userName": "Dave@Example.com", "externalId": "D-400", "displayName": "dave d",
			"name": map[string]any{"familyName": "Davis"}, "nickName": "Davey", "title": "Designer",
			"emails": list(email("dave@example.com", "home"), email("d.work@corp.example", "work")),
		},
		{ // p05
			"userName": "Ümit", "externalId": "E-500", "displayName": "Ümit Über",
			"name": map[string]any{"givenName": "Ümit", "familyName": "Über"}, "title": "Wissenschaftler",
		},
		{ // p06
			"userName": "eve", "externalId": "F-600", "displayName": "Eve",
			"name":         map[string]any{"familyName": ""}, // a string, if empty: not absent
			"emails":       list(map[string]any{"value": "eve@example.com", "display": "Eve Work", "type": "work", "primary": true}),
			"phoneNumbers": list(email("+1 555 0106", "work"), email("+1 555 0199", "home", true)),
			"ims":          list(email("eve_im", "xmpp")),
		},
		{ // p07
			"userName": "frank", "externalId": "G-700", "displayName": "Frank Fisher",
			"name": map[string]any{"familyName": "Fisher"}, "title": "Engineer Lead", "userType": "Contractor", "locale": "de-DE",
			"emails":    list(email("frank@example.net", "other")),
			"addresses": list(map[string]any{"type": "work", "country": "us", "locality": "Austin"}),
			ent:         map[string]any{"department": "Engineering"},
		},
		{"userName": "grace"}, // p08
		{ // p09
			"userName": "heidi", "externalId": "H-900",
			"emails": list(email("heidi@example.com", "work", false), email("heidi@example.org", "home", false)),
			ent:      map[string]any{"manager": map[string]any{"value": "p01"}},
		},
		{"userName": "ivan", "externalId": "I-1000", "displayName": "Ivan", "title": "R&D 100% _under_score"},                               // p10
		{"userName": "Judy", "externalId": "J-1100", "displayName": "Judy O'Neil", "title": "QA", "profileUrl": "https://example.com/Judy"}, // p11
		{"userName": "mallory", "externalId": "EXT-B2", "displayName": "Mallory"},                                                           // p12
	}
	people := make([]account.Person, len(attrs))
	for i, a := range attrs {
		created := epoch.Add(time.Duration(i)*24*time.Hour + time.Duration(i)*1500*time.Microsecond + 250)
		people[i] = personFrom(ids(i + 1)[0], created, a)
	}
	people[1].State, people[1].SuspendedFrom = account.StateSuspended, account.StateActive
	people[3].State, people[3].Provisioned = account.StateInvited, false
	people[11].State, people[11].SuspendedFrom = account.StateSuspended, account.StateActive
	return people
}

func fixtureGroups() ([]account.Group, map[string][]account.Member) {
	groups := []account.Group{
		groupFrom("g1", "Engineering", true, epoch.Add(1*time.Minute)),
		groupFrom("g2", "Sales", true, epoch.Add(2*time.Minute)),
		groupFrom("g3", "legacy", false, epoch.Add(3*time.Minute)),
		groupFrom("g4", "Empty", true, epoch.Add(4*time.Minute)),
	}
	groups[0].ExternalID = "okta-eng"
	groups[0].Attributes["externalId"] = "okta-eng"
	members := map[string][]account.Member{
		"g1": {{PersonID: "p01"}, {PersonID: "p02", Display: "Bobby"}, {PersonID: "p07"}},
		"g2": {{PersonID: "p03", Display: "Carol C."}, {PersonID: "p02"}, {PersonID: "p04"}},
		"g3": {{PersonID: "p01"}, {PersonID: "p08"}},
	}
	return groups, members
}

// loadFixture writes the fixture directory into s.
func loadFixture(t testing.TB, s store.Store) fixture {
	t.Helper()
	f := fixture{people: fixturePeople()}
	groups, members := fixtureGroups()
	f.groups = groups
	createPeople(t, s, f.people...)
	createGroups(t, s, f.groups...)
	mustTx(t, s, func(tx store.Tx) error {
		for _, g := range f.groups {
			if _, err := tx.AddMembers(t.Context(), g.ID, members[g.ID]); err != nil {
				return err
			}
		}
		return nil
	})
	return f
}
