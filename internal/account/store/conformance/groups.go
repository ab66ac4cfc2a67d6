package conformance

import (
	"slices"
	"testing"
	"time"

	"github.com/scimbridge/scimbridge/internal/account"
	"github.com/scimbridge/scimbridge/internal/account/store"
)

func testGroups(t *testing.T, s store.Store) {
	ctx := t.Context()
	g := groupFrom("g-1", "Engineering", true, epoch.Add(777))
	g.ExternalID = "okta-123"
	owners := groupFrom("g-owners", "Owners", false, epoch)
	owners.Kind = account.KindOwners
	createGroups(t, s, g, owners)

	got, err := s.GetGroup(ctx, g.ID)
	if err != nil {
		t.Fatal(err)
	}
	sameGroup(t, got, g)
	got, err = s.GetGroupByDisplayName(ctx, "ENGINEERING")
	if err != nil {
		t.Fatal(err)
	}
	sameGroup(t, got, g)
	got, err = s.GetGroupByKind(ctx, account.KindOwners)
	if err != nil {
		t.Fatal(err)
	}
	sameGroup(t, got, owners)
	_, err = s.GetGroupByKind(ctx, account.KindAdministrators)
	wantKind(t, err, account.ErrNotFound, "GetGroupByKind(administrators)")
	_, err = s.GetGroup(ctx, "nope")
	wantKind(t, err, account.ErrNotFound, "GetGroup(nope)")
	_, err = s.GetGroupByDisplayName(ctx, "nope")
	wantKind(t, err, account.ErrNotFound, "GetGroupByDisplayName(nope)")

	err = txErr(t, s, func(tx store.Tx) error { return tx.CreateGroup(ctx, groupFrom("g-2", "engineering", true, epoch)) })
	wantKind(t, err, account.ErrAlreadyExists, "CreateGroup with a taken name")
	err = txErr(t, s, func(tx store.Tx) error { return tx.CreateGroup(ctx, groupFrom("g-1", "Other", true, epoch)) })
	wantKind(t, err, account.ErrAlreadyExists, "CreateGroup with a taken id")

	// Rename, and the old name is free again.
	r := g
	r.DisplayName, r.ExternalID, r.Managed, r.Version = "Platform", "", false, 2
	r.Attributes = map[string]any{"displayName": "Platform"}
	r.Modified = epoch.Add(time.Hour)
	mustTx(t, s, func(tx store.Tx) error { return tx.UpdateGroup(ctx, r) })
	got, err = s.GetGroup(ctx, g.ID)
	if err != nil {
		t.Fatal(err)
	}
	sameGroup(t, got, r)
	createGroups(t, s, groupFrom("g-3", "Engineering", true, epoch))
	err = txErr(t, s, func(tx store.Tx) error {
		x := r
		x.DisplayName = "ENGINEERING"
		return tx.UpdateGroup(ctx, x)
	})
	wantKind(t, err, account.ErrAlreadyExists, "UpdateGroup to a taken name")
	err = txErr(t, s, func(tx store.Tx) error { return tx.UpdateGroup(ctx, groupFrom("nope", "Nope", true, epoch)) })
	wantKind(t, err, account.ErrNotFound, "UpdateGroup(nope)")

	mustTx(t, s, func(tx store.Tx) error { return tx.DeleteGroup(ctx, g.ID) })
	_, err = s.GetGroup(ctx, g.ID)
	wantKind(t, err, account.ErrNotFound, "GetGroup after DeleteGroup")
	err = txErr(t, s, func(tx store.Tx) error { return tx.DeleteGroup(ctx, g.ID) })
	wantKind(t, err, account.ErrNotFound, "DeleteGroup twice")
}

func memberIDs(ms []account.Member) []string {
	ids := make([]string, len(ms))
	for i, m := range ms {
		ids[i] = m.PersonID
	}
	return ids
}

func testMembers(t *testing.T, s store.Store) {
	ctx := t.Context()
	named := personFrom("p-named", epoch, map[string]any{"userName": "named", "displayName": "Named Person"})
	named.DisplayName = "Named Person"
	// Created in an order different from the order they join in.
	createPeople(t, s, simplePerson("p-c", "carol", epoch), named, simplePerson("p-a", "alice", epoch), simplePerson("p-b", "bob", epoch))
	createGroups(t, s, groupFrom("g", "Team", true, epoch), groupFrom("g-other", "Other", true, epoch))

	add := func(ms ...account.Member) []string {
		t.Helper()
		var added []string
		mustTx(t, s, func(tx store.Tx) error {
			var err error
			added, err = tx.AddMembers(ctx, "g", ms)
			return err
		})
		return added
	}
	if added := add(account.Member{PersonID: "p-b"}, account.Member{PersonID: "p-a", Display: "Alice A."}); !slices.Equal(added, []string{"p-b", "p-a"}) {
		t.Errorf("AddMembers added %q", added)
	}
	// Idempotent: existing members stay where they are; a new display
	// replaces the old, an empty one keeps it.
	if added := add(account.Member{PersonID: "p-a"}, account.Member{PersonID: "p-b", Display: "Bob B."}, account.Member{PersonID: "p-named"}); !slices.Equal(added, []string{"p-named"}) {
		t.Errorf("AddMembers again added %q", added)
	}
	members, err := s.Members(ctx, "g", store.ScopeAll)
	if err != nil {
		t.Fatal(err)
	}
	want := []account.Member{{PersonID: "p-b", Display: "Bob B."}, {PersonID: "p-a", Display: "Alice A."}, {PersonID: "p-named", Display: "Named Person"}}
	if !slices.Equal(members, want) {
		t.Errorf("Members = %+v, want %+v", members, want)
	}

	err = txErr(t, s, func(tx store.Tx) error {
		_, err := tx.AddMembers(ctx, "g", []account.Member{{PersonID: "p-c"}, {PersonID: "ghost"}})
		return err
	})
	wantKind(t, err, account.ErrNotFound, "AddMembers(ghost)")
	err = txErr(t, s, func(tx store.Tx) error {
		_, err := tx.AddMembers(ctx, "no-group", []account.Member{{PersonID: "p-c"}})
		return err
	})
	wantKind(t, err, account.ErrNotFound, "AddMembers to a missing group")
	_, err = s.Members(ctx, "no-group", store.ScopeAll)
	wantKind(t, err, account.ErrNotFound, "Members(no-group)")
	if ms, err := s.Members(ctx, "g-other", store.ScopeAll); err != nil || len(ms) != 0 {
		t.Errorf("Members(empty group) = %v, %v", ms, err)
	}

	// Provisioning sees only the members it can see.
	hidden := simplePerson("p-hidden", "hidden", epoch)
	hidden.Provisioned = false
	createPeople(t, s, hidden)
	add(account.Member{PersonID: "p-hidden"})
	if ms, err := s.Members(ctx, "g", store.ScopeProvisioning); err != nil || !slices.Equal(memberIDs(ms), []string{"p-b", "p-a", "p-named"}) {
		t.Errorf("Members(ScopeProvisioning) = %v, %v: want the hidden member left out", ms, err)
	}
	mustTx(t, s, func(tx store.Tx) error { _, err := tx.RemoveMembers(ctx, "g", []string{"p-hidden"}); return err })

	among, err := s.MembersAmong(ctx, "g", []string{"p-a", "p-c", "ghost", "p-named"})
	if err != nil || !sameSet(among, []string{"p-a", "p-named"}) {
		t.Errorf("MembersAmong = %q, %v", among, err)
	}

	// A member who leaves and comes back goes to the end.
	var removed []string
	mustTx(t, s, func(tx store.Tx) error {
		var err error
		removed, err = tx.RemoveMembers(ctx, "g", []string{"p-b", "p-c", "ghost"})
		return err
	})
	if !slices.Equal(removed, []string{"p-b"}) {
		t.Errorf("RemoveMembers removed %q", removed)
	}
	add(account.Member{PersonID: "p-b"}, account.Member{PersonID: "p-c"})
	members, err = s.Members(ctx, "g", store.ScopeAll)
	if err != nil {
		t.Fatal(err)
	}
	if ids := memberIDs(members); !slices.Equal(ids, []string{"p-a", "p-named", "p-b", "p-c"}) {
		t.Errorf("Members after re-adding = %q", ids)
	}
	if members[2].Display != "bob" {
		t.Errorf("re-added member shows %q, want the userName", members[2].Display)
	}

	// Deleting a person ends their memberships.
	mustTx(t, s, func(tx store.Tx) error { return tx.DeletePerson(ctx, "p-named") })
	members, _ = s.Members(ctx, "g", store.ScopeAll)
	if ids := memberIDs(members); !slices.Equal(ids, []string{"p-a", "p-b", "p-c"}) {
		t.Errorf("Members after DeletePerson = %q", ids)
	}

	var emptied []string
	mustTx(t, s, func(tx store.Tx) error {
		var err error
		emptied, err = tx.RemoveMembers(ctx, "g", []string{"p-a", "p-b", "p-c"})
		return err
	})
	if len(emptied) != 3 {
		t.Errorf("RemoveMembers of everyone = %q, want 3", emptied)
	}
	if ms, err := s.Members(ctx, "g", store.ScopeAll); err != nil || len(ms) != 0 {
		t.Errorf("Members after removing everyone = %v, %v", ms, err)
	}

	// Deleting a group ends its memberships.
	add(account.Member{PersonID: "p-a"})
	mustTx(t, s, func(tx store.Tx) error { return tx.DeleteGroup(ctx, "g") })
	if groups, err := s.GroupsOf(ctx, []string{"p-a"}, store.ScopeAll); err != nil || len(groups["p-a"]) != 0 {
		t.Errorf("GroupsOf after DeleteGroup = %v, %v", groups, err)
	}
}

func testGroupsOf(t *testing.T, s store.Store) {
	ctx := t.Context()
	createPeople(t, s, simplePerson("p-1", "one", epoch), simplePerson("p-2", "two", epoch), simplePerson("p-3", "three", epoch))
	createGroups(t, s,
		groupFrom("g-z", "zebra", true, epoch), groupFrom("g-a", "Aardvark", true, epoch),
		groupFrom("g-m", "Mongoose", false, epoch), groupFrom("g-b", "bison", true, epoch))
	mustTx(t, s, func(tx store.Tx) error {
		for g, people := range map[string][]string{"g-z": {"p-1", "p-2"}, "g-a": {"p-1"}, "g-m": {"p-1", "p-2"}, "g-b": {"p-1"}} {
			var ms []account.Member
			for _, p := range people {
				ms = append(ms, account.Member{PersonID: p})
			}
			if _, err := tx.AddMembers(ctx, g, ms); err != nil {
				return err
			}
		}
		return nil
	})
	all, err := s.GroupsOf(ctx, []string{"p-1", "p-2", "p-3", "ghost"}, store.ScopeAll)
	if err != nil {
		t.Fatal(err)
	}
	// Ordered by display name without regard to case.
	want := []account.GroupRef{ref("g-a", "Aardvark"), ref("g-b", "bison"), ref("g-m", "Mongoose"), ref("g-z", "zebra")}
	if !slices.Equal(all["p-1"], want) {
		t.Errorf("GroupsOf(p-1, all) = %v, want %v", all["p-1"], want)
	}
	if want := []account.GroupRef{ref("g-m", "Mongoose"), ref("g-z", "zebra")}; !slices.Equal(all["p-2"], want) {
		t.Errorf("GroupsOf(p-2, all) = %v, want %v", all["p-2"], want)
	}
	if len(all["p-3"]) != 0 || len(all["ghost"]) != 0 {
		t.Errorf("GroupsOf gives groups to people without any: %v", all)
	}
	managed, err := s.GroupsOf(ctx, []string{"p-1", "p-2"}, store.ScopeProvisioning)
	if err != nil {
		t.Fatal(err)
	}
	if want := []account.GroupRef{ref("g-a", "Aardvark"), ref("g-b", "bison"), ref("g-z", "zebra")}; !slices.Equal(managed["p-1"], want) {
		t.Errorf("GroupsOf(p-1, provisioning) = %v, want %v", managed["p-1"], want)
	}
	if want := []account.GroupRef{ref("g-z", "zebra")}; !slices.Equal(managed["p-2"], want) {
		t.Errorf("GroupsOf(p-2, provisioning) = %v, want %v", managed["p-2"], want)
	}
}

func ref(id, name string) account.GroupRef { return account.GroupRef{GroupID: id, DisplayName: name} }
