package credentials

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"log/slog"
	"strings"
)

const (
	// APIKeyPrefix starts every account API key.
	APIKeyPrefix = "sbk1_"
	// saltSize is the size of the random salts in verifiers.
	saltSize = 16
	// maxCredentialIDLen bounds credential ids, which appear in keys and in
	// the scimsession's clear text.
	maxCredentialIDLen = 64
)

// Key is a parsed account API key: the id of the credential it belongs to
// and its secret. Its String, GoString and LogValue never show the secret.
type Key struct {
	ID     string
	Secret []byte
}

// String describes the key without its secret.
func (k Key) String() string { return "credentials.Key{ID: " + k.ID + ", Secret: [redacted]}" }

// GoString is String, so that %#v redacts too.
func (k Key) GoString() string { return k.String() }

// LogValue implements slog.LogValuer: the id, never the secret.
func (k Key) LogValue() slog.Value {
	return slog.GroupValue(slog.String("id", k.ID), slog.String("secret", redacted))
}

// NewAPIKey draws an API key for the credential credentialID. It returns the
// key, to be shown to its holder once, and the salt and verifier the account
// stores in its place (account.Credential's Salt and Verifier).
func NewAPIKey(credentialID string) (key string, salt, verifier []byte, err error) {
	if err := checkCredentialID(credentialID); err != nil {
		return "", nil, nil, err
	}
	secret := make([]byte, secretSize)
	salt = make([]byte, saltSize)
	if _, err := rand.Read(secret); err != nil {
		return "", nil, nil, fmt.Errorf("credentials: drawing an API key secret: %w", err)
	}
	if _, err := rand.Read(salt); err != nil {
		return "", nil, nil, fmt.Errorf("credentials: drawing an API key salt: %w", err)
	}
	key = APIKeyPrefix + credentialID + "_" + base64.RawURLEncoding.EncodeToString(secret)
	return key, salt, apiKeyVerifier(secret, salt), nil
}

// ParseAPIKey splits an API key into its credential id and secret. Errors
// match ErrMalformed and never contain the key.
func ParseAPIKey(key string) (credentialID string, secret []byte, err error) {
	rest, ok := strings.CutPrefix(key, APIKeyPrefix)
	if !ok {
		return "", nil, malformed("API key", "missing \""+APIKeyPrefix+"\" prefix")
	}
	// The secret is the fixed-length tail; base64url may contain '_', so
	// split at the separator before it rather than at the first '_'.
	sep := len(rest) - encodedSecretLen - 1
	if sep < 1 || rest[sep] != '_' {
		return "", nil, malformed("API key", "want \""+APIKeyPrefix+"<credential id>_<secret>\"")
	}
	credentialID = rest[:sep]
	if err := checkCredentialID(credentialID); err != nil {
		return "", nil, malformed("API key", "bad credential id")
	}
	secret, err = decodeSecret("API key", rest[sep+1:])
	if err != nil {
		return "", nil, err
	}
	return credentialID, secret, nil
}

// ParseKey is ParseAPIKey returning a Key.
func ParseKey(key string) (Key, error) {
	id, secret, err := ParseAPIKey(key)
	if err != nil {
		return Key{}, err
	}
	return Key{ID: id, Secret: secret}, nil
}

// CheckAPIKey reports whether secret matches the stored salt and verifier.
// The comparison takes the same time wherever the verifiers differ.
// A plain salted SHA-256 is enough: the secret has 256 bits of entropy, so
// there is nothing for a slow hash to protect against.
func CheckAPIKey(secret, salt, verifier []byte) bool {
	if len(secret) != secretSize || len(salt) != saltSize || len(verifier) != sha256.Size {
		return false
	}
	return subtle.ConstantTimeCompare(apiKeyVerifier(secret, salt), verifier) == 1
}

// apiKeyVerifier is SHA-256(salt || secret).
func apiKeyVerifier(secret, salt []byte) []byte {
	h := sha256.New()
	h.Write(salt)
	h.Write(secret)
	return h.Sum(nil)
}

// checkCredentialID accepts 1 to 64 ASCII letters, digits and '-' (UUIDs
// among them). Ids are not secret, but keeping '_' and other characters out
// keeps keys and the scimsession unambiguous and safe to print.
func checkCredentialID(id string) error {
	if id == "" || len(id) > maxCredentialIDLen {
		return malformed("credential id", fmt.Sprintf("length must be 1 to %d", maxCredentialIDLen))
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-') {
			return malformed("credential id", "only ASCII letters, digits and '-' are allowed")
		}
	}
	return nil
}
