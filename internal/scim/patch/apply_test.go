package patch

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/scimbridge/scimbridge/internal/scim"
	"github.com/scimbridge/scimbridge/internal/scim/schema"
)

const user = `{
  "userName": "bjensen",
  "displayName": "Babs Jensen",
  "name": {"givenName": "Barbara", "familyName": "Jensen"},
  "emails": [
    {"value": "bjensen@example.com", "type": "work", "primary": true},
    {"value": "babs@jensen.org", "type": "home"}
  ],
  "addresses": [{"type": "work", "streetAddress": "100 Universal City Plaza", "locality": "Hollywood"}],
  "active": true,
  "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"employeeNumber": "701984", "department": "Tour Operations"}
}`

const group = `{
  "displayName": "Tour Guides",
  "members": [
    {"value": "2819c223", "display": "Babs Jensen"},
    {"value": "902c246b", "display": "Mandy Pepperidge"}
  ]
}`

func TestApply(t *testing.T) {
	tests := []struct {
		name   string
		rt     *schema.ResourceType
		doc    string
		ops    string // the Operations array
		want   string // the whole resulting document, or
		check  map[string]string
		errTyp string // the expected scimType when the PATCH fails
	}{
		{
			name: "add without path merges attributes (RFC 7644 §3.5.2.1)", rt: schema.Users, doc: user,
			ops:   `[{"op":"add","value":{"emails":[{"value":"babs@example.org","type":"other"}],"nickName":"Babs"}}]`,
			check: map[string]string{"nickName": `"Babs"`, "emails": `[{"primary":true,"type":"work","value":"bjensen@example.com"},{"type":"home","value":"babs@jensen.org"},{"type":"other","value":"babs@example.org"}]`},
		},
		{
			name: "add members appends, skipping members already there", rt: schema.Groups, doc: group,
			ops:   `[{"op":"add","path":"members","value":[{"value":"2819c223"},{"value":"aaaa","display":"New"}]}]`,
			check: map[string]string{"members": `[{"display":"Babs Jensen","value":"2819c223"},{"display":"Mandy Pepperidge","value":"902c246b"},{"display":"New","value":"aaaa"}]`},
		},
		{
			name: "a single member object is taken as a list of one", rt: schema.Groups, doc: group,
			ops:   `[{"op":"add","path":"members","value":{"value":"aaaa"}}]`,
			check: map[string]string{"members": `[{"display":"Babs Jensen","value":"2819c223"},{"display":"Mandy Pepperidge","value":"902c246b"},{"value":"aaaa"}]`},
		},
		{
			name: "remove one member by value filter (RFC 7644 §3.5.2.2)", rt: schema.Groups, doc: group,
			ops:   `[{"op":"remove","path":"members[value eq \"2819c223\"]"}]`,
			check: map[string]string{"members": `[{"display":"Mandy Pepperidge","value":"902c246b"}]`},
		},
		{
			name: "remove all members", rt: schema.Groups, doc: group,
			ops:  `[{"op":"remove","path":"members"}]`,
			want: `{"displayName":"Tour Guides"}`,
		},
		{
			name: "remove with a filter matching nothing changes nothing", rt: schema.Groups, doc: group,
			ops:   `[{"op":"remove","path":"members[value eq \"nobody\"]"}]`,
			check: map[string]string{"members": `[{"display":"Babs Jensen","value":"2819c223"},{"display":"Mandy Pepperidge","value":"902c246b"}]`},
		},
		{
			name: "replace members replaces them all", rt: schema.Groups, doc: group,
			ops:   `[{"op":"replace","path":"members","value":[{"value":"bbbb"}]}]`,
			check: map[string]string{"members": `[{"value":"bbbb"}]`},
		},
		{
			name: "replace a sub-attribute of a single complex attribute", rt: schema.Users, doc: user,
			ops:   `[{"op":"replace","path":"name.familyName","value":"Smith"}]`,
			check: map[string]string{"name": `{"familyName":"Smith","givenName":"Barbara"}`},
		},
		{
			name: "replace a complex attribute merges sub-attributes (RFC 7644 §3.5.2.3)", rt: schema.Users, doc: user,
			ops:   `[{"op":"replace","path":"name","value":{"formatted":"Ms. Barbara J Jensen III"}}]`,
			check: map[string]string{"name": `{"familyName":"Jensen","formatted":"Ms. Barbara J Jensen III","givenName":"Barbara"}`},
		},
		{
			name: "replace without path, active false (Okta deactivation)", rt: schema.Users, doc: user,
			ops:   `[{"op":"replace","value":{"active":false}}]`,
			check: map[string]string{"active": `false`},
		},
		{
			name: "replace the work email's value through a filter", rt: schema.Users, doc: user,
			ops:   `[{"op":"replace","path":"emails[type eq \"work\"].value","value":"babs@example.com"}]`,
			check: map[string]string{"emails": `[{"primary":true,"type":"work","value":"babs@example.com"},{"type":"home","value":"babs@jensen.org"}]`},
		},
		{
			name: "add through an eq filter that matches nothing creates the value (Entra ID)", rt: schema.Users, doc: `{"userName":"x"}`,
			ops:   `[{"op":"add","path":"emails[type eq \"work\"].value","value":"x@example.com"}]`,
			check: map[string]string{"emails": `[{"type":"work","value":"x@example.com"}]`},
		},
		{
			name: "replace through a non-eq filter that matches nothing is noTarget", rt: schema.Users, doc: user,
			ops: `[{"op":"replace","path":"emails[value co \"nowhere\"].type","value":"other"}]`, errTyp: scim.ErrNoTarget,
		},
		{
			// RFC 7644 §3.5.2.3; Entra ID's replace that expects creation
			// is rewritten to add by the quirk entra-replace-creates-value.
			name: "replace through an eq filter that matches nothing is noTarget", rt: schema.Users, doc: user,
			ops: `[{"op":"replace","path":"emails[type eq \"fax\"].value","value":"x@example.com"}]`, errTyp: scim.ErrNoTarget,
		},
		{
			name: "replace of a whole value through a filter that matches nothing is noTarget", rt: schema.Users, doc: `{"userName":"x"}`,
			ops: `[{"op":"replace","path":"phoneNumbers[type eq \"mobile\"]","value":{"value":"+1 555"}}]`, errTyp: scim.ErrNoTarget,
		},
		{
			name: "remove of a sub-attribute through a filter that matches nothing changes nothing (RFC 7644 §3.5.2.2)", rt: schema.Users, doc: user,
			ops:   `[{"op":"remove","path":"emails[type eq \"fax\"].value"}]`,
			check: map[string]string{"emails": `[{"primary":true,"type":"work","value":"bjensen@example.com"},{"type":"home","value":"babs@jensen.org"}]`},
		},
		{
			name: "replace matching values wholesale, keeping what the filter pinned", rt: schema.Users, doc: user,
			ops:   `[{"op":"replace","path":"addresses[type eq \"work\"]","value":{"streetAddress":"911 Universal City Plaza"}}]`,
			check: map[string]string{"addresses": `[{"streetAddress":"911 Universal City Plaza","type":"work"}]`},
		},
		{
			name: "a new primary value takes primary from the others", rt: schema.Users, doc: user,
			ops:   `[{"op":"add","path":"emails","value":[{"value":"new@example.com","type":"work","primary":true}]}]`,
			check: map[string]string{"emails": `[{"primary":false,"type":"work","value":"bjensen@example.com"},{"type":"home","value":"babs@jensen.org"},{"primary":true,"type":"work","value":"new@example.com"}]`},
		},
		{
			name: "primary set through a path moves too", rt: schema.Users, doc: user,
			ops:   `[{"op":"replace","path":"emails[type eq \"home\"].primary","value":true}]`,
			check: map[string]string{"emails": `[{"primary":false,"type":"work","value":"bjensen@example.com"},{"primary":true,"type":"home","value":"babs@jensen.org"}]`},
		},
		{
			name: "remove a sub-attribute of filtered values", rt: schema.Users, doc: user,
			ops:   `[{"op":"remove","path":"addresses[type eq \"work\"].locality"}]`,
			check: map[string]string{"addresses": `[{"streetAddress":"100 Universal City Plaza","type":"work"}]`},
		},
		{
			name: "extension attribute by full path", rt: schema.Users, doc: user,
			ops:   `[{"op":"replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department","value":"Sales"}]`,
			check: map[string]string{"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": `{"department":"Sales","employeeNumber":"701984"}`},
		},
		{
			name: "fully qualified extension attribute in a path-less value", rt: schema.Users, doc: user,
			ops:   `[{"op":"replace","value":{"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber":"1"}}]`,
			check: map[string]string{"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": `{"department":"Tour Operations","employeeNumber":"1"}`},
		},
		{
			name: "manager set through the extension path", rt: schema.Users, doc: `{"userName":"x"}`,
			ops:   `[{"op":"add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager","value":{"value":"boss"}}]`,
			check: map[string]string{"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": `{"manager":{"value":"boss"}}`},
		},
		{
			name: "removing the last extension attribute removes the extension", rt: schema.Users, doc: `{"userName":"x","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"d"}}`,
			ops:  `[{"op":"remove","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department"}]`,
			want: `{"userName":"x"}`,
		},
		{
			name: "the whole extension as a path", rt: schema.Users, doc: `{"userName":"x"}`,
			ops:  `[{"op":"add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User","value":{"Department":"d"}}]`,
			want: `{"userName":"x","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"d"}}`,
		},
		{
			name: "attribute names in any case", rt: schema.Users, doc: user,
			ops:   `[{"op":"replace","path":"NAME.GIVENNAME","value":"Babs"},{"op":"replace","value":{"DisplayName":"B"}}]`,
			check: map[string]string{"name": `{"familyName":"Jensen","givenName":"Babs"}`, "displayName": `"B"`},
		},
		{
			name: "null value unassigns", rt: schema.Users, doc: user,
			ops:   `[{"op":"replace","path":"displayName","value":null}]`,
			check: map[string]string{"displayName": ``},
		},
		{
			name: "operations apply in order", rt: schema.Groups, doc: group,
			ops:   `[{"op":"remove","path":"members"},{"op":"add","path":"members","value":[{"value":"cccc"}]}]`,
			check: map[string]string{"members": `[{"value":"cccc"}]`},
		},
		{name: "removing userName leaves a required attribute missing", rt: schema.Users, doc: user, ops: `[{"op":"remove","path":"userName"}]`, errTyp: scim.ErrInvalidValue},
		{name: "readOnly attribute by path", rt: schema.Users, doc: user, ops: `[{"op":"replace","path":"id","value":"x"}]`, errTyp: scim.ErrMutability},
		{name: "readOnly attribute in a path-less value", rt: schema.Groups, doc: group, ops: `[{"op":"replace","value":{"id":"other","displayName":"x"}}]`, errTyp: scim.ErrMutability},
		{name: "meta in a path-less value", rt: schema.Users, doc: user, ops: `[{"op":"replace","value":{"meta":{"version":"x"}}}]`, errTyp: scim.ErrMutability},
		{name: "readOnly groups", rt: schema.Users, doc: user, ops: `[{"op":"add","path":"groups","value":[{"value":"g"}]}]`, errTyp: scim.ErrMutability},
		{name: "immutable member sub-attribute", rt: schema.Groups, doc: group, ops: `[{"op":"replace","path":"members[value eq \"2819c223\"].value","value":"zzz"}]`, errTyp: scim.ErrMutability},
		{name: "unknown attribute path", rt: schema.Users, doc: user, ops: `[{"op":"replace","path":"shoeSize","value":"9"}]`, errTyp: scim.ErrInvalidPath},
		{name: "unknown sub-attribute", rt: schema.Users, doc: user, ops: `[{"op":"replace","path":"name.shoe","value":"9"}]`, errTyp: scim.ErrInvalidPath},
		{name: "value filter on a simple attribute", rt: schema.Users, doc: user, ops: `[{"op":"replace","path":"userName[value eq \"x\"]","value":"9"}]`, errTyp: scim.ErrInvalidPath},
		{name: "wrong type", rt: schema.Users, doc: user, ops: `[{"op":"replace","path":"active","value":"yes"}]`, errTyp: scim.ErrInvalidValue},
		{name: "a path-less value that is not an object", rt: schema.Users, doc: user, ops: `[{"op":"replace","value":"x"}]`, errTyp: scim.ErrInvalidValue},
		{name: "two primaries in one add", rt: schema.Users, doc: user, ops: `[{"op":"add","path":"emails","value":[{"value":"a@x","primary":true},{"value":"b@x","primary":true}]}]`, errTyp: scim.ErrInvalidValue},
		{name: "bad filter in a path", rt: schema.Users, doc: user, ops: `[{"op":"remove","path":"emails[type eq]"}]`, errTyp: scim.ErrInvalidPath},
		{name: "filter on an unknown sub-attribute", rt: schema.Users, doc: user, ops: `[{"op":"remove","path":"emails[shoe eq \"x\"]"}]`, errTyp: scim.ErrInvalidFilter},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc := decode(t, tc.doc).(map[string]any)
			before := encode(t, doc)
			ops, err := Decode(map[string]any{"schemas": []any{scim.PatchOpMessage}, "Operations": decode(t, tc.ops)})
			var out map[string]any
			if err == nil {
				out, err = Apply(tc.rt, doc, ops)
			}
			if encode(t, doc) != before {
				t.Fatal("Apply changed its input")
			}
			if tc.errTyp != "" {
				e, ok := scim.AsError(err)
				if !ok || e.ScimType != tc.errTyp || e.Status != 400 {
					t.Fatalf("error %v, want scimType %s", err, tc.errTyp)
				}
				if out != nil {
					t.Fatal("a failed PATCH returned a document")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if tc.want != "" {
				if got, want := encode(t, out), encode(t, decode(t, tc.want)); got != want {
					t.Fatalf("got  %s\nwant %s", got, want)
				}
			}
			for k, want := range tc.check {
				got := ""
				if v, ok := out[k]; ok {
					got = encode(t, v)
				}
				if want != "" {
					want = encode(t, decode(t, want))
				}
				if got != want {
					t.Errorf("%s = %s\n want %s", k, got, want)
				}
			}
		})
	}
}

func TestDecode(t *testing.T) {
	tests := []struct {
		name, body, errTyp string
	}{
		{"no schemas", `{"Operations":[{"op":"add","path":"nickName","value":"x"}]}`, scim.ErrInvalidSyntax},
		{"wrong schemas", `{"schemas":["urn:x"],"Operations":[{"op":"add","path":"nickName","value":"x"}]}`, scim.ErrInvalidSyntax},
		{"no operations", `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"]}`, scim.ErrInvalidSyntax},
		{"empty operations", `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[]}`, scim.ErrInvalidSyntax},
		{"operation not an object", `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[1]}`, scim.ErrInvalidSyntax},
		{"unknown op", `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"move","path":"x"}]}`, scim.ErrInvalidSyntax},
		{"capitalised op is not standard", `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Add","path":"x","value":1}]}`, scim.ErrInvalidSyntax},
		{"remove without path", `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"remove"}]}`, scim.ErrNoTarget},
		{"add without value", `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"add","path":"nickName"}]}`, scim.ErrInvalidSyntax},
		{"path not a string", `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"remove","path":5}]}`, scim.ErrInvalidPath},
		{"bad path", `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"remove","path":"a[b eq"}]}`, scim.ErrInvalidPath},
		{"member names in any case", `{"SCHEMAS":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"operations":[{"OP":"add","Path":"nickName","Value":"x"}]}`, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Decode(decode(t, tc.body).(map[string]any))
			if tc.errTyp == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if e, ok := scim.AsError(err); !ok || e.ScimType != tc.errTyp {
				t.Fatalf("error %v, want %s", err, tc.errTyp)
			}
		})
	}
}

func TestDecodeLimitsOperations(t *testing.T) {
	ops := strings.Repeat(`{"op":"remove","path":"nickName"},`, MaxOperations+1)
	body := `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[` + strings.TrimSuffix(ops, ",") + `]}`
	_, err := Decode(decode(t, body).(map[string]any))
	if e, ok := scim.AsError(err); !ok || e.ScimType != scim.ErrTooMany || e.Status != 413 {
		t.Fatalf("error %v, want 413 tooMany", err)
	}
}

func decode(t testing.TB, s string) any {
	t.Helper()
	d := json.NewDecoder(strings.NewReader(s))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		t.Fatalf("bad test JSON %s: %v", s, err)
	}
	return v
}

func encode(t testing.TB, v any) string {
	t.Helper()
	var b bytes.Buffer
	if err := json.NewEncoder(&b).Encode(v); err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(b.String())
}
