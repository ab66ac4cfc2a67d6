package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/scimbridge/scimbridge/internal/account"
	"github.com/scimbridge/scimbridge/internal/scim"
)

// errorServer answers every request with the error err renders to, as the
// real server would.
func errorServer(t *testing.T, err error) *Client {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set(VersionHeader, Version)
		writeError(w, errorFor(err))
	}))
	t.Cleanup(srv.Close)
	return NewClient(srv.URL, "sbk1_key")
}

// TestErrorsRoundTrip sends every kind of error the account returns over
// the wire and checks the client gives back an error of the same kind,
// with the same detail.
func TestErrorsRoundTrip(t *testing.T) {
	tests := []struct {
		name       string
		err        error
		status     int
		code       string
		kind       error // the sentinel the client's error wraps; nil for *scim.Error
		detail     string
		scimType   string
		retryAfter bool
	}{
		{"not found", account.Errorf(account.ErrNotFound, "no person with id %q", "x"), 404, "not_found", account.ErrNotFound, `no person with id "x"`, "", false},
		{"already exists", account.Errorf(account.ErrAlreadyExists, "userName taken"), 409, "already_exists", account.ErrAlreadyExists, "userName taken", "", false},
		{"protected", account.Errorf(account.ErrProtected, "an owner"), 403, "protected", account.ErrProtected, "an owner", "", false},
		{"precondition", account.Errorf(account.ErrPrecondition, "version 3, not 2"), 412, "precondition_failed", account.ErrPrecondition, "version 3, not 2", "", false},
		{"invalid transition", account.Errorf(account.ErrInvalidTransition, "cannot accept"), 409, "invalid_transition", account.ErrInvalidTransition, "cannot accept", "", false},
		{"unauthorized", account.Errorf(account.ErrUnauthorized, "unknown key"), 401, "unauthorized", account.ErrUnauthorized, "unknown key", "", false},
		{"forbidden", account.Errorf(account.ErrForbidden, "not a provision manager"), 403, "forbidden", account.ErrForbidden, "not a provision manager", "", false},
		{"unavailable", account.Errorf(account.ErrUnavailable, "the account database is unavailable"), 503, "unavailable", account.ErrUnavailable, "the account database is unavailable", "", true},
		{"wrapped detail", fmt.Errorf("members operation 0: %w", account.Errorf(account.ErrNotFound, "no group")), 404, "not_found", account.ErrNotFound, "no group", "", false},
		{"bare sentinel keeps internals out", fmt.Errorf("sqlstore: insert: %w: pq: duplicate key secret_column", account.ErrAlreadyExists), 409, "already_exists", account.ErrAlreadyExists, "already exists", "", false},
		{"driver error behind unavailable", fmt.Errorf("sqlstore: ping: %w: dial tcp 10.1.2.3:5432", account.ErrUnavailable), 503, "unavailable", account.ErrUnavailable, "unavailable", "", true},
		{"scim invalid value", scim.BadRequest(scim.ErrInvalidValue, "userName is required"), 400, "invalid", nil, "userName is required", scim.ErrInvalidValue, false},
		{"scim invalid filter", scim.BadRequest(scim.ErrInvalidFilter, "unknown attribute"), 400, "invalid", nil, "unknown attribute", scim.ErrInvalidFilter, false},
		{"scim too many", scim.NewError(413, scim.ErrTooMany, "too many operations"), 413, "invalid", nil, "too many operations", scim.ErrTooMany, false},
		{"scim wrapped", fmt.Errorf("members operation 1: %w", scim.BadRequest(scim.ErrMutability, "immutable")), 400, "invalid", nil, "immutable", scim.ErrMutability, false},
		{"scim 5xx becomes 400", scim.NewError(500, "", "odd"), 400, "invalid", nil, "odd", "", false},
		{"deadline", fmt.Errorf("query: %w", context.DeadlineExceeded), 503, "unavailable", account.ErrUnavailable, "did not answer in time", "", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := errorFor(tc.err)
			if b.Status != tc.status || b.Error != tc.code || b.ScimType != tc.scimType {
				t.Errorf("errorFor = %+v, want status %d code %q scimType %q", b, tc.status, tc.code, tc.scimType)
			}
			_, err := errorServer(t, tc.err).Info(context.Background())
			if tc.kind != nil {
				if !errors.Is(err, tc.kind) {
					t.Fatalf("client error %v, want %v", err, tc.kind)
				}
				if !strings.Contains(err.Error(), tc.detail) {
					t.Errorf("client error %q lost the detail %q", err, tc.detail)
				}
			} else {
				e, ok := scim.AsError(err)
				if !ok || e.Status != tc.status || e.ScimType != tc.scimType || e.Detail != tc.detail {
					t.Errorf("client error %#v, want a *scim.Error %d %q %q", err, tc.status, tc.scimType, tc.detail)
				}
			}
			for _, secret := range []string{"secret_column", "10.1.2.3", "sqlstore"} {
				if strings.Contains(err.Error(), secret) {
					t.Errorf("client error %q leaks %q", err, secret)
				}
			}
		})
	}
}

func TestInternalErrorsSayNothing(t *testing.T) {
	err := fmt.Errorf("sqlstore: scan: password=hunter2 at /var/lib/db")
	b := errorFor(err)
	if b.Status != 500 || b.Error != "internal" || b.Detail != "internal error" {
		t.Errorf("errorFor = %+v", b)
	}
	_, got := errorServer(t, err).Info(context.Background())
	if got == nil || strings.Contains(got.Error(), "hunter2") || errors.Is(got, account.ErrUnavailable) {
		t.Errorf("client error %v: want a plain error without internals", got)
	}
}

// TestForeignErrors checks the client against answers that are not our
// error bodies: a proxy's page, another implementation's, an unknown code.
func TestForeignErrors(t *testing.T) {
	tests := []struct {
		name     string
		status   int
		header   string // the API version header, or "" for none
		body     string
		kind     error
		scimStat int // for *scim.Error answers
	}{
		{"proxy 502", 502, "", "<html>bad gateway</html>", account.ErrUnavailable, 0},
		{"proxy 503", 503, "", "", account.ErrUnavailable, 0},
		{"proxy 504", 504, "", "timeout", account.ErrUnavailable, 0},
		{"plain 404", 404, "", "404 page not found", account.ErrNotFound, 0},
		{"plain 401", 401, "", "", account.ErrUnauthorized, 0},
		{"plain 403", 403, "", "", account.ErrForbidden, 0},
		{"plain 409", 409, "", "", account.ErrAlreadyExists, 0},
		{"plain 412", 412, "", "", account.ErrPrecondition, 0},
		{"plain 400", 400, "", "bad", nil, 400},
		{"unknown code", 422, Version, `{"error":"new_thing","detail":"d","status":422}`, nil, 422},
		{"unknown code on 404", 404, Version, `{"error":"gone_fishing","detail":"d","status":404}`, account.ErrNotFound, 0},
		{"garbage 200", 200, Version, "{not json", account.ErrUnavailable, 0},
		{"HTML 200", 200, "", "<html>login page</html>", account.ErrUnavailable, 0},
		{"newer API version", 200, "2", `{"id":"x"}`, account.ErrUnavailable, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if tc.header != "" {
					w.Header().Set(VersionHeader, tc.header)
				}
				w.WriteHeader(tc.status)
				_, _ = w.Write([]byte(tc.body))
			}))
			defer srv.Close()
			_, err := NewClient(srv.URL, "sbk1_key").Info(context.Background())
			if tc.kind != nil && !errors.Is(err, tc.kind) {
				t.Errorf("error %v, want %v", err, tc.kind)
			}
			if tc.scimStat != 0 {
				if e, ok := scim.AsError(err); !ok || e.Status != tc.scimStat {
					t.Errorf("error %#v, want a *scim.Error with status %d", err, tc.scimStat)
				}
			}
			if errors.Is(err, account.ErrUnavailable) && !strings.Contains(err.Error(), srv.URL) {
				t.Errorf("unavailable error %q does not name the account URL", err)
			}
		})
	}
}
