package credentials

import (
	"encoding/base64"
	"errors"
	"strings"
	"testing"
)

func TestNewTokenParses(t *testing.T) {
	seen := map[string]bool{}
	for range 100 {
		token, err := NewToken()
		if err != nil {
			t.Fatalf("NewToken: %v", err)
		}
		if !strings.HasPrefix(token, TokenPrefix) || len(token) != len(TokenPrefix)+43 {
			t.Fatalf("token has the wrong shape (length %d)", len(token))
		}
		secret, err := ParseToken(token)
		if err != nil {
			t.Fatalf("ParseToken(NewToken()): %v", err)
		}
		if len(secret) != 32 {
			t.Fatalf("secret is %d bytes, want 32", len(secret))
		}
		if seen[token] {
			t.Fatal("NewToken repeated a token")
		}
		seen[token] = true
	}
}

func TestParseTokenRejects(t *testing.T) {
	good, err := NewToken()
	if err != nil {
		t.Fatal(err)
	}
	enc := strings.TrimPrefix(good, TokenPrefix)
	// A 43-character encoding whose last character carries non-zero
	// trailing bits: it decodes leniently but is not canonical.
	nonCanonical := strings.Repeat("A", 42) + "B"

	tests := []struct {
		name  string
		token string
	}{
		{"empty", ""},
		{"prefix only", TokenPrefix},
		{"no prefix", enc},
		{"wrong prefix", "sbk1_" + enc},
		{"upper-case prefix", "SBT1_" + enc},
		{"future version", "sbt2_" + enc},
		{"short", good[:len(good)-1]},
		{"long", good + "A"},
		{"padded", good + "="},
		{"standard alphabet", TokenPrefix + strings.Repeat("+", 43)},
		{"bad character", TokenPrefix + strings.Repeat("A", 42) + "!"},
		{"line break inside", good[:20] + "\n" + good[21:]},
		{"trailing newline", good + "\n"},
		{"leading space", " " + good},
		{"Bearer scheme left on", "Bearer " + good},
		{"non-canonical trailing bits", TokenPrefix + nonCanonical},
		{"16-byte secret", TokenPrefix + base64.RawURLEncoding.EncodeToString(make([]byte, 16))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			secret, err := ParseToken(tt.token)
			if err == nil {
				t.Fatalf("ParseToken accepted it (%d-byte secret)", len(secret))
			}
			if !errors.Is(err, ErrMalformed) {
				t.Errorf("error %q is not ErrMalformed", err)
			}
			if len(tt.token) > len(TokenPrefix) && strings.Contains(err.Error(), tt.token) {
				t.Errorf("error quotes the token")
			}
			if strings.Contains(err.Error(), enc) {
				t.Errorf("error quotes the secret")
			}
		})
	}
}

func FuzzParseToken(f *testing.F) {
	good, err := NewToken()
	if err != nil {
		f.Fatal(err)
	}
	for _, seed := range []string{good, "", TokenPrefix, good + "=", "sbt1_" + strings.Repeat("_", 43), strings.ToUpper(good)} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, token string) {
		secret, err := ParseToken(token)
		if err != nil {
			if !errors.Is(err, ErrMalformed) {
				t.Fatalf("error is not ErrMalformed: %v", err)
			}
			if rest := strings.TrimPrefix(token, TokenPrefix); len(rest) >= 8 && strings.Contains(err.Error(), rest) {
				t.Fatalf("error quotes the input: %v", err)
			}
			return
		}
		if len(secret) != 32 {
			t.Fatalf("accepted a %d-byte secret", len(secret))
		}
		// Accepted tokens are canonical: one spelling per secret.
		if again := TokenPrefix + base64.RawURLEncoding.EncodeToString(secret); again != token {
			t.Fatalf("accepted a non-canonical token")
		}
	})
}
