package sqlstore

import (
	"testing"
	"time"

	"github.com/scimbridge/scimbridge/internal/scim/filter"
	"github.com/scimbridge/scimbridge/internal/scim/schema"
)

func TestTimeKey(t *testing.T) {
	times := []string{"0000-01-01T00:00:00+01:00", "0000-01-01T00:00:00Z", "1969-12-31T23:59:59.999999999Z", "1970-01-01T00:00:00Z",
		"2024-03-05T10:00:00Z", "2024-03-05T10:00:00.000000001Z", "9999-12-31T23:59:59.999999999-23:59"}
	var last string
	for _, s := range times {
		tm, ok := parseDateTime(s)
		if !ok {
			t.Fatalf("parseDateTime(%q) failed", s)
		}
		key := timeKey(tm)
		if key <= last {
			t.Errorf("timeKey(%s) = %s, not after %s", s, key, last)
		}
		last = key
	}
	if got := timeKey(time.Date(2024, 3, 5, 10, 0, 0, 5, time.UTC)); got != "1001709632800.000000005" {
		t.Errorf("timeKey = %s", got)
	}
}

func TestParseDateTime(t *testing.T) {
	tests := []struct {
		in   string
		want string // RFC 3339 in UTC; "" when invalid
	}{
		{"2024-03-05T10:00:00Z", "2024-03-05T10:00:00Z"},
		{"2024-03-05t10:00:00z", "2024-03-05T10:00:00Z"},
		{"2024-03-05T10:00:00", "2024-03-05T10:00:00Z"},
		{"2024-03-05T12:30:00+02:30", "2024-03-05T10:00:00Z"},
		{"2024-03-05T00:00:00-05:00", "2024-03-05T05:00:00Z"},
		{"2024-03-05T10:00:00.5Z", "2024-03-05T10:00:00.5Z"},
		{"2024-03-05T10:00:00.123456789123Z", "2024-03-05T10:00:00.123456789Z"},
		{"2016-12-31T23:59:60Z", "2017-01-01T00:00:00Z"},
		{"2024-02-29T00:00:00Z", "2024-02-29T00:00:00Z"},
		{"2023-02-29T00:00:00Z", ""},
		{"2024-03-05T24:00:00Z", ""},
		{"2024-03-05T10:00:61Z", ""},
		{"2024-03-05T10:00:00.Z", ""},
		{"2024-03-05T10:00:00+24:00", ""},
		{"2024-03-05T10:00:00+0200", ""},
		{"2024-03-05 10:00:00Z", ""},
		{"2024-3-5T10:00:00Z", ""},
		{"yesterday", ""},
		{"", ""},
	}
	for _, tc := range tests {
		got, ok := parseDateTime(tc.in)
		switch {
		case tc.want == "" && ok:
			t.Errorf("parseDateTime(%q) = %v, want invalid", tc.in, got)
		case tc.want != "" && (!ok || got.Format(time.RFC3339Nano) != tc.want):
			t.Errorf("parseDateTime(%q) = %v, %v; want %s", tc.in, got, ok, tc.want)
		}
	}
}

// FuzzParseDateTime checks parseDateTime against package filter, whose
// reading of dateTimes the SQL must share: the same strings are times
// (filter.Check accepts them in a comparison), and they name the same
// instant (filter.Match finds them equal to what parseDateTime read).
func FuzzParseDateTime(f *testing.F) {
	for _, s := range []string{"2024-03-05T10:00:00Z", "2024-03-05t10:00:00.123+01:00", "2016-12-31T23:59:60", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.9999999999-23:59"} {
		f.Add(s)
	}
	created := filter.AttrPath{Name: "meta", Sub: "created"}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := parseDateTime(s)
		cmp := &filter.Compare{Path: created, Op: filter.Eq, Value: filter.Value{Kind: filter.StringValue, Str: s}}
		if checkOK := filter.Check(cmp, schema.Users) == nil; checkOK != ok {
			t.Fatalf("parseDateTime(%q) ok = %v, filter.Check ok = %v", s, ok, checkOK)
		}
		if !ok {
			return
		}
		if key := timeKey(got); len(key) != len("0001709632800.000000000") {
			t.Fatalf("timeKey(%v) = %q", got, key)
		}
		if got.Year() < 0 || got.Year() > 9999 {
			return // no RFC 3339 text for it in UTC
		}
		doc := map[string]any{"meta": map[string]any{"created": s}}
		cmp.Value.Str = got.Format(time.RFC3339Nano)
		if m, err := filter.Match(cmp, doc, schema.Users); err != nil || !m {
			t.Fatalf("parseDateTime(%q) = %s, which filter.Match does not find equal (%v)", s, cmp.Value.Str, err)
		}
	})
}

// TestTimeKeySQL checks that the SQL function scim_time_key of each
// database reads dateTimes as parseDateTime does and gives timeKey's text.
func TestTimeKeySQL(t *testing.T) {
	inputs := []string{
		"2024-03-05T10:00:00Z", "2024-03-05t10:00:00z", "2024-03-05T10:00:00", "2024-03-05T12:30:00+02:30",
		"2024-03-05T00:00:00-05:00", "2024-03-05T10:00:00.5Z", "2024-03-05T10:00:00.123456789123Z",
		"2016-12-31T23:59:60Z", "1969-12-31T23:59:59.999999999Z", "2023-02-29T00:00:00Z", "2024-03-05T24:00:00Z",
		"2024-03-05T10:00:61Z", "2024-03-05T10:00:00.Z", "2024-03-05 10:00:00Z", "yesterday", "",
		"2024-03-05T10:00:00+15:59", "1000-01-01T00:00:00Z", "9999-12-31T23:59:59Z",
	}
	for _, b := range backends() {
		t.Run(b.name, func(t *testing.T) {
			s := b.open(t)
			for _, in := range inputs {
				var got *string
				if err := s.readers.QueryRowContext(t.Context(), s.d.rebind("SELECT scim_time_key(?)"), in).Scan(&got); err != nil {
					t.Fatalf("scim_time_key(%q): %v", in, err)
				}
				want, ok := parseDateTime(in)
				switch {
				case !ok && got != nil:
					t.Errorf("scim_time_key(%q) = %s, want NULL", in, *got)
				case ok && (got == nil || *got != timeKey(want)):
					t.Errorf("scim_time_key(%q) = %v, want %s", in, got, timeKey(want))
				}
			}
		})
	}
}
