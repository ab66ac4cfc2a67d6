package obs

import (
	"bytes"
	"errors"
	"log/slog"
	"strings"
	"testing"

	"github.com/scimbridge/scimbridge/internal/config"
)

func TestRedaction(t *testing.T) {
	const token = "sbt1_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcde"
	const key = "sbk1_0f8e2c3a-1111-4222-8333-444455556666_c2VjcmV0c2VjcmV0"
	var b bytes.Buffer
	log := NewLogger(&b, config.Log{JSON: true, Debug: true})
	log = log.With("password", "hunter2")
	const mon = "sbm1_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcde"
	log.Info("monitoring " + mon)
	log.Info("got "+token, "token", "plain", "Authorization", "Bearer x", "note", "key "+key,
		"err", errors.New("bad key "+key), slog.Group("g", "apiKey", "v", "ok", "fine"))
	out := b.String()
	for _, secret := range []string{token, key, mon, "hunter2", "Bearer x", `"plain"`} {
		if strings.Contains(out, secret) {
			t.Errorf("log holds %q:\n%s", secret, out)
		}
	}
	if !strings.Contains(out, `"ok":"fine"`) || !strings.Contains(out, redacted) {
		t.Errorf("log lost what is not secret:\n%s", out)
	}
}

func TestLevels(t *testing.T) {
	var b bytes.Buffer
	NewLogger(&b, config.Log{Pretty: true}).Debug("hidden")
	NewLogger(&b, config.Log{Pretty: true, Trace: true}).Log(t.Context(), LevelTrace, "traced")
	if strings.Contains(b.String(), "hidden") || !strings.Contains(b.String(), "level=TRACE") {
		t.Fatalf("levels:\n%s", b.String())
	}
}
