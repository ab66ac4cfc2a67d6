package bridge_test

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"testing"

	"github.com/scimbridge/scimbridge/internal/account"
)

const oktaUA = "Okta SCIM Client 1.0.0"

// TestOktaFlow drives the bridge the way Okta does (../shared/reference/
// idp-behaviour.md): look up then create, full PUT updates, deactivate and
// reactivate with path-less PATCH, push a group with the unchanged id
// repeated, move members, and unlink (delete) the group. Then it checks
// the account holds the right people, states and memberships.
func TestOktaFlow(t *testing.T) {
	eachTopology(t, func(t *testing.T, top topology) {
		e := newEnv(t, top, envOptions{})
		ua := []string{"User-Agent", oktaUA}

		lookup := e.req("GET", "/Users?filter="+url.QueryEscape(`userName eq "alice@example.com"`)+"&startIndex=1&count=100", nil, ua...).must(t, 200)
		if lookup.total(t) != 0 {
			t.Fatalf("lookup of a new user found %d", lookup.total(t))
		}
		alice := e.req("POST", "/Users", `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"alice@example.com",
			"name":{"givenName":"Alice","familyName":"Liddell"},"emails":[{"primary":true,"value":"alice@example.com","type":"work"}],
			"displayName":"Alice Liddell","locale":"en-US","externalId":"00u1alice","groups":[],"password":"tmp-Pa55","active":true}`, ua...).must(t, 201)
		aliceID := alice.str("id")
		if alice.header.Get("Location") != e.url+"/Users/"+aliceID || alice.body["password"] != nil || alice.body["active"] != true {
			t.Fatalf("create: Location %q, body %s", alice.header.Get("Location"), alice.raw)
		}
		e.req("POST", "/Users", `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"ALICE@example.com"}`, ua...).scimError(t, 409, "uniqueness")

		// The person follows the invitation link.
		if _, err := e.acct.AcceptInvitation(context.Background(), "alice@example.com"); err != nil {
			t.Fatal(err)
		}

		got := e.req("GET", "/Users/"+aliceID, nil, ua...).must(t, 200)
		got.body["name"] = map[string]any{"givenName": "Alice", "familyName": "Kingsleigh"}
		e.req("PUT", "/Users/"+aliceID, got.body, ua...).must(t, 200)

		off := e.req("PATCH", "/Users/"+aliceID, `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","value":{"active":false}}]}`, ua...).must(t, 200)
		if off.body["active"] != false {
			t.Fatalf("deactivate: %s", off.raw)
		}
		if p := e.person(aliceID); p.State != account.StateSuspended || p.SuspendedFrom != account.StateAwaitingConfirmation {
			t.Fatalf("after deactivate: %s (from %s)", p.State, p.SuspendedFrom)
		}
		e.req("PATCH", "/Users/"+aliceID, `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","value":{"active":true}}]}`, ua...).must(t, 200)

		bob := e.req("POST", "/Users", `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"bob@example.com",
			"name":{"givenName":"Bob","familyName":"Builder"},"emails":[{"primary":true,"value":"bob@example.com","type":"work"}],"active":true}`, ua...).must(t, 201)
		bobID := bob.str("id")

		grp := e.req("POST", "/Groups", `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"Engineering","members":[]}`, ua...).must(t, 201)
		gid := grp.str("id")
		found := e.req("GET", "/Groups?filter="+url.QueryEscape(`displayName eq "engineering"`), nil, ua...).must(t, 200)
		if found.total(t) != 1 {
			t.Fatalf("group lookup: %s", found.raw)
		}
		e.req("PATCH", "/Groups/"+gid, fmt.Sprintf(`{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[
			{"op":"replace","value":{"id":%q,"displayName":"Engineering"}},
			{"op":"add","path":"members","value":[{"value":%q,"display":"alice@example.com"}]}]}`, gid, aliceID), ua...).must(t, 200)
		e.req("PATCH", "/Groups/"+gid, fmt.Sprintf(`{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[
			{"op":"replace","value":{"id":%q,"displayName":"Engineering"}},
			{"op":"remove","path":"members[value eq \"%s\"]"},
			{"op":"add","path":"members","value":[{"value":%q,"display":"bob@example.com"}]}]}`, gid, aliceID, bobID), ua...).must(t, 200)
		if m := e.members(gid); !slices.Equal(m, []string{bobID}) {
			t.Fatalf("members %v, want bob", m)
		}

		// A second pushed group, replaced whole by PUT (custom apps), then unlinked.
		ops := e.req("POST", "/Groups", fmt.Sprintf(`{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"Ops","members":[{"value":%q}]}`, aliceID), ua...).must(t, 201)
		e.req("PUT", "/Groups/"+ops.str("id"), fmt.Sprintf(`{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"id":%q,"displayName":"Ops","members":[{"value":%q},{"value":%q}]}`, ops.str("id"), aliceID, bobID), ua...).must(t, 200)
		if m := e.members(ops.str("id")); len(m) != 2 {
			t.Fatalf("Ops members %v", m)
		}
		e.req("DELETE", "/Groups/"+ops.str("id"), nil, ua...).must(t, 204)
		e.req("GET", "/Groups/"+ops.str("id"), nil, ua...).scimError(t, 404, "")

		// Unassigning deactivates (Okta never deletes users).
		bobNow := e.req("GET", "/Users/"+bobID, nil, ua...).must(t, 200)
		bobNow.body["active"] = false
		e.req("PUT", "/Users/"+bobID, bobNow.body, ua...).must(t, 200)

		a, b := e.person(aliceID), e.person(bobID)
		if a.State != account.StateAwaitingConfirmation || a.FamilyName != "Kingsleigh" || len(a.Groups) != 0 {
			t.Fatalf("alice: %s %q %v", a.State, a.FamilyName, a.Groups)
		}
		if b.State != account.StateSuspended || !b.Provisioned || len(b.Groups) != 1 || b.Groups[0].DisplayName != "Engineering" {
			t.Fatalf("bob: %s provisioned=%v groups %v", b.State, b.Provisioned, b.Groups)
		}
	})
}

// TestEntraFlow drives the bridge the way Microsoft Entra ID does, in its
// default mode and with aadOptscim062020.
func TestEntraFlow(t *testing.T) {
	eachTopology(t, func(t *testing.T, top topology) {
		e := newEnv(t, top, envOptions{})
		// Test connection: a random userName must be an empty list.
		e.req("GET", "/Users?filter="+url.QueryEscape(`userName eq "8c3b4ba8-9bd4-4bf3-a1d3-8e1b8c0a5f3e"`), nil).must(t, 200)

		u := e.req("POST", "/Users", `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
			"externalId":"jyoung","userName":"Test_User_jyoung@contoso.com","active":true,"addresses":null,
			"displayName":"Jo Young","emails":[{"Primary":true,"type":"work","value":"jo@contoso.com"}],
			"meta":{"resourceType":"User"},"name":{"familyName":"Young","givenName":"Jo"},
			"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"Department":"Sales"}}`).must(t, 201)
		id := u.str("id")
		if u.body["addresses"] != nil || u.body["meta"].(map[string]any)["resourceType"] != "User" {
			t.Fatalf("create: %s", u.raw)
		}
		byExternal := e.req("GET", "/Users?filter="+url.QueryEscape(`externalId eq jyoung`), nil).must(t, 200)
		byEmail := e.req("GET", "/Users?filter="+url.QueryEscape(`emails[type eq "work"].value eq "jo@contoso.com"`), nil).must(t, 200)
		if byExternal.total(t) != 1 || byEmail.total(t) != 1 {
			t.Fatalf("matching: %s / %s", byExternal.raw, byEmail.raw)
		}

		mgr := e.req("POST", "/Users", `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"boss@contoso.com","active":true}`).must(t, 201)
		e.req("PATCH", "/Users/"+id, fmt.Sprintf(`{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[
			{"op":"Replace","path":"displayName","value":"Joanna Young"},
			{"op":"Replace","path":"name.givenName","value":"Joanna"},
			{"op":"Replace","path":"emails[type eq \"work\"].value","value":"joanna@contoso.com"},
			{"op":"Add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber","value":"701984"},
			{"op":"Add","path":"manager","value":[{"$ref":null,"value":%q}]}]}`, mgr.str("id"))).must(t, 204)
		e.req("PATCH", "/Users/"+id, `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Replace","path":"active","value":"False"}]}`).must(t, 204)
		if p := e.person(id); p.State != account.StateSuspended {
			t.Fatalf("after active False: %s", p.State)
		}
		e.req("PATCH", "/Users/"+id, `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Replace","path":"active","value":"True"}]}`).must(t, 204)
		// aadOptscim062020: one path-less replace with dotted and URN keys.
		e.req("PATCH", "/Users/"+id+"?aadOptscim062020=true", `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[
			{"op":"replace","value":{"name.familyName":"Young-Smith","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:costCenter":"4130","active":true}}]}`).must(t, 204)

		got := e.req("GET", "/Users/"+id, nil).must(t, 200)
		ent, _ := got.body["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"].(map[string]any)
		name, _ := got.body["name"].(map[string]any)
		if got.str("displayName") != "Joanna Young" || name["givenName"] != "Joanna" || name["familyName"] != "Young-Smith" ||
			ent["employeeNumber"] != "701984" || ent["costCenter"] != "4130" || ent["department"] != "Sales" ||
			ent["manager"].(map[string]any)["value"] != mgr.str("id") || got.body["active"] != true {
			t.Fatalf("after PATCHes: %s", got.raw)
		}
		if p := e.person(id); p.Email != "joanna@contoso.com" || p.State != account.StateInvited {
			t.Fatalf("account view: %q %s", p.Email, p.State)
		}

		g := e.req("POST", "/Groups", `{"externalId":"8aa1a0c0","displayName":"Sales Team","members":[],
			"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group","http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group"]}`).must(t, 201)
		gid := g.str("id")
		found := e.req("GET", "/Groups?excludedAttributes=members&filter="+url.QueryEscape(`displayName eq "Sales Team"`), nil).must(t, 200)
		if found.total(t) != 1 {
			t.Fatalf("group lookup: %s", found.raw)
		}
		e.req("PATCH", "/Groups/"+gid, fmt.Sprintf(`{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[
			{"op":"Add","path":"members","value":[{"$ref":null,"value":%q},{"$ref":null,"value":%q}]}]}`, id, mgr.str("id"))).must(t, 204)
		e.req("PATCH", "/Groups/"+gid, fmt.Sprintf(`{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[
			{"op":"Remove","path":"members","value":[{"value":%q}]}]}`, mgr.str("id"))).must(t, 204)
		if m := e.members(gid); !slices.Equal(m, []string{id}) {
			t.Fatalf("members %v, want only the user", m)
		}
		e.req("PATCH", "/Groups/"+gid+"?aadOptscim062020=true", fmt.Sprintf(`{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[
			{"op":"remove","path":"members[value eq \"%s\"]"}]}`, id)).must(t, 204)
		if m := e.members(gid); len(m) != 0 {
			t.Fatalf("members %v, want none", m)
		}
		e.req("PATCH", "/Groups/"+gid, fmt.Sprintf(`{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[
			{"op":"Add","path":"members","value":[{"value":%q}]},{"op":"Replace","path":"displayName","value":"Sales"}]}`, id)).must(t, 204)

		// Hard delete, 30 days after the soft one.
		e.req("DELETE", "/Users/"+id, nil).must(t, 204)
		e.req("GET", "/Users/"+id, nil).scimError(t, 404, "")
		if n := e.req("GET", "/Users?filter="+url.QueryEscape(`externalId eq "jyoung"`), nil).must(t, 200).total(t); n != 0 {
			t.Fatalf("a deleted user is still listed (%d)", n)
		}
		p := e.person(id)
		if p.State != account.StateSuspended || p.Provisioned || len(p.Groups) != 1 || p.Groups[0].DisplayName != "Sales" {
			t.Fatalf("after delete: %s provisioned=%v groups=%v", p.State, p.Provisioned, p.Groups)
		}
		e.req("DELETE", "/Groups/"+gid, nil).must(t, 204)
	})
}
