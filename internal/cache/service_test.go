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
	// Redis comes back with its old contents (as after a network cut).
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
