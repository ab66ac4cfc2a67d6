// Package loadtest drives a running bridge the way identity providers do
// (scimbridge bench): it loads people fast through Bulk, then runs
// scenarios — Okta's lookup-then-create, Entra's lookup by work email, a
// familyName prefix search, GET by id, Entra's PATCH shapes,
// PUT updates, membership churn on a large group, paged listing — with many
// concurrent connections, and reports throughput and latency as ratios to
// a trivial JSON handler measured in the same run, since absolute figures
// on shared machines drift.
package loadtest

import (
	"context"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// Result is what one scenario measured.
type Result struct {
	Name      string
	Requests  int64 // completed operations (an Okta create is two requests; it counts as one operation)
	Errors    int64
	FirstErr  string
	Elapsed   time.Duration
	Latencies []time.Duration // sorted
}

// PerSecond is the throughput.
func (r Result) PerSecond() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.Requests) / r.Elapsed.Seconds()
}

// Percentile returns the latency at p (0..1).
func (r Result) Percentile(p float64) time.Duration {
	if len(r.Latencies) == 0 {
		return 0
	}
	i := min(int(float64(len(r.Latencies))*p), len(r.Latencies)-1)
	return r.Latencies[i]
}

// op is one operation of a scenario; worker and i let it pick its data.
type op func(ctx context.Context, worker, i int) error

// run calls op from concurrency workers until duration passes or, when
// total > 0, total operations are done.
func run(ctx context.Context, name string, concurrency int, duration time.Duration, total int64, f op) Result {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		next   atomic.Int64
		errs   atomic.Int64
		mu     sync.Mutex
		first  string
		lat    = make([][]time.Duration, concurrency)
		wg     sync.WaitGroup
		start  = time.Now()
		expiry = start.Add(duration)
	)
	for w := 0; w < concurrency; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				i := next.Add(1) - 1
				if (total > 0 && i >= total) || (total == 0 && time.Now().After(expiry)) {
					return
				}
				t0 := time.Now()
				err := f(ctx, w, int(i))
				lat[w] = append(lat[w], time.Since(t0))
				if err != nil && ctx.Err() == nil {
					if errs.Add(1) == 1 {
						mu.Lock()
						first = err.Error()
						mu.Unlock()
					}
				}
			}
		}()
	}
	wg.Wait()
	r := Result{Name: name, Elapsed: time.Since(start), Errors: errs.Load(), FirstErr: first}
	for _, l := range lat {
		r.Latencies = append(r.Latencies, l...)
	}
	slices.Sort(r.Latencies)
	r.Requests = int64(len(r.Latencies))
	return r
}
