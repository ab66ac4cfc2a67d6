package api

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/scimbridge/scimbridge/internal/account"
	"github.com/scimbridge/scimbridge/internal/scim"
)

// viaJSON encodes v and decodes it into out as the client does.
func viaJSON(t *testing.T, v, out any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(out); err != nil {
		t.Fatalf("decoding %s: %v", b, err)
	}
	return b
}

func TestPersonRoundTrip(t *testing.T) {
	at := time.Date(2031, 5, 6, 7, 8, 9, 123456000, time.UTC)
	people := []account.Person{
		{
			ID: account.NewID(), State: account.StateSuspended, SuspendedFrom: account.StateAwaitingConfirmation, Provisioned: true,
			Schemas: []string{scim.UserSchema, scim.EnterpriseUserSchema},
			Attributes: map[string]any{
				"userName": "ann@example.com", "externalId": "e-1", "displayName": "Ann",
				"name":                    map[string]any{"givenName": "Ann", "familyName": "Arbor"},
				"emails":                  []any{map[string]any{"value": "a@home.example", "type": "home"}, map[string]any{"value": "ann@example.com", "primary": true}},
				"x509Certificates":        []any{map[string]any{"value": "MII…"}},
				scim.EnterpriseUserSchema: map[string]any{"employeeNumber": "12", "manager": map[string]any{"value": "m-1"}},
				"custom":                  map[string]any{"n": json.Number("1.50"), "big": json.Number("12345678901234567890"), "ok": true},
			},
			Created: at, Modified: at.Add(time.Hour), Version: 1<<53 + 1,
		},
		{ID: "minimal", State: account.StateInvited, Attributes: map[string]any{"userName": "x"}, Created: at, Modified: at, Version: 1},
		{ID: "empty lists", Schemas: []string{}, Attributes: map[string]any{}},
		{}, // nil attributes and schemas, zero times
	}
	for _, p := range people {
		p.Derive() // derived fields follow the attributes, as in the account
		var w personJSON
		raw := viaJSON(t, toPersonJSON(p), &w)
		if got := w.person(); !reflect.DeepEqual(got, p) {
			t.Errorf("person %q changed on the wire (%s):\n got %#v\nwant %#v", p.ID, raw, got, p)
		}
	}
}

func TestGroupRoundTrip(t *testing.T) {
	at := time.Date(2031, 5, 6, 7, 8, 9, 1000, time.UTC)
	groups := []account.Group{
		{
			ID: account.NewID(), Kind: account.KindCustom, Managed: true, Schemas: []string{scim.GroupSchema},
			Attributes: map[string]any{"displayName": "Engineering", "externalId": "g-1"},
			Created:    at, Modified: at, Version: 3,
		},
		{ID: "builtin", Kind: account.KindOwners, Attributes: map[string]any{"displayName": "Owners"}, Created: at, Modified: at, Version: 1},
		{},
	}
	for _, g := range groups {
		g.Derive()
		var w groupJSON
		raw := viaJSON(t, toGroupJSON(g), &w)
		if got := w.group(); !reflect.DeepEqual(got, g) {
			t.Errorf("group %q changed on the wire (%s):\n got %#v\nwant %#v", g.ID, raw, got, g)
		}
	}
}

func TestWireTime(t *testing.T) {
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		paris = time.FixedZone("CET", 3600)
	}
	tests := []struct {
		in   time.Time
		want string
	}{
		{time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC), `"2030-01-02T03:04:05.000000Z"`},
		{time.Date(2030, 1, 2, 3, 4, 5, 123456789, time.UTC), `"2030-01-02T03:04:05.123456Z"`},
		{time.Date(2030, 1, 2, 4, 4, 5, 0, paris), `"2030-01-02T03:04:05.000000Z"`},
	}
	for _, tc := range tests {
		b, err := json.Marshal(wireTime(tc.in))
		if err != nil || string(b) != tc.want {
			t.Errorf("%v = %s, %v; want %s", tc.in, b, err, tc.want)
		}
	}
	for _, in := range []string{`"2030-01-02T03:04:05Z"`, `"2030-01-02T04:04:05.5+01:00"`} {
		var w wireTime
		if err := json.Unmarshal([]byte(in), &w); err != nil || time.Time(w).Location() != time.UTC {
			t.Errorf("%s: %v, location %v", in, err, time.Time(w).Location())
		}
	}
	for _, in := range []string{`0`, `"yesterday"`, `"2030-01-02"`, `null`} {
		var w wireTime
		if err := json.Unmarshal([]byte(in), &w); err == nil && in != `null` {
			t.Errorf("%s: no error", in)
		}
	}
}

// TestWireNames pins the JSON member names of docs/account-api.md.
func TestWireNames(t *testing.T) {
	p := account.Person{ID: "p", State: account.StateSuspended, SuspendedFrom: account.StateInvited,
		Attributes: map[string]any{"userName": "u", "externalId": "e", "displayName": "d", "emails": []any{map[string]any{"value": "m"}}}}
	p.Derive()
	b, _ := json.Marshal(toPersonJSON(p))
	for _, name := range []string{"id", "userName", "externalId", "displayName", "email", "state", "suspendedFrom", "provisioned", "schemas", "attributes", "created", "modified", "version"} {
		if !strings.Contains(string(b), `"`+name+`":`) {
			t.Errorf("person JSON lacks %q: %s", name, b)
		}
	}
	g := account.Group{ID: "g", Kind: account.KindOwners, Attributes: map[string]any{"displayName": "d", "externalId": "e"}}
	g.Derive()
	b, _ = json.Marshal(toGroupJSON(g))
	for _, name := range []string{"id", "displayName", "externalId", "kind", "managed", "schemas", "attributes", "created", "modified", "version"} {
		if !strings.Contains(string(b), `"`+name+`":`) {
			t.Errorf("group JSON lacks %q: %s", name, b)
		}
	}
}
