package bridge_test

import (
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
