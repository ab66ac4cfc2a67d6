package cache

import (
	"context"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"
)

// lockers runs a test against every Locker: in-process, Redis emulated by
// miniredis, and the real Redis when SCIMBRIDGE_TEST_REDIS_URL is set.
// elapse lets time pass for the locker (miniredis's keys expire only when
// its clock is moved).
func lockers(t *testing.T, test func(t *testing.T, newLocker func() Locker, elapse func(time.Duration))) {
	t.Run("memory", func(t *testing.T) {
		m := NewMemoryLocker()
		test(t, func() Locker { return m }, time.Sleep)
	})
	t.Run("miniredis", func(t *testing.T) {
		mr := miniredis.RunT(t)
		test(t, func() Locker {
			c, err := NewRedisClient("redis://"+mr.Addr(), false)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { c.Close() })
			return NewRedisLocker(c)
		}, mr.FastForward)
	})
	t.Run("redis", func(t *testing.T) {
		url := os.Getenv("SCIMBRIDGE_TEST_REDIS_URL")
		if url == "" {
			t.Skip("SCIMBRIDGE_TEST_REDIS_URL is not set: skipping the real Redis")
		}
		prefix := "scimbridge:test:" + newToken() + ":"
		test(t, func() Locker {
			c, err := NewRedisClient(url, false)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { c.Close() })
			l := NewRedisLocker(c)
			l.prefix = prefix
			return l
		}, time.Sleep)
	})
}

func TestExactlyOneHolder(t *testing.T) {
	lockers(t, func(t *testing.T, newLocker func() Locker, _ func(time.Duration)) {
		ctx := context.Background()
		// Many replicas, each with its own connection, race for one lock.
		var holders atomic.Int32
		var wg sync.WaitGroup
		for i := 0; i < 16; i++ {
			l := newLocker()
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, ok, err := l.TryLock(ctx, "job", time.Minute); err != nil {
					t.Error(err)
				} else if ok {
					holders.Add(1)
				}
			}()
		}
		wg.Wait()
		if n := holders.Load(); n != 1 {
			t.Fatalf("%d holders", n)
		}
	})
}

func TestReleaseAndExpiry(t *testing.T) {
	lockers(t, func(t *testing.T, newLocker func() Locker, elapse func(time.Duration)) {
		ctx := context.Background()
		a, b := newLocker(), newLocker()
		release, ok, err := a.TryLock(ctx, "r", time.Minute)
		if err != nil || !ok {
			t.Fatalf("first: %v %v", ok, err)
		}
		if _, ok, _ := b.TryLock(ctx, "r", time.Minute); ok {
			t.Fatal("taken twice")
		}
		if err := release(ctx); err != nil {
			t.Fatal(err)
		}
		if _, ok, _ := b.TryLock(ctx, "r", time.Minute); !ok {
			t.Fatal("not free after release")
		}
		// A short lock frees itself.
		if _, ok, _ := a.TryLock(ctx, "short", 200*time.Millisecond); !ok {
			t.Fatal("short lock")
		}
		elapse(300 * time.Millisecond)
		if _, ok, _ := b.TryLock(ctx, "short", time.Minute); !ok {
			t.Fatal("an expired lock is still held")
		}
	})
}

func TestStaleHolderCannotRelease(t *testing.T) {
	m := NewMemoryLocker()
	now := time.Now()
	m.clock = func() time.Time { return now }
	ctx := context.Background()
	releaseOld, _, _ := m.TryLock(ctx, "x", time.Second)
	now = now.Add(2 * time.Second) // the first holding expired
	if _, ok, _ := m.TryLock(ctx, "x", time.Minute); !ok {
		t.Fatal("expired lock not taken")
	}
	_ = releaseOld(ctx)
	if _, ok, _ := m.TryLock(ctx, "x", time.Minute); ok {
		t.Fatal("a stale holder released the new holder's lock")
	}
}

func TestRedisDown(t *testing.T) {
	c, err := NewRedisClient("redis://127.0.0.1:1", false)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, ok, err := NewRedisLocker(c).TryLock(context.Background(), "x", time.Second); ok || err == nil {
		t.Fatalf("a lock from an unreachable Redis: %v %v", ok, err)
	}
	if _, err := NewRedisClient("http://nope", false); err == nil {
		t.Fatal("a bad URL was accepted")
	}
}

func TestMemoryStoreBounded(t *testing.T) {
	m := NewMemoryStore(1000)
	ctx := context.Background()
	for i := 0; i < 100; i++ {
		_ = m.Set(ctx, "k"+string(rune('a'+i%26))+newToken(), make([]byte, 50), time.Minute)
		if m.size > 1000 {
			t.Fatalf("size %d over the bound", m.size)
		}
	}
	_ = m.Set(ctx, "huge", make([]byte, 500), time.Minute)
	if _, ok, _ := m.Get(ctx, "huge"); ok {
		t.Fatal("a value of half the store was kept")
	}
}
