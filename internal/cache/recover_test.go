package cache

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/scimbridge/scimbridge/internal/account/local"
	"github.com/scimbridge/scimbridge/internal/account/servicetest"
)

// flakyStore is a Store (without the in-process object path, like Redis)
// whose calls fail on demand, with a hook run inside Incr.
type flakyStore struct {
	inner *MemoryStore

	mu     sync.Mutex
	fail   func(op string) bool
	onIncr func()
	incrs  int
}

var errFlaky = errors.New("store down")

func (f *flakyStore) check(op string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fail != nil && f.fail(op) {
		return errFlaky
	}
	return nil
}

func (f *flakyStore) set(fail func(op string) bool, onIncr func()) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.fail, f.onIncr = fail, onIncr
}

func (f *flakyStore) Get(ctx context.Context, key string) ([]byte, bool, error) {
	if err := f.check("get"); err != nil {
		return nil, false, err
	}
	return f.inner.Get(ctx, key)
}

func (f *flakyStore) Set(ctx context.Context, key string, value []byte, ttl time.Duration) error {
	if err := f.check("set"); err != nil {
		return err
	}
	return f.inner.Set(ctx, key, value, ttl)
}

func (f *flakyStore) Counters(ctx context.Context, keys ...string) ([]int64, error) {
	if err := f.check("counters"); err != nil {
		return nil, err
	}
	return f.inner.Counters(ctx, keys...)
}

func (f *flakyStore) Incr(ctx context.Context, key string) error {
	f.mu.Lock()
	f.incrs++
	hook := f.onIncr
	f.onIncr = nil
	f.mu.Unlock()
	if hook != nil {
		hook()
	}
	if err := f.check("incr"); err != nil {
		return err
	}
	return f.inner.Incr(ctx, key)
}

func (s *Service) isDown() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.down
}

// TestRecoveryIsNotTrustedWhenTheStoreFailsMeanwhile: a recovery that
// meets a failure — its own bump failing, or another call failing while it
// bumps (a write made then could not bump) — leaves the store down, and
// the next one bumps again; every read returns the newest value.
func TestRecoveryIsNotTrustedWhenTheStoreFailsMeanwhile(t *testing.T) {
	ctx := context.Background()
	l := servicetest.NewLocal(t, servicetest.OpenSQLite(t), local.Options{})
	store := &flakyStore{inner: NewMemoryStore(1 << 20)}
	svc := Wrap(l.Service(t), store, Options{TTL: time.Hour})
	clock := time.Now()
	svc.now = func() time.Time { return clock }
	later := func(d time.Duration) { clock = clock.Add(d) }

	p, err := svc.CreatePerson(ctx, map[string]any{"userName": "flaky@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	name := func(n string) {
		t.Helper()
		if _, err := svc.ReplacePerson(ctx, p.ID, map[string]any{"userName": "flaky@example.com", "displayName": n}, 0); err != nil {
			t.Fatal(err)
		}
	}
	read := func(want string) {
		t.Helper()
		if got, err := svc.GetPerson(ctx, p.ID); err != nil || got.DisplayName != want {
			t.Fatalf("read %q (%v), want %q", got.DisplayName, err, want)
		}
	}
	name("A")
	read("A")
	read("A") // cached

	// An outage, and a write during it.
	store.set(func(string) bool { return true }, nil)
	name("B")
	if !svc.isDown() {
		t.Fatal("the failed bump did not mark the store down")
	}
	// The store answers again, but the recovery's second bump fails.
	later(time.Second)
	incrs := 0
	store.set(func(op string) bool {
		if op == "incr" {
			incrs++
			return incrs == 2
		}
		return false
	}, nil)
	read("B")
	if !svc.isDown() {
		t.Fatal("a half-done recovery marked the store healthy")
	}
	// The next recovery: while it bumps, a write fails to bump (another
	// request meeting the store's failure). The store must stay down.
	later(time.Minute)
	store.set(nil, func() {
		store.set(func(op string) bool { return op == "incr" }, nil)
		name("C") // its own bump fails
		store.set(nil, nil)
	})
	read("C")
	if !svc.isDown() {
		t.Fatal("a recovery that saw another failure marked the store healthy")
	}
	later(time.Minute)
	read("C")
	if svc.isDown() {
		t.Fatal("the store never recovered")
	}
	read("C")
}
