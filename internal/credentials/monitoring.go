package credentials

import (
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strings"
)

// The monitoring token is a second, read-only token that setup prints next
// to the bearer token: it lets Prometheus read /metrics and a monitor read
// /monitoring, and nothing else. The scimsession keeps a salted verifier of
// it, derived as for the bearer token but with its own HKDF info, so the
// two verifiers tell nothing about each other. It opens no credentials.

// MonitoringPrefix starts every monitoring token.
const MonitoringPrefix = "sbm1_"

const monitoringInfo = "scimbridge scimsession monitoring verifier v1"

// NewMonitoringToken draws a monitoring token.
func NewMonitoringToken() (string, error) {
	secret := make([]byte, secretSize)
	if _, err := rand.Read(secret); err != nil {
		return "", fmt.Errorf("credentials: drawing a monitoring token: %w", err)
	}
	return MonitoringPrefix + base64.RawURLEncoding.EncodeToString(secret), nil
}

func parseMonitoringToken(token string) ([]byte, error) {
	enc, ok := strings.CutPrefix(token, MonitoringPrefix)
	if !ok {
		return nil, malformed("monitoring token", "missing \""+MonitoringPrefix+"\" prefix")
	}
	return decodeSecret("monitoring token", enc)
}

// SetMonitoring makes token the session's monitoring token, replacing any.
func (s *Session) SetMonitoring(token string) error {
	secret, err := parseMonitoringToken(token)
	if err != nil {
		return err
	}
	salt := make([]byte, saltSize)
	if _, err := rand.Read(salt); err != nil {
		return fmt.Errorf("credentials: drawing a salt: %w", err)
	}
	v, err := hkdf.Key(sha256.New, secret, salt, monitoringInfo, verifierSize)
	if err != nil {
		return fmt.Errorf("credentials: deriving the monitoring verifier: %w", err)
	}
	s.monitoringSalt, s.monitoringVerifier = salt, v
	return nil
}

// HasMonitoring reports whether the session has a monitoring token.
func (s *Session) HasMonitoring() bool { return s != nil && len(s.monitoringVerifier) == verifierSize }

// VerifyMonitoring checks a monitoring token in constant time.
func (s *Session) VerifyMonitoring(token string) bool {
	if !s.HasMonitoring() || len(s.monitoringSalt) != saltSize {
		return false
	}
	secret, err := parseMonitoringToken(token)
	if err != nil {
		return false
	}
	v, err := hkdf.Key(sha256.New, secret, s.monitoringSalt, monitoringInfo, verifierSize)
	return err == nil && subtle.ConstantTimeCompare(v, s.monitoringVerifier) == 1
}
