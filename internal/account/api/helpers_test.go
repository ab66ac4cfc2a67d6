package api

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/scimbridge/scimbridge/internal/account"
	"github.com/scimbridge/scimbridge/internal/account/local"
	"github.com/scimbridge/scimbridge/internal/account/servicetest"
	"github.com/scimbridge/scimbridge/internal/account/store"
)

// testServer is the account API over a local SQLite account, on a
// loopback port.
type testServer struct {
	*servicetest.Local
	URL    string
	Client *Client
	logs   *syncBuffer
}

func newTestServer(t testing.TB) *testServer {
	return newTestServerOn(t, servicetest.OpenSQLite(t), local.Options{})
}

func newTestServerOn(t testing.TB, st store.Store, opts local.Options) *testServer {
	t.Helper()
	l := servicetest.NewLocal(t, st, opts)
	logs := &syncBuffer{}
	log := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	srv := httptest.NewServer(NewServer(l.Account, log))
	t.Cleanup(srv.Close)
	return &testServer{Local: l, URL: srv.URL, Client: NewClient(srv.URL, l.IntegrationKey), logs: logs}
}

// syncBuffer is a bytes.Buffer the server's goroutines may log to while
// the test reads it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// rawResponse is an answer read without the client.
type rawResponse struct {
	Status int
	Header http.Header
	Body   []byte
	Err    errorBody // decoded when the body is an error body
}

// send makes one request to the server with the key (none when ""), the
// headers in pairs, and the body.
func send(t testing.TB, method, url, key, body string, headers ...string) rawResponse {
	t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(context.Background(), method, url, r)
	if err != nil {
		t.Fatal(err)
	}
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Add(headers[i], headers[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	out := rawResponse{Status: resp.StatusCode, Header: resp.Header, Body: b}
	if resp.StatusCode >= 400 {
		if err := json.Unmarshal(b, &out.Err); err != nil {
			t.Errorf("%s %s: %d with a body that is not an error body: %q", method, url, resp.StatusCode, b)
		}
		if out.Err.Status != resp.StatusCode || out.Err.Error == "" || out.Err.Detail == "" {
			t.Errorf("%s %s: error body %+v with status %d", method, url, out.Err, resp.StatusCode)
		}
	}
	if v := resp.Header.Get(VersionHeader); v != Version {
		t.Errorf("%s %s: %s header %q, want %q", method, url, VersionHeader, v, Version)
	}
	return out
}

// personDoc is a small person document.
func personDoc(userName string) map[string]any {
	return map[string]any{"userName": userName}
}

func mustCreate(t testing.TB, svc account.Service, userName string) account.Person {
	t.Helper()
	p, err := svc.CreatePerson(context.Background(), personDoc(userName))
	if err != nil {
		t.Fatalf("CreatePerson(%s): %v", userName, err)
	}
	return p
}
