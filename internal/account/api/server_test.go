package api

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/scimbridge/scimbridge/internal/account"
	"github.com/scimbridge/scimbridge/internal/account/local"
	"github.com/scimbridge/scimbridge/internal/account/servicetest"
	"github.com/scimbridge/scimbridge/internal/account/store"
	"github.com/scimbridge/scimbridge/internal/config"
	"github.com/scimbridge/scimbridge/internal/obs"
	"github.com/scimbridge/scimbridge/internal/scim"
)

func TestBodyLimit(t *testing.T) {
	s := newTestServer(t)
	big := `{"attributes":{"userName":"big@example.com","displayName":"` + strings.Repeat("a", MaxBodyBytes) + `"}}`
	r := send(t, "POST", s.URL+"/v1/people", s.IntegrationKey, big)
	if r.Status != http.StatusRequestEntityTooLarge || r.Err.Error != "invalid" {
		t.Errorf("a body over the limit: %d %+v, want 413 invalid", r.Status, r.Err)
	}
	_, err := s.Client.CreatePerson(context.Background(), map[string]any{"userName": "big@example.com", "displayName": strings.Repeat("a", MaxBodyBytes)})
	if e, ok := scim.AsError(err); !ok || e.Status != 413 {
		t.Errorf("client: %v, want a 413 *scim.Error", err)
	}
	ok := `{"attributes":{"userName":"fits@example.com","title":"` + strings.Repeat("a", 1<<20) + `"}}`
	if r := send(t, "POST", s.URL+"/v1/people", s.IntegrationKey, ok); r.Status != 201 {
		t.Errorf("a 1 MiB body: %d %s", r.Status, r.Err.Detail)
	}
}

func TestMalformedBodies(t *testing.T) {
	s := newTestServer(t)
	p := mustCreate(t, s.Client, "ann@example.com")
	patchURL := s.URL + "/v1/people/" + p.ID
	tests := []struct {
		name, method, url, body, scimType string
	}{
		{"empty", "POST", "/v1/people", "", scim.ErrInvalidSyntax},
		{"truncated", "POST", "/v1/people", `{"attributes":{"userName":`, scim.ErrInvalidSyntax},
		{"not JSON", "POST", "/v1/people", `userName=ann`, scim.ErrInvalidSyntax},
		{"an array", "POST", "/v1/people", `[{"userName":"x"}]`, scim.ErrInvalidSyntax},
		{"null", "POST", "/v1/people", `null`, scim.ErrInvalidSyntax},
		{"no attributes", "POST", "/v1/people", `{}`, scim.ErrInvalidSyntax},
		{"attributes not an object", "POST", "/v1/people", `{"attributes":"userName"}`, scim.ErrInvalidSyntax},
		{"unknown member", "POST", "/v1/people", `{"attributes":{"userName":"x@example.com"},"id":"mine"}`, scim.ErrInvalidSyntax},
		{"two values", "POST", "/v1/people", `{"attributes":{"userName":"x@example.com"}} {}`, scim.ErrInvalidSyntax},
		{"bad document", "PUT", "/v1/people/" + p.ID, `{"attributes":{"userName":true}}`, scim.ErrInvalidValue},
		{"groupsOf ids not a list", "POST", "/v1/people/groups", `{"ids":"x"}`, scim.ErrInvalidSyntax},
		{"patch without schemas", "PATCH", patchURL, `{"Operations":[{"op":"add","path":"title","value":"x"}]}`, scim.ErrInvalidSyntax},
		{"patch without operations", "PATCH", patchURL, `{"schemas":["` + scim.PatchOpMessage + `"],"Operations":[]}`, scim.ErrInvalidSyntax},
		{"patch unknown op", "PATCH", patchURL, `{"schemas":["` + scim.PatchOpMessage + `"],"Operations":[{"op":"move","path":"title"}]}`, scim.ErrInvalidSyntax},
		{"patch bad path", "PATCH", patchURL, `{"schemas":["` + scim.PatchOpMessage + `"],"Operations":[{"op":"remove","path":"emails[type eq"}]}`, scim.ErrInvalidPath},
		{"patch null", "PATCH", patchURL, `null`, scim.ErrInvalidSyntax},
		{"group patch not JSON", "PATCH", "/v1/groups/" + account.NewID(), `{`, scim.ErrInvalidSyntax},
	}
	for _, tc := range tests {
		u := tc.url
		if strings.HasPrefix(u, "/") {
			u = s.URL + u
		}
		r := send(t, tc.method, u, s.IntegrationKey, tc.body)
		if r.Status != 400 || r.Err.Error != "invalid" || r.Err.ScimType != tc.scimType {
			t.Errorf("%s: %d %+v, want 400 invalid %s", tc.name, r.Status, r.Err, tc.scimType)
		}
	}
	if got, err := s.Client.GetPerson(context.Background(), p.ID); err != nil || got.Version != p.Version {
		t.Errorf("malformed requests changed the person: %+v, %v", got, err)
	}
}

func TestIfVersion(t *testing.T) {
	tests := []struct {
		values []string
		want   int64
		ok     bool
	}{
		{nil, 0, true},
		{[]string{`"3"`}, 3, true},
		{[]string{` "42" `}, 42, true},
		{[]string{`W/"7"`}, 7, true},
		{[]string{`*`}, 0, true},
		{[]string{`"9223372036854775807"`}, 9223372036854775807, true},
		{[]string{`3`}, 0, false},
		{[]string{`""`}, 0, false},
		{[]string{`"0"`}, 0, false},
		{[]string{`"-1"`}, 0, false},
		{[]string{`"+1"`}, 0, false},
		{[]string{`"1.0"`}, 0, false},
		{[]string{`"abc"`}, 0, false},
		{[]string{`"9223372036854775808"`}, 0, false},
		{[]string{`w/"3"`}, 0, false},
		{[]string{`"3", "4"`}, 0, false},
		{[]string{`"3"`, `"4"`}, 0, false},
		{[]string{``}, 0, false},
	}
	for _, tc := range tests {
		r := httptest.NewRequest("PUT", "/v1/people/x", nil)
		for _, v := range tc.values {
			r.Header.Add("If-Match", v)
		}
		got, err := ifVersion(r)
		if tc.ok && (err != nil || got != tc.want) {
			t.Errorf("If-Match %q = %d, %v; want %d", tc.values, got, err, tc.want)
		}
		if !tc.ok {
			if e, ok := scim.AsError(err); !ok || e.Status != 400 {
				t.Errorf("If-Match %q = %d, %v; want a 400 error", tc.values, got, err)
			}
		}
	}
}

func TestIfMatchOverHTTP(t *testing.T) {
	s := newTestServer(t)
	p := mustCreate(t, s.Client, "ann@example.com")
	body := `{"schemas":["` + scim.PatchOpMessage + `"],"Operations":[{"op":"replace","path":"title","value":"Dr"}]}`
	url := s.URL + "/v1/people/" + p.ID
	if r := send(t, "PATCH", url, s.IntegrationKey, body, "If-Match", `"2"`); r.Status != 412 || r.Err.Error != "precondition_failed" {
		t.Errorf("stale If-Match: %d %+v", r.Status, r.Err)
	}
	if r := send(t, "PATCH", url, s.IntegrationKey, body, "If-Match", `version one`); r.Status != 400 || r.Err.Error != "invalid" {
		t.Errorf("malformed If-Match: %d %+v", r.Status, r.Err)
	}
	r := send(t, "PATCH", url, s.IntegrationKey, body, "If-Match", `W/"1"`)
	if r.Status != 200 || r.Header.Get("ETag") != `"2"` {
		t.Errorf("current If-Match: %d, ETag %q", r.Status, r.Header.Get("ETag"))
	}
	if r := send(t, "DELETE", url, s.IntegrationKey, "", "If-Match", `"1"`); r.Status != 412 {
		t.Errorf("stale DELETE: %d", r.Status)
	}
	if r := send(t, "DELETE", url, s.IntegrationKey, "", "If-Match", `"2"`); r.Status != 204 || len(r.Body) != 0 {
		t.Errorf("DELETE: %d %q", r.Status, r.Body)
	}
}

func TestRoutes(t *testing.T) {
	s := newTestServer(t)
	tests := []struct {
		method, path string
		key          bool
		status       int
		code         string
	}{
		{"GET", "/v1/health", false, 200, ""},
		{"GET", "/v1/nothing", true, 404, "not_found"},
		{"GET", "/v2/people", true, 404, "not_found"},
		{"GET", "/", false, 404, "not_found"},
		{"DELETE", "/v1/health", false, 405, "method_not_allowed"},
		{"POST", "/v1/account", true, 405, "method_not_allowed"},
		{"PATCH", "/v1/people", true, 405, "method_not_allowed"},
		{"GET", "/v1/integrations", true, 405, "method_not_allowed"},
		{"GET", "/v1/people/" + account.NewID(), true, 404, "not_found"},
		{"GET", "/v1/people/" + account.NewID() + "/members", true, 404, "not_found"},
		{"GET", "/v1/groups/" + account.NewID() + "/members", true, 404, "not_found"},
	}
	for _, tc := range tests {
		key := ""
		if tc.key {
			key = s.IntegrationKey
		}
		r := send(t, tc.method, s.URL+tc.path, key, "")
		if r.Status != tc.status || r.Err.Error != tc.code {
			t.Errorf("%s %s = %d %q, want %d %q", tc.method, tc.path, r.Status, r.Err.Error, tc.status, tc.code)
		}
		if r.Status == 405 && r.Header.Get("Allow") == "" {
			t.Errorf("%s %s: 405 without Allow", tc.method, tc.path)
		}
		if ct := r.Header.Get("Content-Type"); ct != "application/json" {
			t.Errorf("%s %s: Content-Type %q", tc.method, tc.path, ct)
		}
	}
	r := send(t, "GET", s.URL+"/v1/health", "", "")
	var h healthResponse
	if err := json.Unmarshal(r.Body, &h); err != nil || h.Status != "ok" {
		t.Errorf("health body %q", r.Body)
	}
	if err := NewClient(s.URL, "").Health(context.Background()); err != nil {
		t.Errorf("Health: %v", err)
	}
}

func TestHealthBeforeInit(t *testing.T) {
	acct := local.New(servicetest.OpenSQLite(t), local.Options{})
	srv := httptest.NewServer(NewServer(acct, nil))
	defer srv.Close()
	r := send(t, "GET", srv.URL+"/v1/health", "", "")
	if r.Status != 503 || r.Err.Error != "unavailable" || r.Header.Get("Retry-After") == "" {
		t.Errorf("health of an account not created: %d %+v, Retry-After %q", r.Status, r.Err, r.Header.Get("Retry-After"))
	}
	if err := NewClient(srv.URL, "").Health(context.Background()); !errors.Is(err, account.ErrUnavailable) {
		t.Errorf("Health: %v, want ErrUnavailable", err)
	}
}

func TestPanicsAreRecovered(t *testing.T) {
	logs := &syncBuffer{}
	s := &server{log: slog.New(slog.NewTextHandler(logs, nil))}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v1/boom", func(http.ResponseWriter, *http.Request) { panic("kaboom: secret state") })
	srv := httptest.NewServer(s.middleware(mux))
	defer srv.Close()
	r := send(t, "GET", srv.URL+"/v1/boom", "", "")
	if r.Status != 500 || r.Err.Error != "internal" || strings.Contains(string(r.Body), "kaboom") {
		t.Errorf("panic: %d %s", r.Status, r.Body)
	}
	if !strings.Contains(logs.String(), "kaboom") {
		t.Errorf("the panic was not logged: %s", logs)
	}
}

func TestLogs(t *testing.T) {
	s := newTestServer(t)
	ctx := account.WithActor(context.Background(), account.Actor{RequestID: "req-log-1"})
	if _, err := s.Client.CreatePerson(ctx, map[string]any{"userName": "ann@example.com", "password": "hunter2-secret"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Client.GetPerson(ctx, account.NewID()); !errors.Is(err, account.ErrNotFound) {
		t.Fatal(err)
	}
	logs := s.logs.String()
	for _, want := range []string{`route="POST /v1/people"`, `route="GET /v1/people/{id}"`, "status=201", "status=404", "request_id=req-log-1", "duration="} {
		if !strings.Contains(logs, want) {
			t.Errorf("the logs lack %s:\n%s", want, logs)
		}
	}
	for _, secret := range []string{"hunter2-secret", s.IntegrationKey, "Bearer"} {
		if strings.Contains(logs, secret) {
			t.Errorf("the logs hold %q", secret)
		}
	}
}

func TestActorHeaders(t *testing.T) {
	s := newTestServer(t)
	ctx := account.WithActor(context.Background(), account.Actor{Kind: account.ActorOwner, ID: "spoofed", RequestID: "req-9", Provider: "Microsoft Entra ID"})
	p, err := s.Client.CreatePerson(ctx, personDoc("ann@example.com"))
	if err != nil {
		t.Fatal(err)
	}
	events, err := s.Account.Audit(context.Background(), store.AuditQuery{TargetID: p.ID})
	if err != nil || len(events) != 1 {
		t.Fatalf("audit = %v, %v", events, err)
	}
	want := account.Actor{Kind: account.ActorIntegration, ID: s.IntegrationID, RequestID: "req-9", Provider: "Microsoft Entra ID"}
	if events[0].Actor != want {
		t.Errorf("actor = %+v, want %+v (kind and id from the credential, not the caller)", events[0].Actor, want)
	}

	// Header values are cleaned before they reach the audit log.
	dirty := strings.Repeat("x", 300) + "\n\x00"
	r := send(t, "POST", s.URL+"/v1/people", s.IntegrationKey, `{"attributes":{"userName":"bob@example.com"}}`,
		RequestIDHeader, "req\t10", ProviderHeader, dirty[:200])
	var bob personJSON
	if err := json.Unmarshal(r.Body, &bob); err != nil {
		t.Fatal(err)
	}
	events, _ = s.Account.Audit(context.Background(), store.AuditQuery{TargetID: bob.ID})
	if len(events) != 1 || events[0].Actor.RequestID != "req10" || len(events[0].Actor.Provider) != 128 {
		t.Errorf("cleaned actor = %+v", events)
	}
}

// TestRequestIDReachesTheAccountsLogs: what the account logs while it
// serves a bridge's request carries the bridge's request id (X-Request-Id),
// so one id follows a change through both processes' logs.
func TestRequestIDReachesTheAccountsLogs(t *testing.T) {
	logs := &syncBuffer{}
	s := newTestServerOn(t, servicetest.OpenSQLite(t), local.Options{
		Logger: obs.NewLogger(logs, config.Log{JSON: true}), InviteBaseURL: "https://team.example.com",
	})
	ctx := account.WithActor(context.Background(), account.Actor{RequestID: "bridge-req-7"})
	if _, err := s.Client.CreatePerson(ctx, map[string]any{"userName": "ann@example.com"}); err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(logs.String(), "\n") {
		if strings.Contains(line, "invitation created") {
			if !strings.Contains(line, `"request_id":"bridge-req-7"`) {
				t.Fatalf("the account's line lacks the bridge's request id: %s", line)
			}
			return
		}
	}
	t.Fatalf("no invitation line:\n%s", logs)
}
