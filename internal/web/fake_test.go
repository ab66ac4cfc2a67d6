package web

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/scimbridge/scimbridge/internal/account"
	"github.com/scimbridge/scimbridge/internal/bridge"
)

// The secrets the tests look for in every response.
const (
	goodToken = "scimbridge-token-GOODSECRET-0123456789abcdef"
	badToken  = "scimbridge-token-WRONGSECRET-fedcba9876543210"
	testHost  = "bridge.test"
)

// fakeBridge is a Backend whose answers the tests set.
type fakeBridge struct {
	mu       sync.Mutex
	token    string // the token that opens it
	session  bool   // a scimsession is installed
	unlocked bool
	wait     int   // > 0: SignIn is rate limited
	connErr  error // SignIn's error after a right token
	logs     []byte
	problem  string
	events   []account.AuditEvent
	reports  []bridge.Report
	clients  []string // the client addresses SignIn was given
	tokens   []string // the tokens SignIn was given
}

func newFake() *fakeBridge {
	return &fakeBridge{token: goodToken, session: true, logs: []byte(`{"msg":"request","status":201}` + "\n")}
}

func (f *fakeBridge) Status(context.Context) bridge.Status {
	f.mu.Lock()
	defer f.mu.Unlock()
	st := bridge.Status{Version: "1.2.3", Build: "4567", Session: f.session, Unlocked: f.unlocked, Problem: f.problem}
	st.Reports = f.reports
	if st.Reports == nil {
		st.Reports = []bridge.Report{
			{Source: "SCIMServer", State: bridge.Healthy, Time: "2026-05-01T12:00:00Z"},
			{Source: "CredentialsUnlocked", State: bridge.Healthy, Time: "2026-05-01T12:00:00Z"},
			{Source: "AccountConnection", State: bridge.Healthy, Time: "2026-05-01T12:00:00Z"},
			{Source: "ConfirmationWatcher", State: bridge.Healthy, Time: "2026-05-01T11:58:00Z", Detail: "2 people confirmed in the last run, 5 people since start"},
			{Source: "RedisCache", State: bridge.Unhealthy, Time: "2026-05-01T12:00:00Z", Detail: "Redis does not answer; the bridge keeps serving without it and keeps trying"},
		}
	}
	st.State = bridge.Unhealthy
	if f.unlocked {
		st.Summary = &account.Summary{
			Account:     account.Info{ID: "acct-1", Name: "Example Team", Created: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)},
			Integration: account.Credential{ID: "cred-9", Name: "SCIM bridge", ProvisionManager: true, Created: time.Date(2026, 1, 3, 0, 0, 0, 0, time.UTC)},
			People:      map[account.State]int{account.StateInvited: 3, account.StateActive: 7, account.StateSuspended: 1},
			Groups:      4,
		}
		st.Events = f.events
	}
	return st
}

func (f *fakeBridge) SignIn(_ context.Context, client, token string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.clients = append(f.clients, client)
	f.tokens = append(f.tokens, token)
	switch {
	case f.wait > 0:
		return &bridge.RateLimited{Wait: f.wait}
	case !f.session:
		return bridge.ErrNoSession
	case token != f.token:
		return bridge.ErrWrongToken
	case f.connErr != nil:
		return f.connErr
	}
	f.unlocked = true
	return nil
}

func (f *fakeBridge) TokenValid(token string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return token == f.token
}

func (f *fakeBridge) Logs() []byte {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.logs
}

func (f *fakeBridge) set(change func(f *fakeBridge)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	change(f)
}

func (f *fakeBridge) signIns() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.tokens)
}

// clock is a settable time.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// page is the status page under test with a browser's cookie jar of one.
type page struct {
	t      testing.TB
	h      http.Handler
	fake   *fakeBridge
	clock  *clock
	cookie string // the session cookie the "browser" holds
}

func newPage(t testing.TB, f *fakeBridge, opts Options) *page {
	c := &clock{t: time.Date(2026, 5, 1, 12, 0, 30, 0, time.UTC)}
	if opts.Now == nil {
		opts.Now = c.now
	}
	return &page{t: t, h: New(f, opts), fake: f, clock: c}
}

// do sends a request as a browser on https://bridge.test would, keeping the
// session cookie, and checks what every response must satisfy. headers
// alternate names and values; an "Origin" of "" removes the header.
func (p *page) do(method, path string, form url.Values, headers ...string) *httptest.ResponseRecorder {
	p.t.Helper()
	var body *strings.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	} else {
		body = strings.NewReader("")
	}
	r := httptest.NewRequest(method, "https://"+testHost+path, body)
	r.RemoteAddr = "198.51.100.23:40000"
	if form != nil {
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if method == http.MethodPost {
		r.Header.Set("Origin", "https://"+testHost)
	}
	if p.cookie != "" {
		r.AddCookie(&http.Cookie{Name: cookieName, Value: p.cookie})
	}
	for i := 0; i+1 < len(headers); i += 2 {
		if headers[i+1] == "" {
			r.Header.Del(headers[i])
			continue
		}
		r.Header.Set(headers[i], headers[i+1])
	}
	// Pseudo-headers for what a request carries outside its headers.
	if v := r.Header.Get("X-Remote-Addr"); v != "" {
		r.RemoteAddr = v
		r.Header.Del("X-Remote-Addr")
	}
	if v := r.Header.Get("Host"); v != "" {
		r.Host = v
		r.Header.Del("Host")
	}
	w := httptest.NewRecorder()
	p.h.ServeHTTP(w, r)
	checkEveryResponse(p.t, w)
	for _, c := range w.Result().Cookies() {
		if c.Name == cookieName {
			p.cookie = c.Value
			if c.MaxAge < 0 {
				p.cookie = ""
			}
		}
	}
	return w
}

func (p *page) signIn(token string) *httptest.ResponseRecorder {
	p.t.Helper()
	return p.do(http.MethodPost, pathSignIn, url.Values{"token": {token}})
}

// checkEveryResponse: the security headers, and no token anywhere.
func checkEveryResponse(t testing.TB, w *httptest.ResponseRecorder) {
	t.Helper()
	want := map[string]string{
		"Content-Security-Policy": contentSecurityPolicy,
		"X-Frame-Options":         "DENY",
		"Referrer-Policy":         "same-origin",
		"X-Content-Type-Options":  "nosniff",
	}
	for k, v := range want {
		if got := w.Header().Get(k); got != v {
			t.Errorf("%s = %q, want %q", k, got, v)
		}
	}
	for _, secret := range []string{goodToken, badToken, "GOODSECRET", "WRONGSECRET"} {
		if strings.Contains(w.Body.String(), secret) {
			t.Errorf("the response body holds a token (%s):\n%s", secret, w.Body.String())
		}
		for k, vs := range w.Header() {
			for _, v := range vs {
				if strings.Contains(v, secret) {
					t.Errorf("header %s holds a token: %s", k, v)
				}
			}
		}
	}
}

func mustStatus(t testing.TB, w *httptest.ResponseRecorder, status int) {
	t.Helper()
	if w.Code != status {
		t.Fatalf("status %d, want %d:\n%s", w.Code, status, w.Body.String())
	}
}

func mustContain(t testing.TB, w *httptest.ResponseRecorder, parts ...string) {
	t.Helper()
	for _, s := range parts {
		if !strings.Contains(w.Body.String(), s) {
			t.Errorf("the page does not say %q:\n%s", s, w.Body.String())
		}
	}
}

func mustNotContain(t testing.TB, w *httptest.ResponseRecorder, parts ...string) {
	t.Helper()
	for _, s := range parts {
		if strings.Contains(w.Body.String(), s) {
			t.Errorf("the page says %q and should not:\n%s", s, w.Body.String())
		}
	}
}

var errUnreachable = errors.New("dial tcp 10.0.0.9:3003: connection refused")
