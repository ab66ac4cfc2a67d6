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

// TestRedactionOfAnyKind: secrets inside slices, maps, structs, pointers,
// byte slices and named string types are redacted too, in both formats;
// what is not secret is kept as it is.
func TestRedactionOfAnyKind(t *testing.T) {
	const token = "sbt1_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcde"
	type creds struct {
		User     string
		Password string
		note     string
	}
	type header string
	type wrapped struct{ Inner []string }
	for _, format := range []config.Log{{JSON: true}, {Pretty: true}} {
		var b bytes.Buffer
		log := NewLogger(&b, format)
		log.Info("values",
			"auth", []string{"Bearer " + token},
			"headers", map[string][]string{"X-Forwarded": {"Bearer " + token}},
			"fields", map[string]string{"Cookie": "session=abc", "Accept": "json"},
			"creds", creds{User: "ann", Password: "hunter2"},
			"ptr", &wrapped{Inner: []string{token}},
			"hidden", creds{note: "key " + token},
			"raw", []byte("Bearer "+token),
			"named", header("Bearer "+token),
			"plain", []string{"a", "b"},
			"count", map[string]int{"people": 3},
		)
		out := b.String()
		for _, secret := range []string{token, "hunter2", "session=abc"} {
			if strings.Contains(out, secret) {
				t.Errorf("%+v: the log holds %q:\n%s", format, secret, out)
			}
		}
		for _, kept := range []string{"ann", "Accept", "people"} {
			if !strings.Contains(out, kept) {
				t.Errorf("%+v: the log lost %q:\n%s", format, kept, out)
			}
		}
		if format.JSON && (!strings.Contains(out, `"plain":["a","b"]`) || !strings.Contains(out, `"count":{"people":3}`)) {
			t.Errorf("values without secrets changed shape:\n%s", out)
		}
	}
}

// TestRequestIDFromContext: a line logged with a request's context
// carries its id, once, whether the caller passes it or not.
func TestRequestIDFromContext(t *testing.T) {
	var b bytes.Buffer
	log := NewLogger(&b, config.Log{JSON: true})
	ctx := WithRequestID(t.Context(), "req-123")
	log.InfoContext(ctx, "invitation created", "person", "p1")
	log.InfoContext(ctx, "request failed", "request_id", "req-123")
	log.With("request_id", "req-123").InfoContext(ctx, "with")
	log.WithGroup("g").InfoContext(ctx, "grouped", "k", "v")
	log.InfoContext(WithRequestID(t.Context(), "from-header"), "in the account service")
	log.InfoContext(t.Context(), "no request")
	log.Info("no context")
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	if len(lines) != 7 {
		t.Fatalf("lines:\n%s", b.String())
	}
	for i, want := range []int{1, 1, 1, 1, 1, 0, 0} {
		n := strings.Count(lines[i], `"request_id":`)
		if n != want || want == 1 && !strings.Contains(lines[i], `"request_id":"req-123"`) && !strings.Contains(lines[i], `"request_id":"from-header"`) {
			t.Errorf("line %d has %d request ids, want %d: %s", i, n, want, lines[i])
		}
	}
	if RequestID(ctx) != "req-123" || RequestID(t.Context()) != "" {
		t.Fatal("RequestID does not read what WithRequestID stored")
	}
}
