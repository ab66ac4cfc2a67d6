package main

import (
	"bufio"
	"context"
	"encoding/json"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scimbridge/scimbridge/internal/config"
)

// logLines decodes the JSON log lines of an output (other lines are
// skipped).
func logLines(out string) []map[string]any {
	var lines []map[string]any
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var m map[string]any
		if json.Unmarshal(sc.Bytes(), &m) == nil && m["msg"] != nil {
			lines = append(lines, m)
		}
	}
	return lines
}

// TestRedisClientLogsThroughTheLogger: go-redis's own messages (here: a
// dial that failed) are JSON lines of the process's log, at warn level,
// in the ring too, and not plain text on stderr.
func TestRedisClientLogsThroughTheLogger(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dead := ln.Addr().String()
	ln.Close()
	var out syncBuffer
	cfg := config.Bridge{Redis: config.Redis{URL: "redis://:s3cret-password@" + dead}, Log: config.Log{JSON: true}}
	rt, err := newRuntime(context.Background(), &out, cfg, "test", "")
	if err != nil {
		t.Fatal(err)
	}
	defer rt.close()
	var found bool
	for _, l := range logLines(out.String()) {
		if l["msg"] == "redis client" {
			found = true
			if l["level"] != "WARN" || !strings.Contains(l["detail"].(string), "dial") || strings.HasPrefix(l["detail"].(string), "redis:") {
				t.Errorf("go-redis's line: %v", l)
			}
		}
	}
	if !found {
		t.Fatalf("go-redis's dial failure is not in the log:\n%s", out.String())
	}
	if strings.Contains(out.String(), "s3cret-password") {
		t.Fatalf("the Redis password is in the log:\n%s", out.String())
	}
	if !strings.Contains(string(rt.ring.Bytes()), `"msg":"redis client"`) {
		t.Fatal("go-redis's line is not in the ring")
	}
}

// TestRingWithoutInvitationTokens: the process's log keeps an invitation
// link on stdout (where the administrator finds it without SMTP), and the
// ring that the status page offers for download keeps the line without
// the link's token.
func TestRingWithoutInvitationTokens(t *testing.T) {
	var out syncBuffer
	rt, err := newRuntime(context.Background(), &out, config.Bridge{Log: config.Log{JSON: true}}, "test", "")
	if err != nil {
		t.Fatal(err)
	}
	defer rt.close()
	const link = "http://127.0.0.1:3002/invitations/Zm9vYmFyYmF6cXV4X2ludml0YXRpb25fdG9rZW5fMTIzNDU"
	rt.log.Info("invitation created; no SMTP server is configured, so pass the link on", "person", "p1", "invitation_link", link)
	if !strings.Contains(out.String(), link) {
		t.Fatalf("stdout lost the link:\n%s", out.String())
	}
	ring := string(rt.ring.Bytes())
	if strings.Contains(ring, "Zm9vYmFy") || !strings.Contains(ring, "invitation created") || !strings.Contains(ring, "/invitations/[redacted]") {
		t.Fatalf("ring:\n%s", ring)
	}
}

// TestQuickstartAndServeTellTheSameStory: quickstart logs a start-up line
// for every component serve does, and its banner says where the
// monitoring token is kept.
func TestQuickstartAndServeTellTheSameStory(t *testing.T) {
	dir := t.TempDir()
	addr := freeAddr(t)
	qs := start(t, "quickstart", "--data-dir", dir, "--addr", addr)
	waitFor(t, "http://"+addr+"/ping")

	_, port, _ := net.SplitHostPort(freeAddr(t))
	t.Setenv("OP_SESSION", filepath.Join(dir, "no-scimsession-here"))
	t.Setenv("OP_PORT", port)
	sv := start(t, "serve")
	waitFor(t, "http://127.0.0.1:"+port+"/ping")

	components := func(out string) (map[string]bool, bool) {
		names, starting := map[string]bool{}, false
		for _, l := range logLines(out) {
			switch l["msg"] {
			case "component":
				names[l["name"].(string)] = true
			case "scimbridge starting":
				starting = true
			}
		}
		return names, starting
	}
	served, serveStarting := components(sv.String())
	quick, quickStarting := components(qs.String())
	if !serveStarting || !quickStarting {
		t.Errorf("a command does not log that it starts: serve %v, quickstart %v", serveStarting, quickStarting)
	}
	if len(served) < 4 {
		t.Fatalf("serve's components: %v", served)
	}
	for name := range served {
		if !quick[name] {
			t.Errorf("quickstart does not log the %s component:\n%s", name, qs)
		}
	}
	mon, err := os.ReadFile(filepath.Join(dir, "monitoring-token"))
	if err != nil {
		t.Fatal(err)
	}
	banner := qs.String()
	if !strings.Contains(banner, "Monitoring token:") || !strings.Contains(banner, filepath.Join(dir, "monitoring-token")) {
		t.Fatalf("the banner does not say where the monitoring token is:\n%s", banner)
	}
	if strings.Contains(banner, strings.TrimSpace(string(mon))) {
		t.Fatal("the banner prints the monitoring token itself")
	}
	req, _ := http.NewRequest("GET", "http://"+addr+"/monitoring", nil)
	req.Header.Set("Authorization", "Bearer "+strings.TrimSpace(string(mon)))
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != 200 {
		t.Fatalf("the kept monitoring token: %v %v", resp, err)
	} else {
		resp.Body.Close()
	}
}
