package bridge

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/scimbridge/scimbridge/internal/account"
	"github.com/scimbridge/scimbridge/internal/obs"
)

// healthTimeout bounds what a health check waits for the account.
const healthTimeout = 5 * time.Second

// reportsOnAccount tells the routes that report on the account rather
// than use it (/health, /monitoring, /metrics): with a valid bearer token
// they answer even when the account cannot be reached, since that is what
// they are asked about. Every other route needs the account connection.
func reportsOnAccount(r *http.Request) bool {
	switch r.Pattern {
	case "GET /health", "GET /monitoring", "GET /metrics":
		return true
	}
	return false
}

// connectDetail says why the account could not be reached or used, for
// /health and the status page: the account's own description (its URL
// without user info, what failed), never a secret.
func connectDetail(err error) string {
	if errors.Is(err, account.ErrUnauthorized) {
		return toSCIM(err).Detail
	}
	d := err.Error()
	var ae *account.Error
	if errors.As(err, &ae) && ae.Detail != "" {
		d = ae.Detail
	}
	d = obs.Scrub(d)
	if len(d) > 300 {
		d = d[:300] + "…"
	}
	if ae != nil && !errors.Is(err, account.ErrUnavailable) {
		return "the account answered with an error: " + d
	}
	return "the bridge cannot reach the account: " + d
}

// ping answers load balancers: no authentication, no work.
func (s *Server) ping(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = w.Write([]byte("pong\n"))
}

// Report is one component's health (design §3).
type Report struct {
	Source  string `json:"source"`
	State   string `json:"state"` // healthy, unhealthy, or waiting (for the first token)
	Time    string `json:"time"`
	Expires string `json:"expires"`
	Detail  string `json:"detail,omitempty"`
}

// The report states.
const (
	Healthy   = "healthy"
	Unhealthy = "unhealthy"
	Waiting   = "waiting"
)

// Reports checks every component now: the SCIM server, the credentials,
// the account connection, the confirmation watcher and Redis. Before the
// first valid token the credentials and the account connection are
// "waiting": the bridge cannot reach the account until a token unlocks it.
// When the last attempt to unlock and connect failed, the account
// connection is unhealthy, with why, until an attempt succeeds (every
// request with a valid token, /health's included, tries again).
func (s *Server) Reports(ctx context.Context) []Report {
	now := s.cfg.Now().UTC()
	at := func(source, state, detail string) Report {
		return Report{Source: source, State: state, Time: timestamp(now), Expires: timestamp(now.Add(time.Minute)), Detail: detail}
	}
	reports := []Report{at("SCIMServer", Healthy, "")}
	ctx, cancel := context.WithTimeout(ctx, healthTimeout)
	defer cancel()
	switch svc, failure := s.auth.current(), s.auth.lastFailure(); {
	case !s.sessionInstalled():
		reports = append(reports, at("CredentialsUnlocked", Unhealthy, "no scimsession is installed: run scimbridge setup and give the bridge its scimsession (OP_SESSION)"),
			at("AccountConnection", Waiting, "waiting for the credentials"))
	case failure != nil && !failure.unlocked:
		reports = append(reports, at("CredentialsUnlocked", Unhealthy, failure.detail),
			at("AccountConnection", Waiting, "waiting for the credentials"))
	case failure != nil:
		conn := at("AccountConnection", Unhealthy, failure.detail+"; the next request with the bearer token tries again")
		conn.Time = timestamp(failure.at.UTC())
		reports = append(reports, at("CredentialsUnlocked", Healthy, ""), conn)
	case svc == nil:
		reports = append(reports, at("CredentialsUnlocked", Waiting, "waiting for the first valid bearer token (an identity provider's request, or a sign-in on /app)"),
			at("AccountConnection", Waiting, "waiting for the credentials"))
	default:
		reports = append(reports, at("CredentialsUnlocked", Healthy, ""))
		if _, err := svc.Info(ctx); err != nil {
			reports = append(reports, at("AccountConnection", Unhealthy, connectDetail(err)))
		} else {
			reports = append(reports, at("AccountConnection", Healthy, ""))
		}
	}
	reports = append(reports, s.watcher.report(now))
	switch {
	case s.cfg.Redis == nil:
		reports = append(reports, at("RedisCache", Healthy, "not configured: the cache and locks are kept in this process (one replica)"))
	default:
		if err := s.cfg.Redis.Ping(ctx); err != nil {
			s.metrics.RedisErrors.Inc()
			reports = append(reports, at("RedisCache", Unhealthy, "Redis does not answer; the bridge keeps serving without it and keeps trying"))
		} else {
			reports = append(reports, at("RedisCache", Healthy, ""))
		}
	}
	return reports
}

// overall is the state of a set of reports: unhealthy if any is, else
// waiting if any is, else healthy.
func overall(reports []Report) string {
	state := Healthy
	for _, r := range reports {
		switch r.State {
		case Unhealthy:
			return Unhealthy
		case Waiting:
			state = Waiting
		}
	}
	return state
}

func (s *Server) sessionInstalled() bool {
	_, err := s.auth.session()
	return err == nil
}

// health reports the bridge's components (design §3): 200 when all are
// healthy, 503 otherwise, always as the health document. It needs the
// bearer token, but not the account (reportsOnAccount).
func (s *Server) health(w http.ResponseWriter, r *http.Request) {
	reports := s.Reports(r.Context())
	status := http.StatusOK
	if overall(reports) != Healthy {
		status = http.StatusServiceUnavailable
	}
	w.Header().Set("Cache-Control", "no-store")
	writePlainJSON(w, status, map[string]any{
		"version": s.cfg.Version, "build": s.cfg.Build, "reports": reports, "retrievedAt": timestamp(s.cfg.Now()),
	})
}

// monitoring is the read-only status for monitors (the monitoring token):
// each component's state without details, and the overall state. 200
// unless something is unhealthy.
func (s *Server) monitoring(w http.ResponseWriter, r *http.Request) {
	reports := s.Reports(r.Context())
	components := make([]map[string]string, len(reports))
	for i, rep := range reports {
		components[i] = map[string]string{"source": rep.Source, "state": rep.State}
	}
	state := overall(reports)
	status := http.StatusOK
	if state == Unhealthy {
		status = http.StatusServiceUnavailable
	}
	writePlainJSON(w, status, map[string]any{"status": state, "version": s.cfg.Version, "reports": components, "retrievedAt": timestamp(s.cfg.Now())})
}

// Status is everything the status page shows.
type Status struct {
	Version, Build string
	Session        bool // a scimsession is installed
	Unlocked       bool // a valid token has unlocked the credentials
	Reports        []Report
	State          string // overall
	Summary        *account.Summary
	Events         []account.AuditEvent // the newest, at most 50
	Problem        string               // why Summary or Events are missing
}

// Status gathers the status page's content.
func (s *Server) Status(ctx context.Context) Status {
	st := Status{Version: s.cfg.Version, Build: s.cfg.Build, Session: s.sessionInstalled()}
	st.Reports = s.Reports(ctx)
	st.State = overall(st.Reports)
	svc := s.auth.current()
	st.Unlocked = svc != nil
	if f := s.auth.lastFailure(); f != nil {
		st.Problem = f.detail
	}
	if svc == nil {
		return st
	}
	ctx, cancel := context.WithTimeout(ctx, healthTimeout)
	defer cancel()
	sum, err := svc.Summary(ctx)
	if err != nil {
		st.Problem = connectDetail(err)
		return st
	}
	st.Summary = &sum
	if st.Events, err = svc.RecentAudit(ctx, 50); err != nil {
		st.Problem = connectDetail(err)
	}
	return st
}
