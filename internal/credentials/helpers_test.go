package credentials

import (
	"encoding/base64"
	"strings"
	"testing"
	"time"
)

// testNow is a fixed sealing time, so sessions compare equal across runs.
var testNow = time.Date(2025, 3, 14, 15, 9, 26, 535897932, time.FixedZone("CET", 3600))

// sealed is a fresh credentials pair and what it protects.
type sealed struct {
	token    string
	unlocked Unlocked
	session  *Session
}

// newSealed makes a pair the way setup does: an API key for the
// integration credential, a token, and the scimsession sealing the key.
func newSealed(t testing.TB, accountURL string) sealed {
	t.Helper()
	const id = "7f3c2a10-5b8e-4d2f-9a61-0c4e8b2d1f00"
	key, _, _, err := NewAPIKey(id)
	if err != nil {
		t.Fatalf("NewAPIKey: %v", err)
	}
	token, err := NewToken()
	if err != nil {
		t.Fatalf("NewToken: %v", err)
	}
	u := Unlocked{CredentialID: id, APIKey: key}
	s, err := Seal(token, accountURL, u, testNow)
	if err != nil {
		t.Fatalf("Seal: %v", err)
	}
	return sealed{token: token, unlocked: u, session: s}
}

// secretsOf lists every spelling of the pair's secrets that must never show
// up in files other than their own, in errors or in logs.
func (p sealed) secretsOf(t testing.TB) []string {
	t.Helper()
	secret, err := ParseToken(p.token)
	if err != nil {
		t.Fatalf("ParseToken: %v", err)
	}
	_, keySecret, err := ParseAPIKey(p.unlocked.APIKey)
	if err != nil {
		t.Fatalf("ParseAPIKey: %v", err)
	}
	return []string{
		p.token,
		strings.TrimPrefix(p.token, TokenPrefix),
		base64.StdEncoding.EncodeToString(secret),
		base64.RawStdEncoding.EncodeToString(secret),
		string(secret),
		p.unlocked.APIKey,
		base64.RawURLEncoding.EncodeToString(keySecret),
		base64.StdEncoding.EncodeToString(keySecret),
		string(keySecret),
	}
}

// assertNoSecrets fails when text holds any of the secrets.
func assertNoSecrets(t testing.TB, what, text string, secrets []string) {
	t.Helper()
	for _, s := range secrets {
		if s != "" && strings.Contains(text, s) {
			t.Errorf("%s contains a secret (%d bytes long)", what, len(s))
		}
	}
}
