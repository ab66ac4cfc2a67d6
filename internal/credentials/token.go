package credentials

import (
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"strings"
)

const (
	// TokenPrefix starts every bearer token, so that it is recognisable
	// (and findable by secret scanners) and its format can be versioned.
	TokenPrefix = "sbt1_"
	// secretSize is the size of the random secrets in tokens and API keys.
	secretSize = 32
)

// encodedSecretLen is the length of a secret in unpadded base64url.
var encodedSecretLen = base64.RawURLEncoding.EncodedLen(secretSize)

// NewToken draws a fresh 256-bit secret and returns it as a bearer token:
// "sbt1_" followed by the secret in unpadded base64url.
func NewToken() (string, error) {
	secret := make([]byte, secretSize)
	if _, err := rand.Read(secret); err != nil {
		return "", fmt.Errorf("credentials: drawing a token secret: %w", err)
	}
	return TokenPrefix + base64.RawURLEncoding.EncodeToString(secret), nil
}

// ParseToken checks a bearer token's format and returns its secret. It is
// strict: no surrounding white space, exactly one encoding per secret.
// Errors match ErrMalformed and never contain the token.
func ParseToken(token string) ([]byte, error) {
	enc, ok := strings.CutPrefix(token, TokenPrefix)
	if !ok {
		return nil, malformed("bearer token", "missing \""+TokenPrefix+"\" prefix")
	}
	return decodeSecret("bearer token", enc)
}

// decodeSecret decodes a 32-byte secret from unpadded base64url. Strict
// decoding rejects non-zero trailing bits, so each secret has exactly one
// textual form.
func decodeSecret(what, enc string) ([]byte, error) {
	if len(enc) != encodedSecretLen {
		return nil, malformed(what, fmt.Sprintf("secret has %d characters, want %d", len(enc), encodedSecretLen))
	}
	secret, err := base64.RawURLEncoding.Strict().DecodeString(enc)
	if err != nil || len(secret) != secretSize {
		return nil, malformed(what, "secret is not unpadded base64url")
	}
	return secret, nil
}
