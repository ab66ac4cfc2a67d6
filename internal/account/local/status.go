package local

import (
	"context"

	"github.com/scimbridge/scimbridge/internal/account"
	"github.com/scimbridge/scimbridge/internal/account/store"
)

// Summary describes the account as this integration sees it.
func (s *provisioning) Summary(ctx context.Context) (account.Summary, error) {
	ctx, err := s.begin(ctx)
	if err != nil {
		return account.Summary{}, err
	}
	var sum account.Summary
	if sum.Account, err = s.a.store.GetAccount(ctx); err != nil {
		return sum, err
	}
	c, err := s.a.credential(ctx, s.credentialID)
	if err != nil {
		return sum, err
	}
	c.Salt, c.Verifier = nil, nil
	sum.Integration = c
	if sum.People, err = s.a.store.CountPeople(ctx, store.ScopeProvisioning); err != nil {
		return sum, err
	}
	sum.Groups, err = s.a.store.CountGroups(ctx, store.ScopeProvisioning)
	return sum, err
}

// RecentAudit returns the newest audit events.
func (s *provisioning) RecentAudit(ctx context.Context, limit int) ([]account.AuditEvent, error) {
	ctx, err := s.begin(ctx)
	if err != nil {
		return nil, err
	}
	return s.a.store.ListAudit(ctx, store.AuditQuery{Limit: min(max(limit, 1), 500)})
}
