package filter

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"
)

// decimal is a JSON number held exactly: the value is
// ±0.digits × 10^exp, where digits has no leading or trailing zeros. Zero
// has no digits. Comparing two of them needs no arithmetic, so "1e400",
// "0.1" and 100-digit integers compare exactly, and a huge exponent costs
// nothing.
type decimal struct {
	neg    bool
	digits string
	exp    int64
}

// An exponent of more than maxExpDigits digits is taken as ±maxExp: far
// beyond where the digits (at most MaxLength of them) could matter, and small
// enough that adding their count cannot overflow.
const (
	maxExpDigits = 15
	maxExp       = 1_000_000_000_000_000
)

// parseDecimal reads a number in the JSON grammar.
func parseDecimal(s string) (decimal, bool) {
	if !isJSONNumber(s) {
		return decimal{}, false
	}
	var d decimal
	if s[0] == '-' {
		d.neg, s = true, s[1:]
	}
	mant, expPart, hasExp := strings.Cut(strings.ToLower(s), "e")
	intPart, frac, _ := strings.Cut(mant, ".")
	var e int64
	if hasExp {
		sign := int64(1)
		switch expPart[0] {
		case '-':
			sign, expPart = -1, expPart[1:]
		case '+':
			expPart = expPart[1:]
		}
		expPart = strings.TrimLeft(expPart, "0")
		switch {
		case len(expPart) > maxExpDigits:
			e = sign * maxExp
		case expPart != "":
			n, err := strconv.ParseInt(expPart, 10, 64)
			if err != nil {
				return decimal{}, false
			}
			e = sign * n
		}
	}
	all := intPart + frac
	trimmed := strings.TrimLeft(all, "0")
	d.exp = int64(len(intPart)) + e - int64(len(all)-len(trimmed))
	d.digits = strings.TrimRight(trimmed, "0")
	if d.digits == "" {
		return decimal{}, true // zero, whatever its sign or exponent
	}
	return d, true
}

func (d decimal) sign() int {
	switch {
	case d.digits == "":
		return 0
	case d.neg:
		return -1
	}
	return 1
}

// cmpDecimal returns -1, 0 or +1 as a is less than, equal to or greater
// than b.
func cmpDecimal(a, b decimal) int {
	sa, sb := a.sign(), b.sign()
	if sa != sb {
		return cmpInt(sa, sb)
	}
	if sa == 0 {
		return 0
	}
	var c int
	if a.exp != b.exp {
		c = cmpInt(a.exp, b.exp)
	} else {
		c = strings.Compare(a.digits, b.digits)
	}
	return c * sa
}

func cmpInt[T int | int64](a, b T) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// docDecimal reads a number from a decoded JSON document: a json.Number, a
// float (finite) or any Go integer.
func docDecimal(v any) (decimal, bool) {
	var s string
	switch v := v.(type) {
	case json.Number:
		s = string(v)
	case float64:
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return decimal{}, false
		}
		s = strconv.FormatFloat(v, 'g', -1, 64)
	case float32:
		f := float64(v)
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return decimal{}, false
		}
		s = strconv.FormatFloat(f, 'g', -1, 32)
	case int:
		s = strconv.FormatInt(int64(v), 10)
	case int8:
		s = strconv.FormatInt(int64(v), 10)
	case int16:
		s = strconv.FormatInt(int64(v), 10)
	case int32:
		s = strconv.FormatInt(int64(v), 10)
	case int64:
		s = strconv.FormatInt(v, 10)
	case uint:
		s = strconv.FormatUint(uint64(v), 10)
	case uint8:
		s = strconv.FormatUint(uint64(v), 10)
	case uint16:
		s = strconv.FormatUint(uint64(v), 10)
	case uint32:
		s = strconv.FormatUint(uint64(v), 10)
	case uint64:
		s = strconv.FormatUint(v, 10)
	default:
		return decimal{}, false
	}
	return parseDecimal(s)
}
