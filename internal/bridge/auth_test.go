package bridge_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/scimbridge/scimbridge/internal/bridge"
	"github.com/scimbridge/scimbridge/internal/credentials"
	"github.com/scimbridge/scimbridge/internal/setup"
)

func TestWrongTokens(t *testing.T) {
	e := newEnv(t, topologies[0], envOptions{})
	other, _ := credentials.NewToken()
	for name, token := range map[string]string{"no token": "", "another bridge's token": other, "garbage": "not-a-token"} {
		t.Run(name, func(t *testing.T) {
			r := e.reqWith(token, "GET", "/Users", nil)
			r.scimError(t, 401, "")
			if !strings.HasPrefix(r.header.Get("WWW-Authenticate"), "Bearer") {
				t.Fatalf("no WWW-Authenticate: %v", r.header)
			}
		})
	}
	// Okta's spec test sends the token without the Bearer scheme.
	e.reqWith("", "GET", "/Users", nil, "Authorization", e.token).scimError(t, 401, "")
	// The health check also needs the token; ping does not.
	e.reqWith("", "GET", e.url[:len(e.url)-len("/scim/v2")]+"/health", nil).must(t, 401)
	e.reqWith("", "GET", e.url[:len(e.url)-len("/scim/v2")]+"/ping", nil).must(t, 200)
}

func TestFailedAuthenticationIsRateLimited(t *testing.T) {
	e := newEnv(t, topologies[0], envOptions{})
	for i := 0; i < 20; i++ {
		e.reqWith("wrong", "GET", "/Users", nil).must(t, 401)
	}
	r := e.reqWith("wrong", "GET", "/Users", nil)
	r.scimError(t, 429, "")
	if s, err := strconv.Atoi(r.header.Get("Retry-After")); err != nil || s < 1 || s > 60 {
		t.Fatalf("Retry-After %q", r.header.Get("Retry-After"))
	}
	// Even the right token waits: the address is blocked, not the token.
	e.req("GET", "/Users", nil).must(t, 429)
}

// TestScimsessionWithoutTokenOpensNothing checks the two halves of the pair
// are both needed: the file alone does not give the account's key.
func TestScimsessionWithoutTokenOpensNothing(t *testing.T) {
	e := newEnv(t, topologies[0], envOptions{})
	b, err := e.session.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(b, []byte("sbk1_")) || bytes.Contains(b, []byte(e.token)) {
		t.Fatal("the scimsession holds the API key or the token in clear")
	}
	other, _ := credentials.NewToken()
	if _, err := e.session.Open(other); err == nil {
		t.Fatal("another token opened the scimsession")
	}
	if u, err := e.session.Open(e.token); err != nil || u.APIKey == "" {
		t.Fatalf("the right token did not open it: %v", err)
	}
}

// TestRegenerate replaces the pair while the bridge runs: the old token
// stops working at once and the new one works without a restart.
func TestRegenerate(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "scimsession")
	var sessions *bridge.FileSession
	e := newEnv(t, topologies[0], envOptions{session: lazySession{&sessions}})
	if err := credentials.WriteFile(path, e.session); err != nil {
		t.Fatal(err)
	}
	var err error
	if sessions, err = bridge.NewFileSession(path); err != nil {
		t.Fatal(err)
	}
	e.req("GET", "/Users", nil).must(t, 200)

	ctx := context.Background()
	pair, err := setup.Run(ctx, integrations{e.acct}, "", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	// A different size or time: make sure the file looks changed.
	time.Sleep(1100 * time.Millisecond)
	if err := setup.Write(pair, path, ""); err != nil {
		t.Fatal(err)
	}
	if err := setup.Revoke(ctx, integrations{e.acct}, e.session); err != nil {
		t.Fatal(err)
	}
	e.reqWith(pair.Token, "GET", "/Users", nil).must(t, 200)
	e.req("GET", "/Users", nil).scimError(t, 401, "")
	// The revoked integration opens nothing in the account either.
	u, _ := e.session.Open(e.token)
	if _, err := e.acct.Provisioning(ctx, u.APIKey); err == nil {
		t.Fatal("the revoked integration still provisions")
	}
}

// lazySession lets a test create the FileSession after the env.
type lazySession struct{ s **bridge.FileSession }

func (l lazySession) Session() (*credentials.Session, error) {
	if *l.s == nil {
		return nil, bridge.ErrNoSession
	}
	return (*l.s).Session()
}

func (l lazySession) Reload() bool { return *l.s != nil && (*l.s).Reload() }

func TestNoScimsession(t *testing.T) {
	e := newEnv(t, topologies[0], envOptions{session: bridge.StaticSession{}})
	r := e.req("GET", "/Users", nil)
	r.scimError(t, 503, "")
	if !strings.Contains(r.str("detail"), "scimbridge setup") {
		t.Fatalf("the error does not say what to do: %s", r.raw)
	}
	missing, err := bridge.NewFileSession(filepath.Join(t.TempDir(), "nothing-here"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := missing.Session(); err != bridge.ErrNoSession {
		t.Fatalf("missing file: %v", err)
	}
	damaged := filepath.Join(t.TempDir(), "damaged")
	if err := os.WriteFile(damaged, []byte(`{"version":"1"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := bridge.NewFileSession(damaged); err == nil {
		t.Fatal("a damaged scimsession was accepted")
	}
}
