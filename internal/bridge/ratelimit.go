package bridge

import (
	"math"
	"net/http"
	"sync"
	"time"
)

// requestLimiter keeps one client address from flooding the bridge: a
// token bucket per address, refilled at rate tokens a second and holding
// at most burst. An identity provider sends tens of requests a second at
// most; the default leaves it far more room than that (config.Bridge).
//
// Each replica counts for itself: with n replicas behind a load balancer a
// client may send n times the rate in all.
type requestLimiter struct {
	rate  float64 // tokens a second
	burst float64
	now   func() time.Time

	mu      sync.Mutex
	buckets map[string]*bucket
}

type bucket struct {
	tokens float64
	last   time.Time
}

// maxBuckets bounds the memory a flood from many addresses can take: past
// it, buckets that have filled up again (and so say nothing) are dropped.
const maxBuckets = 10000

func newRequestLimiter(perSecond int, now func() time.Time) *requestLimiter {
	if perSecond <= 0 {
		return nil
	}
	return &requestLimiter{rate: float64(perSecond), burst: 2 * float64(perSecond), now: now, buckets: map[string]*bucket{}}
}

// take spends a token of the request's client; when there is none it
// returns the whole seconds (at least 1) until there will be one. /ping is
// never limited: load balancers call it, and it costs nothing. A nil
// limiter limits nothing.
func (l *requestLimiter) take(r *http.Request) (wait int) {
	if l == nil || r.URL.Path == "/ping" {
		return 0
	}
	client := clientAddr(r)
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	b, ok := l.buckets[client]
	if !ok {
		if len(l.buckets) >= maxBuckets {
			l.forgetFull(now)
		}
		b = &bucket{tokens: l.burst, last: now}
		l.buckets[client] = b
	}
	b.tokens = math.Min(l.burst, b.tokens+now.Sub(b.last).Seconds()*l.rate)
	b.last = now
	if b.tokens >= 1 {
		b.tokens--
		return 0
	}
	return max(1, int(math.Ceil((1-b.tokens)/l.rate)))
}

func (l *requestLimiter) forgetFull(now time.Time) {
	refill := time.Duration(l.burst / l.rate * float64(time.Second))
	for k, b := range l.buckets {
		if now.Sub(b.last) >= refill {
			delete(l.buckets, k)
		}
	}
}
