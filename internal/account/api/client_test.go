package api

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/scimbridge/scimbridge/internal/account"
	"github.com/scimbridge/scimbridge/internal/scim"
	"github.com/scimbridge/scimbridge/internal/scim/filter"
	"github.com/scimbridge/scimbridge/internal/scim/patch"
)

func TestNetworkFailures(t *testing.T) {
	const key = "sbk1_abc_secretsecretsecret"
	// A port nothing listens on: take one and let it go.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	deadURL := "http://" + l.Addr().String()
	l.Close()

	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	}))
	defer slow.Close()
	// A server that answers with half a body and hangs up.
	cut := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "1000")
		_, _ = w.Write([]byte(`{"id":`))
		if hj, ok := w.(http.Hijacker); ok {
			c, _, _ := hj.Hijack()
			c.Close()
		}
	}))
	defer cut.Close()

	tests := []struct {
		name string
		url  string
		opts []Option
	}{
		{"connection refused", deadURL, nil},
		{"timeout", slow.URL, []Option{WithTimeout(50 * time.Millisecond)}},
		{"cut short", cut.URL, nil},
		{"no such host", "http://account.invalid", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := NewClient(tc.url, key, tc.opts...)
			_, err := c.GetPerson(context.Background(), "x")
			if !errors.Is(err, account.ErrUnavailable) {
				t.Fatalf("error %v, want ErrUnavailable", err)
			}
			if !strings.Contains(err.Error(), tc.url) || strings.Contains(err.Error(), "secretsecret") {
				t.Errorf("error %q should name %s and never the key", err, tc.url)
			}
		})
	}

	t.Run("caller cancels", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		go func() { time.Sleep(20 * time.Millisecond); cancel() }()
		_, err := NewClient(slow.URL, key).GetPerson(ctx, "x")
		if !errors.Is(err, context.Canceled) || errors.Is(err, account.ErrUnavailable) {
			t.Errorf("error %v, want context.Canceled", err)
		}
	})
}

func TestClientRequests(t *testing.T) {
	var got atomic.Pointer[http.Request]
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got.Store(r.Clone(context.Background()))
		w.Header().Set(VersionHeader, Version)
		if r.URL.Path == "/v1/redirect" {
			http.Redirect(w, r, "/v1/elsewhere", http.StatusFound)
			return
		}
		if r.URL.Path == "/v1/health" {
			writeJSON(w, http.StatusOK, healthResponse{Status: "ok"})
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	defer srv.Close()

	ctx := account.WithActor(context.Background(), account.Actor{RequestID: "req-1", Provider: "Okta"})
	c := NewClient(srv.URL+"/", "sbk1_key", WithVersion("1.2.3"))
	if err := c.DeleteGroup(ctx, "a/b c", 7); err != nil {
		t.Fatal(err)
	}
	r := got.Load()
	checks := map[string][2]string{
		"method":        {r.Method, "DELETE"},
		"path":          {r.URL.EscapedPath(), "/v1/groups/a%2Fb%20c"},
		"authorization": {r.Header.Get("Authorization"), "Bearer sbk1_key"},
		"user agent":    {r.Header.Get("User-Agent"), "scimbridge/1.2.3"},
		"if-match":      {r.Header.Get("If-Match"), `"7"`},
		"request id":    {r.Header.Get(RequestIDHeader), "req-1"},
		"provider":      {r.Header.Get(ProviderHeader), "Okta"},
	}
	for name, c := range checks {
		if c[0] != c[1] {
			t.Errorf("%s = %q, want %q", name, c[0], c[1])
		}
	}

	if err := NewClient(srv.URL, "").Health(context.Background()); err != nil {
		t.Fatal(err)
	}
	r = got.Load()
	if r.Header.Get("Authorization") != "" || r.Header.Get("User-Agent") != "scimbridge/dev" || r.Header.Get(RequestIDHeader) != "" {
		t.Errorf("health request headers: %v", r.Header)
	}

	// The client does not follow redirects (they would carry the key away).
	err := c.do(context.Background(), call{method: "GET", path: "/v1/redirect"})
	if err == nil || got.Load().URL.Path != "/v1/redirect" {
		t.Errorf("redirect: %v, last path %s; want an error and no second request", err, got.Load().URL.Path)
	}
}

func TestListParams(t *testing.T) {
	f, err := filter.Parse(`userName eq "a \"b\"" and (emails.value co "@x" or not (active eq false))`)
	if err != nil {
		t.Fatal(err)
	}
	sortBy, _ := filter.ParseAttrPath("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department")
	tests := []account.Query{
		{},
		{StartIndex: 3, Count: 25},
		{Filter: f, StartIndex: 1, Count: 0, SortBy: &sortBy, Descending: true},
		{StartIndex: -4, Count: -1},
		{Count: 5, Descending: true},
	}
	for _, q := range tests {
		r := httptest.NewRequest("GET", "/v1/people?"+listParams(q).Encode(), nil)
		back, err := listQuery(r)
		if err != nil {
			t.Fatalf("%+v: %v", q, err)
		}
		want := q
		want.StartIndex = max(q.StartIndex, 1)
		want.Count = max(q.Count, 0)
		if (back.Filter == nil) != (want.Filter == nil) || back.Filter != nil && back.Filter.String() != want.Filter.String() {
			t.Errorf("filter %v came back as %v", want.Filter, back.Filter)
		}
		back.Filter, want.Filter = nil, nil
		if !reflect.DeepEqual(back, want) {
			t.Errorf("query %+v came back as %+v", want, back)
		}
	}

	bad := []string{"filter=userName+eq", "startIndex=x", "count=1.5", "sortBy=a..b", "sortOrder=up"}
	for _, raw := range bad {
		if _, err := listQuery(httptest.NewRequest("GET", "/v1/people?"+raw, nil)); err == nil {
			t.Errorf("%s: no error", raw)
		} else if e, ok := scim.AsError(err); !ok || e.Status != 400 {
			t.Errorf("%s: %v, want a 400 *scim.Error", raw, err)
		}
	}
	q, err := listQuery(httptest.NewRequest("GET", "/v1/people", nil))
	if err != nil || q.StartIndex != 1 || q.Count != defaultCount {
		t.Errorf("defaults: %+v, %v", q, err)
	}
}

// TestPatchMessage encodes operations as the client does and decodes them
// as the server does.
func TestPatchMessage(t *testing.T) {
	mk := func(o patch.Op, path string, value any, has bool) patch.Operation {
		op, err := patch.NewOperation(o, path, value, has)
		if err != nil {
			t.Fatal(err)
		}
		return op
	}
	ops := []patch.Operation{
		mk(patch.Add, "members", []any{map[string]any{"value": "id-1", "display": "One"}}, true),
		mk(patch.Remove, `members[value eq "id-2"]`, nil, false),
		mk(patch.Replace, "", map[string]any{"displayName": "New", "externalId": "x"}, true),
		mk(patch.Replace, "title", nil, true), // an explicit null
		mk(patch.Replace, "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber", json.Number("12"), true),
		mk(patch.Add, "active", false, true),
	}
	raw, err := json.Marshal(patchMessage(ops))
	if err != nil {
		t.Fatal(err)
	}
	var msg map[string]any
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	dec.UseNumber()
	if err := dec.Decode(&msg); err != nil {
		t.Fatal(err)
	}
	back, err := patch.Decode(msg)
	if err != nil {
		t.Fatalf("patch.Decode(%s): %v", raw, err)
	}
	if len(back) != len(ops) {
		t.Fatalf("%d operations came back, want %d", len(back), len(ops))
	}
	for i := range ops {
		if !reflect.DeepEqual(back[i], ops[i]) {
			t.Errorf("operation %d: %+v came back as %+v", i, ops[i], back[i])
		}
	}
	if strings.Contains(string(raw), `"path":""`) {
		t.Errorf("an empty path was sent: %s", raw)
	}
}
