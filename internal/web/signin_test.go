package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestSignIn(t *testing.T) {
	tests := []struct {
		name    string
		setup   func(f *fakeBridge)
		form    url.Values
		status  int
		session bool     // a session cookie is set
		says    []string // on the page that answers (after the redirect on success)
	}{
		{name: "right token", form: url.Values{"token": {goodToken}}, status: http.StatusSeeOther, session: true,
			says: []string{"Bridge status", "Example Team"}},
		{name: "right token copied with Bearer and spaces", form: url.Values{"token": {"  Bearer " + goodToken + "\n"}}, status: http.StatusSeeOther, session: true,
			says: []string{"Bridge status"}},
		{name: "wrong token", form: url.Values{"token": {badToken}}, status: http.StatusForbidden,
			says: []string{"not this bridge&#39;s bearer token", `name="token"`}},
		{name: "empty", form: url.Values{"token": {"  "}}, status: http.StatusBadRequest,
			says: []string{"Enter the bearer token."}},
		{name: "rate limited", setup: func(f *fakeBridge) { f.wait = 17 }, form: url.Values{"token": {goodToken}},
			status: http.StatusTooManyRequests, says: []string{"Too many failed sign-ins", "Try again in 17 seconds."}},
		{name: "no scimsession", setup: func(f *fakeBridge) { f.session = false }, form: url.Values{"token": {goodToken}},
			status: http.StatusServiceUnavailable, says: []string{"You cannot sign in yet", "Install a scimsession", "scimbridge setup"}},
		{name: "account unreachable", setup: func(f *fakeBridge) { f.connErr = errUnreachable }, form: url.Values{"token": {goodToken}},
			status: http.StatusSeeOther, session: true, says: []string{"Signed in, but the bridge could not reach the account", "connection refused"}},
		{name: "account unreachable, error naming the token", setup: func(f *fakeBridge) { f.connErr = errWithToken{} }, form: url.Values{"token": {goodToken}},
			status: http.StatusSeeOther, session: true, says: []string{"could not reach the account", "[redacted]"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake()
			if tt.setup != nil {
				tt.setup(f)
			}
			p := newPage(t, f, Options{})
			w := p.do(http.MethodPost, pathSignIn, tt.form)
			mustStatus(t, w, tt.status)
			if (p.cookie != "") != tt.session {
				t.Fatalf("session cookie %q, want one: %v", p.cookie, tt.session)
			}
			if tt.session {
				if loc := w.Header().Get("Location"); loc != pathHome {
					t.Fatalf("redirect to %q, want %s", loc, pathHome)
				}
				w = p.do(http.MethodGet, pathHome, nil)
				mustStatus(t, w, http.StatusOK)
			}
			mustContain(t, w, tt.says...)
		})
	}
}

// errWithToken is an error that (wrongly) names the token: the page must
// still not show it.
type errWithToken struct{}

func (errWithToken) Error() string { return "refused for " + goodToken }

func TestSignInRateLimitHeader(t *testing.T) {
	f := newFake()
	f.wait = 42
	p := newPage(t, f, Options{})
	w := p.signIn(goodToken)
	mustStatus(t, w, http.StatusTooManyRequests)
	if got := w.Header().Get("Retry-After"); got != "42" {
		t.Fatalf("Retry-After %q, want 42", got)
	}
}

func TestSignInPassesClientAddress(t *testing.T) {
	for _, tt := range []struct{ remote, want string }{
		{"203.0.113.7:5555", "203.0.113.7"},
		{"[2001:db8::1]:443", "2001:db8::1"},
		{"192.0.2.1", "192.0.2.1"},
	} {
		f := newFake()
		p := newPage(t, f, Options{})
		p.do(http.MethodPost, pathSignIn, url.Values{"token": {badToken}}, "X-Remote-Addr", tt.remote)
		if len(f.clients) != 1 || f.clients[0] != tt.want {
			t.Errorf("RemoteAddr %s: SignIn got clients %v, want %s", tt.remote, f.clients, tt.want)
		}
	}
}

func TestTokenOnlyFromTheBody(t *testing.T) {
	f := newFake()
	p := newPage(t, f, Options{})
	w := p.do(http.MethodPost, pathSignIn+"?token="+url.QueryEscape(goodToken), url.Values{})
	mustStatus(t, w, http.StatusBadRequest)
	if p.cookie != "" || f.signIns() != 0 {
		t.Fatal("a token in the query string signed in")
	}
}

func TestSessionCookie(t *testing.T) {
	for _, insecure := range []bool{false, true} {
		p := newPage(t, newFake(), Options{InsecureCookies: insecure})
		w := p.signIn(goodToken)
		mustStatus(t, w, http.StatusSeeOther)
		var c *http.Cookie
		for _, k := range w.Result().Cookies() {
			if k.Name == cookieName {
				c = k
			}
		}
		if c == nil {
			t.Fatal("no session cookie")
		}
		raw := w.Header().Get("Set-Cookie")
		if !c.HttpOnly || c.SameSite != http.SameSiteStrictMode || c.Path != "/app" || c.Secure == insecure {
			t.Errorf("cookie attributes %q (insecure option %v)", raw, insecure)
		}
		if c.MaxAge != 0 || !c.Expires.IsZero() {
			t.Errorf("the cookie should end with the browser session: %q", raw)
		}
		if !wellFormedID(c.Value) || strings.Contains(c.Value, goodToken) {
			t.Errorf("cookie value %q is not a session id", c.Value)
		}
	}
}

func TestEachSignInIsANewSession(t *testing.T) {
	p := newPage(t, newFake(), Options{})
	p.signIn(goodToken)
	first := p.cookie
	p.signIn(goodToken)
	if p.cookie == first {
		t.Fatal("signing in again kept the same session id")
	}
	h := p.h.(*handler)
	if n := h.sessions.count(); n != 1 {
		t.Fatalf("%d sessions after signing in twice in one browser, want 1", n)
	}
	p.cookie = first
	mustContain(t, p.do(http.MethodGet, pathHome, nil), `action="/app/signin"`)
}

func TestSessionEndsWhenTheTokenStopsWorking(t *testing.T) {
	f := newFake()
	p := newPage(t, f, Options{})
	p.signIn(goodToken)
	mustContain(t, p.do(http.MethodGet, pathHome, nil), "Bridge status")

	f.set(func(f *fakeBridge) { f.token = "scimbridge-token-regenerated" })
	old := p.cookie
	w := p.do(http.MethodGet, pathHome, nil)
	mustStatus(t, w, http.StatusOK)
	mustContain(t, w, "credentials were replaced", `action="/app/signin"`)
	mustNotContain(t, w, "Bridge status")
	if p.cookie != "" {
		t.Fatal("the cookie was not cleared")
	}
	// The session is gone, not just hidden: the old token working again
	// does not bring it back.
	f.set(func(f *fakeBridge) { f.token = goodToken })
	p.cookie = old
	mustNotContain(t, p.do(http.MethodGet, pathHome, nil), "Bridge status")
}

func TestSessionExpiry(t *testing.T) {
	p := newPage(t, newFake(), Options{SessionTTL: time.Hour})
	p.signIn(goodToken)
	// Each request slides the expiry.
	for range 3 {
		p.clock.add(50 * time.Minute)
		mustContain(t, p.do(http.MethodGet, pathHome, nil), "Bridge status")
	}
	p.clock.add(time.Hour + time.Second)
	w := p.do(http.MethodGet, pathHome, nil)
	mustContain(t, w, "Your session has expired", `action="/app/signin"`)
	mustNotContain(t, w, "Bridge status")
}

func TestSignOut(t *testing.T) {
	p := newPage(t, newFake(), Options{})
	p.signIn(goodToken)
	old := p.cookie
	w := p.do(http.MethodPost, pathSignOut, url.Values{})
	mustStatus(t, w, http.StatusSeeOther)
	if w.Header().Get("Location") != pathHome {
		t.Fatalf("sign-out goes to %q", w.Header().Get("Location"))
	}
	if p.cookie != "" {
		t.Fatal("sign-out did not clear the cookie")
	}
	if n := p.h.(*handler).sessions.count(); n != 0 {
		t.Fatalf("%d sessions after signing out", n)
	}
	p.cookie = old // a copy of the cookie opens nothing any more
	w = p.do(http.MethodGet, pathHome, nil)
	mustContain(t, w, `action="/app/signin"`)
	mustNotContain(t, w, "Bridge status")
}

func TestSameOriginChecks(t *testing.T) {
	tests := []struct {
		name    string
		headers []string
		allowed bool
	}{
		{"same origin", []string{"Origin", "https://bridge.test"}, true},
		{"same origin, default port spelled out", []string{"Origin", "https://BRIDGE.test:443"}, true},
		{"no origin, same referer", []string{"Origin", "", "Referer", "https://bridge.test/app"}, true},
		{"neither (a script)", []string{"Origin", ""}, true},
		{"behind a proxy rewriting Host", []string{"Origin", "https://status.example.com", "X-Forwarded-Host", "status.example.com"}, true},
		{"another site", []string{"Origin", "https://evil.example"}, false},
		{"another port", []string{"Origin", "https://bridge.test:8443"}, false},
		{"another site's referer", []string{"Origin", "", "Referer", "https://evil.example/x"}, false},
		{"null origin", []string{"Origin", "null"}, false},
		{"not http", []string{"Origin", "file://bridge.test"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake()
			p := newPage(t, f, Options{})
			w := p.do(http.MethodPost, pathSignIn, url.Values{"token": {goodToken}}, tt.headers...)
			if got := w.Code == http.StatusSeeOther; got != tt.allowed {
				t.Fatalf("sign-in allowed %v, want %v (status %d)", got, tt.allowed, w.Code)
			}
			if !tt.allowed {
				mustStatus(t, w, http.StatusForbidden)
				mustContain(t, w, "sent from another site")
				if f.signIns() != 0 {
					t.Fatal("a cross-site sign-in reached the bridge")
				}
				// Sign-out is checked too: a cross-site post leaves the
				// session alone.
				p.signIn(goodToken)
				mustStatus(t, p.do(http.MethodPost, pathSignOut, url.Values{}, tt.headers...), http.StatusForbidden)
				mustContain(t, p.do(http.MethodGet, pathHome, nil), "Bridge status")
			}
		})
	}
}

func TestSecureCookieOverPlainHTTP(t *testing.T) {
	tests := []struct {
		origin   string
		insecure bool
		signedIn bool
	}{
		{"http://10.0.0.5:3002", false, false},
		{"http://bridge.internal", false, false},
		{"http://127.0.0.1:3002", false, true},
		{"http://localhost:3002", false, true},
		{"http://[::1]:3002", false, true},
		{"https://bridge.example.com", false, true},
		{"http://10.0.0.5:3002", true, true},
	}
	for _, tt := range tests {
		f := newFake()
		p := newPage(t, f, Options{InsecureCookies: tt.insecure})
		host := strings.TrimPrefix(strings.TrimPrefix(tt.origin, "http://"), "https://")
		r := p.do(http.MethodPost, pathSignIn, url.Values{"token": {goodToken}}, "Origin", tt.origin, "Host", host)
		if (p.cookie != "") != tt.signedIn {
			t.Errorf("origin %s (insecure %v): signed in %v, want %v", tt.origin, tt.insecure, p.cookie != "", tt.signedIn)
		}
		if !tt.signedIn {
			mustContain(t, r, "The token is right", "over HTTPS", "ssh -L")
		}
	}
}
