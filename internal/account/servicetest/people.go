package servicetest

import (
	"encoding/json"
	"net/http"
	"reflect"
	"testing"

	"github.com/scimbridge/scimbridge/internal/account"
	"github.com/scimbridge/scimbridge/internal/scim"
)

func testCreatePerson(t *testing.T, svc account.Service, _ Fixture) {
	doc := user("Alice.Liddell@Example.com",
		"externalId", "ext-alice",
		"displayName", "Alice Liddell",
		"name", map[string]any{"givenName": "Alice", "familyName": "Liddell"},
		"emails", []any{
			map[string]any{"value": "alice@home.example", "type": "home"},
			map[string]any{"value": "alice@example.com", "type": "work", "Primary": true},
		},
		scim.EnterpriseUserSchema, map[string]any{"department": "Tea", "employeeNumber": "42"},
		"favouriteColour", "blue", // not in the schema: dropped
		"password", "hunter2", // never kept
	)
	p := createPerson(t, svc, doc)

	if p.ID == "" || p.State != account.StateInvited || p.SuspendedFrom != "" || !p.Provisioned || !p.Active() || p.Version != 1 {
		t.Errorf("new person: id %q state %q suspendedFrom %q provisioned %v version %d; want an id, invited, provisioned, version 1",
			p.ID, p.State, p.SuspendedFrom, p.Provisioned, p.Version)
	}
	if p.Created.IsZero() || !p.Modified.Equal(p.Created) {
		t.Errorf("created %v modified %v, want both set and equal", p.Created, p.Modified)
	}
	if p.UserName != "Alice.Liddell@Example.com" || p.ExternalID != "ext-alice" || p.DisplayName != "Alice Liddell" ||
		p.GivenName != "Alice" || p.FamilyName != "Liddell" {
		t.Errorf("derived fields %q %q %q %q %q", p.UserName, p.ExternalID, p.DisplayName, p.GivenName, p.FamilyName)
	}
	if p.Email != "alice@example.com" {
		t.Errorf("Email = %q, want the primary email", p.Email)
	}
	wantEmails := []account.Email{{Value: "alice@home.example", Type: "home"}, {Value: "alice@example.com", Type: "work", Primary: true}}
	if !reflect.DeepEqual(p.Emails, wantEmails) {
		t.Errorf("Emails = %+v, want %+v", p.Emails, wantEmails)
	}
	for _, gone := range []string{"favouriteColour", "password", "active", "schemas", "id", "meta"} {
		if _, ok := p.Attributes[gone]; ok {
			t.Errorf("attributes hold %q: %v", gone, p.Attributes)
		}
	}
	emails, _ := p.Attributes["emails"].([]any)
	if len(emails) != 2 {
		t.Fatalf("attributes emails = %#v", p.Attributes["emails"])
	}
	work, _ := emails[1].(map[string]any)
	if work["primary"] != true || work["Primary"] != nil {
		t.Errorf(`"Primary": true was not normalised to "primary": %#v`, work)
	}
	ext, _ := p.Attributes[scim.EnterpriseUserSchema].(map[string]any)
	if ext["department"] != "Tea" || ext["employeeNumber"] != "42" {
		t.Errorf("enterprise extension = %#v", p.Attributes[scim.EnterpriseUserSchema])
	}
	if !reflect.DeepEqual(p.Schemas, []string{scim.UserSchema, scim.EnterpriseUserSchema}) {
		t.Errorf("Schemas = %v", p.Schemas)
	}

	got := getPerson(t, svc, p.ID)
	if d := diff(got, p); d != "" {
		t.Errorf("GetPerson differs from what CreatePerson returned: %s", d)
	}
}

func testCreatePersonActive(t *testing.T, svc account.Service, _ Fixture) {
	tests := []struct {
		name       string
		active     any
		wantState  account.State
		wantFrom   account.State
		wantActive bool
	}{
		{"true", true, account.StateInvited, "", true},
		{"false", false, account.StateSuspended, account.StateInvited, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := createPerson(t, svc, user("active-"+tc.name+"@example.com", "active", tc.active))
			if p.State != tc.wantState || p.SuspendedFrom != tc.wantFrom || p.Active() != tc.wantActive {
				t.Errorf("state %q from %q active %v, want %q from %q active %v", p.State, p.SuspendedFrom, p.Active(), tc.wantState, tc.wantFrom, tc.wantActive)
			}
			if _, ok := p.Attributes["active"]; ok {
				t.Errorf("attributes hold active: %v", p.Attributes)
			}
			if d := diff(getPerson(t, svc, p.ID), p); d != "" {
				t.Errorf("GetPerson differs: %s", d)
			}
		})
	}
}

func testCreatePersonInvalid(t *testing.T, svc account.Service, _ Fixture) {
	tests := []struct {
		name string
		doc  map[string]any
	}{
		{"no userName", map[string]any{"displayName": "Nobody"}},
		{"empty userName", user("")},
		{"userName not a string", map[string]any{"userName": json.Number("42")}},
		{"active not a boolean", user("x@example.com", "active", "yes please")},
		{"emails not a list of objects", user("y@example.com", "emails", []any{json.Number("1")})},
		{"two primary emails", user("z@example.com", "emails", []any{
			map[string]any{"value": "a@example.com", "primary": true},
			map[string]any{"value": "b@example.com", "primary": true},
		})},
	}
	for _, tc := range tests {
		_, err := svc.CreatePerson(t.Context(), tc.doc)
		wantSCIMErr(t, tc.name, err, http.StatusBadRequest, scim.ErrInvalidValue)
	}
	people, total, err := svc.ListPeople(t.Context(), account.Query{Count: 10})
	if err != nil || total != 0 || len(people) != 0 {
		t.Errorf("after invalid creates: %d people (%d), %v; want none", total, len(people), err)
	}
}

func testCreatePersonDuplicate(t *testing.T, svc account.Service, _ Fixture) {
	createPerson(t, svc, user("bob@example.com"))
	for _, name := range []string{"bob@example.com", "BOB@EXAMPLE.COM", "Bob@Example.Com"} {
		_, err := svc.CreatePerson(t.Context(), user(name))
		wantErr(t, "CreatePerson("+name+")", err, account.ErrAlreadyExists)
	}
}

func testGetPersonNotFound(t *testing.T, svc account.Service, _ Fixture) {
	for _, id := range []string{account.NewID(), "not-an-id", "a/b", "groups"} {
		_, err := svc.GetPerson(t.Context(), id)
		wantErr(t, "GetPerson("+id+")", err, account.ErrNotFound)
	}
}

func testReplacePerson(t *testing.T, svc account.Service, _ Fixture) {
	p := createPerson(t, svc, user("carol@example.com", "externalId", "ext-carol",
		"name", map[string]any{"givenName": "Carol", "familyName": "Danvers"}))
	other := createPerson(t, svc, user("dave@example.com"))

	r, err := svc.ReplacePerson(t.Context(), p.ID, user("carol.d@example.com",
		"name", map[string]any{"givenName": "Carol Susan"},
		"emails", []any{map[string]any{"value": "carol@work.example", "type": "work"}}), 0)
	if err != nil {
		t.Fatalf("ReplacePerson: %v", err)
	}
	if r.ID != p.ID || r.UserName != "carol.d@example.com" || r.GivenName != "Carol Susan" || r.FamilyName != "" || r.ExternalID != "" {
		t.Errorf("replaced: %q %q %q %q %q; want every attribute replaced", r.ID, r.UserName, r.GivenName, r.FamilyName, r.ExternalID)
	}
	if r.Email != "carol@work.example" {
		t.Errorf("Email = %q", r.Email)
	}
	if r.State != account.StateInvited || r.Version != 2 || !r.Created.Equal(p.Created) || r.Modified.Before(p.Modified) {
		t.Errorf("state %q version %d created %v modified %v: a replace without active keeps the state and moves the version",
			r.State, r.Version, r.Created, r.Modified)
	}
	if d := diff(getPerson(t, svc, p.ID), r); d != "" {
		t.Errorf("GetPerson differs from ReplacePerson's answer: %s", d)
	}

	s, err := svc.ReplacePerson(t.Context(), p.ID, user("carol.d@example.com", "active", false), r.Version)
	if err != nil {
		t.Fatalf("ReplacePerson(active false): %v", err)
	}
	if s.State != account.StateSuspended || s.SuspendedFrom != account.StateInvited || s.Version != 3 {
		t.Errorf("after active false: state %q from %q version %d", s.State, s.SuspendedFrom, s.Version)
	}
	s, err = svc.ReplacePerson(t.Context(), p.ID, user("carol.d@example.com", "active", true), 0)
	if err != nil || s.State != account.StateInvited || s.SuspendedFrom != "" {
		t.Errorf("after active true: state %q from %q, %v; want invited again", s.State, s.SuspendedFrom, err)
	}

	_, err = svc.ReplacePerson(t.Context(), p.ID, user("DAVE@example.com"), 0)
	wantErr(t, "ReplacePerson to a taken userName", err, account.ErrAlreadyExists)
	_, err = svc.ReplacePerson(t.Context(), account.NewID(), user("nobody@example.com"), 0)
	wantErr(t, "ReplacePerson of nobody", err, account.ErrNotFound)
	_, err = svc.ReplacePerson(t.Context(), p.ID, map[string]any{"displayName": "no userName"}, 0)
	wantSCIMErr(t, "ReplacePerson without userName", err, http.StatusBadRequest, scim.ErrInvalidValue)
	if got := getPerson(t, svc, other.ID); got.UserName != "dave@example.com" {
		t.Errorf("the other person changed: %q", got.UserName)
	}
}
