package local

import (
	"context"

	"github.com/scimbridge/scimbridge/internal/account"
	"github.com/scimbridge/scimbridge/internal/account/store"
	"github.com/scimbridge/scimbridge/internal/scim"
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

// Blobs are the bridge's own state (its TLS certificates); writing them is
// not a change to people or groups, so it is not audited.

func (s *provisioning) GetBlob(ctx context.Context, key string) (account.Blob, error) {
	ctx, err := s.begin(ctx)
	if err != nil {
		return account.Blob{}, err
	}
	if err := checkBlobKey(key); err != nil {
		return account.Blob{}, err
	}
	return s.a.store.GetBlob(ctx, key)
}

func (s *provisioning) PutBlob(ctx context.Context, key string, value []byte) error {
	ctx, err := s.begin(ctx)
	if err != nil {
		return err
	}
	if err := checkBlobKey(key); err != nil {
		return err
	}
	if len(value) > account.MaxBlobSize {
		return scim.BadRequest(scim.ErrInvalidValue, "a blob may be at most %d bytes", account.MaxBlobSize)
	}
	return s.a.tx(ctx, func(tx store.Tx) error {
		return tx.PutBlob(ctx, account.Blob{Key: key, Value: value, Modified: s.a.now()})
	})
}

func (s *provisioning) DeleteBlob(ctx context.Context, key string) error {
	ctx, err := s.begin(ctx)
	if err != nil {
		return err
	}
	if err := checkBlobKey(key); err != nil {
		return err
	}
	return s.a.tx(ctx, func(tx store.Tx) error { return tx.DeleteBlob(ctx, key) })
}

func (s *provisioning) ListBlobs(ctx context.Context, prefix string) ([]account.BlobInfo, error) {
	ctx, err := s.begin(ctx)
	if err != nil {
		return nil, err
	}
	if len(prefix) > 1024 {
		return nil, scim.BadRequest(scim.ErrInvalidValue, "a blob key prefix may be at most 1024 bytes")
	}
	return s.a.store.ListBlobs(ctx, prefix)
}

func checkBlobKey(key string) error {
	if key == "" || len(key) > 1024 {
		return scim.BadRequest(scim.ErrInvalidValue, "a blob key is 1 to 1024 characters")
	}
	for _, r := range key {
		if r < ' ' || r == 0x7f {
			return scim.BadRequest(scim.ErrInvalidValue, "a blob key must be printable")
		}
	}
	return nil
}
