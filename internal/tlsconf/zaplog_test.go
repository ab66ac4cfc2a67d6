package tlsconf

import (
	"bytes"
	"encoding/json"
	"errors"
	"log/slog"
	"strings"
	"testing"

	"go.uber.org/zap"
)

func TestZapToSlog(t *testing.T) {
	for _, tc := range []struct {
		name  string
		level slog.Level
		log   func(*zap.Logger)
		want  []map[string]any // the JSON lines, only the keys given
	}{
		{"info is debug", slog.LevelInfo, func(l *zap.Logger) { l.Info("acme step") }, nil},
		{"info at debug", slog.LevelDebug, func(l *zap.Logger) { l.Named("obtain").Info("acme step", zap.String("identifier", "a.example")) },
			[]map[string]any{{"level": "DEBUG", "msg": "acme step", "logger": "certmagic.obtain", "identifier": "a.example"}}},
		{"warn and error", slog.LevelInfo, func(l *zap.Logger) {
			l.Warn("stapling", zap.Int("n", 2))
			l.Error("failed", zap.Error(errors.New("boom")))
		}, []map[string]any{
			{"level": "WARN", "msg": "stapling", "n": float64(2), "logger": "certmagic"},
			{"level": "ERROR", "msg": "failed", "error": "boom"},
		}},
		{"with fields and unnamed parent", slog.LevelInfo, func(l *zap.Logger) {
			l.Named("").Named("acme_client").With(zap.String("ca", "https://ca")).Error("x", zap.Strings("names", []string{"a", "b"}))
		}, []map[string]any{{"logger": "certmagic.acme_client", "ca": "https://ca", "names": []any{"a", "b"}}}},
		{"bytes dropped", slog.LevelInfo, func(l *zap.Logger) {
			l.Warn("key", zap.Binary("der", []byte{1, 2, 3}), zap.ByteString("pem", []byte("-----BEGIN")))
		}, []map[string]any{{"msg": "key", "der": nil, "pem": nil}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			tc.log(zapToSlog(slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: tc.level}))))
			lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
			if buf.Len() == 0 {
				lines = nil
			}
			if len(lines) != len(tc.want) {
				t.Fatalf("%d lines, want %d:\n%s", len(lines), len(tc.want), buf.String())
			}
			for i, line := range lines {
				var got map[string]any
				if err := json.Unmarshal([]byte(line), &got); err != nil {
					t.Fatal(err)
				}
				for k, v := range tc.want[i] {
					if g, ok := got[k]; (v == nil && ok) || (v != nil && !jsonEqual(g, v)) {
						t.Errorf("line %d: %s = %v, want %v (%s)", i, k, g, v, line)
					}
				}
			}
		})
	}
}

func jsonEqual(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return bytes.Equal(x, y)
}
