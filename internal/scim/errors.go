// Package scim holds what every part of the SCIM 2.0 protocol shares: the
// schema URNs and the one error type (RFC 7644 §3.12). The sub-packages
// (filter, schema, patch, quirks) implement the protocol itself; none of them
// knows anything about storage or HTTP servers.
package scim

import (
	"errors"
	"fmt"
	"net/http"
)

// The scimType values of RFC 7644 §3.12, table 9.
const (
	ErrInvalidFilter = "invalidFilter"
	ErrTooMany       = "tooMany"
	ErrUniqueness    = "uniqueness"
	ErrMutability    = "mutability"
	ErrInvalidSyntax = "invalidSyntax"
	ErrInvalidPath   = "invalidPath"
	ErrNoTarget      = "noTarget"
	ErrInvalidValue  = "invalidValue"
	ErrInvalidVers   = "invalidVers"
	ErrSensitive     = "sensitive"
)

// Error is a SCIM error response: an HTTP status, an optional scimType and a
// human-readable detail. Every error the protocol packages return is an
// *Error, so the HTTP layer renders them without guessing.
type Error struct {
	Status   int    // HTTP status code
	ScimType string // one of the Err* constants, or "" when the status says it all
	Detail   string // for humans; never contains secrets
}

func (e *Error) Error() string {
	if e.ScimType != "" {
		return fmt.Sprintf("scim %d %s: %s", e.Status, e.ScimType, e.Detail)
	}
	return fmt.Sprintf("scim %d: %s", e.Status, e.Detail)
}

// NewError builds an error with the given status and scimType.
func NewError(status int, scimType, format string, args ...any) *Error {
	return &Error{Status: status, ScimType: scimType, Detail: fmt.Sprintf(format, args...)}
}

// BadRequest builds a 400 error with the given scimType.
func BadRequest(scimType, format string, args ...any) *Error {
	return NewError(http.StatusBadRequest, scimType, format, args...)
}

// NotFound builds a 404 error.
func NotFound(format string, args ...any) *Error {
	return NewError(http.StatusNotFound, "", format, args...)
}

// AsError reports whether err is (or wraps) a *Error and returns it.
func AsError(err error) (*Error, bool) {
	var e *Error
	if errors.As(err, &e) {
		return e, true
	}
	return nil, false
}
