package conformance

import (
	"bytes"
	"slices"
	"testing"
	"time"

	"github.com/scimbridge/scimbridge/internal/account"
	"github.com/scimbridge/scimbridge/internal/account/store"
)

func testCredentials(t *testing.T, s store.Store) {
	ctx := t.Context()
	owner := account.Credential{ID: "c-owner", Kind: account.CredentialOwner, Name: "Owner", Salt: []byte{1, 2, 3}, Verifier: []byte{0, 255, 7}, Created: epoch.Add(5)}
	integ := account.Credential{ID: "c-int", Kind: account.CredentialIntegration, Name: "Provisioning integration", Salt: []byte("salt"), Verifier: bytes.Repeat([]byte{0xAB}, 32), Created: epoch.Add(time.Second)}
	mustTx(t, s, func(tx store.Tx) error {
		if err := tx.CreateCredential(ctx, integ); err != nil {
			return err
		}
		return tx.CreateCredential(ctx, owner)
	})
	err := txErr(t, s, func(tx store.Tx) error { return tx.CreateCredential(ctx, owner) })
	wantKind(t, err, account.ErrAlreadyExists, "CreateCredential twice")

	sameCred := func(got, want account.Credential) {
		t.Helper()
		if got.ID != want.ID || got.Kind != want.Kind || got.Name != want.Name || !bytes.Equal(got.Salt, want.Salt) ||
			!bytes.Equal(got.Verifier, want.Verifier) || got.ProvisionManager != want.ProvisionManager || !got.Created.Equal(us(want.Created)) ||
			(got.Revoked == nil) != (want.Revoked == nil) || (got.Revoked != nil && !got.Revoked.Equal(us(*want.Revoked))) {
			t.Errorf("credential:\n got %+v\nwant %+v", got, want)
		}
	}
	got, err := s.GetCredential(ctx, "c-int")
	if err != nil {
		t.Fatal(err)
	}
	sameCred(got, integ)
	_, err = s.GetCredential(ctx, "nope")
	wantKind(t, err, account.ErrNotFound, "GetCredential(nope)")

	mustTx(t, s, func(tx store.Tx) error { return tx.SetProvisionManager(ctx, "c-int", true) })
	integ.ProvisionManager = true
	got, _ = s.GetCredential(ctx, "c-int")
	sameCred(got, integ)

	revoked := epoch.Add(time.Hour + 1)
	mustTx(t, s, func(tx store.Tx) error { return tx.RevokeCredential(ctx, "c-int", revoked) })
	integ.Revoked = &revoked
	got, _ = s.GetCredential(ctx, "c-int")
	sameCred(got, integ)
	// Revoking again keeps the first time.
	mustTx(t, s, func(tx store.Tx) error { return tx.RevokeCredential(ctx, "c-int", revoked.Add(time.Hour)) })
	got, _ = s.GetCredential(ctx, "c-int")
	sameCred(got, integ)

	err = txErr(t, s, func(tx store.Tx) error { return tx.RevokeCredential(ctx, "nope", revoked) })
	wantKind(t, err, account.ErrNotFound, "RevokeCredential(nope)")
	err = txErr(t, s, func(tx store.Tx) error { return tx.SetProvisionManager(ctx, "nope", true) })
	wantKind(t, err, account.ErrNotFound, "SetProvisionManager(nope)")

	list, err := s.ListCredentials(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 {
		t.Fatalf("ListCredentials = %d credentials, want 2", len(list))
	}
	sameCred(list[0], owner) // oldest first
	sameCred(list[1], integ)
}

func testInvitations(t *testing.T, s store.Store) {
	ctx := t.Context()
	createPeople(t, s, simplePerson("p-1", "one", epoch), simplePerson("p-2", "two", epoch))
	first := account.Invitation{PersonID: "p-1", Email: "one@example.com", TokenHash: []byte("hash-1"), Link: "https://example.com/i/1",
		Created: epoch.Add(3), Expires: epoch.Add(72 * time.Hour)}
	mustTx(t, s, func(tx store.Tx) error { return tx.CreateInvitation(ctx, first) })
	same := func(got, want account.Invitation) {
		t.Helper()
		if got.PersonID != want.PersonID || got.Email != want.Email || !bytes.Equal(got.TokenHash, want.TokenHash) || got.Link != want.Link ||
			!got.Created.Equal(us(want.Created)) || !got.Expires.Equal(us(want.Expires)) ||
			(got.Accepted == nil) != (want.Accepted == nil) || (got.Accepted != nil && !got.Accepted.Equal(us(*want.Accepted))) {
			t.Errorf("invitation:\n got %+v\nwant %+v", got, want)
		}
	}
	got, err := s.GetInvitation(ctx, "p-1")
	if err != nil {
		t.Fatal(err)
	}
	same(got, first)

	// A new invitation replaces the last, and its token alone works.
	second := first
	second.TokenHash, second.Link, second.Created = []byte("hash-2"), "https://example.com/i/2", epoch.Add(time.Hour)
	mustTx(t, s, func(tx store.Tx) error { return tx.CreateInvitation(ctx, second) })
	got, err = s.GetInvitation(ctx, "p-1")
	if err != nil {
		t.Fatal(err)
	}
	same(got, second)
	got, err = s.GetInvitationByToken(ctx, []byte("hash-2"))
	if err != nil {
		t.Fatal(err)
	}
	same(got, second)
	_, err = s.GetInvitationByToken(ctx, []byte("hash-1"))
	wantKind(t, err, account.ErrNotFound, "GetInvitationByToken(replaced token)")
	_, err = s.GetInvitation(ctx, "p-2")
	wantKind(t, err, account.ErrNotFound, "GetInvitation(p-2)")

	accepted := epoch.Add(2*time.Hour + 5)
	mustTx(t, s, func(tx store.Tx) error { return tx.AcceptInvitation(ctx, "p-1", accepted) })
	second.Accepted = &accepted
	got, _ = s.GetInvitation(ctx, "p-1")
	same(got, second)
	err = txErr(t, s, func(tx store.Tx) error { return tx.AcceptInvitation(ctx, "p-2", accepted) })
	wantKind(t, err, account.ErrNotFound, "AcceptInvitation(p-2)")

	err = txErr(t, s, func(tx store.Tx) error {
		inv := first
		inv.PersonID = "ghost"
		return tx.CreateInvitation(ctx, inv)
	})
	wantKind(t, err, account.ErrNotFound, "CreateInvitation for a missing person")

	// The invitation goes with the person.
	mustTx(t, s, func(tx store.Tx) error { return tx.DeletePerson(ctx, "p-1") })
	_, err = s.GetInvitationByToken(ctx, []byte("hash-2"))
	wantKind(t, err, account.ErrNotFound, "GetInvitationByToken after DeletePerson")
}

func testAudit(t *testing.T, s store.Store) {
	ctx := t.Context()
	if events, err := s.ListAudit(ctx, store.AuditQuery{}); err != nil || len(events) != 0 {
		t.Fatalf("ListAudit on an empty store = %v, %v", events, err)
	}
	var want []account.AuditEvent
	mustTx(t, s, func(tx store.Tx) error {
		for i := range 120 {
			e := account.AuditEvent{
				Time:        epoch.Add(time.Duration(i)*time.Minute + 1),
				Actor:       account.Actor{Kind: account.ActorIntegration, ID: "c-int", RequestID: "req-" + string(rune('a'+i%26)), Provider: "Okta"},
				Action:      "person.invite",
				TargetKind:  "person",
				TargetID:    []string{"p-1", "p-2", "p-3"}[i%3],
				TargetName:  "someone@example.com",
				BeforeState: "", AfterState: "invited",
				Detail: "invited",
			}
			if err := tx.AppendAudit(ctx, e); err != nil {
				return err
			}
			want = append(want, e)
		}
		return nil
	})
	slices.Reverse(want) // newest first

	check := func(q store.AuditQuery, want []account.AuditEvent) {
		t.Helper()
		got, err := s.ListAudit(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(want) {
			t.Fatalf("ListAudit(%+v) = %d events, want %d", q, len(got), len(want))
		}
		for i := range got {
			g, w := got[i], want[i]
			if g.ID == 0 || !g.Time.Equal(us(w.Time)) || g.Actor != w.Actor || g.Action != w.Action || g.TargetKind != w.TargetKind ||
				g.TargetID != w.TargetID || g.TargetName != w.TargetName || g.BeforeState != w.BeforeState || g.AfterState != w.AfterState || g.Detail != w.Detail {
				t.Fatalf("ListAudit(%+v)[%d] =\n %+v\nwant %+v", q, i, g, w)
			}
			if i > 0 && g.ID >= got[i-1].ID {
				t.Errorf("ListAudit(%+v): ids not descending: %d after %d", q, g.ID, got[i-1].ID)
			}
		}
	}
	check(store.AuditQuery{}, want[:100]) // 100 by default
	check(store.AuditQuery{Limit: 5}, want[:5])
	check(store.AuditQuery{Limit: 500}, want)
	check(store.AuditQuery{Since: want[9].Time}, want[:10])          // at or after Since
	check(store.AuditQuery{Since: want[9].Time.Add(-1)}, want[:10])  // times are truncated to microseconds
	check(store.AuditQuery{Since: epoch.Add(1000 * time.Hour)}, nil) // nothing that recent
	var p2 []account.AuditEvent
	for _, e := range want {
		if e.TargetID == "p-2" {
			p2 = append(p2, e)
		}
	}
	check(store.AuditQuery{TargetID: "p-2", Limit: 1000}, p2)
	check(store.AuditQuery{TargetID: "p-2", Since: p2[2].Time, Limit: 2}, p2[:2])
}
