package bridge_test

import (
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
)

func bulkBody(failOnErrors int, ops ...string) string {
	f := ""
	if failOnErrors > 0 {
		f = fmt.Sprintf(`"failOnErrors":%d,`, failOnErrors)
	}
	return `{"schemas":["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],` + f + `"Operations":[` + strings.Join(ops, ",") + `]}`
}

func bulkResults(t *testing.T, r response) []map[string]any {
	t.Helper()
	r.must(t, 200)
	if !strings.Contains(r.raw, "urn:ietf:params:scim:api:messages:2.0:BulkResponse") {
		t.Fatalf("not a BulkResponse: %s", r.raw)
	}
	var out []map[string]any
	for _, o := range r.body["Operations"].([]any) {
		out = append(out, o.(map[string]any))
	}
	return out
}

// TestBulk follows RFC 7644 §3.7: users and a group whose members are
// those users, by bulkId, in one request; then updates and deletes.
func TestBulk(t *testing.T) {
	eachTopology(t, func(t *testing.T, top topology) {
		e := newEnv(t, top, envOptions{})
		// The group comes first and refers to users created after it.
		res := bulkResults(t, e.req("POST", "/Bulk", bulkBody(0,
			`{"method":"POST","path":"/Groups","bulkId":"ytrewq","data":{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"Tour Guides","members":[{"type":"User","value":"bulkId:qwerty"},{"value":"bulkId:asdf"}]}}`,
			`{"method":"POST","path":"/Users","bulkId":"qwerty","data":{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"Alice"}}`,
			`{"method":"POST","path":"/Users","bulkId":"asdf","data":{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"Bob"}}`,
		)))
		if len(res) != 3 {
			t.Fatalf("%d results", len(res))
		}
		ids := map[string]string{}
		for _, r := range res {
			if r["status"] != "201" || r["version"] == nil || r["method"] != "POST" {
				t.Fatalf("result %v", r)
			}
			loc := r["location"].(string)
			ids[r["bulkId"].(string)] = loc[strings.LastIndexByte(loc, '/')+1:]
			if !strings.HasPrefix(loc, e.url+"/") {
				t.Fatalf("location %q", loc)
			}
		}
		if m := e.members(ids["ytrewq"]); !sameSet(m, []string{ids["qwerty"], ids["asdf"]}) {
			t.Fatalf("members %v", m)
		}

		// PUT, PATCH (by bulkId in the path) and DELETE, with a version.
		alice := e.req("GET", "/Users/"+ids["qwerty"], nil).must(t, 200)
		res = bulkResults(t, e.req("POST", "/Bulk", bulkBody(0,
			fmt.Sprintf(`{"method":"PUT","path":"/Users/%s","version":%q,"data":{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"Alice","displayName":"Alice A."}}`, ids["qwerty"], alice.header.Get("ETag")),
			`{"method":"POST","path":"/Users","bulkId":"zxcv","data":{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"Carol"}}`,
			`{"method":"PATCH","path":"/Users/bulkId:zxcv","data":{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"active","value":false}]}}`,
			fmt.Sprintf(`{"method":"DELETE","path":"/Users/%s"}`, ids["asdf"]),
			fmt.Sprintf(`{"method":"PUT","path":"/Users/%s","version":"W/\"1\"","data":{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"Alice"}}`, ids["qwerty"]),
		)))
		want := []string{"200", "201", "204", "204", "412"}
		for i, r := range res {
			if r["status"] != want[i] {
				t.Errorf("operation %d: %v, want %s", i, r, want[i])
			}
		}
		if resp := res[4]["response"].(map[string]any); resp["detail"] == nil {
			t.Errorf("a failed operation has no error: %v", res[4])
		}
		if e.req("GET", "/Users/"+ids["qwerty"], nil).must(t, 200).str("displayName") != "Alice A." {
			t.Error("the PUT did not land")
		}
		e.req("GET", "/Users/"+ids["asdf"], nil).scimError(t, 404, "")
	})
}

func TestBulkErrors(t *testing.T) {
	e := newEnv(t, topologies[0], envOptions{})
	user := func(bulkID, userName string) string {
		return fmt.Sprintf(`{"method":"POST","path":"/Users","bulkId":%q,"data":{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":%q}}`, bulkID, userName)
	}
	// failOnErrors stops after that many errors, and says so by leaving the
	// rest out.
	res := bulkResults(t, e.req("POST", "/Bulk", bulkBody(2,
		user("a", "dup@example.com"), user("b", "DUP@example.com"), user("c", ""), user("d", "late@example.com"))))
	if len(res) != 3 || res[0]["status"] != "201" || res[1]["status"] != "409" || res[2]["status"] != "400" {
		t.Fatalf("failOnErrors: %v", res)
	}
	if e.req("GET", `/Users?filter=userName%20eq%20%22late@example.com%22`, nil).must(t, 200).total(t) != 0 {
		t.Fatal("an operation after failOnErrors ran")
	}
	// Each kind of bad operation fails alone.
	res = bulkResults(t, e.req("POST", "/Bulk", bulkBody(0,
		`{"method":"GET","path":"/Users"}`,
		`{"method":"POST","path":"/Users","data":{"userName":"nobulkid"}}`,
		`{"method":"PATCH","path":"/Users/x"}`,
		`{"method":"POST","path":"Users","bulkId":"p","data":{}}`,
		user("twice", "t1@example.com"), user("twice", "t2@example.com"),
		`{"method":"POST","path":"/Groups","bulkId":"g","data":{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"G","members":[{"value":"bulkId:nowhere"}]}}`,
		`{"method":"POST","path":"/Groups","bulkId":"c1","data":{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"C1","members":[{"value":"bulkId:c2"}]}}`,
		`{"method":"POST","path":"/Groups","bulkId":"c2","data":{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"C2","members":[{"value":"bulkId:c1"}]}}`,
		`{"method":"DELETE","path":"/Schemas/x"}`,
		`7`,
		user("ok", "ok@example.com"),
	)))
	want := []string{"400", "400", "400", "400", "201", "400", "409", "409", "409", "404", "400", "201"} // the second "twice" is refused
	if len(res) != len(want) {
		t.Fatalf("%d results: %v", len(res), res)
	}
	for i, r := range res {
		if r["status"] != want[i] {
			t.Errorf("operation %d: %v, want %s", i, r, want[i])
		}
	}

	// Whole-request problems.
	many := make([]string, 1001)
	for i := range many {
		many[i] = `{"method":"DELETE","path":"/Users/x"}`
	}
	e.req("POST", "/Bulk", bulkBody(0, many...)).scimError(t, 413, "")
	e.req("POST", "/Bulk", bulkBody(0, user("big", strings.Repeat("x", 5<<20)))).scimError(t, 413, "")
	e.req("POST", "/Bulk", `{"Operations":[]}`).scimError(t, 400, "invalidSyntax")
	e.req("POST", "/Bulk", `{"schemas":["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],"failOnErrors":0,"Operations":[]}`).scimError(t, 400, "invalidValue")
	e.req("GET", "/Bulk", nil).scimError(t, 405, "")
	spc := e.req("GET", "/ServiceProviderConfig", nil).must(t, 200).body["bulk"].(map[string]any)
	if spc["supported"] != true || fmt.Sprint(spc["maxOperations"]) != "1000" || fmt.Sprint(spc["maxPayloadSize"]) != fmt.Sprint(4<<20) {
		t.Fatalf("bulk advertised as %v", spc)
	}
}

// FuzzBulk sends arbitrary bulk requests: the bulk decoder and the
// operations never give a 500 nor panic.
func FuzzBulk(f *testing.F) {
	f.Add(bulkBody(0, `{"method":"POST","path":"/Users","bulkId":"a","data":{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"a"}}`,
		`{"method":"POST","path":"/Groups","bulkId":"g","data":{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"g","members":[{"value":"bulkId:a"}]}}`))
	f.Add(bulkBody(1, `{"method":"PATCH","path":"/Users/bulkId:a/bulkId:b","version":"W/\"x\"","data":{"Operations":[{"op":"Add","value":{"bulkId:a":"bulkId:b"}}]}}`))
	f.Add(`{"schemas":["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],"failOnErrors":1e99,"Operations":[null,{},[]]}`)
	e := newEnv(f, topologies[0], envOptions{})
	f.Fuzz(func(t *testing.T, body string) {
		req := httptest.NewRequest("POST", "/scim/v2/Bulk", strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+e.token)
		rec := httptest.NewRecorder()
		e.handler.ServeHTTP(rec, req)
		if rec.Code >= 500 || strings.Contains(rec.Body.String(), `"status":"5`) {
			t.Fatalf("%q: %d %s", body, rec.Code, rec.Body)
		}
	})
}

// TestBulkFailures: every failed operation carries a SCIM error as its
// response, and every one but a POST the location of its resource
// (RFC 7644 §3.7.3); circular bulkId references are 409 (§3.7.1).
func TestBulkFailures(t *testing.T) {
	eachTopology(t, func(t *testing.T, top topology) {
		e := newEnv(t, top, envOptions{})
		id := e.req("POST", "/Users", `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"b@x"}`).must(t, 201).str("id")
		patch := `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"nickName","value":"N"}]}`
		user := `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"b@x"}`
		tests := []struct {
			op       string
			status   string
			location string // "" for none
			detail   string // a part of the error's detail
		}{
			{`{"method":"DELETE","path":"/Schemas/x"}`, "404", "/Schemas/x", "no SCIM endpoint"},
			{`{"method":"PUT","path":"/Nothing/here","data":` + user + `}`, "404", "/Nothing/here", "no SCIM endpoint"},
			{`{"method":"PATCH","path":"/Users","data":` + patch + `}`, "405", "/Users", "not allowed"},
			{`{"method":"PATCH","path":"/Users/nobody","data":` + patch + `}`, "404", "/Users/nobody", ""},
			{`{"method":"PUT","path":"/Users/` + id + `","version":"W/\"9\"","data":` + user + `}`, "412", "/Users/" + id, ""},
			{`{"method":"DELETE","path":"/Users/bulkId:nowhere"}`, "409", "/Users/bulkId:nowhere", "nowhere"},
			{`{"method":"PATCH","path":"/Users/` + id + `"}`, "400", "/Users/" + id, "needs data"},
			{`{"method":"POST","path":"/Users","bulkId":"dup","data":` + user + `}`, "409", "", ""},
			{`{"method":"POST","path":"/Nothing","bulkId":"n","data":{}}`, "404", "", "no SCIM endpoint"},
		}
		for _, tc := range tests {
			t.Run(tc.op, func(t *testing.T) {
				res := bulkResults(t, e.req("POST", "/Bulk", bulkBody(0, tc.op)))
				r := res[0]
				if r["status"] != tc.status {
					t.Fatalf("status %v, want %s: %v", r["status"], tc.status, r)
				}
				resp, _ := r["response"].(map[string]any)
				if fmt.Sprint(resp["schemas"]) != "[urn:ietf:params:scim:api:messages:2.0:Error]" || resp["status"] != tc.status ||
					!strings.Contains(fmt.Sprint(resp["detail"]), tc.detail) || resp["detail"] == "" {
					t.Errorf("response %v is not the SCIM error", r["response"])
				}
				loc, _ := r["location"].(string)
				if want := tc.location; (want == "" && loc != "") || (want != "" && loc != e.url+want) {
					t.Errorf("location %q, want %q", loc, want)
				}
			})
		}

		// Two groups that are members of each other (RFC 7644 §3.7.1's
		// example): not resolved, 409 for both, and nothing created.
		res := bulkResults(t, e.req("POST", "/Bulk", bulkBody(0,
			`{"method":"POST","path":"/Groups","bulkId":"c1","data":{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"C1","members":[{"type":"Group","value":"bulkId:c2"}]}}`,
			`{"method":"POST","path":"/Groups","bulkId":"c2","data":{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"C2","members":[{"type":"Group","value":"bulkId:c1"}]}}`,
			`{"method":"PATCH","path":"/Groups/bulkId:c1","data":`+patch+`}`,
		)))
		for _, r := range res {
			resp, _ := r["response"].(map[string]any)
			if r["status"] != "409" || !strings.Contains(fmt.Sprint(resp["detail"]), "RFC 7644 §3.7.1") {
				t.Errorf("circular: %v", r)
			}
		}
		if n := e.req("GET", "/Groups", nil).must(t, 200).total(t); n != 0 {
			t.Errorf("%d groups created", n)
		}
	})
}
