package schema

import (
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/scimbridge/scimbridge/internal/scim"
)

func contains(s, sub string) bool { return strings.Contains(s, sub) }

// TestSimpleTypes covers the types our schemas use little or not at all
// (integer, decimal, dateTime, binary), on ad hoc attributes.
func TestSimpleTypes(t *testing.T) {
	tests := []struct {
		typ     Type
		in      any
		want    any // json.Number for numbers
		wantErr string
	}{
		{Integer, json.Number("42"), json.Number("42"), ""},
		{Integer, json.Number("-7"), json.Number("-7"), ""},
		{Integer, json.Number("1e3"), json.Number("1000"), ""},
		{Integer, json.Number("2.0"), json.Number("2"), ""},
		{Integer, float64(12), json.Number("12"), ""},
		{Integer, float64(-9007199254740992), json.Number("-9007199254740992"), ""},
		{Integer, json.Number("9223372036854775807"), json.Number("9223372036854775807"), ""},
		{Integer, json.Number("9223372036854775808"), nil, "must be an integer"},
		{Integer, json.Number("1e19"), nil, "must be an integer"},
		{Integer, json.Number("1.5"), nil, "must be an integer"},
		{Integer, float64(0.5), nil, "must be an integer"},
		{Integer, math.Inf(1), nil, "must be an integer"},
		{Integer, json.Number("0x10"), nil, "must be an integer"},
		{Integer, json.Number("abc"), nil, "must be an integer"},
		{Integer, "42", nil, "must be an integer"},
		{Integer, true, nil, "must be an integer"},
		{Decimal, json.Number("3.14"), json.Number("3.14"), ""},
		{Decimal, json.Number("-0.5e-3"), json.Number("-0.5e-3"), ""},
		{Decimal, float64(2.5), json.Number("2.5"), ""},
		{Decimal, float64(1e21), json.Number("1e+21"), ""},
		{Decimal, json.Number("1e400"), nil, "must be a number"},
		{Decimal, json.Number("Inf"), nil, "must be a number"},
		{Decimal, json.Number(" 1"), nil, "must be a number"},
		{Decimal, math.NaN(), nil, "must be a number"},
		{Decimal, "3.14", nil, "must be a number"},
		{DateTime, "2008-01-23T04:56:22Z", "2008-01-23T04:56:22Z", ""},
		{DateTime, "2008-01-23T04:56:22.123+02:00", "2008-01-23T04:56:22.123+02:00", ""},
		{DateTime, "2008-01-23T04:56:22", "2008-01-23T04:56:22", ""},
		{DateTime, "2008-01-23", nil, "must be a dateTime"},
		{DateTime, "2008-13-23T04:56:22Z", nil, "must be a dateTime"},
		{DateTime, "yesterday", nil, "must be a dateTime"},
		{DateTime, json.Number("1200000000"), nil, "must be a dateTime"},
		{Binary, "aGVsbG8=", "aGVsbG8=", ""},
		{Binary, "aGVsbG8", "aGVsbG8", ""},
		{Binary, "", "", ""},
		{Binary, "aGVsbG8*", nil, "must be a base64 string"},
		{Binary, "aGVsbG9=", nil, "must be a base64 string"},
		{Binary, 5.0, nil, "must be a base64 string"},
		{String, "", "", ""},
		{String, json.Number("1"), nil, "must be a string"},
		{Reference, "urn:x", "urn:x", ""},
		{Boolean, false, false, ""},
		{Boolean, "false", nil, "must be a boolean"},
		{Boolean, json.Number("1"), nil, "must be a boolean"},
	}
	for _, tt := range tests {
		a := &Attribute{Name: "x", Type: tt.typ, Mutability: ReadWrite, Returned: Default, Uniqueness: None}
		got, err := normalizeValue(a, tt.in, "x")
		if tt.wantErr != "" {
			e, ok := scim.AsError(err)
			if !ok || e.ScimType != scim.ErrInvalidValue || !strings.Contains(e.Detail, tt.wantErr) {
				t.Errorf("%s %#v: error %v, want %q", tt.typ, tt.in, err, tt.wantErr)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("%s %#v = %#v, %v; want %#v", tt.typ, tt.in, got, err, tt.want)
		}
	}
}

func TestIsJSONNumber(t *testing.T) {
	for s, want := range map[string]bool{
		"0": true, "-0": true, "12": true, "1.5": true, "-1.5e10": true, "1E+2": true, "0.0e-0": true,
		"": false, "-": false, "01": false, "1.": false, ".5": false, "1e": false, "+1": false, "1e+": false,
		"NaN": false, "0x1": false, "1 ": false, "1_000": false,
	} {
		if got := isJSONNumber(s); got != want {
			t.Errorf("isJSONNumber(%q) = %v", s, got)
		}
	}
}

// TestMultiValuedSimple covers a multi-valued attribute of a simple type
// (none in the RFC schemas, but the rules hold for any schema).
func TestMultiValuedSimple(t *testing.T) {
	a := &Attribute{Name: "tags", Type: String, MultiValued: true, Mutability: ReadWrite, Returned: Default, Uniqueness: None}
	got, err := normalizeValue(a, []any{"a", nil, "b"}, "tags")
	if err != nil || canon(t, got) != `["a","b"]` {
		t.Errorf("got %v, %v", got, err)
	}
	if _, err := normalizeValue(a, []any{"a", 1.0}, "tags"); err == nil || !contains(err.Error(), `attribute "tags" must be a string`) {
		t.Errorf("mixed types: %v", err)
	}
	if _, err := normalizeValue(a, "a", "tags"); err == nil || !contains(err.Error(), "must be an array") {
		t.Errorf("single value: %v", err)
	}
}
