package local_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/scimbridge/scimbridge/internal/account"
	"github.com/scimbridge/scimbridge/internal/account/local"
	"github.com/scimbridge/scimbridge/internal/account/servicetest"
	"github.com/scimbridge/scimbridge/internal/mail"
	"github.com/scimbridge/scimbridge/internal/mail/mailtest"
	"github.com/scimbridge/scimbridge/internal/scim/patch"
)

// token is the secret part of an invitation link.
func token(link string) string { return link[strings.LastIndexByte(link, '/')+1:] }

func invitationOf(t *testing.T, l *servicetest.Local, id string) account.Invitation {
	t.Helper()
	v, err := l.Account.Person(t.Context(), id)
	if err != nil || v.Invitation == nil {
		t.Fatalf("no invitation for %s: %v", id, err)
	}
	return *v.Invitation
}

func setActive(t *testing.T, svc account.Service, id string, active bool) account.Person {
	t.Helper()
	op, err := patch.NewOperation(patch.Replace, "active", active, true)
	if err != nil {
		t.Fatal(err)
	}
	p, err := svc.PatchPerson(t.Context(), id, []patch.Operation{op}, 0)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestInvitationLink follows the link: its token accepts once, and a
// replaced link stops working.
func TestInvitationLink(t *testing.T) {
	ctx := t.Context()
	l := servicetest.NewLocal(t, servicetest.OpenSQLite(t), local.Options{InviteBaseURL: "https://team.example.com/"})
	svc := l.Service(t)
	p, err := svc.CreatePerson(ctx, map[string]any{"userName": "link@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	inv := invitationOf(t, l, p.ID)
	if !strings.HasPrefix(inv.Link, "https://team.example.com/invitations/") || len(token(inv.Link)) < 40 {
		t.Fatalf("link %q", inv.Link)
	}
	if _, _, err := l.Account.InvitationByToken(ctx, "not-the-token"); !errors.Is(err, account.ErrNotFound) {
		t.Fatalf("a wrong token: %v", err)
	}
	got, err := l.Account.AcceptInvitationToken(ctx, token(inv.Link))
	if err != nil || got.State != account.StateAwaitingConfirmation {
		t.Fatalf("accepting by link: %s, %v", got.State, err)
	}
	if _, err := l.Account.AcceptInvitationToken(ctx, token(inv.Link)); !errors.Is(err, account.ErrInvalidTransition) {
		t.Fatalf("the link worked twice: %v", err)
	}
}

// TestReinvitation: provisioning someone again, or restoring them after
// their invitation lapsed, sends a new invitation; the old link dies.
func TestReinvitation(t *testing.T) {
	ctx := t.Context()
	clk := newClock()
	l := servicetest.NewLocal(t, servicetest.OpenSQLite(t), local.Options{Now: clk.Now, InviteTTL: 24 * time.Hour})
	svc := l.Service(t)
	p, err := svc.CreatePerson(ctx, map[string]any{"userName": "late@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	first := invitationOf(t, l, p.ID)

	// Deleted by the provider, then assigned again: the same person, a new
	// invitation.
	if err := svc.DeletePerson(ctx, p.ID, 0); err != nil {
		t.Fatal(err)
	}
	clk.Add(48 * time.Hour)
	again, err := svc.CreatePerson(ctx, map[string]any{"userName": "LATE@example.com"})
	if err != nil || again.ID != p.ID || again.State != account.StateInvited || !again.Provisioned {
		t.Fatalf("re-provisioned: %+v, %v", again, err)
	}
	second := invitationOf(t, l, p.ID)
	if second.Link == first.Link || !second.Expires.After(first.Expires) {
		t.Fatalf("no new invitation: %v / %v", first, second)
	}
	if _, err := l.Account.AcceptInvitationToken(ctx, token(first.Link)); !errors.Is(err, account.ErrNotFound) {
		t.Fatalf("the replaced link still works: %v", err)
	}

	// Deactivated and reactivated after the invitation lapsed: a new one.
	setActive(t, svc, p.ID, false)
	clk.Add(48 * time.Hour)
	if restored := setActive(t, svc, p.ID, true); restored.State != account.StateInvited {
		t.Fatalf("restored to %s", restored.State)
	}
	third := invitationOf(t, l, p.ID)
	if third.Link == second.Link || !clk.Now().Before(third.Expires) {
		t.Fatalf("no fresh invitation after reactivation")
	}
	// Reactivated while the invitation is still valid: it is kept.
	setActive(t, svc, p.ID, false)
	setActive(t, svc, p.ID, true)
	if invitationOf(t, l, p.ID).Link != third.Link {
		t.Fatal("a valid invitation was replaced")
	}
	if _, err := l.Account.AcceptInvitationToken(ctx, token(third.Link)); err != nil {
		t.Fatal(err)
	}
}

// TestInvitationsMailed sends invitations through SMTP when a mailer is
// configured, after the change committed.
func TestInvitationsMailed(t *testing.T) {
	srv := mailtest.Start(t)
	m, err := mail.New(srv.URL())
	if err != nil {
		t.Fatal(err)
	}
	l := servicetest.NewLocal(t, servicetest.OpenSQLite(t), local.Options{Mailer: m, InviteBaseURL: "https://team.example.com"})
	svc := l.Service(t)
	p, err := svc.CreatePerson(t.Context(), map[string]any{"userName": "mailme", "emails": []any{map[string]any{"value": "mailme@example.com", "primary": true}}})
	if err != nil {
		t.Fatal(err)
	}
	l.Account.Close() // waits for the mail to go out
	msgs := srv.Messages()
	if len(msgs) != 1 || msgs[0].To[0] != "mailme@example.com" {
		t.Fatalf("messages: %+v", msgs)
	}
	if link := invitationOf(t, l, p.ID).Link; !strings.Contains(msgs[0].Data, link) || !strings.Contains(msgs[0].Data, "Test account") {
		t.Fatalf("the message lacks the link or the account:\n%s", msgs[0].Data)
	}
	// A refused create mails nothing.
	if _, err := svc.CreatePerson(t.Context(), map[string]any{"userName": "MAILME"}); !errors.Is(err, account.ErrAlreadyExists) {
		t.Fatal(err)
	}
	l.Account.Close()
	if n := len(srv.Messages()); n != 1 {
		t.Fatalf("%d messages after a refused create", n)
	}
}
