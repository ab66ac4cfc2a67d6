package bridge_test

import (
	"fmt"
	"strings"
	"testing"
)

// TestPrefixes serves SCIM at /scim/v2, /scim and the root, and builds
// locations with the prefix the client used.
func TestPrefixes(t *testing.T) {
	e := newEnv(t, topologies[0], envOptions{})
	root := strings.TrimSuffix(e.url, "/scim/v2")
	for i, prefix := range []string{"/scim/v2", "/scim", ""} {
		u := e.req("POST", root+prefix+"/Users", `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"p`+string(rune('0'+i))+`@x"}`).must(t, 201)
		want := root + prefix + "/Users/" + u.str("id")
		if loc := u.body["meta"].(map[string]any)["location"]; loc != want || u.header.Get("Location") != want {
			t.Fatalf("%q: location %v / %q, want %q", prefix, loc, u.header.Get("Location"), want)
		}
		e.req("GET", root+prefix+"/Users/"+u.str("id")+"/", nil).must(t, 200) // a trailing slash names the same resource
		for _, path := range []string{"/ServiceProviderConfig", "/ResourceTypes", "/ResourceTypes/User", "/Schemas", "/Schemas/urn:ietf:params:scim:schemas:core:2.0:User", "/Groups"} {
			e.req("GET", root+prefix+path, nil).must(t, 200)
		}
	}
}

func TestDiscovery(t *testing.T) {
	e := newEnv(t, topologies[0], envOptions{})
	spc := e.req("GET", "/ServiceProviderConfig", nil).must(t, 200)
	for _, feature := range []string{"patch", "bulk", "filter", "sort", "etag"} {
		if spc.body[feature].(map[string]any)["supported"] != true {
			t.Errorf("%s not advertised: %s", feature, spc.raw)
		}
	}
	for _, feature := range []string{"changePassword"} {
		if spc.body[feature].(map[string]any)["supported"] != false {
			t.Errorf("%s advertised but not supported: %s", feature, spc.raw)
		}
	}
	rts := e.req("GET", "/ResourceTypes", nil).must(t, 200)
	if first := rts.body["Resources"].([]any)[0].(map[string]any); first["endpoint"] != "/Users" {
		t.Fatalf("first resource type: %v", first)
	}
	if !strings.Contains(e.req("GET", "/Schemas", nil).must(t, 200).raw, "User Account") {
		t.Fatal("the User schema is not described")
	}
	e.req("GET", "/Schemas/urn:example:nothing", nil).scimError(t, 404, "")
	e.req("GET", "/ResourceTypes/Device", nil).scimError(t, 404, "")
}

// TestETags covers meta.version, ETag, If-Match and If-None-Match
// (RFC 7644 §3.14).
func TestETags(t *testing.T) {
	eachTopology(t, func(t *testing.T, top topology) {
		e := newEnv(t, top, envOptions{})
		u := e.req("POST", "/Users", `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"tag@x"}`).must(t, 201)
		id, tag := u.str("id"), u.header.Get("ETag")
		if tag == "" || u.body["meta"].(map[string]any)["version"] != tag {
			t.Fatalf("ETag %q, meta %v", tag, u.body["meta"])
		}
		e.req("GET", "/Users/"+id, nil, "If-None-Match", tag).must(t, 304)
		patch := `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"nickName","value":"T"}]}`
		changed := e.req("PATCH", "/Users/"+id, patch, "If-Match", tag).must(t, 204)
		if changed.header.Get("ETag") == tag {
			t.Fatal("the version did not move")
		}
		e.req("PATCH", "/Users/"+id, patch, "If-Match", tag).scimError(t, 412, "")
		e.req("DELETE", "/Users/"+id, nil, "If-Match", tag).scimError(t, 412, "")
		e.req("GET", "/Users/"+id, nil, "If-None-Match", tag).must(t, 200)
		e.req("DELETE", "/Users/"+id, nil, "If-Match", changed.header.Get("ETag")).must(t, 204)
	})
}

// TestListing covers paging in a stable order, attribute projection and
// .search.
func TestListing(t *testing.T) {
	eachTopology(t, func(t *testing.T, top topology) {
		e := newEnv(t, top, envOptions{})
		var ids []string
		for i := 0; i < 7; i++ {
			u := e.req("POST", "/Users", `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"l`+string(rune('a'+i))+`@x","emails":[{"value":"l@x","type":"work"}],"password":"p"}`).must(t, 201)
			ids = append(ids, u.str("id"))
		}
		var seen []string
		for start := 1; start <= 7; start += 3 {
			page := e.req("GET", "/Users?startIndex="+string(rune('0'+start))+"&count=3&attributes=userName", nil).must(t, 200)
			if page.total(t) != 7 {
				t.Fatalf("total %d", page.total(t))
			}
			for _, r := range page.body["Resources"].([]any) {
				m := r.(map[string]any)
				if m["emails"] != nil || m["meta"] != nil || m["password"] != nil || m["id"] == nil || m["userName"] == nil {
					t.Fatalf("projection: %v", m)
				}
				seen = append(seen, m["id"].(string))
			}
		}
		if strings.Join(seen, ",") != strings.Join(ids, ",") {
			t.Fatalf("pages are not in a stable order:\n%v\n%v", seen, ids)
		}
		ex := e.req("GET", "/Users?excludedAttributes=emails,meta&count=1", nil).must(t, 200)
		if r := ex.body["Resources"].([]any)[0].(map[string]any); r["emails"] != nil || r["meta"] != nil || r["userName"] == nil {
			t.Fatalf("excludedAttributes: %v", r)
		}
		if n := e.req("GET", "/Users?count=0", nil).must(t, 200); n.total(t) != 7 || len(n.body["Resources"].([]any)) != 0 {
			t.Fatalf("count=0: %s", n.raw)
		}
		s := e.req("POST", "/Users/.search", `{"schemas":["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],"filter":"userName sw \"L\"","attributes":["userName"],"startIndex":2,"count":2,"sortBy":"userName","sortOrder":"descending"}`).must(t, 200)
		if s.total(t) != 7 || len(s.body["Resources"].([]any)) != 2 || s.body["Resources"].([]any)[0].(map[string]any)["userName"] != "lf@x" {
			t.Fatalf(".search: %s", s.raw)
		}
		e.req("POST", "/Groups", `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"L group"}`).must(t, 201)
		all := e.req("POST", "/.search", `{"schemas":["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],"startIndex":7,"count":5}`).must(t, 200)
		if all.total(t) != 8 || len(all.body["Resources"].([]any)) != 2 {
			t.Fatalf("root .search: %s", all.raw)
		}
		e.req("POST", "/Users/.search", `{"filter":"userName pr"}`).scimError(t, 400, "invalidSyntax")
	})
}

// TestIfMatch: If-Match compares weakly (W/"1" and "1" name version 1, as
// RFC 7644 §3.14's examples send it), matches when any tag of a list
// matches (RFC 7232 §3.1), and * matches any existing resource.
func TestIfMatch(t *testing.T) {
	eachTopology(t, func(t *testing.T, top topology) {
		e := newEnv(t, top, envOptions{})
		patch := `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"nickName","value":"N"}]}`
		tests := []struct {
			method, ifMatch string
			status          int
		}{
			{"PATCH", `W/"1"`, 204},
			{"PATCH", `"1"`, 204},
			{"PATCH", `W/"2"`, 412},
			{"PATCH", `W/"7", W/"1"`, 204},
			{"PATCH", `W/"7",W/"1"`, 204},
			{"PATCH", `"a,b", W/"1"`, 204},
			{"PATCH", `W/"7", W/"9"`, 412},
			{"PATCH", `*`, 204},
			{"PATCH", `garbage`, 412},
			{"PUT", `W/"3", W/"1"`, 200},
			{"PUT", `W/"3", W/"2"`, 412},
			{"DELETE", `W/"3", "1"`, 204},
			{"DELETE", `W/"3", W/"2"`, 412},
			{"DELETE", `*`, 204},
		}
		for i, tc := range tests {
			t.Run(fmt.Sprintf("%s %s", tc.method, tc.ifMatch), func(t *testing.T) {
				u := e.req("POST", "/Users", fmt.Sprintf(`{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"im%d@x"}`, i)).must(t, 201)
				if u.header.Get("ETag") != `W/"1"` {
					t.Fatalf("ETag %q", u.header.Get("ETag"))
				}
				var body any
				switch tc.method {
				case "PATCH":
					body = patch
				case "PUT":
					body = fmt.Sprintf(`{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"im%d@x","nickName":"N"}`, i)
				}
				r := e.req(tc.method, "/Users/"+u.str("id"), body, "If-Match", tc.ifMatch)
				if tc.status == 412 {
					r.scimError(t, 412, "")
					if got := e.req("GET", "/Users/"+u.str("id"), nil).must(t, 200); got.header.Get("ETag") != `W/"1"` {
						t.Fatalf("a failed precondition changed the user: %s", got.raw)
					}
					return
				}
				r.must(t, tc.status)
			})
		}
		e.req("DELETE", "/Users/nobody", nil, "If-Match", "*").scimError(t, 404, "")
		e.req("PATCH", "/Groups/nobody", patch, "If-Match", `W/"1", W/"2"`).scimError(t, 404, "")
	})
}

// TestRootSearchSorted: POST /.search at the root with sortBy sorts users
// and groups as one list (RFC 7644 §3.4.3), pages it in a stable order
// (ties: users first), and puts resources without the attribute last
// (ascending) or first (descending).
func TestRootSearchSorted(t *testing.T) {
	eachTopology(t, func(t *testing.T, top topology) {
		e := newEnv(t, top, envOptions{})
		for _, name := range []string{"delta", "Bravo", "echo"} {
			e.req("POST", "/Users", `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"`+name+`@x","displayName":"`+name+`"}`).must(t, 201)
		}
		e.req("POST", "/Users", `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"nameless@x"}`).must(t, 201)
		for _, name := range []string{"Charlie", "alpha", "delta"} {
			e.req("POST", "/Groups", `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"`+name+`"}`).must(t, 201)
		}
		names := func(r response) string {
			var out []string
			for _, res := range r.body["Resources"].([]any) {
				m := res.(map[string]any)
				n, _ := m["displayName"].(string)
				if n == "" {
					n, _ = m["userName"].(string)
				}
				out = append(out, m["meta"].(map[string]any)["resourceType"].(string)[:1]+":"+n)
			}
			return strings.Join(out, " ")
		}
		search := func(extra string) response {
			return e.req("POST", "/.search", `{"schemas":["urn:ietf:params:scim:api:messages:2.0:SearchRequest"]`+extra+`}`).must(t, 200)
		}
		tests := []struct {
			extra, want string
			total       int
		}{
			{`,"sortBy":"displayName"`, "G:alpha U:Bravo G:Charlie U:delta G:delta U:echo U:nameless@x", 7},
			{`,"sortBy":"displayName","sortOrder":"descending"`, "U:nameless@x U:echo U:delta G:delta G:Charlie U:Bravo G:alpha", 7},
			{`,"sortBy":"displayName","startIndex":3,"count":3`, "G:Charlie U:delta G:delta", 7},
			{`,"sortBy":"displayName","startIndex":6,"count":5`, "U:echo U:nameless@x", 7},
			{`,"sortBy":"displayName","count":0`, "", 7},
			{`,"sortBy":"userName"`, "U:Bravo U:delta U:echo U:nameless@x G:Charlie G:alpha G:delta", 7},
			{`,"sortBy":"userName","sortOrder":"descending","count":4`, "G:Charlie G:alpha G:delta U:nameless@x", 7},
			{`,"sortBy":"displayName","filter":"displayName sw \"d\""`, "U:delta G:delta", 2},
			{`,"sortBy":"meta.created","sortOrder":"descending","count":2`, "G:delta G:alpha", 7},
		}
		for _, tc := range tests {
			r := search(tc.extra)
			if got := names(r); got != tc.want || r.total(t) != tc.total {
				t.Errorf("%s: %s (of %d)\n want %s (of %d)", tc.extra, got, r.total(t), tc.want, tc.total)
			}
		}
		e.req("POST", "/.search", `{"schemas":["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],"sortBy":"shoeSize"}`).scimError(t, 400, "invalidValue")
		e.req("POST", "/.search", `{"schemas":["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],"sortBy":"displayName","startIndex":20000}`).scimError(t, 400, "tooMany")
	})
}

// TestNotImplementedIsNotAnError: /Me answers 501, an expected answer that
// is logged at info, not as a failure.
func TestNotImplementedIsNotAnError(t *testing.T) {
	logs := &lockedLog{}
	e := newEnv(t, topologies[0], envOptions{logs: logs})
	e.req("GET", "/Me", nil).scimError(t, 501, "")
	e.req("POST", "/Me", `{}`).scimError(t, 501, "")
	for _, line := range strings.Split(strings.TrimSpace(logs.String()), "\n") {
		if strings.Contains(line, `"level":"ERROR"`) {
			t.Errorf("logged as an error: %s", line)
		}
	}
	if !strings.Contains(logs.String(), `"status":501`) {
		t.Errorf("the 501 was not logged: %s", logs.String())
	}
}

// TestMethodNotAllowed: every 405 is a SCIM error with an Allow header
// listing exactly the methods the path answers (HEAD with GET).
func TestMethodNotAllowed(t *testing.T) {
	e := newEnv(t, topologies[0], envOptions{})
	methods := []string{"DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"}
	for _, path := range []string{"/Users", "/Users/nobody", "/Users/.search", "/Groups", "/Groups/nobody", "/Groups/.search",
		"/.search", "/Bulk", "/ServiceProviderConfig", "/ResourceTypes", "/ResourceTypes/User", "/Schemas", "/Schemas/x", "/Me"} {
		var served, refused []string
		var allow []string
		for _, m := range methods {
			r := e.req(m, path, nil)
			if r.status != 405 {
				served = append(served, m)
				continue
			}
			refused = append(refused, m)
			if m != "HEAD" {
				r.scimError(t, 405, "")
			}
			allow = append(allow, r.header.Get("Allow"))
		}
		for i, a := range allow {
			if a != strings.Join(served, ", ") {
				t.Errorf("%s %s: Allow %q, want %q", refused[i], path, a, strings.Join(served, ", "))
			}
		}
	}
}
