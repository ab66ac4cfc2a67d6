package credentials

import "errors"

// The sentinel errors. Test for them with errors.Is.
var (
	// ErrWrongToken means the bearer token does not open the scimsession:
	// it was issued with another scimsession, or it is malformed (then the
	// error also matches ErrMalformed).
	ErrWrongToken = errors.New("credentials: bearer token does not match the scimsession")
	// ErrCorrupt means the token matches the verifier but the encrypted
	// credentials do not decrypt under it: the file was altered or damaged.
	ErrCorrupt = errors.New("credentials: scimsession is corrupt: its credentials do not decrypt")
	// ErrMalformed means a token, an API key or a scimsession is not in the
	// expected format.
	ErrMalformed = errors.New("credentials: malformed")
)

// malformedError describes what is wrong with a value without quoting the
// value, which may be a secret.
type malformedError struct {
	what string // e.g. "bearer token"
	why  string // e.g. "missing \"sbt1_\" prefix"
}

func malformed(what, why string) error { return &malformedError{what: what, why: why} }

func (e *malformedError) Error() string {
	return "credentials: malformed " + e.what + ": " + e.why
}

// Is makes errors.Is(err, ErrMalformed) true.
func (e *malformedError) Is(target error) bool { return target == ErrMalformed }
