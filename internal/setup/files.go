package setup

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/scimbridge/scimbridge/internal/credentials"
)

// WriteSecret writes a secret (a bearer token, an API key) to a file only
// its owner can read, atomically.
func WriteSecret(path, secret string) error {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, ".secret-*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		return err
	}
	if _, err := f.WriteString(secret + "\n"); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}

// ReadSecret reads a file WriteSecret wrote.
func ReadSecret(path string) (string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	return strings.TrimSpace(string(b)), nil
}

// Write saves a pair: the scimsession at sessionPath and, when tokenPath is
// not empty, the bearer token there (quickstart keeps it for restarts).
func Write(p Pair, sessionPath, tokenPath string) error {
	if err := credentials.WriteFile(sessionPath, p.Session); err != nil {
		return fmt.Errorf("writing the scimsession: %w", err)
	}
	if tokenPath != "" {
		if err := WriteSecret(tokenPath, p.Token); err != nil {
			return fmt.Errorf("writing the bearer token: %w", err)
		}
	}
	return nil
}
