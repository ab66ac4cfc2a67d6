package local

import (
	"context"
	"errors"

	"github.com/scimbridge/scimbridge/internal/account"
	"github.com/scimbridge/scimbridge/internal/account/store"
	"github.com/scimbridge/scimbridge/internal/credentials"
)

// Init creates the account: its record, the built-in groups and the owner
// credential, whose API key it returns (shown once, never stored). With an
// owner email the owner also becomes an active person in the Owners group.
func (a *Account) Init(ctx context.Context, name, ownerEmail string) (ownerKey string, err error) {
	now := a.now()
	err = a.tx(ctx, func(tx store.Tx) error {
		info := account.Info{ID: account.NewID(), Name: name, Created: now}
		if err := tx.CreateAccount(ctx, info); err != nil {
			return err
		}
		builtin := []struct {
			kind account.GroupKind
			name string
		}{
			{account.KindOwners, "Owners"},
			{account.KindAdministrators, "Administrators"},
			{account.KindProvisionManagers, "Provision Managers"},
		}
		var owners account.Group
		for _, b := range builtin {
			g := account.Group{
				ID: account.NewID(), Kind: b.kind, Attributes: map[string]any{"displayName": b.name},
				Created: now, Modified: now, Version: 1,
			}
			g.Derive()
			if err := tx.CreateGroup(ctx, g); err != nil {
				return err
			}
			if b.kind == account.KindOwners {
				owners = g
			}
		}
		var key string
		var cerr error
		if key, cerr = a.createCredential(ctx, tx, account.CredentialOwner, "Owner"); cerr != nil {
			return cerr
		}
		ownerKey = key
		if err := a.audit(ctx, tx, account.AuditEvent{Action: "account.create", TargetKind: "account", TargetID: info.ID, TargetName: name}); err != nil {
			return err
		}
		if ownerEmail == "" {
			return nil
		}
		p := account.Person{
			ID: account.NewID(), Attributes: map[string]any{"userName": ownerEmail, "emails": []any{map[string]any{"value": ownerEmail, "primary": true}}},
			State: account.StateActive, Created: now, Modified: now, Version: 1,
		}
		p.Schemas = []string{"urn:ietf:params:scim:schemas:core:2.0:User"}
		p.Derive()
		if err := tx.CreatePerson(ctx, p); err != nil {
			return err
		}
		if _, err := tx.AddMembers(ctx, owners.ID, []account.Member{{PersonID: p.ID}}); err != nil {
			return err
		}
		return a.audit(ctx, tx, personEvent("person.create_owner", p, "", "the account's owner"))
	})
	return ownerKey, err
}

// CreateIntegration creates a provisioning integration credential, puts it
// in the Provision Managers group, and returns its API key (shown once).
func (a *Account) CreateIntegration(ctx context.Context, name string) (credentialID, key string, err error) {
	err = a.tx(ctx, func(tx store.Tx) error {
		k, err := a.createCredential(ctx, tx, account.CredentialIntegration, name)
		if err != nil {
			return err
		}
		credentialID, _, err = credentials.ParseAPIKey(k)
		if err != nil {
			return err
		}
		if err := tx.SetProvisionManager(ctx, credentialID, true); err != nil {
			return err
		}
		key = k
		pm, err := tx.GetGroupByKind(ctx, account.KindProvisionManagers)
		if err != nil {
			return err
		}
		return a.audit(ctx, tx, groupEvent("group.members.add", pm, "integration "+credentialID))
	})
	return credentialID, key, err
}

func (a *Account) createCredential(ctx context.Context, tx store.Tx, kind account.CredentialKind, name string) (string, error) {
	id := account.NewID()
	key, salt, verifier, err := credentials.NewAPIKey(id)
	if err != nil {
		return "", err
	}
	c := account.Credential{ID: id, Kind: kind, Name: name, Salt: salt, Verifier: verifier, Created: a.now()}
	if err := tx.CreateCredential(ctx, c); err != nil {
		return "", err
	}
	return key, a.audit(ctx, tx, account.AuditEvent{Action: "credential.create", TargetKind: "credential", TargetID: id, TargetName: name, Detail: string(kind)})
}

// RevokeCredential revokes a credential; it stops working at once for new
// connections and within a couple of seconds for provisioning sessions.
func (a *Account) RevokeCredential(ctx context.Context, id string) error {
	err := a.tx(ctx, func(tx store.Tx) error {
		c, err := tx.GetCredential(ctx, id)
		if err != nil {
			return err
		}
		if c.Revoked != nil {
			return nil
		}
		if err := tx.RevokeCredential(ctx, id, a.now()); err != nil {
			return err
		}
		return a.audit(ctx, tx, account.AuditEvent{Action: "credential.revoke", TargetKind: "credential", TargetID: id, TargetName: c.Name, Detail: string(c.Kind)})
	})
	a.credMu.Lock()
	delete(a.credCache, id)
	a.credMu.Unlock()
	return err
}

// Authenticate checks an API key and returns its credential; it fails with
// ErrUnauthorized for unknown, wrong and revoked keys alike, so a caller
// learns nothing about which.
func (a *Account) Authenticate(ctx context.Context, key string) (account.Credential, error) {
	id, secret, err := credentials.ParseAPIKey(key)
	if err != nil {
		return account.Credential{}, unauthorized()
	}
	c, err := a.credential(ctx, id)
	if err != nil {
		if errors.Is(err, account.ErrNotFound) {
			return account.Credential{}, unauthorized()
		}
		return account.Credential{}, err
	}
	if !credentials.CheckAPIKey(secret, c.Salt, c.Verifier) || c.Revoked != nil {
		return account.Credential{}, unauthorized()
	}
	return c, nil
}

// credential reads a credential, through a short-lived cache.
func (a *Account) credential(ctx context.Context, id string) (account.Credential, error) {
	now := a.opts.Now()
	a.credMu.Lock()
	e, ok := a.credCache[id]
	a.credMu.Unlock()
	if ok && now.Sub(e.checked) < credTTL {
		return e.cred, nil
	}
	c, err := a.store.GetCredential(ctx, id)
	if err != nil {
		return account.Credential{}, err
	}
	a.credMu.Lock()
	if len(a.credCache) > 1024 {
		clear(a.credCache)
	}
	a.credCache[id] = credEntry{cred: c, checked: now}
	a.credMu.Unlock()
	return c, nil
}

// Provisioning returns the account as the integration with this API key
// sees it. The key is checked again on every call (through the cache), so
// revoking it takes effect within seconds.
func (a *Account) Provisioning(ctx context.Context, key string) (account.Service, error) {
	c, err := a.Authenticate(ctx, key)
	if err != nil {
		return nil, err
	}
	if c.Kind != account.CredentialIntegration || !c.ProvisionManager {
		return nil, account.Errorf(account.ErrForbidden, "only an integration in the Provision Managers group may provision")
	}
	return &provisioning{a: a, key: key, credentialID: c.ID}, nil
}

func unauthorized() error {
	return account.Errorf(account.ErrUnauthorized, "the credential is unknown, wrong or revoked")
}
