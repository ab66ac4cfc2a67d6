package api

import (
	"context"
	"reflect"
	"testing"

	"github.com/scimbridge/scimbridge/internal/account"
	"github.com/scimbridge/scimbridge/internal/account/local"
	"github.com/scimbridge/scimbridge/internal/account/servicetest"
)

// The Service contract, over HTTP: the client talking to the server in
// front of a local account.

func TestServiceOverHTTP(t *testing.T) {
	servicetest.Run(t, func(t *testing.T) (account.Service, servicetest.Fixture) {
		s := newTestServer(t)
		return s.Client, s.Local
	})
}

func TestServiceOverHTTPPostgres(t *testing.T) {
	servicetest.Run(t, func(t *testing.T) (account.Service, servicetest.Fixture) {
		s := newTestServerOn(t, servicetest.OpenPostgres(t), local.Options{})
		return s.Client, s.Local
	})
}

// TestSameAsLocal reads the same data in-process and over HTTP: the wire
// changes nothing.
func TestSameAsLocal(t *testing.T) {
	ctx := context.Background()
	s := newTestServer(t)
	direct := s.Service(t)
	p, err := s.Client.CreatePerson(ctx, map[string]any{
		"userName": "ann@example.com", "displayName": "Ann", "title": "Ms",
		"name":   map[string]any{"givenName": "Ann", "familyName": "Arbor"},
		"emails": []any{map[string]any{"value": "ann@example.com", "type": "work", "primary": true}, map[string]any{"value": "ann@home.example"}},
		"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": map[string]any{
			"employeeNumber": "7", "manager": map[string]any{"value": "boss-id"},
		},
		"active": false,
	})
	if err != nil {
		t.Fatal(err)
	}
	g, err := s.Client.CreateGroup(ctx, map[string]any{"displayName": "Team", "externalId": "t-1",
		"members": []any{map[string]any{"value": p.ID, "display": "Ann!"}}})
	if err != nil {
		t.Fatal(err)
	}

	checks := []struct {
		name string
		read func(svc account.Service) (any, error)
	}{
		{"Info", func(svc account.Service) (any, error) { return svc.Info(ctx) }},
		{"GetPerson", func(svc account.Service) (any, error) { return svc.GetPerson(ctx, p.ID) }},
		{"ListPeople", func(svc account.Service) (any, error) {
			people, total, err := svc.ListPeople(ctx, account.Query{Count: 10})
			return []any{people, total}, err
		}},
		{"GetGroup", func(svc account.Service) (any, error) { return svc.GetGroup(ctx, g.ID) }},
		{"Members", func(svc account.Service) (any, error) { return svc.Members(ctx, g.ID) }},
		{"ListGroups", func(svc account.Service) (any, error) {
			groups, total, err := svc.ListGroups(ctx, account.Query{Count: 10})
			return []any{groups, total}, err
		}},
		{"GroupsOf", func(svc account.Service) (any, error) { return svc.GroupsOf(ctx, []string{p.ID}) }},
	}
	for _, c := range checks {
		want, err := c.read(direct)
		if err != nil {
			t.Fatalf("%s in-process: %v", c.name, err)
		}
		got, err := c.read(s.Client)
		if err != nil {
			t.Fatalf("%s over HTTP: %v", c.name, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s over HTTP:\n got %#v\nwant %#v", c.name, got, want)
		}
	}
}
