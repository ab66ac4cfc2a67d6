package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/scimbridge/scimbridge/internal/account"
	"github.com/scimbridge/scimbridge/internal/account/local"
	"github.com/scimbridge/scimbridge/internal/account/store/sqlstore"
	"github.com/scimbridge/scimbridge/internal/bridge"
	"github.com/scimbridge/scimbridge/internal/config"
	"github.com/scimbridge/scimbridge/internal/credentials"
	"github.com/scimbridge/scimbridge/internal/obs"
	"github.com/scimbridge/scimbridge/internal/setup"
	"github.com/scimbridge/scimbridge/internal/web"
)

// liveBridge is a bridge on a loopback port, with its account in-process
// on SQLite, as quickstart runs it.
type liveBridge struct {
	url         string
	token       string
	acct        *local.Account
	sessionPath string
	traffic     *traffic
}

func startBridge(t *testing.T, withSession bool) *liveBridge {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	st, err := sqlstore.Open(ctx, filepath.Join(dir, "account.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ring := obs.NewRing(1 << 20)
	log := obs.NewLogger(ring, config.Log{JSON: true})
	acct := local.New(st, local.Options{Logger: log, InviteBaseURL: "http://127.0.0.1/invitations"})
	if _, err := acct.Init(ctx, "Browser Test Team", "owner@example.com"); err != nil {
		t.Fatal(err)
	}
	lb := &liveBridge{acct: acct, sessionPath: filepath.Join(dir, "scimsession"), traffic: &traffic{}}
	if withSession {
		lb.token = lb.install(t)
	}
	sessions, err := bridge.NewFileSession(lb.sessionPath)
	if err != nil {
		t.Fatal(err)
	}
	b := bridge.New(bridge.Config{
		Session: sessions,
		Connect: func(ctx context.Context, u credentials.Unlocked, _ string) (account.Service, error) {
			return acct.Provisioning(ctx, u.APIKey)
		},
		Logger: log, Version: "9.9.9-test", Build: "browser-build", Logs: ring.Bytes,
		ConfirmationInterval: time.Second,
		UI: func(s *bridge.Server) http.Handler {
			return web.New(s, web.Options{})
		},
	})
	runCtx, stop := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { b.Run(runCtx); close(done) }()
	t.Cleanup(func() { stop(); <-done })
	srv := httptest.NewServer(lb.traffic.record(b))
	t.Cleanup(srv.Close)
	lb.url = srv.URL
	return lb
}

// install makes a credentials pair and writes its scimsession where the
// bridge looks, as setup does; it returns the bearer token.
func (lb *liveBridge) install(t *testing.T) string {
	t.Helper()
	pair, err := setup.Run(context.Background(), integrations{lb.acct}, "", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := setup.Write(pair, lb.sessionPath, lb.sessionPath+".token"); err != nil {
		t.Fatal(err)
	}
	return pair.Token
}

type integrations struct{ a *local.Account }

func (i integrations) CreateIntegration(ctx context.Context, name string) (string, string, error) {
	return i.a.CreateIntegration(ctx, name)
}

func (i integrations) RevokeIntegration(ctx context.Context, id string) error {
	return i.a.RevokeCredential(ctx, id)
}

// provision does what an identity provider would: three people, a group,
// a suspension; and one person accepts the invitation, so the confirmation
// watcher has someone to confirm.
func (lb *liveBridge) provision(t *testing.T) {
	t.Helper()
	ids := map[string]string{}
	for _, name := range []string{"ada", "grace", "linus"} {
		body := fmt.Sprintf(`{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"%[1]s@example.com",
			"name":{"givenName":%[1]q,"familyName":"Example"},"emails":[{"value":"%[1]s@example.com","primary":true}],"active":true}`, name)
		ids[name] = lb.scim(t, http.MethodPost, "/Users", body, http.StatusCreated)["id"].(string)
	}
	lb.scim(t, http.MethodPost, "/Groups", fmt.Sprintf(`{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],
		"displayName":"Engineering","members":[{"value":%q},{"value":%q}]}`, ids["ada"], ids["grace"]), http.StatusCreated)
	lb.scim(t, http.MethodPatch, "/Users/"+ids["linus"], `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
		"Operations":[{"op":"replace","path":"active","value":false}]}`, http.StatusOK)
	ctx := context.Background()
	if _, err := lb.acct.AcceptInvitation(ctx, ids["grace"]); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		p, err := lb.acct.Person(ctx, ids["grace"])
		if err == nil && p.State == account.StateActive {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the confirmation watcher did not confirm grace: %+v %v", p, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func (lb *liveBridge) scim(t *testing.T, method, path, body string, status int) map[string]any {
	t.Helper()
	r, err := http.NewRequest(method, lb.url+"/scim/v2"+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	r.Header.Set("Authorization", "Bearer "+lb.token)
	r.Header.Set("Content-Type", "application/scim+json")
	r.Header.Set("User-Agent", "Okta SCIM Client 1.0.0")
	resp, err := http.DefaultClient.Do(r)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != status {
		t.Fatalf("%s %s: %d, want %d: %s", method, path, resp.StatusCode, status, raw)
	}
	var out map[string]any
	_ = json.Unmarshal(raw, &out)
	return out
}

// traffic records what the browser sent and got, to check that the token
// never travels in a URL, a cookie or a response.
type traffic struct {
	mu      sync.Mutex
	entries []string
}

func (tr *traffic) record(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.Contains(r.UserAgent(), "Chrome") {
			next.ServeHTTP(w, r) // the identity provider's calls carry the token by design
			return
		}
		rec := httptest.NewRecorder()
		next.ServeHTTP(rec, r)
		var b strings.Builder
		fmt.Fprintf(&b, "%s %s\n", r.Method, r.URL)
		_ = r.Header.Write(&b)
		fmt.Fprintf(&b, "-> %d\n", rec.Code)
		_ = rec.Header().Write(&b)
		b.Write(rec.Body.Bytes())
		tr.mu.Lock()
		tr.entries = append(tr.entries, b.String())
		tr.mu.Unlock()
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		_, _ = w.Write(rec.Body.Bytes())
	})
}

func (lb *liveBridge) checkBrowserTraffic(t *testing.T) {
	t.Helper()
	lb.traffic.mu.Lock()
	defer lb.traffic.mu.Unlock()
	if len(lb.traffic.entries) < 8 {
		t.Fatalf("only %d browser requests recorded", len(lb.traffic.entries))
	}
	for _, e := range lb.traffic.entries {
		first, _, _ := strings.Cut(e, "\n")
		if strings.HasPrefix(first, "POST /app/signin") {
			continue // the one request that carries it, in its body
		}
		if strings.Contains(e, lb.token) {
			t.Errorf("the token travelled in %s", first)
		}
		if strings.HasPrefix(first, "GET /app") && !strings.Contains(e, "Content-Security-Policy: default-src 'none'") {
			t.Errorf("no CSP on %s", first)
		}
	}
}
