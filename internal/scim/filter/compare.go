package filter

import (
	"strings"
)

// newComparer returns the test one document value must pass for
// "attribute op value", for a comparison Check has accepted. op is never ne
// (Match evaluates it as not eq) nor pr.
func newComparer(info AttrInfo, op Op, val Value) func(any) bool {
	switch info.Type {
	case "string", "reference", "binary":
		want := foldUnless(info.CaseExact, val.Str)
		return func(v any) bool {
			s, ok := v.(string)
			return ok && compareStrings(foldUnless(info.CaseExact, s), op, want)
		}
	case "dateTime":
		if op == Co || op == Sw || op == Ew {
			want := foldUnless(info.CaseExact, val.Str)
			return func(v any) bool {
				s, ok := v.(string)
				return ok && compareStrings(foldUnless(info.CaseExact, s), op, want)
			}
		}
		want, ok := parseDateTime(val.Str)
		if !ok {
			return func(any) bool { return false }
		}
		return func(v any) bool {
			s, ok := v.(string)
			if !ok {
				return false
			}
			t, ok := parseDateTime(s)
			return ok && ordered(t.Compare(want), op)
		}
	case "integer", "decimal":
		want, ok := parseDecimal(val.Str)
		if !ok {
			return func(any) bool { return false }
		}
		return func(v any) bool {
			d, ok := docDecimal(v)
			return ok && ordered(cmpDecimal(d, want), op)
		}
	case "boolean":
		return func(v any) bool {
			b, ok := v.(bool)
			return ok && op == Eq && b == val.Bool
		}
	}
	return func(any) bool { return false }
}

func foldUnless(caseExact bool, s string) string {
	if caseExact {
		return s
	}
	return Fold(s)
}

// compareStrings applies op to got (the document's value) and want.
func compareStrings(got string, op Op, want string) bool {
	switch op {
	case Eq:
		return got == want
	case Co:
		return strings.Contains(got, want)
	case Sw:
		return strings.HasPrefix(got, want)
	case Ew:
		return strings.HasSuffix(got, want)
	}
	return ordered(strings.Compare(got, want), op)
}

// ordered applies an ordering operator to the result of a three-way
// comparison of the document's value with the filter's.
func ordered(c int, op Op) bool {
	switch op {
	case Eq:
		return c == 0
	case Gt:
		return c > 0
	case Ge:
		return c >= 0
	case Lt:
		return c < 0
	case Le:
		return c <= 0
	}
	return false
}
