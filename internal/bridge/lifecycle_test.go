package bridge_test

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"

	"github.com/scimbridge/scimbridge/internal/account"
	"github.com/scimbridge/scimbridge/internal/account/store"
	"github.com/scimbridge/scimbridge/internal/cache"
)

// sharedRedis returns a function giving each bridge replica its own
// connection to one Redis: the real one when SCIMBRIDGE_TEST_REDIS_URL is
// set, else an emulated one.
func sharedRedis(t *testing.T) func() cache.Locker {
	url := os.Getenv("SCIMBRIDGE_TEST_REDIS_URL")
	if url == "" {
		url = "redis://" + miniredis.RunT(t).Addr()
	}
	return func() cache.Locker {
		c, err := cache.NewRedisClient(url, false)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		return cache.NewRedisLocker(c)
	}
}

// waitState polls the account until the person is in state want.
func waitState(t *testing.T, e *env, id string, want account.State, within time.Duration) {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		p := e.person(id)
		if p.State == want {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s is %s after %v, want %s", p.UserName, p.State, within, want)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestLifecycle walks a person through every state with the confirmation
// watcher running, as issue 3's acceptance does in quickstart.
func TestLifecycle(t *testing.T) {
	eachTopology(t, func(t *testing.T, top topology) {
		e := newEnv(t, top, envOptions{interval: 100 * time.Millisecond})
		if e.server.Unlocked() {
			t.Fatal("unlocked before any token arrived")
		}
		ua := []string{"User-Agent", oktaUA}
		u := e.req("POST", "/Users", `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"life@example.com",
			"name":{"givenName":"Life","familyName":"Cycle"},"emails":[{"primary":true,"value":"life@example.com","type":"work"}],"active":true}`, ua...).must(t, 201)
		id := u.str("id")
		if p := e.person(id); p.State != account.StateInvited {
			t.Fatalf("created %s", p.State)
		}
		if _, err := e.acct.AcceptInvitation(context.Background(), "life@example.com"); err != nil {
			t.Fatal(err)
		}
		waitState(t, e, id, account.StateActive, 5*time.Second)

		health := e.reqWith(e.token, "GET", strings.TrimSuffix(e.url, "/scim/v2")+"/health", nil).must(t, 200)
		var watcher map[string]any
		for _, r := range health.body["reports"].([]any) {
			if r := r.(map[string]any); r["source"] == "ConfirmationWatcher" {
				watcher = r
			}
		}
		if watcher == nil || watcher["state"] != "healthy" || !strings.Contains(fmt.Sprint(watcher["detail"]), "since start") {
			t.Fatalf("health: %s", health.raw)
		}

		deactivate := `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","value":{"active":false}}]}`
		e.req("PATCH", "/Users/"+id, deactivate, ua...).must(t, 200)
		if p := e.person(id); p.State != account.StateSuspended || p.SuspendedFrom != account.StateActive {
			t.Fatalf("deactivated: %s from %s", p.State, p.SuspendedFrom)
		}
		e.req("PATCH", "/Users/"+id, strings.Replace(deactivate, "false", "true", 1), ua...).must(t, 200)
		if p := e.person(id); p.State != account.StateActive {
			t.Fatalf("reactivated: %s", p.State)
		}
		e.req("DELETE", "/Users/"+id, nil, ua...).must(t, 204)
		e.req("GET", "/Users/"+id, nil, ua...).scimError(t, 404, "")
		if p := e.person(id); p.State != account.StateSuspended || p.Provisioned {
			t.Fatalf("deleted: %s provisioned=%v", p.State, p.Provisioned)
		}
		again := e.req("POST", "/Users", `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"LIFE@example.com","active":true}`, ua...).must(t, 201)
		if again.str("id") != id || e.person(id).State != account.StateActive {
			t.Fatalf("provisioned again: id %s (was %s), %s", again.str("id"), id, e.person(id).State)
		}

		// Every step is in the audit log, with its request id.
		events, err := e.acct.Audit(context.Background(), store.AuditQuery{TargetID: id})
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, ev := range events {
			actions = append(actions, ev.Action)
			if ev.Actor.RequestID == "" {
				t.Errorf("%s has no request id", ev.Action)
			}
			if ev.Action == "person.confirm" && (ev.Actor.Kind != account.ActorIntegration || !strings.HasPrefix(ev.Actor.RequestID, "watcher-")) {
				t.Errorf("confirmation by %+v", ev.Actor)
			}
			if ev.Action == "person.invite" && ev.Actor.Provider != "Okta" {
				t.Errorf("the provider of the invitation is %q", ev.Actor.Provider)
			}
		}
		slices.Reverse(actions)
		want := []string{"person.invite", "person.accept", "person.confirm", "person.suspend", "person.restore", "person.deprovision", "person.reprovision"}
		if !slices.Equal(actions, want) {
			t.Fatalf("audit trail %v\nwant %v", actions, want)
		}
	})
}

// TestTwoReplicas sends concurrent changes through two bridges sharing one
// account and one Redis, as providers do: every membership change lands,
// concurrent retried creates make one person, and the two confirmation
// watchers confirm each person exactly once.
func TestTwoReplicas(t *testing.T) {
	eachTopology(t, func(t *testing.T, top topology) {
		redis := sharedRedis(t)
		e := newEnv(t, top, envOptions{interval: 50 * time.Millisecond, locker: redis()})
		_, urlB := e.newBridge(envOptions{interval: 50 * time.Millisecond, locker: redis()})
		bridges := []string{e.url, urlB}
		via := func(i int, method, path, body string) response {
			return e.req(method, bridges[i%2]+path, body, "User-Agent", oktaUA)
		}

		const n = 64
		ids := make([]string, n)
		for i := range ids {
			ids[i] = via(i, "POST", "/Users", fmt.Sprintf(`{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"member%02d@example.com"}`, i)).must(t, 201).str("id")
		}
		gid := via(0, "POST", "/Groups", `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"Everyone"}`).must(t, 201).str("id")

		parallel := func(count int, f func(i int)) {
			var wg sync.WaitGroup
			for i := 0; i < count; i++ {
				wg.Add(1)
				go func() { defer wg.Done(); f(i) }()
			}
			wg.Wait()
		}
		// Okta's shape: the group's name repeated, then one member added.
		parallel(n, func(i int) {
			r := via(i, "PATCH", "/Groups/"+gid, fmt.Sprintf(`{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[
				{"op":"replace","value":{"id":%q,"displayName":"Everyone"}},{"op":"add","path":"members","value":[{"value":%q}]}]}`, gid, ids[i]))
			if r.status != 200 {
				t.Errorf("add %d: %d %s", i, r.status, r.raw)
			}
		})
		if m := e.members(gid); len(m) != n {
			t.Fatalf("%d members after %d concurrent adds", len(m), n)
		}
		// Remove the even ones while re-adding the odd ones (a no-op).
		parallel(n, func(i int) {
			op := fmt.Sprintf(`{"op":"remove","path":"members[value eq \"%s\"]"}`, ids[i])
			if i%2 == 1 {
				op = fmt.Sprintf(`{"op":"add","path":"members","value":[{"value":%q}]}`, ids[i])
			}
			if r := via(i/2, "PATCH", "/Groups/"+gid, `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[`+op+`]}`); r.status != 200 {
				t.Errorf("change %d: %d %s", i, r.status, r.raw)
			}
		})
		var odd []string
		for i := 1; i < n; i += 2 {
			odd = append(odd, ids[i])
		}
		if m := e.members(gid); !sameSet(m, odd) {
			t.Fatalf("members %d, want the %d odd ones", len(m), len(odd))
		}

		// A provider retrying a create it thinks timed out.
		created := make(chan string, 16)
		parallel(16, func(i int) {
			userName := "retried@example.com"
			if i%2 == 1 {
				userName = "RETRIED@example.com"
			}
			r := via(i, "POST", "/Users", fmt.Sprintf(`{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":%q}`, userName))
			switch r.status {
			case 201:
				created <- r.str("id")
			case 409:
			default:
				t.Errorf("retried create: %d %s", r.status, r.raw)
			}
		})
		close(created)
		if len(created) != 1 {
			t.Fatalf("%d people created by retried POSTs", len(created))
		}
		found := via(0, "GET", "/Users?filter="+url.QueryEscape(`userName eq "retried@example.com"`), "").must(t, 200)
		if found.total(t) != 1 {
			t.Fatalf("%d people named retried@example.com", found.total(t))
		}

		// Both watchers run; each acceptance is confirmed once.
		for _, id := range ids[:20] {
			if _, err := e.acct.AcceptInvitation(context.Background(), id); err != nil {
				t.Fatal(err)
			}
		}
		for _, id := range ids[:20] {
			waitState(t, e, id, account.StateActive, 10*time.Second)
		}
		confirmations := 0
		for _, id := range ids[:20] {
			events, err := e.acct.Audit(context.Background(), store.AuditQuery{TargetID: id})
			if err != nil {
				t.Fatal(err)
			}
			for _, ev := range events {
				if ev.Action == "person.confirm" {
					confirmations++
				}
			}
		}
		if confirmations != 20 {
			t.Fatalf("%d confirmations for 20 people", confirmations)
		}
	})
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

// TestDeletePolicyDelete: with SCIMBRIDGE_DELETE_BEHAVIOR=delete a DELETE
// removes the person, and a later create makes a new one.
func TestDeletePolicyDelete(t *testing.T) {
	e := newEnv(t, topologies[0], envOptions{policy: account.DeleteDeletes})
	u := e.req("POST", "/Users", `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"gone@example.com"}`).must(t, 201)
	gid := e.req("POST", "/Groups", `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"G","members":[{"value":"`+u.str("id")+`"}]}`).must(t, 201).str("id")
	e.req("DELETE", "/Users/"+u.str("id"), nil).must(t, 204)
	e.req("GET", "/Users/"+u.str("id"), nil).scimError(t, 404, "")
	if _, err := e.acct.Person(context.Background(), u.str("id")); err == nil {
		t.Fatal("the person is still in the account")
	}
	if m := e.members(gid); len(m) != 0 {
		t.Fatalf("a deleted person is still a member: %v", m)
	}
	again := e.req("POST", "/Users", `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"gone@example.com"}`).must(t, 201)
	if again.str("id") == u.str("id") {
		t.Fatal("a deleted person came back")
	}
}

// TestProtected: provisioning cannot change built-in groups nor suspend
// or delete an owner; each refusal says why, and changes nothing.
func TestProtected(t *testing.T) {
	e := newEnv(t, topologies[0], envOptions{})
	// The owner (account init --owner-email) is linked by a create.
	owner := e.req("POST", "/Users", `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"Owner@example.com"}`).must(t, 201)
	id := owner.str("id")
	before := e.person(id)
	for _, c := range []struct{ method, path, body string }{
		{"PATCH", "/Users/" + id, `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","value":{"active":false}}]}`},
		{"PUT", "/Users/" + id, `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"owner@example.com","active":false}`},
		{"DELETE", "/Users/" + id, ``},
	} {
		r := e.req(c.method, c.path, c.body)
		r.scimError(t, 403, "")
		if !strings.Contains(r.str("detail"), "owner") {
			t.Errorf("%s: detail %q does not say why", c.method, r.str("detail"))
		}
	}
	if after := e.person(id); after.State != before.State || after.Version != before.Version || !after.Provisioned {
		t.Fatalf("a refused change changed the owner: %+v", after)
	}
	for _, name := range []string{"Owners", "administrators", "PROVISION MANAGERS"} {
		r := e.req("POST", "/Groups", `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"`+name+`"}`)
		r.scimError(t, 403, "")
		if !strings.Contains(r.str("detail"), "built-in") {
			t.Errorf("%s: detail %q", name, r.str("detail"))
		}
	}
	if n := e.req("GET", "/Groups", nil).must(t, 200).total(t); n != 0 {
		t.Fatalf("provisioning sees %d groups", n)
	}
	// The built-in groups are still the only groups.
	groups, _ := e.acct.Groups(context.Background())
	if len(groups) != 3 {
		t.Fatalf("%d groups", len(groups))
	}
	// Renaming a managed group to a built-in group's name is refused the
	// same way, by PATCH and by PUT.
	g := e.req("POST", "/Groups", `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"Plain"}`).must(t, 201)
	gid, etag := g.str("id"), g.header.Get("ETag")
	for _, name := range []string{"Owners", "administrators", "PROVISION MANAGERS"} {
		for _, c := range []struct{ method, body string }{
			{"PATCH", `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"displayName","value":"` + name + `"}]}`},
			{"PUT", `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"` + name + `"}`},
		} {
			r := e.req(c.method, "/Groups/"+gid, c.body)
			r.scimError(t, 403, "")
			if !strings.Contains(r.str("detail"), "built-in") {
				t.Errorf("%s to %s: detail %q", c.method, name, r.str("detail"))
			}
		}
	}
	if now := e.req("GET", "/Groups/"+gid, nil).must(t, 200); now.header.Get("ETag") != etag || now.str("displayName") != "Plain" {
		t.Fatalf("a refused rename changed the group: %s", now.raw)
	}
}

// holdingLocker keeps the first lock it takes until the test ends, as a
// replica in a long run (or one that died holding its lock) does.
type holdingLocker struct {
	cache.Locker
	t    *testing.T
	held atomic.Bool
}

func (h *holdingLocker) TryLock(ctx context.Context, name string, ttl time.Duration) (func(context.Context) error, bool, error) {
	release, ok, err := h.Locker.TryLock(ctx, name, ttl)
	if ok && h.held.CompareAndSwap(false, true) {
		h.t.Cleanup(func() { _ = release(context.Background()) })
		release = func(context.Context) error { return nil }
	}
	return release, ok, err
}

// TestWatchersOfTwoAccountsShareRedis: bridges for two accounts share one
// Redis; while the first account's watcher holds its lock, the second
// account's watcher still confirms (the lock names the account), and each
// confirms its own people.
func TestWatchersOfTwoAccountsShareRedis(t *testing.T) {
	eachTopology(t, func(t *testing.T, top topology) {
		redis := sharedRedis(t)
		a := newEnv(t, top, envOptions{interval: 50 * time.Millisecond, locker: &holdingLocker{Locker: redis(), t: t}})
		b := newEnv(t, top, envOptions{interval: 50 * time.Millisecond, locker: redis()})
		create := func(e *env, userName string) string {
			id := e.req("POST", "/Users", `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"`+userName+`"}`).must(t, 201).str("id")
			if _, err := e.acct.AcceptInvitation(context.Background(), id); err != nil {
				t.Fatal(err)
			}
			return id
		}
		// A's person accepts before A's bridge is unlocked, so A's first
		// run (which then keeps its lock) confirms them.
		u, err := a.session.Open(a.token)
		if err != nil {
			t.Fatal(err)
		}
		svcA, err := a.acct.Provisioning(context.Background(), u.APIKey)
		if err != nil {
			t.Fatal(err)
		}
		pa, err := svcA.CreatePerson(context.Background(), map[string]any{"userName": "a@example.com"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.acct.AcceptInvitation(context.Background(), pa.ID); err != nil {
			t.Fatal(err)
		}
		a.req("GET", "/Users", nil).must(t, 200) // unlocks A: its watcher runs
		waitState(t, a, pa.ID, account.StateActive, 5*time.Second)

		pb := create(b, "b@example.com")
		waitState(t, b, pb, account.StateActive, 5*time.Second)
	})
}
