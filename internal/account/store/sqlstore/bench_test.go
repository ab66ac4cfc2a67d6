package sqlstore

import (
	"fmt"
	"testing"
	"time"

	"github.com/scimbridge/scimbridge/internal/account"
	"github.com/scimbridge/scimbridge/internal/account/store"
	"github.com/scimbridge/scimbridge/internal/scim"
	"github.com/scimbridge/scimbridge/internal/scim/filter"
)

const benchPeople = 10_000

// benchPerson is a provisioned person as an identity provider sends them.
func benchPerson(i int) account.Person {
	userName := fmt.Sprintf("User%05d@Example.com", i)
	email := fmt.Sprintf("user%05d@example.com", i)
	p := account.Person{
		ID: account.NewID(), State: account.StateActive, Provisioned: true,
		Schemas: []string{scim.UserSchema, scim.EnterpriseUserSchema},
		Attributes: map[string]any{
			"userName": userName, "externalId": fmt.Sprintf("00u%07d", i), "displayName": fmt.Sprintf("User %d", i),
			"name":                    map[string]any{"givenName": "User", "familyName": fmt.Sprint(i)},
			"emails":                  []any{map[string]any{"value": email, "type": "work", "primary": true}},
			"title":                   "Engineer",
			scim.EnterpriseUserSchema: map[string]any{"department": "Engineering", "employeeNumber": fmt.Sprint(i)},
		},
		Created: time.Now(), Modified: time.Now(), Version: 1,
	}
	p.Derive()
	return p
}

// fill creates n people in batches.
func fill(b *testing.B, s *Store, n int) []string {
	b.Helper()
	ids := make([]string, 0, n)
	for start := 0; start < n; start += 1000 {
		err := s.Tx(b.Context(), func(tx store.Tx) error {
			for i := start; i < min(start+1000, n); i++ {
				p := benchPerson(i)
				if err := tx.CreatePerson(b.Context(), p); err != nil {
					return err
				}
				ids = append(ids, p.ID)
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	return ids
}

func BenchmarkGetPersonByUserName(b *testing.B) {
	for _, be := range backends() {
		b.Run(be.name, func(b *testing.B) {
			s := be.open(b)
			fill(b, s, benchPeople)
			i := 0
			for b.Loop() {
				name := fmt.Sprintf("user%05d@example.COM", i*7919%benchPeople)
				if _, err := s.GetPersonByUserName(b.Context(), name); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
}

func BenchmarkListPeopleFilterUserName(b *testing.B) {
	for _, be := range backends() {
		b.Run(be.name, func(b *testing.B) {
			s := be.open(b)
			fill(b, s, benchPeople)
			filters := make([]filter.Expr, 100)
			for i := range filters {
				e, err := filter.Parse(fmt.Sprintf(`userName eq "USER%05d@example.com"`, i*97))
				if err != nil {
					b.Fatal(err)
				}
				filters[i] = e
			}
			i := 0
			for b.Loop() {
				people, total, err := s.ListPeople(b.Context(), store.Query{Filter: filters[i%len(filters)], Count: 100})
				if err != nil || total != 1 || len(people) != 1 {
					b.Fatalf("ListPeople = %d people, total %d, %v", len(people), total, err)
				}
				i++
			}
		})
	}
}

func BenchmarkCreatePerson(b *testing.B) {
	for _, be := range backends() {
		b.Run(be.name, func(b *testing.B) {
			s := be.open(b)
			i := 0
			for b.Loop() {
				p := benchPerson(i)
				if err := s.Tx(b.Context(), func(tx store.Tx) error { return tx.CreatePerson(b.Context(), p) }); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
}

// BenchmarkAddMember adds one person to a group per transaction, the way the
// account does it: lock the group, add, bump its version.
func BenchmarkAddMember(b *testing.B) {
	for _, be := range backends() {
		b.Run(be.name, func(b *testing.B) {
			s := be.open(b)
			ids := fill(b, s, benchPeople)
			var group string
			i := 0
			for b.Loop() {
				if i%benchPeople == 0 { // a new group every 10,000 members
					g := account.Group{ID: account.NewID(), DisplayName: fmt.Sprint("Group ", i), Managed: true, Created: time.Now(), Modified: time.Now()}
					if err := s.Tx(b.Context(), func(tx store.Tx) error { return tx.CreateGroup(b.Context(), g) }); err != nil {
						b.Fatal(err)
					}
					group = g.ID
				}
				err := s.Tx(b.Context(), func(tx store.Tx) error {
					g, err := tx.LockGroup(b.Context(), group)
					if err != nil {
						return err
					}
					if _, err := tx.AddMembers(b.Context(), group, []account.Member{{PersonID: ids[i%benchPeople]}}); err != nil {
						return err
					}
					g.Version++
					return tx.UpdateGroup(b.Context(), g)
				})
				if err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
}
