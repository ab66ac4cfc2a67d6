package obs

import (
	"bytes"
	"sync"
)

// Ring keeps the most recent log output, bounded in bytes, for the status
// page's log download. It sits behind the redacting handler, so it only
// ever holds redacted lines.
type Ring struct {
	mu    sync.Mutex
	max   int
	lines [][]byte
	size  int
}

// NewRing keeps at most max bytes of whole lines.
func NewRing(max int) *Ring { return &Ring{max: max} }

// Write keeps p (whole log lines, as slog handlers write them).
func (r *Ring) Write(p []byte) (int, error) {
	line := bytes.Clone(p)
	r.mu.Lock()
	defer r.mu.Unlock()
	r.lines = append(r.lines, line)
	r.size += len(line)
	for r.size > r.max && len(r.lines) > 1 {
		r.size -= len(r.lines[0])
		r.lines[0] = nil
		r.lines = r.lines[1:]
	}
	return len(p), nil
}

// Bytes returns the kept lines, oldest first.
func (r *Ring) Bytes() []byte {
	r.mu.Lock()
	defer r.mu.Unlock()
	return bytes.Join(r.lines, nil)
}
