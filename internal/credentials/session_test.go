package credentials

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"
)

func TestSealOpen(t *testing.T) {
	for _, accountURL := range []string{"http://127.0.0.1:3003", "https://account.example.com/base", ""} {
		t.Run(accountURL, func(t *testing.T) {
			p := newSealed(t, accountURL)
			s := p.session
			if s.Version != 1 || s.AccountURL != accountURL || s.CredentialID != p.unlocked.CredentialID {
				t.Errorf("clear text = %v", s)
			}
			if want := testNow.UTC().Truncate(time.Second); !s.Created.Equal(want) || s.Created.Location() != time.UTC {
				t.Errorf("Created = %v, want %v in UTC", s.Created, want)
			}
			if !s.Verify(p.token) {
				t.Fatal("Verify rejected the right token")
			}
			got, err := s.Open(p.token)
			if err != nil {
				t.Fatalf("Open: %v", err)
			}
			if got != p.unlocked {
				t.Errorf("Open = %v, want %v", got, p.unlocked)
			}
		})
	}
}

func TestSealIsRandomised(t *testing.T) {
	p := newSealed(t, "http://127.0.0.1:3003")
	again, err := Seal(p.token, p.session.AccountURL, p.unlocked, testNow)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(again.salt, p.session.salt) || bytes.Equal(again.nonce, p.session.nonce) ||
		bytes.Equal(again.verifier, p.session.verifier) || bytes.Equal(again.ciphertext, p.session.ciphertext) {
		t.Error("sealing twice repeated a salt, nonce, verifier or ciphertext")
	}
	if bytes.Equal(p.session.verifier, p.session.ciphertext[:32]) {
		t.Error("verifier equals the start of the ciphertext")
	}
}

func TestWrongTokens(t *testing.T) {
	p := newSealed(t, "http://127.0.0.1:3003")
	other, err := NewToken()
	if err != nil {
		t.Fatal(err)
	}
	// One bit changed in the last byte of the secret.
	secret, _ := ParseToken(p.token)
	secret[31] ^= 1
	nearby := TokenPrefix + base64.RawURLEncoding.EncodeToString(secret)

	tests := []struct {
		name      string
		token     string
		malformed bool
	}{
		{"another token", other, false},
		{"one bit off", nearby, false},
		{"empty", "", true},
		{"wrong prefix", "sbk1_" + strings.TrimPrefix(p.token, TokenPrefix), true},
		{"bad base64", TokenPrefix + strings.Repeat("*", 43), true},
		{"short", p.token[:len(p.token)-2], true},
		{"trailing newline", p.token + "\n", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if p.session.Verify(tt.token) {
				t.Error("Verify accepted it")
			}
			u, err := p.session.Open(tt.token)
			if !errors.Is(err, ErrWrongToken) {
				t.Fatalf("Open error = %v, want ErrWrongToken", err)
			}
			if errors.Is(err, ErrMalformed) != tt.malformed {
				t.Errorf("errors.Is(err, ErrMalformed) = %v, want %v", !tt.malformed, tt.malformed)
			}
			if u != (Unlocked{}) {
				t.Errorf("Open returned credentials with its error")
			}
			assertNoSecrets(t, "error", err.Error(), append(p.secretsOf(t), tt.token))
		})
	}
}

func TestSessionsDoNotOpenEachOther(t *testing.T) {
	a := newSealed(t, "http://127.0.0.1:3003")
	b := newSealed(t, "http://127.0.0.1:3003")
	for _, c := range []struct {
		name  string
		s     *Session
		token string
	}{{"a's session, b's token", a.session, b.token}, {"b's session, a's token", b.session, a.token}} {
		if c.s.Verify(c.token) {
			t.Errorf("%s: Verify accepted", c.name)
		}
		if _, err := c.s.Open(c.token); !errors.Is(err, ErrWrongToken) {
			t.Errorf("%s: Open error = %v, want ErrWrongToken", c.name, err)
		}
	}
	// Even with b's verifier grafted onto a's session (so the check passes),
	// b's token cannot decrypt a's credentials.
	graft := *a.session
	graft.salt, graft.verifier = b.session.salt, b.session.verifier
	if _, err := graft.Open(b.token); !errors.Is(err, ErrCorrupt) {
		t.Errorf("grafted verifier: Open error = %v, want ErrCorrupt", err)
	}
}

// Tampering with a session in memory; the file-level equivalents are in
// TestTamperedFile.
func TestTamperedSession(t *testing.T) {
	p := newSealed(t, "http://127.0.0.1:3003")
	tests := []struct {
		name   string
		tamper func(s *Session)
		want   error
	}{
		{"version", func(s *Session) { s.Version = 2 }, ErrMalformed},
		{"account URL", func(s *Session) { s.AccountURL = "http://127.0.0.1:3004" }, ErrCorrupt},
		{"account URL emptied", func(s *Session) { s.AccountURL = "" }, ErrCorrupt},
		{"credential id", func(s *Session) { s.CredentialID = "someone-else" }, ErrCorrupt},
		{"created", func(s *Session) { s.Created = s.Created.Add(time.Second) }, ErrCorrupt},
		{"created, sub-second", func(s *Session) { s.Created = s.Created.Add(time.Nanosecond) }, ErrCorrupt},
		{"salt", func(s *Session) { s.salt[0] ^= 1 }, ErrWrongToken},
		{"verifier", func(s *Session) { s.verifier[31] ^= 0x80 }, ErrWrongToken},
		{"nonce", func(s *Session) { s.nonce[5] ^= 1 }, ErrCorrupt},
		{"ciphertext", func(s *Session) { s.ciphertext[0] ^= 1 }, ErrCorrupt},
		{"tag", func(s *Session) { s.ciphertext[len(s.ciphertext)-1] ^= 1 }, ErrCorrupt},
		{"ciphertext truncated", func(s *Session) { s.ciphertext = s.ciphertext[:len(s.ciphertext)-1] }, ErrCorrupt},
		{"short salt", func(s *Session) { s.salt = s.salt[:8] }, ErrMalformed},
		{"no ciphertext", func(s *Session) { s.ciphertext = nil }, ErrMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := cloneSession(p.session)
			tt.tamper(s)
			u, err := s.Open(p.token)
			if !errors.Is(err, tt.want) {
				t.Fatalf("Open error = %v, want %v", err, tt.want)
			}
			if u != (Unlocked{}) {
				t.Error("Open returned credentials with its error")
			}
			if _, err := p.session.Open(p.token); err != nil {
				t.Fatalf("the tamper reached the original session: %v", err)
			}
		})
	}
}

func TestUnsealedSession(t *testing.T) {
	token, err := NewToken()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []*Session{nil, {}, {Version: 1, CredentialID: "x"}} {
		if s.Verify(token) {
			t.Errorf("%v: Verify accepted", s)
		}
		if _, err := s.Open(token); !errors.Is(err, ErrMalformed) {
			t.Errorf("%v: Open error = %v, want ErrMalformed", s, err)
		}
		if _, err := s.MarshalJSON(); !errors.Is(err, ErrMalformed) {
			t.Errorf("%v: MarshalJSON error = %v, want ErrMalformed", s, err)
		}
	}
}

func TestSealRejects(t *testing.T) {
	token, err := NewToken()
	if err != nil {
		t.Fatal(err)
	}
	good := Unlocked{CredentialID: "cred-1", APIKey: "sbk1_cred-1_" + strings.Repeat("A", 43)}
	tests := []struct {
		name       string
		token      string
		accountURL string
		u          Unlocked
		now        time.Time
	}{
		{"malformed token", "sbt1_short", "", good, testNow},
		{"empty credential id", token, "", Unlocked{APIKey: good.APIKey}, testNow},
		{"bad credential id", token, "", Unlocked{CredentialID: "a/b", APIKey: good.APIKey}, testNow},
		{"empty API key", token, "", Unlocked{CredentialID: "cred-1"}, testNow},
		{"huge API key", token, "", Unlocked{CredentialID: "cred-1", APIKey: strings.Repeat("k", 5000)}, testNow},
		{"URL with password", token, "http://admin:hunter2@127.0.0.1:3003", good, testNow},
		{"URL without scheme", token, "127.0.0.1:3003", good, testNow},
		{"ftp URL", token, "ftp://example.com", good, testNow},
		{"URL without host", token, "http://", good, testNow},
		{"URL with query", token, "http://example.com/?token=x", good, testNow},
		{"URL with control character", token, "http://example.com/\n", good, testNow},
		{"URL not UTF-8", token, "http://example.com/\xff", good, testNow},
		{"year 10000", token, "", good, time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Seal(tt.token, tt.accountURL, tt.u, tt.now)
			if !errors.Is(err, ErrMalformed) {
				t.Fatalf("Seal = %v, %v; want ErrMalformed", s, err)
			}
			for _, secret := range []string{tt.token, "hunter2", tt.u.APIKey} {
				if len(secret) > 8 && strings.Contains(err.Error(), secret) {
					t.Errorf("error %q quotes a secret", err)
				}
			}
		})
	}
}

func TestRedaction(t *testing.T) {
	p := newSealed(t, "http://127.0.0.1:3003")
	secrets := p.secretsOf(t)
	var logs bytes.Buffer
	for _, h := range []slog.Handler{slog.NewJSONHandler(&logs, nil), slog.NewTextHandler(&logs, nil)} {
		slog.New(h).Info("unlocked", "credentials", p.unlocked, "session", p.session)
	}
	type holder struct {
		U Unlocked
		S *Session
	}
	outputs := map[string]string{
		"logs": logs.String(),
		"%v":   fmt.Sprintf("%v %v", p.unlocked, p.session),
		"%+v":  fmt.Sprintf("%+v %+v", p.unlocked, p.session),
		"%#v":  fmt.Sprintf("%#v %#v", p.unlocked, p.session),
		"%s":   fmt.Sprintf("%s %s", p.unlocked, p.session),
		"nested": fmt.Sprintf("%v %+v %#v", holder{p.unlocked, p.session}, holder{p.unlocked, p.session},
			holder{p.unlocked, p.session}),
	}
	// The verifier and ciphertext are scimsession contents: they stay out
	// of logs too.
	fileContents := []string{string(p.session.verifier), string(p.session.ciphertext),
		fmt.Sprint(p.session.verifier), fmt.Sprint(p.session.ciphertext), fmt.Sprintf("%x", p.session.ciphertext)}
	for name, out := range outputs {
		assertNoSecrets(t, name, out, secrets)
		assertNoSecrets(t, name, out, fileContents)
		if !strings.Contains(out, p.unlocked.CredentialID) {
			t.Errorf("%s output lost the credential id: %s", name, out)
		}
	}
}

func cloneSession(s *Session) *Session {
	c := *s
	c.salt, c.verifier = bytes.Clone(s.salt), bytes.Clone(s.verifier)
	c.nonce, c.ciphertext = bytes.Clone(s.nonce), bytes.Clone(s.ciphertext)
	return &c
}

func BenchmarkVerify(b *testing.B) {
	p := newSealed(b, "http://127.0.0.1:3003")
	for b.Loop() {
		if !p.session.Verify(p.token) {
			b.Fatal("rejected")
		}
	}
}

func BenchmarkVerifyWrongToken(b *testing.B) {
	p := newSealed(b, "http://127.0.0.1:3003")
	other, err := NewToken()
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if p.session.Verify(other) {
			b.Fatal("accepted")
		}
	}
}

func BenchmarkOpen(b *testing.B) {
	p := newSealed(b, "http://127.0.0.1:3003")
	for b.Loop() {
		if _, err := p.session.Open(p.token); err != nil {
			b.Fatal(err)
		}
	}
}
