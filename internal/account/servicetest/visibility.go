package servicetest

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/scimbridge/scimbridge/internal/account"
	"github.com/scimbridge/scimbridge/internal/scim"
	"github.com/scimbridge/scimbridge/internal/scim/patch"
)

// Group writes see the members provisioning sees: the provisioned people.
// A person it removed from its view (DELETE under the suspend policy) keeps
// their memberships, but it can neither add them (like an unknown id) nor
// remove them by replacing a group's members; neither can it remove the
// members a group kept when provisioning took it over.

// testHiddenMembers: a member provisioning cannot see is 400 invalidValue
// naming them in every group write, and nothing is written; in a context
// made by WithUnknownMembersIgnored they are ignored like unknown ids.
func testHiddenMembers(t *testing.T, svc account.Service, _ Fixture) {
	ctx := t.Context()
	ann := createPerson(t, svc, user("ann@example.com")).ID
	gone := createPerson(t, svc, user("gone@example.com")).ID
	g := createGroup(t, svc, group("Team", []string{ann}))
	if err := svc.DeletePerson(ctx, gone, 0); err != nil {
		t.Fatalf("DeletePerson: %v", err)
	}
	last := newestAudit(t, svc)

	refused := []struct {
		name  string
		write func() error
	}{
		{"create with them", func() error { _, err := svc.CreateGroup(ctx, group("New", []string{ann, gone})); return err }},
		{"replace with them", func() error {
			_, err := svc.ReplaceGroup(ctx, g.ID, group("Team", []string{ann, gone}), 0)
			return err
		}},
		{"patch add them", func() error {
			_, err := svc.PatchGroup(ctx, g.ID, []patch.Operation{op(t, patch.Add, "members", memberList(gone))}, 0)
			return err
		}},
		{"patch replace members with them", func() error {
			_, err := svc.PatchGroup(ctx, g.ID, []patch.Operation{op(t, patch.Replace, "members", memberList(ann, gone))}, 0)
			return err
		}},
	}
	for _, tc := range refused {
		err := tc.write()
		wantSCIMErr(t, tc.name, err, http.StatusBadRequest, scim.ErrInvalidValue)
		if e, ok := scim.AsError(err); ok && !strings.Contains(e.Detail, gone) {
			t.Errorf("%s: the detail does not name the member: %s", tc.name, e.Detail)
		}
		groupUnchanged(t, svc, tc.name, g, ann, "New")
	}
	if now := newestAudit(t, svc); now.ID != last.ID {
		t.Errorf("a refused write left an audit event: %+v", now)
	}

	ignoring := account.WithUnknownMembersIgnored(ctx)
	got, err := svc.PatchGroup(ignoring, g.ID, []patch.Operation{op(t, patch.Add, "members", memberList(gone))}, 0)
	if err != nil {
		t.Fatalf("add with unknown members ignored: %v", err)
	}
	if got.Version != g.Version {
		t.Errorf("ignoring the only member changed the group's version to %d", got.Version)
	}

	// Provisioned again, they are a person provisioning can add.
	if p := createPerson(t, svc, user("gone@example.com")); p.ID != gone {
		t.Fatalf("provisioned again as %s, want %s", p.ID, gone)
	}
	if _, err := svc.PatchGroup(ctx, g.ID, []patch.Operation{op(t, patch.Add, "members", memberList(gone))}, 0); err != nil {
		t.Fatalf("adding them once provisioned again: %v", err)
	}
	if m := memberIDs(members(t, svc, g.ID)); !slices.Equal(m, []string{ann, gone}) {
		t.Errorf("members %v, want ann and gone", m)
	}
}

// testReplaceKeepsHiddenMembers: replacing a group's members (PUT, PATCH
// replace or remove of all members) changes only the members provisioning
// can see; the others stay, as the members a group kept when provisioning
// took it over do.
func testReplaceKeepsHiddenMembers(t *testing.T, svc account.Service, fx Fixture) {
	ctx := t.Context()
	p := fivePeople(t, svc)
	ann, bob, cat, dan := p[0].ID, p[1].ID, p[2].ID, p[3].ID
	g := createGroup(t, svc, group("Support", []string{ann, cat}))
	if err := svc.DeletePerson(ctx, cat, 0); err != nil {
		t.Fatalf("DeletePerson: %v", err)
	}
	steps := []struct {
		name    string
		replace func() error
		want    []string
	}{
		{"PUT", func() error { _, err := svc.ReplaceGroup(ctx, g.ID, group("Support", []string{bob}), 0); return err }, []string{bob}},
		{"PATCH replace", func() error {
			_, err := svc.PatchGroup(ctx, g.ID, []patch.Operation{op(t, patch.Replace, "members", memberList(ann))}, 0)
			return err
		}, []string{ann}},
		{"PATCH remove all", func() error {
			_, err := svc.PatchGroup(ctx, g.ID, []patch.Operation{op(t, patch.Remove, "members", nil)}, 0)
			return err
		}, []string{}},
		{"PUT of no members", func() error { _, err := svc.ReplaceGroup(ctx, g.ID, group("Support", []string{}), 0); return err }, []string{}},
	}
	for _, st := range steps {
		if err := st.replace(); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		if m := memberIDs(members(t, svc, g.ID)); !slices.Equal(m, st.want) {
			t.Fatalf("%s: members %v, want %v", st.name, m, st.want)
		}
	}
	// Provisioned again, the hidden member shows: they stayed all along.
	createPerson(t, svc, user(p[2].UserName))
	if m := memberIDs(members(t, svc, g.ID)); !slices.Equal(m, []string{cat}) {
		t.Errorf("members %v once cat is provisioned again, want cat kept", m)
	}

	if fx == nil {
		return
	}
	// A group taken over keeps the members provisioning cannot see.
	if err := svc.DeletePerson(ctx, dan, 0); err != nil {
		t.Fatalf("DeletePerson: %v", err)
	}
	id := fx.CreateUnmanagedGroup(t, "Marketing", dan)
	took := createGroup(t, svc, group("Marketing", []string{ann}))
	if took.ID != id {
		t.Fatalf("took over %s, want %s", took.ID, id)
	}
	if _, err := svc.ReplaceGroup(ctx, id, group("Marketing", []string{bob}), 0); err != nil {
		t.Fatalf("PUT of the taken-over group: %v", err)
	}
	if _, err := svc.PatchGroup(ctx, id, []patch.Operation{op(t, patch.Remove, "members", nil)}, 0); err != nil {
		t.Fatalf("PATCH remove all of the taken-over group: %v", err)
	}
	createPerson(t, svc, user(p[3].UserName))
	if m := memberIDs(members(t, svc, id)); !slices.Equal(m, []string{dan}) {
		t.Errorf("members of the taken-over group %v, want its own member dan kept", m)
	}
}

// testRenameToBuiltin: renaming a managed group to a built-in group's name
// is ErrProtected saying so, as creating one is, and changes nothing.
func testRenameToBuiltin(t *testing.T, svc account.Service, _ Fixture) {
	ctx := t.Context()
	g := createGroup(t, svc, group("Plain", nil))
	for _, name := range []string{"Owners", "administrators", "PROVISION MANAGERS"} {
		_, err := svc.PatchGroup(ctx, g.ID, []patch.Operation{op(t, patch.Replace, "displayName", name)}, 0)
		wantErr(t, "PATCH rename to "+name, err, account.ErrProtected)
		if err != nil && !strings.Contains(err.Error(), "built-in") {
			t.Errorf("PATCH rename to %s: the detail does not say it is built-in: %v", name, err)
		}
		_, err = svc.ReplaceGroup(ctx, g.ID, group(name, nil), 0)
		wantErr(t, "PUT rename to "+name, err, account.ErrProtected)
	}
	if d := diff(mustGetGroup(t, svc, g.ID), g); d != "" {
		t.Errorf("a refused rename changed the group: %s", d)
	}
}

// testGroupAudit: every group change is in the audit log with the group's
// state before and after it (account.GroupState), and membership changes
// name the people.
func testGroupAudit(t *testing.T, svc account.Service, _ Fixture) {
	ctx := t.Context()
	ann := createPerson(t, svc, user("ann@example.com")).ID
	g := createGroup(t, svc, group("Eng", []string{ann}, "externalId", "e-1"))
	if _, err := svc.PatchGroup(ctx, g.ID, []patch.Operation{op(t, patch.Replace, "displayName", "Engineering")}, 0); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.ReplaceGroup(ctx, g.ID, group("Engineering", nil, "externalId", "e-2"), 0); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.PatchGroup(ctx, g.ID, []patch.Operation{op(t, patch.Remove, `members[value eq "`+ann+`"]`, nil)}, 0); err != nil {
		t.Fatal(err)
	}
	if err := svc.DeleteGroup(ctx, g.ID, 0); err != nil {
		t.Fatal(err)
	}

	events, err := svc.RecentAudit(ctx, 50)
	if err != nil {
		t.Fatal(err)
	}
	var got []account.AuditEvent
	for _, e := range events {
		if e.TargetID == g.ID {
			got = append(got, e)
		}
	}
	slices.Reverse(got)
	ext := func(s string) *string { return &s }
	state := func(name string, externalID *string) string {
		return account.GroupState{DisplayName: name, ExternalID: externalID}.Encode()
	}
	want := []struct {
		action, before, after, detail string
	}{
		{"group.create", "", state("Eng", ext("e-1")), ""},
		{"group.members.add", "", "", ann},
		{"group.update", state("Eng", nil), state("Engineering", nil), ""},
		{"group.update", state("Engineering", ext("e-1")), state("Engineering", ext("e-2")), ""},
		{"group.members.remove", "", "", ann},
		{"group.delete", state("Engineering", ext("e-2")), "", ""},
	}
	if len(got) != len(want) {
		t.Fatalf("%d events for the group, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		e := got[i]
		if e.Action != w.action || !sameState(e.BeforeState, w.before) || !sameState(e.AfterState, w.after) || !strings.Contains(e.Detail, w.detail) {
			t.Errorf("event %d: %s %q → %q (%s), want %s %q → %q (detail naming %q)",
				i, e.Action, e.BeforeState, e.AfterState, e.Detail, w.action, w.before, w.after, w.detail)
		}
		if e.TargetKind != "group" || e.TargetName == "" {
			t.Errorf("event %d: target %q %q", i, e.TargetKind, e.TargetName)
		}
	}
}

// sameState compares audit states, group states by content.
func sameState(got, want string) bool {
	g, ok1 := account.ParseGroupState(got)
	w, ok2 := account.ParseGroupState(want)
	if ok1 && ok2 {
		return g.Encode() == w.Encode()
	}
	return got == want
}

// newestAudit is the newest audit event.
func newestAudit(t testing.TB, svc account.Service) account.AuditEvent {
	t.Helper()
	events, err := svc.RecentAudit(t.Context(), 1)
	if err != nil || len(events) != 1 {
		t.Fatalf("RecentAudit(1) = %v, %v", events, err)
	}
	return events[0]
}
