package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/scimbridge/scimbridge/internal/testenv"
)

// These tests run the commands as a user would, in this process: the
// quickstart, and the production topology of account service, setup and
// bridge, checked with the admin commands' JSON.

// syncBuffer is an output that a running command writes while the test
// reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// start runs a long-lived command until the test ends.
func start(t *testing.T, args ...string) *syncBuffer {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	out := &syncBuffer{}
	done := make(chan int, 1)
	go func() { done <- run(ctx, args, out, out) }()
	t.Cleanup(func() {
		cancel() // as SIGTERM does
		select {
		case code := <-done:
			if code != 0 {
				t.Errorf("%s exited %d on SIGTERM:\n%s", args[0], code, out)
			}
		case <-time.After(30 * time.Second):
			t.Errorf("%s did not stop", args[0])
		}
	})
	return out
}

// runCmd runs a short command and returns its output.
func runCmd(t *testing.T, args ...string) string {
	t.Helper()
	var out bytes.Buffer
	if code := run(context.Background(), args, &out, &out); code != 0 {
		t.Fatalf("scimbridge %s: exit %d\n%s", strings.Join(args, " "), code, out.String())
	}
	return out.String()
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

func waitFor(t *testing.T, url string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if resp, err := http.Get(url); err == nil {
			resp.Body.Close()
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("%s never answered", url)
}

func scim(t *testing.T, method, url, token, body string) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest(method, url, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/scim+json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var m map[string]any
	_ = json.Unmarshal(raw, &m)
	return resp.StatusCode, m
}

var tokenLine = regexp.MustCompile(`Bearer token:\s+(sbt1_\S+)`)

func TestQuickstart(t *testing.T) {
	dir := t.TempDir()
	addr := freeAddr(t)
	out := start(t, "quickstart", "--data-dir", dir, "--addr", addr)
	base := "http://" + addr + "/scim/v2"
	waitFor(t, "http://"+addr+"/ping")
	token, err := os.ReadFile(filepath.Join(dir, "bearer-token"))
	if err != nil {
		t.Fatal(err)
	}
	tok := strings.TrimSpace(string(token))
	if m := tokenLine.FindStringSubmatch(out.String()); m == nil || m[1] != tok || !strings.Contains(out.String(), base) {
		t.Fatalf("quickstart did not print the URL and token:\n%s", out)
	}
	if status, list := scim(t, "GET", base+"/Users", tok, ""); status != 200 || list["totalResults"] != float64(0) {
		t.Fatalf("a fresh quickstart is not empty: %d %v", status, list)
	}
	if status, list := scim(t, "GET", base+"/Groups", tok, ""); status != 200 || list["totalResults"] != float64(0) {
		t.Fatalf("a fresh quickstart shows groups: %d %v", status, list)
	}
	// The status page, / redirecting to it, and the monitoring token.
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	if resp, err := noRedirect.Get("http://" + addr + "/"); err != nil || resp.StatusCode != 307 || resp.Header.Get("Location") != "/app" {
		t.Fatalf("GET /: %v %v", resp, err)
	}
	if resp, err := http.Get("http://" + addr + "/app"); err != nil || resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Content-Security-Policy"), "default-src 'none'") {
		t.Fatalf("GET /app: %v %v", resp, err)
	}
	mon, _ := os.ReadFile(filepath.Join(dir, "monitoring-token"))
	if status, _ := scim(t, "GET", "http://"+addr+"/monitoring", strings.TrimSpace(string(mon)), ""); status != 200 {
		t.Fatalf("/monitoring with the monitoring token: %d", status)
	}
	status, u := scim(t, "POST", base+"/Users", tok, `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"ann@example.com","emails":[{"value":"ann@example.com","primary":true}]}`)
	if status != 201 {
		t.Fatalf("create: %d %v", status, u)
	}
	status, g := scim(t, "POST", base+"/Groups", tok, fmt.Sprintf(`{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"Reading","members":[{"value":%q}]}`, u["id"]))
	if status != 201 {
		t.Fatalf("group: %d", status)
	}
	if status, _ := scim(t, "PATCH", base+"/Groups/"+g["id"].(string), tok, `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"displayName","value":"Readers"}]}`); status != 204 {
		t.Fatalf("rename: %d", status)
	}
	// The admin commands open the account while quickstart runs.
	runCmd(t, "account", "people", "accept-invite", "ann@example.com", "--data-dir", dir)
	var people []personJSON
	if err := json.Unmarshal([]byte(runCmd(t, "account", "people", "list", "--json", "--data-dir", dir)), &people); err != nil {
		t.Fatal(err)
	}
	if len(people) != 1 || people[0].State != "awaiting_confirmation" || len(people[0].Groups) != 1 || people[0].Groups[0].DisplayName != "Readers" {
		t.Fatalf("people: %+v", people)
	}
	var groups []groupJSON
	if err := json.Unmarshal([]byte(runCmd(t, "account", "groups", "list", "--json", "--data-dir", dir)), &groups); err != nil {
		t.Fatal(err)
	}
	if len(groups) != 4 || groups[3].DisplayName != "Readers" || len(groups[3].Members) != 1 || groups[3].Members[0].ID != u["id"] {
		t.Fatalf("groups: %+v", groups)
	}
	if text := runCmd(t, "account", "audit", "--data-dir", dir); !strings.Contains(text, "person.accept") || !strings.Contains(text, "Reading→Readers") {
		t.Fatalf("the audit log lacks the acceptance or the rename:\n%s", text)
	}
	// Group events carry the group's state before and after, as objects.
	var all []map[string]any
	json.Unmarshal([]byte(runCmd(t, "account", "audit", "--json", "--data-dir", dir)), &all)
	states := map[string]string{}
	for _, e := range all {
		if e["target"].(map[string]any)["id"] == g["id"] {
			states[e["action"].(string)] = fmt.Sprint(e["before"], " ", e["after"])
		}
	}
	if states["group.create"] != "<nil> map[displayName:Reading]" || states["group.update"] != "map[displayName:Reading] map[displayName:Readers]" {
		t.Fatalf("group events before/after: %v", states)
	}
	var events []auditEventJSON
	json.Unmarshal([]byte(runCmd(t, "account", "audit", "--json", "--limit", "2", "--data-dir", dir)), &events)
	if len(events) != 2 || events[0].Action != "person.accept" || !events[0].Time.After(events[1].Time) && !events[0].Time.Equal(events[1].Time) {
		t.Fatalf("audit --limit 2: %+v", events)
	}
	if out := runCmd(t, "account", "audit", "--json", "--since", time.Now().Add(time.Hour).Format(time.RFC3339), "--data-dir", dir); strings.TrimSpace(out) != "[]" {
		t.Fatalf("audit --since the future: %s", out)
	}
	json.Unmarshal([]byte(runCmd(t, "account", "audit", "--json", "--since", "1h", "--data-dir", dir)), &events)
	if len(events) < 5 {
		t.Fatalf("audit --since 1h: %d events", len(events))
	}
}

func TestQuickstartRestartKeepsDataAndCredentials(t *testing.T) {
	dir := t.TempDir()
	for round := 0; round < 2; round++ {
		t.Run(fmt.Sprint("start ", round+1), func(t *testing.T) {
			addr := freeAddr(t)
			start(t, "quickstart", "--data-dir", dir, "--addr", addr)
			waitFor(t, "http://"+addr+"/ping")
			tok, _ := os.ReadFile(filepath.Join(dir, "bearer-token"))
			base := "http://" + addr + "/scim/v2"
			if round == 0 {
				if status, _ := scim(t, "POST", base+"/Users", strings.TrimSpace(string(tok)), `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"kept@example.com"}`); status != 201 {
					t.Fatalf("create: %d", status)
				}
				os.WriteFile(filepath.Join(dir, "token-1"), tok, 0o600)
				return
			}
			first, _ := os.ReadFile(filepath.Join(dir, "token-1"))
			if !bytes.Equal(first, tok) {
				t.Fatal("the restart made a new token")
			}
			if status, list := scim(t, "GET", base+"/Users", strings.TrimSpace(string(tok)), ""); status != 200 || list["totalResults"] != float64(1) {
				t.Fatalf("after restart: %d %v", status, list)
			}
		})
	}
}

// TestProductionTopology runs account init, account serve, setup against
// the account API, and serve, as the deployment kit does; then regenerates
// the credentials. It runs on SQLite, and on PostgreSQL when
// SCIMBRIDGE_TEST_POSTGRES_URL is set (in a schema of its own).
func TestProductionTopology(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { productionTopology(t, filepath.Join(t.TempDir(), "account.db")) })
	t.Run("postgres", func(t *testing.T) { productionTopology(t, testenv.PostgresSchema(t, "cli")) })
}

func productionTopology(t *testing.T, db string) {
	dir := t.TempDir()
	keyFile := filepath.Join(dir, "owner-key")
	runCmd(t, "account", "init", "--db", db, "--name", "Acme", "--owner-email", "boss@acme.test", "--owner-key-file", keyFile)

	if out := runCmd(t, "account", "init", "--db", db, "--if-missing"); !strings.Contains(out, "nothing to do") {
		t.Fatalf("init --if-missing on an account: %s", out)
	}
	accountAddr := freeAddr(t)
	start(t, "account", "serve", "--db", db, "--addr", accountAddr)
	waitFor(t, "http://"+accountAddr+"/v1/health")

	session := filepath.Join(dir, "scimsession")
	out := runCmd(t, "setup", "--account-url", "http://"+accountAddr, "--owner-key-file", keyFile, "--scimsession", session)
	m := regexp.MustCompile(`(sbt1_\S+)`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("setup printed no token:\n%s", out)
	}
	token := m[1]
	if st, err := os.Stat(session); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("scimsession: %v %v", st, err)
	}

	if out := runCmd(t, "setup", "--account-url", "http://"+accountAddr, "--owner-key-file", keyFile, "--scimsession", session, "--if-missing"); !strings.Contains(out, "nothing to do") {
		t.Fatalf("setup --if-missing with a scimsession: %s", out)
	}
	bridgeAddr := freeAddr(t)
	_, port, _ := net.SplitHostPort(bridgeAddr)
	t.Setenv("OP_SESSION", session)
	t.Setenv("OP_PORT", port)
	serveOut := start(t, "serve")
	base := "http://127.0.0.1:" + port + "/scim/v2"
	waitFor(t, "http://127.0.0.1:"+port+"/ping")
	runCmd(t, "healthcheck")
	for _, component := range []string{`"name":"scimsession","state":"installed"`, `"name":"account","state":"waiting"`, `"name":"redis","state":"not configured"`, `"name":"listener","state":"serving"`} {
		if !strings.Contains(serveOut.String(), component) {
			t.Errorf("serve's start-up does not say %s:\n%s", component, serveOut)
		}
	}

	status, u := scim(t, "POST", base+"/Users", token, `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"dev@acme.test"}`)
	if status != 201 {
		t.Fatalf("create through the remote account: %d %v", status, u)
	}
	if status, _ := scim(t, "PATCH", base+"/Users/"+u["id"].(string), token, `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"active","value":false}]}`); status != 204 {
		t.Fatalf("deactivate: %d", status)
	}
	var people []personJSON
	json.Unmarshal([]byte(runCmd(t, "account", "people", "list", "--json", "--db", db)), &people)
	if len(people) != 2 || people[0].UserName != "boss@acme.test" || people[0].State != "active" || people[1].UserName != "dev@acme.test" || people[1].State != "suspended" {
		t.Fatalf("people: %+v", people)
	}
	// Entra's shapes: reactivate with a string boolean, push a group with
	// the person, then remove them by a value filter; the admin view agrees.
	if status, _ := scim(t, "PATCH", base+"/Users/"+u["id"].(string), token, `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Replace","path":"active","value":"True"}]}`); status != 204 && status != 200 {
		t.Fatalf("reactivate: %d", status)
	}
	status, g := scim(t, "POST", base+"/Groups", token, `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"Engineering","members":[{"value":"`+u["id"].(string)+`"}]}`)
	if status != 201 {
		t.Fatalf("group push: %d %v", status, g)
	}
	var groups []groupJSON
	json.Unmarshal([]byte(runCmd(t, "account", "groups", "list", "--json", "--db", db)), &groups)
	members := func() []string {
		for _, gr := range groups {
			if gr.DisplayName == "Engineering" {
				ids := []string{}
				for _, m := range gr.Members {
					ids = append(ids, m.ID)
				}
				return ids
			}
		}
		return nil
	}
	if m := members(); len(m) != 1 || m[0] != u["id"] {
		t.Fatalf("the pushed group's members: %v", m)
	}
	if status, _ := scim(t, "PATCH", base+"/Groups/"+g["id"].(string), token, `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Remove","path":"members[value eq \"`+u["id"].(string)+`\"]"}]}`); status != 204 && status != 200 {
		t.Fatalf("remove member: %d", status)
	}
	json.Unmarshal([]byte(runCmd(t, "account", "groups", "list", "--json", "--db", db)), &groups)
	if m := members(); m == nil || len(m) != 0 {
		t.Fatalf("after removing the member: %v", m)
	}
	json.Unmarshal([]byte(runCmd(t, "account", "people", "list", "--json", "--db", db)), &people)
	if len(people) != 2 || people[1].State != "invited" {
		t.Fatalf("after reactivation: %+v", people)
	}

	// The owner is not provisioned, so the provider does not see them; when
	// it assigns them, it links to the existing person, and still cannot
	// suspend or delete an owner.
	status, owner := scim(t, "POST", base+"/Users", token, `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"BOSS@acme.test"}`)
	if status != 201 || owner["active"] != true {
		t.Fatalf("linking the owner: %d %v", status, owner)
	}
	if status, e := scim(t, "DELETE", base+"/Users/"+owner["id"].(string), token, ""); status != 403 || !strings.Contains(fmt.Sprint(e["detail"]), "owner") {
		t.Fatalf("deleting the owner: %d %v", status, e)
	}

	out = runCmd(t, "setup", "--account-url", "http://"+accountAddr, "--owner-key-file", keyFile, "--scimsession", session, "--regenerate")
	newToken := regexp.MustCompile(`(sbt1_\S+)`).FindStringSubmatch(out)[1]
	if status, _ := scim(t, "GET", base+"/Users", newToken, ""); status != 200 {
		t.Fatalf("the new token: %d", status)
	}
	if status, _ := scim(t, "GET", base+"/Users", token, ""); status != 401 {
		t.Fatalf("the old token: %d", status)
	}
}

// TestQuickstartLifecycle is issue 3's walk-through: with
// OP_CONFIRMATION_INTERVAL short, an accepted invitation becomes active
// with no other action, and every step is in the admin views.
func TestQuickstartLifecycle(t *testing.T) {
	t.Setenv("OP_CONFIRMATION_INTERVAL", "1")
	dir := t.TempDir()
	addr := freeAddr(t)
	start(t, "quickstart", "--data-dir", dir, "--addr", addr)
	base := "http://" + addr + "/scim/v2"
	waitFor(t, "http://"+addr+"/ping")
	tok, _ := os.ReadFile(filepath.Join(dir, "bearer-token"))
	token := strings.TrimSpace(string(tok))
	state := func() personJSON {
		var people []personJSON
		if err := json.Unmarshal([]byte(runCmd(t, "account", "people", "list", "--json", "--data-dir", dir)), &people); err != nil || len(people) != 1 {
			t.Fatalf("people: %v %v", people, err)
		}
		return people[0]
	}
	status, u := scim(t, "POST", base+"/Users", token, `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"eve@example.com","emails":[{"value":"eve@example.com","primary":true}],"active":true}`)
	if status != 201 || state().State != "invited" {
		t.Fatalf("create: %d %s", status, state().State)
	}
	id := u["id"].(string)
	// The invitation link works in quickstart: it is served on the same port.
	var show personJSON
	json.Unmarshal([]byte(runCmd(t, "account", "people", "show", "eve@example.com", "--json", "--data-dir", dir)), &show)
	if show.Invitation == nil || !strings.HasPrefix(show.Invitation.Link, "http://"+addr+"/invitations/") {
		t.Fatalf("invitation: %+v", show.Invitation)
	}
	if resp, err := http.Get(show.Invitation.Link); err != nil || resp.StatusCode != 200 {
		t.Fatalf("the invitation page: %v %v", resp, err)
	}
	runCmd(t, "account", "people", "accept-invite", "eve@example.com", "--data-dir", dir)
	deadline := time.Now().Add(15 * time.Second)
	for state().State != "active" {
		if time.Now().After(deadline) {
			t.Fatalf("not confirmed: %s", state().State)
		}
		time.Sleep(100 * time.Millisecond)
	}
	patch := func(active bool) {
		if status, _ := scim(t, "PATCH", base+"/Users/"+id, token, fmt.Sprintf(`{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","value":{"active":%v}}]}`, active)); status != 204 {
			t.Fatalf("PATCH active=%v: %d", active, status)
		}
	}
	patch(false)
	if s := state().State; s != "suspended" {
		t.Fatalf("deactivated: %s", s)
	}
	patch(true)
	if s := state().State; s != "active" {
		t.Fatalf("reactivated: %s", s)
	}
	if status, _ := scim(t, "DELETE", base+"/Users/"+id, token, ""); status != 204 {
		t.Fatalf("delete: %d", status)
	}
	if status, _ := scim(t, "GET", base+"/Users/"+id, token, ""); status != 404 || state().State != "suspended" || state().Provisioned {
		t.Fatalf("after delete: %d %+v", status, state())
	}
	status, again := scim(t, "POST", base+"/Users", token, `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"eve@example.com","active":true}`)
	if status != 201 || again["id"] != id || state().State != "active" {
		t.Fatalf("provisioned again: %d %v %s", status, again["id"], state().State)
	}
	var events []auditEventJSON
	json.Unmarshal([]byte(runCmd(t, "account", "audit", "--json", "--data-dir", dir)), &events)
	var actions []string
	for i := len(events) - 1; i >= 0; i-- {
		if events[i].Target.ID == id {
			actions = append(actions, events[i].Action)
			if events[i].RequestID == "" {
				t.Errorf("%s has no request id", events[i].Action)
			}
		}
	}
	want := "person.invite person.accept person.confirm person.suspend person.restore person.deprovision person.reprovision"
	if strings.Join(actions, " ") != want {
		t.Fatalf("audit: %v", actions)
	}
}
