package schema

import (
	"bytes"
	"encoding/json"
	"testing"
)

// FuzzNormalize feeds arbitrary JSON to Normalize for Users and Groups: it
// must not panic, and what it accepts must come back unchanged from a second
// Normalize (the canonical form is a fixed point).
func FuzzNormalize(f *testing.F) {
	for _, seed := range []string{
		`{"userName":"b"}`,
		fullUser,
		fullGroup,
		`{"UserName":"b","Emails":[{"Value":"a","Primary":true},{"value":null}],"name":{"GivenName":"B"},"addresses":[{"locality":null}]}`,
		`{"urn:ietf:params:scim:schemas:core:2.0:User:userName":"b","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value":"m"}`,
		`{"userName":"b","URN:IETF:PARAMS:SCIM:SCHEMAS:EXTENSION:ENTERPRISE:2.0:USER":{"Department":"d","Manager":{"Value":"m","displayName":"x"}}}`,
		`{"displayName":"G","members":[{"value":"u1","display":"B"},{"value":null}],"id":"x","meta":{}}`,
		`{"userName":"b","x509Certificates":[{"value":"aGVsbG8="}],"active":true,"password":"p"}`,
		`{"userName":"b","name.givenName":"x","name":{"familyName":"y"}}`,
		`{"userName":1.5e3,"active":"True"}`,
		`[]`, `null`, `{}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		d := json.NewDecoder(bytes.NewReader(data))
		d.UseNumber()
		var doc map[string]any
		if d.Decode(&doc) != nil || doc == nil {
			return
		}
		for _, rt := range []*ResourceType{Users, Groups} {
			before, _ := json.Marshal(doc)
			out, err := rt.Normalize(doc)
			if after, _ := json.Marshal(doc); !bytes.Equal(before, after) {
				t.Fatalf("%s: input modified", rt.ID)
			}
			if err != nil {
				continue
			}
			first, err := json.Marshal(out)
			if err != nil {
				t.Fatalf("%s: output does not marshal: %v", rt.ID, err)
			}
			again, err := rt.Normalize(out)
			if err != nil {
				t.Fatalf("%s: normalising %s again: %v", rt.ID, first, err)
			}
			if second, _ := json.Marshal(again); !bytes.Equal(first, second) {
				t.Fatalf("%s: not idempotent:\n%s\n%s", rt.ID, first, second)
			}
		}
	})
}
