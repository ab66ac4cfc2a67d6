package bridge_test

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/scimbridge/scimbridge/internal/bridge"
	"github.com/scimbridge/scimbridge/internal/config"
	"github.com/scimbridge/scimbridge/internal/obs"
)

// TestProviderLabelIsBounded: anyone, without a token, chooses their
// User-Agent and their method; the metrics' provider and method labels
// come from closed sets, so 100 of each make a handful of series, while
// the log line keeps the product token.
func TestProviderLabelIsBounded(t *testing.T) {
	var logs bytes.Buffer
	b := bridge.New(bridge.Config{Session: bridge.StaticSession{}, Version: "test",
		Logger: obs.NewLogger(&logs, config.Log{JSON: true})})
	srv := httptest.NewServer(b)
	defer srv.Close()
	send := func(method, ua string) {
		req, _ := http.NewRequest(method, srv.URL+"/scim/v2/Users", nil)
		req.Header.Set("User-Agent", ua)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	for i := range 100 {
		send("GET", fmt.Sprintf("Attacker%03d/1.0 (series flood)", i))
		send(fmt.Sprintf("FLOOD%03d", i), "curl/8")
	}
	known := map[string]string{
		"Okta SCIM Client 1.0.0":                 "okta",
		"Microsoft.Identity.SCIM/1.0":            "entra",
		"OneLogin SCIM":                          "onelogin",
		"JumpCloud-SCIM/2":                       "jumpcloud",
		"Google-Workspace-SCIM":                  "google",
		"scimbridge-bench":                       "scimbridge-bench",
		"":                                       "other",
		strings.Repeat("x", 300) + "/1.0 (long)": "other",
	}
	for ua := range known {
		send("GET", ua)
	}
	requests := b.Metrics().Requests
	if n := testutil.CollectAndCount(requests); n > 12 {
		t.Fatalf("200 requests with distinct User-Agents and methods made %d series", n)
	}
	for ua, label := range known {
		if testutil.ToFloat64(requests.WithLabelValues("/scim/v2/Users", "GET", "503", label)) == 0 {
			t.Errorf("%q is not counted as %s", ua, label)
		}
	}
	if got := testutil.ToFloat64(requests.WithLabelValues("/scim/v2/Users", "GET", "503", "other")); got < 100 {
		t.Errorf("the flood is not under other: %v", got)
	}
	if testutil.CollectAndCount(b.Metrics().Duration) > 12 {
		t.Error("the methods made series of the latency histogram")
	}
	// The log keeps what the provider said it is.
	if !strings.Contains(logs.String(), `"provider":"Attacker042/1.0"`) || !strings.Contains(logs.String(), `"provider":"Okta"`) {
		t.Errorf("the log lost the provider:\n%.2000s", logs.String())
	}
}

// TestRequestIDOnEveryLine: lines logged while serving a request carry its
// id even when the caller does not pass it (here: the sign-in of the
// status page, which logs a failure), and bridge.RequestID reads it.
func TestRequestIDOnEveryLine(t *testing.T) {
	var logs bytes.Buffer
	log := obs.NewLogger(&logs, config.Log{JSON: true})
	e := newEnv(t, topologies[0], envOptions{})
	var b *bridge.Server
	var seen string
	b = bridge.New(bridge.Config{
		Session: bridge.StaticSession{S: e.session}, Logger: log, Version: "test",
		UI: func(s *bridge.Server) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				seen = bridge.RequestID(r.Context())
				_ = s.SignIn(r.Context(), "192.0.2.1", "sbt1_wrong")
				log.InfoContext(r.Context(), "a line without the id passed")
				w.WriteHeader(http.StatusNoContent)
			})
		},
	})
	srv := httptest.NewServer(b)
	defer srv.Close()
	req, _ := http.NewRequest("GET", srv.URL+"/app", nil)
	req.Header.Set("X-Request-Id", "req-abc-123")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if seen != "req-abc-123" {
		t.Fatalf("bridge.RequestID: %q", seen)
	}
	lines := strings.Split(strings.TrimSpace(logs.String()), "\n")
	var found int
	for _, l := range lines {
		if strings.Contains(l, "status page sign-in failed") || strings.Contains(l, "a line without the id passed") || strings.Contains(l, `"msg":"request"`) {
			found++
			if strings.Count(l, `"request_id":"req-abc-123"`) != 1 || strings.Count(l, `"request_id"`) != 1 {
				t.Errorf("line without its request id (or with two): %s", l)
			}
		}
	}
	if found != 3 {
		t.Fatalf("lines:\n%s", logs.String())
	}
}
