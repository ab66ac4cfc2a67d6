package servicetest

import (
	"fmt"
	"net/http"
	"slices"
	"sync"
	"testing"

	"github.com/scimbridge/scimbridge/internal/account"
	"github.com/scimbridge/scimbridge/internal/scim"
	"github.com/scimbridge/scimbridge/internal/scim/patch"
)

func testGroupMembersOrder(t *testing.T, svc account.Service, _ Fixture) {
	p := fivePeople(t, svc)
	g := createGroup(t, svc, group("Order", []string{p[3].ID}))
	for _, id := range []string{p[1].ID, p[4].ID, p[0].ID} {
		if _, err := svc.PatchGroup(t.Context(), g.ID, []patch.Operation{op(t, patch.Add, "members", memberList(id))}, 0); err != nil {
			t.Fatalf("add %s: %v", id, err)
		}
	}
	want := []string{p[3].ID, p[1].ID, p[4].ID, p[0].ID}
	if got := memberIDs(members(t, svc, g.ID)); !slices.Equal(got, want) {
		t.Errorf("Members = %v, want the order of addition %v", got, want)
	}
}

func testPatchGroupMembers(t *testing.T, svc account.Service, _ Fixture) {
	p := fivePeople(t, svc)
	ann, bob, cat, dan, eve := p[0].ID, p[1].ID, p[2].ID, p[3].ID, p[4].ID
	g := createGroup(t, svc, group("Team", []string{ann, bob}))

	steps := []struct {
		name string
		ops  []patch.Operation
		want []string
	}{
		{"add", []patch.Operation{op(t, patch.Add, "members", memberList(cat, dan))}, []string{ann, bob, cat, dan}},
		{"add one already there", []patch.Operation{op(t, patch.Add, "members", memberList(ann))}, []string{ann, bob, cat, dan}},
		{"remove by value filter", []patch.Operation{op(t, patch.Remove, `members[value eq "`+bob+`"]`, nil)}, []string{ann, cat, dan}},
		{"remove two by or", []patch.Operation{op(t, patch.Remove, `members[value eq "`+ann+`" or value eq "`+dan+`"]`, nil)}, []string{cat}},
		{"replace", []patch.Operation{op(t, patch.Replace, "members", memberList(eve, bob))}, []string{eve, bob}},
		{"several in one", []patch.Operation{
			op(t, patch.Add, "members", memberList(ann)),
			op(t, patch.Remove, `members[value eq "`+eve+`"]`, nil),
		}, []string{bob, ann}},
		{"remove all", []patch.Operation{op(t, patch.Remove, "members", nil)}, []string{}},
	}
	version := g.Version
	for _, st := range steps {
		got, err := svc.PatchGroup(t.Context(), g.ID, st.ops, 0)
		if err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		m := memberIDs(members(t, svc, g.ID))
		if !slices.Equal(m, st.want) {
			t.Fatalf("%s: members %v, want %v", st.name, m, st.want)
		}
		if st.name == "add one already there" {
			if got.Version != version {
				t.Errorf("%s: version %d, want %d (nothing changed)", st.name, got.Version, version)
			}
			continue
		}
		if got.Version <= version {
			t.Errorf("%s: version %d, want more than %d", st.name, got.Version, version)
		}
		version = got.Version
	}
}

// testConcurrentMemberAdds adds 32 people to one group from 32 goroutines
// at once: every one must land (no lost update).
func testConcurrentMemberAdds(t *testing.T, svc account.Service, _ Fixture) {
	const n = 32
	g := createGroup(t, svc, group("Crowd", nil))
	people := make([]string, n)
	for i := range people {
		people[i] = createPerson(t, svc, user(fmt.Sprintf("crowd%02d@example.com", i))).ID
	}
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for _, id := range people {
		wg.Go(func() {
			o, err := patch.NewOperation(patch.Add, "members", memberList(id), true)
			if err == nil {
				_, err = svc.PatchGroup(t.Context(), g.ID, []patch.Operation{o}, 0)
			}
			if err != nil {
				errs <- fmt.Errorf("add %s: %w", id, err)
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	got := memberIDs(members(t, svc, g.ID))
	slices.Sort(got)
	slices.Sort(people)
	if !slices.Equal(got, people) {
		t.Errorf("%d members after %d concurrent adds", len(got), n)
	}
	if v := mustGetGroup(t, svc, g.ID).Version; v != g.Version+n {
		t.Errorf("version %d after %d adds, want %d", v, n, g.Version+n)
	}
}

// testMembersArePeople: every group write refuses a member that is not a
// person of the account (nobody's id, a group's id, type "Group") with 400
// invalidValue, and writes nothing; removing someone who is not a member
// is no error (providers remove people who may be gone already); and a
// context made by WithUnknownMembersIgnored ignores ids that are not
// people instead.
func testMembersArePeople(t *testing.T, svc account.Service, _ Fixture) {
	ann := createPerson(t, svc, user("ann@example.com")).ID
	bob := createPerson(t, svc, user("bob@example.com")).ID
	other := createGroup(t, svc, group("Other", nil)).ID
	g := createGroup(t, svc, group("Team", []string{ann}))
	nobody := account.NewID()
	asGroup := []any{map[string]any{"value": bob, "type": "Group"}}
	ctx := t.Context()

	refused := []struct {
		name  string
		write func() error
	}{
		{"create with nobody", func() error { _, err := svc.CreateGroup(ctx, group("New", []string{bob, nobody})); return err }},
		{"create with a group", func() error { _, err := svc.CreateGroup(ctx, group("New", []string{other})); return err }},
		{"create with type Group", func() error { _, err := svc.CreateGroup(ctx, group("New", nil, "members", asGroup)); return err }},
		{"replace with nobody", func() error {
			_, err := svc.ReplaceGroup(ctx, g.ID, group("Renamed", []string{bob, nobody}), 0)
			return err
		}},
		{"patch add nobody", func() error {
			_, err := svc.PatchGroup(ctx, g.ID, []patch.Operation{op(t, patch.Add, "members", memberList(bob, nobody))}, 0)
			return err
		}},
		{"patch add a group", func() error {
			_, err := svc.PatchGroup(ctx, g.ID, []patch.Operation{op(t, patch.Add, "members", memberList(other))}, 0)
			return err
		}},
		{"patch add type Group", func() error {
			_, err := svc.PatchGroup(ctx, g.ID, []patch.Operation{op(t, patch.Add, "members", asGroup)}, 0)
			return err
		}},
		{"patch replace with nobody", func() error {
			_, err := svc.PatchGroup(ctx, g.ID, []patch.Operation{op(t, patch.Replace, "members", memberList(nobody))}, 0)
			return err
		}},
		{"patch: a rename and nobody, atomically", func() error {
			_, err := svc.PatchGroup(ctx, g.ID, []patch.Operation{
				op(t, patch.Replace, "displayName", "Renamed"),
				op(t, patch.Add, "members", memberList(nobody)),
			}, 0)
			return err
		}},
	}
	for _, tc := range refused {
		wantSCIMErr(t, tc.name, tc.write(), http.StatusBadRequest, scim.ErrInvalidValue)
		groupUnchanged(t, svc, tc.name, g, ann, "New")
	}

	if _, err := svc.PatchGroup(ctx, g.ID, []patch.Operation{op(t, patch.Remove, `members[value eq "`+nobody+`"]`, nil)}, 0); err != nil {
		t.Errorf("removing someone who is not a member: %v", err)
	}

	ignoring := account.WithUnknownMembersIgnored(ctx)
	if _, err := svc.PatchGroup(ignoring, g.ID, []patch.Operation{op(t, patch.Add, "members", memberList(bob, nobody, other))}, 0); err != nil {
		t.Fatalf("add with unknown members ignored: %v", err)
	}
	if m := memberIDs(members(t, svc, g.ID)); !slices.Equal(m, []string{ann, bob}) {
		t.Errorf("members %v, want ann and bob (the others ignored)", m)
	}
	created, err := svc.CreateGroup(ignoring, group("Ignoring", []string{nobody, ann}))
	if err != nil {
		t.Fatalf("create with unknown members ignored: %v", err)
	}
	if m := memberIDs(members(t, svc, created.ID)); !slices.Equal(m, []string{ann}) {
		t.Errorf("members %v, want ann", m)
	}
	_, err = svc.PatchGroup(ignoring, g.ID, []patch.Operation{op(t, patch.Add, "members", asGroup)}, 0)
	wantSCIMErr(t, "type Group with unknown members ignored", err, http.StatusBadRequest, scim.ErrInvalidValue)
}

// groupUnchanged checks that a refused write (what) left g as it was, with
// only the person onlyMember in it, and made no group named newName.
func groupUnchanged(t *testing.T, svc account.Service, what string, g account.Group, onlyMember, newName string) {
	t.Helper()
	if d := diff(mustGetGroup(t, svc, g.ID), g); d != "" {
		t.Errorf("%s changed the group: %s", what, d)
	}
	if m := memberIDs(members(t, svc, g.ID)); !slices.Equal(m, []string{onlyMember}) {
		t.Errorf("%s: members %v, want only %s", what, m, onlyMember)
	}
	filter := parseFilter(t, `displayName eq "`+newName+`"`)
	if _, n, err := svc.ListGroups(t.Context(), account.Query{Filter: filter}); err != nil || n != 0 {
		t.Errorf("%s: %d groups named %s (%v)", what, n, newName, err)
	}
}
