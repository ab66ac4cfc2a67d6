package servicetest

import (
	"fmt"
	"maps"
	"net/http"
	"reflect"
	"slices"
	"testing"

	"github.com/scimbridge/scimbridge/internal/account"
	"github.com/scimbridge/scimbridge/internal/scim"
	"github.com/scimbridge/scimbridge/internal/scim/patch"
)

func testCreateGroup(t *testing.T, svc account.Service, _ Fixture) {
	ann := createPerson(t, svc, user("ann@example.com", "displayName", "Ann Arbor"))
	bob := createPerson(t, svc, user("bob@example.com", "displayName", "Bob Builder"))
	doc := group("Engineering", nil, "externalId", "g-eng", "members", []any{
		map[string]any{"value": ann.ID, "display": "Ann A."},
		map[string]any{"value": bob.ID, "type": "User"},
	})
	g := createGroup(t, svc, doc)
	if g.ID == "" || g.DisplayName != "Engineering" || g.ExternalID != "g-eng" || g.Kind != account.KindCustom ||
		!g.Managed || g.Version != 1 || g.Created.IsZero() || !g.Modified.Equal(g.Created) {
		t.Errorf("new group: %+v", g)
	}
	if _, ok := g.Attributes["members"]; ok {
		t.Errorf("attributes hold members: %v", g.Attributes)
	}
	if !reflect.DeepEqual(g.Schemas, []string{scim.GroupSchema}) {
		t.Errorf("Schemas = %v", g.Schemas)
	}
	if d := diff(mustGetGroup(t, svc, g.ID), g); d != "" {
		t.Errorf("GetGroup differs from CreateGroup's answer: %s", d)
	}
	want := []account.Member{{PersonID: ann.ID, Display: "Ann A."}, {PersonID: bob.ID, Display: "Bob Builder"}}
	if got := members(t, svc, g.ID); !reflect.DeepEqual(got, want) {
		t.Errorf("Members = %+v, want %+v (display as given, else the person's)", got, want)
	}

	_, err := svc.GetGroup(t.Context(), account.NewID())
	wantErr(t, "GetGroup of nothing", err, account.ErrNotFound)
	_, err = svc.Members(t.Context(), account.NewID())
	wantErr(t, "Members of nothing", err, account.ErrNotFound)
	_, err = svc.CreateGroup(t.Context(), map[string]any{"externalId": "no name"})
	wantSCIMErr(t, "CreateGroup without displayName", err, http.StatusBadRequest, scim.ErrInvalidValue)
}

func mustGetGroup(t testing.TB, svc account.Service, id string) account.Group {
	t.Helper()
	g, err := svc.GetGroup(t.Context(), id)
	if err != nil {
		t.Fatalf("GetGroup(%s): %v", id, err)
	}
	return g
}

func testCreateGroupDuplicate(t *testing.T, svc account.Service, _ Fixture) {
	createGroup(t, svc, group("Sales", nil))
	for _, name := range []string{"Sales", "SALES", "sales"} {
		_, err := svc.CreateGroup(t.Context(), group(name, nil))
		wantErr(t, "CreateGroup("+name+")", err, account.ErrAlreadyExists)
	}
}

func testCreateGroupBuiltin(t *testing.T, svc account.Service, _ Fixture) {
	for _, name := range []string{"Owners", "owners", "Administrators", "Provision Managers", "PROVISION MANAGERS"} {
		_, err := svc.CreateGroup(t.Context(), group(name, nil))
		wantErr(t, "CreateGroup("+name+")", err, account.ErrProtected)
	}
	_, total, err := svc.ListGroups(t.Context(), account.Query{Count: 10})
	if err != nil || total != 0 {
		t.Errorf("ListGroups = %d groups, %v; provisioning sees no built-in group", total, err)
	}
}

func testCreateGroupTakeover(t *testing.T, svc account.Service, fx Fixture) {
	if fx == nil {
		t.Skip("needs a Fixture")
	}
	ann := createPerson(t, svc, user("ann@example.com"))
	bob := createPerson(t, svc, user("bob@example.com"))
	id := fx.CreateUnmanagedGroup(t, "Marketing", ann.ID)

	_, err := svc.GetGroup(t.Context(), id)
	wantErr(t, "GetGroup of an unmanaged group", err, account.ErrNotFound)
	_, total, err := svc.ListGroups(t.Context(), account.Query{Count: 10})
	if err != nil || total != 0 {
		t.Errorf("ListGroups = %d, %v; provisioning does not see unmanaged groups", total, err)
	}

	g := createGroup(t, svc, group("marketing", []string{bob.ID}, "externalId", "g-mkt"))
	if g.ID != id || !g.Managed || g.DisplayName != "marketing" || g.ExternalID != "g-mkt" {
		t.Errorf("took over as %+v, want the group %s, managed, with the pushed attributes", g, id)
	}
	if got := memberIDs(members(t, svc, g.ID)); !slices.Equal(got, []string{ann.ID, bob.ID}) {
		t.Errorf("Members = %v, want the existing member kept and the new one added", got)
	}
	_, err = svc.CreateGroup(t.Context(), group("Marketing", nil))
	wantErr(t, "CreateGroup of a managed group's name", err, account.ErrAlreadyExists)
}

func testPatchGroupPathless(t *testing.T, svc account.Service, _ Fixture) {
	g := createGroup(t, svc, group("Support", nil, "externalId", "g-sup"))
	value := maps.Clone(g.Attributes)
	value["displayName"] = "Customer Support"
	got, err := svc.PatchGroup(t.Context(), g.ID, []patch.Operation{op(t, patch.Replace, "", value)}, g.Version)
	if err != nil {
		t.Fatalf("path-less replace: %v", err)
	}
	if got.DisplayName != "Customer Support" || got.ExternalID != "g-sup" || got.Version != g.Version+1 {
		t.Errorf("after path-less replace: %+v", got)
	}
	if d := diff(mustGetGroup(t, svc, g.ID), got); d != "" {
		t.Errorf("GetGroup differs from PatchGroup's answer: %s", d)
	}
	got, err = svc.PatchGroup(t.Context(), g.ID, []patch.Operation{op(t, patch.Replace, "displayName", "Helpdesk")}, 0)
	if err != nil || got.DisplayName != "Helpdesk" {
		t.Errorf("replace displayName: %+v, %v", got, err)
	}
	other := createGroup(t, svc, group("Billing", nil))
	_, err = svc.PatchGroup(t.Context(), other.ID, []patch.Operation{op(t, patch.Replace, "displayName", "HELPDESK")}, 0)
	wantErr(t, "renaming to a taken name", err, account.ErrAlreadyExists)
	_, err = svc.PatchGroup(t.Context(), other.ID, []patch.Operation{op(t, patch.Replace, "displayName", "Owners")}, 0)
	if err == nil {
		t.Errorf("renaming a group to a built-in group's name succeeded")
	}
}

func testPatchGroupAtomic(t *testing.T, svc account.Service, _ Fixture) {
	p := fivePeople(t, svc)
	g := createGroup(t, svc, group("Atomic", []string{p[0].ID}))
	ops := []patch.Operation{
		op(t, patch.Add, "members", memberList(p[1].ID)),
		op(t, patch.Replace, "displayName", "Changed"),
		op(t, patch.Replace, "noSuchAttribute", "x"),
	}
	_, err := svc.PatchGroup(t.Context(), g.ID, ops, 0)
	wantSCIMErr(t, "PATCH with a bad operation", err, http.StatusBadRequest, scim.ErrInvalidPath)
	if d := diff(mustGetGroup(t, svc, g.ID), g); d != "" {
		t.Errorf("a failed PATCH changed the group: %s", d)
	}
	if got := memberIDs(members(t, svc, g.ID)); !slices.Equal(got, []string{p[0].ID}) {
		t.Errorf("a failed PATCH changed the members: %v", got)
	}
}

func testReplaceGroup(t *testing.T, svc account.Service, _ Fixture) {
	p := fivePeople(t, svc)
	g := createGroup(t, svc, group("Ops", []string{p[0].ID, p[1].ID}, "externalId", "g-ops"))

	r, err := svc.ReplaceGroup(t.Context(), g.ID, group("Operations", []string{p[2].ID, p[1].ID}), g.Version)
	if err != nil {
		t.Fatalf("ReplaceGroup: %v", err)
	}
	if r.ID != g.ID || r.DisplayName != "Operations" || r.ExternalID != "" || r.Version != g.Version+1 || !r.Managed {
		t.Errorf("replaced: %+v; want every attribute replaced", r)
	}
	if got := memberIDs(members(t, svc, g.ID)); !slices.Equal(got, []string{p[1].ID, p[2].ID}) {
		t.Errorf("Members = %v, want exactly the PUT's members (those kept first)", got)
	}
	if d := diff(mustGetGroup(t, svc, g.ID), r); d != "" {
		t.Errorf("GetGroup differs from ReplaceGroup's answer: %s", d)
	}
	// A document without members leaves them as they are (account.Service).
	if _, err := svc.ReplaceGroup(t.Context(), g.ID, group("Operations", nil, "externalId", "g-ops"), 0); err != nil {
		t.Fatalf("ReplaceGroup without members: %v", err)
	}
	if got := memberIDs(members(t, svc, g.ID)); !slices.Equal(got, []string{p[1].ID, p[2].ID}) {
		t.Errorf("Members after a PUT without members = %v, want them kept", got)
	}
	// An empty members list empties the group.
	if _, err := svc.ReplaceGroup(t.Context(), g.ID, group("Operations", []string{}), 0); err != nil {
		t.Fatalf("ReplaceGroup with no members: %v", err)
	}
	if got := members(t, svc, g.ID); len(got) != 0 {
		t.Errorf("Members after a PUT with \"members\": [] = %v, want none", got)
	}
	_, err = svc.ReplaceGroup(t.Context(), account.NewID(), group("Nothing", nil), 0)
	wantErr(t, "ReplaceGroup of nothing", err, account.ErrNotFound)
}

func testGroupPreconditions(t *testing.T, svc account.Service, _ Fixture) {
	g := createGroup(t, svc, group("Versions", nil))
	stale := g.Version + 1
	_, err := svc.ReplaceGroup(t.Context(), g.ID, group("V", nil), stale)
	wantErr(t, "ReplaceGroup at a stale version", err, account.ErrPrecondition)
	_, err = svc.PatchGroup(t.Context(), g.ID, []patch.Operation{op(t, patch.Replace, "displayName", "V")}, stale)
	wantErr(t, "PatchGroup at a stale version", err, account.ErrPrecondition)
	wantErr(t, "DeleteGroup at a stale version", svc.DeleteGroup(t.Context(), g.ID, stale), account.ErrPrecondition)
	if d := diff(mustGetGroup(t, svc, g.ID), g); d != "" {
		t.Errorf("refused writes changed the group: %s", d)
	}
	if err := svc.DeleteGroup(t.Context(), g.ID, g.Version); err != nil {
		t.Errorf("DeleteGroup at the current version: %v", err)
	}
}

func testDeleteGroup(t *testing.T, svc account.Service, _ Fixture) {
	p := createPerson(t, svc, user("ann@example.com"))
	g := createGroup(t, svc, group("Doomed", []string{p.ID}))
	keep := createGroup(t, svc, group("Kept", []string{p.ID}))
	if err := svc.DeleteGroup(t.Context(), g.ID, 0); err != nil {
		t.Fatalf("DeleteGroup: %v", err)
	}
	_, err := svc.GetGroup(t.Context(), g.ID)
	wantErr(t, "GetGroup after delete", err, account.ErrNotFound)
	_, err = svc.Members(t.Context(), g.ID)
	wantErr(t, "Members after delete", err, account.ErrNotFound)
	_, err = svc.PatchGroup(t.Context(), g.ID, []patch.Operation{op(t, patch.Replace, "displayName", "x")}, 0)
	wantErr(t, "PatchGroup after delete", err, account.ErrNotFound)
	wantErr(t, "DeleteGroup twice", svc.DeleteGroup(t.Context(), g.ID, 0), account.ErrNotFound)

	groups, err := svc.GroupsOf(t.Context(), []string{p.ID})
	if err != nil || len(groups[p.ID]) != 1 || groups[p.ID][0].GroupID != keep.ID {
		t.Errorf("GroupsOf after delete = %v, %v; want only %s", groups, err, keep.ID)
	}
	if _, err := svc.GetPerson(t.Context(), p.ID); err != nil {
		t.Errorf("deleting a group deleted its member: %v", err)
	}
	// The name is free again.
	createGroup(t, svc, group("doomed", nil))
}

func testListGroups(t *testing.T, svc account.Service, _ Fixture) {
	names := []string{"Alpha", "Bravo", "Charlie", "Delta"}
	var all []string
	for i, n := range names {
		all = append(all, createGroup(t, svc, group(n, nil, "externalId", fmt.Sprintf("g-%d", i))).ID)
	}
	gids := func(gs []account.Group) []string {
		out := make([]string, len(gs))
		for i, g := range gs {
			out[i] = g.ID
		}
		return out
	}
	tests := []struct {
		name  string
		q     account.Query
		want  []string
		total int
	}{
		{"all", account.Query{Count: 10}, all, 4},
		{"by name, any case", account.Query{Filter: parseFilter(t, `displayName eq "charlie"`), Count: 10}, all[2:3], 1},
		{"by externalId", account.Query{Filter: parseFilter(t, `externalId eq "g-3"`), Count: 10}, all[3:], 1},
		{"a page", account.Query{StartIndex: 2, Count: 2}, all[1:3], 4},
		{"count 0", account.Query{Count: 0}, nil, 4},
	}
	for _, tc := range tests {
		got, total, err := svc.ListGroups(t.Context(), tc.q)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if !slices.Equal(gids(got), tc.want) || total != tc.total {
			t.Errorf("%s: %v (total %d), want %v (total %d)", tc.name, gids(got), total, tc.want, tc.total)
		}
	}
	got, _, err := svc.ListGroups(t.Context(), account.Query{Filter: parseFilter(t, `displayName eq "Alpha"`), Count: 1})
	if err != nil || len(got) != 1 {
		t.Fatalf("ListGroups(Alpha): %v, %v", got, err)
	}
	if d := diff(got[0], mustGetGroup(t, svc, all[0])); d != "" {
		t.Errorf("ListGroups and GetGroup differ: %s", d)
	}
	_, _, err = svc.ListGroups(t.Context(), account.Query{Filter: parseFilter(t, `noSuchAttribute eq "x"`), Count: 1})
	wantSCIMErr(t, "ListGroups with an unknown attribute", err, http.StatusBadRequest, scim.ErrInvalidFilter)
}
