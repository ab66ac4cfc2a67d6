// Package obs holds what the processes share for being observed: the
// logger, with a handler that redacts secrets whatever the caller passes.
package obs

import (
	"context"
	"io"
	"log/slog"
	"regexp"
	"strings"

	"github.com/scimbridge/scimbridge/internal/config"
)

// LevelTrace is below debug: every request's details (OP_TRACE).
const LevelTrace = slog.Level(-8)

// NewLogger builds the process logger: JSON lines by default, readable text
// with OP_PRETTY_LOGS, at info level, debug with OP_DEBUG, trace with
// OP_TRACE. Secrets are redacted by the handler.
func NewLogger(w io.Writer, c config.Log) *slog.Logger {
	level := slog.LevelInfo
	switch {
	case c.Trace:
		level = LevelTrace
	case c.Debug:
		level = slog.LevelDebug
	}
	opts := &slog.HandlerOptions{Level: level, ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
		if a.Key == slog.LevelKey && a.Value.Any() == LevelTrace {
			a.Value = slog.StringValue("TRACE")
		}
		return a
	}}
	var h slog.Handler
	if c.JSON && !c.Pretty {
		h = slog.NewJSONHandler(w, opts)
	} else {
		h = slog.NewTextHandler(w, opts)
	}
	return slog.New(Redact(h))
}

// Redact wraps a handler so that secrets never reach the log: attributes
// whose key names a secret, and any value that looks like one of our
// tokens or keys, are replaced.
func Redact(h slog.Handler) slog.Handler { return redactor{h} }

type redactor struct{ next slog.Handler }

// secretKeys are attribute keys whose values are always secret.
var secretKeys = []string{"token", "password", "secret", "authorization", "apikey", "api_key", "scimsession", "cookie"}

// secretValue matches our bearer, API and monitoring tokens anywhere in a
// string.
var secretValue = regexp.MustCompile(`sb[tkm]1_[A-Za-z0-9_\-]+`)

const redacted = "[redacted]"

func (r redactor) Enabled(ctx context.Context, l slog.Level) bool { return r.next.Enabled(ctx, l) }

func (r redactor) Handle(ctx context.Context, rec slog.Record) error {
	out := slog.NewRecord(rec.Time, rec.Level, scrub(rec.Message), rec.PC)
	rec.Attrs(func(a slog.Attr) bool {
		out.AddAttrs(redactAttr(a))
		return true
	})
	return r.next.Handle(ctx, out)
}

func (r redactor) WithAttrs(attrs []slog.Attr) slog.Handler {
	clean := make([]slog.Attr, len(attrs))
	for i, a := range attrs {
		clean[i] = redactAttr(a)
	}
	return redactor{r.next.WithAttrs(clean)}
}

func (r redactor) WithGroup(name string) slog.Handler { return redactor{r.next.WithGroup(name)} }

func redactAttr(a slog.Attr) slog.Attr {
	key := strings.ToLower(a.Key)
	for _, s := range secretKeys {
		if strings.Contains(key, s) {
			return slog.String(a.Key, redacted)
		}
	}
	v := a.Value.Resolve()
	switch v.Kind() {
	case slog.KindString:
		return slog.String(a.Key, scrub(v.String()))
	case slog.KindGroup:
		attrs := v.Group()
		clean := make([]any, len(attrs))
		for i, g := range attrs {
			clean[i] = redactAttr(g)
		}
		return slog.Group(a.Key, clean...)
	case slog.KindAny:
		if err, ok := v.Any().(error); ok {
			return slog.String(a.Key, scrub(err.Error()))
		}
	}
	return slog.Attr{Key: a.Key, Value: v}
}

func scrub(s string) string {
	if !strings.Contains(s, "sbt1_") && !strings.Contains(s, "sbk1_") && !strings.Contains(s, "sbm1_") {
		return s
	}
	return secretValue.ReplaceAllString(s, redacted)
}
