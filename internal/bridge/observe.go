package bridge

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net/http"
	"strings"

	"github.com/scimbridge/scimbridge/internal/account"
)

type requestIDKey struct{}

// RequestID returns the id of the request the context belongs to.
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

// observe wraps every request: it gives it an id (X-Request-Id, also in
// every log line and audit event), tolerates a trailing slash, logs the
// outcome, and turns a panic into a plain 500 instead of a dropped
// connection.
func (s *Server) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := s.cfg.Now()
		id := requestID(r)
		w.Header().Set("X-Request-Id", id)
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("X-Content-Type-Options", "nosniff")

		provider := providerOf(r)
		ctx := context.WithValue(r.Context(), requestIDKey{}, id)
		ctx = account.WithActor(ctx, account.Actor{RequestID: id, Provider: provider})
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
			level := slog.LevelInfo
			if r.URL.Path == "/ping" {
				level = slog.LevelDebug
			}
			s.log.Log(ctx, level, "request",
				"request_id", id, "method", r.Method, "path", r.URL.Path, "status", rec.status,
				"duration_ms", float64(s.cfg.Now().Sub(start).Microseconds())/1000, "provider", provider,
				"client", clientAddr(r))
		}()
		next.ServeHTTP(rec, r)
	})
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

// providerOf names the identity provider behind a request, from its
// User-Agent, for logs and the audit log.
func providerOf(r *http.Request) string {
	ua := r.Header.Get("User-Agent")
	l := strings.ToLower(ua)
	switch {
	case strings.Contains(l, "okta"):
		return "Okta"
	case strings.Contains(l, "microsoft"), strings.Contains(l, "azure"), r.URL.Query().Has("aadOptscim062020"):
		return "Microsoft Entra ID"
	case strings.Contains(l, "onelogin"):
		return "OneLogin"
	case strings.Contains(l, "jumpcloud"):
		return "JumpCloud"
	case strings.Contains(l, "google"):
		return "Google Workspace"
	case ua == "":
		return "unknown"
	}
	// The product token only: user agents can be long and carry details.
	name, _, _ := strings.Cut(ua, " ")
	if len(name) > 40 {
		name = name[:40]
	}
	return name
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
