package servicetest

import (
	"testing"

	"github.com/scimbridge/scimbridge/internal/account"
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
