package servicetest

import (
	"net/http"
	"testing"

	"github.com/scimbridge/scimbridge/internal/account"
	"github.com/scimbridge/scimbridge/internal/scim"
	"github.com/scimbridge/scimbridge/internal/scim/patch"
)

func testPatchPerson(t *testing.T, svc account.Service, _ Fixture) {
	p := createPerson(t, svc, user("erin@example.com",
		"name", map[string]any{"givenName": "Erin", "familyName": "Brockovich"},
		"emails", []any{map[string]any{"value": "erin@example.com", "type": "work", "primary": true}}))

	steps := []struct {
		name  string
		ops   []patch.Operation
		check func(p account.Person) bool
	}{
		{"replace userName", []patch.Operation{op(t, patch.Replace, "userName", "erin.b@example.com")},
			func(p account.Person) bool { return p.UserName == "erin.b@example.com" }},
		{"replace name.givenName", []patch.Operation{op(t, patch.Replace, "name.givenName", "Erin Pattee")},
			func(p account.Person) bool { return p.GivenName == "Erin Pattee" && p.FamilyName == "Brockovich" }},
		{"replace through an emails filter", []patch.Operation{op(t, patch.Replace, `emails[type eq "work"].value`, "erin@law.example")},
			func(p account.Person) bool {
				return p.Email == "erin@law.example" && len(p.Emails) == 1 && p.Emails[0].Primary
			}},
		{"add an email", []patch.Operation{op(t, patch.Add, "emails", []any{map[string]any{"value": "erin@home.example", "type": "home"}})},
			func(p account.Person) bool { return len(p.Emails) == 2 && p.Email == "erin@law.example" }},
		{"remove an attribute", []patch.Operation{op(t, patch.Remove, "name.familyName", nil)},
			func(p account.Person) bool { return p.FamilyName == "" && p.GivenName == "Erin Pattee" }},
		{"path-less add", []patch.Operation{op(t, patch.Add, "", map[string]any{"displayName": "Erin B.", "title": "Clerk"})},
			func(p account.Person) bool { return p.DisplayName == "Erin B." && p.Attributes["title"] == "Clerk" }},
		{"enterprise extension", []patch.Operation{op(t, patch.Add, scim.EnterpriseUserSchema+":department", "Legal")},
			func(p account.Person) bool {
				ext, _ := p.Attributes[scim.EnterpriseUserSchema].(map[string]any)
				return ext["department"] == "Legal" && len(p.Schemas) == 2
			}},
	}
	version := p.Version
	for _, st := range steps {
		got, err := svc.PatchPerson(t.Context(), p.ID, st.ops, 0)
		if err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		version++
		if !st.check(got) || got.Version != version || got.State != account.StateInvited {
			t.Fatalf("%s: got %+v (version %d, want %d)", st.name, got, got.Version, version)
		}
		if d := diff(getPerson(t, svc, p.ID), got); d != "" {
			t.Fatalf("%s: GetPerson differs from PatchPerson's answer: %s", st.name, d)
		}
	}

	// A PATCH that changes nothing leaves the version where it was.
	same, err := svc.PatchPerson(t.Context(), p.ID, []patch.Operation{op(t, patch.Replace, "displayName", "Erin B.")}, 0)
	if err != nil || same.Version != version {
		t.Errorf("no-op PATCH: version %d, %v; want %d", same.Version, err, version)
	}

	_, err = svc.PatchPerson(t.Context(), account.NewID(), []patch.Operation{op(t, patch.Replace, "displayName", "x")}, 0)
	wantErr(t, "PatchPerson of nobody", err, account.ErrNotFound)
	_, err = svc.PatchPerson(t.Context(), p.ID, []patch.Operation{op(t, patch.Remove, "userName", nil)}, 0)
	wantSCIMErr(t, "removing userName", err, http.StatusBadRequest, scim.ErrInvalidValue)
}

func testPatchPersonActive(t *testing.T, svc account.Service, _ Fixture) {
	p := createPerson(t, svc, user("frank@example.com"))
	s, err := svc.PatchPerson(t.Context(), p.ID, []patch.Operation{op(t, patch.Replace, "active", false)}, 0)
	if err != nil {
		t.Fatalf("active false: %v", err)
	}
	if s.State != account.StateSuspended || s.SuspendedFrom != account.StateInvited || s.Active() || s.Version != 2 {
		t.Errorf("active false: state %q from %q version %d; want suspended from invited", s.State, s.SuspendedFrom, s.Version)
	}
	again, err := svc.PatchPerson(t.Context(), p.ID, []patch.Operation{op(t, patch.Replace, "active", false)}, 0)
	if err != nil || again.Version != 2 || again.State != account.StateSuspended {
		t.Errorf("active false twice: version %d state %q, %v; want no change", again.Version, again.State, err)
	}
	r, err := svc.PatchPerson(t.Context(), p.ID, []patch.Operation{op(t, patch.Replace, "", map[string]any{"active": true})}, 0)
	if err != nil {
		t.Fatalf("active true: %v", err)
	}
	if r.State != account.StateInvited || r.SuspendedFrom != "" || !r.Active() || r.Version != 3 {
		t.Errorf("active true: state %q from %q version %d; want invited again", r.State, r.SuspendedFrom, r.Version)
	}
	if _, ok := r.Attributes["active"]; ok {
		t.Errorf("attributes hold active: %v", r.Attributes)
	}
}

func testPatchPersonAtomic(t *testing.T, svc account.Service, _ Fixture) {
	p := createPerson(t, svc, user("grace@example.com", "displayName", "Grace Hopper"))
	tests := []struct {
		name     string
		ops      []patch.Operation
		scimType string
	}{
		{"unknown path", []patch.Operation{
			op(t, patch.Replace, "displayName", "Changed"),
			op(t, patch.Replace, "noSuchAttribute", "x"),
		}, scim.ErrInvalidPath},
		{"filter matching nothing", []patch.Operation{
			op(t, patch.Replace, "active", false),
			op(t, patch.Replace, `emails[value sw "nothing"].type`, "work"),
		}, scim.ErrNoTarget},
		{"wrong type", []patch.Operation{
			op(t, patch.Replace, "userName", "grace.h@example.com"),
			op(t, patch.Replace, "name.givenName", []any{"not", "a", "string"}),
		}, scim.ErrInvalidValue},
		{"eq filter matching nothing (RFC 7644 §3.5.2.3)", []patch.Operation{
			op(t, patch.Replace, "displayName", "Changed"),
			op(t, patch.Replace, `emails[type eq "fax"].value`, "fax@example.com"),
		}, scim.ErrNoTarget},
		// changePassword is not supported (ServiceProviderConfig).
		{"password", []patch.Operation{op(t, patch.Replace, "password", "s3cret")}, scim.ErrMutability},
		{"password in a path-less value", []patch.Operation{
			op(t, patch.Replace, "", map[string]any{"active": false, "password": "s3cret"}),
		}, scim.ErrMutability},
	}
	for _, tc := range tests {
		_, err := svc.PatchPerson(t.Context(), p.ID, tc.ops, 0)
		wantSCIMErr(t, tc.name, err, http.StatusBadRequest, tc.scimType)
		if d := diff(getPerson(t, svc, p.ID), p); d != "" {
			t.Errorf("%s: a failed PATCH changed the person: %s", tc.name, d)
		}
	}
	_, err := svc.ReplacePerson(t.Context(), p.ID, user("grace@example.com", "displayName", "Changed", "password", "s3cret"), 0)
	wantSCIMErr(t, "ReplacePerson with a password", err, http.StatusBadRequest, scim.ErrMutability)
	if d := diff(getPerson(t, svc, p.ID), p); d != "" {
		t.Errorf("a refused PUT changed the person: %s", d)
	}
}

func testPersonPreconditions(t *testing.T, svc account.Service, _ Fixture) {
	p := createPerson(t, svc, user("heidi@example.com"))
	ctx := t.Context()
	stale := p.Version + 1
	_, err := svc.ReplacePerson(ctx, p.ID, user("heidi@example.com", "displayName", "H"), stale)
	wantErr(t, "ReplacePerson at a stale version", err, account.ErrPrecondition)
	_, err = svc.PatchPerson(ctx, p.ID, []patch.Operation{op(t, patch.Replace, "displayName", "H")}, stale)
	wantErr(t, "PatchPerson at a stale version", err, account.ErrPrecondition)
	err = svc.DeletePerson(ctx, p.ID, stale)
	wantErr(t, "DeletePerson at a stale version", err, account.ErrPrecondition)
	if d := diff(getPerson(t, svc, p.ID), p); d != "" {
		t.Fatalf("refused writes changed the person: %s", d)
	}

	q, err := svc.PatchPerson(ctx, p.ID, []patch.Operation{op(t, patch.Replace, "displayName", "Heidi")}, p.Version)
	if err != nil || q.Version != p.Version+1 {
		t.Fatalf("PatchPerson at the current version: version %d, %v", q.Version, err)
	}
	_, err = svc.PatchPerson(ctx, p.ID, []patch.Operation{op(t, patch.Replace, "displayName", "Heidi K.")}, p.Version)
	wantErr(t, "PatchPerson at the version before", err, account.ErrPrecondition)
	if err := svc.DeletePerson(ctx, p.ID, q.Version); err != nil {
		t.Fatalf("DeletePerson at the current version: %v", err)
	}
}
