package bridge_test

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/scimbridge/scimbridge/internal/account"
	"github.com/scimbridge/scimbridge/internal/account/api"
	"github.com/scimbridge/scimbridge/internal/account/local"
	"github.com/scimbridge/scimbridge/internal/bridge"
	"github.com/scimbridge/scimbridge/internal/credentials"
	"github.com/scimbridge/scimbridge/internal/setup"
)

// deadAddr is an address where nothing listens.
func deadAddr(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// unreachableEnv is a bridge whose scimsession names an account service
// where nothing listens (SCIMBRIDGE_ACCOUNT_URL pointing at nothing, or
// the account process down when the bridge starts), connecting the way
// serve does: the client, then the account's Info.
func unreachableEnv(t *testing.T) (*env, string) {
	ctx := context.Background()
	log := slog.New(slog.NewJSONHandler(io.Discard, nil))
	acct := newAccount(t, sqliteDSN(t), local.Options{Logger: log})
	accountURL := "http://" + deadAddr(t)
	pair, err := setup.Run(ctx, integrations{acct}, accountURL, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	b := bridge.New(bridge.Config{
		Session: bridge.StaticSession{S: pair.Session},
		Connect: func(ctx context.Context, u credentials.Unlocked, accountURL string) (account.Service, error) {
			svc := api.NewClient(accountURL, u.APIKey)
			if _, err := svc.Info(ctx); err != nil {
				return nil, err
			}
			return svc, nil
		},
		Logger: log, Version: "test", Build: "42", ConfirmationInterval: time.Hour,
	})
	runCtx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { b.Run(runCtx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	srv := httptest.NewServer(b)
	t.Cleanup(srv.Close)
	return &env{t: t, url: srv.URL + "/scim/v2", token: pair.Token, monitoring: pair.Monitoring, acct: acct, server: b, session: pair.Session, log: log}, accountURL
}

func reportOf(t *testing.T, r response, source string) map[string]any {
	t.Helper()
	reports, _ := r.body["reports"].([]any)
	for _, rep := range reports {
		if m := rep.(map[string]any); m["source"] == source {
			return m
		}
	}
	t.Fatalf("no %s report: %s", source, r.raw)
	return nil
}

// checkHealthDocument checks /health's shape: the health document, never a
// SCIM error.
func checkHealthDocument(t *testing.T, r response) {
	t.Helper()
	if !strings.HasPrefix(r.header.Get("Content-Type"), "application/json") || strings.Contains(r.raw, "urn:ietf:params:scim:api:messages:2.0:Error") {
		t.Fatalf("not the health document: %s %s", r.header.Get("Content-Type"), r.raw)
	}
	for _, k := range []string{"version", "build", "reports", "retrievedAt"} {
		if _, ok := r.body[k]; !ok {
			t.Fatalf("the health document lacks %s: %s", k, r.raw)
		}
	}
	for _, rep := range r.body["reports"].([]any) {
		m := rep.(map[string]any)
		for _, k := range []string{"source", "state", "time", "expires"} {
			if s, _ := m[k].(string); s == "" {
				t.Fatalf("a report lacks %s: %s", k, r.raw)
			}
		}
	}
}

// TestHealthWhenTheAccountCannotBeReached: /health answers its document
// (503, AccountConnection unhealthy with why) to a valid token even though
// the account connection cannot be made; /monitoring and the status page
// say the same, and the watcher does not claim to be healthy.
func TestHealthWhenTheAccountCannotBeReached(t *testing.T) {
	e, accountURL := unreachableEnv(t)
	root := strings.TrimSuffix(e.url, "/scim/v2")

	// Before any bearer token nothing is known yet: waiting.
	if st := e.reqWith(e.monitoring, "GET", root+"/monitoring", nil).must(t, 200); st.body["status"] != bridge.Waiting {
		t.Fatalf("monitoring before any token: %s", st.raw)
	}

	h := e.req("GET", root+"/health", nil).must(t, 503)
	checkHealthDocument(t, h)
	conn := reportOf(t, h, "AccountConnection")
	detail, _ := conn["detail"].(string)
	if conn["state"] != bridge.Unhealthy || !strings.Contains(detail, "cannot reach the account") || !strings.Contains(detail, strings.TrimPrefix(accountURL, "http://")) {
		t.Fatalf("AccountConnection: %v", conn)
	}
	for _, secret := range []string{e.token, "sbt1_", "sbk1_", "sbm1_"} {
		if strings.Contains(h.raw, secret) {
			t.Fatalf("/health shows a secret: %s", h.raw)
		}
	}
	if c := reportOf(t, h, "CredentialsUnlocked"); c["state"] != bridge.Healthy {
		t.Fatalf("CredentialsUnlocked: %v", c)
	}
	if w := reportOf(t, h, "ConfirmationWatcher"); w["state"] == bridge.Healthy || !strings.Contains(w["detail"].(string), "not running") {
		t.Fatalf("the watcher cannot run without the account, yet: %v", w)
	}

	// /monitoring, with either token, and /metrics with the bearer token.
	for _, token := range []string{e.monitoring, e.token} {
		m := e.reqWith(token, "GET", root+"/monitoring", nil).must(t, 503)
		if m.body["status"] != bridge.Unhealthy || reportOf(t, m, "AccountConnection")["state"] != bridge.Unhealthy {
			t.Fatalf("monitoring: %s", m.raw)
		}
	}
	e.req("GET", root+"/metrics", nil).must(t, 200)

	// The status page.
	st := e.server.Status(context.Background())
	if st.State != bridge.Unhealthy || !strings.Contains(st.Problem, "cannot reach the account") {
		t.Fatalf("status: %+v", st)
	}
	for _, r := range st.Reports {
		if r.Source == "ConfirmationWatcher" && r.State == bridge.Healthy {
			t.Fatalf("the status page shows the watcher healthy: %+v", r)
		}
	}

	// SCIM requests still get their SCIM error; no token is still 401.
	e.req("GET", "/Users", nil).scimError(t, 503, "")
	e.reqWith("", "GET", root+"/health", nil).must(t, 401)
	e.reqWith("sbt1_"+strings.Repeat("A", 43), "GET", root+"/health", nil).must(t, 401)
	if e.server.Unlocked() {
		t.Fatal("unlocked without an account")
	}
}

// TestHealthWhenTheAccountStops: the account answered, then stops:
// /health says so and why, and says so again once it is back.
func TestHealthWhenTheAccountStops(t *testing.T) {
	ctx := context.Background()
	log := slog.New(slog.NewJSONHandler(io.Discard, nil))
	acct := newAccount(t, sqliteDSN(t), local.Options{Logger: log})
	accountSrv := httptest.NewServer(api.NewServer(acct, log))
	pair, err := setup.Run(ctx, integrations{acct}, accountSrv.URL, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	b := bridge.New(bridge.Config{
		Session: bridge.StaticSession{S: pair.Session},
		Connect: func(ctx context.Context, u credentials.Unlocked, accountURL string) (account.Service, error) {
			return api.NewClient(accountURL, u.APIKey), nil
		},
		Logger: log, Version: "test",
	})
	srv := httptest.NewServer(b)
	t.Cleanup(srv.Close)
	e := &env{t: t, url: srv.URL + "/scim/v2", token: pair.Token, monitoring: pair.Monitoring}
	e.req("GET", srv.URL+"/health", nil).must(t, 200)
	accountSrv.Close()
	h := e.req("GET", srv.URL+"/health", nil).must(t, 503)
	checkHealthDocument(t, h)
	conn := reportOf(t, h, "AccountConnection")
	if d, _ := conn["detail"].(string); conn["state"] != bridge.Unhealthy || !strings.Contains(d, strings.TrimPrefix(accountSrv.URL, "http://")) {
		t.Fatalf("AccountConnection does not say why: %v", conn)
	}
}
