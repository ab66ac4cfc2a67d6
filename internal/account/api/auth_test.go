package api

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/scimbridge/scimbridge/internal/account"
	"github.com/scimbridge/scimbridge/internal/account/store"
	"github.com/scimbridge/scimbridge/internal/scim"
)

func TestAuth(t *testing.T) {
	s := newTestServer(t)
	p := mustCreate(t, s.Client, "ann@example.com")
	_, revokedKey, err := s.Account.CreateIntegration(context.Background(), "Soon revoked")
	if err != nil {
		t.Fatal(err)
	}
	revokedID := strings.Split(revokedKey, "_")[1]
	if err := s.Account.RevokeCredential(context.Background(), revokedID); err != nil {
		t.Fatal(err)
	}
	wrongSecret := s.IntegrationKey[:len(s.IntegrationKey)-2] + "zz"

	tests := []struct {
		name   string
		header string // the whole Authorization header; none when ""
		status int
		code   string
	}{
		{"no header", "", 401, "unauthorized"},
		{"empty bearer", "Bearer ", 401, "unauthorized"},
		{"basic", "Basic dXNlcjpwYXNz", 401, "unauthorized"},
		{"not a key", "Bearer hello", 401, "unauthorized"},
		{"wrong secret", "Bearer " + wrongSecret, 401, "unauthorized"},
		{"unknown credential", "Bearer sbk1_" + account.NewID() + "_" + strings.Repeat("A", 43), 401, "unauthorized"},
		{"revoked", "Bearer " + revokedKey, 401, "unauthorized"},
		{"owner key", "Bearer " + s.OwnerKey, 403, "forbidden"},
		{"integration key", "Bearer " + s.IntegrationKey, 200, ""},
		{"scheme in lower case", "bearer " + s.IntegrationKey, 200, ""},
	}
	routes := []struct{ method, path, body string }{
		{"GET", "/v1/account", ""},
		{"GET", "/v1/people/" + p.ID, ""},
		{"GET", "/v1/people?count=1", ""},
		{"POST", "/v1/people/groups", `{"ids":[]}`},
		{"GET", "/v1/groups", ""},
	}
	for _, tc := range tests {
		for _, rt := range routes {
			var headers []string
			if tc.header != "" {
				headers = []string{"Authorization", tc.header}
			}
			r := send(t, rt.method, s.URL+rt.path, "", rt.body, headers...)
			if r.Status != tc.status || r.Err.Error != tc.code {
				t.Errorf("%s: %s %s = %d %q, want %d %q", tc.name, rt.method, rt.path, r.Status, r.Err.Error, tc.status, tc.code)
			}
			if r.Status == 401 && r.Header.Get("WWW-Authenticate") == "" {
				t.Errorf("%s: 401 without WWW-Authenticate", tc.name)
			}
			for _, key := range []string{s.IntegrationKey, s.OwnerKey, revokedKey, wrongSecret} {
				if r.Status >= 400 && strings.Contains(string(r.Body), key[len(key)-20:]) {
					t.Errorf("%s: the error body quotes a key", tc.name)
				}
			}
		}
	}
	if _, err := NewClient(s.URL, "sbk1_nonsense").GetPerson(context.Background(), p.ID); !errors.Is(err, account.ErrUnauthorized) {
		t.Errorf("client with a bad key: %v, want ErrUnauthorized", err)
	}
	if _, err := NewClient(s.URL, s.OwnerKey).GetPerson(context.Background(), p.ID); !errors.Is(err, account.ErrForbidden) {
		t.Errorf("client with the owner key: %v, want ErrForbidden", err)
	}
	if strings.Contains(s.logs.String(), s.IntegrationKey) || strings.Contains(s.logs.String(), s.OwnerKey) {
		t.Errorf("the server logged a key")
	}
}

func TestIntegrations(t *testing.T) {
	ctx := account.WithActor(context.Background(), account.Actor{RequestID: "setup-1"})
	s := newTestServer(t)
	admin := NewClient(s.URL, "")

	id, key, err := admin.CreateIntegration(ctx, s.OwnerKey, "Okta")
	if err != nil {
		t.Fatalf("CreateIntegration: %v", err)
	}
	if id == "" || !strings.HasPrefix(key, "sbk1_"+id+"_") {
		t.Fatalf("CreateIntegration = %q, %q", id, key)
	}
	okta := NewClient(s.URL, key)
	if _, err := okta.Info(ctx); err != nil {
		t.Fatalf("the new integration cannot provision: %v", err)
	}
	events, err := s.Account.Audit(ctx, store.AuditQuery{})
	if err != nil {
		t.Fatal(err)
	}
	var created bool
	for _, e := range events {
		if e.Action == "credential.create" && e.TargetID == id {
			created = true
			if e.Actor.Kind != account.ActorOwner || e.Actor.RequestID != "setup-1" || e.Actor.ID == "" {
				t.Errorf("credential.create actor = %+v, want the owner with the request id", e.Actor)
			}
		}
	}
	if !created {
		t.Errorf("no credential.create event for %s", id)
	}

	refused := []struct {
		name string
		key  string
		what string
		err  func(error) bool
	}{
		{"integration key", s.IntegrationKey, "Okta 2", func(err error) bool { return errors.Is(err, account.ErrForbidden) }},
		{"bad key", "sbk1_nope", "Okta 2", func(err error) bool { return errors.Is(err, account.ErrUnauthorized) }},
		{"no key", "", "Okta 2", func(err error) bool { return errors.Is(err, account.ErrUnauthorized) }},
		{"empty name", s.OwnerKey, "  ", func(err error) bool {
			e, ok := scim.AsError(err)
			return ok && e.Status == 400 && e.ScimType == scim.ErrInvalidValue
		}},
		{"long name", s.OwnerKey, strings.Repeat("n", 201), func(err error) bool { _, ok := scim.AsError(err); return ok }},
	}
	for _, tc := range refused {
		if _, _, err := admin.CreateIntegration(ctx, tc.key, tc.what); !tc.err(err) {
			t.Errorf("CreateIntegration with %s: %v", tc.name, err)
		}
	}
	r := send(t, "POST", s.URL+"/v1/integrations", s.OwnerKey, `{"name":"x","kind":"owner"}`)
	if r.Status != 400 {
		t.Errorf("unknown member in the body: %d, want 400", r.Status)
	}

	if err := admin.RevokeIntegration(ctx, s.IntegrationKey, id); !errors.Is(err, account.ErrForbidden) {
		t.Errorf("RevokeIntegration with an integration key: %v", err)
	}
	if err := admin.RevokeIntegration(ctx, s.OwnerKey, id); err != nil {
		t.Fatalf("RevokeIntegration: %v", err)
	}
	if _, err := okta.Info(ctx); !errors.Is(err, account.ErrUnauthorized) {
		t.Errorf("the revoked integration still provisions: %v", err)
	}
	if err := admin.RevokeIntegration(ctx, s.OwnerKey, id); err != nil {
		t.Errorf("revoking twice: %v", err)
	}
	ownerID := strings.Split(s.OwnerKey, "_")[1]
	for _, other := range []string{ownerID, account.NewID(), "not-an-id"} {
		if err := admin.RevokeIntegration(ctx, s.OwnerKey, other); !errors.Is(err, account.ErrNotFound) {
			t.Errorf("RevokeIntegration(%s): %v, want ErrNotFound", other, err)
		}
	}
	if _, err := s.Account.Authenticate(ctx, s.OwnerKey); err != nil {
		t.Errorf("the owner key stopped working: %v", err)
	}
}
