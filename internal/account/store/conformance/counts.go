package conformance

import (
	"testing"

	"github.com/scimbridge/scimbridge/internal/account"
	"github.com/scimbridge/scimbridge/internal/account/store"
)

func testCounts(t *testing.T, s store.Store) {
	ctx := t.Context()
	loadFixture(t, s)
	all, err := s.CountPeople(ctx, store.ScopeAll)
	if err != nil {
		t.Fatal(err)
	}
	prov, err := s.CountPeople(ctx, store.ScopeProvisioning)
	if err != nil {
		t.Fatal(err)
	}
	if all[account.StateSuspended] != 2 || all[account.StateInvited] != 1 || all[account.StateActive] != 9 || prov[account.StateInvited] != 0 || prov[account.StateActive] != 9 {
		t.Fatalf("CountPeople: all %v, provisioning %v", all, prov)
	}
	if n, err := s.CountGroups(ctx, store.ScopeAll); err != nil || n != 4 {
		t.Fatalf("CountGroups(all) = %d, %v", n, err)
	}
	if n, err := s.CountGroups(ctx, store.ScopeProvisioning); err != nil || n != 3 {
		t.Fatalf("CountGroups(provisioning) = %d, %v", n, err)
	}
}
