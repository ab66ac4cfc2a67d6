package credentials

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// The scimsession's parameters. Changing any of them needs a new Version.
const (
	sessionVersion = 1
	verifierInfo   = "scimbridge scimsession verifier v1"
	keyInfo        = "scimbridge scimsession key v1"
	aadLabel       = "scimbridge scimsession aad v1"
	verifierSize   = sha256.Size
	keySize        = 32 // AES-256
	nonceSize      = 12 // the GCM standard nonce
	tagSize        = 16
	// maxPlaintext bounds the encrypted credentials; an id and a key are a
	// few hundred bytes.
	maxPlaintext     = 4 << 10
	maxAccountURLLen = 2048
	// timeFormat is how createdAt is written and bound into the additional
	// data: RFC 3339 in UTC, fractional seconds only when there are any.
	timeFormat = time.RFC3339Nano
)

// Session is a scimsession: what the bridge needs, besides the bearer token,
// to reach the account. The exported fields are clear text; the rest is the
// token's verifier and the encrypted credentials.
type Session struct {
	Version      int       // 1
	AccountURL   string    // where the account service is; "" for in-process use (quickstart)
	CredentialID string    // the integration credential's id (not secret)
	Created      time.Time // when setup sealed it

	salt       []byte // random, per session; salts both HKDF derivations
	verifier   []byte // HKDF(secret, salt, verifierInfo)
	nonce      []byte
	ciphertext []byte // AES-256-GCM of the JSON of Unlocked, tag included

	// The monitoring token's verifier (monitoring.go); empty when none.
	monitoringSalt     []byte
	monitoringVerifier []byte
}

// Seal makes the scimsession for token, holding u encrypted. The
// credential id of u is also stored in clear text; accountURL may be ""
// (in-process use) or an http(s) URL without user information.
func Seal(token string, accountURL string, u Unlocked, now time.Time) (*Session, error) {
	secret, err := ParseToken(token)
	if err != nil {
		return nil, err
	}
	if err := checkCredentialID(u.CredentialID); err != nil {
		return nil, err
	}
	if u.APIKey == "" {
		return nil, malformed("credentials", "empty API key")
	}
	if err := checkAccountURL(accountURL); err != nil {
		return nil, err
	}
	plaintext, err := json.Marshal(u)
	if err != nil {
		return nil, fmt.Errorf("credentials: encoding the credentials: %w", err)
	}
	if len(plaintext) > maxPlaintext {
		return nil, malformed("credentials", "API key too long")
	}
	s := &Session{
		Version:      sessionVersion,
		AccountURL:   accountURL,
		CredentialID: u.CredentialID,
		// Whole seconds in UTC, and no monotonic reading, so the value
		// survives the file format unchanged.
		Created: now.UTC().Truncate(time.Second),
		salt:    make([]byte, saltSize),
		nonce:   make([]byte, nonceSize),
	}
	if _, err := rand.Read(s.salt); err != nil {
		return nil, fmt.Errorf("credentials: drawing a salt: %w", err)
	}
	if _, err := rand.Read(s.nonce); err != nil {
		return nil, fmt.Errorf("credentials: drawing a nonce: %w", err)
	}
	if s.verifier, err = deriveVerifier(secret, s.salt); err != nil {
		return nil, err
	}
	aead, err := newAEAD(secret, s.salt)
	if err != nil {
		return nil, err
	}
	s.ciphertext = aead.Seal(nil, s.nonce, plaintext, s.additionalData())
	if err := s.validate(); err != nil {
		return nil, err
	}
	return s, nil
}

// Verify reports whether token is the one s was sealed with. It is meant for
// every request: two HMAC-SHA256 computations and a constant-time compare.
// Malformed tokens, and sessions that were not sealed or loaded, give false.
func (s *Session) Verify(token string) bool {
	if s == nil || len(s.salt) != saltSize || len(s.verifier) != verifierSize {
		return false
	}
	secret, err := ParseToken(token)
	if err != nil {
		return false
	}
	return s.verifySecret(secret)
}

// verifySecret compares the secret's verifier with the stored one in
// constant time.
func (s *Session) verifySecret(secret []byte) bool {
	v, err := deriveVerifier(secret, s.salt)
	if err != nil {
		return false
	}
	return subtle.ConstantTimeCompare(v, s.verifier) == 1
}

// Open checks token against the verifier and decrypts the credentials.
// Errors: ErrWrongToken when the token does not match (also ErrMalformed when
// it is malformed), ErrCorrupt when it matches but decryption fails (the
// file was altered), ErrMalformed when s was not sealed or loaded.
func (s *Session) Open(token string) (Unlocked, error) {
	if err := s.validate(); err != nil {
		return Unlocked{}, err
	}
	secret, err := ParseToken(token)
	if err != nil {
		return Unlocked{}, &wrongTokenError{cause: err}
	}
	if !s.verifySecret(secret) {
		return Unlocked{}, ErrWrongToken
	}
	aead, err := newAEAD(secret, s.salt)
	if err != nil {
		return Unlocked{}, err
	}
	plaintext, err := aead.Open(nil, s.nonce, s.ciphertext, s.additionalData())
	if err != nil {
		return Unlocked{}, ErrCorrupt
	}
	var u Unlocked
	dec := json.NewDecoder(bytes.NewReader(plaintext))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&u); err != nil || u.CredentialID != s.CredentialID || u.APIKey == "" {
		// Authenticated but not what Seal writes: treat as corrupt rather
		// than hand the caller half a credential.
		return Unlocked{}, ErrCorrupt
	}
	return u, nil
}

// wrongTokenError is ErrWrongToken caused by a malformed token: it matches
// both ErrWrongToken and ErrMalformed.
type wrongTokenError struct{ cause error }

func (e *wrongTokenError) Error() string {
	return ErrWrongToken.Error() + " (" + strings.TrimPrefix(e.cause.Error(), "credentials: ") + ")"
}

func (e *wrongTokenError) Unwrap() []error { return []error{ErrWrongToken, e.cause} }

// validate checks what Seal guarantees, for sessions built any other way.
func (s *Session) validate() error {
	switch {
	case s == nil:
		return malformed("scimsession", "nil")
	case s.Version != sessionVersion:
		return malformed("scimsession", "unsupported version (want \""+strconv.Itoa(sessionVersion)+"\")")
	case len(s.salt) != saltSize:
		return malformed("scimsession", fmt.Sprintf("verifier salt must be %d bytes", saltSize))
	case len(s.verifier) != verifierSize:
		return malformed("scimsession", fmt.Sprintf("verifier localHash must be %d bytes", verifierSize))
	case len(s.nonce) != nonceSize:
		return malformed("scimsession", fmt.Sprintf("credentials nonce must be %d bytes", nonceSize))
	case len(s.ciphertext) <= tagSize || len(s.ciphertext) > maxPlaintext+tagSize:
		return malformed("scimsession", fmt.Sprintf("credentials ciphertext must be %d to %d bytes", tagSize+1, maxPlaintext+tagSize))
	}
	if y := s.Created.UTC().Year(); y < 1 || y > 9999 {
		// RFC 3339 cannot write it, so the file could not hold it.
		return malformed("scimsession", "creation time out of range")
	}
	if err := checkCredentialID(s.CredentialID); err != nil {
		return err
	}
	return checkAccountURL(s.AccountURL)
}

// additionalData binds the clear-text fields to the ciphertext, so that
// changing any of them makes Open fail. Each field is length-prefixed, so no
// two different sessions give the same bytes.
func (s *Session) additionalData() []byte {
	fields := []string{
		strconv.Itoa(s.Version),
		s.AccountURL,
		s.CredentialID,
		s.Created.UTC().Format(timeFormat),
		string(s.salt),
	}
	b := []byte(aadLabel)
	for _, f := range fields {
		b = binary.BigEndian.AppendUint32(b, uint32(len(f)))
		b = append(b, f...)
	}
	return b
}

// deriveVerifier is HKDF-SHA256(secret, salt, verifierInfo). The distinct
// info strings make the verifier and the key independent: knowing the
// verifier (the file) reveals nothing about the key.
func deriveVerifier(secret, salt []byte) ([]byte, error) {
	v, err := hkdf.Key(sha256.New, secret, salt, verifierInfo, verifierSize)
	if err != nil {
		return nil, fmt.Errorf("credentials: deriving the verifier: %w", err)
	}
	return v, nil
}

// newAEAD is AES-256-GCM under HKDF-SHA256(secret, salt, keyInfo).
func newAEAD(secret, salt []byte) (cipher.AEAD, error) {
	key, err := hkdf.Key(sha256.New, secret, salt, keyInfo, keySize)
	if err != nil {
		return nil, fmt.Errorf("credentials: deriving the key: %w", err)
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("credentials: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("credentials: %w", err)
	}
	return aead, nil
}

// checkAccountURL accepts "" or an absolute http(s) URL with a host. User
// information is refused: the URL is clear text, so it must hold no password.
func checkAccountURL(raw string) error {
	if raw == "" {
		return nil
	}
	if !utf8.ValidString(raw) {
		return malformed("account URL", "not UTF-8")
	}
	if len(raw) > maxAccountURLLen {
		return malformed("account URL", fmt.Sprintf("longer than %d bytes", maxAccountURLLen))
	}
	u, err := url.Parse(raw)
	switch {
	case err != nil:
		return malformed("account URL", "does not parse")
	case u.Scheme != "http" && u.Scheme != "https":
		return malformed("account URL", "scheme must be http or https")
	case u.Host == "":
		return malformed("account URL", "no host")
	case u.User != nil:
		return malformed("account URL", "must not contain user information")
	case u.RawQuery != "" || u.Fragment != "" || u.Opaque != "":
		return malformed("account URL", "must not have a query or fragment")
	}
	return nil
}
