// Package bridge is the SCIM bridge's HTTP server: it authenticates the
// identity provider's bearer token, normalises the provider's quirks
// (package quirks), speaks SCIM 2.0 (packages schema, filter, patch) and
// provisions into the account through account.Service.
//
// Where a SCIM request is handled: users.go and groups.go (resources),
// lists.go (filters and paging), discovery.go (ServiceProviderConfig,
// ResourceTypes, Schemas); request.go decodes bodies and render.go writes
// resources.
package bridge

import (
	"context"
	"log/slog"
	"net/http"
	"slices"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/scimbridge/scimbridge/internal/account"

	"github.com/scimbridge/scimbridge/internal/cache"
	"github.com/scimbridge/scimbridge/internal/credentials"
	"github.com/scimbridge/scimbridge/internal/obs"
)

// Config is everything the bridge needs, decoded and checked by the caller.
type Config struct {
	// Session is where the scimsession comes from.
	Session SessionSource
	// Connect opens the account with the unlocked credentials: in-process
	// in quickstart, over HTTP otherwise. It is called once the first valid
	// token arrives, and again after a failure.
	Connect func(ctx context.Context, u credentials.Unlocked, accountURL string) (account.Service, error)

	Logger  *slog.Logger
	Now     func() time.Time // time.Now when nil
	Version string
	Build   string

	// MaxBodyBytes bounds request bodies (413 above it); 1 MiB when 0.
	MaxBodyBytes int64
	// MaxResults caps the count of a list (and is advertised); 1000 when 0.
	MaxResults int
	// AuthFailuresPerMinute is how many failed authentications one client
	// address may make per minute before getting 429; 20 when 0.
	AuthFailuresPerMinute int
	// RateLimit is how many requests a second one client address may make
	// (in bursts of twice that) before getting 429; no limit when 0.
	RateLimit int

	// ConfirmationInterval is how often the confirmation watcher runs
	// (OP_CONFIRMATION_INTERVAL); 0 disables it.
	ConfirmationInterval time.Duration
	// Locker lets one replica at a time run the watcher: in Redis when
	// there are several; in-process when nil.
	Locker cache.Locker
	// Redis, when set, is pinged for the RedisCache line of /health.
	Redis interface{ Ping(context.Context) error }

	// Metrics are the Prometheus series /metrics serves; new ones when nil.
	Metrics *obs.Metrics
	// Logs returns the recent log lines (redacted), for the status page's
	// download; nil when none are kept.
	Logs func() []byte
	// UI builds the web status page, served at /app (and / redirects
	// there); none when nil.
	UI func(*Server) http.Handler

	// BulkMaxOperations and BulkMaxPayloadBytes bound a /Bulk request
	// (and are advertised); 1000 and 4 MiB when 0.
	BulkMaxOperations   int
	BulkMaxPayloadBytes int64
}

// Server is the bridge.
type Server struct {
	cfg     Config
	log     *slog.Logger
	auth    *authenticator
	watcher *watcher
	limiter *requestLimiter // nil when there is no rate limit
	metrics *obs.Metrics
	handler http.Handler
	bulkMux *http.ServeMux // the resource routes without authentication
}

// New builds the bridge.
func New(cfg Config) *Server {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.MaxBodyBytes == 0 {
		cfg.MaxBodyBytes = 1 << 20
	}
	if cfg.MaxResults == 0 {
		cfg.MaxResults = 1000
	}
	if cfg.AuthFailuresPerMinute == 0 {
		cfg.AuthFailuresPerMinute = 20
	}
	if cfg.BulkMaxOperations == 0 {
		cfg.BulkMaxOperations = 1000
	}
	if cfg.BulkMaxPayloadBytes == 0 {
		cfg.BulkMaxPayloadBytes = 4 << 20
	}
	if cfg.Locker == nil {
		cfg.Locker = cache.NewMemoryLocker()
	}
	if cfg.Metrics == nil {
		cfg.Metrics = obs.NewMetrics(cfg.Version, cfg.Build)
	}
	s := &Server{cfg: cfg, log: cfg.Logger, metrics: cfg.Metrics, limiter: newRequestLimiter(cfg.RateLimit, cfg.Now)}
	s.auth = newAuthenticator(cfg, s.log)
	s.watcher = &watcher{s: s}
	s.handler = s.routes()
	return s
}

// ServeHTTP serves the bridge.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// Unlocked reports whether the credentials have been unlocked (a valid
// token has arrived since start).
func (s *Server) Unlocked() bool { return s.auth.unlocked() }

// scimPrefixes are where the SCIM API is served: providers are given any of
// them as the base URL (the 1Password bridge serves all three).
var scimPrefixes = []string{"/scim/v2", "/scim", ""}

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	s.bulkMux = http.NewServeMux()
	for _, p := range scimPrefixes {
		s.scimRoutes(mux, p, s.auth.require, false)
		// Bulk operations run as requests of their own, already
		// authenticated, against the resource routes only.
		s.scimRoutes(s.bulkMux, p, func(h http.Handler) http.Handler { return h }, true)
	}
	// A bulk operation on any other path gets a SCIM 404, as outside.
	s.bulkMux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, r, errNoRoute(r))
	})
	mux.HandleFunc("GET /ping", s.ping)
	mux.Handle("GET /health", s.auth.require(http.HandlerFunc(s.health)))
	mux.Handle("GET /monitoring", s.auth.requireMonitoring(http.HandlerFunc(s.monitoring)))
	mux.Handle("GET /metrics", s.auth.requireMonitoring(promhttp.HandlerFor(s.metrics.Registry, promhttp.HandlerOpts{})))
	if s.cfg.UI != nil {
		ui := s.cfg.UI(s)
		mux.Handle("/app", ui)
		mux.Handle("/app/", ui)
		mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "/app", http.StatusTemporaryRedirect)
		})
	}
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, r, errNoRoute(r))
	})
	return s.observe(mux)
}

// Logs returns the recent log lines, redacted (nil when none are kept).
func (s *Server) Logs() []byte {
	if s.cfg.Logs == nil {
		return nil
	}
	return s.cfg.Logs()
}

// Metrics returns the bridge's Prometheus series.
func (s *Server) Metrics() *obs.Metrics { return s.metrics }

// scimRoutes registers the SCIM routes under prefix p, each wrapped (in
// authentication, for the outside); resourcesOnly leaves out all but the
// Users and Groups resources (for Bulk).
func (s *Server) scimRoutes(mux *http.ServeMux, p string, wrap func(http.Handler) http.Handler, resourcesOnly bool) {
	type route struct {
		method, path string
		handler      http.HandlerFunc
	}
	resources := []route{
		{"POST", "/Users", errs(users.handleCreate(s))},
		{"GET", "/Users", errs(s.listUsers)},
		{"POST", "/Users/.search", errs(s.searchUsers)},
		{"GET", "/Users/{id}", errs(users.handleGet())},
		{"PUT", "/Users/{id}", errs(users.handleReplace(s))},
		{"PATCH", "/Users/{id}", errs(users.handlePatch(s))},
		{"DELETE", "/Users/{id}", errs(users.handleDelete())},

		{"POST", "/Groups", errs(groups.handleCreate(s))},
		{"GET", "/Groups", errs(s.listGroups)},
		{"POST", "/Groups/.search", errs(s.searchGroups)},
		{"GET", "/Groups/{id}", errs(groups.handleGet())},
		{"PUT", "/Groups/{id}", errs(groups.handleReplace(s))},
		{"PATCH", "/Groups/{id}", errs(groups.handlePatch(s))},
		{"DELETE", "/Groups/{id}", errs(groups.handleDelete())},
	}
	routes := append(resources, []route{
		{"POST", "/.search", errs(s.searchAll)},
		{"GET", "/ServiceProviderConfig", s.serviceProviderConfig},
		{"GET", "/ResourceTypes", s.resourceTypes},
		{"GET", "/ResourceTypes/{id}", s.resourceType},
		{"GET", "/Schemas", s.schemas},
		{"GET", "/Schemas/{id}", s.schema},
		{"", "/Me", s.me},
		{"", "/Me/{rest...}", s.me},
		{"POST", "/Bulk", errs(s.bulk)},
	}...)
	if resourcesOnly {
		routes = resources
	}
	// Each path dispatches on the method itself: any other method is a
	// SCIM 405 rather than the mux's plain text, and patterns stay
	// method-less so "/Users/.search" and "/Users/{id}" never conflict.
	byPath := map[string]map[string]http.Handler{}
	var order []string
	for _, rt := range routes {
		if byPath[rt.path] == nil {
			byPath[rt.path] = map[string]http.Handler{}
			order = append(order, rt.path)
		}
		byPath[rt.path][rt.method] = wrap(rt.handler)
	}
	for _, path := range order {
		mux.Handle(p+path, dispatch(byPath[path]))
	}
}

// dispatch routes a request on its method; "" handles every method.
func dispatch(methods map[string]http.Handler) http.Handler {
	if h, ok := methods[""]; ok {
		return h
	}
	var allowed []string
	for m := range methods {
		allowed = append(allowed, m)
		if m == http.MethodGet {
			allowed = append(allowed, http.MethodHead) // served as GET, below
		}
	}
	slices.Sort(allowed)
	notAllowed := methodNotAllowed(allowed)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		m := r.Method
		if m == http.MethodHead {
			m = http.MethodGet
		}
		if h, ok := methods[m]; ok {
			h.ServeHTTP(w, r)
			return
		}
		notAllowed.ServeHTTP(w, r)
	})
}
