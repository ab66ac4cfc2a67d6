package servicetest

import (
	"testing"

	"github.com/scimbridge/scimbridge/internal/account"
	"github.com/scimbridge/scimbridge/internal/scim/patch"
)

// testConfirmPending checks the confirmation watcher's call: everyone who
// accepted becomes active, in batches; nobody else changes.
func testConfirmPending(t *testing.T, svc account.Service, fx Fixture) {
	if fx == nil {
		t.Skip("needs a Fixture to accept invitations")
	}
	ctx := t.Context()
	a := createPerson(t, svc, user("confirm-a@example.com"))
	b := createPerson(t, svc, user("confirm-b@example.com"))
	c := createPerson(t, svc, user("confirm-c@example.com"))
	d := createPerson(t, svc, user("confirm-d@example.com"))
	fx.AcceptInvitation(t, a.ID)
	fx.AcceptInvitation(t, b.ID)
	fx.AcceptInvitation(t, d.ID)
	// d accepted, then was suspended: suspension wins until restored.
	if _, err := svc.PatchPerson(ctx, d.ID, []patch.Operation{op(t, patch.Replace, "active", false)}, 0); err != nil {
		t.Fatal(err)
	}

	n, more, err := svc.ConfirmPending(ctx, 1)
	if err != nil || n != 1 || !more {
		t.Fatalf("first batch: %d confirmed, more=%v, %v; want 1, true", n, more, err)
	}
	n, more, err = svc.ConfirmPending(ctx, 10)
	if err != nil || n != 1 || more {
		t.Fatalf("second batch: %d confirmed, more=%v, %v; want 1, false", n, more, err)
	}
	if n, more, err := svc.ConfirmPending(ctx, 10); err != nil || n != 0 || more {
		t.Fatalf("nothing left: %d, %v, %v", n, more, err)
	}
	for _, tc := range []struct {
		id   string
		want account.State
	}{{a.ID, account.StateActive}, {b.ID, account.StateActive}, {c.ID, account.StateInvited}, {d.ID, account.StateSuspended}} {
		if p := getPerson(t, svc, tc.id); p.State != tc.want {
			t.Errorf("%s is %s, want %s", p.UserName, p.State, tc.want)
		}
	}
	// Restored, d goes back to awaiting confirmation, and is then confirmed.
	if _, err := svc.PatchPerson(ctx, d.ID, []patch.Operation{op(t, patch.Replace, "active", true)}, 0); err != nil {
		t.Fatal(err)
	}
	if p := getPerson(t, svc, d.ID); p.State != account.StateAwaitingConfirmation {
		t.Fatalf("restored to %s", p.State)
	}
	if n, _, err := svc.ConfirmPending(ctx, 10); err != nil || n != 1 {
		t.Fatalf("after restore: %d, %v", n, err)
	}
}
