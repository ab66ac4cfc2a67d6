package sqlstore

import (
	"fmt"
	"strconv"
	"time"
)

// parseDateTime reads a dateTime as package filter does (RFC 7643 §2.3.5):
// YYYY-MM-DDThh:mm:ss, an optional fraction of any length (digits past
// nanoseconds ignored), then "Z", an offset ±hh:mm or nothing (UTC); 'T'
// and 'Z' in either case; second 60 is the first instant of the next
// minute. The SQL side must agree with filter.Match on which strings are
// times and which instants they name.
func parseDateTime(s string) (time.Time, bool) {
	if len(s) < 19 || (s[10] != 'T' && s[10] != 't') {
		return time.Time{}, false
	}
	base := s[:10] + "T" + s[11:19]
	leap := s[17:19] == "60"
	if leap {
		base = base[:17] + "59"
	}
	t, err := time.Parse("2006-01-02T15:04:05", base)
	if err != nil {
		return time.Time{}, false
	}
	rest := s[19:]
	if len(rest) > 0 && rest[0] == '.' {
		i := 1
		for i < len(rest) && rest[i] >= '0' && rest[i] <= '9' {
			i++
		}
		if i == 1 {
			return time.Time{}, false
		}
		digits := (rest[1:i] + "000000000")[:9]
		ns, _ := strconv.Atoi(digits) // nine ASCII digits
		t = t.Add(time.Duration(ns))
		rest = rest[i:]
	}
	switch {
	case rest == "" || rest == "Z" || rest == "z":
	case len(rest) == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':':
		hh, err1 := strconv.ParseUint(rest[1:3], 10, 8)
		mm, err2 := strconv.ParseUint(rest[4:6], 10, 8)
		if err1 != nil || err2 != nil || hh > 23 || mm > 59 {
			return time.Time{}, false
		}
		off := time.Duration(hh)*time.Hour + time.Duration(mm)*time.Minute
		if rest[0] == '+' {
			off = -off
		}
		t = t.Add(off)
	default:
		return time.Time{}, false
	}
	if leap {
		t = t.Add(time.Second)
	}
	return t.UTC(), true
}

// timeKey is t as text that sorts chronologically, to the nanosecond: the
// unix seconds plus 10¹², in 13 digits, a point and 9 digits of
// nanoseconds. Fixed width keeps text order and time order the same for
// every year a dateTime can name once its offset is applied (-1 to 10000).
// The PostgreSQL function scim_time_key produces the same text.
func timeKey(t time.Time) string {
	return fmt.Sprintf("%013d.%09d", t.Unix()+timeKeyShift, t.Nanosecond())
}

// timeKeyShift makes the seconds of every dateTime positive.
const timeKeyShift = 1_000_000_000_000
