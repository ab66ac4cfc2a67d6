package schema

import (
	"encoding/base64"
	"encoding/json"
	"maps"
	"math"
	"slices"
	"strconv"
	"time"
)

// normalizeValue normalises v as the whole value of attribute a; path names
// a in errors. It returns nil when v leaves a unassigned: null, an empty
// array, an empty object (RFC 7643 §2.5).
func normalizeValue(a *Attribute, v any, path string) (any, error) {
	if v == nil {
		return nil, nil
	}
	if !a.MultiValued {
		return normalizeOne(a, v, path)
	}
	// A single object where an array belongs (OneLogin's emails) is fixed
	// by package quirks before this runs; here it is an error.
	list, ok := v.([]any)
	if !ok {
		return nil, invalid("attribute %q must be an array", path)
	}
	out := make([]any, 0, len(list))
	primaries := 0
	for _, e := range list {
		ne, err := normalizeOne(a, e, path)
		if err != nil {
			return nil, err
		}
		if ne == nil {
			continue
		}
		if m, ok := ne.(map[string]any); ok && m["primary"] == true {
			primaries++
		}
		out = append(out, ne)
	}
	if primaries > 1 {
		return nil, invalid("attribute %q may have at most one value with primary true", path)
	}
	if len(out) == 0 {
		return nil, nil
	}
	return out, nil
}

// normalizeOne normalises one value of a: the value of a single-valued
// attribute, or one element of a multi-valued one.
func normalizeOne(a *Attribute, v any, path string) (any, error) {
	if v == nil {
		return nil, nil
	}
	if a.Type == Complex {
		return normalizeComplex(a, v, path)
	}
	return normalizeSimple(a, v, path)
}

// normalizeComplex normalises an object of sub-attributes. Unknown and
// readOnly sub-attributes are dropped; an object left empty is unassigned;
// one that is not must have a's required sub-attributes.
func normalizeComplex(a *Attribute, v any, path string) (any, error) {
	m, ok := v.(map[string]any)
	if !ok {
		if a.MultiValued {
			return nil, invalid("each value of attribute %q must be an object", path)
		}
		return nil, invalid("attribute %q must be an object", path)
	}
	out := map[string]any{}
	seen := map[string]bool{}
	for _, k := range slices.Sorted(maps.Keys(m)) {
		sub := a.Sub(k)
		if sub == nil || sub.Mutability == ReadOnly {
			continue
		}
		subPath := path + "." + sub.Name
		if seen[sub.Name] {
			return nil, invalid("attribute %q is given more than once", subPath)
		}
		seen[sub.Name] = true
		nv, err := normalizeValue(sub, m[k], subPath)
		if err != nil {
			return nil, err
		}
		if nv != nil {
			out[sub.Name] = nv
		}
	}
	if len(out) == 0 {
		return nil, nil
	}
	for _, sub := range a.SubAttributes {
		if sub.Required && sub.Mutability != ReadOnly && isUnassigned(out[sub.Name]) {
			return nil, invalid("attribute %q is required", path+"."+sub.Name)
		}
	}
	return out, nil
}

// normalizeSimple checks a value of a simple type. The messages say what was
// expected and never what was sent: the value may be a password.
func normalizeSimple(a *Attribute, v any, path string) (any, error) {
	switch a.Type {
	case String, Reference:
		if s, ok := v.(string); ok {
			return s, nil
		}
		return nil, invalid("attribute %q must be a string", path)
	case Boolean:
		// "True" as a string is Entra's; package quirks converts it before
		// this runs.
		if b, ok := v.(bool); ok {
			return b, nil
		}
		return nil, invalid("attribute %q must be a boolean", path)
	case Integer:
		if n, ok := integerValue(v); ok {
			return n, nil
		}
		return nil, invalid("attribute %q must be an integer", path)
	case Decimal:
		if n, ok := decimalValue(v); ok {
			return n, nil
		}
		return nil, invalid("attribute %q must be a number", path)
	case DateTime:
		if s, ok := v.(string); ok && isDateTime(s) {
			return s, nil // kept as sent: its precision and zone are the client's
		}
		return nil, invalid("attribute %q must be a dateTime string such as \"2008-01-23T04:56:22Z\"", path)
	case Binary:
		if s, ok := v.(string); ok && isBase64(s) {
			return s, nil
		}
		return nil, invalid("attribute %q must be a base64 string", path)
	}
	return nil, invalid("attribute %q has a type this server cannot take", path)
}

// integerValue accepts a JSON number with an integral value that fits in 64
// bits, and writes it as a json.Number of decimal digits.
func integerValue(v any) (json.Number, bool) {
	var f float64
	switch n := v.(type) {
	case json.Number:
		s := string(n)
		if !isJSONNumber(s) {
			return "", false
		}
		if _, err := strconv.ParseInt(s, 10, 64); err == nil {
			return n, true
		}
		var err error
		if f, err = strconv.ParseFloat(s, 64); err != nil {
			return "", false
		}
	case float64:
		f = n
	default:
		return "", false
	}
	// 2^63 is exactly representable; anything at or above it is not an int64.
	if f != math.Trunc(f) || f < -(1<<63) || f >= 1<<63 {
		return "", false
	}
	return json.Number(strconv.FormatInt(int64(f), 10)), true
}

// decimalValue accepts a finite JSON number.
func decimalValue(v any) (json.Number, bool) {
	switch n := v.(type) {
	case json.Number:
		if !isJSONNumber(string(n)) {
			return "", false
		}
		if _, err := strconv.ParseFloat(string(n), 64); err != nil {
			return "", false // out of range
		}
		return n, true
	case float64:
		if math.IsInf(n, 0) || math.IsNaN(n) {
			return "", false
		}
		return json.Number(strconv.FormatFloat(n, 'g', -1, 64)), true
	}
	return "", false
}

// isJSONNumber reports whether s is a number in JSON syntax (RFC 8259 §6);
// a json.Number made by hand need not be one.
func isJSONNumber(s string) bool {
	i := 0
	digits := func() int {
		start := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		return i - start
	}
	if i < len(s) && s[i] == '-' {
		i++
	}
	switch {
	case i < len(s) && s[i] == '0':
		i++
	case digits() == 0:
		return false
	}
	if i < len(s) && s[i] == '.' {
		i++
		if digits() == 0 {
			return false
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if digits() == 0 {
			return false
		}
	}
	return i == len(s)
}

// isDateTime reports whether s is an xsd:dateTime (RFC 7643 §2.3.5): RFC 3339
// with a zone, or without one, as XML Schema allows; fractional seconds
// optional.
func isDateTime(s string) bool {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999"} {
		if _, err := time.Parse(layout, s); err == nil {
			return true
		}
	}
	return false
}

// isBase64 reports whether s is base64 (RFC 4648 §4, RFC 7643 §2.3.6),
// padded or not.
func isBase64(s string) bool {
	if _, err := base64.StdEncoding.Strict().DecodeString(s); err == nil {
		return true
	}
	_, err := base64.RawStdEncoding.Strict().DecodeString(s)
	return err == nil
}
