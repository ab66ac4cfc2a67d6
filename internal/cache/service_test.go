package cache_test

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/scimbridge/scimbridge/internal/account"
	"github.com/scimbridge/scimbridge/internal/account/local"
	"github.com/scimbridge/scimbridge/internal/account/servicetest"
	"github.com/scimbridge/scimbridge/internal/cache"
	"github.com/scimbridge/scimbridge/internal/obs"
)

// The cache is a decorator with the account's interface: the account's
// own suite must pass through it, in the process and in Redis.

func TestServiceSuiteMemory(t *testing.T) {
	servicetest.Run(t, func(t *testing.T) (account.Service, servicetest.Fixture) {
		l := servicetest.NewLocal(t, servicetest.OpenSQLite(t), local.Options{})
		return cache.Wrap(l.Service(t), cache.NewMemoryStore(8<<20), cache.Options{}), l
	})
}

func TestServiceSuiteRedis(t *testing.T) {
	servicetest.Run(t, func(t *testing.T) (account.Service, servicetest.Fixture) {
		l := servicetest.NewLocal(t, servicetest.OpenSQLite(t), local.Options{})
		return cache.Wrap(l.Service(t), redisStore(t), cache.Options{}), l
	})
}

// redisStore is a store in a Redis of the test's own (miniredis), so the
// suite's parallel subtests share nothing.
func redisStore(t *testing.T) cache.Store {
	mr := miniredis.RunT(t)
	c, err := cache.NewRedisClient("redis://"+mr.Addr(), false)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return cache.NewRedisStore(c)
}

func newCached(t *testing.T, store cache.Store) (*cache.Service, *servicetest.Local, *obs.Metrics) {
	l := servicetest.NewLocal(t, servicetest.OpenSQLite(t), local.Options{})
	m := obs.NewMetrics("test", "")
	return cache.Wrap(l.Service(t), store, cache.Options{Metrics: m, TTL: time.Minute}), l, m
}

func TestHitsAndInvalidation(t *testing.T) {
	ctx := context.Background()
	svc, l, m := newCached(t, cache.NewMemoryStore(1<<20))
	p, err := svc.CreatePerson(ctx, map[string]any{"userName": "cached@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		if _, err := svc.GetPerson(ctx, p.ID); err != nil {
			t.Fatal(err)
		}
	}
	if hits, misses := testutil.ToFloat64(m.Cache.WithLabelValues("hit")), testutil.ToFloat64(m.Cache.WithLabelValues("miss")); hits != 2 || misses != 1 {
		t.Fatalf("hits %v misses %v", hits, misses)
	}
	// A write through the cache invalidates at once.
	if _, err := svc.ReplacePerson(ctx, p.ID, map[string]any{"userName": "cached@example.com", "displayName": "New"}, 0); err != nil {
		t.Fatal(err)
	}
	if got, _ := svc.GetPerson(ctx, p.ID); got.DisplayName != "New" {
		t.Fatalf("stale after a write: %q", got.DisplayName)
	}
	// A change behind the cache's back shows after the TTL at the latest.
	if _, err := l.Account.AcceptInvitation(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	if got, _ := svc.GetPerson(ctx, p.ID); got.State != account.StateInvited {
		t.Fatalf("the cache did not serve the cached value: %s", got.State)
	}
}

// TestStoreDown: with Redis gone, every answer is still right (from the
// account), errors are counted, and when Redis is back its old values are
// not trusted.
func TestStoreDown(t *testing.T) {
	ctx := context.Background()
	mr := miniredis.RunT(t)
	c, _ := cache.NewRedisClient("redis://"+mr.Addr(), false)
	defer c.Close()
	svc, _, m := newCached(t, cache.NewRedisStore(c))
	p, err := svc.CreatePerson(ctx, map[string]any{"userName": "down@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.GetPerson(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	addr := mr.Addr()
	mr.Close()
	// Writes and reads while Redis is down: correct, from the account.
	if _, err := svc.ReplacePerson(ctx, p.ID, map[string]any{"userName": "down@example.com", "displayName": "While down"}, 0); err != nil {
		t.Fatal(err)
	}
	got, err := svc.GetPerson(ctx, p.ID)
	if err != nil || got.DisplayName != "While down" {
		t.Fatalf("while Redis is down: %q %v", got.DisplayName, err)
	}
	if testutil.ToFloat64(m.RedisErrors) == 0 {
		t.Fatal("no Redis error counted")
	}
	// Redis comes back empty (as after a restart without persistence);
	// TestRedisBackWithOldContents has it come back with what it held.
	mr2 := miniredis.NewMiniRedis()
	if err := mr2.StartAddr(addr); err != nil {
		t.Skipf("cannot restart on the same address: %v", err)
	}
	defer mr2.Close()
	deadline := time.Now().Add(40 * time.Second)
	for {
		got, err := svc.GetPerson(ctx, p.ID)
		if err != nil || got.DisplayName != "While down" {
			t.Fatalf("after Redis came back: %q %v", got.DisplayName, err)
		}
		if v, _ := mr2.Get("scimbridge:cache:v1::gen:people"); v != "" || time.Now().After(deadline) {
			break // the store is in use again (generations bumped)
		}
		time.Sleep(100 * time.Millisecond)
	}
	if v, _ := mr2.Get("scimbridge:cache:v1::gen:people"); v == "" {
		t.Fatal("the cache never used Redis again")
	}
}

func TestRealRedis(t *testing.T) {
	url := os.Getenv("SCIMBRIDGE_TEST_REDIS_URL")
	if url == "" {
		t.Skip("SCIMBRIDGE_TEST_REDIS_URL is not set: skipping the real Redis")
	}
	c, err := cache.NewRedisClient(url, false)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	ctx := context.Background()
	l := servicetest.NewLocal(t, servicetest.OpenSQLite(t), local.Options{})
	m := obs.NewMetrics("test", "")
	info, _ := l.Account.Info(ctx)
	svc := cache.Wrap(l.Service(t), cache.NewRedisStore(c), cache.Options{Metrics: m, Namespace: info.ID})
	p, err := svc.CreatePerson(ctx, map[string]any{"userName": "real-redis@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2; i++ {
		if got, err := svc.GetPerson(ctx, p.ID); err != nil || got.ID != p.ID {
			t.Fatal(err)
		}
	}
	if testutil.ToFloat64(m.Cache.WithLabelValues("hit")) != 1 {
		t.Fatal("no hit from the real Redis")
	}
}

// cachedPerson creates a person and reads it twice through the cache, so
// its value is in the store.
func cachedPerson(t *testing.T, svc *cache.Service, m *obs.Metrics, userName string) account.Person {
	t.Helper()
	ctx := context.Background()
	p, err := svc.CreatePerson(ctx, map[string]any{"userName": userName, "displayName": "Before"})
	if err != nil {
		t.Fatal(err)
	}
	hits := testutil.ToFloat64(m.Cache.WithLabelValues("hit"))
	for i := 0; i < 2; i++ {
		if got, err := svc.GetPerson(ctx, p.ID); err != nil || got.DisplayName != "Before" {
			t.Fatalf("%q %v", got.DisplayName, err)
		}
	}
	if testutil.ToFloat64(m.Cache.WithLabelValues("hit")) != hits+1 {
		t.Fatal("the person is not cached")
	}
	return p
}

// pastRetry waits until the cache tries its store again (0.5 s after the
// first failure).
func pastRetry() { time.Sleep(600 * time.Millisecond) }

// TestRedisErrorThenRecovery: a write acknowledged while Redis answers
// errors is seen by the very first read after Redis recovers, although
// Redis still holds the value cached before.
func TestRedisErrorThenRecovery(t *testing.T) {
	ctx := context.Background()
	mr := miniredis.RunT(t)
	c, _ := cache.NewRedisClient("redis://"+mr.Addr(), false)
	defer c.Close()
	svc, _, m := newCached(t, cache.NewRedisStore(c))
	p := cachedPerson(t, svc, m, "blip@example.com")

	mr.SetError("LOADING Redis is loading the dataset in memory")
	if _, err := svc.ReplacePerson(ctx, p.ID, map[string]any{"userName": "blip@example.com", "displayName": "During"}, 0); err != nil {
		t.Fatal(err)
	}
	if testutil.ToFloat64(m.RedisErrors) == 0 {
		t.Fatal("the write did not meet the Redis error")
	}
	mr.SetError("")
	pastRetry()
	for i := 0; i < 3; i++ {
		if got, err := svc.GetPerson(ctx, p.ID); err != nil || got.DisplayName != "During" {
			t.Fatalf("read %d after Redis recovered: %q %v", i+1, got.DisplayName, err)
		}
	}
	if testutil.ToFloat64(m.Cache.WithLabelValues("hit")) < 2 {
		t.Fatal("the cache is not used again after the recovery")
	}
}

// TestRedisBackWithOldContents: Redis goes away and comes back with
// everything it held (a network cut, or a restart that kept its data), the
// dangerous case: its old values must not be served after a write made
// while it was away, not even once.
func TestRedisBackWithOldContents(t *testing.T) {
	ctx := context.Background()
	mr := miniredis.RunT(t)
	c, _ := cache.NewRedisClient("redis://"+mr.Addr(), false)
	defer c.Close()
	svc, _, m := newCached(t, cache.NewRedisStore(c))
	g, err := svc.CreateGroup(ctx, map[string]any{"displayName": "Cut"})
	if err != nil {
		t.Fatal(err)
	}
	p := cachedPerson(t, svc, m, "cut@example.com")
	if _, err := svc.GetGroup(ctx, g.ID); err != nil {
		t.Fatal(err)
	}
	before := len(mr.Keys())

	mr.Close()
	if _, err := svc.ReplacePerson(ctx, p.ID, map[string]any{"userName": "cut@example.com", "displayName": "During"}, 0); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.ReplaceGroup(ctx, g.ID, map[string]any{"displayName": "Cut 2"}, 0); err != nil {
		t.Fatal(err)
	}
	if got, err := svc.GetPerson(ctx, p.ID); err != nil || got.DisplayName != "During" {
		t.Fatalf("while Redis is away: %q %v", got.DisplayName, err)
	}
	if err := mr.Restart(); err != nil {
		t.Fatal(err)
	}
	if n := len(mr.Keys()); n != before {
		t.Fatalf("Redis did not keep its contents: %d keys, had %d", n, before)
	}
	// The client's connections are good again (the cache's first command
	// after the outage must not fail on a connection the cut broke: that
	// would hide the case).
	for i := 0; c.Ping(ctx).Err() != nil; i++ {
		if i == 50 {
			t.Fatal("the client does not reach the restarted Redis")
		}
		time.Sleep(20 * time.Millisecond)
	}
	pastRetry()
	if got, err := svc.GetPerson(ctx, p.ID); err != nil || got.DisplayName != "During" {
		t.Fatalf("the first read after Redis came back: %q %v", got.DisplayName, err)
	}
	if got, err := svc.GetGroup(ctx, g.ID); err != nil || got.DisplayName != "Cut 2" {
		t.Fatalf("the first group read after Redis came back: %q %v", got.DisplayName, err)
	}
	if got, err := svc.GetPerson(ctx, p.ID); err != nil || got.DisplayName != "During" {
		t.Fatalf("the second read after Redis came back: %q %v", got.DisplayName, err)
	}
}
