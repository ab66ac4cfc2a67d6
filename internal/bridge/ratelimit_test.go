package bridge_test

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/scimbridge/scimbridge/internal/bridge"
)

// clock is a time the test moves by hand.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// TestRequestFloodIsRateLimited: one address sending more than the rate
// (after a burst of twice the rate) gets 429 with an integer Retry-After,
// on every route but /ping; other addresses are not slowed; the bucket
// refills with time.
func TestRequestFloodIsRateLimited(t *testing.T) {
	c := &clock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	b := bridge.New(bridge.Config{Session: bridge.StaticSession{}, RateLimit: 10, Now: c.now, Logger: quiet})
	get := func(addr, path string) *httptest.ResponseRecorder {
		r := httptest.NewRequest("GET", path, nil)
		r.RemoteAddr = addr + ":40000"
		w := httptest.NewRecorder()
		b.ServeHTTP(w, r)
		return w
	}
	const flood = "192.0.2.1"
	for i := range 20 { // the burst: twice the rate
		if w := get(flood, "/scim/v2/Users"); w.Code == http.StatusTooManyRequests {
			t.Fatalf("request %d of the burst limited", i+1)
		}
	}
	w := get(flood, "/scim/v2/Users")
	if w.Code != http.StatusTooManyRequests {
		t.Fatalf("request past the burst: %d, want 429", w.Code)
	}
	if s, err := strconv.Atoi(w.Header().Get("Retry-After")); err != nil || s < 1 {
		t.Fatalf("Retry-After %q is not a whole number of seconds", w.Header().Get("Retry-After"))
	}
	if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/scim+json") {
		t.Fatalf("429 is not a SCIM error: %q %s", ct, w.Body)
	}
	if w := get(flood, "/app"); w.Code != http.StatusTooManyRequests {
		t.Fatalf("/app past the limit: %d", w.Code)
	}
	if w := get(flood, "/ping"); w.Code != http.StatusOK {
		t.Fatalf("/ping is limited: %d", w.Code)
	}
	if w := get("192.0.2.2", "/scim/v2/Users"); w.Code == http.StatusTooManyRequests {
		t.Fatal("another address is limited by the first one's flood")
	}
	c.advance(time.Second) // ten more tokens
	for i := range 10 {
		if w := get(flood, "/scim/v2/Users"); w.Code == http.StatusTooManyRequests {
			t.Fatalf("request %d after a second's refill limited", i+1)
		}
	}
	if w := get(flood, "/scim/v2/Users"); w.Code != http.StatusTooManyRequests {
		t.Fatalf("past the refill: %d, want 429", w.Code)
	}
}

// TestNoRateLimitByDefault: a bridge configured with no limit lets a
// client through however fast it goes (the load tool relies on it).
func TestNoRateLimitByDefault(t *testing.T) {
	b := bridge.New(bridge.Config{Session: bridge.StaticSession{}, Logger: quiet})
	for i := range 5000 {
		r := httptest.NewRequest("GET", "/scim/v2/Users", nil)
		w := httptest.NewRecorder()
		b.ServeHTTP(w, r)
		if w.Code == http.StatusTooManyRequests {
			t.Fatalf("request %d limited without a limit", i+1)
		}
	}
}

var quiet = slog.New(slog.DiscardHandler)
