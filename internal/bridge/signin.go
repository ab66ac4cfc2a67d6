package bridge

import (
	"context"
	"errors"
	"fmt"
)

// The status page signs people in with the bearer token; these are the
// checks it uses, the same as for SCIM requests.

// ErrWrongToken means a token is not this bridge's bearer token.
var ErrWrongToken = errors.New("the bearer token is not valid for this bridge")

// RateLimited means an address failed too often; it may try again after
// Wait seconds.
type RateLimited struct{ Wait int }

func (e *RateLimited) Error() string {
	return fmt.Sprintf("too many failed attempts from this address; try again in %d seconds", e.Wait)
}

// SignIn checks a bearer token typed into the status page: limited per
// client address, in constant time. A valid token unlocks the credentials,
// as an identity provider's first request does. It returns ErrNoSession,
// *RateLimited, ErrWrongToken, or an error connecting to the account.
func (s *Server) SignIn(ctx context.Context, client, token string) error {
	a := s.auth
	if wait := a.limiter.blocked(client); wait > 0 {
		return &RateLimited{Wait: wait}
	}
	session, err := a.session()
	if err != nil {
		return ErrNoSession
	}
	if !session.Verify(token) && a.reload() {
		session, _ = s.cfg.Session.Session()
	}
	if !session.Verify(token) {
		a.limiter.fail(client)
		s.metrics.AuthFailures.Inc()
		s.log.WarnContext(ctx, "status page sign-in failed", "client", client)
		return ErrWrongToken
	}
	_, err = a.service(ctx, session, token)
	return err
}

// TokenValid reports whether a token still opens this bridge (a status
// page session ends when setup --regenerate replaces the credentials).
func (s *Server) TokenValid(token string) bool {
	session, err := s.auth.session()
	if err != nil {
		return false
	}
	if !session.Verify(token) && s.auth.reload() {
		session, _ = s.cfg.Session.Session()
	}
	return session.Verify(token)
}
