package obs

import (
	"bytes"
	"regexp"
	"sync"
)

// Ring keeps the most recent log output, bounded in bytes, for the status
// page's log download. It sits behind the redacting handler, so it only
// ever holds redacted lines; on top of that it removes the tokens of
// invitation links. Those are logged on purpose when no SMTP server is
// configured (stdout is where the administrator finds them), but whoever
// holds a link can accept the invitation, and the download is meant to be
// attached to support requests.
type Ring struct {
	mu    sync.Mutex
	max   int
	lines [][]byte
	size  int
}

// NewRing keeps at most max bytes of whole lines.
func NewRing(max int) *Ring { return &Ring{max: max} }

// invitationToken matches the token of an invitation link
// (…/invitations/<token>), however the line quotes it.
var invitationToken = regexp.MustCompile(`/invitations/[A-Za-z0-9_\-%.~]+`)

// RedactInvitations replaces the tokens of invitation links in p.
func RedactInvitations(p []byte) []byte {
	if !bytes.Contains(p, []byte("/invitations/")) {
		return p
	}
	return invitationToken.ReplaceAll(p, []byte("/invitations/"+redacted))
}

// Write keeps p (whole log lines, as slog handlers write them), without
// invitation tokens.
func (r *Ring) Write(p []byte) (int, error) {
	line := bytes.Clone(RedactInvitations(p))
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
