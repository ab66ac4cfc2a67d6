package sqlstore

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// Times are stored as unix microseconds, UTC.

func micro(t time.Time) int64 { return t.UnixMicro() }

func fromMicro(us int64) time.Time { return time.UnixMicro(us).UTC() }

// floorMicro is t in whole microseconds, rounded down (UnixMicro rounds
// toward zero, which differs before 1970).
func floorMicro(t time.Time) int64 {
	us := t.UnixMicro()
	if time.UnixMicro(us).After(t) {
		us--
	}
	return us
}

func nullMicro(t *time.Time) any {
	if t == nil {
		return nil
	}
	return micro(*t)
}

func fromNullMicro(n sql.NullInt64) *time.Time {
	if !n.Valid {
		return nil
	}
	t := fromMicro(n.Int64)
	return &t
}

// nullString stores an empty string as NULL: optional text is NULL when
// absent, so a filter on it never matches an empty value by accident.
func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// key is the folded form of s kept in the *_key columns, or NULL for "".
func key(s string) any {
	if s == "" {
		return nil
	}
	return strings.ToLower(s)
}

func encodeJSON(v any, empty string) (string, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("sqlstore: encode: %w", err)
	}
	if string(b) == "null" {
		return empty, nil
	}
	return string(b), nil
}

func encodeAttributes(m map[string]any) (string, error) { return encodeJSON(m, "{}") }

func encodeSchemas(s []string) (string, error) { return encodeJSON(s, "[]") }

// decodeAttributes reads attributes back with numbers as json.Number, so
// that integers stay exact; an empty object gives a nil map.
func decodeAttributes(raw []byte) (map[string]any, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("sqlstore: decode attributes: %w", err)
	}
	if len(m) == 0 {
		return nil, nil
	}
	return m, nil
}

func decodeSchemas(raw []byte) ([]string, error) {
	var s []string
	if err := json.Unmarshal(raw, &s); err != nil {
		return nil, fmt.Errorf("sqlstore: decode schemas: %w", err)
	}
	if len(s) == 0 {
		return nil, nil
	}
	return s, nil
}

// jsonList encodes ids for dialect.inList.
func jsonList(ids []string) string {
	if ids == nil {
		return "[]"
	}
	b, _ := json.Marshal(ids) // a []string always encodes
	return string(b)
}
