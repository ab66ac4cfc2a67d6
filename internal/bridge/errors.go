package bridge

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"github.com/scimbridge/scimbridge/internal/account"
	"github.com/scimbridge/scimbridge/internal/scim"
)

// errInternal is what a client sees of an unexpected failure: nothing of
// its internals.
var errInternal = &scim.Error{Status: http.StatusInternalServerError, Detail: "internal error"}

// retryAfterSeconds is what the bridge asks a provider to wait when the
// account is unavailable.
const retryAfterSeconds = 5

// toSCIM turns any error into the SCIM error the client sees. Account
// errors map by kind; anything unknown becomes a 500 without details.
func toSCIM(err error) *scim.Error {
	if e, ok := scim.AsError(err); ok {
		return e
	}
	var ae *account.Error
	detail := err.Error()
	if errors.As(err, &ae) {
		detail = ae.Detail
	}
	switch {
	case errors.Is(err, account.ErrNotFound):
		return &scim.Error{Status: http.StatusNotFound, Detail: detail}
	case errors.Is(err, account.ErrAlreadyExists):
		return &scim.Error{Status: http.StatusConflict, ScimType: scim.ErrUniqueness, Detail: detail}
	case errors.Is(err, account.ErrPrecondition):
		return &scim.Error{Status: http.StatusPreconditionFailed, Detail: detail}
	case errors.Is(err, account.ErrProtected):
		return &scim.Error{Status: http.StatusForbidden, Detail: detail}
	case errors.Is(err, account.ErrInvalidTransition):
		return &scim.Error{Status: http.StatusConflict, Detail: detail}
	case errors.Is(err, account.ErrUnauthorized):
		return &scim.Error{Status: http.StatusUnauthorized, Detail: "the bridge's credentials were refused by the account (revoked?); regenerate them with scimbridge setup --regenerate"}
	case errors.Is(err, account.ErrForbidden):
		return &scim.Error{Status: http.StatusForbidden, Detail: detail}
	case errors.Is(err, account.ErrUnavailable):
		return &scim.Error{Status: http.StatusServiceUnavailable, Detail: "the account service is unavailable; try again shortly"}
	}
	return errInternal
}

// writeError renders err as a SCIM error response (RFC 7644 §3.12).
func writeError(w http.ResponseWriter, r *http.Request, err error) {
	e := toSCIM(err)
	// A failure is logged as an error. 501 is not one: it is the expected
	// answer to what the bridge does not implement (/Me, RFC 7644 §3.11),
	// and the request's own line (info) records it.
	if e == errInternal || (e.Status >= 500 && e.Status != http.StatusNotImplemented) {
		logger(r).ErrorContext(r.Context(), "request failed", "request_id", RequestID(r.Context()), "error", err)
	}
	switch e.Status {
	case http.StatusServiceUnavailable, http.StatusTooManyRequests:
		if w.Header().Get("Retry-After") == "" {
			w.Header().Set("Retry-After", strconv.Itoa(retryAfterSeconds))
		}
	case http.StatusUnauthorized:
		w.Header().Set("WWW-Authenticate", `Bearer realm="scimbridge"`)
	}
	writeJSON(w, e.Status, errorBody(e))
}

// errorBody is the SCIM Error message of e (RFC 7644 §3.12).
func errorBody(e *scim.Error) map[string]any {
	body := map[string]any{
		"schemas": []string{scim.ErrorMessage},
		"status":  strconv.Itoa(e.Status),
		"detail":  e.Detail,
	}
	if e.ScimType != "" {
		body["scimType"] = e.ScimType
	}
	return body
}

// writeJSON writes a SCIM JSON response.
func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status, b = http.StatusInternalServerError, []byte(`{"schemas":["`+scim.ErrorMessage+`"],"status":"500","detail":"internal error"}`)
	}
	w.Header().Set("Content-Type", "application/scim+json; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// writePlainJSON writes JSON that is not a SCIM message (/health,
// /monitoring).
func writePlainJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status, b = http.StatusInternalServerError, []byte(`{"status":"internal error"}`)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

func errNoRoute(r *http.Request) error {
	return scim.NotFound("no SCIM endpoint at %s", truncate(r.URL.Path))
}

func methodNotAllowed(methods []string) http.Handler {
	allow := strings.Join(methods, ", ")
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Allow", allow)
		writeError(w, r, scim.NewError(http.StatusMethodNotAllowed, "", "%s is not allowed here; use %s", r.Method, allow))
	})
}

type loggerKey struct{}

func logger(r *http.Request) *slog.Logger {
	if l, ok := r.Context().Value(loggerKey{}).(*slog.Logger); ok {
		return l
	}
	return slog.Default()
}

func truncate(s string) string {
	if len(s) > 100 {
		return s[:100] + "…"
	}
	return s
}
