package schema

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/scimbridge/scimbridge/internal/scim"
	"github.com/scimbridge/scimbridge/internal/scim/filter"
)

const (
	coreURN = scim.UserSchema
	entURN  = scim.EnterpriseUserSchema
)

// decode reads a JSON document the way the HTTP layer does (UseNumber).
func decode(t testing.TB, s string) map[string]any {
	t.Helper()
	v := decodeAny(t, s)
	m, ok := v.(map[string]any)
	if !ok {
		t.Fatalf("not a JSON object: %s", s)
	}
	return m
}

func decodeAny(t testing.TB, s string) any {
	t.Helper()
	d := json.NewDecoder(strings.NewReader(s))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		t.Fatalf("bad test JSON %s: %v", s, err)
	}
	return v
}

// canon renders v as JSON with sorted keys, for comparing documents.
func canon(t testing.TB, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("marshal: %v", err)
	}
	return string(b)
}

// canonJSON re-renders a JSON text the way canon renders values.
func canonJSON(t testing.TB, s string) string {
	t.Helper()
	return canon(t, decodeAny(t, s))
}

// checkErr reports whether err matches want: "" wants no error; otherwise
// err must be a 400 *scim.Error with scimType wantType whose detail contains
// want.
func checkErr(t *testing.T, err error, wantType, want string) (ok bool) {
	t.Helper()
	if want == "" {
		if err != nil {
			t.Errorf("unexpected error: %v", err)
			return false
		}
		return true
	}
	if err == nil {
		t.Errorf("no error, want one containing %q", want)
		return false
	}
	e, isSCIM := scim.AsError(err)
	if !isSCIM {
		t.Errorf("error %v is not a *scim.Error", err)
		return false
	}
	if e.Status != 400 || e.ScimType != wantType || !strings.Contains(e.Detail, want) {
		t.Errorf("error = %d %s %q, want 400 %s containing %q", e.Status, e.ScimType, e.Detail, wantType, want)
	}
	return false
}

// unchanged fails the test if doc no longer renders as before.
func unchanged(t *testing.T, before string, doc any) {
	t.Helper()
	if after := canon(t, doc); after != before {
		t.Errorf("input was modified:\nbefore %s\nafter  %s", before, after)
	}
}

func mustPath(t testing.TB, s string) filter.AttrPath {
	t.Helper()
	p, err := filter.ParseAttrPath(s)
	if err != nil {
		t.Fatalf("ParseAttrPath(%q): %v", s, err)
	}
	return p
}

func mustResolve(t testing.TB, rt *ResourceType, s string) Resolved {
	t.Helper()
	r, ok := rt.Resolve(mustPath(t, s))
	if !ok {
		t.Fatalf("%s: cannot resolve %q", rt.ID, s)
	}
	return r
}
