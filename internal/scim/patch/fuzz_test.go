package patch

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"

	"github.com/scimbridge/scimbridge/internal/scim"
	"github.com/scimbridge/scimbridge/internal/scim/schema"
)

// FuzzApply feeds arbitrary PatchOp bodies to Decode and Apply: they must
// never panic, every failure must be a SCIM error, and every result must
// still be a valid canonical document.
func FuzzApply(f *testing.F) {
	seeds := []string{
		`{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","value":{"active":false}}]}`,
		`{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"add","path":"emails[type eq \"work\"].value","value":"a@b"}]}`,
		`{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"remove","path":"members[value eq \"2819c223\"]"}]}`,
		`{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User","value":{"manager":{"value":"x"}}}]}`,
		`{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"addresses[type eq \"work\" or primary eq true].country","value":"NZ"}]}`,
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	users := decode(f, user).(map[string]any)
	groups := decode(f, group).(map[string]any)
	f.Fuzz(func(t *testing.T, body []byte) {
		d := json.NewDecoder(bytes.NewReader(body))
		d.UseNumber()
		var m map[string]any
		if d.Decode(&m) != nil || m == nil {
			return
		}
		ops, err := Decode(m)
		if err != nil {
			mustBeSCIM(t, err)
			return
		}
		for _, c := range []struct {
			rt  *schema.ResourceType
			doc map[string]any
		}{{schema.Users, users}, {schema.Groups, groups}} {
			out, err := Apply(c.rt, c.doc, ops)
			if err != nil {
				mustBeSCIM(t, err)
				continue
			}
			again, err := c.rt.Normalize(out)
			if err != nil {
				t.Fatalf("Apply gave an invalid document: %v\n%v", err, out)
			}
			if !reflect.DeepEqual(again, out) {
				t.Fatalf("Apply gave a non-canonical document:\n%v\n%v", out, again)
			}
		}
	})
}

func mustBeSCIM(t *testing.T, err error) {
	t.Helper()
	if e, ok := scim.AsError(err); !ok || e.Status < 400 || e.Status > 499 {
		t.Fatalf("not a SCIM client error: %v", err)
	}
}
