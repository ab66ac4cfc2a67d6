package credentials

import (
	"fmt"
	"log/slog"
)

// redacted stands in for a secret in String, GoString and LogValue output.
const redacted = "[redacted]"

// Unlocked is what a scimsession protects: the integration's credential id
// and its account API key. The bridge keeps it in memory only. Its String,
// GoString and LogValue never show the API key.
type Unlocked struct {
	CredentialID string `json:"credentialId"`
	APIKey       string `json:"apiKey"` // the account API key of the integration
}

// String describes u without its API key.
func (u Unlocked) String() string {
	return "credentials.Unlocked{CredentialID: " + u.CredentialID + ", APIKey: " + redacted + "}"
}

// GoString is String, so that %#v redacts too.
func (u Unlocked) GoString() string { return u.String() }

// LogValue implements slog.LogValuer: the credential id, never the key.
func (u Unlocked) LogValue() slog.Value {
	return slog.GroupValue(slog.String("credentialId", u.CredentialID), slog.String("apiKey", redacted))
}

// String describes the session's clear-text fields only; the verifier and
// the encrypted credentials are scimsession contents and stay out of logs.
func (s *Session) String() string {
	if s == nil {
		return "credentials.Session(nil)"
	}
	return fmt.Sprintf("credentials.Session{Version: %d, AccountURL: %q, CredentialID: %s, Created: %s}",
		s.Version, s.AccountURL, s.CredentialID, s.Created.UTC().Format(timeFormat))
}

// GoString is String, so that %#v redacts too.
func (s *Session) GoString() string { return s.String() }

// LogValue implements slog.LogValuer with the clear-text fields only.
func (s *Session) LogValue() slog.Value {
	if s == nil {
		return slog.StringValue("<nil>")
	}
	return slog.GroupValue(
		slog.Int("version", s.Version),
		slog.String("accountURL", s.AccountURL),
		slog.String("credentialId", s.CredentialID),
		slog.Time("created", s.Created),
	)
}
