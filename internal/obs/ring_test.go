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
