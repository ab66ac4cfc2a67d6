package servicetest

import (
	"bytes"
	"errors"
	"testing"

	"github.com/scimbridge/scimbridge/internal/account"
	"github.com/scimbridge/scimbridge/internal/scim"
)

// testSummary checks the status page's view of the account.
func testSummary(t *testing.T, svc account.Service, _ Fixture) {
	ctx := t.Context()
	a := createPerson(t, svc, user("sum-a@example.com"))
	createPerson(t, svc, user("sum-b@example.com", "active", false))
	createGroup(t, svc, group("Summary group", []string{a.ID}))
	sum, err := svc.Summary(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Account.ID == "" || sum.Integration.ID == "" || sum.Integration.Name == "" || sum.Integration.Created.IsZero() {
		t.Errorf("Summary account/integration = %+v / %+v", sum.Account, sum.Integration)
	}
	if len(sum.Integration.Salt)+len(sum.Integration.Verifier) != 0 {
		t.Error("the summary carries the credential's verifier")
	}
	if sum.People[account.StateInvited] != 1 || sum.People[account.StateSuspended] != 1 || sum.Groups != 1 {
		t.Errorf("Summary people %v groups %d", sum.People, sum.Groups)
	}
	events, err := svc.RecentAudit(ctx, 2)
	if err != nil || len(events) != 2 {
		t.Fatalf("RecentAudit(2) = %d events, %v", len(events), err)
	}
	if events[0].Action != "group.members.add" || events[0].Time.Before(events[1].Time) || events[0].Actor.Kind != account.ActorIntegration {
		t.Errorf("RecentAudit = %+v", events)
	}
}

// testBlobs checks the bridge's own storage in the account.
func testBlobs(t *testing.T, svc account.Service, _ Fixture) {
	ctx := t.Context()
	if _, err := svc.GetBlob(ctx, "certmagic/x"); !errors.Is(err, account.ErrNotFound) {
		t.Fatalf("GetBlob(missing) = %v", err)
	}
	value := []byte{0, 1, 2, 0xff, '\n'}
	for _, k := range []string{"certmagic/certificates/a/a.crt", "certmagic/certificates/a/a.key", "other"} {
		if err := svc.PutBlob(ctx, k, value); err != nil {
			t.Fatalf("PutBlob(%s): %v", k, err)
		}
	}
	if err := svc.PutBlob(ctx, "certmagic/certificates/a/a.crt", append(value, 'x')); err != nil {
		t.Fatal(err)
	}
	b, err := svc.GetBlob(ctx, "certmagic/certificates/a/a.crt")
	if err != nil || !bytes.Equal(b.Value, append(value, 'x')) || b.Modified.IsZero() {
		t.Fatalf("GetBlob = %+v, %v", b, err)
	}
	list, err := svc.ListBlobs(ctx, "certmagic/")
	if err != nil || len(list) != 2 || list[0].Key != "certmagic/certificates/a/a.crt" || list[0].Size != 6 {
		t.Fatalf("ListBlobs = %+v, %v", list, err)
	}
	if err := svc.DeleteBlob(ctx, "other"); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.GetBlob(ctx, "other"); !errors.Is(err, account.ErrNotFound) {
		t.Fatalf("a deleted blob: %v", err)
	}
	for _, bad := range []string{"", "a\nb"} {
		if err := svc.PutBlob(ctx, bad, value); err == nil {
			t.Errorf("PutBlob(%q) succeeded", bad)
		}
	}
	err = svc.PutBlob(ctx, "big", make([]byte, account.MaxBlobSize+1))
	if e, ok := scim.AsError(err); !ok || e.Status != 400 && e.Status != 413 {
		t.Errorf("an oversized blob: %v", err)
	}
}
