package obs

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/scimbridge/scimbridge/internal/config"
)

func TestRingKeepsTheNewestLines(t *testing.T) {
	r := NewRing(100)
	for i := 0; i < 50; i++ {
		fmt.Fprintf(r, "line %02d\n", i)
	}
	got := r.Bytes()
	if len(got) > 100 || !bytes.HasSuffix(got, []byte("line 49\n")) || !bytes.HasPrefix(got, []byte("line ")) {
		t.Fatalf("ring: %q", got)
	}
}

func TestRingHoldsRedactedLines(t *testing.T) {
	r := NewRing(1 << 20)
	log := NewLogger(io.MultiWriter(io.Discard, r), config.Log{JSON: true})
	log.Info("token sbt1_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcde", "password", "hunter2")
	if s := string(r.Bytes()); strings.Contains(s, "sbt1_") || strings.Contains(s, "hunter2") || !strings.Contains(s, redacted) {
		t.Fatalf("ring: %s", s)
	}
}

// TestRingHidesInvitationTokens: invitation links are logged (on stdout)
// when there is no SMTP server, but whoever holds one can accept the
// invitation: the ring, which the status page offers for download, keeps
// the line without the token.
func TestRingHidesInvitationTokens(t *testing.T) {
	const link = "https://team.example.com/invitations/3q2-7wEAAAB_Q2hhbmdlTWVQbGVhc2VUaGlzSXNBVG9rZW4"
	for _, format := range []config.Log{{JSON: true}, {Pretty: true}} {
		r := NewRing(1 << 20)
		var stdout bytes.Buffer
		log := NewLogger(io.MultiWriter(&stdout, r), format)
		log.Info("invitation created; no SMTP server is configured, so pass the link on", "person", "p1", "invitation_link", link)
		log.Info("request", "path", "/invitations/3q2-7wEAAAB_Q2hhbmdlTWVQbGVhc2VUaGlzSXNBVG9rZW4")
		ring := string(r.Bytes())
		if strings.Contains(ring, "3q2-7wEAAAB") || strings.Count(ring, "/invitations/"+redacted) != 2 || !strings.Contains(ring, "https://team.example.com/invitations/") {
			t.Errorf("%+v: ring:\n%s", format, ring)
		}
		if !strings.Contains(stdout.String(), link) {
			t.Errorf("%+v: stdout lost the link:\n%s", format, stdout.String())
		}
	}
}
