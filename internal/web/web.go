// Package web is the bridge's status page at /app: an operator signs in
// with the bearer token and sees the version, the health of every
// component, the account and integration the bridge is connected to,
// people by state, the last provisioning events, and can download the
// recent logs. With no scimsession installed it explains, step by step,
// how to install one: it is never a dead end.
//
// The page is server-rendered (html/template) from embedded templates and
// one embedded stylesheet; it needs no JavaScript and no external assets,
// so it works offline and under a strict Content-Security-Policy.
//
// Where things are: routes and headers here, sessions in session.go,
// sign-in and sign-out in signin.go, the pages in pages.go, what they show
// in view.go, the templates and stylesheet in templates/ and assets/.
package web

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/scimbridge/scimbridge/internal/bridge"
)

// Backend is what the status page needs from the bridge; *bridge.Server
// implements it.
type Backend interface {
	// Status gathers what the page shows.
	Status(ctx context.Context) bridge.Status
	// SignIn checks a token typed into the page, rate-limited per client
	// address; it returns bridge.ErrNoSession, *bridge.RateLimited,
	// bridge.ErrWrongToken, or an error connecting to the account.
	SignIn(ctx context.Context, client, token string) error
	// TokenValid reports whether a token still opens the bridge.
	TokenValid(token string) bool
	// Logs returns the recent log lines, already redacted.
	Logs() []byte
}

// Options tune the status page. The zero value is the production setting.
type Options struct {
	// Now is the clock; time.Now when nil.
	Now func() time.Time
	// SessionTTL is how long a session lasts without a request (it slides
	// with each one); 12 hours when 0.
	SessionTTL time.Duration
	// InsecureCookies leaves the Secure attribute off the session cookie.
	// Only for tests over plain HTTP on a non-loopback address: browsers
	// keep Secure cookies over HTTPS and on http://localhost and
	// http://127.0.0.1, which covers quickstart.
	InsecureCookies bool
	// RefreshSeconds is how often the status view reloads itself; 30 when
	// 0, never when negative.
	RefreshSeconds int
	// MaxSessions bounds the sessions kept in memory; 10,000 when 0. When
	// full, the session closest to expiry makes room.
	MaxSessions int
}

// The paths the page answers under /app.
const (
	pathHome    = "/app"
	pathSignIn  = "/app/signin"
	pathSignOut = "/app/signout"
	pathLogs    = "/app/logs"
	pathJSON    = "/app/status.json"
	pathCSS     = "/app/assets/app.css"
)

// contentSecurityPolicy allows nothing but our own stylesheet, data: images
// (the empty favicon) and forms posting back to us.
const contentSecurityPolicy = "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

// handler is the status page.
type handler struct {
	b        Backend
	now      func() time.Time
	secure   bool
	refresh  int
	sessions *sessionStore
	routes   map[string]map[string]http.HandlerFunc
}

// New builds the status page's handler, to be mounted at /app and /app/.
func New(b Backend, opts Options) http.Handler {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.SessionTTL <= 0 {
		opts.SessionTTL = 12 * time.Hour
	}
	if opts.RefreshSeconds == 0 {
		opts.RefreshSeconds = 30
	}
	if opts.RefreshSeconds < 0 {
		opts.RefreshSeconds = 0
	}
	if opts.MaxSessions <= 0 {
		opts.MaxSessions = 10000
	}
	h := &handler{
		b: b, now: opts.Now, secure: !opts.InsecureCookies, refresh: opts.RefreshSeconds,
		sessions: newSessionStore(opts.SessionTTL, opts.MaxSessions, opts.Now),
	}
	h.routes = map[string]map[string]http.HandlerFunc{
		pathHome:    {http.MethodGet: h.home},
		pathSignIn:  {http.MethodPost: h.signIn, http.MethodGet: toHome},
		pathSignOut: {http.MethodPost: h.signOut, http.MethodGet: toHome},
		pathLogs:    {http.MethodGet: h.logs},
		pathJSON:    {http.MethodGet: h.statusJSON},
		pathCSS:     {http.MethodGet: serveCSS},
	}
	return h
}

// ServeHTTP sets the security headers every response carries, then routes
// on the path and the method. Anything unknown gets the page's own 404.
func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	hd := w.Header()
	hd.Set("Content-Security-Policy", contentSecurityPolicy)
	hd.Set("X-Frame-Options", "DENY")
	// same-origin rather than no-referrer: under no-referrer browsers send
	// "Origin: null" with our own form posts, which would defeat the
	// Origin check; same-origin still tells other sites nothing.
	hd.Set("Referrer-Policy", "same-origin")
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Cross-Origin-Opener-Policy", "same-origin")
	hd.Set("Cross-Origin-Resource-Policy", "same-origin")
	hd.Set("Cache-Control", "no-store")

	path := r.URL.Path
	if len(path) > len(pathHome) {
		path = strings.TrimRight(path, "/")
	}
	methods, ok := h.routes[path]
	if !ok {
		h.notFound(w, r)
		return
	}
	method := r.Method
	if method == http.MethodHead {
		method = http.MethodGet
	}
	if f, ok := methods[method]; ok {
		f(w, r)
		return
	}
	h.methodNotAllowed(w, r, methods)
}

// toHome sends a browser that asked for a form's target back to the page.
func toHome(w http.ResponseWriter, r *http.Request) {
	http.Redirect(w, r, pathHome, http.StatusSeeOther)
}
