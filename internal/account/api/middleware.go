package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/scimbridge/scimbridge/internal/obs"
)

// middleware wraps the routes with what every response shares: the version
// header, JSON error bodies for unknown routes and wrong methods, recovery
// from panics and a debug log line.
func (s *server) middleware(mux *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		h := w.Header()
		h.Set(VersionHeader, Version)
		// Responses hold personal data and, once, API keys.
		h.Set("Cache-Control", "no-store")
		h.Set("X-Content-Type-Options", "nosniff")

		_, route := mux.Handler(r)
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.ErrorContext(r.Context(), "account API handler panicked",
					"route", route, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
				if !sw.wrote {
					writeError(sw, errorBody{Error: codeInternal, Detail: "internal error", Status: http.StatusInternalServerError})
				}
			}
			s.log.DebugContext(r.Context(), "account API request",
				"method", r.Method, "route", orText(route, "(none)"), "status", sw.status,
				"duration", time.Since(start), "request_id", cleanHeader(r.Header.Get(RequestIDHeader)))
		}()
		if route == "" {
			unmatched(sw, r, mux)
			return
		}
		// Lines the account logs for the request carry the bridge's id.
		if id := cleanHeader(r.Header.Get(RequestIDHeader)); id != "" {
			r = r.WithContext(obs.WithRequestID(r.Context(), id))
		}
		mux.ServeHTTP(sw, r)
	})
}

// unmatched answers a request no route takes, with the mux's verdict (404
// or 405 and its Allow header) in our error body.
func unmatched(w http.ResponseWriter, r *http.Request, mux *http.ServeMux) {
	c := &discardWriter{header: http.Header{}}
	mux.ServeHTTP(c, r)
	if c.status == http.StatusMethodNotAllowed {
		w.Header().Set("Allow", c.header.Get("Allow"))
		writeError(w, errorBody{
			Error:  codeMethodNotAllowed,
			Detail: fmt.Sprintf("method %s is not allowed here; allowed: %s", clipShort(r.Method), c.header.Get("Allow")),
			Status: http.StatusMethodNotAllowed,
		})
		return
	}
	writeError(w, errorBody{
		Error:  "not_found",
		Detail: fmt.Sprintf("%s is not a route of the account API (version %s)", clipShort(r.URL.Path), Version),
		Status: http.StatusNotFound,
	})
}

// fail renders err; the errors behind 500 and 503 responses are logged
// here, since their bodies say nothing of the cause.
func (s *server) fail(w http.ResponseWriter, r *http.Request, err error) {
	b := errorFor(err)
	attrs := []any{"method", r.Method, "route", r.Pattern, "status", b.Status, "error", err,
		"request_id", cleanHeader(r.Header.Get(RequestIDHeader))}
	switch b.Error {
	case codeInternal:
		s.log.ErrorContext(r.Context(), "account API request failed", attrs...)
	case codeUnavailable:
		s.log.WarnContext(r.Context(), "account API request failed", attrs...)
	default:
		s.log.DebugContext(r.Context(), "account API request refused", attrs...)
	}
	writeError(w, b)
}

func writeError(w http.ResponseWriter, b errorBody) {
	switch b.Status {
	case http.StatusServiceUnavailable:
		w.Header().Set("Retry-After", strconv.Itoa(retryAfterSeconds))
	case http.StatusUnauthorized:
		w.Header().Set("WWW-Authenticate", `Bearer realm="scimbridge account"`)
	}
	writeJSON(w, b.Status, b)
}

// writeJSON encodes v before writing anything, so a value that cannot be
// encoded gives a clean 500 instead of half a body.
func writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // JSON for programs, not for HTML pages
	if err := enc.Encode(v); err != nil {
		status = http.StatusInternalServerError
		buf.Reset()
		_ = json.NewEncoder(&buf).Encode(errorBody{Error: codeInternal, Detail: "internal error", Status: status})
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// statusWriter remembers the status of the response.
type statusWriter struct {
	http.ResponseWriter
	status int
	wrote  bool
}

func (w *statusWriter) WriteHeader(status int) {
	if !w.wrote {
		w.status, w.wrote = status, true
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if !w.wrote {
		w.status, w.wrote = http.StatusOK, true
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// discardWriter records a status and headers and drops the body.
type discardWriter struct {
	header http.Header
	status int
}

func (w *discardWriter) Header() http.Header { return w.header }

func (w *discardWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return len(b), nil
}

func (w *discardWriter) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
}

// cleanHeader makes a header value safe to log and to keep in the audit
// log: printable ASCII, at most 128 bytes.
func cleanHeader(s string) string {
	s = strings.TrimSpace(s)
	var b strings.Builder
	for i := 0; i < len(s) && b.Len() < 128; i++ {
		if c := s[i]; c >= 0x20 && c < 0x7f {
			b.WriteByte(c)
		}
	}
	return b.String()
}

// clipShort keeps what a client sent short enough to quote in a detail.
func clipShort(s string) string {
	if len(s) > 100 {
		return strings.ToValidUTF8(s[:100], "") + "…"
	}
	return s
}
