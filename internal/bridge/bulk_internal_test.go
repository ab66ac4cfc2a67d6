package bridge

import (
	"testing"

	"github.com/scimbridge/scimbridge/internal/scim"
)

// FuzzDecodeBulk feeds arbitrary bodies to the bulk decoder: whole-request
// problems are SCIM errors, and every operation it returns either can run
// or says why not.
func FuzzDecodeBulk(f *testing.F) {
	f.Add(`{"schemas":["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],"failOnErrors":2,"Operations":[{"method":"post","path":"/Users","bulkId":"q","data":{"userName":"x"}}]}`)
	f.Add(`{"schemas":["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],"Operations":[{"method":"DELETE","path":"/Groups/bulkId:q"},{"method":"PUT"},7,null]}`)
	f.Fuzz(func(t *testing.T, body string) {
		m, err := DecodeObject([]byte(body))
		if err != nil {
			return
		}
		ops, fail, err := decodeBulk(m, 10)
		if err != nil {
			if _, ok := scim.AsError(err); !ok {
				t.Fatalf("not a SCIM error: %v", err)
			}
			return
		}
		if len(ops) > 10 || fail < 0 || fail > 10 {
			t.Fatalf("limits not enforced: %d operations, failOnErrors %d", len(ops), fail)
		}
		for _, op := range ops {
			if op.invalid != nil {
				continue
			}
			if op.Path == "" || op.Path[0] != '/' || (op.Method == "POST" && op.BulkID == "") || (op.Method != "DELETE" && op.Data == nil) {
				t.Fatalf("an operation that cannot run was accepted: %+v", op)
			}
		}
	})
}
