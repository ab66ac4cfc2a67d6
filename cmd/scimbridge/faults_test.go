package main

import (
	"net/http"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Each fault test provisions people under load, breaks a part mid-load,
// lets the provider's retries finish the work, and then compares what the
// provider was told with what the account holds: there must be no
// difference, no 5xx but 503, and every 503 must say when to retry.

func TestFaultAccountServiceStopped(t *testing.T) {
	if testing.Short() {
		t.Skip("runs processes under load")
	}
	s := newSystem(t, 1, "")
	p := newProvider(s)
	p.createGroup("Engineering")
	base := s.urls[0]
	root := strings.TrimSuffix(base, "/scim/v2")

	p.load("acct", 8, 25, 60, func() {
		s.account.kill()
		// While it is down: writes get 503 with an integer Retry-After,
		// never a success, and /health says which component failed.
		for i := range 5 {
			status, h, m := p.try(base, "POST", "/Users", `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"probe-`+strconv.Itoa(i)+`@example.com"}`)
			if status != http.StatusServiceUnavailable {
				p.fail("a create while the account is down: %d %v", status, m)
			} else if sec, err := strconv.Atoi(h.Get("Retry-After")); err != nil || sec < 1 {
				p.fail("503 with Retry-After %q", h.Get("Retry-After"))
			}
		}
		req, _ := http.NewRequest("GET", root+"/health", nil)
		req.Header.Set("Authorization", "Bearer "+s.token)
		if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != http.StatusServiceUnavailable {
			p.fail("/health while the account is down: %v %v", resp, err)
		} else {
			resp.Body.Close()
		}
		time.Sleep(time.Second) // the workers keep retrying into the outage
		s.restartAccount()
	})

	for i := range 5 { // the probes were refused, so they must not exist
		if id, ok := p.lookup("probe-" + strconv.Itoa(i) + "@example.com"); ok {
			t.Errorf("a create answered 503 left a person behind: %s", id)
		}
	}
	finish(t, s, p, 200, "503")
}

func TestFaultBridgeReplicaKilled(t *testing.T) {
	if testing.Short() {
		t.Skip("runs processes under load")
	}
	redisURL := os.Getenv("SCIMBRIDGE_TEST_REDIS_URL")
	if redisURL == "" {
		t.Skip("set SCIMBRIDGE_TEST_REDIS_URL: replicas share their cache and lock through Redis")
	}
	s := newSystem(t, 2, redisURL)
	p := newProvider(s)
	p.createGroup("Engineering")
	p.load("kill", 8, 25, 60, func() {
		s.bridges[0].kill() // mid-request for some workers
		time.Sleep(500 * time.Millisecond)
		s.bridges[0].start() // the orchestrator restarts it
	})
	// The restarted replica answers with the same data as the survivor.
	eventually(t, "the restarted replica answers", func() bool {
		status, _, _ := p.try(s.urls[0], "GET", "/Users?count=1", "")
		return status == http.StatusOK
	})
	for _, u := range s.urls {
		status, _, m := p.try(u, "GET", "/Groups/"+p.group+"?attributes=members", "")
		if ms, _ := m["members"].([]any); status != http.StatusOK || len(ms) != len(p.members) {
			t.Errorf("%s: the group has %d members, want %d (%d)", u, len(ms), len(p.members), status)
		}
	}
	finish(t, s, p, 200, "connection")
}

// finish checks the run: every person provisioned, the fault seen by the
// provider as the failure named, nothing broke the rules, and the account
// holds exactly what the provider was told.
func finish(t *testing.T, s *system, p *provider, people int, failure string) {
	t.Helper()
	p.mu.Lock()
	bad, failures, created := p.bad, p.failures, len(p.created)
	p.mu.Unlock()
	for _, b := range bad {
		t.Error(b)
	}
	if failures[failure] == 0 {
		t.Errorf("the provider never saw the fault (%s); failures: %v", failure, failures)
	}
	t.Logf("failures the provider retried: %v", failures)
	if created != people {
		t.Errorf("%d people provisioned, want %d", created, people)
	}
	for _, d := range s.consistency(p) {
		t.Error("consistency: " + d)
	}
}

// TestConsistencyCheckFindsDifferences: the check the fault tests rely on
// reports each kind of difference between the provider's memory and the
// account.
func TestConsistencyCheckFindsDifferences(t *testing.T) {
	if testing.Short() {
		t.Skip("runs processes")
	}
	s := newSystem(t, 1, "")
	p := newProvider(s)
	p.createGroup("Engineering")
	p.provision("a@example.com", false)
	p.provision("b@example.com", false)
	if d := s.consistency(p); len(d) != 0 {
		t.Fatalf("no fault, yet: %v", d)
	}
	delete(p.created, "a@example.com")     // a person the provider never created
	p.suspended["b@example.com"] = true    // a state the account does not have
	p.members["no-such-person"] = true     // a membership the account does not have
	p.created["c@example.com"] = "lost-id" // a create the account lost
	want := []string{"a@example.com, which the provider was never told", "b@example.com is invited, the provider set suspended",
		"no-such-person was added to the group", "c@example.com is in the account 0 times"}
	got := strings.Join(s.consistency(p), "\n")
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("the check misses %q; it says:\n%s", w, got)
		}
	}
}
