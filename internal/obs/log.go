// Package obs holds what the processes share for being observed: the
// logger, with a handler that redacts secrets whatever the caller passes.
package obs

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"reflect"
	"regexp"
	"slices"
	"strings"

	"github.com/scimbridge/scimbridge/internal/config"
)

// RequestIDKey is the attribute under which log lines carry the id of the
// request they were logged for.
const RequestIDKey = "request_id"

type requestIDKey struct{}

// WithRequestID returns a context that carries the id of the request it
// serves: every line logged with it (through slog's *Context methods)
// carries the id, whether the caller passes it or not.
func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, requestIDKey{}, id)
}

// RequestID returns the id of the request a context belongs to (the one
// WithRequestID stored), or "".
func RequestID(ctx context.Context) string {
	if ctx == nil {
		return ""
	}
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

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
// tokens or keys, are replaced, whatever its kind (strings, errors,
// groups, and slices, maps and structs). It also adds the request id the
// context carries (WithRequestID) to lines that lack one.
func Redact(h slog.Handler) slog.Handler { return redactor{next: h} }

type redactor struct {
	next  slog.Handler
	hasID bool // WithAttrs already gave every line a request id
}

// secretKeys are attribute keys whose values are always secret.
var secretKeys = []string{"token", "password", "secret", "authorization", "apikey", "api_key", "scimsession", "cookie"}

// secretValue matches our bearer, API and monitoring tokens anywhere in a
// string.
var secretValue = regexp.MustCompile(`sb[tkm]1_[A-Za-z0-9_\-]+`)

const redacted = "[redacted]"

func (r redactor) Enabled(ctx context.Context, l slog.Level) bool { return r.next.Enabled(ctx, l) }

func (r redactor) Handle(ctx context.Context, rec slog.Record) error {
	out := slog.NewRecord(rec.Time, rec.Level, scrub(rec.Message), rec.PC)
	if !r.hasID {
		if id := RequestID(ctx); id != "" {
			has := false
			rec.Attrs(func(a slog.Attr) bool {
				has = a.Key == RequestIDKey
				return !has
			})
			if !has {
				out.AddAttrs(slog.String(RequestIDKey, scrub(id)))
			}
		}
	}
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
	return redactor{next: r.next.WithAttrs(clean), hasID: r.hasID || slices.ContainsFunc(attrs, func(a slog.Attr) bool { return a.Key == RequestIDKey })}
}

func (r redactor) WithGroup(name string) slog.Handler {
	return redactor{next: r.next.WithGroup(name), hasID: r.hasID}
}

func secretKey(k string) bool {
	k = strings.ToLower(k)
	for _, s := range secretKeys {
		if strings.Contains(k, s) {
			return true
		}
	}
	return false
}

func redactAttr(a slog.Attr) slog.Attr {
	if secretKey(a.Key) {
		return slog.String(a.Key, redacted)
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
		return slog.Attr{Key: a.Key, Value: redactAny(v)}
	}
	return slog.Attr{Key: a.Key, Value: v}
}

// redactAny cleans a value of any other kind. Errors and byte slices are
// logged as their (scrubbed) text. Slices, maps, structs and pointers to
// them are checked both as the text handler prints them (fmt, which shows
// unexported fields) and as the JSON handler does (encoding/json, which
// runs MarshalJSON): when either shows a secret, the value is logged as
// its cleaned JSON form — map keys and field names that name a secret
// replaced, tokens scrubbed — or, when it has none, as its scrubbed text.
// Values without a secret are logged as they are.
func redactAny(v slog.Value) slog.Value {
	switch x := v.Any().(type) {
	case nil:
		return v
	case error:
		return slog.StringValue(scrub(x.Error()))
	case []byte:
		if s := string(x); hasSecret(s) {
			return slog.StringValue(scrub(s))
		}
		return v
	case fmt.Stringer:
		if s := x.String(); hasSecret(s) {
			return slog.StringValue(scrub(s))
		}
	}
	x := v.Any()
	switch k := reflect.Indirect(reflect.ValueOf(x)).Kind(); k {
	case reflect.Map, reflect.Struct, reflect.Slice, reflect.Array, reflect.Interface:
	default:
		// A scalar of a named type (a string kind, a number): as text.
		if s := fmt.Sprint(x); hasSecret(s) {
			return slog.StringValue(scrub(s))
		}
		return v
	}
	text := fmt.Sprintf("%+v", x)
	j, err := json.Marshal(x)
	if err != nil {
		if hasSecret(text) {
			return slog.StringValue(scrub(text))
		}
		return v
	}
	var tree any
	d := json.NewDecoder(bytes.NewReader(j))
	d.UseNumber()
	if d.Decode(&tree) != nil {
		return v
	}
	clean, changed := cleanTree(tree)
	switch {
	case changed:
		return slog.AnyValue(clean)
	case hasSecret(text):
		return slog.StringValue(scrub(text))
	}
	return v
}

// cleanTree redacts a decoded JSON value: members whose name is a secret
// key, and tokens in strings. It reports whether it changed anything.
func cleanTree(v any) (any, bool) {
	switch v := v.(type) {
	case string:
		s := scrub(v)
		return s, s != v
	case []any:
		changed := false
		for i, e := range v {
			var c bool
			v[i], c = cleanTree(e)
			changed = changed || c
		}
		return v, changed
	case map[string]any:
		changed := false
		for k, e := range v {
			if secretKey(k) {
				if e != nil && e != "" {
					v[k], changed = redacted, true
				}
				continue
			}
			var c bool
			v[k], c = cleanTree(e)
			changed = changed || c
		}
		return v, changed
	}
	return v, false
}

func hasSecret(s string) bool {
	return strings.Contains(s, "sbt1_") || strings.Contains(s, "sbk1_") || strings.Contains(s, "sbm1_")
}

// Scrub replaces our tokens and keys in s, as the handler does in every
// line: for text that leaves the process by other ways (health details).
func Scrub(s string) string { return scrub(s) }

func scrub(s string) string {
	if !hasSecret(s) {
		return s
	}
	return secretValue.ReplaceAllString(s, redacted)
}
