package credentials

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Load reads a scimsession given the way OP_SESSION gives it (design §4):
// raw JSON (starting with '{'), the path of a file, or the file's contents
// in base64 (standard or URL alphabet, padded or not, line breaks allowed).
// A file may itself hold JSON or base64, since operators often store the
// base64 form by mistake. Errors say which forms were tried and why each
// failed; they name the path when the value is an existing file, and never
// include the value's or the file's contents.
func Load(value string) (*Session, error) {
	trimmed := strings.TrimSpace(value)
	if trimmed == "" {
		return nil, malformed("scimsession", "the value is empty (want a file path, base64 or JSON)")
	}
	if strings.HasPrefix(trimmed, "{") {
		s, err := parseContents([]byte(trimmed))
		if err != nil {
			return nil, &formError{form: "given as JSON", err: err}
		}
		return s, nil
	}
	fi, statErr := os.Stat(trimmed)
	if statErr == nil {
		form := "file " + trimmed
		if fi.IsDir() {
			return nil, &formError{form: form, err: errors.New("is a directory")}
		}
		data, err := readLimited(trimmed)
		if err != nil {
			return nil, &formError{form: form, err: err}
		}
		s, err := parseContents(data)
		if err != nil {
			return nil, &formError{form: form, err: err}
		}
		return s, nil
	}
	data, b64Err := decodeAnyBase64(trimmed)
	if b64Err == nil {
		if s, err := parseJSON(data); err == nil {
			return s, nil
		} else if startsLikeJSON(data) {
			// Clearly meant as base64 contents: report that form only.
			return nil, &formError{form: "given as base64", err: err}
		}
	}
	// Neither form worked. Say why for both, without echoing the value (it
	// may be damaged base64 contents rather than a path).
	fileWhy := "no such file"
	if !errors.Is(statErr, fs.ErrNotExist) {
		var pe *fs.PathError
		if errors.As(statErr, &pe) {
			fileWhy = pe.Err.Error() // e.g. "permission denied", without the path
		} else {
			fileWhy = "cannot be read"
		}
	}
	b64Why := "it is not base64"
	if b64Err == nil {
		b64Why = "it decodes to something else"
	}
	return nil, malformed("scimsession", "the value is not a readable file ("+fileWhy+"), nor JSON, nor base64 of a scimsession ("+b64Why+")")
}

// formError says which form of OP_SESSION a failure concerns.
type formError struct {
	form string // e.g. "given as base64", "file /home/opuser/.op/scimsession"
	err  error
}

func (e *formError) Error() string {
	return "credentials: scimsession " + e.form + ": " + strings.TrimPrefix(e.err.Error(), "credentials: ")
}

func (e *formError) Unwrap() error { return e.err }

// readLimited reads a file of at most maxSessionSize bytes.
func readLimited(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxSessionSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxSessionSize {
		return nil, malformed("scimsession", fmt.Sprintf("larger than %d bytes", maxSessionSize))
	}
	return data, nil
}

// parseContents reads a file's contents: JSON, or base64 of JSON.
func parseContents(data []byte) (*Session, error) {
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) == 0 {
		return nil, malformed("scimsession", "empty")
	}
	if trimmed[0] == '{' {
		return parseJSON(trimmed)
	}
	decoded, err := decodeAnyBase64(string(trimmed))
	if err != nil {
		return nil, malformed("scimsession", "neither JSON nor base64")
	}
	s, err := parseJSON(decoded)
	if err != nil {
		return nil, &formError{form: "in base64", err: err}
	}
	return s, nil
}

func parseJSON(data []byte) (*Session, error) {
	s := new(Session)
	if err := s.UnmarshalJSON(bytes.TrimSpace(data)); err != nil {
		return nil, err
	}
	return s, nil
}

// startsLikeJSON reports whether decoded base64 looks like an attempt at
// a JSON object, to tell damaged contents from an unlucky path.
func startsLikeJSON(data []byte) bool {
	t := bytes.TrimSpace(data)
	return len(t) > 0 && t[0] == '{'
}

// decodeAnyBase64 accepts the standard and URL alphabets, with or without
// padding, ignoring white space (base64 tools wrap lines at 76 columns).
func decodeAnyBase64(s string) ([]byte, error) {
	s = strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\t', '\n', '\r':
			return -1
		}
		return r
	}, s)
	s = strings.TrimRight(s, "=")
	if len(s) > maxSessionSize*2 {
		return nil, errors.New("too long")
	}
	enc := base64.RawStdEncoding
	if strings.ContainsAny(s, "-_") {
		enc = base64.RawURLEncoding
	}
	return enc.DecodeString(s)
}

// WriteFile writes s to path with mode 0600, atomically: a temporary file
// in the same directory, synced, then renamed over path, so a reader sees
// the old file or the new one, never half of one.
func WriteFile(path string, s *Session) (err error) {
	data, err := s.MarshalJSON()
	if err != nil {
		return err
	}
	data = append(data, '\n')
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("credentials: writing scimsession: %w", err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	// CreateTemp already uses 0600; say so explicitly rather than rely on it.
	if err = tmp.Chmod(0o600); err != nil {
		return fmt.Errorf("credentials: writing scimsession: %w", err)
	}
	if _, err = tmp.Write(data); err != nil {
		return fmt.Errorf("credentials: writing scimsession: %w", err)
	}
	if err = tmp.Sync(); err != nil {
		return fmt.Errorf("credentials: writing scimsession: %w", err)
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("credentials: writing scimsession: %w", err)
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("credentials: writing scimsession: %w", err)
	}
	// Make the rename itself durable; not every platform can sync a
	// directory, and the file is already in place, so this is best effort.
	if d, derr := os.Open(dir); derr == nil {
		_ = d.Sync()
		d.Close()
	}
	return nil
}

// CheckFileMode reports whether the file at path is readable by its group
// or by others (loose), for a start-up warning. It follows symbolic links,
// as Kubernetes mounts secrets through them.
func CheckFileMode(path string) (loose bool, mode os.FileMode, err error) {
	fi, err := os.Stat(path)
	if err != nil {
		return false, 0, fmt.Errorf("credentials: checking scimsession file mode: %w", err)
	}
	mode = fi.Mode()
	return mode.Perm()&0o044 != 0, mode, nil
}
