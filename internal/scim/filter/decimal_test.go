package filter

import (
	"encoding/json"
	"math"
	"testing"
)

func TestCmpDecimal(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"0", "0", 0},
		{"0", "-0", 0},
		{"0.000", "0e99", 0},
		{"1", "1.0", 0},
		{"1", "1e0", 0},
		{"100", "1e2", 0},
		{"100", "1E+2", 0},
		{"0.01", "1e-2", 0},
		{"12.5", "125e-1", 0},
		{"1", "2", -1},
		{"2", "10", -1},
		{"-2", "-10", 1},
		{"-1", "0", -1},
		{"0", "-0.0001", 1},
		{"0.1", "0.10000000000000000000000000000000000000000000000000000000000000000000000000000000001", -1},
		{"123456789012345678901234567890", "123456789012345678901234567891", -1},
		{"1e400", "1e399", 1},
		{"-1e400", "1e-400", -1},
		// Exponents beyond 15 digits are clamped: such values are not real.
		{"1e999999999999999999999", "1e999999999999999999998", 0},
		{"1e100000000000000000000", "1e200000000000000", 1},
		{"1e999999999999999999999", "9", 1},
		{"-1e999999999999999999999", "-9", -1},
		{"1e-999999999999999999999", "0", 1},
		{"0.5", "0.49999999999999999999", 1},
	}
	for _, tt := range tests {
		a, okA := parseDecimal(tt.a)
		b, okB := parseDecimal(tt.b)
		if !okA || !okB {
			t.Errorf("parseDecimal(%q, %q) failed", tt.a, tt.b)
			continue
		}
		if got := cmpDecimal(a, b); got != tt.want {
			t.Errorf("cmp(%s, %s) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
		if got := cmpDecimal(b, a); got != -tt.want {
			t.Errorf("cmp(%s, %s) = %d, want %d", tt.b, tt.a, got, -tt.want)
		}
	}
	for _, bad := range []string{"", "abc", "1.", "01", "+1", "1e", "NaN"} {
		if _, ok := parseDecimal(bad); ok {
			t.Errorf("parseDecimal(%q) succeeded", bad)
		}
	}
}

func TestDocDecimal(t *testing.T) {
	one, _ := parseDecimal("1")
	for _, v := range []any{json.Number("1"), json.Number("1.0"), 1.0, float32(1), 1, int8(1), int16(1), int32(1), int64(1),
		uint(1), uint8(1), uint16(1), uint32(1), uint64(1)} {
		d, ok := docDecimal(v)
		if !ok || cmpDecimal(d, one) != 0 {
			t.Errorf("docDecimal(%T %v) = %+v, %v", v, v, d, ok)
		}
	}
	for _, v := range []any{math.NaN(), math.Inf(1), float32(math.Inf(-1)), "1", true, nil, json.Number("x"), []any{1}} {
		if d, ok := docDecimal(v); ok {
			t.Errorf("docDecimal(%T %v) = %+v", v, v, d)
		}
	}
}
