package bridge_test

import (
	"encoding/json"
	"fmt"
	"testing"
)

const entraUA = "Microsoft.Identity.SCIM/1.0"

// TestPatchValueFilterMatchingNothing: a replace through a value filter
// that matches nothing is 400 noTarget (RFC 7644 §3.5.2.3) and changes
// nothing, except from Entra ID, which means "set, creating it if need be"
// (the quirk entra-replace-creates-value). A remove whose filter matches
// nothing is no error (§3.5.2.2 removes the values matched: none).
func TestPatchValueFilterMatchingNothing(t *testing.T) {
	eachTopology(t, func(t *testing.T, top topology) {
		e := newEnv(t, top, envOptions{})
		tests := []struct {
			name     string
			headers  []string
			query    string
			op       string // one operation
			status   int
			scimType string
			want     string // the user's emails and phoneNumbers after, as JSON
		}{
			{"standard replace of a fax email", nil, "",
				`{"op":"replace","path":"emails[type eq \"fax\"].value","value":"fax@example.com"}`, 400, "noTarget",
				`[[{"type":"work","value":"ana@example.com"}],null]`},
			{"standard replace of a mobile phone", []string{"User-Agent", oktaUA}, "",
				`{"op":"replace","path":"phoneNumbers[type eq \"mobile\"].value","value":"+1 555 0100"}`, 400, "noTarget",
				`[[{"type":"work","value":"ana@example.com"}],null]`},
			{"standard replace of a whole value", nil, "",
				`{"op":"replace","path":"emails[type eq \"home\"]","value":{"value":"home@example.com"}}`, 400, "noTarget",
				`[[{"type":"work","value":"ana@example.com"}],null]`},
			{"standard add creates the value", nil, "",
				`{"op":"add","path":"phoneNumbers[type eq \"mobile\"].value","value":"+1 555 0100"}`, 204, "",
				`[[{"type":"work","value":"ana@example.com"}],[{"type":"mobile","value":"+1 555 0100"}]]`},
			{"Entra ID (User-Agent) replace creates the mobile phone", []string{"User-Agent", entraUA}, "",
				`{"op":"replace","path":"phoneNumbers[type eq \"mobile\"].value","value":"+1 555 0100"}`, 204, "",
				`[[{"type":"work","value":"ana@example.com"}],[{"type":"mobile","value":"+1 555 0100"}]]`},
			{"Entra ID (capitalised op) replace creates the home email", nil, "",
				`{"op":"Replace","path":"emails[type eq \"home\"].value","value":"home@example.com"}`, 204, "",
				`[[{"type":"work","value":"ana@example.com"},{"type":"home","value":"home@example.com"}],null]`},
			{"Entra ID (aadOptscim062020) dotted key creates the mobile phone", nil, "?aadOptscim062020=true",
				`{"op":"replace","value":{"phoneNumbers[type eq \"mobile\"].value":"+1 555 0100"}}`, 204, "",
				`[[{"type":"work","value":"ana@example.com"}],[{"type":"mobile","value":"+1 555 0100"}]]`},
			{"Entra ID replace of an existing value replaces it", []string{"User-Agent", entraUA}, "",
				`{"op":"Replace","path":"emails[type eq \"work\"].value","value":"ana.lima@example.com"}`, 204, "",
				`[[{"type":"work","value":"ana.lima@example.com"}],null]`},
			{"remove matching nothing", nil, "",
				`{"op":"remove","path":"emails[type eq \"fax\"]"}`, 204, "",
				`[[{"type":"work","value":"ana@example.com"}],null]`},
			{"remove of a sub-attribute matching nothing", nil, "",
				`{"op":"remove","path":"phoneNumbers[type eq \"mobile\"].value"}`, 204, "",
				`[[{"type":"work","value":"ana@example.com"}],null]`},
		}
		for i, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				u := e.req("POST", "/Users", fmt.Sprintf(`{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"ana%d@example.com",
					"emails":[{"type":"work","value":"ana@example.com"}]}`, i)).must(t, 201)
				r := e.req("PATCH", "/Users/"+u.str("id")+tc.query,
					`{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[`+tc.op+`]}`, tc.headers...)
				if tc.scimType != "" {
					r.scimError(t, tc.status, tc.scimType)
				} else {
					r.must(t, tc.status)
				}
				got := e.req("GET", "/Users/"+u.str("id"), nil).must(t, 200)
				b, _ := json.Marshal([]any{got.body["emails"], got.body["phoneNumbers"]})
				if string(b) != tc.want {
					t.Fatalf("emails, phoneNumbers = %s, want %s", b, tc.want)
				}
			})
		}
	})
}
