package conformance

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/scimbridge/scimbridge/internal/account"
	"github.com/scimbridge/scimbridge/internal/account/store"
	"github.com/scimbridge/scimbridge/internal/scim"
)

// epoch is when the fixtures were created. Stores keep times to the
// microsecond, so fixtures use times with nanoseconds to check that they
// are truncated, not rejected.
var epoch = time.Date(2024, 3, 1, 10, 0, 0, 0, time.UTC)

// us truncates t the way stores keep times.
func us(t time.Time) time.Time { return t.Truncate(time.Microsecond).UTC() }

// mustTx runs fn in a transaction and fails the test on error.
func mustTx(t testing.TB, s store.Store, fn func(tx store.Tx) error) {
	t.Helper()
	if err := s.Tx(t.Context(), fn); err != nil {
		t.Fatalf("Tx: %v", err)
	}
}

// txErr runs fn in a transaction and returns its error.
func txErr(t testing.TB, s store.Store, fn func(tx store.Tx) error) error {
	t.Helper()
	return s.Tx(t.Context(), fn)
}

// wantKind fails unless err wraps kind.
func wantKind(t testing.TB, err, kind error, what string) {
	t.Helper()
	if !errors.Is(err, kind) {
		t.Fatalf("%s: got error %v, want %v", what, err, kind)
	}
}

// personFrom builds a provisioned, active person from SCIM attributes, with
// the typed fields derived from them as the account derives them.
func personFrom(id string, created time.Time, attrs map[string]any) account.Person {
	p := account.Person{
		ID: id, State: account.StateActive, Provisioned: true,
		Attributes: attrs, Schemas: []string{scim.UserSchema},
		Created: created, Modified: created.Add(time.Hour + 999), Version: 1,
	}
	p.Derive()
	if _, ok := attrs[scim.EnterpriseUserSchema]; ok {
		p.Schemas = append(p.Schemas, scim.EnterpriseUserSchema)
	}
	return p
}

// simplePerson is a person with just a userName.
func simplePerson(id, userName string, created time.Time) account.Person {
	return personFrom(id, created, map[string]any{"userName": userName})
}

func groupFrom(id, name string, managed bool, created time.Time) account.Group {
	return account.Group{
		ID: id, DisplayName: name, Managed: managed,
		Schemas:    []string{scim.GroupSchema},
		Attributes: map[string]any{"displayName": name},
		Created:    created, Modified: created.Add(time.Minute), Version: 1,
	}
}

func createPeople(t testing.TB, s store.Store, people ...account.Person) {
	t.Helper()
	mustTx(t, s, func(tx store.Tx) error {
		for _, p := range people {
			if err := tx.CreatePerson(t.Context(), p); err != nil {
				return fmt.Errorf("create %s: %w", p.ID, err)
			}
		}
		return nil
	})
}

func createGroups(t testing.TB, s store.Store, groups ...account.Group) {
	t.Helper()
	mustTx(t, s, func(tx store.Tx) error {
		for _, g := range groups {
			if err := tx.CreateGroup(t.Context(), g); err != nil {
				return fmt.Errorf("create %s: %w", g.ID, err)
			}
		}
		return nil
	})
}

// normJSON is v as it comes back from JSON decoded with UseNumber; nil for
// an empty object or array, as stores return no attributes as nil.
func normJSON(v any) any {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var out any
	if err := dec.Decode(&out); err != nil {
		panic(err)
	}
	switch o := out.(type) {
	case map[string]any:
		if len(o) == 0 {
			return nil
		}
	case []any:
		if len(o) == 0 {
			return nil
		}
	}
	return out
}

// samePerson compares every field, times to the microsecond.
func samePerson(t testing.TB, got, want account.Person) {
	t.Helper()
	if !got.Created.Equal(us(want.Created)) || !got.Modified.Equal(us(want.Modified)) {
		t.Errorf("person %s: times %v, %v; want %v, %v", want.ID, got.Created, got.Modified, us(want.Created), us(want.Modified))
	}
	if got.Created.Location() != time.UTC {
		t.Errorf("person %s: Created in %v, want UTC", want.ID, got.Created.Location())
	}
	if !reflect.DeepEqual(normJSON(got.Attributes), normJSON(want.Attributes)) {
		t.Errorf("person %s: attributes\n got %v\nwant %v", want.ID, normJSON(got.Attributes), normJSON(want.Attributes))
	}
	if len(got.Schemas)+len(want.Schemas) > 0 && !slices.Equal(got.Schemas, want.Schemas) {
		t.Errorf("person %s: schemas %q, want %q", want.ID, got.Schemas, want.Schemas)
	}
	if len(got.Emails)+len(want.Emails) > 0 && !slices.Equal(got.Emails, want.Emails) {
		t.Errorf("person %s: emails %+v, want %+v", want.ID, got.Emails, want.Emails)
	}
	got.Created, got.Modified, got.Attributes, got.Schemas, got.Emails = want.Created, want.Modified, nil, nil, nil
	want.Attributes, want.Schemas, want.Emails = nil, nil, nil
	if !reflect.DeepEqual(got, want) {
		t.Errorf("person %s:\n got %+v\nwant %+v", want.ID, got, want)
	}
}

// sameGroup compares every field, times to the microsecond.
func sameGroup(t testing.TB, got, want account.Group) {
	t.Helper()
	if !got.Created.Equal(us(want.Created)) || !got.Modified.Equal(us(want.Modified)) {
		t.Errorf("group %s: times %v, %v; want %v, %v", want.ID, got.Created, got.Modified, us(want.Created), us(want.Modified))
	}
	if !reflect.DeepEqual(normJSON(got.Attributes), normJSON(want.Attributes)) {
		t.Errorf("group %s: attributes %v, want %v", want.ID, got.Attributes, want.Attributes)
	}
	if len(got.Schemas)+len(want.Schemas) > 0 && !slices.Equal(got.Schemas, want.Schemas) {
		t.Errorf("group %s: schemas %q, want %q", want.ID, got.Schemas, want.Schemas)
	}
	got.Created, got.Modified, got.Attributes, got.Schemas = want.Created, want.Modified, nil, nil
	want.Attributes, want.Schemas = nil, nil
	if !reflect.DeepEqual(got, want) {
		t.Errorf("group %s:\n got %+v\nwant %+v", want.ID, got, want)
	}
}

// personIDs lists the ids of people in order.
func personIDs(people []account.Person) []string {
	ids := make([]string, len(people))
	for i, p := range people {
		ids[i] = p.ID
	}
	return ids
}

func groupIDs(groups []account.Group) []string {
	ids := make([]string, len(groups))
	for i, g := range groups {
		ids[i] = g.ID
	}
	return ids
}

// sameSet compares string sets.
func sameSet(got, want []string) bool {
	g, w := slices.Clone(got), slices.Clone(want)
	slices.Sort(g)
	slices.Sort(w)
	return slices.Equal(g, w) || (len(g) == 0 && len(w) == 0)
}

func asAccountError(err error, target **account.Error) bool { return errors.As(err, target) }
