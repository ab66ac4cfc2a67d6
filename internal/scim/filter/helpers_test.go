package filter

import (
	"strings"
	"testing"

	"github.com/scimbridge/scimbridge/internal/scim"
)

// Builders for expected syntax trees.

func ap(s string) AttrPath {
	p, ok := splitAttrPath(s)
	if !ok {
		panic("bad test path " + s)
	}
	return p
}

func cmpE(path string, op Op, v Value) *Compare { return &Compare{Path: ap(path), Op: op, Value: v} }
func prE(path string) *Present                  { return &Present{Path: ap(path)} }
func andE(l, r Expr) *And                       { return &And{Left: l, Right: r} }
func orE(l, r Expr) *Or                         { return &Or{Left: l, Right: r} }
func notE(x Expr) *Not                          { return &Not{X: x} }
func vpE(path string, f Expr) *ValuePath        { return &ValuePath{Path: ap(path), Filter: f} }
func strV(s string) Value                       { return Value{Kind: StringValue, Str: s} }
func numV(s string) Value                       { return Value{Kind: NumberValue, Str: s} }
func boolV(b bool) Value                        { return Value{Kind: BoolValue, Bool: b} }

var nullV = Value{Kind: NullValue}

// wantSCIMError checks that err is a 400 *scim.Error with the scimType,
// whose detail contains every one of parts and stays short.
func wantSCIMError(t *testing.T, err error, scimType string, parts ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want %s containing %q", scimType, parts)
	}
	e, ok := scim.AsError(err)
	if !ok {
		t.Fatalf("error %T %v is not a *scim.Error", err, err)
	}
	if e.Status != 400 || e.ScimType != scimType {
		t.Errorf("error = %d %s, want 400 %s (%v)", e.Status, e.ScimType, scimType, err)
	}
	for _, p := range parts {
		if !strings.Contains(e.Detail, p) {
			t.Errorf("detail %q does not contain %q", e.Detail, p)
		}
	}
	// The detail may quote the input, but only a short piece of it.
	if len(e.Detail) > 200 {
		t.Errorf("detail is %d bytes long: %q", len(e.Detail), e.Detail)
	}
}

func TestEcho(t *testing.T) {
	tests := []struct{ in, want string }{
		{"abc", `"abc"`},
		{"", `""`},
		{strings.Repeat("x", 38), `"` + strings.Repeat("x", 38) + `"`},
		{strings.Repeat("x", 39), `"` + strings.Repeat("x", 38) + `"…`},
		{strings.Repeat("\xff", 20), `"` + strings.Repeat(`\xff`, 9) + `"…`},
		{strings.Repeat("é", 30), `"` + strings.Repeat("é", 19) + `"…`},
	}
	for _, tt := range tests {
		if got := echo(tt.in); got != tt.want {
			t.Errorf("echo(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}
