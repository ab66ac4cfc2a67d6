package bridge

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"github.com/scimbridge/scimbridge/internal/account"
	"github.com/scimbridge/scimbridge/internal/obs"
	"github.com/scimbridge/scimbridge/internal/scim"
)

// RequestID returns the id of the request the context belongs to (kept by
// package obs, whose log handler adds it to every line logged with the
// context).
func RequestID(ctx context.Context) string { return obs.RequestID(ctx) }

// observe wraps every request: it gives it an id (X-Request-Id, also in
// every log line and audit event), tolerates a trailing slash, logs the
// outcome, and turns a panic into a plain 500 instead of a dropped
// connection.
func (s *Server) observe(mux *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := s.cfg.Now()
		id := requestID(r)
		w.Header().Set("X-Request-Id", id)
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("X-Content-Type-Options", "nosniff")

		provider := providerOf(r)
		ctx := obs.WithRequestID(r.Context(), id)
		ctx = account.WithActor(ctx, account.Actor{RequestID: id, Provider: provider.name})
		ctx = context.WithValue(ctx, loggerKey{}, s.log)
		r = r.WithContext(ctx)
		// Entra ID's reference tests ask for /Users/?filter=…: a trailing
		// slash names the same resource.
		if p := r.URL.Path; len(p) > 1 && strings.HasSuffix(p, "/") {
			r.URL.Path = strings.TrimRight(p, "/")
			r.URL.RawPath = ""
		}

		rec := &recorder{ResponseWriter: w, status: http.StatusOK}
		defer func() {
			if v := recover(); v != nil {
				s.log.ErrorContext(ctx, "panic serving request", "request_id", id, "panic", v)
				if !rec.wrote {
					writeError(rec, r, errInternal)
				}
			}
			elapsed := s.cfg.Now().Sub(start)
			_, route := mux.Handler(r)
			if route == "" || route == "/" {
				route = "unknown" // keep raw paths out of the series
			}
			op := operation(r.Method, route)
			method := methodLabel(r.Method)
			s.metrics.Requests.WithLabelValues(route, method, strconv.Itoa(rec.status), provider.label).Inc()
			s.metrics.Duration.WithLabelValues(route, method).Observe(elapsed.Seconds())
			if op != "" && op != bulkOperation {
				// A Bulk's operations count one by one (observeBulkOp).
				s.metrics.Operations.WithLabelValues(op, result(rec.status)).Inc()
			}
			level := slog.LevelInfo
			if r.URL.Path == "/ping" || r.URL.Path == "/metrics" {
				level = slog.LevelDebug
			}
			attrs := []any{"request_id", id, "method", r.Method, "path", r.URL.Path, "status", rec.status,
				"duration_ms", float64(elapsed.Microseconds()) / 1000, "provider", provider.name, "client", clientAddr(r)}
			if op != "" {
				attrs = append(attrs, "operation", op)
			}
			s.log.Log(ctx, level, "request", attrs...)
		}()
		if wait := s.limiter.take(r); wait > 0 {
			rec.Header().Set("Retry-After", strconv.Itoa(wait))
			writeError(rec, r, scim.NewError(http.StatusTooManyRequests, "",
				"too many requests from this address (more than %d a second); retry after %d seconds", s.cfg.RateLimit, wait))
			return
		}
		mux.ServeHTTP(rec, r)
	})
}

// bulkOperation is what operation names a Bulk request, in its log line.
// It is not counted in the operations series: its operations are, each as
// what it is.
const bulkOperation = "bulk"

// operation names the provisioning operation a request is (user.create,
// group.patch, bulk), or "" for reads and everything else.
func operation(method, route string) string {
	for _, p := range scimPrefixes {
		if p != "" && strings.HasPrefix(route, p+"/") {
			route = route[len(p):]
			break
		}
	}
	var kind string
	switch {
	case strings.HasPrefix(route, "/Users"):
		kind = "user"
	case strings.HasPrefix(route, "/Groups"):
		kind = "group"
	case route == "/Bulk" && method == http.MethodPost:
		return bulkOperation
	default:
		return ""
	}
	collection := !strings.Contains(route, "{id}")
	switch {
	case method == http.MethodPost && collection && !strings.HasSuffix(route, ".search"):
		return kind + ".create"
	case method == http.MethodPut && !collection:
		return kind + ".replace"
	case method == http.MethodPatch && !collection:
		return kind + ".patch"
	case method == http.MethodDelete && !collection:
		return kind + ".delete"
	}
	return ""
}

// result classes a status for the operations series.
func result(status int) string {
	switch {
	case status < 400:
		return "ok"
	case status < 500:
		return "client_error"
	}
	return "server_error"
}

// requestID keeps a well-formed id the client sent (so a provider's
// request id can be followed through our logs), else makes one.
func requestID(r *http.Request) string {
	if id := r.Header.Get("X-Request-Id"); id != "" && len(id) <= 64 && printable(id) {
		return id
	}
	return newRequestID()
}

func newRequestID() string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

func printable(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < '!' || c > '~' {
			return false
		}
	}
	return true
}

// provider is who sent a request, from its User-Agent: a name for the logs
// and the audit log (a known provider's name, else the User-Agent's product
// token), and a label for the metrics from a closed set, since anyone,
// authenticated or not, chooses their User-Agent and each label value is
// a series of its own.
type provider struct {
	name  string
	label string // okta, entra, onelogin, jumpcloud, google, scimbridge-bench or other
}

// providerOf names the identity provider behind a request. The detection
// is the one the quirks use (quirks.PatchWantsResource: "okta" anywhere in
// the User-Agent), plus Entra ID's own query parameter.
func providerOf(r *http.Request) provider {
	ua := r.Header.Get("User-Agent")
	l := strings.ToLower(ua)
	switch {
	case strings.Contains(l, "okta"):
		return provider{"Okta", "okta"}
	case strings.Contains(l, "microsoft"), strings.Contains(l, "azure"), r.URL.Query().Has("aadOptscim062020"):
		return provider{"Microsoft Entra ID", "entra"}
	case strings.Contains(l, "onelogin"):
		return provider{"OneLogin", "onelogin"}
	case strings.Contains(l, "jumpcloud"):
		return provider{"JumpCloud", "jumpcloud"}
	case strings.Contains(l, "google"):
		return provider{"Google Workspace", "google"}
	case strings.HasPrefix(l, "scimbridge-bench"):
		return provider{"scimbridge-bench", "scimbridge-bench"}
	case ua == "":
		return provider{"unknown", "other"}
	}
	// The product token only: user agents can be long and carry details.
	name, _, _ := strings.Cut(ua, " ")
	if len(name) > 40 {
		name = name[:40]
	}
	return provider{name, "other"}
}

// methodLabel bounds the metrics' method label the same way: a client may
// send any token as its method.
func methodLabel(m string) string {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete, http.MethodOptions:
		return m
	}
	return "other"
}

// clientAddr is the client's address as the connection shows it.
func clientAddr(r *http.Request) string {
	host := r.RemoteAddr
	if i := strings.LastIndexByte(host, ':'); i >= 0 {
		host = host[:i]
	}
	return strings.Trim(host, "[]")
}

// recorder remembers the status written, for the log line.
type recorder struct {
	http.ResponseWriter
	status int
	wrote  bool
}

func (r *recorder) WriteHeader(code int) {
	if !r.wrote {
		r.status, r.wrote = code, true
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(b []byte) (int, error) {
	r.wrote = true
	return r.ResponseWriter.Write(b)
}

func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }
