package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/pprof"
	"os"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/scimbridge/scimbridge/internal/account"
	"github.com/scimbridge/scimbridge/internal/account/local"
	"github.com/scimbridge/scimbridge/internal/bridge"
	"github.com/scimbridge/scimbridge/internal/cache"
	"github.com/scimbridge/scimbridge/internal/config"
	"github.com/scimbridge/scimbridge/internal/mail"
	"github.com/scimbridge/scimbridge/internal/obs"
)

// accountOptions turns the account service's configuration into options,
// with the mailer when SCIMBRIDGE_SMTP_URL is set.
func accountOptions(cfg config.Account, log *slog.Logger, defaultInviteBase string) (local.Options, error) {
	opts := local.Options{
		DeletePolicy: cfg.DeletePolicy, InviteTTL: cfg.InviteTTL, Logger: log,
		InviteBaseURL: firstNonEmpty(cfg.InviteBaseURL, defaultInviteBase),
	}
	if cfg.SMTPURL != "" {
		m, err := mail.New(cfg.SMTPURL)
		if err != nil {
			return opts, fmt.Errorf("SCIMBRIDGE_SMTP_URL: %w", err)
		}
		opts.Mailer = m
	}
	return opts, nil
}

// warnShortInterval: intervals under 30 s are for tests and demos.
func warnShortInterval(log *slog.Logger, cfg config.Bridge) {
	if s := cfg.ConfirmationInterval.Seconds(); s < 30 {
		log.Warn("OP_CONFIRMATION_INTERVAL is below 30 seconds: fine for a test, wasteful in production", "seconds", s)
	}
}

// bridgeRuntime is what serve and quickstart share: the logger (also into a ring
// for the status page's download), the metrics, and where the bridge keeps
// shared state: Redis when configured, the process otherwise.
type bridgeRuntime struct {
	log     *slog.Logger
	ring    *obs.Ring
	metrics *obs.Metrics
	locker  cache.Locker
	store   cache.Store
	redis   interface{ Ping(context.Context) error }
	close   func()
}

// logRingBytes bounds the logs kept for download.
const logRingBytes = 2 << 20

// memoryCacheBytes bounds the in-process cache when there is no Redis.
const memoryCacheBytes = 32 << 20

func newRuntime(ctx context.Context, logTo io.Writer, cfg config.Bridge, version, build string) (*bridgeRuntime, error) {
	rt := &bridgeRuntime{ring: obs.NewRing(logRingBytes), metrics: obs.NewMetrics(version, build), close: func() {}}
	rt.log = obs.NewLogger(io.MultiWriter(logTo, rt.ring), cfg.Log)
	startProfiler(ctx, rt.log)
	if !cfg.Redis.Configured() {
		rt.locker, rt.store = cache.NewMemoryLocker(), cache.NewMemoryStore(memoryCacheBytes)
		rt.log.Info("component", "name", "redis", "state", "not configured", "detail", "the cache and the watcher's lock live in this process: fine for one replica")
		return rt, nil
	}
	rc, err := cache.NewRedisClient(cfg.Redis.URL, cfg.Redis.InsecureTLS)
	if err != nil {
		return nil, fmt.Errorf("OP_REDIS_URL: %w", err)
	}
	redis.SetLogger(redisLogger{rt.log})
	rt.close = func() { rc.Close() }
	rt.locker, rt.store, rt.redis = cache.NewRedisLocker(rc), cache.NewRedisStore(rc), cache.RedisHealth{Client: rc}
	pctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	if err := rc.Ping(pctx).Err(); err != nil {
		rt.log.Warn("component", "name", "redis", "state", "unreachable", "detail", "serving without it (slower) and trying again", "error", err)
	} else {
		rt.log.Info("component", "name", "redis", "state", "connected")
	}
	return rt, nil
}

// redisLogger takes go-redis's own messages (a dial that failed, a pool
// problem), which it would print to stderr as plain text, into the
// process's log: JSON or console like every other line, through the
// redacting handler, into the ring of the status page's download, and
// with the request id when go-redis passes the request's context.
// go-redis's logger is global: the last runtime made sets it.
type redisLogger struct{ log *slog.Logger }

// Printf implements go-redis's logging interface, at warn level: what
// go-redis reports is a problem, which the bridge survives.
func (l redisLogger) Printf(ctx context.Context, format string, args ...any) {
	msg := strings.TrimSpace(fmt.Sprintf(format, args...))
	for strings.HasPrefix(msg, "redis: ") {
		msg = strings.TrimPrefix(msg, "redis: ")
	}
	l.log.WarnContext(ctx, "redis client", "detail", msg)
}

// cached puts the cache in front of an account connection, namespaced by
// the account so that accounts sharing one Redis never mix.
func (rt *bridgeRuntime) cached(ctx context.Context, svc account.Service) (account.Service, error) {
	info, err := svc.Info(ctx)
	if err != nil {
		return nil, err
	}
	return cache.Wrap(svc, rt.store, cache.Options{Metrics: rt.metrics, Logger: rt.log, Namespace: info.ID}), nil
}

// runBridge serves until ctx ends, with the bridge's background work
// (the confirmation watcher) beside it; on SIGTERM it drains requests in
// flight (bounded), stops the watcher, and returns.
func runBridge(ctx context.Context, b *bridge.Server, srv *http.Server, listen func() error) error {
	wctx, stop := context.WithCancel(context.WithoutCancel(ctx))
	done := make(chan struct{})
	go func() { b.Run(wctx); close(done) }()
	go func() { <-ctx.Done(); stop() }()
	err := listen()
	stop()
	<-done
	return err
}

// startProfiler serves net/http/pprof on SCIMBRIDGE_PPROF_ADDR (a loopback
// address, for performance work; never on by default).
func startProfiler(ctx context.Context, log *slog.Logger) {
	addr := os.Getenv("SCIMBRIDGE_PPROF_ADDR")
	if addr == "" {
		return
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/heap", pprof.Index)
	srv := &http.Server{Addr: addr, Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() { <-ctx.Done(); srv.Close() }()
	go func() {
		log.Warn("profiler listening (SCIMBRIDGE_PPROF_ADDR); keep it on loopback", "addr", addr)
		_ = srv.ListenAndServe()
	}()
}
