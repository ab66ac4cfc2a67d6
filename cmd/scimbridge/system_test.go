package main

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/scimbridge/scimbridge/internal/credentials"
)

// The fault tests run the production topology as separate processes (the
// account service, bridge replicas, Redis), so that a part can be killed
// with SIGKILL mid-load as an orchestrator or the kernel would. The
// processes are this test binary itself, re-run as scimbridge.

// asMainEnv makes the test binary run as scimbridge.
const asMainEnv = "SCIMBRIDGE_TEST_RUN_AS_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(asMainEnv) == "1" {
		main()
	}
	os.Exit(m.Run())
}

// proc is a scimbridge process started from this test binary.
type proc struct {
	t    *testing.T
	args []string
	env  []string
	out  *syncBuffer
	cmd  *exec.Cmd
	done chan error
}

// spawn starts scimbridge with args and the extra environment; its output
// goes to out. The test's end kills it.
func spawn(t *testing.T, out *syncBuffer, env []string, args ...string) *proc {
	t.Helper()
	p := &proc{t: t, args: args, env: env, out: out}
	p.start()
	t.Cleanup(p.kill)
	return p
}

func (p *proc) start() {
	p.t.Helper()
	cmd := exec.Command(os.Args[0], p.args...)
	cmd.Env = append(append(os.Environ(), asMainEnv+"=1"), p.env...)
	cmd.Stdout, cmd.Stderr = p.out, p.out
	if err := cmd.Start(); err != nil {
		p.t.Fatal(err)
	}
	p.cmd, p.done = cmd, make(chan error, 1)
	go func() { p.done <- cmd.Wait() }()
}

// kill ends the process at once, as SIGKILL does to a container.
func (p *proc) kill() {
	if p.cmd == nil {
		return
	}
	_ = p.cmd.Process.Signal(syscall.SIGKILL)
	<-p.done
	p.cmd = nil
}

// system is the account service and bridge replicas, with the secrets
// that must never appear in their logs.
type system struct {
	t           *testing.T
	db          string
	accountAddr string
	account     *proc
	bridges     []*proc
	urls        []string // the replicas' SCIM base URLs
	token       string
	logs        *syncBuffer // every process's output
	secrets     map[string]string
}

// newSystem runs account init, account serve (SQLite), setup through the
// account API, and replicas bridges; with redisURL they share that Redis.
func newSystem(t *testing.T, replicas int, redisURL string) *system {
	t.Helper()
	dir := t.TempDir()
	s := &system{t: t, db: filepath.Join(dir, "account.db"), logs: &syncBuffer{}}
	keyFile, session := filepath.Join(dir, "owner-key"), filepath.Join(dir, "scimsession")
	runCmd(t, "account", "init", "--db", s.db, "--name", "Faults", "--owner-key-file", keyFile)
	s.accountAddr = freeAddr(t)
	s.account = spawn(t, s.logs, nil, "account", "serve", "--db", s.db, "--addr", s.accountAddr)
	waitFor(t, "http://"+s.accountAddr+"/v1/health")

	out := runCmd(t, "setup", "--account-url", "http://"+s.accountAddr, "--owner-key-file", keyFile, "--scimsession", session)
	s.token = regexp.MustCompile(`sbt1_\S+`).FindString(out)
	monitoring := regexp.MustCompile(`sbm1_\S+`).FindString(out)
	ownerKey, _ := os.ReadFile(keyFile)
	raw, _ := os.ReadFile(session)
	sess, err := credentials.Load(string(raw))
	if err != nil {
		t.Fatal(err)
	}
	unlocked, err := sess.Open(s.token)
	if err != nil {
		t.Fatal(err)
	}
	var fields map[string]any
	_ = json.Unmarshal(raw, &fields)
	s.secrets = map[string]string{
		"bearer token": s.token, "monitoring token": monitoring, "owner key": strings.TrimSpace(string(ownerKey)),
		"integration API key": unlocked.APIKey,
	}
	// The scimsession's sealed parts (its id and account URL are not
	// secret), and the whole file as OP_SESSION may carry it.
	for _, part := range []string{"verifier", "credentials", "monitoring"} {
		sub, _ := fields[part].(map[string]any)
		for k, v := range sub {
			if str, ok := v.(string); ok && len(str) >= 16 {
				s.secrets["scimsession "+part+"."+k] = str
			}
		}
	}
	s.secrets["scimsession in base64"] = base64.StdEncoding.EncodeToString(raw)
	for range replicas {
		_, port, _ := net.SplitHostPort(freeAddr(t))
		env := []string{"OP_SESSION=" + session, "OP_PORT=" + port, "OP_CONFIRMATION_INTERVAL=300", "SCIMBRIDGE_RATE_LIMIT=0", "OP_REDIS_URL=" + redisURL}
		s.bridges = append(s.bridges, spawn(t, s.logs, env, "serve"))
		s.urls = append(s.urls, "http://127.0.0.1:"+port+"/scim/v2")
		waitFor(t, "http://127.0.0.1:"+port+"/ping")
	}
	t.Cleanup(s.checkLogs)
	return s
}

// restartAccount starts the account service again on its address.
func (s *system) restartAccount() {
	s.t.Helper()
	s.account.start()
	waitFor(s.t, "http://"+s.accountAddr+"/v1/health")
}

// checkLogs fails the test when a secret appears in any process's output.
func (s *system) checkLogs() {
	logs := s.logs.String()
	if !strings.Contains(logs, `"msg":"request"`) {
		s.t.Errorf("the processes logged no requests: the secret scan saw nothing")
	}
	for what, secret := range s.secrets {
		if secret == "" {
			s.t.Errorf("the %s is empty: the scan cannot look for it", what)
			continue
		}
		if i := strings.Index(logs, secret); i >= 0 {
			s.t.Errorf("the %s appears in the logs, at byte %d of %d", what, i, len(logs))
		}
	}
}

// consistency compares what the provider was told with what the account
// holds, through the admin commands' JSON: every person it was told exists
// exists once, in the state it set, nobody else was provisioned, and the
// group holds exactly the members it was told it holds.
func (s *system) consistency(p *provider) []string {
	s.t.Helper()
	var people []personJSON
	if err := json.Unmarshal([]byte(runCmd(s.t, "account", "people", "list", "--json", "--db", s.db)), &people); err != nil {
		s.t.Fatal(err)
	}
	var groups []groupJSON
	if err := json.Unmarshal([]byte(runCmd(s.t, "account", "groups", "list", "--json", "--db", s.db)), &groups); err != nil {
		s.t.Fatal(err)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	var diffs []string
	seen := map[string]int{}
	for _, person := range people {
		u := strings.ToLower(person.UserName)
		seen[u]++
		id, told := p.created[u]
		switch {
		case !told:
			diffs = append(diffs, "the account holds "+u+", which the provider was never told was created")
		case id != person.ID:
			diffs = append(diffs, u+": the provider was told id "+id+", the account has "+person.ID)
		}
		want := "invited"
		if p.suspended[u] {
			want = "suspended"
		}
		if told && person.State != want {
			diffs = append(diffs, u+" is "+person.State+", the provider set "+want)
		}
	}
	for u := range p.created {
		if seen[u] != 1 {
			diffs = append(diffs, u+" is in the account "+strconv.Itoa(seen[u])+" times")
		}
	}
	members := map[string]bool{}
	found := false
	for _, g := range groups {
		if g.ID != p.group {
			continue
		}
		found = true
		for _, m := range g.Members {
			members[m.ID] = true
			if !p.members[m.ID] {
				diffs = append(diffs, "the group holds "+m.ID+", which the provider never added")
			}
		}
	}
	if !found {
		diffs = append(diffs, "the provider's group "+p.group+" is not in the account")
	}
	for id := range p.members {
		if !members[id] {
			diffs = append(diffs, "the provider was told "+id+" was added to the group; the account has no such member")
		}
	}
	return diffs
}

// eventually waits up to 20 s for cond.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	for ctx.Err() == nil {
		if cond() {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("never: %s", what)
}
