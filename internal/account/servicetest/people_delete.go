package servicetest

import (
	"reflect"
	"testing"

	"github.com/scimbridge/scimbridge/internal/account"
	"github.com/scimbridge/scimbridge/internal/scim/patch"
)

func testDeletePerson(t *testing.T, svc account.Service, _ Fixture) {
	ctx := t.Context()
	p := createPerson(t, svc, user("ivan@example.com"))
	keep := createPerson(t, svc, user("judy@example.com"))
	g := createGroup(t, svc, group("Deleters", []string{p.ID, keep.ID}))

	if err := svc.DeletePerson(ctx, p.ID, 0); err != nil {
		t.Fatalf("DeletePerson: %v", err)
	}
	_, err := svc.GetPerson(ctx, p.ID)
	wantErr(t, "GetPerson after delete", err, account.ErrNotFound)
	_, err = svc.PatchPerson(ctx, p.ID, []patch.Operation{op(t, patch.Replace, "displayName", "x")}, 0)
	wantErr(t, "PatchPerson after delete", err, account.ErrNotFound)
	_, err = svc.ReplacePerson(ctx, p.ID, user("ivan@example.com"), 0)
	wantErr(t, "ReplacePerson after delete", err, account.ErrNotFound)
	wantErr(t, "DeletePerson twice", svc.DeletePerson(ctx, p.ID, 0), account.ErrNotFound)

	people, total, err := svc.ListPeople(ctx, account.Query{Count: 10})
	if err != nil || total != 1 || !reflect.DeepEqual(ids(people), []string{keep.ID}) {
		t.Errorf("ListPeople after delete: %v (total %d), %v; want only %s", ids(people), total, err, keep.ID)
	}
	_, total, err = svc.ListPeople(ctx, account.Query{Filter: parseFilter(t, `userName eq "ivan@example.com"`), Count: 10})
	if err != nil || total != 0 {
		t.Errorf("ListPeople by the deleted userName: total %d, %v", total, err)
	}
	if got := memberIDs(members(t, svc, g.ID)); !reflect.DeepEqual(got, []string{keep.ID}) {
		t.Errorf("Members after delete = %v, want only %s: provisioning no longer sees %s", got, keep.ID, p.ID)
	}
}

func testDeletePersonReprovision(t *testing.T, svc account.Service, _ Fixture) {
	ctx := t.Context()
	p := createPerson(t, svc, user("kim@example.com", "displayName", "Kim"))
	if err := svc.DeletePerson(ctx, p.ID, 0); err != nil {
		t.Fatalf("DeletePerson: %v", err)
	}
	again, err := svc.CreatePerson(ctx, user("KIM@example.com", "displayName", "Kim Again"))
	if err != nil {
		t.Fatalf("CreatePerson after delete: %v", err)
	}
	if again.ID != p.ID {
		t.Errorf("provisioned again as %s, want the same person %s", again.ID, p.ID)
	}
	if !again.Provisioned || !again.Active() || again.State != account.StateInvited || again.DisplayName != "Kim Again" || again.UserName != "KIM@example.com" {
		t.Errorf("provisioned again: %+v; want provisioned, invited, with the new attributes", again)
	}
	if again.Version <= p.Version {
		t.Errorf("version %d, want more than %d", again.Version, p.Version)
	}
	if d := diff(getPerson(t, svc, p.ID), again); d != "" {
		t.Errorf("GetPerson differs from CreatePerson's answer: %s", d)
	}
	_, err = svc.CreatePerson(ctx, user("kim@example.com"))
	wantErr(t, "CreatePerson a third time", err, account.ErrAlreadyExists)
}

func testOwners(t *testing.T, svc account.Service, fx Fixture) {
	if fx == nil {
		t.Skip("needs a Fixture")
	}
	ctx := t.Context()
	p := createPerson(t, svc, user("owner@example.com"))
	fx.MakeOwner(t, p.ID)

	_, err := svc.PatchPerson(ctx, p.ID, []patch.Operation{op(t, patch.Replace, "active", false)}, 0)
	wantErr(t, "suspending an owner by PATCH", err, account.ErrProtected)
	_, err = svc.ReplacePerson(ctx, p.ID, user("owner@example.com", "active", false), 0)
	wantErr(t, "suspending an owner by PUT", err, account.ErrProtected)
	wantErr(t, "deleting an owner", svc.DeletePerson(ctx, p.ID, 0), account.ErrProtected)
	if d := diff(getPerson(t, svc, p.ID), p); d != "" {
		t.Fatalf("refused changes changed the owner: %s", d)
	}
	// Other changes to an owner are provisioning's to make.
	if _, err := svc.PatchPerson(ctx, p.ID, []patch.Operation{op(t, patch.Replace, "displayName", "The Owner")}, 0); err != nil {
		t.Errorf("renaming an owner: %v", err)
	}
}
