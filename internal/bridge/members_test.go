package bridge_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/scimbridge/scimbridge/internal/account"
	"github.com/scimbridge/scimbridge/internal/account/store"
)

// TestMembersArePeople: a group member that is not a person of the account
// (a made-up id, a group's id, type "Group") is 400 invalidValue naming it,
// through POST, PUT, PATCH and Bulk, and nothing is written. Removing
// someone who is not (or no longer) a member is fine, as Okta and Entra ID
// do. Microsoft's reference tests add members as bare strings with made-up
// ids and expect 204 (the quirk entra-made-up-members); /Schemas does not
// offer nested groups.
func TestMembersArePeople(t *testing.T) {
	eachTopology(t, func(t *testing.T, top topology) {
		e := newEnv(t, top, envOptions{})
		ann := e.req("POST", "/Users", `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"ann@example.com"}`).must(t, 201).str("id")
		bob := e.req("POST", "/Users", `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"bob@example.com"}`).must(t, 201).str("id")
		other := e.req("POST", "/Groups", `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"Other"}`).must(t, 201).str("id")
		g := e.req("POST", "/Groups", fmt.Sprintf(`{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"Team","members":[{"value":%q}]}`, ann)).must(t, 201)
		gid, etag := g.str("id"), g.header.Get("ETag")
		const ghost = "0a0b0c0d-not-a-person"
		patch := func(ops string) string {
			return `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[` + ops + `]}`
		}
		group := func(name string, members string) string {
			return `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"` + name + `","members":` + members + `}`
		}

		refused := []struct {
			name, method, path, body string
			names                    string // the member the detail names
		}{
			{"POST with a made-up id", "POST", "/Groups", group("New", fmt.Sprintf(`[{"value":%q},{"value":%q}]`, bob, ghost)), ghost},
			{"POST with a group", "POST", "/Groups", group("New", fmt.Sprintf(`[{"value":%q}]`, other)), other},
			{"POST with type Group", "POST", "/Groups", group("New", fmt.Sprintf(`[{"value":%q,"type":"Group"}]`, bob)), bob},
			{"PUT with a made-up id", "PUT", "/Groups/" + gid, group("Renamed", fmt.Sprintf(`[{"value":%q},{"value":%q}]`, bob, ghost)), ghost},
			{"PATCH add a made-up id", "PATCH", "/Groups/" + gid, patch(fmt.Sprintf(`{"op":"add","path":"members","value":[{"value":%q},{"value":%q}]}`, bob, ghost)), ghost},
			{"PATCH add a group", "PATCH", "/Groups/" + gid, patch(fmt.Sprintf(`{"op":"add","path":"members","value":[{"value":%q}]}`, other)), other},
			{"PATCH replace members", "PATCH", "/Groups/" + gid, patch(fmt.Sprintf(`{"op":"replace","path":"members","value":[{"value":%q}]}`, ghost)), ghost},
			{"PATCH rename and a made-up id", "PATCH", "/Groups/" + gid, patch(fmt.Sprintf(`{"op":"replace","path":"displayName","value":"Renamed"},{"op":"add","path":"members","value":[{"value":%q}]}`, ghost)), ghost},
			{"PATCH path-less members", "PATCH", "/Groups/" + gid, patch(fmt.Sprintf(`{"op":"add","value":{"members":[{"value":%q,"type":"Group"}]}}`, other)), other},
		}
		for _, tc := range refused {
			t.Run(tc.name, func(t *testing.T) {
				r := e.req(tc.method, tc.path, tc.body, "User-Agent", oktaUA)
				r.scimError(t, 400, "invalidValue")
				if !strings.Contains(r.str("detail"), tc.names) {
					t.Errorf("the detail does not name %s: %s", tc.names, r.raw)
				}
				if m := e.members(gid); !slices.Equal(m, []string{ann}) {
					t.Errorf("members %v, want only ann", m)
				}
				now := e.req("GET", "/Groups/"+gid, nil).must(t, 200)
				if now.header.Get("ETag") != etag || now.str("displayName") != "Team" {
					t.Errorf("the group changed: %s", now.raw)
				}
				if n := e.req("GET", `/Groups?filter=displayName%20eq%20%22New%22`, nil).must(t, 200).total(t); n != 0 {
					t.Errorf("a group was created")
				}
			})
		}

		// Okta and Entra ID remove members who may be gone already.
		e.req("PATCH", "/Groups/"+gid, patch(fmt.Sprintf(`{"op":"remove","path":"members[value eq \"%s\"]"}`, ghost)), "User-Agent", oktaUA).must(t, 200)
		e.req("PATCH", "/Groups/"+gid, patch(fmt.Sprintf(`{"op":"Remove","path":"members","value":[{"value":%q}]}`, ghost)), "User-Agent", entraUA).must(t, 204)
		// Microsoft's reference tests: a bare string with a made-up id.
		e.req("PATCH", "/Groups/"+gid, `{"id":"`+gid+`","Operations":[{"op":"add","path":"members","value":"string id 1"}],"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"]}`).must(t, 204)
		e.req("PATCH", "/Groups/"+gid, patch(fmt.Sprintf(`{"op":"add","path":"members","value":[%q,"string id 2"]}`, bob))).must(t, 204)
		if m := e.members(gid); !slices.Equal(m, []string{ann, bob}) {
			t.Fatalf("members %v, want ann and bob", m)
		}

		// Bulk runs each operation the same way.
		res := bulkResults(t, e.req("POST", "/Bulk", bulkBody(0,
			fmt.Sprintf(`{"method":"PATCH","path":"/Groups/%s","data":%s}`, gid, patch(fmt.Sprintf(`{"op":"add","path":"members","value":[{"value":%q}]}`, ghost))),
			`{"method":"POST","path":"/Groups","bulkId":"g","data":`+group("Bulk", fmt.Sprintf(`[{"value":%q}]`, other))+`}`,
		)))
		if res[0]["status"] != "400" || res[1]["status"] != "400" {
			t.Fatalf("bulk: %v", res)
		}

		// /Schemas offers members that are Users only.
		sch := e.req("GET", "/Schemas/urn:ietf:params:scim:schemas:core:2.0:Group", nil).must(t, 200)
		for _, a := range sch.body["attributes"].([]any) {
			if a := a.(map[string]any); a["name"] == "members" {
				for _, sub := range a["subAttributes"].([]any) {
					sub := sub.(map[string]any)
					if v := fmt.Sprint(sub["canonicalValues"], sub["referenceTypes"]); strings.Contains(v, "Group") {
						t.Errorf("members.%s offers groups: %v", sub["name"], v)
					}
				}
			}
		}
	})
}

// TestDeletedPersonIsNotAMember: a person DELETEd under the suspend policy
// leaves provisioning's view but stays in the account with their
// memberships; adding them to a group is then 400 invalidValue naming
// them, like an unknown id, and writes nothing (no membership, no audit
// event).
func TestDeletedPersonIsNotAMember(t *testing.T) {
	eachTopology(t, func(t *testing.T, top topology) {
		e := newEnv(t, top, envOptions{})
		ann := e.req("POST", "/Users", `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"ann@example.com"}`).must(t, 201).str("id")
		gone := e.req("POST", "/Users", `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"gone@example.com"}`).must(t, 201).str("id")
		gid := e.req("POST", "/Groups", fmt.Sprintf(`{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"Team","members":[{"value":%q}]}`, ann)).must(t, 201).str("id")
		e.req("DELETE", "/Users/"+gone, nil).must(t, 204)
		if p := e.person(gone); p.Provisioned || p.State != account.StateSuspended {
			t.Fatalf("deleted: %s provisioned=%v", p.State, p.Provisioned)
		}
		events := func() int {
			list, err := e.acct.Audit(context.Background(), store.AuditQuery{TargetID: gid})
			if err != nil {
				t.Fatal(err)
			}
			return len(list)
		}
		before := events()
		for _, ua := range []string{oktaUA, entraUA} {
			r := e.req("PATCH", "/Groups/"+gid, fmt.Sprintf(`{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"add","path":"members","value":[{"value":%q}]}]}`, gone), "User-Agent", ua)
			r.scimError(t, 400, "invalidValue")
			if !strings.Contains(r.str("detail"), gone) {
				t.Errorf("the detail does not name the member: %s", r.raw)
			}
		}
		e.req("PUT", "/Groups/"+gid, fmt.Sprintf(`{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"Team","members":[{"value":%q},{"value":%q}]}`, ann, gone)).scimError(t, 400, "invalidValue")
		if m := e.members(gid); !slices.Equal(m, []string{ann}) {
			t.Fatalf("members %v, want only ann", m)
		}
		if n := events(); n != before {
			t.Fatalf("%d audit events for the group after refused adds, want %d", n, before)
		}
		// Microsoft's reference tests' made-up ids are still ignored.
		e.req("PATCH", "/Groups/"+gid, `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"add","path":"members","value":"string id 1"}]}`).must(t, 204)
	})
}

// TestReplaceKeepsMembersProvisioningCannotSee: a group provisioning took
// over keeps its existing members (people it never provisioned, here the
// account's owner) through a PUT of its members and a PATCH replacing or
// removing all of them; only the members provisioning sees are replaced.
func TestReplaceKeepsMembersProvisioningCannotSee(t *testing.T) {
	eachTopology(t, func(t *testing.T, top topology) {
		e := newEnv(t, top, envOptions{})
		ctx := context.Background()
		owner := e.person("owner@example.com")
		if owner.Provisioned {
			t.Fatal("the owner is provisioned")
		}
		now := time.Now().UTC().Truncate(time.Microsecond)
		unmanaged := account.Group{ID: account.NewID(), Attributes: map[string]any{"displayName": "Marketing"}, Created: now, Modified: now, Version: 1}
		unmanaged.Derive()
		err := e.acct.Store().Tx(ctx, func(tx store.Tx) error {
			if err := tx.CreateGroup(ctx, unmanaged); err != nil {
				return err
			}
			_, err := tx.AddMembers(ctx, unmanaged.ID, []account.Member{{PersonID: owner.ID}})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		ann := e.req("POST", "/Users", `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"ann@example.com"}`).must(t, 201).str("id")
		bob := e.req("POST", "/Users", `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"bob@example.com"}`).must(t, 201).str("id")

		// Okta pushes the group: it takes the existing one over.
		g := e.req("POST", "/Groups", fmt.Sprintf(`{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"Marketing","members":[{"value":%q}]}`, ann), "User-Agent", oktaUA).must(t, 201)
		gid := g.str("id")
		if gid != unmanaged.ID {
			t.Fatalf("took over %s, want %s", gid, unmanaged.ID)
		}
		if m := e.members(gid); !sameSet(m, []string{owner.ID, ann}) {
			t.Fatalf("after takeover: %v", m)
		}
		patch := func(ops string) string {
			return `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[` + ops + `]}`
		}
		steps := []struct {
			name, method, body string
			want               []string // visible to provisioning
		}{
			{"PUT", "PUT", fmt.Sprintf(`{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"Marketing","members":[{"value":%q}]}`, bob), []string{bob}},
			{"PATCH replace", "PATCH", patch(fmt.Sprintf(`{"op":"replace","path":"members","value":[{"value":%q}]}`, ann)), []string{ann}},
			{"PATCH path-less replace", "PATCH", patch(fmt.Sprintf(`{"op":"replace","value":{"members":[{"value":%q}]}}`, bob)), []string{bob}},
			{"PATCH remove all", "PATCH", patch(`{"op":"remove","path":"members"}`), []string{}},
			{"PUT of no members", "PUT", `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"Marketing","members":[]}`, []string{}},
		}
		for _, st := range steps {
			e.req(st.method, "/Groups/"+gid, st.body, "User-Agent", oktaUA).must(t, 200)
			if m := e.members(gid); !sameSet(m, append([]string{owner.ID}, st.want...)) {
				t.Fatalf("%s: members %v, want the owner kept and %v", st.name, m, st.want)
			}
			got := e.req("GET", "/Groups/"+gid, nil).must(t, 200)
			if n := len(asList(got.body["members"])); n != len(st.want) {
				t.Fatalf("%s: provisioning sees %d members, want %d: %s", st.name, n, len(st.want), got.raw)
			}
		}
	})
}

func asList(v any) []any {
	l, _ := v.([]any)
	return l
}
