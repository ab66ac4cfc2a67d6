package bridge_test

import (
	"context"
	"fmt"
	"net"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/scimbridge/scimbridge/internal/cache"
)

// redisServer is a real redis-server of the test's own, which the test may
// stop and start (the machine's shared one must not be restarted).
type redisServer struct {
	t    *testing.T
	port int
	cmd  *exec.Cmd
}

func startRedis(t *testing.T) *redisServer {
	t.Helper()
	if _, err := exec.LookPath("redis-server"); err != nil {
		t.Skip("redis-server is not installed: skipping the Redis restart test (.ci/run installs it)")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	r := &redisServer{t: t, port: port}
	r.start()
	t.Cleanup(r.stop)
	return r
}

func (r *redisServer) url() string { return "redis://127.0.0.1:" + strconv.Itoa(r.port) }

func (r *redisServer) start() {
	r.cmd = exec.Command("redis-server", "--port", strconv.Itoa(r.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
		"--maxmemory", "256mb", "--maxmemory-policy", "volatile-lru")
	if err := r.cmd.Start(); err != nil {
		r.t.Fatal(err)
	}
	for i := 0; i < 100; i++ {
		if c, err := net.Dial("tcp", "127.0.0.1:"+strconv.Itoa(r.port)); err == nil {
			c.Close()
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	r.t.Fatal("redis-server did not start")
}

func (r *redisServer) stop() {
	if r.cmd != nil && r.cmd.Process != nil {
		_ = r.cmd.Process.Kill()
		_ = r.cmd.Wait()
		r.cmd = nil
	}
}

// healthOf returns the RedisCache line of /health.
func healthOf(t *testing.T, e *env, source string) string {
	r := e.req("GET", strings.TrimSuffix(e.url, "/scim/v2")+"/health", nil)
	for _, rep := range r.body["reports"].([]any) {
		if m := rep.(map[string]any); m["source"] == source {
			return fmt.Sprint(m["state"])
		}
	}
	t.Fatalf("no %s report: %s", source, r.raw)
	return ""
}

// TestRedisRestartUnderLoad stops and starts the real Redis in the middle
// of traffic: no SCIM request fails because of it, /health tells the
// story, and every write is there afterwards.
func TestRedisRestartUnderLoad(t *testing.T) {
	redis := startRedis(t)
	c, err := cache.NewRedisClient(redis.url(), false)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	e := newEnv(t, topologies[1], envOptions{
		store: cache.NewRedisStore(c), locker: cache.NewRedisLocker(c), redis: cache.RedisHealth{Client: c},
		interval: 200 * time.Millisecond,
	})
	if s := healthOf(t, e, "RedisCache"); s != "healthy" {
		t.Fatalf("RedisCache %s at start", s)
	}
	var (
		stop    atomic.Bool
		wg      sync.WaitGroup
		mu      sync.Mutex
		created []string
		failed  []string
		n       atomic.Int64
	)
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; !stop.Load(); i++ {
				name := fmt.Sprintf("w%d-%d@example.com", w, i)
				r := e.req("POST", "/Users", `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"`+name+`"}`)
				look := e.req("GET", "/Users?filter=userName%20eq%20%22"+name+"%22", nil)
				n.Add(2)
				mu.Lock()
				if r.status != 201 || look.status != 200 || look.total(t) != 1 {
					failed = append(failed, fmt.Sprintf("%s: create %d, lookup %d %s", name, r.status, look.status, look.raw))
				} else {
					created = append(created, r.str("id"))
				}
				mu.Unlock()
			}
		}()
	}
	time.Sleep(500 * time.Millisecond)
	redis.stop()
	time.Sleep(500 * time.Millisecond)
	down := healthOf(t, e, "RedisCache")
	redis.start()
	deadline := time.Now().Add(40 * time.Second)
	for healthOf(t, e, "RedisCache") != "healthy" && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	time.Sleep(time.Second) // traffic with Redis back (and the cache re-armed)
	stop.Store(true)
	wg.Wait()
	if len(failed) > 0 {
		t.Fatalf("%d requests failed while Redis restarted, e.g. %s", len(failed), failed[0])
	}
	if down != "unhealthy" {
		t.Fatalf("/health said RedisCache %s while Redis was down", down)
	}
	if s := healthOf(t, e, "RedisCache"); s != "healthy" {
		t.Fatalf("RedisCache %s after Redis came back", s)
	}
	for _, id := range created {
		e.req("GET", "/Users/"+id, nil).must(t, 200)
	}
	// What the provider was told against what the account holds: each
	// person it was told was created exists once, and nobody else.
	people, err := e.acct.People(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	held := map[string]int{}
	for _, p := range people {
		held[p.ID]++
	}
	for _, id := range created {
		if held[id] != 1 {
			t.Errorf("%s was created, and is in the account %d times", id, held[id])
		}
	}
	if len(people) != len(created)+1 { // and the owner
		t.Errorf("the account holds %d people; the provider created %d", len(people)-1, len(created))
	}
	t.Logf("%d requests, %d people created, none failed", n.Load(), len(created))
}
