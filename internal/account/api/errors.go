package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/scimbridge/scimbridge/internal/account"
	"github.com/scimbridge/scimbridge/internal/scim"
)

// errorBody is every error response of the API.
type errorBody struct {
	Error    string `json:"error"`
	Detail   string `json:"detail"`
	ScimType string `json:"scimType,omitempty"`
	Status   int    `json:"status"`
}

// The error codes of docs/account-api.md beyond the account's sentinels.
const (
	codeInvalid          = "invalid"
	codeInternal         = "internal"
	codeMethodNotAllowed = "method_not_allowed"
	codeUnavailable      = "unavailable"
)

// sentinels maps the account's sentinel errors to codes and statuses, in the
// order the server tests them: unavailable first, because a database that is
// down is the truth whatever else an error says.
var sentinels = []struct {
	err    error
	code   string
	status int
}{
	{account.ErrUnavailable, codeUnavailable, http.StatusServiceUnavailable},
	{account.ErrNotFound, "not_found", http.StatusNotFound},
	{account.ErrAlreadyExists, "already_exists", http.StatusConflict},
	{account.ErrProtected, "protected", http.StatusForbidden},
	{account.ErrPrecondition, "precondition_failed", http.StatusPreconditionFailed},
	{account.ErrInvalidTransition, "invalid_transition", http.StatusConflict},
	{account.ErrUnauthorized, "unauthorized", http.StatusUnauthorized},
	{account.ErrForbidden, "forbidden", http.StatusForbidden},
}

// retryAfterSeconds is the Retry-After of unavailable responses.
const retryAfterSeconds = 5

// errorFor renders err as an error body. Details come from *account.Error
// and *scim.Error values only, which are written for callers; anything else
// (a driver's message, a wrapped internal error) becomes its sentinel's
// plain text or "internal error", so nothing internal leaves the server.
func errorFor(err error) errorBody {
	for _, s := range sentinels {
		if errors.Is(err, s.err) {
			detail := s.err.Error()
			var ae *account.Error
			if errors.As(err, &ae) && ae.Kind == s.err && ae.Detail != "" {
				detail = ae.Detail
			}
			return errorBody{Error: s.code, Detail: detail, Status: s.status}
		}
	}
	if e, ok := scim.AsError(err); ok {
		status := e.Status
		if status < 400 || status > 499 {
			status = http.StatusBadRequest
		}
		return errorBody{Error: codeInvalid, Detail: e.Detail, ScimType: e.ScimType, Status: status}
	}
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		return errorBody{Error: codeUnavailable, Detail: "the account did not answer in time", Status: http.StatusServiceUnavailable}
	}
	return errorBody{Error: codeInternal, Detail: "internal error", Status: http.StatusInternalServerError}
}

// errorFromBody turns an error response back into the error the account
// returned: a sentinel-wrapping *account.Error, a *scim.Error for bad
// input, or ErrUnavailable. status is the HTTP status; b is the decoded
// body, or nil when the response held none of ours (a proxy's page).
func (c *Client) errorFromBody(status int, b *errorBody) error {
	detail := ""
	if b != nil {
		detail = clip(b.Detail)
	}
	if status == http.StatusBadGateway || status == http.StatusServiceUnavailable || status == http.StatusGatewayTimeout {
		if detail == "" {
			detail = http.StatusText(status)
		}
		return c.unavailable(detail)
	}
	if b != nil {
		for _, s := range sentinels {
			if b.Error == s.code {
				return &account.Error{Kind: s.err, Detail: orText(detail, s.err.Error())}
			}
		}
		if b.Error == codeInvalid && status >= 400 && status <= 499 {
			return &scim.Error{Status: status, ScimType: b.ScimType, Detail: detail}
		}
	}
	// Not a code we know (a newer server, another implementation, a proxy):
	// judge by the status alone.
	for _, s := range sentinels {
		if s.status == status && s.err != account.ErrProtected && s.err != account.ErrInvalidTransition {
			return &account.Error{Kind: s.err, Detail: orText(detail, s.err.Error())}
		}
	}
	if status >= 400 && status <= 499 {
		return &scim.Error{Status: status, Detail: orText(detail, http.StatusText(status))}
	}
	return fmt.Errorf("account service at %s: HTTP %d: %s", c.display, status, orText(detail, http.StatusText(status)))
}

// unavailable is the error of an account that cannot answer now.
func (c *Client) unavailable(detail string) error {
	return &account.Error{Kind: account.ErrUnavailable, Detail: fmt.Sprintf("account service at %s is unavailable: %s", c.display, detail)}
}

func orText(s, fallback string) string {
	if s == "" {
		return fallback
	}
	return s
}

// clip keeps a detail from another server to a readable length.
func clip(s string) string {
	const most = 1024
	s = strings.ToValidUTF8(s, "\uFFFD")
	if len(s) <= most {
		return s
	}
	cut := most
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}
