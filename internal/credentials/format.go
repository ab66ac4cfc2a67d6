package credentials

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// The algorithm names written into the file, checked on reading.
const (
	algVerifier    = "HKDF-SHA256"
	algCredentials = "A256GCM"
	kdfCredentials = "HKDF-SHA256"
	// maxSessionSize bounds a scimsession file; a real one is under 1 KB.
	maxSessionSize = 64 << 10
)

// sessionFile is the scimsession's JSON form (version "1"):
//
//	{"version":"1","accountURL":"http://127.0.0.1:3003","credentialId":"…","createdAt":"RFC 3339",
//	 "verifier":{"alg":"HKDF-SHA256","salt":"<b64>","localHash":"<b64>"},
//	 "credentials":{"alg":"A256GCM","kdf":"HKDF-SHA256","nonce":"<b64>","ciphertext":"<b64>"}}
//
// Byte fields are standard, padded base64. Pointers tell a missing field
// from an empty one, since accountURL may legitimately be "".
type sessionFile struct {
	Version      *string          `json:"version"`
	AccountURL   *string          `json:"accountURL"`
	CredentialID *string          `json:"credentialId"`
	CreatedAt    *string          `json:"createdAt"`
	Verifier     *verifierFile    `json:"verifier"`
	Credentials  *credentialsFile `json:"credentials"`
	// Monitoring is optional: the monitoring token's verifier.
	Monitoring *verifierFile `json:"monitoring,omitempty"`
}

type verifierFile struct {
	Alg       *string `json:"alg"`
	Salt      *string `json:"salt"`
	LocalHash *string `json:"localHash"`
}

type credentialsFile struct {
	Alg        *string `json:"alg"`
	KDF        *string `json:"kdf"`
	Nonce      *string `json:"nonce"`
	Ciphertext *string `json:"ciphertext"`
}

// MarshalJSON writes the scimsession file format, indented. It refuses
// sessions that were not sealed or loaded.
func (s *Session) MarshalJSON() ([]byte, error) {
	if err := s.validate(); err != nil {
		return nil, err
	}
	str := func(v string) *string { return &v }
	b64 := func(b []byte) *string { return str(base64.StdEncoding.EncodeToString(b)) }
	f := sessionFile{
		Version:      str(strconv.Itoa(s.Version)),
		AccountURL:   str(s.AccountURL),
		CredentialID: str(s.CredentialID),
		CreatedAt:    str(s.Created.UTC().Format(timeFormat)),
		Verifier:     &verifierFile{Alg: str(algVerifier), Salt: b64(s.salt), LocalHash: b64(s.verifier)},
		Credentials: &credentialsFile{
			Alg: str(algCredentials), KDF: str(kdfCredentials),
			Nonce: b64(s.nonce), Ciphertext: b64(s.ciphertext),
		},
	}
	if s.HasMonitoring() {
		f.Monitoring = &verifierFile{Alg: str(algVerifier), Salt: b64(s.monitoringSalt), LocalHash: b64(s.monitoringVerifier)}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // keep '&' in URLs readable
	enc.SetIndent("", "  ")
	if err := enc.Encode(f); err != nil {
		return nil, fmt.Errorf("credentials: encoding the scimsession: %w", err)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// UnmarshalJSON reads the scimsession file format strictly: a known
// version, every field present and well-formed, no unknown fields, byte
// fields of exactly the right size in canonical base64. Errors match
// ErrMalformed and never quote the input.
func (s *Session) UnmarshalJSON(b []byte) error {
	if len(b) > maxSessionSize {
		return malformed("scimsession", fmt.Sprintf("larger than %d bytes", maxSessionSize))
	}
	var f sessionFile
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return jsonError(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return malformed("scimsession", "data after the JSON object")
	}
	var (
		t   Session
		err error
	)
	if f.Version == nil || f.AccountURL == nil || f.CredentialID == nil || f.CreatedAt == nil ||
		f.Verifier == nil || f.Credentials == nil {
		return malformed("scimsession", "missing field (want version, accountURL, credentialId, createdAt, verifier, credentials)")
	}
	if *f.Version != strconv.Itoa(sessionVersion) {
		return malformed("scimsession", "unsupported version (want \""+strconv.Itoa(sessionVersion)+"\")")
	}
	t.Version = sessionVersion
	t.AccountURL = *f.AccountURL
	t.CredentialID = *f.CredentialID
	if t.Created, err = time.Parse(time.RFC3339Nano, *f.CreatedAt); err != nil {
		return malformed("scimsession", "createdAt is not an RFC 3339 time")
	}
	v, c := f.Verifier, f.Credentials
	if v.Alg == nil || v.Salt == nil || v.LocalHash == nil {
		return malformed("scimsession", "verifier: missing field (want alg, salt, localHash)")
	}
	if c.Alg == nil || c.KDF == nil || c.Nonce == nil || c.Ciphertext == nil {
		return malformed("scimsession", "credentials: missing field (want alg, kdf, nonce, ciphertext)")
	}
	if *v.Alg != algVerifier {
		return malformed("scimsession", "verifier.alg must be \""+algVerifier+"\"")
	}
	if *c.Alg != algCredentials || *c.KDF != kdfCredentials {
		return malformed("scimsession", "credentials.alg and .kdf must be \""+algCredentials+"\" and \""+kdfCredentials+"\"")
	}
	for _, field := range []struct {
		name string
		in   string
		out  *[]byte
	}{
		{"verifier.salt", *v.Salt, &t.salt},
		{"verifier.localHash", *v.LocalHash, &t.verifier},
		{"credentials.nonce", *c.Nonce, &t.nonce},
		{"credentials.ciphertext", *c.Ciphertext, &t.ciphertext},
	} {
		if *field.out, err = decodeCanonicalBase64(field.in); err != nil {
			return malformed("scimsession", field.name+" is not standard padded base64")
		}
	}
	if m := f.Monitoring; m != nil {
		if m.Alg == nil || m.Salt == nil || m.LocalHash == nil || *m.Alg != algVerifier {
			return malformed("scimsession", "monitoring: want alg \""+algVerifier+"\", salt and localHash")
		}
		if t.monitoringSalt, err = decodeCanonicalBase64(*m.Salt); err != nil || len(t.monitoringSalt) != saltSize {
			return malformed("scimsession", "monitoring.salt is not a salt in standard padded base64")
		}
		if t.monitoringVerifier, err = decodeCanonicalBase64(*m.LocalHash); err != nil || len(t.monitoringVerifier) != verifierSize {
			return malformed("scimsession", "monitoring.localHash is not a verifier in standard padded base64")
		}
	}
	// Sizes, the credential id and the account URL.
	if err := t.validate(); err != nil {
		return err
	}
	*s = t
	return nil
}

// decodeCanonicalBase64 decodes standard padded base64 and accepts only the
// form the encoder writes (no line breaks, no stray bits), so a file has one
// spelling.
func decodeCanonicalBase64(in string) ([]byte, error) {
	b, err := base64.StdEncoding.Strict().DecodeString(in)
	if err != nil {
		return nil, err
	}
	if base64.StdEncoding.EncodeToString(b) != in {
		return nil, errors.New("not canonical")
	}
	return b, nil
}

// jsonError describes a decoding error without the input: encoding/json's
// messages can quote field names and values from it.
func jsonError(err error) error {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		return malformed("scimsession", fmt.Sprintf("not valid JSON (at byte %d)", syntax.Offset))
	case errors.As(err, &typ) && typ.Field == "":
		return malformed("scimsession", "not a JSON object")
	case errors.As(err, &typ):
		// Field is built from our struct tags, not from the input.
		return malformed("scimsession", "field "+typ.Field+" has the wrong JSON type")
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return malformed("scimsession", "empty or truncated JSON")
	case strings.HasPrefix(err.Error(), "json: unknown field"):
		return malformed("scimsession", "unknown field")
	default:
		return malformed("scimsession", "not valid JSON")
	}
}
