package bridge

import (
	"errors"
	"os"
	"sync"
	"time"

	"github.com/scimbridge/scimbridge/internal/credentials"
)

// SessionSource provides the scimsession.
type SessionSource interface {
	// Session returns the current scimsession, or ErrNoSession.
	Session() (*credentials.Session, error)
	// Reload looks for a newer scimsession (setup --regenerate may have
	// replaced the file) and reports whether it found one.
	Reload() bool
}

// ErrNoSession means no scimsession is installed.
var ErrNoSession = errors.New("no scimsession is installed")

// StaticSession is a scimsession that never changes (given as base64 in
// OP_SESSION, or in tests).
type StaticSession struct{ S *credentials.Session }

// Session returns the session.
func (s StaticSession) Session() (*credentials.Session, error) {
	if s.S == nil {
		return nil, ErrNoSession
	}
	return s.S, nil
}

// Reload never finds anything new.
func (StaticSession) Reload() bool { return false }

// FileSession is a scimsession file, read again when it changes, so
// regenerated credentials take effect without a restart.
type FileSession struct {
	path string

	mu      sync.Mutex
	session *credentials.Session
	mod     time.Time
	size    int64
	err     error
}

// NewFileSession reads the scimsession at path. A missing file is not an
// error: the bridge starts and explains how to install one.
func NewFileSession(path string) (*FileSession, error) {
	f := &FileSession{path: path}
	f.Reload()
	if f.err != nil && !errors.Is(f.err, ErrNoSession) {
		return nil, f.err
	}
	return f, nil
}

// Session returns the session last read.
func (f *FileSession) Session() (*credentials.Session, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.session, f.err
}

// Reload reads the file again if its size or modification time changed.
func (f *FileSession) Reload() bool {
	st, err := os.Stat(f.path)
	f.mu.Lock()
	defer f.mu.Unlock()
	if err != nil {
		if f.session == nil {
			f.err = ErrNoSession
		}
		return false
	}
	if f.session != nil && st.ModTime().Equal(f.mod) && st.Size() == f.size {
		return false
	}
	s, err := credentials.Load(f.path)
	if err != nil {
		if f.session == nil {
			f.err = err
		}
		return false
	}
	f.session, f.err, f.mod, f.size = s, nil, st.ModTime(), st.Size()
	return true
}
