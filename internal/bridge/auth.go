package bridge

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/scimbridge/scimbridge/internal/account"
	"github.com/scimbridge/scimbridge/internal/credentials"
	"github.com/scimbridge/scimbridge/internal/obs"
	"github.com/scimbridge/scimbridge/internal/scim"
)

// authenticator checks bearer tokens against the scimsession and holds the
// account connection the first valid token unlocked.
type authenticator struct {
	cfg     Config
	log     *slog.Logger
	metrics *obs.Metrics

	connect sync.Mutex // one unlock-and-connect at a time

	mu      sync.Mutex
	svc     account.Service
	svcFor  *credentials.Session // the session svc was unlocked from
	lastTry time.Time            // last reload after a failed check
	ready   chan struct{}        // closed when the credentials are first unlocked
	failure *connectFailure      // the last attempt to unlock and connect, when it failed

	limiter *failureLimiter
}

func newAuthenticator(cfg Config, log *slog.Logger) *authenticator {
	return &authenticator{cfg: cfg, log: log, metrics: cfg.Metrics, ready: make(chan struct{}), limiter: newFailureLimiter(cfg.AuthFailuresPerMinute, cfg.Now)}
}

// current is the account connection the latest valid token unlocked (nil
// before the first).
func (a *authenticator) current() account.Service {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.svc
}

type serviceKey struct{}

// service returns the account service the request was authenticated for.
func service(r *http.Request) account.Service {
	return r.Context().Value(serviceKey{}).(account.Service)
}

// require lets a request through only with a valid bearer token, and gives
// it the account service. Clients that keep failing are slowed down with
// 429 before their token is even looked at.
func (a *authenticator) require(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		client := clientAddr(r)
		if wait := a.limiter.blocked(client); wait > 0 {
			w.Header().Set("Retry-After", strconv.Itoa(wait))
			writeError(w, r, scim.NewError(http.StatusTooManyRequests, "", "too many failed authentications from this address; retry after %d seconds", wait))
			return
		}
		session, err := a.session()
		if err != nil {
			writeError(w, r, scim.NewError(http.StatusServiceUnavailable, "", "the bridge has no scimsession installed: run scimbridge setup and give the bridge its scimsession file (OP_SESSION)"))
			return
		}
		token, ok := bearer(r)
		if ok && !session.Verify(token) && a.reload() {
			session, _ = a.cfg.Session.Session()
		}
		if !ok || !session.Verify(token) {
			a.limiter.fail(client)
			a.metrics.AuthFailures.Inc()
			detail := "the bearer token is not valid for this bridge"
			if !ok {
				detail = "a bearer token is required (Authorization: Bearer <token>)"
			}
			a.log.WarnContext(r.Context(), "authentication failed", "request_id", RequestID(r.Context()), "client", client)
			writeError(w, r, scim.NewError(http.StatusUnauthorized, "", "%s", detail))
			return
		}
		if reportsOnAccount(r) {
			// /health, /monitoring and /metrics report on the account
			// rather than use it: they answer (and say why) when it cannot
			// be reached.
			// The attempt unlocks the credentials if it can, as any
			// valid token does, but never for longer than a health check.
			a.tryConnect(r.Context(), session, token)
			next.ServeHTTP(w, r)
			return
		}
		svc, err := a.service(r.Context(), session, token)
		if err != nil {
			writeError(w, r, err)
			return
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), serviceKey{}, svc)))
	})
}

// requireMonitoring lets a request through with the monitoring token or
// the bearer token (/metrics, /monitoring). The monitoring token unlocks
// nothing.
func (a *authenticator) requireMonitoring(next http.Handler) http.Handler {
	full := a.require(next)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		client := clientAddr(r)
		if wait := a.limiter.blocked(client); wait > 0 {
			w.Header().Set("Retry-After", strconv.Itoa(wait))
			writeError(w, r, scim.NewError(http.StatusTooManyRequests, "", "too many failed authentications from this address; retry after %d seconds", wait))
			return
		}
		token, ok := bearer(r)
		if ok && strings.HasPrefix(token, credentials.MonitoringPrefix) {
			session, err := a.session()
			if err == nil && !session.VerifyMonitoring(token) && a.reload() {
				session, err = a.cfg.Session.Session()
			}
			if err != nil || !session.VerifyMonitoring(token) {
				a.limiter.fail(client)
				a.metrics.AuthFailures.Inc()
				writeError(w, r, scim.NewError(http.StatusUnauthorized, "", "the monitoring token is not valid for this bridge"))
				return
			}
			next.ServeHTTP(w, r)
			return
		}
		full.ServeHTTP(w, r)
	})
}

// session returns the installed scimsession. When there is none (or it was
// damaged) it looks again, at most once a second: a scimsession installed
// after start is picked up without a restart.
func (a *authenticator) session() (*credentials.Session, error) {
	s, err := a.cfg.Session.Session()
	if err != nil && a.reload() {
		s, err = a.cfg.Session.Session()
	}
	return s, err
}

// reload asks the session source for a newer scimsession, at most once a
// second, so a flood of bad tokens cannot make the bridge read files.
func (a *authenticator) reload() bool {
	a.mu.Lock()
	now := a.cfg.Now()
	if now.Sub(a.lastTry) < time.Second {
		a.mu.Unlock()
		return false
	}
	a.lastTry = now
	a.mu.Unlock()
	return a.cfg.Session.Reload()
}

// connectFailure is why the last attempt to unlock the credentials and
// connect the account failed, for /health.
type connectFailure struct {
	at       time.Time
	unlocked bool   // the token opened the scimsession; the account failed
	detail   string // for /health: no secrets
}

// service returns the account connection for the session, unlocking the
// credentials and connecting the first time. Attempts run one at a time,
// without holding what current() and /health read.
func (a *authenticator) service(ctx context.Context, session *credentials.Session, token string) (account.Service, error) {
	if svc := a.connected(session); svc != nil {
		return svc, nil
	}
	a.connect.Lock()
	defer a.connect.Unlock()
	if svc := a.connected(session); svc != nil {
		return svc, nil // another request connected meanwhile
	}
	return a.unlockAndConnect(ctx, session, token)
}

// tryConnect is service for health checks: it never waits for an attempt
// already under way (it reports the last one) and gives up after
// healthTimeout.
func (a *authenticator) tryConnect(ctx context.Context, session *credentials.Session, token string) {
	if a.connected(session) != nil || !a.connect.TryLock() {
		return
	}
	defer a.connect.Unlock()
	if a.connected(session) != nil {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, healthTimeout)
	defer cancel()
	_, _ = a.unlockAndConnect(ctx, session, token)
}

// unlockAndConnect opens the scimsession with the token and connects the
// account, recording the outcome; the caller holds a.connect.
func (a *authenticator) unlockAndConnect(ctx context.Context, session *credentials.Session, token string) (account.Service, error) {
	u, err := session.Open(token)
	if err != nil {
		// Verify passed, so the file is damaged: no token will open it.
		a.log.ErrorContext(ctx, "the scimsession could not be unlocked", "error", err)
		a.failed(false, "the scimsession is damaged and cannot be unlocked; regenerate the credentials (scimbridge setup --regenerate)")
		return nil, scim.NewError(http.StatusInternalServerError, "", "the scimsession is damaged and cannot be unlocked; regenerate the credentials")
	}
	svc, err := a.cfg.Connect(ctx, u, session.AccountURL)
	if err != nil {
		a.log.ErrorContext(ctx, "could not connect to the account", "account", session.AccountURL, "error", err)
		a.failed(true, connectDetail(err))
		if errors.Is(err, account.ErrUnauthorized) {
			return nil, err
		}
		return nil, account.Errorf(account.ErrUnavailable, "connecting to the account: %v", err)
	}
	a.log.InfoContext(ctx, "credentials unlocked", "credential", u.CredentialID, "account", session.AccountURL)
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.svc == nil {
		close(a.ready)
	}
	a.svc, a.svcFor, a.failure = svc, session, nil
	return svc, nil
}

// connected is the account connection already unlocked for session, or nil.
func (a *authenticator) connected(session *credentials.Session) account.Service {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.svc != nil && a.svcFor == session {
		return a.svc
	}
	return nil
}

func (a *authenticator) failed(unlocked bool, detail string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.failure = &connectFailure{at: a.cfg.Now(), unlocked: unlocked, detail: detail}
}

// lastFailure is the failure of the last attempt to connect, or nil when
// it succeeded (or none was made).
func (a *authenticator) lastFailure() *connectFailure {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.failure
}

func (a *authenticator) unlocked() bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.svc != nil
}

// bearer extracts the token of an "Authorization: Bearer <token>" header.
func bearer(r *http.Request) (string, bool) {
	h := r.Header.Get("Authorization")
	scheme, token, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	token = strings.TrimSpace(token)
	return token, token != ""
}

// failureLimiter counts failed authentications per client address in
// one-minute windows.
type failureLimiter struct {
	limit int
	now   func() time.Time

	mu      sync.Mutex
	windows map[string]*window
}

type window struct {
	start    time.Time
	failures int
}

func newFailureLimiter(limit int, now func() time.Time) *failureLimiter {
	return &failureLimiter{limit: limit, now: now, windows: map[string]*window{}}
}

// blocked returns how many seconds the client must wait, or 0.
func (l *failureLimiter) blocked(client string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	w, ok := l.windows[client]
	if !ok || w.failures < l.limit {
		return 0
	}
	left := time.Minute - l.now().Sub(w.start)
	if left <= 0 {
		delete(l.windows, client)
		return 0
	}
	return int((left + time.Second - 1) / time.Second)
}

func (l *failureLimiter) fail(client string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if len(l.windows) > 10000 {
		for k, w := range l.windows {
			if now.Sub(w.start) >= time.Minute {
				delete(l.windows, k)
			}
		}
	}
	w, ok := l.windows[client]
	if !ok || now.Sub(w.start) >= time.Minute {
		w = &window{start: now}
		l.windows[client] = w
	}
	w.failures++
}
