package bridge_test

import (
	"encoding/json"
	"net/url"
	"testing"
)

// TestUserGroups checks the groups attribute of Users, which the account
// reads with the person (Query.WithGroups) in every way a User is read:
// by id, by a lookup, in a page, in a search; ordered by name, with the
// group's id, name and $ref; left out when the client does not want it,
// and absent for someone in no group.
func TestUserGroups(t *testing.T) {
	eachTopology(t, func(t *testing.T, top topology) {
		e := newEnv(t, top, envOptions{})
		user := func(name string) string {
			return e.req("POST", "/Users", `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"`+name+`"}`).must(t, 201).str("id")
		}
		ann, bob, cat := user("ann@example.com"), user("bob@example.com"), user("cat@example.com")
		group := func(name string, members ...string) string {
			list := []map[string]string{}
			for _, m := range members {
				list = append(list, map[string]string{"value": m})
			}
			body, _ := json.Marshal(map[string]any{"schemas": []string{"urn:ietf:params:scim:schemas:core:2.0:Group"}, "displayName": name, "members": list})
			return e.req("POST", "/Groups", string(body)).must(t, 201).str("id")
		}
		sales := group("Sales", ann)
		eng := group("Engineering", ann, bob)

		// want is ann's groups, in order.
		wantAnn := []struct{ id, name string }{{eng, "Engineering"}, {sales, "Sales"}}
		check := func(what string, res map[string]any, want []struct{ id, name string }) {
			t.Helper()
			list := asList(res["groups"])
			if len(want) == 0 {
				if _, ok := res["groups"]; ok {
					t.Errorf("%s: groups %v, want none", what, res["groups"])
				}
				return
			}
			if len(list) != len(want) {
				t.Fatalf("%s: groups %v, want %v", what, res["groups"], want)
			}
			for i, w := range want {
				g, _ := list[i].(map[string]any)
				if g["value"] != w.id || g["display"] != w.name || g["$ref"] != e.url+"/Groups/"+w.id || g["type"] != "direct" {
					t.Errorf("%s: group %d is %v, want %s (%s)", what, i, g, w.name, w.id)
				}
			}
		}
		resources := func(r response) []map[string]any {
			t.Helper()
			list := asList(r.body["Resources"])
			out := make([]map[string]any, len(list))
			for i, x := range list {
				out[i], _ = x.(map[string]any)
			}
			return out
		}

		check("GET ann", e.req("GET", "/Users/"+ann, nil).must(t, 200).body, wantAnn)
		check("GET bob", e.req("GET", "/Users/"+bob, nil).must(t, 200).body, wantAnn[:1])
		check("GET cat", e.req("GET", "/Users/"+cat, nil).must(t, 200).body, nil)
		check("GET ann without groups", e.req("GET", "/Users/"+ann+"?excludedAttributes=groups", nil).must(t, 200).body, nil)
		check("GET ann, userName only", e.req("GET", "/Users/"+ann+"?attributes=userName", nil).must(t, 200).body, nil)
		check("GET ann, groups only", e.req("GET", "/Users/"+ann+"?attributes=groups", nil).must(t, 200).body, wantAnn)

		lookup := e.req("GET", "/Users?filter="+url.QueryEscape(`userName eq "ANN@example.com"`), nil).must(t, 200)
		if r := resources(lookup); len(r) != 1 {
			t.Fatalf("lookup: %s", lookup.raw)
		} else {
			check("lookup", r[0], wantAnn)
		}
		page := resources(e.req("GET", "/Users?startIndex=1&count=10", nil).must(t, 200))
		if len(page) != 3 {
			t.Fatalf("page: %d users", len(page))
		}
		for i, want := range [][]struct{ id, name string }{wantAnn, wantAnn[:1], nil} {
			check("page["+page[i]["userName"].(string)+"]", page[i], want)
		}
		for _, r := range resources(e.req("GET", "/Users?excludedAttributes=groups", nil).must(t, 200)) {
			check("page without groups", r, nil)
		}
		search := resources(e.req("POST", "/Users/.search", `{"schemas":["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],"filter":"userName sw \"ann\""}`).must(t, 200))
		if len(search) != 1 {
			t.Fatalf("search: %v", search)
		}
		check("search", search[0], wantAnn)

		// A change to a group shows at once (the cache, when there is one,
		// must not serve the groups read before it).
		e.req("PATCH", "/Groups/"+sales, `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"remove","path":"members[value eq \"`+ann+`\"]"}]}`).must(t, 204)
		check("GET ann after leaving Sales", e.req("GET", "/Users/"+ann, nil).must(t, 200).body, wantAnn[:1])
		e.req("DELETE", "/Groups/"+eng, nil).must(t, 204)
		check("GET ann after Engineering is deleted", e.req("GET", "/Users/"+ann, nil).must(t, 200).body, nil)
	})
}
