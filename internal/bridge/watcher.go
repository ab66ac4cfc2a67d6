package bridge

import (
	"context"
	"strconv"
	"sync"
	"time"

	"github.com/scimbridge/scimbridge/internal/account"
	"github.com/scimbridge/scimbridge/internal/obs"
)

// The confirmation watcher confirms everyone who accepted their invitation
// (awaiting_confirmation → active), every ConfirmationInterval, in batches.
// With several replicas, a lock (in Redis when configured) lets exactly one
// confirm at a time. It starts when a valid token unlocks the credentials:
// until then the bridge cannot reach the account.

// confirmBatch is how many people one account call confirms.
const confirmBatch = 100

// watcherLock names the watcher's lock among the replicas, followed by
// ":" and the account's id: bridges for different accounts may share one
// Redis, and each account's watcher runs whatever the others do.
const watcherLock = "confirmation-watcher"

type watcher struct {
	s *Server

	mu        sync.Mutex
	started   bool
	lastRun   time.Time
	confirmed int    // in the last run
	total     int    // since start
	lastErr   string // of the last run, "" when it succeeded
	skipped   bool   // the last run found another replica confirming
}

// Run runs the bridge's background work (the confirmation watcher) until
// ctx ends. Call it once, next to serving.
func (s *Server) Run(ctx context.Context) {
	if s.cfg.ConfirmationInterval <= 0 {
		return
	}
	select {
	case <-s.auth.ready:
	case <-ctx.Done():
		return
	}
	w := s.watcher
	w.mu.Lock()
	w.started = true
	w.mu.Unlock()
	s.log.Info("confirmation watcher started", "interval_seconds", s.cfg.ConfirmationInterval.Seconds())
	t := time.NewTicker(s.cfg.ConfirmationInterval)
	defer t.Stop()
	for {
		w.run(ctx)
		select {
		case <-t.C:
		case <-ctx.Done():
			return
		}
	}
}

// run is one pass: take the lock, confirm in batches until nobody is
// waiting, give the lock back.
func (w *watcher) run(ctx context.Context) {
	s := w.s
	// Each run has an id of its own, like a request: in its log lines and
	// in the audit events of the people it confirms.
	id := "watcher-" + newRequestID()
	ctx = obs.WithRequestID(account.WithActor(ctx, account.Actor{RequestID: id}), id)
	ttl := max(s.cfg.ConfirmationInterval, 30*time.Second)
	svc := s.auth.current()
	info, err := svc.Info(ctx)
	if err != nil {
		s.log.ErrorContext(ctx, "confirmation watcher: cannot read the account; skipping this run", "error", err)
		w.record(0, connectDetail(err), false)
		return
	}
	release, ok, err := s.cfg.Locker.TryLock(ctx, watcherLock+":"+info.ID, ttl)
	if err != nil {
		s.log.ErrorContext(ctx, "confirmation watcher: cannot take its lock; skipping this run", "error", err)
		w.record(0, err.Error(), false)
		return
	}
	if !ok {
		s.log.DebugContext(ctx, "confirmation watcher: another replica is confirming")
		w.record(0, "", true)
		return
	}
	defer func() {
		if err := release(context.WithoutCancel(ctx)); err != nil {
			s.log.WarnContext(ctx, "confirmation watcher: releasing its lock", "error", err)
		}
	}()
	total := 0
	for {
		n, more, err := svc.ConfirmPending(ctx, confirmBatch)
		total += n
		s.metrics.Confirmations.Add(float64(n))
		if err != nil {
			s.log.ErrorContext(ctx, "confirmation watcher run failed", "confirmed", total, "error", err)
			w.record(total, connectDetail(err), false)
			return
		}
		if !more || ctx.Err() != nil {
			break
		}
	}
	if total > 0 {
		s.log.InfoContext(ctx, "confirmation watcher confirmed people", "confirmed", total)
	}
	w.record(total, "", false)
}

func (w *watcher) record(confirmed int, errText string, skipped bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.lastRun = w.s.cfg.Now()
	w.confirmed, w.lastErr, w.skipped = confirmed, errText, skipped
	w.total += confirmed
}

// report is the watcher's line in /health. Until it has started it is
// waiting, not healthy: it needs the account, which the bridge reaches
// only once a valid token has unlocked the credentials.
func (w *watcher) report(now time.Time) Report {
	unlocked, failure := w.s.auth.unlocked(), w.s.auth.lastFailure()
	w.mu.Lock()
	defer w.mu.Unlock()
	interval := w.s.cfg.ConfirmationInterval
	r := Report{Source: "ConfirmationWatcher", State: Healthy, Time: timestamp(now), Expires: timestamp(now.Add(interval))}
	switch {
	case interval <= 0:
		r.Detail = "disabled"
	case !w.started && !unlocked && failure != nil:
		r.State, r.Detail = Waiting, "not running: it starts once the bridge reaches the account, which it cannot (see AccountConnection)"
	case !w.started && !unlocked:
		r.State, r.Detail = Waiting, "not running: it starts once a valid bearer token has unlocked the credentials and connected the account"
	case !w.started:
		r.Detail = "starting: the credentials were just unlocked"
	case w.lastRun.IsZero():
		r.Detail = "starting its first run"
	default:
		r.Time, r.Expires = timestamp(w.lastRun), timestamp(w.lastRun.Add(2*interval))
		switch {
		case w.lastErr != "":
			r.State, r.Detail = Unhealthy, "the last run failed: "+w.lastErr
		case w.skipped:
			r.Detail = "another replica ran the last confirmation"
		default:
			r.Detail = plural(w.confirmed, "person", "people") + " confirmed in the last run, " + plural(w.total, "person", "people") + " since start"
		}
	}
	return r
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}
