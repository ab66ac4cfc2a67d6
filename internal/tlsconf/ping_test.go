package tlsconf

import (
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestPingServer(t *testing.T) {
	srv := NewPingServer(nil)
	if srv.Addr != ":8080" {
		t.Errorf("Addr %q, want :8080", srv.Addr)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	base := "http://" + ln.Addr().String()
	client := &http.Client{Timeout: 5 * time.Second}

	for _, tc := range []struct {
		method, path string
		status       int
		body         string
	}{
		{"GET", "/ping", 200, "pong\n"},
		{"HEAD", "/ping", 200, ""},
		{"POST", "/ping", 405, ""},
		{"GET", "/ping/", 404, ""},
		{"GET", "/", 404, ""},
		{"GET", "/health", 404, ""},
		{"GET", "/scim/v2/Users", 404, ""},
		{"GET", "/app", 404, ""},
	} {
		t.Run(tc.method+" "+tc.path, func(t *testing.T) {
			req, err := http.NewRequest(tc.method, base+tc.path, strings.NewReader(""))
			if err != nil {
				t.Fatal(err)
			}
			resp, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != tc.status {
				t.Errorf("status %d, want %d", resp.StatusCode, tc.status)
			}
			if tc.body != "" && string(body) != tc.body {
				t.Errorf("body %q, want %q", body, tc.body)
			}
			if tc.status == 405 && resp.Header.Get("Allow") != "GET, HEAD" {
				t.Errorf("Allow %q", resp.Header.Get("Allow"))
			}
		})
	}
}
