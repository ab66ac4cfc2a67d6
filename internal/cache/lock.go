// Package cache holds what the bridge shares between its replicas: named
// locks that expire (so exactly one replica runs a job, such as the
// confirmation watcher), kept in Redis when it is configured and in the
// process otherwise.
package cache

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"sync"
	"time"
)

// Locker grants named locks that expire on their own, so a replica that
// dies while holding one does not block the others for longer than the
// lock's time to live.
type Locker interface {
	// TryLock takes the named lock for ttl if nobody holds it. It reports
	// false when another holder has it; release gives it back (only if
	// this holder still has it).
	TryLock(ctx context.Context, name string, ttl time.Duration) (release func(context.Context) error, ok bool, err error)
}

// MemoryLocker is a Locker for one process.
type MemoryLocker struct {
	mu    sync.Mutex
	held  map[string]held
	clock func() time.Time
}

type held struct {
	token   string
	expires time.Time
}

// NewMemoryLocker returns an in-process Locker.
func NewMemoryLocker() *MemoryLocker {
	return &MemoryLocker{held: map[string]held{}, clock: time.Now}
}

// TryLock implements Locker.
func (m *MemoryLocker) TryLock(_ context.Context, name string, ttl time.Duration) (func(context.Context) error, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.clock()
	if h, ok := m.held[name]; ok && now.Before(h.expires) {
		return nil, false, nil
	}
	token := newToken()
	m.held[name] = held{token: token, expires: now.Add(ttl)}
	return func(context.Context) error {
		m.mu.Lock()
		defer m.mu.Unlock()
		if h, ok := m.held[name]; ok && h.token == token {
			delete(m.held, name)
		}
		return nil
	}, true, nil
}

// newToken identifies one holding of a lock, so a holder whose lock
// expired and was taken by another cannot release the other's.
func newToken() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
