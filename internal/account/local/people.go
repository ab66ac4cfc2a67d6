package local

import (
	"context"
	"reflect"

	"github.com/scimbridge/scimbridge/internal/account"
	"github.com/scimbridge/scimbridge/internal/account/store"
	"github.com/scimbridge/scimbridge/internal/scim"
	"github.com/scimbridge/scimbridge/internal/scim/patch"
	"github.com/scimbridge/scimbridge/internal/scim/schema"
)

// provisioning is the account as one integration sees it: it implements
// account.Service.
type provisioning struct {
	a            *Account
	key          string
	credentialID string
}

var _ account.Service = (*provisioning)(nil)

// begin checks the integration is still allowed to provision and puts it
// in the context as the actor of any change.
func (s *provisioning) begin(ctx context.Context) (context.Context, error) {
	c, err := s.a.credential(ctx, s.credentialID)
	if err != nil {
		if isNotFound(err) {
			return nil, unauthorized()
		}
		return nil, err
	}
	if c.Revoked != nil {
		return nil, unauthorized()
	}
	if !c.ProvisionManager {
		return nil, account.Errorf(account.ErrForbidden, "the integration is no longer in the Provision Managers group")
	}
	actor := account.ActorFrom(ctx)
	actor.Kind, actor.ID = account.ActorIntegration, c.ID
	return account.WithActor(ctx, actor), nil
}

func (s *provisioning) Info(ctx context.Context) (account.Info, error) {
	ctx, err := s.begin(ctx)
	if err != nil {
		return account.Info{}, err
	}
	return s.a.Info(ctx)
}

// personDoc splits a normalised person document into the attributes the
// account keeps and the "active" flag (nil when absent). Passwords are
// never kept: the account does not use them.
func personDoc(norm map[string]any) (map[string]any, *bool) {
	var active *bool
	if v, ok := norm["active"].(bool); ok {
		active = &v
	}
	delete(norm, "active")
	delete(norm, "password")
	return norm, active
}

// changePasswordError refuses a PUT or PATCH that sets a password. The
// account keeps no passwords (a person chooses their own when accepting the
// invitation), so changing one is not supported, as ServiceProviderConfig
// says (changePassword.supported false, RFC 7643 §5); answering success
// would tell the client a password changed when it did not. A password
// given when creating a person (Okta sends a placeholder) is an initial
// password, not a change, and is accepted and dropped.
func changePasswordError() error {
	return scim.BadRequest(scim.ErrMutability, "password cannot be changed: this service provider does not support changing passwords "+
		"(ServiceProviderConfig changePassword.supported is false); people choose their own when they accept their invitation")
}

func (s *provisioning) CreatePerson(ctx context.Context, doc map[string]any) (account.Person, error) {
	ctx, err := s.begin(ctx)
	if err != nil {
		return account.Person{}, err
	}
	norm, err := schema.Users.Normalize(doc)
	if err != nil {
		return account.Person{}, err
	}
	attrs, active := personDoc(norm)
	var out account.Person
	var inv *account.Invitation
	err = s.a.tx(ctx, func(tx store.Tx) error {
		inv = nil
		existing, err := tx.GetPersonByUserName(ctx, attrs["userName"].(string))
		switch {
		case err == nil && existing.Provisioned:
			return account.Errorf(account.ErrAlreadyExists, "userName %q is already taken", existing.UserName)
		case err == nil:
			out, inv, err = s.a.reprovision(ctx, tx, existing.ID, attrs, active)
			return err
		case !isNotFound(err):
			return err
		}
		now := s.a.now()
		p := account.Person{
			ID: account.NewID(), Attributes: attrs, Schemas: schema.Users.SchemasFor(attrs),
			State: account.StateInvited, Provisioned: true, Created: now, Modified: now, Version: 1,
		}
		p.Derive()
		if active != nil && !*active {
			_ = p.Transition(account.EventSuspend)
		}
		if err := tx.CreatePerson(ctx, p); err != nil {
			return err
		}
		created, err := s.a.invite(ctx, tx, p)
		if err != nil {
			return err
		}
		out, inv = p, &created
		return s.a.audit(ctx, tx, personEvent("person.invite", p, "", "invited "+p.Email))
	})
	if err == nil && inv != nil {
		s.a.deliver(ctx, out, *inv)
	}
	return out, err
}

// reprovision brings back a person provisioning had removed from its view:
// same id, the new attributes, restored from suspension unless the provider
// says inactive. Someone who had not accepted their invitation yet gets a
// new one (the old may have expired).
func (a *Account) reprovision(ctx context.Context, tx store.Tx, id string, attrs map[string]any, active *bool) (account.Person, *account.Invitation, error) {
	p, err := tx.LockPerson(ctx, id)
	if err != nil {
		return account.Person{}, nil, err
	}
	before := p.State
	p.Attributes, p.Schemas, p.Provisioned = attrs, schema.Users.SchemasFor(attrs), true
	p.Derive()
	if active == nil || *active {
		p.SetActive(true)
	}
	p.Version++
	p.Modified = a.now()
	if err := tx.UpdatePerson(ctx, p); err != nil {
		return account.Person{}, nil, err
	}
	if err := a.audit(ctx, tx, personEvent("person.reprovision", p, before, "provisioned again")); err != nil {
		return account.Person{}, nil, err
	}
	if p.State != account.StateInvited {
		return p, nil, nil
	}
	inv, err := a.invite(ctx, tx, p)
	if err != nil {
		return account.Person{}, nil, err
	}
	return p, &inv, a.audit(ctx, tx, personEvent("person.reinvite", p, p.State, "a new invitation to "+p.Email))
}

func (s *provisioning) GetPerson(ctx context.Context, id string) (account.Person, error) {
	ctx, err := s.begin(ctx)
	if err != nil {
		return account.Person{}, err
	}
	p, err := s.a.store.GetPerson(ctx, id)
	if err == nil && !p.Provisioned {
		err = notFound("person", id)
	}
	if isNotFound(err) {
		err = notFound("person", id)
	}
	return p, err
}

func (s *provisioning) ReplacePerson(ctx context.Context, id string, doc map[string]any, ifVersion int64) (account.Person, error) {
	ctx, err := s.begin(ctx)
	if err != nil {
		return account.Person{}, err
	}
	norm, err := schema.Users.Normalize(doc)
	if err != nil {
		return account.Person{}, err
	}
	return s.a.updatePerson(ctx, id, ifVersion, func(account.Person) (map[string]any, error) { return norm, nil })
}

func (s *provisioning) PatchPerson(ctx context.Context, id string, ops []patch.Operation, ifVersion int64) (account.Person, error) {
	ctx, err := s.begin(ctx)
	if err != nil {
		return account.Person{}, err
	}
	return s.a.updatePerson(ctx, id, ifVersion, func(p account.Person) (map[string]any, error) {
		doc := make(map[string]any, len(p.Attributes)+1)
		for k, v := range p.Attributes {
			doc[k] = v
		}
		doc["active"] = p.Active()
		return patch.Apply(schema.Users, doc, ops)
	})
}

// updatePerson changes a provisioned person in one transaction: change
// computes the new SCIM document (which may hold "active") from the locked
// current person. Nothing is written when nothing changed.
func (a *Account) updatePerson(ctx context.Context, id string, ifVersion int64, change func(account.Person) (map[string]any, error)) (account.Person, error) {
	var out account.Person
	var inv *account.Invitation
	err := a.tx(ctx, func(tx store.Tx) error {
		inv = nil
		p, err := tx.LockPerson(ctx, id)
		if isNotFound(err) || (err == nil && !p.Provisioned) {
			return notFound("person", id)
		}
		if err != nil {
			return err
		}
		if err := checkVersion("person", p.Version, ifVersion); err != nil {
			return err
		}
		doc, err := change(p)
		if err != nil {
			return err
		}
		if _, ok := doc["password"]; ok {
			return changePasswordError()
		}
		attrs, active := personDoc(doc)
		before := p
		p.Attributes, p.Schemas = attrs, schema.Users.SchemasFor(attrs)
		p.Derive()
		var event account.Event
		if active != nil {
			event = p.SetActive(*active)
		}
		if event == account.EventSuspend {
			if err := a.refuseOwner(ctx, tx, p, "suspend"); err != nil {
				return err
			}
		}
		attrsChanged := !reflect.DeepEqual(before.Attributes, p.Attributes)
		if !attrsChanged && event == "" {
			out = before
			return nil
		}
		p.Version++
		p.Modified = a.now()
		if err := tx.UpdatePerson(ctx, p); err != nil {
			return err
		}
		out = p
		if attrsChanged {
			if err := a.audit(ctx, tx, personEvent("person.update", p, before.State, "")); err != nil {
				return err
			}
		}
		if event == "" {
			return nil
		}
		if err := a.audit(ctx, tx, personEvent("person."+string(event), p, before.State, "")); err != nil {
			return err
		}
		if event == account.EventRestore && p.State == account.StateInvited {
			inv, err = a.reinviteIfLapsed(ctx, tx, p)
		}
		return err
	})
	if err == nil && inv != nil {
		a.deliver(ctx, out, *inv)
	}
	return out, err
}

// reinviteIfLapsed gives a person restored to "invited" a new invitation
// when theirs has expired (or is missing): reactivating someone in the
// identity provider is how an administrator re-sends an invitation.
func (a *Account) reinviteIfLapsed(ctx context.Context, tx store.Tx, p account.Person) (*account.Invitation, error) {
	old, err := tx.GetInvitation(ctx, p.ID)
	if err == nil && old.Accepted == nil && a.now().Before(old.Expires) {
		return nil, nil
	}
	if err != nil && !isNotFound(err) {
		return nil, err
	}
	inv, err := a.invite(ctx, tx, p)
	if err != nil {
		return nil, err
	}
	return &inv, a.audit(ctx, tx, personEvent("person.reinvite", p, p.State, "the invitation had lapsed; a new one to "+p.Email))
}

// refuseOwner protects the account's owners from provisioning.
func (a *Account) refuseOwner(ctx context.Context, tx store.Tx, p account.Person, what string) error {
	owners, err := tx.GetGroupByKind(ctx, account.KindOwners)
	if err != nil {
		return err
	}
	in, err := tx.MembersAmong(ctx, owners.ID, []string{p.ID})
	if err != nil {
		return err
	}
	if len(in) > 0 {
		return account.Errorf(account.ErrProtected, "%s is an owner of the account; provisioning cannot %s an owner", p.UserName, what)
	}
	return nil
}

func (s *provisioning) DeletePerson(ctx context.Context, id string, ifVersion int64) error {
	ctx, err := s.begin(ctx)
	if err != nil {
		return err
	}
	return s.a.tx(ctx, func(tx store.Tx) error {
		p, err := tx.LockPerson(ctx, id)
		if isNotFound(err) || (err == nil && !p.Provisioned) {
			return notFound("person", id)
		}
		if err != nil {
			return err
		}
		if err := checkVersion("person", p.Version, ifVersion); err != nil {
			return err
		}
		if err := s.a.refuseOwner(ctx, tx, p, "delete"); err != nil {
			return err
		}
		before := p.State
		if s.a.opts.DeletePolicy == account.DeleteDeletes {
			if err := tx.DeletePerson(ctx, id); err != nil {
				return err
			}
			return s.a.audit(ctx, tx, personEvent("person.delete", p, before, "deleted by provisioning"))
		}
		p.SetActive(false)
		p.Provisioned = false
		p.Version++
		p.Modified = s.a.now()
		if err := tx.UpdatePerson(ctx, p); err != nil {
			return err
		}
		return s.a.audit(ctx, tx, personEvent("person.deprovision", p, before, "suspended and removed from provisioning"))
	})
}

func (s *provisioning) ListPeople(ctx context.Context, q account.Query) ([]account.Person, int, error) {
	ctx, err := s.begin(ctx)
	if err != nil {
		return nil, 0, err
	}
	return s.a.store.ListPeople(ctx, storeQuery(store.ScopeProvisioning, q))
}

func (s *provisioning) GroupsOf(ctx context.Context, personIDs []string) (map[string][]account.GroupRef, error) {
	ctx, err := s.begin(ctx)
	if err != nil {
		return nil, err
	}
	return s.a.store.GroupsOf(ctx, personIDs, store.ScopeProvisioning)
}

func storeQuery(scope store.Scope, q account.Query) store.Query {
	return store.Query{Scope: scope, Filter: q.Filter, StartIndex: q.StartIndex, Count: q.Count, SortBy: q.SortBy, Descending: q.Descending}
}
