package web

import (
	"strings"
	"sync"
	"testing"
	"time"
)

func TestSessionStore(t *testing.T) {
	c := &clock{t: time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)}
	s := newSessionStore(time.Hour, 3, c.now)
	a, _ := s.create("token-a", "hello")
	c.add(time.Minute)
	b, _ := s.create("token-b", "")
	c.add(time.Minute)
	d, _ := s.create("token-d", "")
	if a == b || !wellFormedID(a) || len(a) != 43 {
		t.Fatalf("ids %q %q", a, b)
	}

	// The notice is shown once.
	if got, ok := s.lookup(a); !ok || got.token != "token-a" || got.notice != "hello" {
		t.Fatalf("lookup a: %+v %v", got, ok)
	}
	if got, _ := s.lookup(a); got.notice != "" {
		t.Fatalf("the notice came back: %q", got.notice)
	}

	// Full: the session closest to expiry (b: a slid when looked up) makes
	// room.
	e, _ := s.create("token-e", "")
	if s.count() != 3 {
		t.Fatalf("%d sessions, cap 3", s.count())
	}
	if _, ok := s.lookup(b); ok {
		t.Fatal("the least recently used session was kept")
	}
	for _, id := range []string{a, d, e} {
		if _, ok := s.lookup(id); !ok {
			t.Fatalf("session %s was lost", id)
		}
	}

	// Expired sessions are pruned before anyone is evicted.
	c.add(2 * time.Hour)
	f, _ := s.create("token-f", "")
	if s.count() != 1 {
		t.Fatalf("%d sessions after expiry, want only the new one", s.count())
	}
	s.end(f)
	if _, ok := s.lookup(f); ok || s.count() != 0 {
		t.Fatal("an ended session is still there")
	}
}

func TestSessionStorePrunesWithoutBeingFull(t *testing.T) {
	c := &clock{t: time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)}
	s := newSessionStore(time.Minute, 100, c.now)
	for range 10 {
		s.create("t", "")
	}
	c.add(2 * time.Minute)
	s.create("t", "")
	if s.count() != 1 {
		t.Fatalf("%d sessions; the expired ones were kept", s.count())
	}
}

func TestSessionIDsAreChecked(t *testing.T) {
	s := newSessionStore(time.Hour, 10, time.Now)
	id, _ := s.create("t", "")
	for _, bad := range []string{"", "x", id + "A", id[:42], strings.Repeat("+", 43), strings.Repeat("é", 21) + "a"} {
		if wellFormedID(bad) {
			t.Errorf("%q accepted as a session id", bad)
		}
		if _, ok := s.lookup(bad); ok {
			t.Errorf("%q found a session", bad)
		}
	}
}

func TestSessionStoreConcurrent(t *testing.T) {
	s := newSessionStore(time.Hour, 50, time.Now)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 200 {
				id, _ := s.create("t", "")
				s.lookup(id)
				if i%2 == 0 {
					s.end(id)
				}
			}
		}()
	}
	wg.Wait()
	if n := s.count(); n > 50 {
		t.Fatalf("%d sessions, cap 50", n)
	}
}
