package servicetest

import (
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/scimbridge/scimbridge/internal/account"
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
