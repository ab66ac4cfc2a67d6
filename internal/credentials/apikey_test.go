package credentials

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
)

func TestAPIKeyRoundTrip(t *testing.T) {
	for _, id := range []string{"a", "7f3c2a10-5b8e-4d2f-9a61-0c4e8b2d1f00", "OWNER-1", strings.Repeat("x", 64)} {
		t.Run(id, func(t *testing.T) {
			key, salt, verifier, err := NewAPIKey(id)
			if err != nil {
				t.Fatalf("NewAPIKey: %v", err)
			}
			if !strings.HasPrefix(key, APIKeyPrefix+id+"_") {
				t.Fatalf("key does not start with %q", APIKeyPrefix+id+"_")
			}
			if len(salt) != 16 || len(verifier) != 32 {
				t.Fatalf("salt %d bytes, verifier %d bytes; want 16 and 32", len(salt), len(verifier))
			}
			gotID, secret, err := ParseAPIKey(key)
			if err != nil {
				t.Fatalf("ParseAPIKey: %v", err)
			}
			if gotID != id {
				t.Errorf("credential id = %q, want %q", gotID, id)
			}
			if bytes.Contains(verifier, secret) || bytes.Contains(salt, secret) {
				t.Error("salt or verifier holds the secret")
			}
			if !CheckAPIKey(secret, salt, verifier) {
				t.Fatal("CheckAPIKey rejected the right secret")
			}
			k, err := ParseKey(key)
			if err != nil || k.ID != id || !bytes.Equal(k.Secret, secret) {
				t.Fatalf("ParseKey = %v, %v", k, err)
			}
		})
	}
}

func TestCheckAPIKeyRejects(t *testing.T) {
	key, salt, verifier, err := NewAPIKey("cred-1")
	if err != nil {
		t.Fatal(err)
	}
	_, secret, err := ParseAPIKey(key)
	if err != nil {
		t.Fatal(err)
	}
	otherKey, otherSalt, otherVerifier, err := NewAPIKey("cred-1")
	if err != nil {
		t.Fatal(err)
	}
	_, otherSecret, err := ParseAPIKey(otherKey)
	if err != nil {
		t.Fatal(err)
	}
	flip := func(b []byte, i int) []byte {
		c := bytes.Clone(b)
		c[i] ^= 1
		return c
	}
	tests := []struct {
		name                   string
		secret, salt, verifier []byte
	}{
		{"another key's secret", otherSecret, salt, verifier},
		{"another key's salt", secret, otherSalt, verifier},
		{"another key's verifier", secret, salt, otherVerifier},
		{"secret with one bit changed", flip(secret, 31), salt, verifier},
		{"salt with one bit changed", secret, flip(salt, 0), verifier},
		{"verifier with one bit changed", secret, salt, flip(verifier, 15)},
		{"short secret", secret[:31], salt, verifier},
		{"empty secret", nil, salt, verifier},
		{"short salt", secret, salt[:15], verifier},
		{"short verifier", secret, salt, verifier[:31]},
		{"nothing stored", secret, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if CheckAPIKey(tt.secret, tt.salt, tt.verifier) {
				t.Error("CheckAPIKey accepted it")
			}
		})
	}
}

func TestParseAPIKeyRejects(t *testing.T) {
	key, _, _, err := NewAPIKey("cred-1")
	if err != nil {
		t.Fatal(err)
	}
	enc := key[len(key)-43:]
	tests := []struct {
		name string
		key  string
	}{
		{"empty", ""},
		{"no prefix", strings.TrimPrefix(key, APIKeyPrefix)},
		{"token prefix", "sbt1_cred-1_" + enc},
		{"no credential id", APIKeyPrefix + "_" + enc},
		{"no separator", APIKeyPrefix + "cred-1" + enc},
		{"secret only", APIKeyPrefix + enc},
		{"short secret", key[:len(key)-1]},
		{"long secret", key + "A"},
		{"bad id character", APIKeyPrefix + "cred.1_" + enc},
		{"underscore in id", APIKeyPrefix + "cred_1_" + enc},
		{"id too long", APIKeyPrefix + strings.Repeat("a", 65) + "_" + enc},
		{"bad secret character", APIKeyPrefix + "cred-1_" + strings.Repeat("A", 42) + "*"},
		{"non-canonical secret", APIKeyPrefix + "cred-1_" + strings.Repeat("A", 42) + "B"},
		{"trailing newline", key + "\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id, secret, err := ParseAPIKey(tt.key)
			if err == nil {
				t.Fatalf("ParseAPIKey accepted it: id %q, %d-byte secret", id, len(secret))
			}
			if !errors.Is(err, ErrMalformed) {
				t.Errorf("error %q is not ErrMalformed", err)
			}
			if strings.Contains(err.Error(), enc) || (tt.key != "" && strings.Contains(err.Error(), tt.key)) {
				t.Error("error quotes the key")
			}
		})
	}
}

// A secret whose encoding holds '_' must not confuse the split between id
// and secret.
func TestParseAPIKeyUnderscoreInSecret(t *testing.T) {
	secret := bytes.Repeat([]byte{0xff}, 32) // encodes as "____…"
	enc := base64.RawURLEncoding.EncodeToString(secret)
	if !strings.Contains(enc, "_") {
		t.Fatalf("test secret encodes without '_': %s", enc)
	}
	id, got, err := ParseAPIKey(APIKeyPrefix + "cred-1_" + enc)
	if err != nil {
		t.Fatalf("ParseAPIKey: %v", err)
	}
	if id != "cred-1" || !bytes.Equal(got, secret) {
		t.Errorf("got id %q and a different secret", id)
	}
}

func TestNewAPIKeyRejectsBadIDs(t *testing.T) {
	for _, id := range []string{"", "a_b", "a b", "é", strings.Repeat("a", 65), "id\n"} {
		if _, _, _, err := NewAPIKey(id); !errors.Is(err, ErrMalformed) {
			t.Errorf("NewAPIKey(%q) error = %v, want ErrMalformed", id, err)
		}
	}
}

func TestKeyRedacts(t *testing.T) {
	key, _, _, err := NewAPIKey("cred-1")
	if err != nil {
		t.Fatal(err)
	}
	k, err := ParseKey(key)
	if err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	slog.New(slog.NewJSONHandler(&logs, nil)).Info("key", "key", k)
	slog.New(slog.NewTextHandler(&logs, nil)).Info("key", "key", k)
	secrets := []string{key, key[len(key)-43:], string(k.Secret)}
	for _, out := range []string{fmt.Sprint(k), fmt.Sprintf("%+v", k), fmt.Sprintf("%#v", k), fmt.Sprintf("%v", &k), logs.String()} {
		assertNoSecrets(t, "Key output "+out, out, secrets)
		if !strings.Contains(out, "cred-1") {
			t.Errorf("output %q lost the id", out)
		}
	}
}

func FuzzParseAPIKey(f *testing.F) {
	key, _, _, err := NewAPIKey("7f3c2a10-5b8e-4d2f-9a61-0c4e8b2d1f00")
	if err != nil {
		f.Fatal(err)
	}
	for _, seed := range []string{key, "", APIKeyPrefix, APIKeyPrefix + "_", key + "=", "sbk1_a_" + strings.Repeat("_", 43)} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, key string) {
		id, secret, err := ParseAPIKey(key)
		if err != nil {
			if !errors.Is(err, ErrMalformed) {
				t.Fatalf("error is not ErrMalformed: %v", err)
			}
			if rest := strings.TrimPrefix(key, APIKeyPrefix); len(rest) >= 8 && strings.Contains(err.Error(), rest) {
				t.Fatalf("error quotes the input: %v", err)
			}
			return
		}
		if len(secret) != 32 || checkCredentialID(id) != nil {
			t.Fatalf("accepted id %q with a %d-byte secret", id, len(secret))
		}
		if again := APIKeyPrefix + id + "_" + base64.RawURLEncoding.EncodeToString(secret); again != key {
			t.Fatal("accepted a non-canonical key")
		}
	})
}

func BenchmarkCheckAPIKey(b *testing.B) {
	key, salt, verifier, err := NewAPIKey("cred-1")
	if err != nil {
		b.Fatal(err)
	}
	_, secret, err := ParseAPIKey(key)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if !CheckAPIKey(secret, salt, verifier) {
			b.Fatal("rejected")
		}
	}
}
