package bridge_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/scimbridge/scimbridge/internal/account"
	"github.com/scimbridge/scimbridge/internal/account/api"
	"github.com/scimbridge/scimbridge/internal/account/local"
	"github.com/scimbridge/scimbridge/internal/account/store/sqlstore"
	"github.com/scimbridge/scimbridge/internal/bridge"
	"github.com/scimbridge/scimbridge/internal/cache"
	"github.com/scimbridge/scimbridge/internal/credentials"
	"github.com/scimbridge/scimbridge/internal/setup"
	"github.com/scimbridge/scimbridge/internal/testenv"
)

// topology is how the bridge reaches the account in a test.
type topology struct {
	name   string
	remote bool // through the account API over HTTP, as in production
	dsn    func(t testing.TB) string
}

func sqliteDSN(t testing.TB) string { return filepath.Join(t.TempDir(), "account.db") }

// postgresDSN gives each test a fresh schema in the test database.
func postgresDSN(t testing.TB) string { return testenv.PostgresSchema(t, "bridge") }

var topologies = []topology{
	{name: "in-process/sqlite", dsn: sqliteDSN},
	{name: "remote/sqlite", remote: true, dsn: sqliteDSN},
	{name: "remote/postgres", remote: true, dsn: postgresDSN},
}

// env is a running bridge and the account behind it.
type env struct {
	t          testing.TB
	url        string // the SCIM base URL
	token      string
	monitoring string
	acct       *local.Account
	accountURL string // the account API's URL in the remote topology
	server     *bridge.Server
	handler    http.Handler
	session    *credentials.Session
	log        *slog.Logger
}

type envOptions struct {
	policy   account.DeletePolicy
	session  bridge.SessionSource // defaults to the pair setup made
	logs     io.Writer
	interval time.Duration // the confirmation watcher's; 0 leaves it off
	locker   cache.Locker
	store    cache.Store // the account cache's, when set
	redis    interface{ Ping(context.Context) error }
}

func newEnv(t testing.TB, top topology, o envOptions) *env {
	t.Helper()
	ctx := context.Background()
	logs := o.logs
	if logs == nil {
		logs = io.Discard
	}
	log := slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	acct := newAccount(t, top.dsn(t), local.Options{DeletePolicy: o.policy, Logger: log, InviteBaseURL: "https://team.example.com"})
	e := &env{t: t, acct: acct, log: log}
	if top.remote {
		srv := httptest.NewServer(api.NewServer(acct, log))
		t.Cleanup(srv.Close)
		e.accountURL = srv.URL
	}
	pair, err := setup.Run(ctx, integrations{acct}, e.accountURL, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	e.token, e.session, e.monitoring = pair.Token, pair.Session, pair.Monitoring
	b, url := e.newBridge(o)
	e.server, e.handler, e.url = b, b, url
	return e
}

// newAccount opens the store at dsn (closed when the test ends) and creates
// the account on it, with owner@example.com as its owner.
func newAccount(t testing.TB, dsn string, opts local.Options) *local.Account {
	t.Helper()
	st, err := sqlstore.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	acct := local.New(st, opts)
	if _, err := acct.Init(context.Background(), "Test", "owner@example.com"); err != nil {
		t.Fatal(err)
	}
	return acct
}

// newBridge starts another bridge replica on the env's account and
// credentials, and returns it with its SCIM base URL.
func (e *env) newBridge(o envOptions) (*bridge.Server, string) {
	sessions := o.session
	if sessions == nil {
		sessions = bridge.StaticSession{S: e.session}
	}
	b := bridge.New(bridge.Config{
		Session: sessions,
		Connect: func(ctx context.Context, u credentials.Unlocked, accountURL string) (account.Service, error) {
			var svc account.Service = api.NewClient(accountURL, u.APIKey)
			if accountURL == "" {
				var err error
				if svc, err = e.acct.Provisioning(ctx, u.APIKey); err != nil {
					return nil, err
				}
			}
			if o.store != nil {
				svc = cache.Wrap(svc, o.store, cache.Options{Logger: e.log})
			}
			return svc, nil
		},
		Logger: e.log, Version: "test",
		ConfirmationInterval: o.interval, Locker: o.locker, Redis: o.redis,
	})
	if o.interval > 0 {
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() { b.Run(ctx); close(done) }()
		e.t.Cleanup(func() { cancel(); <-done })
	}
	srv := httptest.NewServer(b)
	e.t.Cleanup(srv.Close)
	return b, srv.URL + "/scim/v2"
}

type integrations struct{ a *local.Account }

func (i integrations) CreateIntegration(ctx context.Context, name string) (string, string, error) {
	return i.a.CreateIntegration(ctx, name)
}
func (i integrations) RevokeIntegration(ctx context.Context, id string) error {
	return i.a.RevokeCredential(ctx, id)
}

// response is a decoded response.
type response struct {
	status int
	header http.Header
	body   map[string]any
	raw    string
}

// req sends a request with the env's token; body may be a string of JSON
// or nil. headers alternate names and values.
func (e *env) req(method, path string, body any, headers ...string) response {
	e.t.Helper()
	return e.reqWith(e.token, method, path, body, headers...)
}

func (e *env) reqWith(token, method, path string, body any, headers ...string) response {
	e.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		j, _ := json.Marshal(b)
		rd = bytes.NewReader(j)
	}
	u := e.url + path
	if strings.HasPrefix(path, "http") {
		u = path
	}
	r, err := http.NewRequest(method, u, rd)
	if err != nil {
		e.t.Fatal(err)
	}
	if token != "" {
		r.Header.Set("Authorization", "Bearer "+token)
	}
	if body != nil {
		r.Header.Set("Content-Type", "application/scim+json")
	}
	for i := 0; i+1 < len(headers); i += 2 {
		r.Header.Set(headers[i], headers[i+1])
	}
	resp, err := http.DefaultClient.Do(r)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	out := response{status: resp.StatusCode, header: resp.Header, raw: string(raw)}
	if len(raw) > 0 && strings.Contains(resp.Header.Get("Content-Type"), "json") {
		d := json.NewDecoder(bytes.NewReader(raw))
		d.UseNumber()
		if err := d.Decode(&out.body); err != nil {
			e.t.Fatalf("%s %s: response is not a JSON object: %s", method, path, raw)
		}
	}
	return out
}

// must checks a response's status.
func (r response) must(t testing.TB, status int) response {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d, want %d: %s", r.status, status, r.raw)
	}
	return r
}

// scimError checks a SCIM error response.
func (r response) scimError(t testing.TB, status int, scimType string) {
	t.Helper()
	r.must(t, status)
	if r.body["detail"] == nil || r.body["detail"] == "" {
		t.Fatalf("error without detail: %s", r.raw)
	}
	if got := fmt.Sprint(r.body["status"]); got != fmt.Sprint(status) {
		t.Fatalf("error status %q, want %d", got, status)
	}
	if got, _ := r.body["scimType"].(string); got != scimType {
		t.Fatalf("scimType %q, want %q: %s", got, scimType, r.raw)
	}
	if !strings.Contains(r.raw, "urn:ietf:params:scim:api:messages:2.0:Error") {
		t.Fatalf("error without the Error schema: %s", r.raw)
	}
}

func (r response) str(key string) string {
	v, _ := r.body[key].(string)
	return v
}

func (r response) total(t testing.TB) int {
	t.Helper()
	n, ok := r.body["totalResults"].(json.Number)
	if !ok {
		t.Fatalf("no totalResults: %s", r.raw)
	}
	i, _ := n.Int64()
	return int(i)
}

// person reads a person through the administrators' view.
func (e *env) person(id string) local.PersonView {
	e.t.Helper()
	v, err := e.acct.Person(context.Background(), id)
	if err != nil {
		e.t.Fatalf("person %s: %v", id, err)
	}
	return v
}

// members returns the ids of a group's members, by the administrators'
// view.
func (e *env) members(groupID string) []string {
	e.t.Helper()
	groups, err := e.acct.Groups(context.Background())
	if err != nil {
		e.t.Fatal(err)
	}
	for _, g := range groups {
		if g.ID == groupID {
			ids := []string{}
			for _, m := range g.Members {
				ids = append(ids, m.PersonID)
			}
			return ids
		}
	}
	e.t.Fatalf("no group %s", groupID)
	return nil
}

func eachTopology(t *testing.T, f func(t *testing.T, top topology)) {
	for _, top := range topologies {
		t.Run(top.name, func(t *testing.T) { f(t, top) })
	}
}
