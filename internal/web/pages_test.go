package web

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/scimbridge/scimbridge/internal/account"
	"github.com/scimbridge/scimbridge/internal/bridge"
)

func TestStatusPage(t *testing.T) {
	f := newFake()
	f.events = []account.AuditEvent{{
		Time: time.Date(2026, 5, 1, 11, 59, 0, 0, time.UTC), Action: "person.invite",
		TargetKind: "person", TargetID: "p-1", TargetName: "ada@example.com", AfterState: "invited",
		Actor: account.Actor{Kind: account.ActorIntegration, Provider: "Okta", RequestID: "req-abc"},
	}, {
		Time: time.Date(2026, 5, 1, 11, 59, 30, 0, time.UTC), Action: "person.confirm",
		TargetKind: "person", TargetID: "p-2", TargetName: "bob@example.com", BeforeState: "awaiting_confirmation", AfterState: "active",
		Actor: account.Actor{Kind: account.ActorSystem},
	}, {
		Time: time.Date(2026, 5, 1, 11, 59, 40, 0, time.UTC), Action: "group.update", Detail: "renamed",
		TargetKind: "group", TargetID: "g-1", TargetName: "Engineering",
		BeforeState: `{"displayName":"Eng"}`, AfterState: `{"displayName":"Engineering"}`,
		Actor: account.Actor{Kind: account.ActorIntegration, Provider: "Okta", RequestID: "req-def"},
	}}
	p := newPage(t, f, Options{})
	p.signIn(goodToken)
	w := p.do(http.MethodGet, pathHome, nil)
	mustStatus(t, w, http.StatusOK)
	mustContain(t, w,
		`<html lang="en">`, `name="viewport"`, `<meta http-equiv="refresh" content="30">`,
		"1.2.3", "4567", "Unhealthy",
		"SCIM server", "Credentials", "Account connection", "Confirmation watcher", "Redis cache",
		"Redis does not answer", "2 people confirmed in the last run", "2026-05-01 11:58:00 UTC",
		"Example Team", "acct-1", "2026-01-02 03:04:05 UTC", "cred-9", "SCIM bridge",
		"Invited", "Awaiting confirmation", "Active", "Suspended", ">3<", ">7<", ">1<", ">11<", ">4<",
		"person.invite", "ada@example.com", "→ Invited", "Okta", "req-abc",
		"Awaiting confirmation → Active", "(system)",
		"group.update", "Eng → Engineering", "req-def",
		`href="/app/logs"`, "Download recent logs", `action="/app/signout"`, "Sign out",
		"https://bridge.test/scim/v2",
	)
	mustNotContain(t, w, "<script")
}

func TestStatusPageProblemAndOptions(t *testing.T) {
	f := newFake()
	f.problem = "the account service answered 500"
	p := newPage(t, f, Options{RefreshSeconds: -1})
	p.signIn(goodToken)
	w := p.do(http.MethodGet, pathHome, nil)
	mustContain(t, w, "The account could not be read", "the account service answered 500", "No provisioning events yet")
	mustNotContain(t, w, `http-equiv="refresh"`)

	p = newPage(t, newFake(), Options{RefreshSeconds: 5})
	p.signIn(goodToken)
	mustContain(t, p.do(http.MethodGet, pathHome, nil), `content="5"`, "refreshes every 5 seconds")
}

func TestSignInPageSaysSigningInUnlocks(t *testing.T) {
	f := newFake()
	p := newPage(t, f, Options{})
	w := p.do(http.MethodGet, pathHome, nil)
	mustStatus(t, w, http.StatusOK)
	mustContain(t, w, `<label for="token">`, `id="token"`, `type="password"`, "Signing in also unlocks them", "confirmation watcher starts")
	mustNotContain(t, w, "Sign out", `http-equiv="refresh"`)

	f.set(func(f *fakeBridge) { f.unlocked = true })
	mustNotContain(t, p.do(http.MethodGet, pathHome, nil), "Signing in also unlocks them")
}

func TestEscaping(t *testing.T) {
	f := newFake()
	f.reports = []bridge.Report{{Source: "SCIMServer", State: bridge.Unhealthy, Detail: `<script>alert(1)</script>`}}
	f.events = []account.AuditEvent{{Action: "person.invite", TargetName: `<img src=x onerror=alert(1)>`, Time: time.Now()}}
	p := newPage(t, f, Options{})
	p.signIn(goodToken)
	w := p.do(http.MethodGet, pathHome, nil)
	mustNotContain(t, w, "<script>alert", "<img src=x")
	mustContain(t, w, "&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;img src=x onerror=alert(1)&gt;")
}

func TestLogs(t *testing.T) {
	f := newFake()
	p := newPage(t, f, Options{})
	w := p.do(http.MethodGet, pathLogs, nil)
	mustStatus(t, w, http.StatusForbidden)
	mustContain(t, w, "Sign in to download the logs")
	mustNotContain(t, w, `"msg":"request"`)

	p.signIn(goodToken)
	w = p.do(http.MethodGet, pathLogs, nil)
	mustStatus(t, w, http.StatusOK)
	if ct := w.Header().Get("Content-Type"); ct != "text/plain; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	if cd := w.Header().Get("Content-Disposition"); cd != `attachment; filename="scimbridge-logs.txt"` {
		t.Errorf("Content-Disposition %q", cd)
	}
	if w.Body.String() != string(f.logs) {
		t.Errorf("logs %q, want %q", w.Body.String(), f.logs)
	}

	f.set(func(f *fakeBridge) { f.logs = nil })
	mustContain(t, p.do(http.MethodGet, pathLogs, nil), "keeps no recent log lines")
}

func TestStatusJSON(t *testing.T) {
	f := newFake()
	f.events = []account.AuditEvent{{Action: "group.create", TargetKind: "group", TargetID: "g-1", Actor: account.Actor{Provider: "Okta", RequestID: "r-1"}}}
	p := newPage(t, f, Options{})
	w := p.do(http.MethodGet, pathJSON, nil)
	mustStatus(t, w, http.StatusForbidden)
	mustNotContain(t, w, "Example Team")

	p.signIn(goodToken)
	w = p.do(http.MethodGet, pathJSON, nil)
	mustStatus(t, w, http.StatusOK)
	var doc statusDoc
	if err := json.Unmarshal(w.Body.Bytes(), &doc); err != nil {
		t.Fatalf("%v: %s", err, w.Body.String())
	}
	if doc.Version != "1.2.3" || doc.State != bridge.Unhealthy || !doc.Session || !doc.Unlocked || len(doc.Reports) != 5 ||
		doc.Account == nil || doc.Account.Name != "Example Team" || doc.Integration.ID != "cred-9" ||
		doc.People["awaiting_confirmation"] != 0 || doc.People["active"] != 7 || doc.Groups == nil || *doc.Groups != 4 ||
		len(doc.Events) != 1 || doc.Events[0].Provider != "Okta" || doc.Events[0].RequestID != "r-1" {
		t.Fatalf("status.json: %s", w.Body.String())
	}
}

func TestInstallGuide(t *testing.T) {
	f := newFake()
	f.session = false
	p := newPage(t, f, Options{})
	w := p.do(http.MethodGet, pathHome, nil)
	mustStatus(t, w, http.StatusOK)
	mustContain(t, w, "<h1>Install a scimsession</h1>", "<ol", "go run ./cmd/scimbridge quickstart",
		"scimbridge account init", "scimbridge account serve",
		"scimbridge setup --account-url", "--owner-key-file", "--scimsession scimsession",
		"OP_SESSION", "/home/opuser/.op/scimsession", "base64", "without a restart",
		"docs/operations.md", "docs/okta.md", "docs/entra-id.md", "docs/onelogin.md", "docs/jumpcloud.md", "without a restart, within a second", `href="/app"`)
	mustNotContain(t, w, "Sign out", `name="token"`)

	// Signed in (the token still verifies), the guide still shows, with a
	// way out.
	f.set(func(f *fakeBridge) { f.session = true })
	p.signIn(goodToken)
	f.set(func(f *fakeBridge) { f.session = false })
	w = p.do(http.MethodGet, pathHome, nil)
	mustContain(t, w, "<h1>Install a scimsession</h1>", "Sign out")
}

func TestRoutes(t *testing.T) {
	p := newPage(t, newFake(), Options{})
	tests := []struct {
		method, path string
		status       int
		says         string
		header       [2]string
	}{
		{"GET", "/app", 200, `action="/app/signin"`, [2]string{}},
		{"GET", "/app/", 200, `action="/app/signin"`, [2]string{}},
		{"HEAD", "/app", 200, "", [2]string{}},
		{"GET", "/app/nothing", 404, "Page not found", [2]string{}},
		{"GET", "/app/assets/other.css", 404, `href="/app"`, [2]string{}},
		{"DELETE", "/app", 405, "does not answer DELETE", [2]string{"Allow", "GET, HEAD"}},
		{"PUT", "/app/signin", 405, "Method not allowed", [2]string{"Allow", "GET, HEAD, POST"}},
		{"GET", "/app/signin", 303, "", [2]string{"Location", "/app"}},
		{"GET", "/app/signout", 303, "", [2]string{"Location", "/app"}},
	}
	for _, tt := range tests {
		w := p.do(tt.method, tt.path, nil)
		if w.Code != tt.status {
			t.Errorf("%s %s: status %d, want %d", tt.method, tt.path, w.Code, tt.status)
		}
		if tt.says != "" && !strings.Contains(w.Body.String(), tt.says) {
			t.Errorf("%s %s does not say %q", tt.method, tt.path, tt.says)
		}
		if tt.header[0] != "" && w.Header().Get(tt.header[0]) != tt.header[1] {
			t.Errorf("%s %s: %s = %q, want %q", tt.method, tt.path, tt.header[0], w.Header().Get(tt.header[0]), tt.header[1])
		}
	}
}

func TestStylesheet(t *testing.T) {
	p := newPage(t, newFake(), Options{})
	page := p.do(http.MethodGet, pathHome, nil)
	href := pathCSS + "?v=" + cssVersion
	mustContain(t, page, `href="`+href+`"`, `<link rel="icon" href="data:,">`)
	mustNotContain(t, page, "http://", "//fonts.", "<script")

	w := p.do(http.MethodGet, href, nil)
	mustStatus(t, w, http.StatusOK)
	if ct := w.Header().Get("Content-Type"); ct != "text/css; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	if cc := w.Header().Get("Cache-Control"); !strings.Contains(cc, "max-age") {
		t.Errorf("Cache-Control %q", cc)
	}
	if w.Body.String() != string(stylesheet) || strings.Contains(w.Body.String(), "url(") || strings.Contains(w.Body.String(), "@import") {
		t.Error("the stylesheet is not the embedded one, or loads something")
	}
	w = p.do(http.MethodGet, pathCSS, nil, "If-None-Match", `"`+cssVersion+`"`)
	mustStatus(t, w, http.StatusNotModified)
}
