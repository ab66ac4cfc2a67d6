package account

import (
	"errors"
	"fmt"
)

// Sentinel errors. Everything the account returns wraps one of them (test
// with errors.Is) or is a *scim.Error describing bad input.
var (
	ErrNotFound      = errors.New("not found")
	ErrAlreadyExists = errors.New("already exists")
	// ErrProtected refuses a change the account's rules forbid, such as
	// suspending an owner or changing a built-in group.
	ErrProtected = errors.New("protected")
	// ErrPrecondition means the resource changed since the caller read it
	// (its version no longer matches).
	ErrPrecondition = errors.New("precondition failed")
	// ErrInvalidTransition refuses a state change the state machine forbids.
	ErrInvalidTransition = errors.New("invalid state transition")
	// ErrUnauthorized means the credential is unknown, wrong or revoked.
	ErrUnauthorized = errors.New("unauthorized")
	// ErrForbidden means the credential may not do this.
	ErrForbidden = errors.New("forbidden")
	// ErrUnavailable means the account (or its database) cannot answer now;
	// the caller may retry.
	ErrUnavailable = errors.New("unavailable")
)

// Error is an account error with a human detail: it wraps one of the
// sentinels, and its message is the detail alone, fit to show a caller.
type Error struct {
	Kind   error
	Detail string
}

func (e *Error) Error() string { return e.Detail }
func (e *Error) Unwrap() error { return e.Kind }

// Errorf returns an *Error of the given kind.
func Errorf(kind error, format string, args ...any) error {
	return &Error{Kind: kind, Detail: fmt.Sprintf(format, args...)}
}
