package bridge_test

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// TestBadInput sends what careless and hostile clients send: each gets a
// SCIM error with the right status and scimType, and nothing is written.
func TestBadInput(t *testing.T) {
	eachTopology(t, func(t *testing.T, top topology) {
		e := newEnv(t, top, envOptions{})
		user := e.req("POST", "/Users", `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"keep@example.com"}`).must(t, 201)
		uid := user.str("id")
		group := e.req("POST", "/Groups", `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"Keep"}`).must(t, 201)
		gid := group.str("id")
		q := url.QueryEscape
		patch := func(ops string) string {
			return `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":` + ops + `}`
		}

		tests := []struct {
			name, method, path string
			body               any
			status             int
			scimType           string
			headers            []string
		}{
			{"malformed JSON", "POST", "/Users", `{"userName": tre}`, 400, "invalidSyntax", nil},
			{"truncated JSON", "POST", "/Users", `{"userName": "x"`, 400, "invalidSyntax", nil},
			{"not an object", "POST", "/Users", `["userName"]`, 400, "invalidSyntax", nil},
			{"two objects", "POST", "/Users", `{"userName":"a"}{"userName":"b"}`, 400, "invalidSyntax", nil},
			{"empty body", "POST", "/Users", ``, 400, "invalidSyntax", nil},
			{"no userName", "POST", "/Users", `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"displayName":"x"}`, 400, "invalidValue", nil},
			{"userName not a string", "POST", "/Users", `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":5}`, 400, "invalidValue", nil},
			{"active not a boolean", "POST", "/Users", `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"n@x","active":"maybe"}`, 400, "invalidValue", nil},
			{"two primary emails", "POST", "/Users", `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"n@x","emails":[{"value":"a@x","primary":true},{"value":"b@x","primary":true}]}`, 400, "invalidValue", nil},
			{"unknown schema", "POST", "/Users", `{"schemas":["urn:example:unknown"],"userName":"n@x"}`, 400, "invalidValue", nil},
			{"schemas not a list", "POST", "/Users", `{"schemas":"urn:ietf:params:scim:schemas:core:2.0:User","userName":"n@x"}`, 400, "invalidSyntax", nil},
			{"duplicate userName", "POST", "/Users", `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"KEEP@example.com"}`, 409, "uniqueness", nil},
			{"duplicate group", "POST", "/Groups", `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"keep"}`, 409, "uniqueness", nil},
			{"built-in group", "POST", "/Groups", `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"Owners"}`, 403, "", nil},
			{"wrong content type", "POST", "/Users", `{}`, 415, "", []string{"Content-Type", "text/plain"}},
			{"unknown user", "GET", "/Users/00919288221112222", nil, 404, "", nil},
			{"unknown group", "PATCH", "/Groups/nope", patch(`[{"op":"remove","path":"members"}]`), 404, "", nil},
			{"unknown path", "GET", "/Nothing", nil, 404, "", nil},
			{"wrong method", "DELETE", "/Users", nil, 405, "", nil},
			{"bad filter", "GET", "/Users?filter=" + q(`userName eq`), nil, 400, "invalidFilter", nil},
			{"unknown filter attribute", "GET", "/Users?filter=" + q(`shoeSize eq "9"`), nil, 400, "invalidFilter", nil},
			{"filter type mismatch", "GET", "/Users?filter=" + q(`active eq "yes"`), nil, 400, "invalidFilter", nil},
			{"evil filter depth", "GET", "/Users?filter=" + q(strings.Repeat("(", 40)+`userName eq "x"`+strings.Repeat(")", 40)), nil, 400, "invalidFilter", nil},
			{"huge filter", "GET", "/Users?filter=" + q(`userName eq "`+strings.Repeat("a", 5000)+`"`), nil, 400, "invalidFilter", nil},
			{"bad startIndex", "GET", "/Users?startIndex=one", nil, 400, "invalidValue", nil},
			{"bad sortBy", "GET", "/Users?sortBy=shoeSize", nil, 400, "invalidValue", nil},
			{"bad attributes", "GET", "/Users?attributes=" + q("name..given"), nil, 400, "invalidValue", nil},
			{"PATCH without schemas", "PATCH", "/Users/" + uid, `{"Operations":[{"op":"add","path":"nickName","value":"x"}]}`, 400, "invalidSyntax", nil}, // RFC 7644 §3.5.2
			{"PATCH with the wrong schemas", "PATCH", "/Users/" + uid, `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"Operations":[{"op":"add","path":"nickName","value":"x"}]}`, 400, "invalidSyntax", nil},
			{"PATCH without schemas from Entra ID", "PATCH", "/Users/" + uid, `{"Operations":[{"op":"Add","path":"nickName","value":"x"}]}`, 400, "invalidSyntax", []string{"User-Agent", entraUA}},
			{"PATCH a password", "PATCH", "/Users/" + uid, patch(`[{"op":"replace","path":"password","value":"s3cret"}]`), 400, "mutability", nil}, // changePassword unsupported
			{"PATCH a password path-less", "PATCH", "/Users/" + uid, patch(`[{"op":"replace","value":{"password":"s3cret"}}]`), 400, "mutability", []string{"User-Agent", oktaUA}},
			{"PUT a password", "PUT", "/Users/" + uid, `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"keep@example.com","password":"s3cret"}`, 400, "mutability", nil},
			{"PATCH unknown op", "PATCH", "/Users/" + uid, patch(`[{"op":"frobnicate","path":"nickName"}]`), 400, "invalidSyntax", nil},
			{"PATCH no operations", "PATCH", "/Users/" + uid, patch(`[]`), 400, "invalidSyntax", nil},
			{"PATCH remove without path", "PATCH", "/Users/" + uid, patch(`[{"op":"remove"}]`), 400, "noTarget", nil},
			{"PATCH bad path", "PATCH", "/Users/" + uid, patch(`[{"op":"replace","path":"emails[type eq","value":"x"}]`), 400, "invalidPath", nil},
			{"PATCH unknown attribute", "PATCH", "/Users/" + uid, patch(`[{"op":"replace","path":"shoeSize","value":"9"}]`), 400, "invalidPath", nil},
			{"PATCH readOnly", "PATCH", "/Users/" + uid, patch(`[{"op":"replace","path":"id","value":"other"}]`), 400, "mutability", nil},
			{"PATCH wrong type", "PATCH", "/Users/" + uid, patch(`[{"op":"replace","path":"active","value":"perhaps"}]`), 400, "invalidValue", nil},
			{"PATCH atomic: a later op fails", "PATCH", "/Users/" + uid, patch(`[{"op":"replace","path":"displayName","value":"CHANGED"},{"op":"replace","path":"shoeSize","value":"9"}]`), 400, "invalidPath", nil},
			{"PATCH removes userName", "PATCH", "/Users/" + uid, patch(`[{"op":"remove","path":"userName"}]`), 400, "invalidValue", nil},
			{"PATCH member sub-attribute", "PATCH", "/Groups/" + gid, patch(`[{"op":"replace","path":"members.value","value":"x"}]`), 400, "mutability", nil},
			{"stale If-Match", "PUT", "/Users/" + uid, `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"keep@example.com","displayName":"CHANGED"}`, 412, "", []string{"If-Match", `W/"999"`}},
			{"bad If-Match", "DELETE", "/Users/" + uid, nil, 412, "", []string{"If-Match", `garbage`}},
			{"Me", "GET", "/Me", nil, 501, "", nil},
			{"Bulk without schemas", "POST", "/Bulk", `{}`, 400, "invalidSyntax", nil},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				r := e.req(tc.method, tc.path, tc.body, tc.headers...)
				if tc.status == 204 {
					r.must(t, 204)
					return
				}
				r.scimError(t, tc.status, tc.scimType)
			})
		}
		// Nothing above changed the user.
		got := e.req("GET", "/Users/"+uid, nil).must(t, 200)
		if got.str("displayName") != "" || got.str("userName") != "keep@example.com" || got.str("nickName") != "" || got.header.Get("ETag") != user.header.Get("ETag") {
			t.Fatalf("bad input changed the user: %s", got.raw)
		}
		if n := e.req("GET", "/Users", nil).must(t, 200).total(t); n != 1 {
			t.Fatalf("bad input created users: %d", n)
		}
	})
}

func TestBodyLimit(t *testing.T) {
	e := newEnv(t, topologies[0], envOptions{})
	big := `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"big@x","title":"` + strings.Repeat("x", 2<<20) + `"}`
	e.req("POST", "/Users", big).scimError(t, 413, "")
	// Without a Content-Length the limit holds while reading.
	req := httptest.NewRequest("POST", "/scim/v2/Users", struct{ *bytes.Reader }{bytes.NewReader([]byte(big))})
	req.ContentLength = -1
	req.Header.Set("Authorization", "Bearer "+e.token)
	rec := httptest.NewRecorder()
	e.handler.ServeHTTP(rec, req)
	if rec.Code != http.StatusRequestEntityTooLarge {
		t.Fatalf("streamed body: %d %s", rec.Code, rec.Body)
	}
	if n := e.req("GET", "/Users", nil).must(t, 200).total(t); n != 0 {
		t.Fatalf("an oversized request created a user")
	}
}

// FuzzRequests sends arbitrary bodies and query strings to every write
// endpoint: the answer is never a 500, and a 2xx answer is always a real
// success.
func FuzzRequests(f *testing.F) {
	for _, s := range []string{
		`{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"a@b"}`,
		`{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Replace","path":"active","value":"False"}]}`,
		`{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"g","members":[{"value":"x"}]}`,
		`{"Operations":[{"op":"add","value":{"name.givenName":"x","emails[type eq \"work\"].value":"y"}}]}`,
		`{"userName":"x","emails":{"value":"a"},"active":"True","urn:scim:schemas:core:1.0":{}}`,
	} {
		f.Add(s, `userName eq "a@b"`)
	}
	e := newEnv(f, topologies[0], envOptions{})
	ctx := context.Background()
	if _, err := e.acct.Info(ctx); err != nil {
		f.Fatal(err)
	}
	user := e.req("POST", "/Users", `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"fuzz@example.com"}`).must(f, 201).str("id")
	group := e.req("POST", "/Groups", `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"Fuzz"}`).must(f, 201).str("id")
	f.Fuzz(func(t *testing.T, body, filter string) {
		for _, target := range []struct{ method, path string }{
			{"POST", "/Users"}, {"PUT", "/Users/" + user}, {"PATCH", "/Users/" + user},
			{"POST", "/Groups"}, {"PUT", "/Groups/" + group}, {"PATCH", "/Groups/" + group},
			{"POST", "/Users/.search"}, {"GET", "/Users?filter=" + url.QueryEscape(filter) + "&attributes=" + url.QueryEscape(filter)},
			{"GET", "/Groups?filter=" + url.QueryEscape(filter) + "&sortBy=" + url.QueryEscape(filter)},
		} {
			req := httptest.NewRequest(target.method, "/scim/v2"+target.path, strings.NewReader(body))
			req.Header.Set("Authorization", "Bearer "+e.token)
			rec := httptest.NewRecorder()
			e.handler.ServeHTTP(rec, req)
			if rec.Code >= 500 {
				t.Fatalf("%s %s with %q: %d %s", target.method, target.path, body, rec.Code, rec.Body)
			}
		}
	})
}

// TestMalformedAttributeNames: a name in attributes or excludedAttributes
// that is not an attribute path is 400 invalidValue naming it (RFC 7644
// §3.4.2.5, §3.12), wherever the parameter comes: a list, a resource, a
// search body. A well-formed name the schema does not know is ignored, as
// the RFC allows, and Microsoft's reference tests' value filter in the
// parameter (entra-attributes-value-filter) still names its attribute.
func TestMalformedAttributeNames(t *testing.T) {
	eachTopology(t, func(t *testing.T, top topology) {
		e := newEnv(t, top, envOptions{})
		uid := e.req("POST", "/Users", `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"attr@example.com",
			"emails":[{"value":"attr@work.example","type":"work"}],"displayName":"Attr"}`).must(t, 201).str("id")
		q := url.QueryEscape
		refused := []struct {
			name, method, path, body, names string
		}{
			{"attributes=[[", "GET", "/Users?attributes=" + q("[["), "", "[["},
			{"excludedAttributes=[[", "GET", "/Users?excludedAttributes=" + q("[["), "", "[["},
			{"a bad name after a good one", "GET", "/Users?attributes=" + q("userName,[["), "", "[["},
			{"a lone ]", "GET", "/Groups?attributes=" + q("]"), "", "]"},
			{"brackets without a name", "GET", "/Users?attributes=" + q(`[type eq "work"]`), "", `[type eq`},
			{"an unclosed value filter", "GET", "/Users?attributes=" + q(`emails[type eq "work"`), "", `emails[type eq`},
			{"a value filter that is not one", "GET", "/Users?attributes=" + q(`emails[type eq]`), "", `emails[type eq]`},
			{"on a resource", "GET", "/Users/" + uid + "?attributes=" + q("[["), "", "[["},
			{"in a search", "POST", "/Users/.search", `{"schemas":["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],"attributes":["[["]}`, "[["},
			{"in a root search", "POST", "/.search", `{"schemas":["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],"excludedAttributes":["[["]}`, "[["},
		}
		for _, tc := range refused {
			t.Run(tc.name, func(t *testing.T) {
				var body any
				if tc.body != "" {
					body = tc.body
				}
				r := e.req(tc.method, tc.path, body)
				r.scimError(t, 400, "invalidValue")
				if !strings.Contains(r.str("detail"), tc.names) {
					t.Errorf("the detail does not name %q: %s", tc.names, r.raw)
				}
			})
		}

		// Entra's reference tests: the value filter is dropped, naming emails.
		r := e.req("GET", "/Users?attributes="+q(`emails[type eq "work"]`)+"&filter="+q(`userName eq "attr@example.com"`), nil, "User-Agent", entraUA).must(t, 200)
		res := asList(r.body["Resources"])
		if len(res) != 1 {
			t.Fatalf("Entra's attributes: %s", r.raw)
		}
		got := res[0].(map[string]any)
		if got["emails"] == nil || got["displayName"] != nil {
			t.Errorf("attributes=emails[type eq \"work\"] gave %v, want emails (and id) only", got)
		}
		// A well-formed name the schema does not know is ignored.
		r = e.req("GET", "/Users/"+uid+"?attributes="+q("shoeSize,userName"), nil).must(t, 200)
		if r.str("userName") != "attr@example.com" || r.body["displayName"] != nil {
			t.Errorf("attributes=shoeSize,userName gave %s", r.raw)
		}
	})
}
